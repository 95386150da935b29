// Capacity in hours: hand-checked rationing of one worker's week, work that
// holds back a move, and the reader's errors.
#include <gtest/gtest.h>

#include <cmath>

#include "caseflow/model/replication.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! CP cases that stay put (and a CIN state whose work must be done before
//! its cases close) for one team; the week starts on Friday 1 January 2021,
//! no bank holidays, so working days are Monday to Friday.
struct HoursFixture {
  std::string workers = "{sw: 1}";
  double cap = 10;
  double hours_per_week = 5;  // 1 hour a working day: every share below is 0
  std::string tasks;
  std::string csv;
  std::string cin_duration = "{dist: fixed, value: 2}";
  std::string cin_to = "closure";  // where CIN cases go
  std::string extra_states;        // more pathway states, each a line
  std::string holds = "[cin, cp]";
  std::string timescales;
  std::string allocation = "{when_full: over_cap}";
  std::string base_hours = "{cin: 0, cp: 0}";
  std::string leave_share = "0";
  std::string workforce_extra;  // more workforce keys, each a line
  std::string workload_extra;   // more workload keys, each a line

  Model model() const {
    const std::string yaml =
        "scenario: {name: hours, start_date: 2021-01-01}\n"
        "simulation: {years: 0.25, seed: 3}\n"
        "calendar: {bank_holidays: none}\n"
        "demand: {contacts_per_year: 0}\n"
        "children: {entry_age_years: {dist: fixed, value: 0}}\n"
        "pathway:\n"
        "  entry: contact\n  referral: cin\n  assessment: cin\n"
        "  states:\n"
        "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: cin, probability: 0.5}, {to: cp, probability: 0.5}]}\n"
        "    cin: {category: cin, duration: " + cin_duration + ", transitions: [{to: " + cin_to + ", probability: 1}]}\n"
        "    cp: {category: cp, duration: {dist: fixed, value: 1000}, transitions: [{to: closure, probability: 1}]}\n"
        "    closure: {category: exit}\n" + extra_states +
        "warm_start: {cases_csv: cases.csv}\n" + timescales +
        "workforce:\n"
        "  grades: {sw: {}}\n"
        "  teams: {t: {holds: " + holds + ", caseload_cap: " + std::to_string(cap) + ", workers: " + workers + ", managers: 1}}\n"
        "  allocation: " + allocation + "\n"
        "  sickness: {short_days_per_fte_month: 0, long_term_per_fte_year: 0}\n"
        "  turnover: {annual_rate: 0}\n" + workforce_extra +
        "workload:\n"
        "  hours_per_week: " + std::to_string(hours_per_week) + "\n"
        "  leave_share: " + leave_share + "\n  training_share: 0\n  supervision_share: 0\n  non_case_share: 0\n"
        "  newly_qualified_development_share: 0\n"
        "  base_hours_per_child_month: " + base_hours + "\n" + workload_extra +
        "  tasks:\n" + tasks;
    const std::string extract = "state,children,days_in_state,ages\n" + csv;
    ModelOptions options;
    options.check_invariants = true;
    return Model(parse_scenario(yaml, "hours.yaml", {}, [extract](const std::string&) { return extract; }), options);
  }
};

const std::string kWeeklyVisitOfFiveHours =
    "    cp_visits: {states: [cp], hours: 5, priority: 1, first: {value: 5, unit: working_days}, every: {value: 5, unit: working_days}}\n";

const std::string kFortnightlyVisitOfTwoHours =
    "    cp_visits: {states: [cp], hours: 2, priority: 1, first: {value: 10, unit: working_days}, every: {value: 10, unit: working_days}}\n";

const std::string kFortnightlyVisitOfFiveHours =
    "    cp_visits: {states: [cp], hours: 5, priority: 1, first: {value: 10, unit: working_days}, every: {value: 10, unit: working_days}}\n";


