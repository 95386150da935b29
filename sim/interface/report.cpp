// `caseflow report`: the command, the chart libraries it inlines, and the
// pathway picture it draws with Graphviz. The page itself: report_html.cpp.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "caseflow/engine/config_node.h"
#include "caseflow/interface/cli.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/pathway.h"
#include "caseflow/model/scenario.h"
#include "cli_common.h"
#include "report.h"
#include "report_page.h"

#ifndef CASEFLOW_REPORT_ASSETS
#define CASEFLOW_REPORT_ASSETS "report/node_modules"
#endif

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! A program on PATH, or empty.
std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

//! The pathway with the mean children entering each state a year, as SVG
//! drawn by Graphviz's dot; or, where that cannot be done, why.
PathwayPicture pathway_picture(const RunResults& run) {
  PathwayPicture picture;
  const auto it = run.manifest.find("resolved_config");
  if (it == run.manifest.end() || !it->is_string()) {
    picture.note = "The run's manifest.json holds no resolved_config, so the pathway cannot be drawn.";
    return picture;
  }
  Scenario scenario;
  try {
    const std::string path = run.manifest.value("config_path", std::string());
    const fs::path base = path.empty() ? fs::path() : fs::path(path).parent_path();
    FileReader reader = [base](const std::string& file) {
      return read_text_file(fs::path(file).is_absolute() || base.empty() ? fs::path(file) : base / file);
    };
    scenario = parse_scenario(it->get<std::string>(), (run.dir / "manifest.json").string() + " (resolved_config)", {}, reader);
  } catch (const std::exception& e) {
    picture.note = std::string("The pathway cannot be drawn: its scenario did not load (") + e.what() + ").";
    return picture;
  }
  std::string dot = pathway_dot(scenario.pathway, scenario.name);
  // The share on each arrow only (the scenario's durations are in the assumptions), to fit a page.
  static const std::regex edge_label("label=\"([0-9.]+%), [^\"]*\"");
  dot = std::regex_replace(dot, edge_label, "label=\"$1\"");
  // Exits as narrow dashed boxes, without their category line.
  static const std::regex exit_node("\\\\n\\(exit\\)([^\"]*)\", shape=doubleoctagon, style=filled");
  dot = std::regex_replace(dot, exit_node, "$1\", shape=box, style=\"filled,rounded,dashed\"");
  // Top to bottom, to fit a page's width.
  if (const std::size_t at = dot.find("rankdir=LR;"); at != std::string::npos) dot.replace(at, 11, "rankdir=TB; nodesep=0.15; ranksep=0.35;");
  // Each state's flow: children entering a year (or leaving, for exits), the mean over the run.
  const double years = run.months > 0 ? run.months / 12.0 : 1.0;
  for (std::size_t i = 0; i < scenario.pathway.states.size(); ++i) {
    const auto& state = scenario.pathway.states[i];
    const std::string metric = (state.category == Category::exit ? "exits_" : "entries_") + state.name;
    const auto series = run.series.find(metric);
    if (series == run.series.end()) continue;
    double total = 0;
    for (std::size_t m = 1; m < series->second.size(); ++m)
      if (series->second[m].reported()) total += series->second[m].mean;
    const std::string head = "\n" + std::to_string(i) + "[label=\"";
    const std::size_t at = dot.find(head);
    if (at == std::string::npos) continue;
    const std::size_t close = dot.find("\", shape", at);
    if (close == std::string::npos) continue;
    dot.insert(close, "\\n" + format_number(total / years, 0) + " a year");
  }
  picture.dot = dot;
  const std::string program = find_program("dot");
  if (program.empty()) {
    picture.note = "Graphviz is not installed (Debian: apt-get install graphviz), so the pathway is given as text "
                   "below; `dot -Tsvg` draws it.";
    return picture;
  }
  const fs::path input = fs::temp_directory_path() / ("caseflow-report-" + std::to_string(::getpid()) + ".dot");
  {
    std::ofstream file(input);
    file << dot;
  }
  const std::string command = "'" + program + "' -Tsvg '" + input.string() + "' 2>/dev/null";
  std::string svg;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[8192];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) svg.append(buffer, n);
    const int status = ::pclose(pipe);
    if (status != 0) svg.clear();
  }
  std::error_code ignored;
  fs::remove(input, ignored);
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) {
    picture.note = "Graphviz (" + program + ") did not draw the pathway; it is given as text below.";
    return picture;
  }
  picture.svg = svg.substr(start);
  return picture;
}

struct Library {
  const char* package;
  const char* file;
};
const Library kLibraries[] = {{"vega", "build/vega.min.js"}, {"vega-lite", "build/vega-lite.min.js"}, {"vega-embed", "build/vega-embed.min.js"}};

