//===----------------------------------------------------------------------===//
// calibration.h: fit a scenario's pathway to an authority's published figures
//
// A targets file lists what an authority publishes (stocks at 31 March,
// flows a year, shares, workforce figures). Calibration changes a few of the
// base scenario's values, one for each target it fits:
//
//   contacts (with re-referrals)  demand.contacts_per_year
//   referrals                     the entry state's route to the referral
//                                 state (the contact rate when no contacts
//                                 target is given)
//   re_referral_share             children.re_referral.probability
//   assessments                   the referral state's route to assessment
//   s47_enquiries                 every route into the S47 state
//   initial_conferences           the S47 state's route to the conference
//   cp_starts, lac_starts         every route into the CP (care) states from
//                                 outside them
//   lac_ends_by_reason.EXIT       the care states' routes to that exit
//   child_protection              the CP states' durations (one factor)
//   looked_after                  the care states' durations (those not
//                                 until an age)
//   children_in_need              the CIN states' durations
//   social_workers_fte            every team's workers and managers (one factor)
//
// A route's change is taken from (or given to) the state's other routes in
// proportion, so each state's routes still sum to 1. The warm start is
// rebuilt to the stock targets in the model's own stationary proportions, and
// the re-referral feedback's `observed_at` is set to the calibrated run's
// overload. Everything else is the base's. The other targets (CP and care
// ends, plan lengths, agency, vacancies, turnover, caseload) are reported,
// not fitted: they follow from the fitted ones.
//
// Method: the flow balance (flow_balance.h) gives how each value moves each
// figure (a Jacobian); runs of the model with common random numbers give the
// figures themselves; a damped Newton step with that Jacobian moves the
// values, until every fitted figure is within a quarter of its tolerance.
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "caseflow/model/scenario.h"

namespace caseflow {

enum class TargetKind {
  children_in_need,     // open_total at 31 March (stock)
  child_protection,     // open_cp (stock)
  looked_after,         // open_lac (stock)
  contacts,             // contacts + re-referrals a year
  referrals,            // a year
  re_referral_share,    // re-referrals / referrals
  assessments,          // completed a year
  s47_enquiries,        // a year
  initial_conferences,  // a year
  cp_starts,            // a year
  cp_ends,              // a year (reported)
  lac_starts,           // a year
  lac_ends,             // a year (reported)
  lac_exit_share,       // share of care leavers by one exit
  cp_plan_months,       // mean CP plan length, by Little's law (reported)
  care_days,            // mean stay in care in days, by Little's law (reported)
  social_workers_fte,   // sw_fte (fitted: every team scaled)
  agency_share,         // sw_agency_share (reported)
  vacancy_rate,         // sw_vacancies / sw_posts (reported)
  turnover,             // permanent leavers a year / permanent FTE (reported)
  caseload,             // caseload_mean (reported)
};

struct CalibrationTarget {
  std::string key;       // as the targets file writes it: "looked_after", "lac_ends_by_reason.adoption"
  TargetKind kind = TargetKind::children_in_need;
  double value = 0.0;    // a count (a year for flows), a share or a mean
  double tolerance = 0.0;
  bool relative = true;  // tolerance as a share of the value (counts) or absolute (shares)
  std::string exit;      // lac_exit_share: the exit state
  std::string source;    // where the figure comes from, as written
  int year = 0;
  int line = 0;
};

struct CalibrationTargets {
  std::string file;
  std::string name;         // the calibrated scenario's name
  std::string description;
  std::string base;         // base scenario path as written (relative to the targets file), may be empty
  int base_line = 0;
  double child_population = 0.0;
  int year = 0;
  std::string s47_state = "strategy_s47";
  std::string icpc_state = "icpc";
  std::vector<CalibrationTarget> targets;
};

//! Reads a targets file. Throws ConfigError naming the file, key and line
//! (negative counts, shares above 1, unknown keys, CP and care above the
//! children in need, exit shares summing above 1, a rate per 10,000 without
//! a child population).
//! `child_population` > 0 replaces the file's (an authority at the file's rates).
CalibrationTargets parse_calibration_targets(const std::string& text, const std::string& file_name,
                                             double child_population = 0.0);

//! Checks the targets against the base scenario (the named states exist,
//! an exit share names an exit the care states lead to, a fitted route has
//! somewhere to take its change from). Throws ConfigError at the target's line.
void check_targets_against(const CalibrationTargets& targets, const Scenario& base);

struct CalibrationOptions {
  std::uint64_t replications = 40;         // each fitting run (common random numbers)
  std::uint64_t report_replications = 100; // the final run the fit report is read from
  int max_iterations = 12;
  int threads = 0;
  const std::atomic<int>* stop = nullptr;
  std::function<void(const std::string&)> progress;  // one line per iteration
};

//! One changed value of the base scenario.
struct CalibratedValue {
  std::string path;     // key path: demand.contacts_per_year, pathway.states.cin.duration
  YAML::Node value;     // the new value (written whole: a list or distribution replaces the base's)
  std::string comment;  // what it serves, for the written file
};

struct FitRow {
  std::string target;     // the targets file's key, or "looked_after at month 24"
  std::string serves;     // the value that fits it, or "reported"
  double value = 0.0;
  double tolerance = 0.0;
  bool relative = true;
  double median = 0.0, low = 0.0, high = 0.0;  // achieved: median and 5th-95th percentile over replications
  bool within = false;
  std::string note;       // why a target could not be met
  std::string source;
};

struct CalibrationResult {
  std::vector<CalibratedValue> values;
  std::vector<std::string> overrides;  // `key.path=value` that give the calibrated scenario from the base
  std::vector<FitRow> fit;
  int iterations = 0;
  bool converged = false;
  double seconds = 0.0;
};

//! A base scenario as the calibration reads it: its text, name and reader
//! (for `extends` and files it names), and `--set` overrides.
struct CalibrationBase {
  std::string text;
  std::string source;
  std::vector<std::string> overrides;
  FileReader reader;
};

CalibrationResult calibrate(const CalibrationBase& base, const CalibrationTargets& targets,
                            const CalibrationOptions& options);

//! "children in need at 31 March", "referrals a year": the target's meaning.
std::string describe(TargetKind kind);

}  // namespace caseflow
