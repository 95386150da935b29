#include "compare_files.h"

#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/version.h"
#include "cli_common.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! What the terminal shows of each comparison, and how many decimals.
const std::vector<std::pair<const char*, int>> kHeadline{
    {"caseload_mean", 1},        {"caseload_share_over_cap", 3},         {"unallocated_total", 0},
    {"sw_agency_share", 3},      {"assessments_in_timescale_share", 3}, {"cp_visits_overdue", 0},
    {"lac_visits_overdue", 0},   {"open_lac", 0},                        {"cost_total", 0}};

void write_compare_rows(std::ostream& out, const std::string& scenario, const std::string& baseline,
                        const PairedComparison& comparison) {
  const auto& metrics = comparison.metrics();
  for (std::size_t m = 0; m < comparison.months(); ++m)
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const PairedSummary s = comparison.cell(m, i);
      if (s.n == 0) continue;  // not reported this month in one of the runs
      out << scenario << ',' << baseline << ',' << m << ',' << metrics[i].name << ',' << format_value(s.diff_mean) << ','
          << format_value(s.diff_sd) << ',' << format_value(s.ci_low) << ',' << format_value(s.ci_high) << ','
          << format_value(s.ci_low_independent) << ',' << format_value(s.ci_high_independent) << ','
          << format_value(s.p_better) << '\n';
    }
}

//! One run's costs by year against the base's, paired by replication.
struct FinanceComparison {
  FinanceComparison(const FinancialYears& base, const FinancialYears& other)
      : base_years(base), other_years(other), paired(base.columns(), base.years().size(), other.columns(), other.years().size()) {
    paired.set_better(Better::lower);  // every line is money
  }
  void add(const MonthlyTable& base, const MonthlyTable& other) { paired.add(base_years.by_year(base), other_years.by_year(other)); }
  const FinancialYears& base_years;
  const FinancialYears& other_years;
  PairedComparison paired;
};

//! compare.csv's rows for the money: each finance line by financial year
//! (period `2017/18`), named as its monthly metric (`cost_staff`), and the
//! business case's sides (`cost_investment`, `cost_savings`). Differences
//! are other minus base, as for every other row: less spent is negative.
void write_compare_finance_rows(std::ostream& out, const std::string& scenario, const std::string& baseline,
                                const FinanceComparison& f) {
  const auto& shared = f.paired.metrics();
  for (std::size_t y = 0; y < f.paired.months(); ++y)
    for (std::size_t i = 0; i < shared.size(); ++i) {
      const PairedSummary s = f.paired.cell(y, i);
      if (s.n == 0) continue;
      out << scenario << ',' << baseline << ',' << f.base_years.years()[y] << ",cost_" << shared[i].name << ','
          << format_value(s.diff_mean) << ',' << format_value(s.diff_sd) << ',' << format_value(s.ci_low) << ','
          << format_value(s.ci_high) << ',' << format_value(s.ci_low_independent) << ',' << format_value(s.ci_high_independent)
          << ',' << format_value(s.p_better) << '\n';
    }
}

//! A row of finance_compare.csv. `saving`: the difference the other way
//! round (base minus other), so that money saved is positive.
void write_finance_row(std::ostream& out, const std::string& scenario, const std::string& baseline, const std::string& year,
                       const std::string& line, const PairedSummary& s, bool saving) {
  const double sign = saving ? -1.0 : 1.0;
  out << scenario << ',' << baseline << ',' << year << ',' << line << ',' << format_value(s.base_mean) << ','
      << format_value(s.other_mean) << ',' << format_value(sign * s.diff_mean) << ',' << format_value(s.diff_sd) << ','
      << format_value(saving ? -s.ci_high : s.ci_low) << ',' << format_value(saving ? -s.ci_low : s.ci_high) << '\n';
}