//! 1,000 CP children, each alone, held by 500 workers with 8 hours a working
//! day (ample: two visits due the same day take a worker less than a day).
HoursFixture thousand_cp_children() {
  HoursFixture f;
  f.workers = "{sw: 500}";
  f.hours_per_week = 40;
  for (int i = 0; i < 1000; ++i) f.csv += "cp,1,0,1\n";
  return f;
}

//! The hours of work falling due in January for thousand_cp_children(): its
//! 500 workers have 168 hours each in January's 21 working days.
double january_hours_due(const Model& model) { return metric(model.run(0).table, model, 1, "utilisation") * 500.0 * 168.0; }

//! The fixture with these tasks: its config error as "key: message", or "no error".
std::string config_error(HoursFixture f, const std::string& tasks) {
  f.tasks = tasks;
  try {
    (void)f.model();
  } catch (const ConfigError& e) {
    return e.key_path() + ": " + e.message();
  }
  return "no error";
}

}  // namespace

// Two CP children, each due a 5-hour visit every 5 working days, and a worker
// with 5 hours a week: one visit a week. Both first visits fall due at day 7
// (Friday 8 January, 00:00). Week 1 [0, 7): the first child's visit, done at
// day 7 (on time); week 2: the second's (due 7, done 14: late); week 3: the
// first's (due 14, done 21: late); week 4: the second's (due 21, done 28:
// late); the week cut at the month end, [28, 31), has one working day (Friday
// 29th): an hour of the first child's visit (due 28). At the month end one
// child's visit is past due, and one of four visits was on time.
TEST(Workload, OneWorkersWeekIsRationedByDueDate) {
  HoursFixture f;
  f.tasks = kWeeklyVisitOfFiveHours;
  f.csv = "cp,1,0,1\ncp,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 1, "cp_visits_overdue"), 1);
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "cp_visits_in_timescale_share"), 0.25);
  // Five visits fell due in January (days 7, 7, 14, 21, 28), in its 21 working hours.
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "utilisation"), 5.0 * 5.0 / 21.0);
}

// One CP child visited every 10 working days: a 1-hour visit (priority 1)
// and its 6-hour write-up (priority 2), by a worker with 1 hour a working day.
// Week [7, 14): the visit due at day 14 is done at day 8.4 (1 h at 5 h a
// week), then 4 h of its write-up; the other 2 h the next week. Week
// [21, 28): the visit due at day 28 is done at day 22.4, on time, and 4 h
// written; the week cut at the month end, [28, 31), has 1 hour: 1 h of the
// write-up stays to do. At the month end the record still shows the visit
// due at day 28 as not done: overdue, though the visit was on time. Without
// the write-up nothing is overdue.
TEST(Workload, AVisitNotYetWrittenUpIsOverdueOnTheRecord) {
  HoursFixture f;
  f.tasks = "    cp_visits: {states: [cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, "
            "every: {value: 10, unit: working_days}, write_up_hours: 6, write_up_priority: 2}\n";
  f.csv = "cp,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 1, "cp_visits_overdue"), 1);
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "cp_visits_in_timescale_share"), 1.0);
  // Two visits and their write-ups fell due in January's 21 working hours.
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "utilisation"), 2.0 * (1.0 + 6.0) / 21.0);
  // February repeats it: the visit due at day 56 is done in the week
  // [52, 59), with 2 h of its write-up left at the month end.
  EXPECT_EQ(metric(table, model, 2, "cp_visits_overdue"), 1);

  // With 8 hours a working day every write-up is done the week of its visit.
  HoursFixture ample = f;
  ample.hours_per_week = 40;
  const Model quick = ample.model();
  const auto on_record = quick.run(0).table;
  for (std::size_t m = 1; m <= 3; ++m) EXPECT_EQ(metric(on_record, quick, m, "cp_visits_overdue"), 0) << m;

  HoursFixture no_write_up = f;
  no_write_up.tasks = "    cp_visits: {states: [cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, "
                      "every: {value: 10, unit: working_days}}\n";
  const Model plain = no_write_up.model();
  EXPECT_EQ(metric(plain.run(0).table, plain, 1, "cp_visits_overdue"), 0);
}

