//===----------------------------------------------------------------------===//
// costs_config.h: the costs section of a scenario
//
// Optional. With it, every replication prices what it simulates, by the day:
// social workers' FTE-days by grade and contract (permanent, agency, bank),
// team and locality managers, business support, recruitment and the running
// costs of new posts; looked-after children's days by placement type (drawn
// at entry into care from a mix by age, moving between types at a rate, and
// shifted between types by a lever); allowances after permanence; a cost per
// entry into a state (care proceedings); and declared lines a business case
// adds (an existing pressure, a one-off). Prices rise by a pay uplift and a
// placement inflation, each in one of three modes.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

//! How prices rise: on each 1 April after the start (councils' budgets,
//! the default), on each anniversary of the start date (a step a year), or
//! continuously, (1 + rate)^(days / 365.25) from the start.
enum class InflationMode : std::uint8_t { none, financial_year, anniversary, continuous };

struct Inflation {
  InflationMode mode = InflationMode::none;
  double rate_per_year = 0.0;
  //! The price multiplier on day `day` of a scenario starting on `start`.
  double factor(const Date& start, double day) const;
};

//! A post's yearly cost per FTE: salary x (1 + on-costs) + overheads +
//! market supplement; each part cited in the scenario.
struct PayRate {
  double salary = 0.0;
  double on_costs = 0.0;           // share of salary: employer's NI and pension
  double overheads = 0.0;          // a year per FTE
  double market_supplement = 0.0;  // a year per FTE
  double annual() const { return salary * (1.0 + on_costs) + overheads + market_supplement; }
};

//! What a locum (or a bank worker) costs: a premium over the grade of the post
//! covered, or a day rate for the days they work.
struct CoverRate {
  double premium = 0.0;           // share over the grade's yearly cost
  double day_rate = 0.0;          // when > 0, instead of the premium
  double paid_days_per_year = 0.0;
  //! Yearly cost per FTE covering a post that costs `grade_annual`.
  double annual(double grade_annual) const {
    return day_rate > 0.0 ? day_rate * paid_days_per_year : grade_annual * (1.0 + premium);
  }
};

struct StaffCosts {
  std::vector<PayRate> grade;  // per workforce grade (agency grades: unused)
  CoverRate agency;
  CoverRate bank;
  PayRate team_manager, locality_manager, business_support;
  double recruitment_per_hire = 0.0;
  double new_post_one_off = 0.0;              // when a post is added
  double new_post_recurrent_per_year = 0.0;   // from then on, per post added
  Inflation pay_uplift;
};

//! The placement mix for children entering care below `below_age`.
struct PlacementMix {
  double below_age = 0.0;
  std::vector<double> shares;  // per placement type, summing to 1
};

//! A lever: `placements` places of one type made to replace places of
//! another over [from_day, until_day), in equal steps at each month start,
//! and kept filled from then on (seed 001 §3.5: 310 placements from
//! independent to in-house foster care over four years).
struct PlacementShift {
  std::string name;
  std::uint32_t from_type = 0, to_type = 0;
  double placements = 0.0;
  double from_day = 0.0, until_day = 0.0;
};

struct PlacementsConfig {
  std::vector<std::string> types;
  std::vector<double> weekly_cost;                // per type
  std::vector<std::vector<std::string>> ssda903;  // per type: the SSDA903 PLACE(/PROVIDER) codes it stands for
  std::vector<PlacementMix> mix;                  // by ascending below_age; the last covers every age
  //! The mix of the children in care at the start (a stock, not entries:
  //! long stays weigh more); empty: `mix`.
  std::vector<PlacementMix> opening_mix;
  double moves_per_year = 0.0;                    // a looked-after child's rate of moving to another type
  std::vector<PlacementShift> shifts;
  Inflation inflation;
  bool enabled() const { return !types.empty(); }
};

//! A weekly allowance after an exit from care (adoption, special
//! guardianship, child arrangements order), paid for a share of the children
//! leaving that way, for `years` or until `until_age`, whichever ends first.
struct Allowance {
  std::string name;
  std::uint32_t exit_state = 0;
  double share = 1.0;
  double weekly = 0.0;
  double years = std::numeric_limits<double>::infinity();
  double until_age = std::numeric_limits<double>::infinity();
  //! Children receiving it at the start, each with time left drawn
  //! uniformly over what a new one would get (assumption: a steady state).
  double opening_recipients = 0.0;
};

//! A cost each time a child enters a state (e.g. care proceedings' legal costs).
struct EntryCost {
  std::string name;
  std::uint32_t state = 0;
  double cost = 0.0;
};

//! A line a business case declares beside the modelled ones: `annual` a year
//! over [from_day, until_day), or `one_off` on from_day.
struct DeclaredLine {
  std::string name;
  double annual = 0.0;
  double one_off = 0.0;
  double from_day = 0.0;
  double until_day = std::numeric_limits<double>::infinity();
};

struct CostsConfig {
  bool enabled = false;
  bool staff_enabled = false;  // a `staff` subsection (needs a workforce)
  StaffCosts staff;
  PlacementsConfig placements;
  std::vector<Allowance> allowances;
  std::vector<EntryCost> per_entry;
  std::vector<DeclaredLine> declared;
};

//! Reads `costs` (the node may be absent: then `enabled` is false). Needs the
//! scenario's pathway and workforce read already.
CostsConfig parse_costs(const ConfigNode* node, const Scenario& scenario);

}  // namespace caseflow