//! Each shared line by year, then the business case's layout: investment
//! (more spent on the workforce and declared lines), savings (less spent on
//! placements and what follows them) and net (the total's difference).
void write_finance_rows(std::ostream& out, const std::string& scenario, const std::string& baseline, const FinanceComparison& f) {
  const auto& shared = f.paired.metrics();
  for (std::size_t y = 0; y < f.paired.months(); ++y) {
    const std::string& year = f.base_years.years()[y];
    for (std::size_t i = 0; i < shared.size(); ++i) {
      const std::string& line = shared[i].name;
      const PairedSummary s = f.paired.cell(y, i);
      if (line == "investment") write_finance_row(out, scenario, baseline, year, "investment", s, false);
      else if (line == "savings") write_finance_row(out, scenario, baseline, year, "savings", s, true);
      else if (line == "total") write_finance_row(out, scenario, baseline, year, "net", s, false);
      else write_finance_row(out, scenario, baseline, year, line, s, false);
    }
  }
}

void print_finance(std::ostream& out, const std::string& scenario, const FinanceComparison& f) {
  const auto& shared = f.paired.metrics();
  const auto index = [&](const std::string& name) {
    for (std::size_t i = 0; i < shared.size(); ++i)
      if (shared[i].name == name) return i;
    return shared.size();
  };
  const std::size_t investment = index("investment"), savings = index("savings"), total = index("total");
  if (investment == shared.size() || savings == shared.size() || total == shared.size()) return;
  out << "\n" << scenario << " by financial year, GBP million: mean [95% paired interval]\n";
  out << std::left << std::setw(10) << "year" << std::setw(26) << "investment" << std::setw(26) << "savings" << "net\n";
  const auto cell = [](const PairedSummary& s, double sign) {
    std::ostringstream text;
    const double low = sign > 0 ? s.ci_low : -s.ci_high, high = sign > 0 ? s.ci_high : -s.ci_low;
    text << std::fixed << std::setprecision(2) << sign * s.diff_mean / 1e6 << " [" << low / 1e6 << ", " << high / 1e6 << "]";
    return text.str();
  };
  for (std::size_t y = 0; y < f.paired.months(); ++y)
    out << std::setw(10) << f.base_years.years()[y] << std::setw(26) << cell(f.paired.cell(y, investment), 1.0) << std::setw(26)
        << cell(f.paired.cell(y, savings), -1.0) << cell(f.paired.cell(y, total), 1.0) << '\n';
}

void print_comparison(std::ostream& out, const std::string& scenario, const std::string& baseline,
                      const PairedComparison& comparison) {
  const std::size_t last = comparison.months() - 1;
  std::vector<std::size_t> months;
  for (std::size_t m : {std::size_t{12}, std::size_t{24}, last})
    if (m <= last && (months.empty() || months.back() < m)) months.push_back(m);
  out << "\n" << scenario << " minus " << baseline
      << ": mean difference [95% paired interval], and the share of replications where " << scenario << " is better\n";
  out << std::left << std::setw(32) << "metric" << std::setw(7) << "month" << std::setw(24) << "baseline -> other"
      << std::setw(36) << "difference" << "better\n";
  for (const auto& [name, decimals] : kHeadline) {
    std::size_t index = comparison.metrics().size();
    for (std::size_t i = 0; i < comparison.metrics().size(); ++i)
      if (comparison.metrics()[i].name == name) index = i;
    if (index == comparison.metrics().size()) continue;
    for (const std::size_t m : months) {
      const PairedSummary s = comparison.cell(m, index);
      if (s.n == 0) continue;
      std::ostringstream level, diff, better;
      level << std::fixed << std::setprecision(decimals) << s.base_mean << " -> " << s.other_mean;
      diff << std::fixed << std::setprecision(decimals + 1) << std::showpos << s.diff_mean << " [" << s.ci_low << ", "
           << s.ci_high << "]";
      if (!std::isnan(s.p_better)) better << std::fixed << std::setprecision(0) << 100 * s.p_better << "%";
      out << std::setw(32) << name << std::setw(7) << m << std::setw(24) << level.str() << std::setw(36) << diff.str() << ' '

          << better.str() << '\n';
    }
  }
}

}  // namespace

