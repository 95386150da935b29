#include "caseflow/interface/output.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace caseflow {

AtomicFile::AtomicFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)), temp_path_(final_path_.string() + ".partial") {
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw OutputError("cannot write " + temp_path_.string() + ": " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok || out_.fail()) throw OutputError("could not finish writing " + temp_path_.string() + " (is the disk full?)");
  std::error_code error;
  std::filesystem::rename(temp_path_, final_path_, error);
  if (error) throw OutputError("cannot rename " + temp_path_.string() + " to " + final_path_.string() + ": " + error.message());
  committed_ = true;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "";
  if (value == 0.0) return "0";  // no "-0"
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

void write_summary_csv(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                       const RunSummary& summary) {
  out << "scenario,month,metric,mean,sd,p5,p50,p95\n";
  for (std::size_t m = 0; m < summary.months(); ++m)
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const CellStatistics& cell = summary.cell(m, k);
      if (cell.count() == 0) continue;  // not reported this month (e.g. flows in month 0)
      const CellSummary s = cell.summary();
      out << scenario << ',' << m << ',' << metrics[k].name << ',' << format_value(s.mean) << ',' << format_value(s.sd)
          << ',' << format_value(s.p5) << ',' << format_value(s.p50) << ',' << format_value(s.p95) << '\n';
    }
}

void write_replication_header(std::ostream& out) { out << "scenario,replication,month,metric,value\n"; }

void write_replication_rows(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                            const ReplicationResult& result) {
  const MonthlyTable& table = result.table;
  for (std::size_t m = 0; m < table.months(); ++m)
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const double value = table.at(m, k);
      if (std::isnan(value)) continue;
      out << scenario << ',' << result.replication << ',' << m << ',' << metrics[k].name << ',' << format_value(value)
          << '\n';
    }
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace caseflow
