#include "caseflow/model/metrics.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace caseflow {

std::uint32_t MetricRegistry::add(std::string name, MetricKind kind, std::string description) {
  if (find(name) >= 0) throw std::logic_error("metric registered twice: " + name);
  metrics_.push_back({std::move(name), kind, std::move(description)});
  return static_cast<std::uint32_t>(metrics_.size() - 1);
}

std::uint32_t MetricRegistry::money(std::string name, std::string description, std::string finance_line, std::string finance_side) {
  const std::uint32_t column = add(std::move(name), MetricKind::flow, std::move(description));
  metrics_[column].finance_line = std::move(finance_line);
  metrics_[column].finance_side = std::move(finance_side);
  return column;
}

int MetricRegistry::find(const std::string& name) const {
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (metrics_[i].name == name) return static_cast<int>(i);
  return -1;
}

MonthlyTable::MonthlyTable(std::size_t months, std::size_t metrics)
    : months_(months), metrics_(metrics), values_(months * metrics, 0.0) {}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace caseflow