// The same children visited every 10 working days, with 8 hours a working day
// (a visit fits in any day, the one-day week cut at a month end included):
// every visit is done by its due date, and none is ever overdue.
TEST(Workload, EnoughHoursMeansNoVisitOverdue) {
  HoursFixture f;
  f.hours_per_week = 40;
  f.tasks = kFortnightlyVisitOfFiveHours;
  f.csv = "cp,1,0,1\ncp,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  for (std::size_t m = 1; m <= 3; ++m) {
    EXPECT_EQ(metric(table, model, m, "cp_visits_overdue"), 0) << m;
    EXPECT_DOUBLE_EQ(metric(table, model, m, "cp_visits_in_timescale_share"), 1.0) << m;
  }
}

// A CIN case must have 10 hours of work done before it closes; its move is
// drawn for day 2, but with an hour a working day the work is done after 10
// working days: 5 in week 1, 5 in week 2, finished at the end of Thursday 14
// January. So it takes more than 9.5 and less than 10.5 working days.
TEST(Workload, AMoveWaitsForTheWorkThatCompletesItsState) {
  HoursFixture f;
  f.tasks = "    cin_work: {states: [cin], hours: 10, priority: 2, completes_state: true}\n";
  f.csv = "cin,1,0,1\n";
  f.timescales =
      "reporting:\n  timescales:\n"
      "    - {name: within_9_5, from_entering: cin, to_leaving: cin, limit_working_days: 9.5}\n"
      "    - {name: within_10_5, from_entering: cin, to_leaving: cin, limit_working_days: 10.5}\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 1, "exits_closure"), 1);
  EXPECT_EQ(metric(table, model, 1, "cin_work_delayed_share"), 1);
  EXPECT_EQ(metric(table, model, 1, "within_9_5_in_timescale_share"), 0);
  EXPECT_EQ(metric(table, model, 1, "within_10_5_in_timescale_share"), 1);
}

// Four cases of 10 hours' work each: one worker with an hour a day finishes
// two in January (days 14 and 28), four workers finish all four by day 14.
// A caseload cap is not hours: four cases on one worker take four times as long.
TEST(Workload, KCasesOnOneWorkerAreSlowerThanOneCaseEachOnKWorkers) {
  HoursFixture one, four;
  one.tasks = four.tasks = "    cin_work: {states: [cin], hours: 10, priority: 2, completes_state: true}\n";
  one.csv = four.csv = "cin,1,0,1\ncin,1,0,1\ncin,1,0,1\ncin,1,0,1\n";
  one.workers = "{sw: 1}";
  one.cap = 4;
  four.workers = "{sw: 4}";
  four.cap = 1;
  const Model m1 = one.model(), m4 = four.model();
  const auto t1 = m1.run(0).table, t4 = m4.run(0).table;
  EXPECT_EQ(metric(t1, m1, 1, "exits_closure"), 2);
  EXPECT_EQ(metric(t4, m4, 1, "exits_closure"), 4);
  EXPECT_EQ(metric(t1, m1, 2, "exits_closure"), 2);  // 20 hours in February's 20 working days
}

TEST(WorkloadConfig, ErrorsNameTheKey) {
  HoursFixture f;
  f.csv = "cp,1,0,1\n";
  const auto error_for = [&](const std::string& tasks) { return config_error(f, tasks); };
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 1, every: {value: 5, unit: days}}\n").find("workload.tasks.v.first"),
            std::string::npos);
  EXPECT_NE(error_for("    v: {states: [closure], hours: 1, priority: 1, completes_state: true}\n").find("exit state"),
            std::string::npos);
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 0, completes_state: true}\n").find("priority"), std::string::npos);
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 1, completes_state: true, every: {value: 5, unit: days}}\n")
                .find("no schedule"),
            std::string::npos);
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 1, first: {value: 5, unit: days}, every: {value: 5, unit: days}, "
                      "write_up_priority: 3}\n")
                .find("workload.tasks.v.write_up_priority: a write-up's priority needs write_up_hours"),
            std::string::npos);
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 1, completes_state: true, write_up_hours: 1}\n").find("write_up_hours"),
            std::string::npos);
}

