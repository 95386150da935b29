//===----------------------------------------------------------------------===//
// sensitivity_analysis.h: which parameters move an output, and by how much
//
// Estimators for the designs of sensitivity_design.h, each with a bootstrap
// interval. Intervals follow SALib: half-width = z(0.975) x the standard
// deviation of the estimate over `resamples` bootstrap resamples (ddof 1), so
// the numbers can be checked against `salib analyze`. Resampling draws from
// its own seeded stream: the same inputs give the same intervals.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "caseflow/runner/sensitivity_design.h"

namespace caseflow::sensitivity {

//! 95% normal quantile, z(0.975).
inline constexpr double kZ95 = 1.959963984540054;

//! An estimate and the half-width of its 95% bootstrap interval.
struct Estimate {
  double value = 0.0;
  double conf = 0.0;
  double low() const { return value - conf; }
  double high() const { return value + conf; }
  //! The interval includes 0: SALib's maintainers read such an index as 0.
  bool spans_zero() const { return low() <= 0.0 && high() >= 0.0; }
};

struct SobolIndices {
  std::vector<Estimate> first;  // S1 (Saltelli et al. 2010, eq. (b) of table 2)
  std::vector<Estimate> total;  // ST (Jansen 1999)
};

//! Sobol indices from outputs in saltelli()'s row order (N (D + 2) values).
//! S1_i = mean(f_B (f_AB^i - f_A)) / V and ST_i = mean((f_A - f_AB^i)^2) / (2 V),
//! V the variance (ddof 0) of f_A and f_B together: SALib's estimators.
//! Bootstrap resamples the N base samples.
SobolIndices sobol_indices(const std::vector<double>& outputs, std::size_t dims, std::size_t resamples,
                           std::uint64_t seed);

struct MorrisIndices {
  std::vector<Estimate> mu;       // mean elementary effect
  std::vector<Estimate> mu_star;  // mean absolute elementary effect (Campolongo et al. 2007)
  std::vector<Estimate> sigma;    // their standard deviation (ddof 1): interaction or curvature
};

//! Morris indices from a design of morris_trajectories() and its outputs.
//! An elementary effect is the change in the output over the change in the
//! parameter in unit-cube terms (SALib's convention): for y = sum c_i x_i
//! with x_i over [lo_i, hi_i], mu_i = c_i (hi_i - lo_i). Bootstrap resamples
//! the trajectories.
MorrisIndices morris_indices(const Design& design, const std::vector<double>& outputs, std::size_t resamples,
                             std::uint64_t seed);

//! Spearman rank correlation of each parameter with the output, for designs
//! without a structure of their own (Latin hypercube, grid). Ties take their
//! mean rank. Bootstrap resamples the points.
std::vector<Estimate> rank_correlations(const Design& design, const std::vector<double>& outputs,
                                        std::size_t resamples, std::uint64_t seed);

//! One at a time: for each parameter, the output at its top level minus the
//! output at its bottom level (the bar of a tornado chart); no interval.
std::vector<Estimate> one_at_a_time_swings(std::size_t dims, std::size_t levels, const std::vector<double>& outputs);

}  // namespace caseflow::sensitivity
