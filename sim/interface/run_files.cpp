#include "run_files.h"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "caseflow/interface/interrupt.h"
#include "caseflow/version.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

const char* kind_name(MetricKind kind) {
  return kind == MetricKind::stock ? "stock" : kind == MetricKind::flow ? "flow" : "ratio";
}

//! The headline: open cases at the start, after a year and at the end.
void print_headline(std::ostream& out, const MetricRegistry& metrics, const RunSummary& summary) {
  const std::size_t last = summary.months() - 1;
  std::vector<std::size_t> months{0};
  if (last >= 12) months.push_back(12);
  if (last != 12) months.push_back(last);
  out << "\nmean and 90% band (p5-p95) over replications:\n";
  out << std::left << std::setw(20) << "metric";
  for (auto m : months) out << std::setw(26) << ("month " + std::to_string(m));
  out << '\n';
  // Workforce lines appear when the scenario has a workforce; caseloads need a decimal.
  const std::vector<std::pair<const char*, int>> lines{
      {"open_total", 0}, {"open_assessment", 0}, {"open_cin", 0}, {"open_cp", 0}, {"open_lac", 0},
      {"sw_fte", 0},     {"caseload_mean", 1},   {"unallocated_total", 0}, {"sw_agency_share", 2},
      {"cp_visits_overdue", 0}, {"lac_visits_overdue", 0}, {"cost_total", 0}};
  for (const auto& [name, decimals] : lines) {
    const int k = metrics.find(name);
    if (k < 0) continue;
    out << std::setw(20) << name;
    for (auto m : months) {
      const CellStatistics& statistics = summary.cell(m, static_cast<std::size_t>(k));
      std::ostringstream cell;
      if (statistics.count() == 0) {
        cell << "-";  // not reported (absent from summary.csv): e.g. no caseload without workers
      } else {
        const CellSummary s = statistics.summary();
        cell << std::fixed << std::setprecision(decimals) << s.mean << " (" << s.p5 << "-" << s.p95 << ")";
      }
      out << std::setw(26) << cell.str();
    }
    out << '\n';
  }
}

}  // namespace

RunDescription describe_run(const LoadedScenario& loaded, const MetricRegistry& metrics, const std::string& resolved_config,
                            const std::vector<std::string>& overrides) {
  const Scenario& scenario = loaded.scenario;
  RunDescription run{scenario.name, metrics, scenario.start_date, scenario.months(), {}};
  nlohmann::ordered_json& manifest = run.manifest;
  manifest["caseflow_version"] = kVersion;
  manifest["git_commit"] = kGitCommit;
  manifest["scenario"] = scenario.name;
  manifest["config_source"] = loaded.source;
  manifest["config_path"] = loaded.path;
  manifest["config_hash_fnv1a64"] = fnv1a_hex(loaded.text);
  manifest["resolved_config_hash_fnv1a64"] = fnv1a_hex(resolved_config);
  manifest["overrides"] = overrides;
  manifest["start_date"] = format_date(scenario.start_date);
  manifest["months"] = scenario.months();
  manifest["seed"] = scenario.simulation.seed;
  manifest["stream_set"] = scenario.simulation.stream_set;
  auto& metric_list = manifest["metrics"];
  metric_list = nlohmann::ordered_json::array();
  for (const auto& m : metrics.all())
    metric_list.push_back({{"name", m.name}, {"kind", kind_name(m.kind)}, {"description", m.description}});
  manifest["config"] = loaded.text;
  // YAML text, not a JSON object: it keeps every value exactly as written and
  // runs as it is (caseflow run resolved.yaml).
  manifest["resolved_config"] = resolved_config;
  return run;
}

const std::vector<std::string>& RunFiles::names() {
  static const std::vector<std::string> names{"summary.csv", "finance.csv", "replications.csv", "manifest.json"};
  return names;
}

RunFiles::RunFiles(const RunDescription& run, fs::path dir, bool keep_replications)
    : run_(run), dir_(std::move(dir)), financial_years_(run.metrics, run.start_date, run.months), finance_(financial_years_) {
  if (keep_replications) {
    replications_file_ = std::make_unique<AtomicFile>(dir_ / "replications.csv");
    write_replication_header(replications_file_->stream());
  }
}