// A visit done ahead of its due week (the plan looks 3 days into the next)
// still counts as work falling due: one CP child visited every 10 working
// days, 5 hours each, with 40 hours a week, asks for about two visits a month.
TEST(Workload, VisitsDoneAheadCountAsWorkFallingDue) {
  HoursFixture f;
  f.hours_per_week = 40;
  f.tasks = kFortnightlyVisitOfFiveHours;
  f.csv = "cp,1,0,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  for (std::size_t m = 1; m <= 3; ++m) {
    EXPECT_DOUBLE_EQ(metric(table, model, m, "cp_visits_in_timescale_share"), 1.0) << m;
    EXPECT_GE(metric(table, model, m, "workload_hours_per_fte"), 5.0) << m;   // at least one visit in every month
    EXPECT_LE(metric(table, model, m, "workload_hours_per_fte"), 15.0) << m;  // at most three
  }
}

// One worker with room for one case. The second case waits unallocated (its
// clock does not wait), so its move, due on day 10, finds its hour of work not
// done and waits. When the first case closes (day 15) the worker takes the
// second and does the hour at once: it closes in January too, its drawn move
// kept (a new draw of its 20 days would have taken it into February), and
// the waiting move is counted once.
TEST(Workload, AHeldMoveIsNotRedrawnWhenTheCaseGetsAWorker) {
  HoursFixture f;
  f.cap = 1;
  f.hours_per_week = 40;
  f.allocation = "{when_full: queue, clock_waits_for_allocation: false}";
  f.cin_duration = "{dist: fixed, value: 20}";
  f.tasks = "    cin_work: {states: [cin], hours: 1, priority: 2, completes_state: true}\n";
  f.csv = "cin,1,5,1\ncin,1,10,1\n";
  const Model model = f.model();
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 1, "exits_closure"), 2);
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "cin_work_delayed_share"), 0.5);
}

// One CP child, a 2-hour visit due every 10 working days, and a worker with
// 5 hours a week whose base load (1 hour a working day for the child) asks
// for all of them. When every task shares the hours with the base load
// (priority 1), the first visit, due on day 14, gets 2/7 of week 2's 5 hours
// (1.43), then 5 x 0.57 / 5.57 = 0.51 of week 3's, 0.06 of week 4's: its
// share shrinks with what it still asks, and it is done, late, on the last
// working day of January (a week of one day, 29th). The next, due 10
// working days later, is not done in February (its share shrinks the same
// way), so the child is overdue at February's end. With child protection work
// before the base load (2), the visit gets every hour it asks for: each is
// done by its due date.
TEST(Workload, TasksBeforeTheBaseLoadInTheOrderAreDoneInFull) {
  // The visits' share on time and the children overdue in months 1 and 2.
  const auto run = [](const std::string& base_load_priority) {
    HoursFixture f;
    f.tasks = kFortnightlyVisitOfTwoHours;
    f.csv = "cp,1,0,1\n";
    f.base_hours = "{cin: 0, cp: " + std::to_string(253.0 / 12.0) + "}";
    f.workload_extra = "  base_load_priority: " + base_load_priority + "\n";
    const Model model = f.model();
    const auto table = model.run(0).table;
    std::vector<double> values;
    for (std::size_t m = 1; m <= 2; ++m)
      for (const char* name : {"cp_visits_in_timescale_share", "cp_visits_overdue"}) values.push_back(metric(table, model, m, name));
    return values;
  };
  const auto shared = run("1"), first = run("2");
  EXPECT_EQ(shared[0], 0);  // January: one visit, late
  EXPECT_EQ(shared[1], 0);
  EXPECT_TRUE(std::isnan(shared[2]));  // February: none done
  EXPECT_EQ(shared[3], 1);
  EXPECT_EQ(first, (std::vector<double>{1, 0, 1, 0}));
}

