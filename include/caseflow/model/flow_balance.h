//===----------------------------------------------------------------------===//
// flow_balance.h: the pathway's steady state, worked out without simulating
//
// Children enter at the entry state at the scenario's contact rate and move
// along the transitions with their probabilities; a share of those leaving by
// a re-referral exit come back at the referral state. In a steady state the
// entries to each state satisfy λ = e + Pᵀλ (plus the re-referral loop), and
// by Little's law the children in a state are its entries times its mean
// stay. Calibration uses this to know which way, and how strongly, each
// routing probability or duration moves each published figure; the
// simulation then supplies what this leaves out (feedbacks, children
// reaching adulthood, stays until an age, the re-referral window, growth).
//===----------------------------------------------------------------------===//
#pragma once

#include <vector>

#include "caseflow/model/scenario.h"

namespace caseflow {

struct FlowBalance {
  //! Children entering each state a year (index as Pathway::states).
  std::vector<double> entries_per_year;
  //! Children a year along each transition: [state][transition].
  std::vector<std::vector<double>> transition_per_year;
  //! Re-referrals a year (included in the referral state's entries).
  double re_referrals_per_year = 0.0;
  //! Mean stay in each state in days; NaN where a route leaves at an age
  //! (its stay depends on the child's age, which this does not follow).
  std::vector<double> mean_stay_days;
};

//! The steady state of the scenario's pathway at its contact rate (no growth,
//! levers, policies or feedbacks). Throws std::runtime_error if the flows do
//! not settle (a loop that returns every child), which check_pathway refuses.
FlowBalance flow_balance(const Scenario& scenario);

}  // namespace caseflow
