// Workforce and allocation: small hand-checked cases, and statistical checks
// of turnover against the configured rate.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "caseflow/model/cases.h"
#include "caseflow/model/module.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/workforce.h"
#include "caseflow/model/workforce_config.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! A pathway with a CIN and a CP state held by one team, no demand, and an
//! opening caseload from a case-level extract (children never grow up).
struct Fixture {
  std::string workforce;
  std::string csv;
  std::string durations = "{dist: fixed, value: 20}";
  double contacts_per_year = 0;
  double years = 0.25;

  std::string yaml() const {
    return "scenario: {name: wf, start_date: 2021-01-01}\n"
           "simulation: {years: " + std::to_string(years) + ", seed: 9}\n"
           "calendar: {bank_holidays: none}\n"
           "demand: {contacts_per_year: " + std::to_string(contacts_per_year) + "}\n"
           "children: {entry_age_years: {dist: fixed, value: 0}}\n"
           "pathway:\n"
           "  entry: contact\n  referral: cin\n  assessment: cin\n"
           "  states:\n"
           "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: cin, probability: 0.9}, {to: cp, probability: 0.1}]}\n"
           "    cin: {category: cin, duration: " + durations + ", transitions: [{to: closure, probability: 1}]}\n"
           "    cp: {category: cp, duration: " + durations + ", transitions: [{to: closure, probability: 1}]}\n"
           "    closure: {category: exit}\n"
           "warm_start: {cases_csv: cases.csv}\n"
           "workforce:\n" + workforce;
  }

  Model model(bool invariants = true) const {
    ModelOptions options;
    options.check_invariants = invariants;
    const std::string extract = "state,children,days_in_state,ages\n" + csv;
    return Model(parse_scenario(yaml(), "wf.yaml", {}, [extract](const std::string&) { return extract; }), options);
  }
};

std::string one_team(const std::string& workers, double cap, const std::string& extra = "") {
  return "  grades: {sw: {}, asye: {caseload_cap: 1, newly_qualified: true}, agency: {agency: true}}\n"
         "  teams: {t: {holds: [cin, cp], caseload_cap: " + std::to_string(cap) + ", workers: " + workers + ", managers: 1}}\n" + extra;
}

//! Permanent leavers and worker-years (FTE in post mid-month: the mean of
//! the two month ends) over the first `replications` replications.
std::pair<double, double> leavers_and_worker_years(const Model& model, std::uint64_t replications) {
  double leavers = 0, worker_years = 0;
  for (std::uint64_t r = 0; r < replications; ++r) {
    const auto table = model.run(r).table;
    for (int m = 1; m <= model.months(); ++m) {
      leavers += metric(table, model, static_cast<std::size_t>(m), "sw_leavers");
      worker_years += (metric(table, model, static_cast<std::size_t>(m - 1), "sw_fte") +
                       metric(table, model, static_cast<std::size_t>(m), "sw_fte")) / 2 / 12;
    }
  }
  return {leavers, worker_years};
}

//! The mean of independent values (one a replication) and its standard error.
std::pair<double, double> mean_and_error(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  double mean = 0, sum_sq = 0;
  for (const double x : values) mean += x / n;
  for (const double x : values) sum_sq += (x - mean) * (x - mean);
  return {mean, std::sqrt(sum_sq / (n - 1) / n)};
}

//! Seven one-child CIN cases that stay put, for a team given by `workforce`.
Fixture seven_cin_cases(std::string workforce) {
  Fixture f;
  f.workforce = std::move(workforce);
  f.durations = "{dist: fixed, value: 1000}";
  for (int i = 0; i < 7; ++i) f.csv += "cin,1,0,1\n";
  return f;
}

}  // namespace

// A worker's list of cases lives in their record up to kCasesInline; one
// that went to the heap comes back once it is short again (release does
// this at kCasesBackInline), keeping its order.
TEST(WorkerCaseList, AListThatWentToTheHeapComesBackIntoTheRecordInOrder) {
  using namespace caseflow::model;
  WorkerCaseList list;
  const auto in_record = [&list] {
    const auto* data = reinterpret_cast<const char*>(list.data());
    const auto* record = reinterpret_cast<const char*>(&list);
    return data >= record && data < record + sizeof list;
  };
  for (std::uint32_t i = 0; i < kCasesInline; ++i) list.push_back(7 * i);
  EXPECT_TRUE(in_record());
  for (std::uint32_t i = kCasesInline; i < 40; ++i) list.push_back(7 * i);
  EXPECT_FALSE(in_record());
  move_into_record(list);  // too long: left where it is
  ASSERT_EQ(list.size(), 40u);
  EXPECT_FALSE(in_record());
  while (list.size() > kCasesBackInline) list.pop_back();
  EXPECT_FALSE(in_record()) << "Boost keeps the heap buffer as a list shrinks";
  move_into_record(list);
  EXPECT_TRUE(in_record());
  ASSERT_EQ(list.size(), kCasesBackInline);
  for (std::uint32_t i = 0; i < kCasesBackInline; ++i) EXPECT_EQ(list[i], 7 * i) << i;
}

