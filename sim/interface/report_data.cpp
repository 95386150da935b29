// Reading what `caseflow report` draws: a run's directory (summary.csv,
// finance.csv, replications.csv, manifest.json), a comparison's directory and
// a sweep's database. Every problem names the file and line and says what was
// expected, as a ConfigError (exit 2).
#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"
#include "caseflow/runner/statistics.h"
#include "cli_common.h"
#include "report.h"
#include "sqlite_db.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! A number as caseflow writes it; empty is "not reported" (NaN).
double parse_number(const std::string& text, const std::string& file, int line, const std::string& column) {
  if (text.empty()) return kNotReported;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    throw ConfigError(file, "", line, "column '" + column + "': expected a number, got '" + text + "'");
  return value;
}

int parse_month(const std::string& text, const std::string& file, int line) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 100000)
    throw ConfigError(file, "", line, "column 'month': expected a whole number of months from 0, got '" + text + "'");
  return value;
}

//! A CSV file with exactly the expected header; its records after it.
std::vector<CsvRecord> read_table(const fs::path& path, const std::vector<std::string>& header) {
  std::string joined;
  for (std::size_t i = 0; i < header.size(); ++i) joined += (i ? "," : "") + header[i];
  if (!fs::exists(path)) throw ConfigError(path.string(), "", 0, "no such file; expected a CSV file with the header " + joined);
  const std::string text = read_text_file(path);
  std::vector<CsvRecord> records = read_csv(text, path.string());
  if (records.empty()) throw ConfigError(path.string(), "", 1, "the file is empty; expected the header " + joined);
  if (records.front().fields != header)
    throw ConfigError(path.string(), "", records.front().line, "expected the header " + joined);
  for (std::size_t i = 1; i < records.size(); ++i)
    if (records[i].fields.size() != header.size())
      throw ConfigError(path.string(), "", records[i].line,
                        "expected " + std::to_string(header.size()) + " fields (" + joined + "), got " +
                            std::to_string(records[i].fields.size()));
  records.erase(records.begin());
  return records;
}

nlohmann::json read_json(const fs::path& path, const std::string& what) {
  if (!fs::exists(path)) throw ConfigError(path.string(), "", 0, "no such file; expected " + what);
  const std::string text = read_text_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based; count lines up to it for the message.
    const std::size_t at = std::min<std::size_t>(e.byte, text.size());
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    throw ConfigError(path.string(), "", line, "expected " + what + " (JSON): " + e.what());
  }
}

std::string text_field(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void read_replications(RunResults& run, const fs::path& path, const std::set<std::string>& wanted) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path.string(), "", 0, "cannot read the file");
  std::string line;
  int number = 0;
  // values[metric][month] sketches for the quartiles, and the raw values.
  std::map<std::string, std::map<int, QuantileSketch>> sketches;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != "scenario,replication,month,metric,value")
        throw ConfigError(path.string(), "", 1, "expected the header scenario,replication,month,metric,value");
      continue;
    }
    if (line.empty()) continue;
    // scenario,replication,month,metric,value: split from the right (a scenario name is the only free text).
    std::size_t cut[4];
    std::size_t end = line.size();
    bool ok = true;
    for (int k = 3; k >= 0; --k) {
      const std::size_t comma = end == 0 ? std::string::npos : line.rfind(',', end - 1);
      if (comma == std::string::npos) { ok = false; break; }
      cut[k] = comma;
      end = comma;
    }
    if (!ok) throw ConfigError(path.string(), "", number, "expected 5 fields: scenario,replication,month,metric,value");
    const std::string metric = line.substr(cut[2] + 1, cut[3] - cut[2] - 1);
    if (!wanted.count(metric)) continue;
    const int month = parse_month(line.substr(cut[1] + 1, cut[2] - cut[1] - 1), path.string(), number);
    const double value = parse_number(line.substr(cut[3] + 1), path.string(), number, "value");
    if (std::isnan(value)) continue;  // not reported in that replication
    run.replication_values[metric][month].push_back(value);
    sketches[metric][month].add(value);
  }
  for (auto& [metric, by_month] : sketches) {
    auto& series = run.series[metric];
    for (auto& [month, sketch] : by_month) {
      if (month < 0 || static_cast<std::size_t>(month) >= series.size()) continue;
      series[static_cast<std::size_t>(month)].p25 = sketch.quantile(0.25);
      series[static_cast<std::size_t>(month)].p75 = sketch.quantile(0.75);
    }
  }
  run.has_replications = true;
}

}  // namespace

const Band* RunResults::band(const std::string& metric, int month) const {
  const auto it = series.find(metric);
  if (it == series.end() || month < 0 || static_cast<std::size_t>(month) >= it->second.size()) return nullptr;
  const Band& b = it->second[static_cast<std::size_t>(month)];
  return b.reported() ? &b : nullptr;
}