//! The chart libraries, in the order they must load (vega, vega-lite, vega-embed).
std::vector<Asset> read_assets(const fs::path& dir) {
  std::vector<Asset> assets;
  for (const Library& library : kLibraries) {
    const fs::path file = dir / library.package / library.file;
    std::ifstream in(file, std::ios::binary);
    if (!in)
      throw OutputError("the chart library " + file.string() + " is missing: install it with `npm ci --prefix " +
                        (dir.parent_path().empty() ? std::string("report") : dir.parent_path().string()) +
                        "` (scripts/install-deps.sh does this), or give its node_modules directory with --assets DIR "
                        "or CASEFLOW_REPORT_ASSETS");
    Asset asset;
    asset.name = library.package;
    asset.script.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    try {
      const nlohmann::json package = nlohmann::json::parse(read_text_file(dir / library.package / "package.json"));
      asset.version = package.value("version", std::string("?"));
    } catch (const std::exception&) {
      asset.version = "?";
    }
    std::ifstream licence(dir / library.package / "LICENSE");
    asset.licence.assign(std::istreambuf_iterator<char>(licence), std::istreambuf_iterator<char>());
    assets.push_back(std::move(asset));
  }
  return assets;
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportArgs& args) {
  auto* cmd = app.add_subcommand("report", "Write the leadership briefing: one self-contained HTML file of a run's results");
  cmd->add_option("results", args.results, "One or more run directories (caseflow run --out DIR); the first leads the headline")
      ->required()
      ->expected(1, 20);
  cmd->add_option("--compare", args.compare_dir, "The directory `caseflow compare` wrote (compare.csv, finance_compare.csv)");
  cmd->add_option("--sweep", args.sweep_db, "A sweep database (`caseflow sweep` wrote it) for the sensitivity charts");
  cmd->add_option("-o,--out", args.out, "The HTML file to write, e.g. briefing.html");
  cmd->add_option("--xlsx", args.xlsx,
                  "Also (or only) an Excel workbook of the numbers: the summary, the finance table, the comparison and "
                  "the business case, a sheet each");
  cmd->add_option("--assets", args.assets,
                  "The node_modules directory holding vega, vega-lite and vega-embed (default: $CASEFLOW_REPORT_ASSETS, "
                  "else " CASEFLOW_REPORT_ASSETS ")");
  cmd->footer(
      "The briefing opens offline in any browser and prints on A4. It holds a headline written from the\n"
      "numbers, a scorecard against the council's targets (seed 000 scorecard), fan charts (median, and the\n"
      "50% and 90% bands of the replications), the comparison and business case by financial year (with\n"
      "--compare), what moves the results most (with --sweep), the pathway (drawn with Graphviz's dot when\n"
      "installed) and every value of the scenario with the source its comment cites.\n"
      "Probabilities of meeting a target and the 50% bands need the run's replications.csv: run with\n"
      "--keep-replications. Without it the report shows the 90% band and the median, and says so.\n"
      "--xlsx FILE writes the numbers as an Excel workbook too (or instead, without --out).\n"
      "Example:\n"
      "  caseflow run configs/manchester-2016.yaml --keep-replications --out results/base\n"
      "  caseflow report results/base --out briefing.html\n"
      "Exit codes: 0 written; 1 the chart libraries are missing or the file cannot be written; 2 bad input\n"
      "(a directory or file missing or malformed: the message names the file and line).");
  return cmd;
}

int command_report(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  if (args.out.empty() && args.xlsx.empty()) {
    err << "caseflow: report: give the HTML file to write, e.g. --out briefing.html (or --xlsx book.xlsx for a workbook)\n"
        << "Run 'caseflow report --help' for usage.\n";
    return kExitBadInput;
  }
  // Everything is read and checked before anything is written.
  ReportInput input;
  for (const std::string& dir : args.results) input.runs.push_back(read_run_results(dir, report_metrics()));
  if (!args.compare_dir.empty()) input.compare = read_compare_results(args.compare_dir);
  if (!args.sweep_db.empty()) input.sweep = read_sweep_results(args.sweep_db);
  std::string assets_dir = args.assets;
  if (assets_dir.empty()) {
    const char* env = std::getenv("CASEFLOW_REPORT_ASSETS");
    assets_dir = env && *env ? env : CASEFLOW_REPORT_ASSETS;
  }
  input.generated_utc = utc_now();
  if (!args.out.empty()) {
    input.assets = read_assets(assets_dir);
    input.pathway = pathway_picture(input.runs.front());
    input.assumptions = run_assumptions(input.runs.front(), input.assumptions_note);
    AtomicFile file(args.out);
    write_report_page(file.stream(), input);
    file.commit();
    out << "wrote " << args.out << " (" << input.charts_drawn << " charts";
    if (!input.runs.front().has_replications)
      out << "; no replications.csv, so no probabilities or 50% bands: run with --keep-replications for them";
    out << ")\n";
    if (!input.pathway.note.empty()) err << "caseflow: warning: " << input.pathway.note << "\n";
  }
  if (!args.xlsx.empty()) {
    write_report_workbook(args.xlsx, input);
    out << "wrote " << args.xlsx << "\n";
  }
  return kExitOk;
}

}  // namespace caseflow
