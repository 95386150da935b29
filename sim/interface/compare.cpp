// `caseflow compare BASE OTHER...`: the scenarios run paired, replication k
// of each with the same random streams, and their differences written with
// paired intervals (runner/paired.h).
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/finance.h"
#include "caseflow/runner/paired.h"
#include "caseflow/runner/runner.h"
#include "caseflow/version.h"
#include "cli_common.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kCompareOutputs{"compare.csv", "finance_compare.csv", "manifest.json"};

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

int command_compare(const CompareArgs& args, std::ostream& out, std::ostream& err) {
  const InterruptGuard interrupt;
  // Every scenario runs with the base's seed, stream set, horizon and
  // replications, so that replication k draws the same numbers in each.
  const std::vector<std::string> overrides = with_simulation_overrides(args.sets, args.replications, args.years, args.seed);
  const LoadedScenario base = load(args.base, overrides);
  const auto& sim = base.scenario.simulation;
  if (sim.replications < 2)
    throw RunRefused(base.source + ": simulation.replications is " + std::to_string(sim.replications) +
                     "; a paired comparison needs at least 2 (give -r N)");
  std::vector<std::string> shared = overrides;
  shared.push_back("scenario.start_date=" + format_date(base.scenario.start_date));
  shared.push_back("simulation.replications=" + std::to_string(sim.replications));
  shared.push_back("simulation.years=" + format_value(sim.years));
  shared.push_back("simulation.seed=" + std::to_string(sim.seed));
  shared.push_back("simulation.stream_set=" + std::to_string(sim.stream_set));
  std::vector<LoadedScenario> others;
  for (const auto& other : args.others) {
    others.push_back(load(other, shared));
    for (std::size_t i = 0; i + 1 < others.size(); ++i)
      if (others[i].scenario.name == others.back().scenario.name)
        throw RunRefused(others[i].source + " and " + other + " are both named '" + others.back().scenario.name +
                         "', so compare.csv could not tell their rows apart: give one its own scenario.name");
  }
  if (InterruptGuard::received()) interrupted("before the runs started", {});

  const fs::path dir = args.out_given ? fs::path(args.out_dir) : fs::path("results") / ("compare-" + base.scenario.name);
  const auto lock = lock_output_directory(dir, err);
  clear_output_directory(dir, kCompareOutputs, err);

  RunOptions options;
  options.replications = sim.replications;
  options.threads = args.threads;
  options.stop = &InterruptGuard::flag();
  // The base's replications are kept whole (one table each) to pair with
  // each other scenario's as they come, in replication order.
  const Model base_model(base.scenario);
  std::vector<MonthlyTable> base_tables;
  base_tables.reserve(options.replications);
  options.on_replication = [&](const ReplicationResult& result) { base_tables.push_back(result.table); };
  if (!args.quiet) out << "running " << base.scenario.name << " (" << sim.replications << " replications)\n";
  const RunSummary base_summary = run_replications(base_model, options);
  if (InterruptGuard::received()) interrupted("while running " + base.scenario.name, dir);

  const FinancialYears base_years(base_model.metrics(), base.scenario.start_date, base.scenario.months());
  std::unique_ptr<AtomicFile> finance_file;
  if (!base_years.empty()) {
    finance_file = std::make_unique<AtomicFile>(dir / "finance_compare.csv");
    finance_file->stream() << "scenario,baseline,financial_year,line,base_mean,other_mean,diff_mean,diff_sd,ci_low,ci_high\n";
  }
  AtomicFile compare_file(dir / "compare.csv");
  compare_file.stream()
      << "scenario,baseline,period,metric,diff_mean,diff_sd,ci_low,ci_high,ci_low_independent,ci_high_independent,p_better\n";
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  runs.push_back({{"scenario", base.scenario.name}, {"config_source", base.source}, {"config_hash_fnv1a64", fnv1a_hex(base.text)},
                  {"events", base_summary.events}, {"wall_seconds", base_summary.wall_seconds}});
  std::vector<std::pair<std::string, std::unique_ptr<PairedComparison>>> comparisons;
  std::vector<std::unique_ptr<FinancialYears>> other_years;
  std::vector<std::pair<std::string, std::unique_ptr<FinanceComparison>>> finances;
  for (const LoadedScenario& other : others) {
    const Model model(other.scenario);
    auto comparison = std::make_unique<PairedComparison>(base_model.metrics(), base_tables.empty() ? 0 : base_tables[0].months(),
                                                         model.metrics(), static_cast<std::size_t>(model.months()) + 1);
    other_years.push_back(std::make_unique<FinancialYears>(model.metrics(), other.scenario.start_date, other.scenario.months()));
    std::unique_ptr<FinanceComparison> finance;
    if (finance_file && !other_years.back()->empty()) finance = std::make_unique<FinanceComparison>(base_years, *other_years.back());
    std::size_t k = 0;
    options.on_replication = [&](const ReplicationResult& result) {
      if (finance) finance->add(base_tables[k], result.table);
      comparison->add(base_tables[k++], result.table);
    };
    if (!args.quiet) out << "running " << other.scenario.name << ", paired with it\n";
    const RunSummary summary = run_replications(model, options);
    if (InterruptGuard::received()) interrupted("while running " + other.scenario.name, dir);
    write_compare_rows(compare_file.stream(), other.scenario.name, base.scenario.name, *comparison);
    compare_file.check();
    if (finance) {
      write_compare_finance_rows(compare_file.stream(), other.scenario.name, base.scenario.name, *finance);
      compare_file.check();
      write_finance_rows(finance_file->stream(), other.scenario.name, base.scenario.name, *finance);
      finance_file->check();
      finances.emplace_back(other.scenario.name, std::move(finance));
    }
    runs.push_back({{"scenario", other.scenario.name}, {"config_source", other.source}, {"config_hash_fnv1a64", fnv1a_hex(other.text)},
                    {"events", summary.events}, {"wall_seconds", summary.wall_seconds}});
    comparisons.emplace_back(other.scenario.name, std::move(comparison));
  }

  nlohmann::ordered_json manifest;
  manifest["caseflow_version"] = kVersion;
  manifest["git_commit"] = kGitCommit;
  manifest["command"] = "compare";
  manifest["baseline"] = base.scenario.name;
  manifest["overrides"] = overrides;
  manifest["seed"] = sim.seed;
  manifest["stream_set"] = sim.stream_set;
  manifest["replications"] = base_summary.replications;
  manifest["months"] = base.scenario.months();
  manifest["runs"] = runs;
  manifest["finished_utc"] = utc_now();
  std::vector<std::string> written{"compare.csv"};
  if (finance_file) written.push_back("finance_compare.csv");
  written.push_back("manifest.json");
  manifest["files"] = written;
  AtomicFile manifest_file(dir / "manifest.json");
  manifest_file.stream() << manifest.dump(2) << '\n';
  try {
    compare_file.finish();
    if (finance_file) finance_file->finish();
    manifest_file.finish();
  } catch (const OutputError& e) {
    throw OutputError(std::string(e.what()) + " (the previous results in " + dir.string() + " are unchanged)");
  }
  if (InterruptGuard::received()) interrupted("after the runs, before the results were put in place", dir);
  compare_file.commit();
  if (finance_file) {
    finance_file->commit();
  } else if (std::error_code error; fs::exists(dir / "finance_compare.csv", error)) {
    // An earlier comparison's costs must not sit beside results without any.
    fs::remove(dir / "finance_compare.csv", error);
    if (error) throw OutputError("cannot remove the earlier " + (dir / "finance_compare.csv").string() + ": " + error.message());
  }
  manifest_file.commit();

  if (!args.quiet) {
    for (const auto& [name, comparison] : comparisons) print_comparison(out, name, base.scenario.name, *comparison);
    for (const auto& [name, finance] : finances) print_finance(out, name, *finance);
    out << "\n" << base_summary.replications << " paired replications; wrote " << (dir / "compare.csv").string();
    for (std::size_t i = 1; i < written.size(); ++i) out << (i + 1 == written.size() ? " and " : ", ") << written[i];
    out << '\n';
  }
  return kExitOk;
}

}  // namespace caseflow