RunResults read_run_results(const fs::path& dir, const std::vector<std::string>& replication_metrics) {
  RunResults run;
  run.dir = dir;
  if (!fs::is_directory(dir))
    throw ConfigError(dir.string(), "", 0,
                      "no such directory; expected the output directory of `caseflow run` (e.g. results/manchester-2016)");
  run.manifest = read_json(dir / "manifest.json", "the manifest.json that `caseflow run` writes");
  if (!run.manifest.is_object() || run.manifest.value("command", std::string("run")) != "run")
    throw ConfigError((dir / "manifest.json").string(), "", 1,
                      "expected the manifest of `caseflow run` (this looks like a `caseflow " +
                          run.manifest.value("command", std::string("?")) + "` directory: give it with --compare)");
  run.scenario = text_field(run.manifest, "scenario");
  run.start_date = text_field(run.manifest, "start_date");
  run.finished_utc = text_field(run.manifest, "finished_utc");
  run.version = text_field(run.manifest, "caseflow_version");
  run.commit = text_field(run.manifest, "git_commit");
  if (run.start_date.size() != 10)
    throw ConfigError((dir / "manifest.json").string(), "start_date", 0, "expected the run's start date as YYYY-MM-DD");
  run.replications = run.manifest.value("replications", std::uint64_t{0});
  run.seed = run.manifest.value("seed", std::uint64_t{0});
  run.months = run.manifest.value("months", 0);
  if (const auto it = run.manifest.find("metrics"); it != run.manifest.end() && it->is_array())
    for (const auto& m : *it)
      if (m.is_object()) run.metric_descriptions[text_field(m, "name")] = text_field(m, "description");

  const fs::path summary = dir / "summary.csv";
  for (const CsvRecord& r : read_table(summary, {"scenario", "month", "metric", "mean", "sd", "p5", "p50", "p95"})) {
    const int month = parse_month(r.fields[1], summary.string(), r.line);
    auto& series = run.series[r.fields[2]];
    if (series.size() <= static_cast<std::size_t>(month)) series.resize(static_cast<std::size_t>(month) + 1);
    Band& b = series[static_cast<std::size_t>(month)];
    b.mean = parse_number(r.fields[3], summary.string(), r.line, "mean");
    b.p5 = parse_number(r.fields[5], summary.string(), r.line, "p5");
    b.p50 = parse_number(r.fields[6], summary.string(), r.line, "p50");
    b.p95 = parse_number(r.fields[7], summary.string(), r.line, "p95");
    run.months = std::max(run.months, month);
  }
  if (run.series.empty()) throw ConfigError(summary.string(), "", 2, "no rows: expected a value for each month and metric");

  if (fs::exists(dir / "finance.csv")) {
    const fs::path finance = dir / "finance.csv";
    for (const CsvRecord& r : read_table(finance, {"scenario", "financial_year", "line", "mean", "sd", "p5", "p50", "p95"})) {
      FinanceRow row;
      row.year = r.fields[1];
      row.line = r.fields[2];
      row.mean = parse_number(r.fields[3], finance.string(), r.line, "mean");
      row.p5 = parse_number(r.fields[5], finance.string(), r.line, "p5");
      row.p50 = parse_number(r.fields[6], finance.string(), r.line, "p50");
      row.p95 = parse_number(r.fields[7], finance.string(), r.line, "p95");
      run.finance.push_back(row);
    }
  }
  if (fs::exists(dir / "replications.csv")) {
    const std::set<std::string> wanted(replication_metrics.begin(), replication_metrics.end());
    read_replications(run, dir / "replications.csv", wanted);
  }
  // The description, from the scenario text the manifest keeps (a line of the `scenario:` section).
  const std::string config = text_field(run.manifest, "resolved_config");
  if (const auto at = config.find("\n  description:"); at != std::string::npos) {
    std::size_t begin = at + 15;
    const std::size_t end = config.find('\n', begin);
    std::string text = config.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    text.erase(0, text.find_first_not_of(" \"'"));
    while (!text.empty() && (text.back() == '"' || text.back() == '\'' || text.back() == ' ')) text.pop_back();
    if (text != ">-" && text != "|" && text != ">") run.description = text;
  }
  return run;
}

