//===----------------------------------------------------------------------===//
// scenario.h: everything a run needs to know about an authority, as typed,
// validated values
//
// A Scenario is built once from YAML (parse_scenario) and then shared,
// read-only, by every replication. Loading checks every value and rejects
// unknown keys, so a typo can never silently fall back to a default.
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caseflow/engine/calendar.h"
#include "caseflow/engine/config_node.h"
#include "caseflow/engine/distribution.h"

namespace caseflow {

//! Which open-case count a state contributes to. `leaving_care` holds care
//! leavers: young adults who left care at adulthood and are still supported
//! (to 21, or 25 on request); they are not children, so not in open_total.
enum class Category : std::uint8_t { front_door, assessment, cin, cp, lac, leaving_care, exit };
inline constexpr int kCategoryCount = 7;
const char* category_name(Category category);

enum class TimeUnit : std::uint8_t { days, working_days, weeks, months, years };
const char* time_unit_name(TimeUnit unit);
inline constexpr double kDaysPerYear = 365.25;

//! Calendar days per unit (working days have no fixed length: 7/5 of a day on
//! average, used only where a calendar cannot be consulted). Inline: every
//! drawn duration goes through it.
constexpr double days_per_unit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::days: return 1.0;
    case TimeUnit::working_days: return 7.0 / 5.0;
    case TimeUnit::weeks: return 7.0;
    case TimeUnit::months: return kDaysPerYear / 12.0;
    case TimeUnit::years: return kDaysPerYear;
  }
  return 1.0;
}

//! How long a case stays in a state before a given transition.
struct DurationSpec {
  enum class Kind : std::uint8_t { distribution, until_age };
  Kind kind = Kind::distribution;
  Distribution distribution = Distribution::fixed(0.0);
  TimeUnit unit = TimeUnit::days;
  double age_years = 0.0;  // until_age: leave on this birthday
  //! Mean in calendar days (working days counted as 7/5 days); until_age has none.
  double mean_days() const;
};

struct Transition {
  std::uint32_t to = 0;  // index into Pathway::states
  double probability = 0.0;
  DurationSpec duration;
};

struct State {
  std::string name;
  std::string label;  // plain-English name for reports and graphs
  Category category = Category::exit;
  std::vector<Transition> transitions;  // empty for exits
  //! Siblings who arrive together may part here: each child draws its own route.
  bool split_siblings = false;
  //! Where a child goes on reaching adulthood while in this state: an exit,
  //! or a care leavers' state. Unused in a care leavers' state (its young
  //! people are adults already).
  std::uint32_t adulthood_exit = 0;
  //! Exits only: a child who leaves this way may be re-referred later.
  bool re_referral_eligible = false;
  bool is_exit() const { return category == Category::exit; }
  bool holds_adults() const { return category == Category::leaving_care; }
};

struct Pathway {
  std::vector<State> states;
  std::uint32_t entry = 0;           // where every contact starts
  std::uint32_t referral = 0;        // entering it counts as a referral; re-referrals come back here
  std::uint32_t assessment = 0;      // leaving it counts as a completed assessment
  std::optional<std::uint32_t> find(const std::string& name) const;
  std::size_t exit_count() const;
};

struct ReferringAgency {
  std::string name;
  double share = 0.0;
};

//! A demand-reduction lever: from `from` (until `until`), a share of the
//! contacts (optionally only from some agencies) goes straight to `to`.
struct DemandLever {
  std::string name;
  double from_day = 0.0;
  double until_day = 1e300;
  double share = 0.0;
  std::vector<std::uint32_t> agencies;  // empty: all agencies
  std::uint32_t to = 0;
};

struct Demand {
  double contacts_per_year = 0.0;          // children, not families
  std::array<double, 12> seasonality{};    // multiplier by calendar month, Jan..Dec, mean 1
  double growth_per_year = 0.0;            // compound
  std::vector<ReferringAgency> agencies;
  std::vector<DemandLever> levers;
};