// Six CP children, a 2-hour visit each every 10 working days, with hours for
// all their visits (40 a week), and a worker away a fortnight at a
// time, ten times a year. Leave is planned: the week a block starts does its
// visits before it; the visits falling due later in the block wait for the
// worker's return, so some are late. Without leave every visit is on time.
TEST(Workload, VisitsFallingDueWhileTheWorkerIsOnLeaveAreLate) {
  const auto run = [](double leave_days) {
    HoursFixture f;
    f.hours_per_week = 40;
    f.tasks = kFortnightlyVisitOfTwoHours;
    for (int i = 0; i < 6; ++i) f.csv += "cp,1," + std::to_string(i) + ",1\n";
    f.workforce_extra = "  annual_leave: {days_per_year: " + std::to_string(leave_days) +
                        ", block: {dist: fixed, value: 10, unit: working_days}}\n";
    const Model model = f.model();
    const auto table = model.run(0).table;
    double late = 0.0;
    for (std::size_t m = 1; m <= 3; ++m) late += 1.0 - metric(table, model, m, "cp_visits_in_timescale_share");
    return late;
  };
  EXPECT_EQ(run(0), 0.0);
  EXPECT_GT(run(100), 0.0);
}

TEST(WorkloadConfig, LeaveIsCountedOnce) {
  HoursFixture f;
  f.csv = "cp,1,0,1\n";
  f.tasks = kFortnightlyVisitOfFiveHours;
  f.leave_share = "0.1";
  f.workforce_extra = "  annual_leave: {days_per_year: 27}\n";
  try {
    (void)f.model();
    FAIL() << "leave counted twice was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "workload.leave_share");
    EXPECT_NE(e.message().find("workforce.annual_leave"), std::string::npos) << e.message();
  }
  f.leave_share = "0";
  f.workload_extra = "  base_load_priority: 1.5\n";
  try {
    (void)f.model();
    FAIL() << "a priority of 1.5 was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "workload.base_load_priority");
  }
}

// One CP child, a 5-hour visit every 10 working days, a worker with 1 hour a
// working day. The first visit falls due at day 14 (Friday 15 January).
// Done as early as the hours allow, it is planned in the week [7, 14) (it is
// due within the 3 days looked ahead) and done at day 14.0: on time, and so is
// the next (due 28, done 28.0). Booked for its due date, it cannot start
// before day 14, so it takes the week [14, 21) and is done at day 21: late;
// the next falls due 10 working days after that (day 35, in February).
TEST(Workload, AVisitBookedForItsDueDateStartsNoEarlier) {
  HoursFixture f;
  f.csv = "cp,1,0,1\n";
  f.tasks = kFortnightlyVisitOfFiveHours;
  const Model early = f.model();
  const auto early_table = early.run(0).table;
  EXPECT_DOUBLE_EQ(metric(early_table, early, 1, "cp_visits_in_timescale_share"), 1.0);
  EXPECT_DOUBLE_EQ(metric(early_table, early, 1, "utilisation"), 2.0 * 5.0 / 21.0);  // two visits in January

  HoursFixture booked = f;
  booked.tasks = "    cp_visits: {states: [cp], hours: 5, priority: 1, first: {value: 10, unit: working_days}, "
                 "every: {value: 10, unit: working_days}, on_due_date: true}\n";
  const Model model = booked.model();
  const auto table = model.run(0).table;
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "cp_visits_in_timescale_share"), 0.0);
  EXPECT_DOUBLE_EQ(metric(table, model, 1, "utilisation"), 5.0 / 21.0);  // one visit in January
  EXPECT_EQ(metric(table, model, 1, "cp_visits_overdue"), 0);            // the next is due in February
}

