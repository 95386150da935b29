// The model against theory, and the runner's reproducibility.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "caseflow/interface/output.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/runner.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

std::string summary_csv(const Model& model, std::uint64_t replications, int threads) {
  RunOptions options;
  options.replications = replications;
  options.threads = threads;
  const RunSummary summary = run_replications(model, options);
  std::ostringstream out;
  write_summary_csv(out, model.scenario().name, model.metrics(), summary);
  return out.str();
}

}  // namespace

// Same seed, same bytes, whatever the thread count (replications are summarised
// in index order).
TEST(Runner, SummaryIsIdenticalWithOneTwoAndFourThreads) {
  const Model model(parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml",
                                   {"simulation.years=1"}));
  const std::string one = summary_csv(model, 12, 1);
  EXPECT_GT(one.size(), 1000u);
  EXPECT_EQ(one, summary_csv(model, 12, 2));
  EXPECT_EQ(one, summary_csv(model, 12, 4));
}

TEST(Runner, DifferentSeedsGiveDifferentResults) {
  const std::string text = test_support::read_source_file("configs/manchester-2016.yaml");
  const Model a(parse_scenario(text, "m.yaml", {"simulation.years=1", "simulation.seed=1"}));
  const Model b(parse_scenario(text, "m.yaml", {"simulation.years=1", "simulation.seed=2"}));
  EXPECT_NE(summary_csv(a, 2, 1), summary_csv(b, 2, 1));
}

// Children entered = children left + children open, every month; checked by
// the model's own invariant checks and here from the reported flows.
TEST(Model, ChildrenAreConservedEveryMonth) {
  ModelOptions options;
  options.check_invariants = true;
  const Model model(parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml",
                                   {"simulation.years=3"}),
                    options);
  for (std::uint64_t r = 0; r < 3; ++r) {
    const ReplicationResult result = model.run(r);
    double in_system = metric(result.table, model, 0, "in_system");
    for (int m = 1; m <= model.months(); ++m) {
      in_system += metric(result.table, model, m, "children_entered") - metric(result.table, model, m, "children_exited");
      ASSERT_EQ(in_system, metric(result.table, model, m, "in_system")) << "month " << m;
      double by_category = 0;
      for (const char* c : {"open_front_door", "open_assessment", "open_cin", "open_cp", "open_lac", "open_leaving_care"})
        by_category += metric(result.table, model, m, c);
      ASSERT_EQ(by_category, in_system);
    }
  }
}

// Little's law on one state: mean open = arrival rate x mean time in state.
// Stationary from day 0 thanks to the warm start, so every month counts.
// Tolerance: 4 standard errors of the mean across replications.
TEST(Model, LittlesLawOnOneState) {
  const double per_year = 3652.5, mean_days = 30;  // 10 a day, L = 300
  const Model model(parse_scenario(test_support::one_state_yaml(per_year, "{dist: gamma, shape: 2, scale: 15}", 300, 2), "t.yaml"));
  const int replications = 100;
  double sum = 0, sum_sq = 0;
  for (int r = 0; r < replications; ++r) {
    const ReplicationResult result = model.run(static_cast<std::uint64_t>(r));
    // Average over months of one replication: one observation per replication.
    double mean = 0;
    for (int m = 1; m <= model.months(); ++m) mean += metric(result.table, model, m, "open_cin");
    mean /= model.months();
    sum += mean;
    sum_sq += mean * mean;
  }
  const double mean = sum / replications;
  const double se = std::sqrt((sum_sq / replications - mean * mean) / (replications - 1));
  const double expected = per_year / kDaysPerYear * mean_days;
  EXPECT_NEAR(mean, expected, 4 * se) << "se " << se;
  EXPECT_GT(se, 0.0);
}

// M/G/infinity: the number open is Poisson with mean lambda E[D] whatever the
// distribution, so the variance across replications equals the mean.
TEST(Model, InfiniteServerStockIsPoisson) {
  const Model model(parse_scenario(
      test_support::one_state_yaml(3652.5, "{dist: lognormal, mean: 30, sd: 45}", 300, 1), "t.yaml"));
  const int replications = 400;
  std::vector<double> values;
  for (int r = 0; r < replications; ++r) values.push_back(metric(model.run(static_cast<std::uint64_t>(r)).table, model, 12, "open_cin"));
  double mean = 0;
  for (double v : values) mean += v;
  mean /= replications;
  double var = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  var /= replications - 1;
  EXPECT_NEAR(mean, 300, 4 * std::sqrt(300.0 / replications));
  // SE of a sample variance of a Poisson(300) sample ~ sqrt(2/(n-1)) * sigma^2.
  EXPECT_NEAR(var, 300, 4 * std::sqrt(2.0 / (replications - 1)) * 300);
}