// Least weighted caseload first, ties to the earliest worker: five children
// over three workers with cap 2 load them 2, 2, 1; a sixth and seventh queue.
TEST(Allocation, LeastLoadedUnderTheCapThenQueue) {
  const Fixture f = seven_cin_cases(one_team("{sw: 3}", 2));
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "caseload_mean"), 2);
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 1);
  EXPECT_EQ(metric(table, model, 0, "caseload_share_over_cap"), 0);
  EXPECT_EQ(metric(table, model, 0, "caseload_excess_mean"), 0);
  EXPECT_EQ(metric(table, model, 0, "open_cin"), 7);
}

TEST(Allocation, OverCapWhenTheScenarioAllowsIt) {
  const Fixture f = seven_cin_cases(one_team("{sw: 3}", 2, "  allocation: {when_full: over_cap}\n"));
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 0);
  EXPECT_NEAR(metric(table, model, 0, "caseload_mean"), 7.0 / 3, 1e-12);
  EXPECT_NEAR(metric(table, model, 0, "caseload_share_over_cap"), 1.0 / 3, 1e-12);  // loads 3, 2, 2
  EXPECT_NEAR(metric(table, model, 0, "caseload_excess_mean"), 1.0 / 3, 1e-12);     // one child over, among three
  EXPECT_EQ(metric(table, model, 0, "caseload_p90"), 2.8);                          // type 7 on {2, 2, 3}
}

// A newly qualified worker's own cap (1) binds below the team's (2).
TEST(Allocation, GradeCapBindsBelowTheTeamCap) {
  Fixture f;
  f.workforce = one_team("{asye: 1, sw: 1}", 2);
  f.durations = "{dist: fixed, value: 1000}";
  for (int i = 0; i < 4; ++i) f.csv += "cin,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "asye_caseload_mean"), 1);
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 1);
}

// One worker with cap 1: a CIN case holds them for 20 days while a CIN and
// then a CP case queue. CP is served first although it queued later; each
// piece of work takes 20 days from allocation.
TEST(Allocation, QueueServesChildProtectionFirst) {
  Fixture f;
  f.workforce = one_team("{sw: 1}", 1);
  f.csv = "cin,1,0,1\ncin,1,0,1\ncp,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 2);
  EXPECT_EQ(metric(table, model, 0, "unallocated_cp"), 1);
  // Day 31: the first CIN case closed at day 20, the CP case has the worker.
  EXPECT_EQ(metric(table, model, 1, "unallocated_total"), 1);
  EXPECT_EQ(metric(table, model, 1, "unallocated_cp"), 0);
  EXPECT_EQ(metric(table, model, 1, "open_cp"), 1);
  // Day 59: CP closed at day 40; the second CIN case runs from 40 to 60.
  EXPECT_EQ(metric(table, model, 2, "open_cp"), 0);
  EXPECT_EQ(metric(table, model, 2, "open_cin"), 1);
  EXPECT_EQ(metric(table, model, 2, "unallocated_total"), 0);
  // Waits: CP 20 days (allocated in January), CIN 40 days (February).
  EXPECT_EQ(metric(table, model, 1, "unallocated_wait_days_mean"), 20.0 / 2);  // with the closing case's own 0
  EXPECT_EQ(metric(table, model, 2, "unallocated_wait_days_mean"), 40.0);
}

// A locum leaves after 10 days: their two children pass to the remaining
// worker (two changes of worker), and nobody is allocated twice.
TEST(Allocation, ChildrenAreReallocatedWhenAWorkerLeaves) {
  Fixture f;
  f.workforce = one_team("{sw: 1, agency: 1}", 10,
                         "  turnover: {agency_tenure: {dist: fixed, value: 10}}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 1000}, agency_lag: {dist: fixed, value: 1000}}\n");
  f.durations = "{dist: fixed, value: 1000}";
  f.csv = "cin,1,0,1\ncin,1,0,1\ncin,1,0,1\ncin,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "sw_fte"), 2);
  EXPECT_EQ(metric(table, model, 0, "sw_agency_share"), 0.5);
  // The opening locum has served part of a fixed 10-day tenure, so is gone by day 31.
  EXPECT_EQ(metric(table, model, 1, "sw_fte"), 1);
  EXPECT_EQ(metric(table, model, 1, "sw_agency_ends"), 1);
  EXPECT_EQ(metric(table, model, 1, "worker_changes"), 2);
  EXPECT_EQ(metric(table, model, 1, "caseload_mean"), 4);
  EXPECT_EQ(metric(table, model, 1, "sw_vacancies"), 1);
}

