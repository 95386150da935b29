// `caseflow calibrate TARGETS.yaml`: fit a base scenario to an authority's
// published figures and write the calibrated scenario and its fit report.
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"
#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/runner/calibration.h"
#include "caseflow/runner/sweep_spec.h"
#include "caseflow/version.h"
#include "calibrate.h"
#include "cli_common.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! Comment lines of at most ~100 characters, each starting `indent# `.
void write_comment(std::ostream& out, const std::string& indent, const std::string& text) {
  std::istringstream words(text);
  std::string word, line;
  while (words >> word) {
    if (!line.empty() && line.size() + word.size() + 1 > 96 - indent.size()) {
      out << indent << "# " << line << '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out << indent << "# " << line << '\n';
}

//! The calibrated values as a YAML layer: nested maps down to each value,
//! its comment above it; lists as one flow item a line.
struct Layer {
  std::map<std::string, Layer> children;
  std::vector<std::string> order;
  const CalibratedValue* value = nullptr;

  void add(const std::vector<std::string>& path, std::size_t i, const CalibratedValue* v) {
    if (i == path.size()) {
      value = v;
      return;
    }
    if (!children.count(path[i])) order.push_back(path[i]);
    children[path[i]].add(path, i + 1, v);
  }
  void write(std::ostream& out, const std::string& indent) const {
    for (const auto& key : order) {
      const Layer& child = children.at(key);
      if (!child.value) {
        out << indent << key << ":\n";
        child.write(out, indent + "  ");
        continue;
      }
      const YAML::Node& node = child.value->value;
      write_comment(out, indent, child.value->comment);
      if (node.IsSequence()) {
        out << indent << key << ":\n";
        for (const auto& item : node) out << indent << "  - " << flow_text(item) << '\n';
      } else if (node.IsMap() && !is_value_map(node)) {
        out << indent << key << ":\n";
        for (const auto& kv : node) out << indent << "  " << kv.first.Scalar() << ": " << flow_text(kv.second) << '\n';
      } else {
        out << indent << key << ": " << flow_text(node) << '\n';
      }
    }
  }
};

std::string number(double v, bool share) {
  std::ostringstream out;
  if (!std::isfinite(v)) return "-";
  if (share) out << std::fixed << std::setprecision(3) << v;
  else if (std::abs(v) >= 100) out << std::fixed << std::setprecision(0) << v;
  else out << std::fixed << std::setprecision(2) << v;
  return out.str();
}

std::string tolerance_text(const FitRow& row) {
  std::ostringstream out;
  if (row.relative) out << "±" << exact_number(row.tolerance * 100) << "%";
  else out << "±" << exact_number(row.tolerance);
  return out.str();
}

void write_fit_table(std::ostream& out, const std::vector<FitRow>& fit) {
  out << std::left << std::setw(40) << "target" << std::right << std::setw(11) << "target" << std::setw(8) << "tol"
      << std::setw(11) << "median" << std::setw(24) << "5th-95th" << "  ok   fitted by\n";
  for (const auto& row : fit) {
    const bool share = !row.relative;
    out << std::left << std::setw(40) << row.target << std::right << std::setw(11) << number(row.value, share)
        << std::setw(8) << tolerance_text(row) << std::setw(11) << number(row.median, share) << std::setw(24)
        << ("[" + number(row.low, share) + ", " + number(row.high, share) + "]") << "  " << (row.within ? "yes" : "NO ")
        << "  " << row.serves << (row.note.empty() ? "" : " — cannot be met: " + row.note) << '\n';
  }
}

void write_fit_csv(std::ostream& out, const std::vector<FitRow>& fit) {
  out << "target,value,tolerance,tolerance_kind,median,p05,p95,within,fitted_by,note,source\n";
  for (const auto& r : fit)
    out << csv_field(r.target) << ',' << exact_number(r.value) << ',' << exact_number(r.tolerance) << ','
        << (r.relative ? "relative" : "absolute") << ',' << exact_number(r.median) << ',' << exact_number(r.low) << ','
        << exact_number(r.high) << ',' << (r.within ? "true" : "false") << ',' << csv_field(r.serves) << ','
        << csv_field(r.note) << ',' << csv_field(r.source) << '\n';
}

}  // namespace

int calibrate_to_targets(const CalibrateArgs& args, std::ostream& out, std::ostream& err) {
  const CalibrationTargets targets = parse_calibration_targets(read_text_file(args.targets), args.targets, args.child_population);
  std::string base_path = args.base;
  if (base_path.empty()) {
    if (targets.base.empty())
      throw ConfigError(args.targets, "base", 0,
                        "no base scenario: give --base SCENARIO, or `base:` in the targets file (relative to it)");
    base_path = (fs::path(args.targets).parent_path() / targets.base).lexically_normal().string();
  }
  CalibrationBase base;
  base.text = read_text_file(base_path);
  base.source = base_path;
  base.overrides = args.sets;
  base.reader = file_reader_beside(base_path);
  const fs::path out_path(args.out);
  const fs::path report_path = args.report.empty() ? fs::path(fs::path(out_path).replace_extension("").string() + "-fit.csv") : fs::path(args.report);
  // Refuse an unwritable destination now, not after minutes of fitting.
  { const AtomicFile probe(out_path); }
  { const AtomicFile probe(report_path); }

  const InterruptGuard interrupt;
  CalibrationOptions options;
  options.replications = args.replications;
  options.report_replications = args.report_replications;
  options.max_iterations = args.iterations;
  options.threads = args.threads;
  options.stop = &InterruptGuard::flag();
  if (!args.quiet) options.progress = [&](const std::string& line) { err << "caseflow: calibrate: " << line << '\n'; };
  const CalibrationResult result = calibrate(base, targets, options);
  if (InterruptGuard::received()) interrupted("while calibrating; nothing was written", {});

  // The calibrated scenario: extends the base, restates what changed.
  AtomicFile file(out_path);
  std::ostream& yaml = file.stream();
  const fs::path out_dir = fs::absolute(out_path).parent_path();
  const std::string extends = fs::relative(fs::absolute(base_path), out_dir).generic_string();
  write_comment(yaml, "", targets.name + ": " + base_path + " calibrated to " + args.targets + " by caseflow calibrate " +
                              kVersion + ". Every value below replaces the base's (a list, such as a state's transitions, is restated whole); "
                              "the fit is in " + report_path.string() + ".");
  if (!targets.description.empty()) write_comment(yaml, "", targets.description);
  yaml << "#\n# Fit: median over " << options.report_replications << " replications of the run's "
       << "mean (stocks) or yearly figure (flows); " << (result.converged ? "converged" : "NOT converged") << " after "
       << result.iterations << " fitting runs of " << options.replications << " replications.\n";
  for (const auto& row : result.fit)
    if (row.serves != "(the same)")
      yaml << "#   " << row.target << ": target " << number(row.value, !row.relative) << ", model "
           << number(row.median, !row.relative) << (row.within ? "" : "  (outside " + tolerance_text(row) + ")") << '\n';
  yaml << "\nextends: " << extends << "\n\nscenario:\n  name: " << targets.name << '\n';
  if (!targets.description.empty()) yaml << "  description: " << flow_text(YAML::Node(targets.description)) << '\n';
  Layer layer;
  for (const auto& v : result.values) {
    std::vector<std::string> path;
    std::stringstream parts(v.path);
    for (std::string part; std::getline(parts, part, '.');) path.push_back(part);
    layer.add(path, 0, &v);
  }
  yaml << '\n';
  layer.write(yaml, "");
  AtomicFile report(report_path);
  write_fit_csv(report.stream(), result.fit);
  file.finish();
  report.finish();
  file.commit();
  report.commit();

  if (!args.quiet) {
    write_fit_table(out, result.fit);
    std::size_t missed = 0;
    for (const auto& row : result.fit) missed += row.within ? 0 : 1;
    out << "\n" << (missed ? std::to_string(missed) + " of " + std::to_string(result.fit.size()) + " figures outside their tolerance; "
                           : std::string("every figure within its tolerance; "))
        << (result.converged ? "converged" : "not converged") << " after " << result.iterations << " fitting runs, "
        << std::fixed << std::setprecision(0) << result.seconds << " s.\nwrote " << out_path.string() << " and "
        << report_path.string() << '\n';
  }
  return kExitOk;
}

}  // namespace caseflow