// No access: 1,000 CP children, each with a 1-hour visit due at day 14
// (the next not until March), 500 workers with ample hours (two visits due
// the same day take a worker less than a day), 30% of attempts finding no
// access and tried again 2 working days later; every retry falls in January.
// Booked for its due date, a visit is on time only if its first attempt sees
// the child: 1 - 0.3 of them (each attempt's draw independent). Done early
// (Friday 8 January), it has two retries before its due date: late only
// if three attempts fail, 0.3^3. Tolerance: 4 binomial standard errors for
// 1,000 visits.
TEST(Workload, AVisitThatFindsNoAccessIsTriedAgain) {
  const auto january_on_time = [](bool booked) {
    HoursFixture f = thousand_cp_children();
    f.tasks = std::string("    cp_visits: {states: [cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, ") +
              "every: {value: 40, unit: working_days}, no_access: {share: 0.3, retry_after: {value: 2, unit: working_days}}" +
              (booked ? ", on_due_date: true" : "") + "}\n";
    const Model model = f.model();
    return metric(model.run(0).table, model, 1, "cp_visits_in_timescale_share");
  };
  const auto tolerance = [](double p) { return 4.0 * std::sqrt(p * (1.0 - p) / 1000.0); };
  EXPECT_NEAR(january_on_time(true), 0.7, tolerance(0.7));
  EXPECT_NEAR(january_on_time(false), 1.0 - 0.027, tolerance(1.0 - 0.027));
}

// The no-access keys are checked: a share of 1 would never see the child,
// and work that completes a state has no visits to miss.
TEST(WorkloadConfig, NoAccessErrorsNameTheKey) {
  HoursFixture f;
  f.csv = "cp,1,0,1\n";
  const auto error_for = [&](const std::string& tasks) { return config_error(f, tasks); };
  const std::string visit = "    v: {states: [cp], hours: 1, priority: 1, first: {value: 5, unit: days}, every: {value: 5, unit: days}, ";
  EXPECT_NE(error_for(visit + "no_access: {share: 1, retry_after: {value: 2, unit: working_days}}}\n").find("workload.tasks.v.no_access.share"),
            std::string::npos);
  EXPECT_NE(error_for(visit + "no_access: {share: 0.1}}\n").find("workload.tasks.v.no_access.retry_after"), std::string::npos);
  EXPECT_NE(error_for(visit + "no_access: {share: 0.1, retry_after: {value: 2, unit: working_days}, tries: 3}}\n").find("tries"),
            std::string::npos);
  EXPECT_NE(error_for("    v: {states: [cp], hours: 1, priority: 1, completes_state: true, on_due_date: true}\n").find("no schedule"),
            std::string::npos);
  EXPECT_EQ(error_for(visit + "on_due_date: true, no_access: {share: 0.1, retry_after: {value: 2, unit: working_days}, hours_share: 0.5}}\n"),
            "no error");
}

// Travel: a visit that `travels` adds the case's journey, once for the
// family. A CP child and a family of two are each visited every 10 working
// days (two visits each in January) by a 2-hour visit, sibling share 0.5;
// everyone lives 3 hours' journey away (one band). A visit asks 2 + 3 = 5
// hours for the child and 2 x 1.5 + 3 = 6 for the family: January's four
// visits 22 hours of the 168 a worker with 8 hours a working day has in its
// 21 working days. Without `travels` no journey: 2 and 3 hours a visit.
TEST(Workload, AVisitThatTravelsAddsTheCasesJourneyOncePerFamily) {
  HoursFixture f;
  f.hours_per_week = 40;
  f.csv = "cp,1,0,1\ncp,2,0,1;2\n";
  f.workload_extra = "  sibling_share: 0.5\n  travel: {distances: [{share: 1, hours: 3}]}\n";
  const std::string visit = "    cp_visits: {states: [cp], hours: 2, priority: 1, first: {value: 10, unit: working_days}, "
                            "every: {value: 10, unit: working_days}";
  f.tasks = visit + ", travels: true}\n";
  const Model travelling = f.model();
  EXPECT_DOUBLE_EQ(metric(travelling.run(0).table, travelling, 1, "utilisation"), 2.0 * (5.0 + 6.0) / 168.0);

  HoursFixture home = f;
  home.tasks = visit + "}\n";
  const Model in_town = home.model();
  EXPECT_DOUBLE_EQ(metric(in_town.run(0).table, in_town, 1, "utilisation"), 2.0 * (2.0 + 3.0) / 168.0);
}

