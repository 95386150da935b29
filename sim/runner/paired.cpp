#include "caseflow/runner/paired.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

#include <boost/math/distributions/students_t.hpp>

namespace caseflow {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Better better_direction(const std::string& metric) {
  // Timeliness and supervision: more is better.
  if (ends_with(metric, "_in_timescale_share") || metric == "supervision_coverage") return Better::higher;
  // Overload, overdue or late work, reliance on locums, churn, cost, children
  // coming back or staying in care: less is better.
  for (const char* prefix : {"caseload_", "asye_caseload", "weighted_caseload", "unallocated_", "utilisation", "cost_",
                             "workload_hours_per_fte", "worker_changes"})
    if (starts_with(metric, prefix)) return Better::lower;
  for (const char* suffix : {"_overdue", "_delayed_share"})
    if (ends_with(metric, suffix)) return Better::lower;
  for (const char* name : {"sw_agency_share", "sw_vacancies", "sw_leavers", "re_referrals", "re_referral_share",
                           "cp_repeat_starts", "closing_worker_excess", "open_lac"})
    if (metric == name) return Better::lower;
  return Better::neither;
}

double t_quantile_975(double df) {
  if (!(df > 0)) throw std::invalid_argument("t_quantile_975: degrees of freedom must be positive");
  if (!std::isfinite(df) || df > 1e7) return 1.959963984540054;
  return boost::math::quantile(boost::math::students_t(df), 0.975);
}

void PairedCell::add(double base, double other, Better better) {
  base_.add(base);
  other_.add(other);
  const double diff = other - base;
  diff_.add(diff);
  if ((better == Better::lower && diff < 0) || (better == Better::higher && diff > 0)) ++better_;
}

PairedSummary PairedCell::summary(Better better) const {
  PairedSummary s;
  s.n = diff_.count();
  s.base_mean = base_.mean();
  s.other_mean = other_.mean();
  s.diff_mean = diff_.mean();
  s.diff_sd = diff_.sd();
  // Where every replication ties (months before a policy starts, a run
  // against itself) neither is better: NaN, not 0%.
  const bool all_tied = diff_.count() > 0 && diff_.min() == 0 && diff_.max() == 0;
  s.p_better = better == Better::neither || s.n == 0 || all_tied ? kNaN : static_cast<double>(better_) / static_cast<double>(s.n);
  if (s.n < 2) {
    s.diff_sd = s.ci_low = s.ci_high = s.ci_low_independent = s.ci_high_independent = kNaN;
    return s;
  }
  const auto n = static_cast<double>(s.n);
  const double half = t_quantile_975(n - 1) * s.diff_sd / std::sqrt(n);
  s.ci_low = s.diff_mean - half;
  s.ci_high = s.diff_mean + half;
  // Welch's interval for two independent samples of n each.
  const double va = base_.variance() / n, vb = other_.variance() / n;
  const double se = std::sqrt(va + vb);
  if (se == 0) {
    s.ci_low_independent = s.ci_high_independent = s.diff_mean;
    return s;
  }
  const double df = (va + vb) * (va + vb) / (va * va / (n - 1) + vb * vb / (n - 1));
  const double independent_half = t_quantile_975(df) * se;
  s.ci_low_independent = s.diff_mean - independent_half;
  s.ci_high_independent = s.diff_mean + independent_half;
  return s;
}

PairedComparison::PairedComparison(const MetricRegistry& base_metrics, std::size_t base_months,
                                   const MetricRegistry& other_metrics, std::size_t other_months)
    : months_(std::min(base_months, other_months)) {
  for (std::size_t k = 0; k < base_metrics.size(); ++k) {
    const int other = other_metrics.find(base_metrics[k].name);
    if (other < 0) continue;
    shared_.push_back({base_metrics[k].name, k, static_cast<std::size_t>(other), better_direction(base_metrics[k].name)});
  }
  cells_.resize(months_ * shared_.size());
}

void PairedComparison::add(const MonthlyTable& base, const MonthlyTable& other) {
  for (std::size_t m = 0; m < months_; ++m)
    for (std::size_t i = 0; i < shared_.size(); ++i) {
      const double a = base.at(m, shared_[i].base_column), b = other.at(m, shared_[i].other_column);
      if (std::isnan(a) || std::isnan(b)) continue;
      cells_[m * shared_.size() + i].add(a, b, shared_[i].better);
    }
}

}  // namespace caseflow