CompareDescription describe_compare(std::vector<RunDescription> scenarios, const std::vector<std::string>& overrides) {
  CompareDescription compare{std::move(scenarios), {}};
  const RunDescription& base = compare.scenarios.front();
  nlohmann::ordered_json& manifest = compare.manifest;
  manifest["caseflow_version"] = kVersion;
  manifest["git_commit"] = kGitCommit;
  manifest["command"] = "compare";
  manifest["baseline"] = base.scenario;
  manifest["overrides"] = overrides;
  manifest["seed"] = base.manifest.at("seed");
  manifest["stream_set"] = base.manifest.at("stream_set");
  manifest["months"] = base.months;
  return compare;
}

//! The baseline against one other scenario: every month's metrics, and the costs by year.
struct CompareFiles::Pair {
  Pair(const RunDescription& base, const FinancialYears& base_years, const RunDescription& other)
      : comparison(base.metrics, static_cast<std::size_t>(base.months) + 1, other.metrics,
                   static_cast<std::size_t>(other.months) + 1),
        years(other.metrics, other.start_date, other.months) {
    if (!base_years.empty() && !years.empty()) finance = std::make_unique<FinanceComparison>(base_years, years);
  }
  PairedComparison comparison;
  FinancialYears years;
  std::unique_ptr<FinanceComparison> finance;
};

const std::vector<std::string>& CompareFiles::names() {
  static const std::vector<std::string> names{"compare.csv", "finance_compare.csv", "manifest.json"};
  return names;
}

CompareFiles::CompareFiles(const CompareDescription& compare, fs::path dir)
    : compare_(compare), dir_(std::move(dir)),
      base_years_(compare.scenarios.front().metrics, compare.scenarios.front().start_date, compare.scenarios.front().months) {
  for (std::size_t j = 1; j < compare_.scenarios.size(); ++j)
    pairs_.push_back(std::make_unique<Pair>(compare_.scenarios.front(), base_years_, compare_.scenarios[j]));
}

CompareFiles::~CompareFiles() = default;

void CompareFiles::add(std::size_t other, const MonthlyTable& base, const MonthlyTable& table) {
  Pair& pair = *pairs_.at(other - 1);
  if (pair.finance) pair.finance->add(base, table);
  pair.comparison.add(base, table);
}

void CompareFiles::add_share(std::string_view bytes, const ReplicationRange& range, std::vector<RunTally>& tallies) {
  const auto& scenarios = compare_.scenarios;
  std::size_t expected = 0;
  for (const RunDescription& run : scenarios)
    expected += encoded_result_size(static_cast<std::size_t>(run.months) + 1, run.metrics.size()) * range.count;
  if (bytes.size() != expected)
    throw std::invalid_argument(std::to_string(bytes.size()) + " bytes, not the " + std::to_string(expected) + " that " +
                                std::to_string(range.count) + " replications of " + std::to_string(scenarios.size()) +
                                " scenarios take: the file is truncated or of another comparison");
  std::vector<std::vector<ReplicationResult>> blocks;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const std::size_t months = static_cast<std::size_t>(scenarios[s].months) + 1, metrics = scenarios[s].metrics.size();
    const std::size_t size = encoded_result_size(months, metrics) * range.count;
    blocks.push_back(decode_results(bytes.substr(0, size), months, metrics));
    bytes.remove_prefix(size);
    for (std::size_t j = 0; j < blocks.back().size(); ++j) {
      if (blocks.back()[j].replication != range.first + j)
        throw std::invalid_argument(scenarios[s].scenario + "'s result " + std::to_string(j) + " is of replication " +
                                    std::to_string(blocks.back()[j].replication) + ", expected " +
                                    std::to_string(range.first + j));
      tallies.at(s).events += blocks.back()[j].events;
    }
  }
  for (std::size_t k = 0; k < range.count; ++k)
    for (std::size_t j = 1; j < blocks.size(); ++j) add(j, blocks.front()[k].table, blocks[j][k].table);
}

