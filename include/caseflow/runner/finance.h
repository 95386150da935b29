//===----------------------------------------------------------------------===//
// finance.h: costs by financial year, the way councils budget
//
// The costs module writes each month's spend by line (metrics with a finance
// line, metrics.h). Here a replication's months become financial years (1
// April to 31 March; a month spanning 31 March, when the start date is not
// the 1st, is split by days), one table per replication, so a run can be
// summarised by year and two runs compared by year with the paired
// statistics of paired.h. Two columns follow the lines: the investment side
// and the savings side (metrics.h), for a business case's layout.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "caseflow/engine/calendar.h"
#include "caseflow/model/metrics.h"
#include "caseflow/runner/statistics.h"

namespace caseflow {

class FinancialYears {
 public:
  FinancialYears(const MetricRegistry& metrics, const Date& start, int months);
  //! No finance lines: the scenario has no costs.
  bool empty() const { return lines_.empty(); }
  //! "2016/17", ... from the start's year to the horizon's (a first or last
  //! year the run covers only in part holds that part's costs).
  const std::vector<std::string>& years() const { return years_; }
  //! The lines, in the order the model registered them ("total" among them),
  //! then "investment" and "savings" (not lines of finance.csv).
  const MetricRegistry& columns() const { return columns_; }
  std::size_t lines() const { return lines_.size(); }
  //! One replication's table: rows are years, columns are columns().
  MonthlyTable by_year(const MonthlyTable& monthly) const;

 private:
  struct Share {
    std::size_t year;
    double fraction;  // of the month's days that fall in the year
  };
  std::vector<std::string> years_;
  std::vector<std::size_t> lines_;  // metric columns of the lines
  std::vector<int> side_;           // per line: 0 none, 1 investment, 2 savings
  std::vector<std::vector<Share>> month_shares_;  // per month (index 0 unused)
  MetricRegistry columns_;
};

//! Mean, sd and quantiles of each (year, column) over replications, fed in order.
class FinanceSummary {
 public:
  explicit FinanceSummary(const FinancialYears& years)
      : years_(years), cells_(years.years().size() * years.columns().size()) {}
  void add(const MonthlyTable& monthly);
  CellSummary cell(std::size_t year, std::size_t column) const { return cells_[year * years_.columns().size() + column].summary(); }
  const FinancialYears& years() const { return years_; }

 private:
  const FinancialYears& years_;
  std::vector<CellStatistics> cells_;
};

}  // namespace caseflow