CompareResults read_compare_results(const fs::path& dir) {
  CompareResults c;
  c.dir = dir;
  if (!fs::is_directory(dir))
    throw ConfigError(dir.string(), "", 0, "no such directory; expected the output directory of `caseflow compare`");
  const fs::path compare = dir / "compare.csv";
  for (const CsvRecord& r : read_table(compare, {"scenario", "baseline", "period", "metric", "diff_mean", "diff_sd", "ci_low",
                                                 "ci_high", "ci_low_independent", "ci_high_independent", "p_better"})) {
    CompareRow row{r.fields[0], r.fields[1], r.fields[2], r.fields[3]};
    row.diff_mean = parse_number(r.fields[4], compare.string(), r.line, "diff_mean");
    row.ci_low = parse_number(r.fields[6], compare.string(), r.line, "ci_low");
    row.ci_high = parse_number(r.fields[7], compare.string(), r.line, "ci_high");
    row.p_better = parse_number(r.fields[10], compare.string(), r.line, "p_better");
    c.rows.push_back(row);
  }
  const fs::path finance = dir / "finance_compare.csv";
  if (fs::exists(finance)) {
    for (const CsvRecord& r : read_table(finance, {"scenario", "baseline", "financial_year", "line", "base_mean", "other_mean",
                                                   "diff_mean", "diff_sd", "ci_low", "ci_high"})) {
      FinanceCompareRow row{r.fields[0], r.fields[1], r.fields[2], r.fields[3]};
      row.base_mean = parse_number(r.fields[4], finance.string(), r.line, "base_mean");
      row.other_mean = parse_number(r.fields[5], finance.string(), r.line, "other_mean");
      row.diff_mean = parse_number(r.fields[6], finance.string(), r.line, "diff_mean");
      row.ci_low = parse_number(r.fields[8], finance.string(), r.line, "ci_low");
      row.ci_high = parse_number(r.fields[9], finance.string(), r.line, "ci_high");
      c.finance.push_back(row);
    }
  }
  if (fs::exists(dir / "manifest.json")) {
    const nlohmann::json manifest = read_json(dir / "manifest.json", "the manifest.json that `caseflow compare` writes");
    if (manifest.is_object()) {
      c.replications = manifest.value("replications", std::uint64_t{0});
      // The baseline's start date, for the months' names: the first run's.
      if (const auto runs = manifest.find("runs"); runs != manifest.end() && runs->is_array() && !runs->empty() &&
                                                  runs->front().is_object())
        c.start_date = runs->front().value("start_date", std::string());
      if (c.start_date.empty()) c.start_date = manifest.value("start_date", std::string());
      if (c.start_date.size() != 10) c.start_date.clear();
    }
  }
  return c;
}

SweepResults read_sweep_results(const fs::path& path) {
  SweepResults s;
  s.path = path;
  if (!fs::is_regular_file(path))
    throw ConfigError(path.string(), "", 0, "no such file; expected the .sqlite database of `caseflow sweep`");
  try {
    SqliteDb db(path);
    const auto meta = [&](const std::string& key) {
      SqliteStatement q(db, "SELECT value FROM meta WHERE key = ?");
      q.bind(1, key);
      return q.step() ? q.text(0) : std::string();
    };
    s.name = meta("name");
    s.method = meta("method");
    s.base_scenario = meta("base_scenario");
    const std::string reps = meta("replications");
    s.replications = reps.empty() ? 0 : std::stoull(reps);
    {
      SqliteStatement q(db, "SELECT name, metric, period FROM output ORDER BY idx");
      while (q.step()) s.output_labels[q.text(0)] = q.text(1) + ", " + q.text(2);
    }
    {
      SqliteStatement q(db,
                        "SELECT a.output, a.parameter, a.statistic, a.value, a.low, a.high, o.metric, o.period FROM analysis a "
                        "JOIN output o ON o.name = a.output WHERE a.parameter <> '' ORDER BY o.idx, a.parameter");
      while (q.step())
        s.estimates.push_back({q.text(0), q.text(6), q.text(7), q.text(1), q.text(2), q.real(3), q.real(4), q.real(5)});
    }
    if (s.method == "oat") {
      // Point 0 is the base; each parameter's own points move it alone.
      SqliteStatement q(db, R"sql(
        WITH base AS (SELECT parameter, unit FROM point_value WHERE point = 0),
        moved AS (SELECT pv.point, pv.parameter, pv.unit, pv.value FROM point_value pv JOIN base b ON b.parameter = pv.parameter
                  WHERE pv.point > 0 AND pv.unit <> b.unit),
        single AS (SELECT point FROM moved GROUP BY point HAVING COUNT(*) = 1)
        SELECT o.name, p.name, m.unit, m.value, r.mean, r0.mean FROM moved m JOIN single USING(point)
          JOIN parameter p ON p.idx = m.parameter JOIN result r ON r.point = m.point
          JOIN output o ON o.idx = r.output JOIN result r0 ON r0.point = 0 AND r0.output = r.output
        ORDER BY o.idx, p.idx, m.unit)sql");
      std::map<std::pair<std::string, std::string>, TornadoBar> bars;
      std::vector<std::pair<std::string, std::string>> order;
      while (q.step()) {
        const auto key = std::make_pair(q.text(0), q.text(1));
        auto [it, inserted] = bars.try_emplace(key);
        TornadoBar& bar = it->second;
        if (inserted) {
          order.push_back(key);
          bar.output = key.first;
          bar.parameter = key.second;
          bar.base = q.real(5);
          bar.at_low = q.real(4);  // rows come lowest level first
          bar.low_value = q.real(3);
        }
        bar.at_high = q.real(4);
        bar.high_value = q.real(3);
      }
      for (const auto& key : order) s.tornado.push_back(bars[key]);
    }
  } catch (const OutputError& e) {
    throw ConfigError(path.string(), "", 0, std::string("expected a database written by `caseflow sweep`: ") + e.what());
  }
  if (s.method.empty()) throw ConfigError(path.string(), "", 0, "expected a database written by `caseflow sweep` (no method in its meta table)");
  return s;
}

}  // namespace caseflow
