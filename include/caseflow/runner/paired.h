//===----------------------------------------------------------------------===//
// paired.h: one scenario against another, replication by replication
//
// Replication k of every scenario shares its random streams with replication
// k of the others (random.h: a stream depends on the seed, the stream set,
// the replication and its purpose, never on the scenario), so where two
// scenarios agree they draw the same numbers, and the difference of their
// replication k is the policy's effect plus what the change did to the
// draws after it. Paired statistics use that: the interval is on the
// differences, not on two independent means.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "caseflow/model/metrics.h"
#include "caseflow/runner/runner.h"
#include "caseflow/runner/statistics.h"

namespace caseflow {

//! Which way a metric is better, for p_better: lower (caseloads, overdue
//! work, agency reliance, costs, re-referrals), higher (timeliness, the
//! share supervised), or neither (stocks and flows with no better side).
enum class Better : std::int8_t { lower = -1, neither = 0, higher = 1 };
//! By the metric's name (the rules are listed in README "Comparing scenarios").
Better better_direction(const std::string& metric);

//! The two-sided 95% quantile of Student's t with `df` degrees of freedom
//! (df > 0; the normal's 1.96 as df grows).
double t_quantile_975(double df);

//! What compare.csv reports for one (metric, period).
struct PairedSummary {
  std::uint64_t n = 0;
  double base_mean = 0, other_mean = 0;
  double diff_mean = 0, diff_sd = 0;
  double ci_low = 0, ci_high = 0;                          // paired t, 95%
  double ci_low_independent = 0, ci_high_independent = 0;  // Welch, as if the runs shared no draws
  double p_better = 0;                                     // NaN when the metric has no better side
};

//! One cell's paired statistics: a replication's base and other value at a time.
class PairedCell {
 public:
  void add(double base, double other, Better better);
  PairedSummary summary(Better better) const;

 private:
  RunningMoments base_, other_, diff_;
  std::uint64_t better_ = 0;
};

//! Paired statistics of every (month, metric) two runs both report.
class PairedComparison {
 public:
  //! `base_metrics` and `other_metrics` name the columns; the comparison
  //! covers the metrics both have, months 0 to the shorter run's last.
  PairedComparison(const MetricRegistry& base_metrics, std::size_t base_months, const MetricRegistry& other_metrics,
                   std::size_t other_months);
  //! Every metric better in one direction (money: lower), whatever its
  //! name says; before the first add().
  void set_better(Better better) {
    for (auto& metric : shared_) metric.better = better;
  }
  //! Replication k of both runs (the same k). A value NaN in either (not
  //! reported) is left out of that cell.
  void add(const MonthlyTable& base, const MonthlyTable& other);
  std::size_t months() const { return months_; }
  //! The shared metrics, in the base run's order: name and column in each run.
  struct Shared {
    std::string name;
    std::size_t base_column, other_column;
    Better better;
  };
  const std::vector<Shared>& metrics() const { return shared_; }
  PairedSummary cell(std::size_t month, std::size_t shared_index) const {
    return cells_[month * shared_.size() + shared_index].summary(shared_[shared_index].better);
  }

 private:
  std::size_t months_;
  std::vector<Shared> shared_;
  std::vector<PairedCell> cells_;
};

}  // namespace caseflow