// Workers beyond 8 per manager cannot take cases when the scenario says so.
TEST(Allocation, SpanLimitMakesExtraWorkersUndeployable) {
  Fixture f;
  f.durations = "{dist: fixed, value: 1000}";
  for (int i = 0; i < 20; ++i) f.csv += "cin,1,0,1\n";
  f.workforce = one_team("{sw: 10}", 2, "  supervision: {span_limit: 8, excess: undeployable}\n");
  const Model undeployable = f.model();
  const auto u = undeployable.run(0).table;
  EXPECT_EQ(metric(u, undeployable, 0, "unallocated_total"), 4);  // 8 workers x 2
  EXPECT_EQ(metric(u, undeployable, 0, "supervision_coverage"), 0.8);
  f.workforce = one_team("{sw: 10}", 2, "  supervision: {span_limit: 8, excess: reduced_supervision}\n");
  const Model reduced = f.model();
  const auto r = reduced.run(0).table;
  EXPECT_EQ(metric(r, reduced, 0, "unallocated_total"), 0);
  EXPECT_EQ(metric(r, reduced, 0, "supervision_coverage"), 0.8);
}

// With no feedback, permanent staff leave at the configured yearly rate:
// leavers / worker-years = 0.12 within 4 Poisson standard errors.
TEST(Workforce, TurnoverMatchesTheConfiguredRate) {
  Fixture f;
  f.years = 5;
  f.workforce = one_team("{sw: 200}", 20,
                         "  turnover: {annual_rate: 0.12}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 30}}\n");
  const Model model = f.model(false);
  const auto [leavers, worker_years] = leavers_and_worker_years(model, 10);
  EXPECT_GT(leavers, 1000);
  EXPECT_NEAR(leavers / worker_years, 0.12, 4 * std::sqrt(leavers) / worker_years);
}

// Missed supervision raises turnover by its formula: 80 workers and 5
// managers with a span of 8 leave half the team beyond the span, so with an
// elasticity of 1 the yearly rate 0.2 becomes 0.2 x (1 + 1 x 0.5) = 0.3.
// Leavers are replaced the next day, so the team stays at about 80; within
// 4 Poisson standard errors over 10 five-year replications.
TEST(Workforce, MissedSupervisionRaisesTurnoverByItsElasticity) {
  Fixture f;
  f.years = 5;
  f.csv = "cin,1,0,1\n";
  f.workforce = "  grades: {sw: {}}\n"
                "  teams: {t: {holds: [cin, cp], caseload_cap: 20, workers: {sw: 80}, managers: 5}}\n"
                "  supervision: {span_limit: 8, excess: reduced_supervision}\n"
                "  turnover: {annual_rate: 0.2, caseload_elasticity: 0, supervision_elasticity: 1}\n"
                "  recruitment: {time_to_hire: {dist: fixed, value: 1}}\n";
  const Model model = f.model(false);
  const auto [leavers, worker_years] = leavers_and_worker_years(model, 10);
  EXPECT_NEAR(leavers / worker_years, 0.3, 4 * std::sqrt(leavers) / worker_years);
}

// The feedback presets set both elasticities to the evidence's values, a
// number given wins over the preset, and a rate observed at some overload
// gives the base rate without the feedbacks' effect there.
TEST(WorkforceConfig, FeedbackPresetsAndTheObservedRate) {
  const auto turnover = [](const std::string& section) {
    Fixture f;
    f.csv = "cin,1,0,1\n";
    f.workforce = one_team("{sw: 1}", 10, section);
    const Model model = f.model();
    const WorkforceConfig& w = *model.scenario().workforce;
    return std::array<double, 3>{w.annual_turnover, w.caseload_elasticity, w.supervision_elasticity};
  };
  EXPECT_EQ(turnover("  turnover: {annual_rate: 0.12, feedback: low}\n"), (std::array<double, 3>{0.12, 0, 0}));
  EXPECT_EQ(turnover("  turnover: {annual_rate: 0.12, feedback: central}\n"), (std::array<double, 3>{0.12, 0.3, 0.3}));
  EXPECT_EQ(turnover("  turnover: {annual_rate: 0.12, feedback: high, supervision_elasticity: 0.5}\n"), (std::array<double, 3>{0.12, 1.0, 0.5}));
  const auto observed = turnover("  turnover: {annual_rate: 0.12, feedback: central, observed_at: {excess: 0.5, unsupervised: 0.2}}\n");
  EXPECT_DOUBLE_EQ(observed[0], 0.12 / (1.15 * 1.06));
  EXPECT_DOUBLE_EQ(turnover("  turnover: {annual_rate: 0.12, feedback: low, observed_at: {excess: 0.5, unsupervised: 0.2}}\n")[0], 0.12);
  // Drift: looked-after children only in the evidence; the preset sets the elasticity.
  Fixture f;
  f.csv = "cin,1,0,1\n";
  f.workforce = one_team("{sw: 1}", 10, "  practice_drift: {feedback: high, categories: [cp], observed_at: {excess: 0.3}}\n");
  const Model model = f.model();
  const WorkforceConfig& w = *model.scenario().workforce;
  EXPECT_EQ(w.drift_elasticity, 0.45);
  EXPECT_EQ(w.drift_observed_excess, 0.3);
  EXPECT_TRUE(w.drift_categories[static_cast<std::size_t>(Category::cp)]);
  EXPECT_FALSE(w.drift_categories[static_cast<std::size_t>(Category::cin)]);
}

