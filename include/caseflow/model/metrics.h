//===----------------------------------------------------------------------===//
// metrics.h: what a replication reports, month by month
//
// Modules register the metrics they produce when a model is built; the runner
// and the output writers only ever see names and a table of numbers, so a new
// module adds metrics without touching either.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace caseflow {

enum class MetricKind : std::uint8_t {
  stock,  // a level, read at the end of each month (month 0: the opening position)
  flow,   // a count of events during the month
  ratio,  // a rate computed at the end of the month (e.g. a share); blank when undefined
};

struct MetricInfo {
  std::string name;
  MetricKind kind;
  std::string description;
  //! For a flow of money that is one line of the financial-year table
  //! (finance.csv): the line's name ("total" for the sum of the others).
  //! Empty for every other metric, a breakdown of a line included.
  std::string finance_line = {};
  //! Which side of a business case the line is on: "investment" (the
  //! workforce and what the plan declares) or "savings" (children's
  //! placements and what follows them); empty for total and non-lines.
  std::string finance_side = {};
};

class MetricRegistry {
 public:
  //! Registers a metric and returns its column; names must be unique.
  std::uint32_t add(std::string name, MetricKind kind, std::string description);
  std::uint32_t stock(std::string name, std::string description) { return add(std::move(name), MetricKind::stock, std::move(description)); }
  std::uint32_t flow(std::string name, std::string description) { return add(std::move(name), MetricKind::flow, std::move(description)); }
  std::uint32_t ratio(std::string name, std::string description) { return add(std::move(name), MetricKind::ratio, std::move(description)); }
  //! A flow of money (a month's cost) that is line `finance_line` of finance.csv.
  std::uint32_t money(std::string name, std::string description, std::string finance_line, std::string finance_side = {});
  std::size_t size() const { return metrics_.size(); }
  const MetricInfo& operator[](std::size_t i) const { return metrics_[i]; }
  const std::vector<MetricInfo>& all() const { return metrics_; }
  //! Column of a metric, or -1.
  int find(const std::string& name) const;

 private:
  std::vector<MetricInfo> metrics_;
};

//! One replication's results: rows are months 0..months, columns are metrics.
//! Month 0 holds the opening stocks (flows and ratios are NaN there, meaning
//! "not reported"). Month m >= 1 covers [month_start(m-1), month_start(m)).
class MonthlyTable {
 public:
  MonthlyTable() = default;
  MonthlyTable(std::size_t months, std::size_t metrics);
  double& at(std::size_t month, std::size_t metric) { return values_[month * metrics_ + metric]; }
  double at(std::size_t month, std::size_t metric) const { return values_[month * metrics_ + metric]; }
  std::size_t months() const { return months_; }  // rows, i.e. reported months + 1
  std::size_t metrics() const { return metrics_; }

 private:
  std::size_t months_ = 0;
  std::size_t metrics_ = 0;
  std::vector<double> values_;
};

//! A number as a metric's name or description shows it: 24, 0.5, 45.
std::string format_number(double value);

}  // namespace caseflow
