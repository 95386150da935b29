//===----------------------------------------------------------------------===//
// report.h: `caseflow report`, the leadership briefing (interface layer, not
// public). One self-contained HTML file from a run's results, and optionally
// a comparison and a sweep: a headline, a scorecard, fan charts, the business
// case, sensitivity, the pathway and every assumption with its source.
//
//   report_data.cpp         reading results, comparisons and sweeps
//   report_assumptions.cpp  the scenario files' values and the sources their comments cite
//   report_charts.cpp       the Vega-Lite specifications
//   report_html.cpp         the page, the headline and the scorecard, and the command
//===----------------------------------------------------------------------===//
#pragma once

#include <cmath>
#include <filesystem>
#include <iosfwd>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace CLI {
class App;
}

namespace caseflow {

inline constexpr double kNotReported = std::numeric_limits<double>::quiet_NaN();

//! One metric in one month over the replications. p25 and p75 come only from
//! replications.csv (summary.csv holds p5, p50 and p95).
struct Band {
  double mean = kNotReported, p5 = kNotReported, p25 = kNotReported, p50 = kNotReported, p75 = kNotReported,
         p95 = kNotReported;
  bool reported() const { return !std::isnan(mean); }
};

//! One cost line in one financial year (finance.csv).
struct FinanceRow {
  std::string year, line;
  double mean = kNotReported, p5 = kNotReported, p50 = kNotReported, p95 = kNotReported;
};

//! One run's directory, as `caseflow run` wrote it.
struct RunResults {
  std::filesystem::path dir;
  std::string scenario, description, start_date, finished_utc, version, commit;
  std::uint64_t replications = 0, seed = 0;
  int months = 0;                   // months projected; series run 0..months
  nlohmann::json manifest;          // as read
  std::map<std::string, std::string> metric_descriptions;
  std::map<std::string, std::vector<Band>> series;  // metric -> by month
  bool has_replications = false;   // replications.csv was read: quartiles and probabilities
  //! Per-replication values for the metrics the report uses: metric -> month -> values.
  std::map<std::string, std::map<int, std::vector<double>>> replication_values;
  std::vector<FinanceRow> finance;

  const Band* band(const std::string& metric, int month) const;
  bool has(const std::string& metric) const { return series.count(metric) > 0; }
};

//! compare.csv and finance_compare.csv of `caseflow compare`.
struct CompareRow {
  std::string scenario, baseline, period, metric;
  double diff_mean = kNotReported, ci_low = kNotReported, ci_high = kNotReported, p_better = kNotReported;
};
struct FinanceCompareRow {
  std::string scenario, baseline, year, line;
  double base_mean = kNotReported, other_mean = kNotReported, diff_mean = kNotReported, ci_low = kNotReported,
         ci_high = kNotReported;
};
struct CompareResults {
  std::filesystem::path dir;
  std::vector<CompareRow> rows;
  std::vector<FinanceCompareRow> finance;
  std::uint64_t replications = 0;
  std::string start_date;  // the baseline's, from the manifest (empty when not recorded)
};

//! The analysis of a sweep database, and for one-at-a-time designs the
//! output at each parameter's lowest and highest level (the tornado).
struct SweepEstimate {
  std::string output, metric, period, parameter, statistic;
  double value = kNotReported, low = kNotReported, high = kNotReported;
};
struct TornadoBar {
  std::string output, parameter;
  double base = kNotReported, at_low = kNotReported, at_high = kNotReported, low_value = kNotReported,
         high_value = kNotReported;
};
struct SweepResults {
  std::filesystem::path path;
  std::string name, method, base_scenario;
  std::uint64_t replications = 0;
  std::vector<SweepEstimate> estimates;
  std::vector<TornadoBar> tornado;
  std::map<std::string, std::string> output_labels;  // output name -> "metric, period"
};

//! Every value a scenario file sets, with the source its comment cites.
struct Assumption {
  std::string file;    // as the report shows it
  int line = 0;
  std::string path;    // key path, as --set takes it
  std::string value;   // as written
  std::string source;  // the comment on the line, or the comment block above it
  bool replaced = false;  // a later file or --set gives another value
};

//! Reading (report_data.cpp). Every problem is a ConfigError naming the file,
//! the line and what was expected (exit 2).
RunResults read_run_results(const std::filesystem::path& dir, const std::vector<std::string>& replication_metrics);
CompareResults read_compare_results(const std::filesystem::path& dir);
SweepResults read_sweep_results(const std::filesystem::path& path);

//! The lines of a YAML file that set values, with the comment each carries
//! (report_assumptions.cpp). Keys in a flow map on one line stay one value.
std::vector<Assumption> scan_assumptions(const std::string& yaml_text, const std::string& file_name);
//! The scenario a run used and the files it extends, then the run's --set
//! overrides: what the report's assumptions section lists. `note` says what
//! could not be read (e.g. a base file moved since the run).
std::vector<Assumption> run_assumptions(const RunResults& run, std::string& note);

//! A scorecard measure: a metric against a target of the council's.
struct Measure {
  std::string label, metric;
  double target;
  bool lower_is_better;
  std::string target_source;
  int decimals;   // for display
  bool percent;   // a share shown as %
};
const std::vector<Measure>& scorecard_measures();

enum class Rag { red, amber, green, none };
//! The stated rule: with replications, green when at least 80% of them meet
//! the target, amber from 50%, red below; without, from the 90% band:
//! green when the whole band meets it, red when none of it does, else amber.
Rag rag_from_probability(double probability);
Rag rag_from_band(const Band& band, const Measure& measure);
const char* rag_name(Rag rag);
//! Share of `values` that meet the measure's target (NaN when empty).
double probability_meeting(const std::vector<double>& values, const Measure& measure);

//! The headline sentences, from the first run's numbers (report_html.cpp).
std::vector<std::string> headline_sentences(const RunResults& run);
//! One sentence a plan: what it changes at the end of the comparison, and its net cost.
//! `start_date` names the months (empty: "month N").
std::vector<std::string> compare_sentences(const CompareResults& compare, const std::string& start_date);

//! Chart specifications (report_charts.cpp): {"id", "title", "note", "spec"}.
nlohmann::json fan_charts(const std::vector<RunResults>& runs);
nlohmann::json sweep_charts(const SweepResults& sweep);
//! Every metric the charts and the scorecard use (read from replications.csv).
std::vector<std::string> report_metrics();

//! The command.
struct ReportArgs {
  std::vector<std::string> results;
  std::string compare_dir, sweep_db, out, xlsx, assets;
};
//! Adds `report` to the command line; `args` receives its options.
CLI::App* add_report_command(CLI::App& app, ReportArgs& args);
int command_report(const ReportArgs& args, std::ostream& out, std::ostream& err);

//! Formatting shared by the report's files.
std::string html_escape(const std::string& text);
std::string format_number(double value, int decimals);
std::string format_measure(double value, const Measure& measure);
std::string month_date(const std::string& start_date, int month);  // 2016-04-01 + 12 -> 2017-04-01
std::string month_name(const std::string& start_date, int month);  // "March 2017": the month ending at `month`

}  // namespace caseflow