// Each case's distance is drawn from the bands' shares: 1,000 CP children
// visited once in January (a 1-hour visit at 10 working days, the next at
// 40), 30% of them 10 hours' journey away. The hours falling due are 1,000
// + 10 x the number far away, a binomial count (1,000, 0.3): within 4
// standard errors of 300.
TEST(Workload, EachCasesJourneyIsDrawnFromTheDistancesShares) {
  HoursFixture f = thousand_cp_children();
  f.workload_extra = "  travel: {distances: [{share: 0.7, hours: 0}, {share: 0.3, hours: 10}]}\n";
  f.tasks = "    cp_visits: {states: [cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, "
            "every: {value: 40, unit: working_days}, travels: true}\n";
  const Model model = f.model();
  const double due = january_hours_due(model);
  const double far_away = (due - 1000.0) / 10.0;
  EXPECT_NEAR(far_away, 300.0, 4.0 * std::sqrt(1000.0 * 0.3 * 0.7));
  EXPECT_NEAR(far_away, std::round(far_away), 1e-6);  // whole cases
}

// A case's distance is read from its stream without taking a draw: with
// every band's journey 0 hours, the default scenario gives what it gives
// without the travel section, value for value.
TEST(Workload, DrawingTheJourneyMovesNoOtherDraw) {
  const std::string text = test_support::read_source_file("configs/manchester-2016.yaml");
  const Model with(parse_scenario(text, "m.yaml", {"simulation.years=1", "workload.travel.distances[4].hours=0",
                                                   "workload.travel.distances[3].hours=0", "workload.travel.distances[2].hours=0",
                                                   "workload.travel.distances[1].hours=0"}));
  const Model without(parse_scenario(text, "m.yaml", {"simulation.years=1", "workload.tasks.lac_visits.travels=false"}));
  const auto a = with.run(2).table, b = without.run(2).table;
  ASSERT_EQ(with.metrics().size(), without.metrics().size());
  for (std::size_t m = 0; m <= 12; ++m)
    for (std::size_t k = 0; k < with.metrics().size(); ++k) {
      const double x = a.at(m, k), y = b.at(m, k);
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << with.metrics()[k].name << " month " << m;
    }
}

// The travel keys are checked: shares that do not sum to 1, a task that
// travels with nowhere to travel to, and work that completes a state.
TEST(WorkloadConfig, TravelErrorsNameTheKey) {
  HoursFixture f;
  f.csv = "cp,1,0,1\n";
  const std::string visit = "    v: {states: [cp], hours: 1, priority: 1, first: {value: 5, unit: days}, every: {value: 5, unit: days}, ";
  EXPECT_NE(config_error(f, visit + "travels: true}\n").find("workload.tasks.v.travels: a task that travels needs workload.travel"),
            std::string::npos);
  EXPECT_NE(config_error(f, "    v: {states: [cp], hours: 1, priority: 1, completes_state: true, travels: true}\n").find("only a recurring task"),
            std::string::npos);
  f.workload_extra = "  travel: {distances: [{share: 0.5, hours: 0}, {share: 0.4, hours: 2}]}\n";
  EXPECT_NE(config_error(f, visit + "travels: true}\n").find("workload.travel.distances: the bands' shares sum to 0.9"), std::string::npos);
  f.workload_extra = "  travel: {distances: [{share: 1, hours: 0, miles: 3}]}\n";
  EXPECT_NE(config_error(f, visit + "travels: true}\n").find("miles"), std::string::npos);
  f.workload_extra = "  travel: {distances: [{share: 1, hours: -1}]}\n";
  EXPECT_NE(config_error(f, visit + "travels: true}\n").find("workload.travel.distances[0].hours"), std::string::npos);
  f.workload_extra = "  travel: {distances: [{share: 0.25, hours: 0}, {share: 0.75, hours: 2}]}\n";
  EXPECT_EQ(config_error(f, visit + "travels: true}\n"), "no error");
}

