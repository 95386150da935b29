//===----------------------------------------------------------------------===//
// calibration_runs.h: the model runs a calibration reads its figures from
// (runner layer, not public; calibration.cpp's other half)
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

#include "caseflow/runner/calibration.h"

namespace caseflow::calibration_detail {

//! What a run gave: each target's value in each replication, and what the
//! next step needs (mean stocks and entries by state, the last year's stocks).
struct Measured {
  std::vector<std::vector<double>> per_target;                  // [target][replication]
  std::vector<std::vector<std::vector<double>>> stock_by_year;  // [target][year][replication], stocks only
  std::vector<double> state_mean, state_last_year, state_entries;  // by state, mean over replications
  double closing_excess = 0.0, re_referrals = 0.0;
  double mean(std::size_t t) const {
    double sum = 0.0;
    for (double v : per_target[t]) sum += v;
    return per_target[t].empty() ? 0.0 : sum / static_cast<double>(per_target[t].size());
  }
};

//! Runs `replications` of `scenario` (its seed: common random numbers) and
//! reads each target's figure from every replication.
Measured simulate(const Scenario& scenario, const CalibrationTargets& targets, std::uint64_t replications,
                  const CalibrationOptions& options);

}  // namespace caseflow::calibration_detail