// Caseload over the cap raises turnover by its formula: 100 workers with a
// cap of 10 hold 2,000 children who stay, nobody is hired, so every worker is
// over the cap all along and the mean excess is the mean caseload / 10 - 1.
// Each month's departures are drawn at its start with the hazard 0.3 x (1 +
// 1 x excess) a year, so the month's expected leavers are N x (1 -
// exp(-hazard / 12)) from the month-start headcount and caseload; their sum
// over a year matches the leavers within 4 Poisson standard errors, and is
// about twice what no feedback would give.
TEST(Workforce, CaseloadOverTheCapRaisesTurnoverByItsElasticity) {
  Fixture f;
  f.years = 1;
  for (int i = 0; i < 2000; ++i) f.csv += "cin,1,0,1\n";
  f.durations = "{dist: fixed, value: 5000}";
  f.workforce = one_team("{sw: 100}", 10,
                         "  allocation: {when_full: over_cap}\n"
                         "  turnover: {annual_rate: 0.3, caseload_elasticity: 1, supervision_elasticity: 0}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 100, unit: years}, agency_share_cap: 0}\n");
  const Model model = f.model(false);
  double leavers = 0, expected = 0, without_feedback = 0;
  for (std::uint64_t r = 0; r < 10; ++r) {
    const auto table = model.run(r).table;
    for (int m = 1; m <= model.months(); ++m) {
      const double n = metric(table, model, m - 1, "sw_headcount");
      const double excess = metric(table, model, m - 1, "caseload_mean") / 10 - 1;
      ASSERT_GT(excess, 0);
      leavers += metric(table, model, m, "sw_leavers");
      expected += n * (1 - std::exp(-0.3 * (1 + excess) / 12));
      without_feedback += n * (1 - std::exp(-0.3 / 12));
    }
  }
  EXPECT_NEAR(leavers, expected, 4 * std::sqrt(expected));
  EXPECT_GT(leavers, 1.5 * without_feedback);
}

// Practice drift lengthens the durations drawn in its categories only: one
// worker with a cap of 1 holds three children already (an excess of at
// least 2), and new CIN and CP cases last 20 days. Without drift the CIN
// cases arriving in January's first ten days close in January; with an
// elasticity of 1 on CIN every new one lasts at least 20 x 3 = 60 days, so
// none closes in January; with the drift on CP only, CIN is untouched.
TEST(Workforce, PracticeDriftLengthensItsCategoriesOnly) {
  const auto run = [](const std::string& drift) {
    Fixture f;
    f.contacts_per_year = 3650;  // about 10 a day, 9 of them to CIN
    f.durations = "{dist: fixed, value: 20}";
    f.csv = "cp,1,0,1\ncp,1,0,1\ncp,1,0,1\n";
    f.workforce = one_team("{sw: 1}", 1, "  allocation: {when_full: over_cap}\n" + drift);
    const Model model = f.model();
    return model.run(0).table;
  };
  const auto none = run("");
  const auto on_cin = run("  practice_drift: {duration_elasticity: 1, categories: [cin]}\n");
  const auto on_cp = run("  practice_drift: {duration_elasticity: 1, categories: [cp]}\n");
  Fixture shape;
  shape.csv = "cp,1,0,1\n";
  shape.workforce = one_team("{sw: 1}", 1);
  const Model model = shape.model();
  // Without drift the CIN cases of January's first ten days or so have closed by its end.
  EXPECT_LT(metric(none, model, 1, "open_cin"), metric(none, model, 1, "entries_cin") - 50);
  EXPECT_EQ(metric(on_cin, model, 1, "open_cin"), metric(on_cin, model, 1, "entries_cin"));
  EXPECT_EQ(metric(on_cp, model, 1, "open_cin"), metric(none, model, 1, "open_cin"));
  EXPECT_GT(metric(on_cp, model, 1, "open_cp"), metric(none, model, 1, "open_cp"));  // CP cases stay longer instead
}