// A case keeps its journey while it carries a task that travels from state
// to state (care proceedings into care keeps the placement): 2,000 CIN
// children move at day 40, through a state whose length (under half a day)
// is drawn from the case's stream, to CP, carrying the same visit (1 hour every 10
// working days; 1,000 workers with 16 hours a working day, so that no visit
// is ever late), half of them 10 hours' journey away. January's
// visits are made before the move and March's after it; in each month every
// case has the same visits, so the hours falling due are c_m x (2,000 + 10 x
// the number far away), c_m read from the same run without the journey. The
// number far away is the same in both months (drawn afresh on entering CP it
// would differ: each case's draw reads its stream, which the state between
// advanced).
TEST(Workload, ACaseKeepsItsJourneyAcrossStatesWhileItCarriesTheTask) {
  HoursFixture f;
  f.workers = "{sw: 1000}";
  f.hours_per_week = 80;
  f.cin_duration = "{dist: fixed, value: 40}";
  f.cin_to = "between";
  f.extra_states = "    between: {category: cin, duration: {dist: uniform, min: 0, max: 0.5}, transitions: [{to: cp, probability: 1}]}\n";
  f.holds = "[cin, between, cp]";
  for (int i = 0; i < 2000; ++i) f.csv += "cin,1,0,1\n";
  f.workload_extra = "  travel: {distances: [{share: 0.5, hours: 0}, {share: 0.5, hours: 10}]}\n";
  const std::string visit = "    v: {states: [cin, between, cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, "
                            "every: {value: 10, unit: working_days}";
  f.tasks = visit + ", travels: true}\n";
  HoursFixture home = f;
  home.tasks = visit + "}\n";
  const Model travelling = f.model(), in_town = home.model();
  const auto t = travelling.run(0).table, h = in_town.run(0).table;
  const auto far_away = [&](std::size_t month) {
    const double visits_each = metric(h, in_town, month, "utilisation") / 2000.0;
    return (metric(t, travelling, month, "utilisation") / visits_each - 2000.0) / 10.0;
  };
  EXPECT_EQ(metric(t, travelling, 1, "open_cin"), 2000);
  EXPECT_EQ(metric(t, travelling, 3, "open_cp"), 2000);
  EXPECT_NEAR(far_away(1), 1000.0, 4.0 * std::sqrt(2000.0 * 0.25));
  EXPECT_NEAR(far_away(3), far_away(1), 1e-6);
}

// A visit that finds no access costs its journey and `hours_share` of the
// rest: 1,000 CP children, a 1-hour visit 3 hours' journey away (4 hours in
// all), 30% of attempts failing, each failure costing 3 + 0.5 x 1 = 3.5
// hours on top of the visit's 4 (every retry in January, ample hours). The
// hours falling due in January are 4,000 + 3.5 x the failures, whose number
// is 1,000 geometric counts of mean 0.3 / 0.7 and variance 0.3 / 0.7^2:
// within 4 standard errors. (Costing 0.5 x 4 = 2 hours a failure would put
// it near 245.)
TEST(Workload, ANoAccessVisitCostsItsJourney) {
  HoursFixture f = thousand_cp_children();
  f.workload_extra = "  travel: {distances: [{share: 1, hours: 3}]}\n";
  f.tasks = "    cp_visits: {states: [cp], hours: 1, priority: 1, first: {value: 10, unit: working_days}, "
            "every: {value: 40, unit: working_days}, travels: true, "
            "no_access: {share: 0.3, retry_after: {value: 2, unit: working_days}, hours_share: 0.5}}\n";
  const Model model = f.model();
  const double due = january_hours_due(model);
  const double failures = (due - 4000.0) / 3.5;
  EXPECT_NEAR(failures, 1000.0 * 0.3 / 0.7, 4.0 * std::sqrt(1000.0 * 0.3 / 0.49));
  EXPECT_NEAR(failures, std::round(failures), 1e-6);
}