void RunFiles::add(const ReplicationResult& result) {
  if (!financial_years_.empty()) finance_.add(result.table);
  if (!replications_file_) return;
  write_replication_rows(replications_file_->stream(), run_.scenario, run_.metrics, result);
  replications_file_->check();  // a full disk stops the run here, not at the end
}

void RunFiles::commit(const RunSummary& summary, std::ostream& out, std::ostream& err, bool quiet) {
  AtomicFile summary_file(dir_ / "summary.csv");
  write_summary_csv(summary_file.stream(), run_.scenario, run_.metrics, summary);

  std::unique_ptr<AtomicFile> finance_file;
  if (!financial_years_.empty()) {
    finance_file = std::make_unique<AtomicFile>(dir_ / "finance.csv");
    write_finance_csv(finance_file->stream(), run_.scenario, finance_);
  }

  std::vector<std::string> written{"summary.csv"};
  if (finance_file) written.push_back("finance.csv");
  if (replications_file_) written.push_back("replications.csv");
  written.push_back("manifest.json");
  // The description's fields, with this run's own after stream_set.
  nlohmann::ordered_json manifest;
  for (const auto& [key, value] : run_.manifest.items()) {
    manifest[key] = value;
    if (key != "stream_set") continue;
    manifest["replications"] = summary.replications;
    manifest["threads"] = summary.threads;
    manifest["wall_seconds"] = summary.wall_seconds;
    manifest["events"] = summary.events;
    manifest["finished_utc"] = utc_now();
    manifest["files"] = written;
  }
  AtomicFile manifest_file(dir_ / "manifest.json");
  manifest_file.stream() << manifest.dump(2) << '\n';

  // Commit last, together: a failure above leaves the previous run's files.
  // Every file is written out and synced, and every final name checked,
  // before any is renamed, so a full disk, a write error or a directory in
  // the way leaves the previous results whole, not mixed.
  std::vector<std::string> stale;  // earlier files of names this run does not write
  std::error_code error;
  try {
    if (replications_file_) replications_file_->finish();
    if (finance_file) finance_file->finish();
    summary_file.finish();
    manifest_file.finish();
    for (const auto& name : names()) {
      const fs::file_status status = fs::symlink_status(dir_ / name, error);
      if (fs::is_directory(status))
        throw OutputError("cannot replace " + (dir_ / name).string() + ": it is a directory");
      if (fs::exists(status) && std::find(written.begin(), written.end(), name) == written.end()) stale.push_back(name);
    }
  } catch (const OutputError& e) {
    throw OutputError(std::string(e.what()) + " (the previous results in " + dir_.string() + " are unchanged)");
  }
  if (InterruptGuard::received())
    interrupted("after all " + std::to_string(summary.replications) + " replications, before the results were put in place",
                dir_);
  // From here the run completes whatever arrives: its files go in place, the
  // manifest, which lists them, last.
  if (replications_file_) replications_file_->commit();
  if (finance_file) finance_file->commit();
  summary_file.commit();
  for (const auto& name : stale) {
    fs::remove(dir_ / name, error);
    if (error) throw OutputError("cannot remove the earlier " + (dir_ / name).string() + ": " + error.message());
  }
  manifest_file.commit();

  if (!quiet) {
    print_headline(out, run_.metrics, summary);
    out << "\n" << summary.replications << " replications, " << summary.events << " events in " << std::fixed
        << std::setprecision(2) << summary.wall_seconds << " s on " << summary.threads << " threads\n"
        << "wrote " << (dir_ / "summary.csv").string();
    for (std::size_t i = 1; i < written.size(); ++i) out << (i + 1 == written.size() ? " and " : ", ") << written[i];
    out << '\n';
    for (const auto& name : stale)
      out << "removed the earlier " << name << " ("
          << (name == "replications.csv" ? "this run was not given --keep-replications"
              : name == "finance.csv"    ? "this scenario has no costs"
                                         : "not written by this run")
          << ")\n";
  }
  if (const int signal = InterruptGuard::received())
    err << "caseflow: " << signal_name(signal) << " arrived as the results were being put in place: they are complete\n";
}

}  // namespace caseflow