// Locums fill vacancies only up to the agency cap (a share of funded posts).
TEST(Workforce, AgencyShareNeverExceedsItsCap) {
  Fixture f;
  f.years = 3;
  f.contacts_per_year = 2000;
  f.durations = "{dist: exponential, mean: 60}";
  f.workforce = one_team("{sw: 40}", 20,
                         "  turnover: {annual_rate: 0.6, agency_tenure: {dist: exponential, mean: 3, unit: months}}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 180}, agency_lag: {dist: fixed, value: 7}, agency_share_cap: 0.2}\n");
  const Model model = f.model();
  double most = 0;
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto table = model.run(r).table;
    for (int m = 0; m <= model.months(); ++m) {
      const double agency = metric(table, model, m, "sw_agency_share") * metric(table, model, m, "sw_fte");
      const double share_of_posts = agency / metric(table, model, m, "sw_posts");
      EXPECT_LE(share_of_posts, 0.2 + 1e-12) << "month " << m;
      most = std::max(most, share_of_posts);
    }
  }
  EXPECT_GT(most, 0.15) << "the cap should bind in this scenario";
}

// Caps are never exceeded when the scenario queues, under heavy load, with
// turnover, sickness and re-allocation (the invariant checks throw if they are).
TEST(Workforce, CapsHoldUnderLoad) {
  Fixture f;
  f.years = 2;
  f.contacts_per_year = 6000;
  f.durations = "{dist: exponential, mean: 45}";
  f.workforce = one_team("{sw: 20, asye: 3, agency: 2}", 12,
                         "  turnover: {annual_rate: 0.3, caseload_elasticity: 1, agency_tenure: {dist: exponential, mean: 4, unit: months}}\n"
                         "  sickness: {short_days_per_fte_month: 1, long_term_per_fte_year: 0.2}\n"
                         "  recruitment: {time_to_hire: {dist: uniform, min: 30, max: 120}, agency_share_cap: 0.3}\n");
  const Model model = f.model(true);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto table = model.run(r).table;
    EXPECT_GT(metric(table, model, 24, "unallocated_total"), 0) << "the load should exceed capacity";
    EXPECT_EQ(metric(table, model, 24, "caseload_share_over_cap"), 0);
  }
}

TEST(Workforce, EstablishmentChangesAddPostsAndManagers) {
  Fixture f;
  f.years = 1;
  f.workforce = one_team("{sw: 10}", 20,
                         "  recruitment: {time_to_hire: {dist: fixed, value: 60}, agency_lag: {dist: fixed, value: 7}}\n"
                         "  establishment:\n"
                         "    - {from: 2021-03-01, team: t, grade: sw, posts: 5, fill: locum_first}\n"
                         "    - {from: 2021-03-01, team: t, managers: 2}\n");
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 2, "sw_posts"), 10);
  EXPECT_EQ(metric(table, model, 3, "sw_posts"), 15);
  EXPECT_EQ(metric(table, model, 3, "team_managers"), 3);
  EXPECT_EQ(metric(table, model, 3, "sw_fte"), 15);  // locums after 7 days
  EXPECT_NEAR(metric(table, model, 3, "sw_agency_share"), 5.0 / 15, 1e-12);
  EXPECT_EQ(metric(table, model, 5, "sw_agency_share"), 0);  // permanent staff after 60 days
}

TEST(WorkforceConfig, ErrorsNameTheKey) {
  Fixture f;
  f.csv = "cin,1,0,1\n";
  f.workforce = "  grades: {sw: {}}\n  teams: {t: {holds: [cin], caseload_cap: 10, workers: {sw: 1}, managers: 1}}\n";
  try {
    f.model();
    FAIL() << "cp is held by no team";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no team holds state 'cp'"), std::string::npos) << e.what();
  }
  f.workforce = one_team("{social_worker: 1}", 10);
  try {
    f.model();
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "workforce.teams.t.workers.social_worker");
  }
}

namespace {
//! A team of one full-caseload worker (cap 10) and one newly qualified worker
//! (cap 5) given nine long cases, balanced as `balance` says.
double junior_load(const std::string& balance) {
  Fixture f;
  f.workforce = "  grades: {sw: {}, junior: {caseload_cap: 5, newly_qualified: true}}\n"
                "  teams: {t: {holds: [cin, cp], caseload_cap: 10, workers: {sw: 1, junior: 1}, managers: 1}}\n"
                "  allocation: {balance: " + balance + "}\n";
  f.durations = "{dist: fixed, value: 1000}";
  for (int i = 0; i < 9; ++i) f.csv += "cin,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "caseload_mean"), 4.5);
  return metric(table, model, 0, "asye_caseload_mean");
}
}  // namespace

// By share of cap, ties to the earliest: sw .1, junior .2, sw .2, sw .3,
// junior .4, sw .4, sw .5, junior .6, sw .6 leaves the junior 3 of 9 (a third,
// as their cap is a third of the pair's). By count they alternate: 4 of 9.
TEST(Allocation, BalancesByShareOfCapOrByCaseload) {
  EXPECT_EQ(junior_load("share_of_cap"), 3);
  EXPECT_EQ(junior_load("caseload"), 4);
}