// The warm start draws elapsed times from the stationary (length-biased)
// distribution. With a heavy-tailed duration, a naive start (fresh durations)
// would let far fewer children leave in the first month than in a stationary
// month; here the first month's exits must match the arrival rate.
TEST(Model, WarmStartIsStationary) {
  const Model model(parse_scenario(
      test_support::one_state_yaml(3652.5, "{dist: lognormal, mean: 60, sd: 120}", 600, 1), "t.yaml"));
  const int replications = 200;
  double exits = 0;
  for (int r = 0; r < replications; ++r) exits += metric(model.run(static_cast<std::uint64_t>(r)).table, model, 1, "exits_closure");
  exits /= replications;
  const double expected = 10.0 * 31;  // January: 31 days at 10 a day
  // Exits in a month of a stationary M/G/inf are Poisson: sd = sqrt(mean).
  EXPECT_NEAR(exits, expected, 4 * std::sqrt(expected / replications));
}

// Fixed durations and no demand: every count can be worked out by hand.
TEST(Model, DeterministicDurationsGiveExactCounts) {
  const std::string yaml =
      "scenario: {name: fixed, start_date: 2021-01-01}\n"
      "simulation: {years: 0.25, seed: 3}\n"
      "calendar: {bank_holidays: none}\n"
      "demand: {contacts_per_year: 0}\n"
      "children: {entry_age_years: {dist: fixed, value: 2}}\n"
      "pathway:\n"
      "  entry: a\n  referral: a\n  assessment: a\n"
      "  states:\n"
      "    a: {category: assessment, duration: {dist: fixed, value: 10}, transitions: [{to: b, probability: 1}]}\n"
      "    b: {category: cin, duration: {dist: fixed, value: 45}, transitions: [{to: closure, probability: 1}]}\n"
      "    closure: {category: exit}\n"
      "warm_start: {open_by_state: {a: 1000}}\n";
  const Model model(parse_scenario(yaml, "fixed.yaml"));
  const auto table = model.run(0).table;
  // Everyone in `a` has at most 10 days left, then 45 days in `b`: at the end
  // of January (day 31) all 1,000 are in b; by the end of February (day 59 > 55)
  // all have left.
  EXPECT_EQ(metric(table, model, 0, "open_assessment"), 1000);
  EXPECT_EQ(metric(table, model, 1, "open_assessment"), 0);
  EXPECT_EQ(metric(table, model, 1, "open_cin"), 1000);
  EXPECT_EQ(metric(table, model, 1, "assessments_completed"), 1000);
  EXPECT_EQ(metric(table, model, 1, "cin_starts"), 1000);
  EXPECT_EQ(metric(table, model, 2, "exits_closure") + metric(table, model, 1, "exits_closure"), 1000);
  EXPECT_EQ(metric(table, model, 2, "open_total"), 0);
  EXPECT_EQ(metric(table, model, 3, "contacts"), 0);
}

// Branching proportions: a chi-square test of the routes taken against the
// configured probabilities (3 degrees of freedom; 16.27 is the 0.1% point).
TEST(Model, BranchingFollowsTheConfiguredProbabilities) {
  const std::string yaml =
      "scenario: {name: branches, start_date: 2021-01-01}\n"
      "simulation: {years: 1, seed: 11}\n"
      "calendar: {bank_holidays: none}\n"
      "demand: {contacts_per_year: 20000}\n"
      "children: {entry_age_years: {dist: fixed, value: 0}}\n"
      "pathway:\n"
      "  entry: contact\n  referral: contact\n  assessment: contact\n"
      "  states:\n"
      "    contact:\n"
      "      category: front_door\n"
      "      duration: {dist: fixed, value: 0}\n"
      "      transitions: [{to: e1, probability: 0.1}, {to: e2, probability: 0.2}, {to: e3, probability: 0.3}, {to: closure, probability: 0.4}]\n"
      "    e1: {category: exit}\n    e2: {category: exit}\n    e3: {category: exit}\n    closure: {category: exit}\n";
  const Model model(parse_scenario(yaml, "b.yaml"));
  const auto table = model.run(0).table;
  const std::vector<std::pair<std::string, double>> routes{{"exits_e1", 0.1}, {"exits_e2", 0.2}, {"exits_e3", 0.3}, {"exits_closure", 0.4}};
  double total = 0;
  std::vector<double> observed;
  for (const auto& [name, p] : routes) {
    double n = 0;
    for (int m = 1; m <= model.months(); ++m) n += metric(table, model, m, name);
    observed.push_back(n);
    total += n;
  }
  EXPECT_NEAR(total, 20000, 4 * std::sqrt(20000.0));
  double chi_square = 0;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const double expected = total * routes[i].second;
    chi_square += (observed[i] - expected) * (observed[i] - expected) / expected;
  }
  EXPECT_LT(chi_square, 16.27);
}

TEST(Model, ZeroDemandAndEmptyStartIsQuiet) {
  const Model model(parse_scenario(test_support::one_state_yaml(0, "{dist: exponential, mean: 30}", 0, 50), "z.yaml"));
  const auto result = model.run(0);
  EXPECT_EQ(result.events, 0u);
  EXPECT_EQ(metric(result.table, model, 600, "open_total"), 0);
}