struct Children {
  Distribution entry_age_years = Distribution::uniform(0.0, 18.0);
  Distribution family_size = Distribution::fixed(1.0);
  double adulthood_age = 18.0;
  double re_referral_probability = 0.0;   // at an eligible exit
  DurationSpec re_referral_delay;         // closure -> new referral
  double re_referral_window_days = 365.0; // a referral this soon after a closure is a re-referral
  // With a workforce, the probability at a closure is re_referral_probability
  // x (1 + re_referral_elasticity x the closing worker's excess over their
  // cap) / (1 + re_referral_elasticity x re_referral_observed_excess): the
  // probability was observed at that mean excess, so it is kept there.
  double re_referral_elasticity = 0.0;
  double re_referral_observed_excess = 0.0;
};

//! One group of siblings open at the start, from a case-level extract.
struct InitialCase {
  std::uint32_t state = 0;
  std::uint32_t children = 1;
  double days_in_state = 0.0;
  std::vector<double> ages_years;  // one per child
};

struct WarmStart {
  //! Children open at the start, by state; elapsed time drawn from the
  //! stationary (length-biased) distribution of the state's durations.
  std::vector<std::pair<std::uint32_t, double>> open_by_state;
  //! Or a case-level extract: each case as it stands on the start date.
  std::vector<InitialCase> cases;
  std::string cases_csv;  // path as written in the scenario, for the manifest
  //! Children closed before the start who will be re-referred: the model
  //! makes its own re-referrals, but only of children it closed itself.
  double re_referrals_pending = 0.0;
};

//! A timescale that practice is measured against, e.g. assessments completed
//! within 45 working days of the referral: the clock starts when a case
//! enters `from_state` and stops when it leaves `to_state`.
//! A case keeps one clock per timescale in place, so there is a limit.
constexpr std::size_t kMaxTimescales = 4;

struct Timescale {
  std::string name;
  std::uint32_t from_state = 0;
  std::uint32_t to_state = 0;
  double limit_working_days = 0.0;
};

struct SimulationSettings {
  double years = 5.0;
  std::uint64_t replications = 100;
  std::uint64_t seed = 1;
  std::uint64_t stream_set = 0;  // scenarios with the same stream set share random numbers
};

struct WorkforceConfig;  // workforce_config.h
struct WorkloadConfig;   // workload_config.h
struct CostsConfig;      // costs_config.h
struct Scenario;

//! The scenario as it stands from a date on, after its `policies:` up to
//! that date (policies.h). Dates are month starts, so a month is in one epoch.
struct PolicyEpoch {
  double day = 0.0;  // days since the start date: the start of a reported month after the first
  std::shared_ptr<const Scenario> scenario;  // the whole scenario in force from `day`
  std::vector<std::string> changes;          // `key.path=value` taking effect on `day`, for people
};

struct Scenario {
  std::string name;
  std::string description;
  Date start_date{};
  SimulationSettings simulation;
  std::vector<Date> closed_days;      // bank holidays and other closures
  std::vector<unsigned> weekend{6, 7};
  Demand demand;
  Children children;
  Pathway pathway;
  WarmStart warm_start;
  std::vector<Timescale> timescales;
  std::shared_ptr<const WorkforceConfig> workforce;  // never null after parse_scenario
  std::shared_ptr<const WorkloadConfig> workload;    // never null after parse_scenario
  std::shared_ptr<const CostsConfig> costs;          // never null after parse_scenario
  //! What the scenario's policies change, in date order; empty without
  //! policies. The values above are those in force before the first.
  std::vector<PolicyEpoch> policy_epochs;

  double horizon_days() const;
  int months() const;  // whole months reported
};

//! Reads files that a scenario refers to (e.g. a case-level CSV extract),
//! given the path as written in the scenario. The interface layer supplies it
//! so that the model never touches the file system.
using FileReader = std::function<std::string(const std::string& path)>;

//! Builds a Scenario from YAML text. Throws ConfigError naming the file, the
//! key path and the line. `overrides` are `key.path=value` assignments applied
//! before validation.
Scenario parse_scenario(const std::string& yaml_text, const std::string& file_name,
                        const std::vector<std::string>& overrides = {}, const FileReader& read_file = {});

//! Case-level warm start: CSV (RFC 4180, as spreadsheets write it) with
//! header `state,children,days_in_state,ages` where `ages` is a `;`-separated
//! list of ages in years, one per child. Outside a care leavers' state every
//! age must be below `adulthood_age`.
std::vector<InitialCase> parse_initial_cases_csv(const std::string& text, const std::string& file_name,
                                                 const Pathway& pathway,
                                                 double adulthood_age = std::numeric_limits<double>::infinity());

}  // namespace caseflow