// Part-time staff: caps, FTE and caseload per FTE scale with their hours.
TEST(Allocation, PartTimeWorkersHaveProRataCaps) {
  const Fixture f = seven_cin_cases(one_team("{sw: 3}", 4, "  working_hours: {part_time_share: 1, part_time_fte: 0.5}\n"));
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 1);  // three caps of 2
  EXPECT_EQ(metric(table, model, 0, "sw_headcount"), 3);
  EXPECT_EQ(metric(table, model, 0, "sw_fte"), 1.5);
  EXPECT_EQ(metric(table, model, 0, "caseload_mean"), 2);
  EXPECT_EQ(metric(table, model, 0, "caseload_per_fte"), 4);
  EXPECT_EQ(metric(table, model, 0, "caseload_share_over_cap"), 0);
}

// Each permanent worker is part-time with the configured probability: the FTE
// of 400 workers over 20 replications is within 4 binomial SE of its mean.
TEST(Workforce, PartTimeShareGivesTheExpectedFte) {
  Fixture f;
  f.workforce = one_team("{sw: 400, agency: 100}", 20, "  working_hours: {part_time_share: 0.3, part_time_fte: 0.6}\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model(false);
  constexpr int kReplications = 20;
  double fte = 0;
  for (int r = 0; r < kReplications; ++r) fte += metric(model.run(static_cast<std::uint64_t>(r)).table, model, 0, "sw_fte");
  // Locums (agency) are full time; each of 400 permanent workers loses 0.4 FTE with p = 0.3.
  const double n = 400.0 * kReplications;
  const double expected = 500.0 * kReplications - 0.4 * 0.3 * n;
  const double se = 0.4 * std::sqrt(n * 0.3 * 0.7);
  EXPECT_NEAR(fte, expected, 4 * se);
}

// Annual leave in blocks: 27 working days a year in blocks of 7 calendar
// days (5 working days), so 5.4 blocks a year and a worker is away 37.8 days
// of 365.25 (10.35%) in the long run. (Blocks in working days starting on a
// weekend span fewer calendar days, so a block in days keeps the check exact.) The share on leave at month
// ends (from month 6, once the opening's nobody-away has worn off) is within
// 4 standard errors of that, the error from the spread of the replications'
// own means.
TEST(Workforce, AnnualLeaveTakesTheConfiguredShareOfTime) {
  Fixture f;
  f.years = 5;
  f.workforce = one_team("{sw: 200}", 20,
                         "  turnover: {annual_rate: 0}\n"
                         "  annual_leave: {days_per_year: 27, block: {dist: fixed, value: 7, unit: days}}\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model(false);
  constexpr int kReplications = 10;
  std::vector<double> means;
  for (int r = 0; r < kReplications; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    double share = 0;
    int months = 0;
    for (int m = 6; m <= model.months(); ++m, ++months) share += metric(table, model, m, "sw_on_leave") / metric(table, model, m, "sw_headcount");
    means.push_back(share / months);
  }
  const auto [mean, se] = mean_and_error(means);
  EXPECT_GT(se, 0.0);
  EXPECT_NEAR(mean, 27.0 * 7.0 / 5.0 / 365.25, 4 * se);
}

// Lowering the agency cap stops new engagements; it never empties a locum
// post: five locums on a team of ten, a cap of 10%, locums leaving monthly
// on average and replaced at once, and no permanent starter: every month
// end still has ten workers, five of them locums.
TEST(Workforce, ALoweredAgencyCapNeverEmptiesALocumPost) {
  Fixture f;
  f.years = 1;
  f.workforce = one_team("{sw: 5, agency: 5}", 20,
                         "  turnover: {annual_rate: 0, agency_tenure: {dist: exponential, mean: 1, unit: months}}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 100, unit: years}, agency_lag: {dist: fixed, value: 0},"
                         " agency_share_cap: 0.1}\n");
  for (int i = 0; i < 30; ++i) f.csv += "cin,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  double locums_left = 0;
  for (int m = 1; m <= model.months(); ++m) {
    EXPECT_EQ(metric(table, model, m, "sw_headcount"), 10) << m;
    EXPECT_DOUBLE_EQ(metric(table, model, m, "sw_agency_share"), 0.5) << m;
    locums_left += metric(table, model, m, "sw_agency_ends");
  }
  EXPECT_GT(locums_left, 20);  // about 60 expected: the cap had every chance to bite
}

// A campaign appoints with probability q and is otherwise run again: 100
// vacant posts (no locums), campaigns of exactly 20 days and q = 0.25, so by
// day 90 (the end of March 2021) four campaigns have ended for each post and
// 1 - 0.75^4 = 68.4% are filled. Over 20 replications the headcount is within
// 4 binomial standard errors of that.
TEST(Workforce, ACampaignThatAppointsNobodyIsRunAgain) {
  Fixture f;
  f.workforce = one_team("{sw: 0}, vacancies: {sw: 100}", 20,
                         "  turnover: {annual_rate: 0}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 20}, success_rate: 0.25, agency_share_cap: 0}\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model(false);
  constexpr int kReplications = 20;
  double filled = 0;
  for (int r = 0; r < kReplications; ++r) filled += metric(model.run(static_cast<std::uint64_t>(r)).table, model, 3, "sw_headcount");
  const double n = 100.0 * kReplications, p = 1 - std::pow(0.75, 4);
  EXPECT_NEAR(filled, n * p, 4 * std::sqrt(n * p * (1 - p)));
}

// A recruitment drive changes the terms of campaigns from its date: 100
// vacant posts, 20-day campaigns that almost never appoint (0.001) until a
// drive on 15 February 2021 (day 45) makes every one appoint. Campaigns end
// on days 20 and 40 (before it: next to nobody hired by the end of
// February), and on day 60 (after it: all 100 in post by the end of March).
TEST(Workforce, ARecruitmentDriveChangesCampaignsFromItsDate) {
  Fixture f;
  f.workforce = one_team("{sw: 0}, vacancies: {sw: 100}", 20,
                         "  turnover: {annual_rate: 0}\n"
                         "  recruitment:\n"
                         "    time_to_hire: {dist: fixed, value: 20}\n"
                         "    success_rate: 0.001\n"
                         "    agency_share_cap: 0\n"
                         "    drives: [{from: 2021-02-15, success_rate: 1}]\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model(false);
  const auto table = model.run(0).table;
  EXPECT_LE(metric(table, model, 2, "sw_headcount"), 2);
  EXPECT_EQ(metric(table, model, 3, "sw_headcount"), 100);
}

// With permanent hires replacing permanent leavers and no more, the agency
// share holds: 65 permanent staff leaving at 12% a year (7.8 a year) and 35
// locum posts filled at 0.3-year campaigns appointing with q = 0.12 x 65 /
// 35 x 0.3 (7.8 a year), a cap at the opening 35%. The share averaged over
// months 48-60 is the share over months 1-6 within 4 standard errors of the
// replications' paired differences. (With every campaign appointing, the
// share falls from 35% to about 10%, and this fails.)
TEST(Workforce, AgencyShareHoldsWhenHiresOnlyReplaceLeavers) {
  Fixture f;
  f.years = 5;
  f.workforce = one_team("{sw: 65, agency: 35}", 20,
                         "  turnover: {annual_rate: 0.12, agency_tenure: {dist: exponential, mean: 9, unit: months}}\n"
                         "  recruitment: {time_to_hire: {dist: fixed, value: 0.3, unit: years}, success_rate: 0.06686,"
                         " agency_lag: {dist: fixed, value: 14}, agency_share_cap: 0.35}\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model(false);
  constexpr int kReplications = 20;
  std::vector<double> drift;
  for (int r = 0; r < kReplications; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    const auto window = [&](int from, int to) {
      double sum = 0;
      for (int m = from; m <= to; ++m) sum += metric(table, model, m, "sw_agency_share");
      return sum / (to - from + 1);
    };
    drift.push_back(window(48, 60) - window(1, 6));
  }
  const auto [mean, se] = mean_and_error(drift);
  EXPECT_GT(se, 0.0);
  EXPECT_NEAR(mean, 0.0, 4 * se);
}

// Locality managers change by establishment entries without a team; business
// support follows funded posts at the scenario's ratio.
TEST(Workforce, LocalityManagersAndBusinessSupport) {
  Fixture f;
  f.years = 0.5;
  f.workforce = one_team("{sw: 10}", 20,
                         "  management: {locality_managers: 3, business_support_per_post: 0.1}\n"
                         "  establishment:\n"
                         "    - {from: 2021-03-01, team: t, grade: sw, posts: 10}\n"
                         "    - {from: 2021-03-01, locality_managers: 4}\n");
  f.csv = "cin,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "locality_managers"), 3);
  EXPECT_NEAR(metric(table, model, 0, "business_support"), 1.0, 1e-12);
  EXPECT_EQ(metric(table, model, 3, "locality_managers"), 7);
  EXPECT_NEAR(metric(table, model, 3, "business_support"), 2.0, 1e-12);
}

TEST(WorkforceConfig, NewSectionsNameTheKey) {
  const auto key_of_error = [](const std::string& extra) {
    Fixture f;
    f.csv = "cin,1,0,1\n";
    f.workforce = one_team("{sw: 1}", 10, extra);
    try {
      f.model();
    } catch (const ConfigError& e) {
      return e.key_path();
    }
    return std::string("no error");
  };
  EXPECT_EQ(key_of_error("  working_hours: {part_time_share: 0.2}\n"), "workforce.working_hours.part_time_share");
  EXPECT_EQ(key_of_error("  working_hours: {part_time_share: 0.2, part_time_fte: 0}\n"), "workforce.working_hours.part_time_fte");
  EXPECT_EQ(key_of_error("  allocation: {balance: fairly}\n"), "workforce.allocation.balance");
  EXPECT_EQ(key_of_error("  management: {business_support_per_post: -1}\n"), "workforce.management.business_support_per_post");
  EXPECT_EQ(key_of_error("  establishment: [{from: 2021-03-01, locality_managers: 1, posts: 2}]\n"), "workforce.establishment[0].posts");
  EXPECT_EQ(key_of_error("  recruitment: {success_rate: 0}\n"), "workforce.recruitment.success_rate");
  EXPECT_EQ(key_of_error("  recruitment: {drives: [{from: 2020-01-01, success_rate: 0.5}]}\n"), "workforce.recruitment.drives[0].from");
  EXPECT_EQ(key_of_error("  recruitment: {drives: [{from: 2021-03-01, posts: 2}]}\n"), "workforce.recruitment.drives[0].posts");
  EXPECT_EQ(key_of_error("  turnover: {feedback: medium}\n"), "workforce.turnover.feedback");
  EXPECT_EQ(key_of_error("  practice_drift: {feedback: medium}\n"), "workforce.practice_drift.feedback");
  EXPECT_EQ(key_of_error("  practice_drift: {categories: [front_door]}\n"), "workforce.practice_drift.categories[0]");
  EXPECT_EQ(key_of_error("  turnover: {observed_at: {excess: 0.4, unsupervised: 0.1}}\n"), "workforce.turnover.observed_at");
  EXPECT_EQ(key_of_error("  annual_leave: {days_per_year: 300}\n"), "workforce.annual_leave.days_per_year");
  EXPECT_EQ(key_of_error("  annual_leave: {days_per_year: 20, block: {dist: fixed, value: 0}}\n"), "workforce.annual_leave.block");
}

namespace {

//! Counts, at each month end, children past the adulthood age who are still
//! in a children's state (a state that does not hold adults).
class OverageModule : public ModelModule {
 public:
  void register_metrics(const Scenario& /*scenario*/, MetricRegistry& metrics) override {
    column_ = metrics.stock("test_children_past_adulthood", "children past the adulthood age in a children's state");
  }
  std::unique_ptr<ModuleReplication> start_replication(std::uint64_t /*index*/) const override {
    return std::make_unique<Replication>(column_);
  }

 private:
  struct Replication : ModuleReplication {
    explicit Replication(std::uint32_t c) : column(c) {}
    void record_month_end(std::size_t month, const ReplicationView& view, MonthlyTable& table) override {
      double overage = 0;
      for (const auto& c : view.cases().all())
        if (c.state != model::kOutside && !c.dormant)
          for (auto child : c.children) overage += view.cases().adulthood_time(child) < view.now() - 1e-6;
      table.at(month, column) = overage;
    }
    std::uint32_t column;
  };
  std::uint32_t column_ = 0;
};

}  // namespace

// A sibling group waiting for a worker whose eldest turns 18 leaves the rest
// waiting; each of them still leaves at 18, though nobody has taken the case.
// (Before, the rest's adulthood was scheduled against the time of the move
// that brought the group in, long past, so it never came.)
TEST(Allocation, QueuedSiblingsStillReachAdulthood) {
  Fixture f;
  f.workforce = one_team("{sw: 1}", 1);
  f.durations = "{dist: fixed, value: 1000}";
  f.csv = "cin,1,0,1\n";  // the one worker's one place, taken for the whole run
  f.contacts_per_year = 200;
  f.years = 1;
  std::string yaml = f.yaml();
  const std::string ages = "entry_age_years: {dist: fixed, value: 0}";
  yaml.replace(yaml.find(ages), ages.size(), "entry_age_years: {dist: uniform, min: 17.5, max: 18}, family_size: {dist: fixed, value: 3}");
  // A day at the front door, so that the group arrives in CIN by a timed move.
  const std::string screening = "contact: {category: front_door, duration: {dist: fixed, value: 0}";
  yaml.replace(yaml.find(screening), screening.size(), "contact: {category: front_door, duration: {dist: fixed, value: 1}");
  ModelOptions options;
  options.check_invariants = true;
  ModelModules modules;
  modules.push_back(std::make_unique<OverageModule>());
  const std::string extract = "state,children,days_in_state,ages\n" + f.csv;
  const Model model(parse_scenario(yaml, "wf.yaml", {}, [extract](const std::string&) { return extract; }), options,
                    std::move(modules));
  const auto table = model.run(0).table;
  double aged_out = 0;
  for (std::size_t m = 1; m <= 12; ++m) {
    EXPECT_EQ(metric(table, model, m, "test_children_past_adulthood"), 0) << "month " << m;
    aged_out += metric(table, model, m, "aged_out");
  }
  EXPECT_GT(aged_out, 100);  // 200 children a year, each within half a year of 18
}
