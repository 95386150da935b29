#include "caseflow/runner/finance.h"

#include <chrono>
#include <cmath>

namespace caseflow {

FinancialYears::FinancialYears(const MetricRegistry& metrics, const Date& start, int months) {
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const MetricInfo& info = metrics[m];
    if (info.finance_line.empty()) continue;
    lines_.push_back(m);
    side_.push_back(info.finance_side == "investment" ? 1 : info.finance_side == "savings" ? 2 : 0);
    columns_.flow(info.finance_line, info.description);
  }
  if (lines_.empty()) return;
  columns_.flow("investment", "the lines on the investment side (workforce, declared lines) together");
  columns_.flow("savings", "the lines on the savings side (placements, allowances, costs per entry) together");
  namespace chr = std::chrono;
  const int first = financial_year_of(start);
  const auto day_date = [&](double day) { return Date{chr::sys_days(start) + chr::days(static_cast<long>(day))}; };
  const int last = financial_year_of(day_date(month_start_day(start, months) - 1.0));
  for (int y = first; y <= last; ++y) years_.push_back(financial_year_name(y));
  month_shares_.resize(static_cast<std::size_t>(months) + 1);
  for (int m = 1; m <= months; ++m) {
    const double from = month_start_day(start, m - 1), to = month_start_day(start, m);
    // 1 April inside the month, if any, splits it.
    const int year_from = financial_year_of(day_date(from)), year_to = financial_year_of(day_date(to - 1.0));
    auto& shares = month_shares_[static_cast<std::size_t>(m)];
    if (year_from == year_to) {
      shares.push_back({static_cast<std::size_t>(year_from - first), 1.0});
    } else {
      const Date april{chr::year(year_to) / chr::April / 1};
      const double split = static_cast<double>((chr::sys_days(april) - chr::sys_days(start)).count());
      shares.push_back({static_cast<std::size_t>(year_from - first), (split - from) / (to - from)});
      shares.push_back({static_cast<std::size_t>(year_to - first), (to - split) / (to - from)});
    }
  }
}

MonthlyTable FinancialYears::by_year(const MonthlyTable& monthly) const {
  const std::size_t n = lines_.size();
  MonthlyTable table(years_.size(), columns_.size());
  for (std::size_t m = 1; m < month_shares_.size() && m < monthly.months(); ++m)
    for (const Share& share : month_shares_[m])
      for (std::size_t l = 0; l < n; ++l) {
        const double amount = monthly.at(m, lines_[l]) * share.fraction;
        table.at(share.year, l) += amount;
        if (side_[l] > 0) table.at(share.year, n + static_cast<std::size_t>(side_[l] - 1)) += amount;
      }
  return table;
}

void FinanceSummary::add(const MonthlyTable& monthly) {
  const MonthlyTable table = years_.by_year(monthly);
  for (std::size_t y = 0; y < table.months(); ++y)
    for (std::size_t c = 0; c < table.metrics(); ++c) cells_[y * table.metrics() + c].add(table.at(y, c));
}

}  // namespace caseflow
