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
#include "caseflow/runner/paired.h"
#include "caseflow/runner/runner.h"
#include "caseflow/version.h"
#include "cli_common.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kCompareOutputs{"compare.csv", "manifest.json"};

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

void print_comparison(std::ostream& out, const std::string& scenario, const std::string& baseline,
                      const PairedComparison& comparison) {
  const std::size_t last = comparison.months() - 1;
  std::vector<std::size_t> months;
  for (std::size_t m : {std::size_t{12}, std::size_t{24}, last})
    if (m <= last && (months.empty() || months.back() < m)) months.push_back(m);
  out << "\n" << scenario << " minus " << baseline
      << ": mean difference [95% paired interval], and the share of replications where " << scenario << " is better\n";
  out << std::left << std::setw(32) << "metric" << std::setw(7) << "month" << std::setw(24) << "baseline -> other"
      << std::setw(30) << "difference" << "better\n";
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
      out << std::setw(32) << name << std::setw(7) << m << std::setw(24) << level.str() << std::setw(30) << diff.str()
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

  AtomicFile compare_file(dir / "compare.csv");
  compare_file.stream()
      << "scenario,baseline,period,metric,diff_mean,diff_sd,ci_low,ci_high,ci_low_independent,ci_high_independent,p_better\n";
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  runs.push_back({{"scenario", base.scenario.name}, {"config_source", base.source}, {"config_hash_fnv1a64", fnv1a_hex(base.text)},
                  {"events", base_summary.events}, {"wall_seconds", base_summary.wall_seconds}});
  std::vector<std::pair<std::string, std::unique_ptr<PairedComparison>>> comparisons;
  for (const LoadedScenario& other : others) {
    const Model model(other.scenario);
    auto comparison = std::make_unique<PairedComparison>(base_model.metrics(), base_tables.empty() ? 0 : base_tables[0].months(),
                                                         model.metrics(), static_cast<std::size_t>(model.months()) + 1);
    std::size_t k = 0;
    options.on_replication = [&](const ReplicationResult& result) { comparison->add(base_tables[k++], result.table); };
    if (!args.quiet) out << "running " << other.scenario.name << ", paired with it\n";
    const RunSummary summary = run_replications(model, options);
    if (InterruptGuard::received()) interrupted("while running " + other.scenario.name, dir);
    write_compare_rows(compare_file.stream(), other.scenario.name, base.scenario.name, *comparison);
    compare_file.check();
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
  manifest["files"] = kCompareOutputs;
  AtomicFile manifest_file(dir / "manifest.json");
  manifest_file.stream() << manifest.dump(2) << '\n';
  try {
    compare_file.finish();
    manifest_file.finish();
  } catch (const OutputError& e) {
    throw OutputError(std::string(e.what()) + " (the previous results in " + dir.string() + " are unchanged)");
  }
  if (InterruptGuard::received()) interrupted("after the runs, before the results were put in place", dir);
  compare_file.commit();
  manifest_file.commit();

  if (!args.quiet) {
    for (const auto& [name, comparison] : comparisons) print_comparison(out, name, base.scenario.name, *comparison);
    out << "\n" << base_summary.replications << " paired replications; wrote " << (dir / "compare.csv").string()
        << " and manifest.json\n";
  }
  return kExitOk;
}

}  // namespace caseflow