void CompareFiles::commit(std::uint64_t replications, const std::vector<RunTally>& tallies, std::ostream& out, bool quiet) {
  const std::string& baseline = compare_.scenarios.front().scenario;
  std::unique_ptr<AtomicFile> finance_file;
  if (!base_years_.empty()) {
    finance_file = std::make_unique<AtomicFile>(dir_ / "finance_compare.csv");
    finance_file->stream() << "scenario,baseline,financial_year,line,base_mean,other_mean,diff_mean,diff_sd,ci_low,ci_high\n";
  }
  AtomicFile compare_file(dir_ / "compare.csv");
  compare_file.stream()
      << "scenario,baseline,period,metric,diff_mean,diff_sd,ci_low,ci_high,ci_low_independent,ci_high_independent,p_better\n";
  for (std::size_t j = 1; j < compare_.scenarios.size(); ++j) {
    const std::string& name = compare_.scenarios[j].scenario;
    const Pair& pair = *pairs_[j - 1];
    write_compare_rows(compare_file.stream(), name, baseline, pair.comparison);
    compare_file.check();
    if (!pair.finance) continue;
    write_compare_finance_rows(compare_file.stream(), name, baseline, *pair.finance);
    compare_file.check();
    write_finance_rows(finance_file->stream(), name, baseline, *pair.finance);
    finance_file->check();
  }

  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (std::size_t s = 0; s < compare_.scenarios.size(); ++s) {
    const RunDescription& run = compare_.scenarios[s];
    runs.push_back({{"scenario", run.scenario}, {"config_source", run.manifest.at("config_source")},
                    {"config_hash_fnv1a64", run.manifest.at("config_hash_fnv1a64")}, {"events", tallies.at(s).events},
                    {"wall_seconds", tallies.at(s).wall_seconds}});
  }
  std::vector<std::string> written{"compare.csv"};
  if (finance_file) written.push_back("finance_compare.csv");
  written.push_back("manifest.json");
  // The description's fields, with the replications before the months.
  nlohmann::ordered_json manifest;
  for (const auto& [key, value] : compare_.manifest.items()) {
    if (key == "months") manifest["replications"] = replications;
    manifest[key] = value;
  }
  manifest["runs"] = runs;
  manifest["finished_utc"] = utc_now();
  manifest["files"] = written;
  AtomicFile manifest_file(dir_ / "manifest.json");
  manifest_file.stream() << manifest.dump(2) << '\n';
  try {
    compare_file.finish();
    if (finance_file) finance_file->finish();
    manifest_file.finish();
  } catch (const OutputError& e) {
    throw OutputError(std::string(e.what()) + " (the previous results in " + dir_.string() + " are unchanged)");
  }
  if (InterruptGuard::received()) interrupted("after the runs, before the results were put in place", dir_);
  compare_file.commit();
  if (finance_file) {
    finance_file->commit();
  } else if (std::error_code error; fs::exists(dir_ / "finance_compare.csv", error)) {
    // An earlier comparison's costs must not sit beside results without any.
    fs::remove(dir_ / "finance_compare.csv", error);
    if (error) throw OutputError("cannot remove the earlier " + (dir_ / "finance_compare.csv").string() + ": " + error.message());
  }
  manifest_file.commit();

  if (quiet) return;
  for (std::size_t j = 1; j < compare_.scenarios.size(); ++j)
    print_comparison(out, compare_.scenarios[j].scenario, baseline, pairs_[j - 1]->comparison);
  for (std::size_t j = 1; j < compare_.scenarios.size(); ++j)
    if (pairs_[j - 1]->finance) print_finance(out, compare_.scenarios[j].scenario, *pairs_[j - 1]->finance);
  out << "\n" << replications << " paired replications; wrote " << (dir_ / "compare.csv").string();
  for (std::size_t i = 1; i < written.size(); ++i) out << (i + 1 == written.size() ? " and " : ", ") << written[i];
  out << '\n';
}

}  // namespace caseflow
