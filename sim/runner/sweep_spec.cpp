#include "caseflow/runner/sweep_spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>

#include <boost/math/distributions/normal.hpp>

#include "caseflow/engine/config_node.h"

namespace caseflow {

namespace {

//! A distribution's keys that are times (or values) and scale with it; the
//! others (shape, sigma, weights, the unit) describe its form and do not.
const std::set<std::string> kScaledKeys{"value", "mean", "sd", "scale", "min", "mode", "max", "values", "edges"};

SpecLocation location(const ConfigNode& node) { return {node.origin(), node.path(), node.line()}; }

bool parse_number(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

bool is_number(const YAML::Node& node) {
  double ignored = 0.0;
  return node.IsScalar() && parse_number(node.Scalar(), ignored);
}

//! Each segment of a key path as --set spells it: `a.b[2].c`.
struct PathStep {
  std::string key;  // empty for a list position
  std::size_t index = 0;
};

std::vector<PathStep> split_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::stringstream stream(path);
  for (std::string part; std::getline(stream, part, '.');) {
    const auto bracket = part.find('[');
    steps.push_back({part.substr(0, bracket), 0});
    for (auto at = bracket; at != std::string::npos && at < part.size();) {
      const auto close = part.find(']', at);
      if (close == std::string::npos) break;
      const std::string digits = part.substr(at + 1, close - at - 1);
      steps.push_back({"", digits.empty() ? 0 : static_cast<std::size_t>(std::strtoul(digits.c_str(), nullptr, 10))});
      at = close + 1;
    }
  }
  return steps;
}

//! The node at steps[i..] below `node` (`walked` names it), or an undefined
//! node with `why` saying where the path leaves the tree. Recursive with
//! fresh handles: assigning one yaml-cpp Node to another would overwrite
//! the first's content, and a non-const operator[] would create keys.
YAML::Node walk_path(const YAML::Node& node, const std::vector<PathStep>& steps, std::size_t i,
                     const std::string& walked, std::string& why) {
  if (i == steps.size()) return node;
  const PathStep& step = steps[i];
  if (step.key.empty()) {
    if (!node.IsSequence() || step.index >= node.size()) {
      why = "'" + walked + "' has no item [" + std::to_string(step.index) + "]" +
            (node.IsSequence() ? " (it has " + std::to_string(node.size()) + ")" : " (it is not a list)");
      return YAML::Node(YAML::NodeType::Undefined);
    }
    const YAML::Node child = node[step.index];
    return walk_path(child, steps, i + 1, walked + "[" + std::to_string(step.index) + "]", why);
  }
  if (!node.IsMap() || !node[step.key]) {
    why = "'" + walked + "' has no key '" + step.key + "'";
    if (node.IsMap()) {
      std::string keys;
      for (const auto& kv : node) keys += (keys.empty() ? "" : ", ") + kv.first.Scalar();
      why += " (its keys: " + keys + ")";
    } else {
      why += " (it is not a map)";
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }
  const YAML::Node child = node[step.key];
  return walk_path(child, steps, i + 1, i == 0 ? step.key : walked + "." + step.key, why);
}

YAML::Node find_path(const YAML::Node& root, const std::string& path, std::string& why) {
  return walk_path(root, split_path(path), 0, "the top level", why);
}

YAML::Node target_or_fail(const YAML::Node& root, const std::string& path, const SpecLocation& where) {
  std::string why;
  YAML::Node node = find_path(root, path, why);
  if (!node.IsDefined()) where.fail("unknown key path '" + path + "' in the base scenario: " + why);
  return node;
}

//! Why a scale target cannot be scaled, or empty when it can.
std::string unscalable(const YAML::Node& node) {
  if (is_number(node)) return {};
  if (node.IsSequence()) {
    for (const auto& item : node)
      if (!is_number(item)) return "a list with an item that is not a number";
    return {};
  }
  if (node.IsMap() && node["dist"]) return {};
  if (node.IsMap() && node["until_age"]) return "a duration until an age, which has no time to scale";
  if (node.IsMap()) return "a section, not a number or a distribution";
  return "'" + (node.IsScalar() ? node.Scalar() : std::string()) + "', not a number";
}

std::vector<std::string> string_or_list(const ConfigNode& node) {
  std::vector<std::string> items;
  if (node.is_sequence()) {
    for (const auto& item : node.elements()) items.push_back(item.as_string());
    if (items.empty()) node.fail("expected one key path or a list of them, got an empty list");
  } else {
    items.push_back(node.as_string());
  }
  for (const auto& item : items)
    if (item.empty() || item.find('=') != std::string::npos || item.find(' ') != std::string::npos)
      node.fail("'" + item + "' is not a key path such as demand.contacts_per_year");
  return items;
}

SweepMethod parse_method(const ConfigNode& node) {
  const std::string name = node.as_string();
  if (name == "oat" || name == "one_at_a_time") return SweepMethod::one_at_a_time;
  if (name == "grid") return SweepMethod::grid;
  if (name == "lhs" || name == "latin_hypercube") return SweepMethod::latin_hypercube;
  if (name == "morris") return SweepMethod::morris;
  if (name == "sobol") return SweepMethod::sobol;
  node.fail("unknown design method '" + name + "'; known: oat, grid, lhs, morris, sobol");
}

std::size_t count_in(const ConfigNode& node, long long lo, long long hi, const std::string& rule) {
  const long long n = node.as_int();
  if (n < lo || n > hi) node.fail("must be " + rule + ", got " + std::to_string(n));
  return static_cast<std::size_t>(n);
}

SweepDesign parse_design(const ConfigNode& node, std::size_t parameters) {
  node.allow_only({"method", "points", "trajectories", "base_samples", "levels", "seed", "bootstrap"});
  SweepDesign design;
  design.method = parse_method(node.at("method"));
  if (auto seed = node.find("seed")) design.seed = static_cast<std::uint64_t>(count_in(*seed, 0, 9'000'000'000'000'000LL, "a whole number from 0"));
  if (auto bootstrap = node.find("bootstrap")) design.bootstrap = count_in(*bootstrap, 10, 100000, "from 10 to 100000 resamples");
  const auto points_key = [&](const char* preferred) -> std::optional<ConfigNode> {
    if (auto n = node.find(preferred)) return n;
    return node.find("points");
  };
  const std::string d = std::to_string(parameters);
  switch (design.method) {
    case SweepMethod::latin_hypercube: {
      const auto n = node.at("points");
      // Fewer points than parameters + 1 cannot separate the parameters' effects.
      design.points = count_in(n, static_cast<long long>(parameters) + 1, 10'000'000,
                               "at least " + std::to_string(parameters + 1) + " for a Latin hypercube over " + d +
                                   " parameters (one more than the parameters)");
      break;
    }
    case SweepMethod::morris: {
      const auto n = points_key("trajectories");
      if (!n) node.fail("a Morris design needs `trajectories` (at least 2; 10 to 50 is usual)");
      design.points = count_in(*n, 2, 1'000'000, "at least 2 trajectories (sigma needs two elementary effects)");
      design.levels = 4;
      if (auto levels = node.find("levels")) {
        design.levels = count_in(*levels, 2, 100, "an even number from 2 to 100");
        if (design.levels % 2) levels->fail("must be an even number of levels (Morris steps by half of them), got " + std::to_string(design.levels));
      }
      break;
    }
    case SweepMethod::sobol: {
      const auto n = points_key("base_samples");
      if (!n) node.fail("a Sobol design needs `base_samples` N (a power of 2, at least 8): it runs N (D + 2) points");
      design.points = count_in(*n, 8, 1 << 24, "at least 8 base samples (a power of 2 such as 256 or 1024)");
      if (design.points & (design.points - 1))
        n->fail("must be a power of 2 (the Sobol sequence is balanced only over 2^k points), got " + std::to_string(design.points));
      break;
    }
    case SweepMethod::grid:
    case SweepMethod::one_at_a_time: {
      design.levels = design.method == SweepMethod::grid ? 3 : 2;
      if (auto levels = node.find("levels")) design.levels = count_in(*levels, 2, 1000, "at least 2 levels (both ends of the bounds)");
      if (design.method == SweepMethod::grid) {
        double total = std::pow(static_cast<double>(design.levels), static_cast<double>(parameters));
        if (total > 1e6) node.fail("a grid of " + std::to_string(design.levels) + " levels over " + d + " parameters has more than 1,000,000 points; use lhs");
      }
      break;
    }
  }
  return design;
}

SweepParameter parse_parameter(const ConfigNode& node) {
  node.allow_only({"name", "path", "scale", "bounds", "integer", "description", "dist", "mode", "mean", "sd"});
  SweepParameter p;
  const bool set = node.has("path"), scale = node.has("scale");
  if (set == scale) node.fail(set ? "give `path` (set a value) or `scale` (multiply values), not both" : "needs `path` (a key path to set) or `scale` (key paths to multiply)");
  const ConfigNode target = node.at(set ? "path" : "scale");
  p.kind = set ? SweepParameter::Kind::set : SweepParameter::Kind::scale;
  p.targets = string_or_list(target);
  p.where = location(target);
  p.name = node.string_or("name", p.targets.front());
  const ConfigNode bounds = node.at("bounds");
  if (!bounds.is_sequence() || bounds.size() != 2) bounds.fail("expected [lower, upper]");
  p.low = bounds.at(std::size_t{0}).as_double();
  p.high = bounds.at(std::size_t{1}).as_double();
  if (!(p.low < p.high))
    bounds.fail("bounds reversed or empty: the lower bound " + exact_number(p.low) + " must be below the upper " + exact_number(p.high));
  if (scale && p.low <= 0.0) bounds.fail("a scale factor must be above 0, got a lower bound of " + exact_number(p.low));
  p.integer = node.boolean_or("integer", false);
  if (auto dist = node.find("dist")) {
    const std::string name = dist->as_string();
    using D = SweepParameter::Distribution;
    if (name == "uniform") {
      p.distribution = D::uniform;
    } else if (name == "loguniform") {
      p.distribution = D::loguniform;
      if (p.low <= 0.0) bounds.fail("a loguniform parameter needs a lower bound above 0, got " + exact_number(p.low));
    } else if (name == "triangular") {
      p.distribution = D::triangular;
      p.mode = node.at("mode").as_double_in(p.low, p.high, "within the bounds");
    } else if (name == "normal") {
      p.distribution = D::normal;
      p.mean = node.number("mean");
      p.sd = node.at("sd").as_double();
      if (!(p.sd > 0.0)) node.at("sd").fail("must be above 0, got " + exact_number(p.sd));
    } else {
      dist->fail("unknown parameter distribution '" + name + "'; known: uniform, loguniform, triangular (with mode), normal (with mean and sd, truncated to the bounds)");
    }
    const bool wants_mode = p.distribution == D::triangular, wants_moments = p.distribution == D::normal;
    if (!wants_mode && node.has("mode")) node.at("mode").fail("only a triangular parameter has a mode");
    if (!wants_moments && node.has("mean")) node.at("mean").fail("only a normal parameter has a mean");
    if (!wants_moments && node.has("sd")) node.at("sd").fail("only a normal parameter has an sd");
  } else if (node.has("mode") || node.has("mean") || node.has("sd")) {
    node.fail("`mode`, `mean` and `sd` go with `dist: triangular` or `dist: normal`");
  }
  return p;
}

SweepOutput parse_output(const ConfigNode& node) {
  node.allow_only({"name", "metric", "month", "months", "financial_year"});
  SweepOutput o;
  o.metric = node.string("metric");
  o.metric_where = location(node.at("metric"));
  const int given = int(node.has("month")) + int(node.has("months")) + int(node.has("financial_year"));
  if (given != 1) node.fail("give one of `month: M`, `months: [FIRST, LAST]` (mean over the window) or `financial_year: YYYY` (sum over April YYYY to March YYYY+1)");
  if (auto m = node.find("month")) {
    o.kind = SweepOutput::Kind::month;
    o.first_month = o.last_month = static_cast<int>(count_in(*m, 0, 100000, "a month from 0"));
    o.where = location(*m);
  } else if (auto w = node.find("months")) {
    o.kind = SweepOutput::Kind::window_mean;
    if (!w->is_sequence() || w->size() != 2) w->fail("expected [first, last] months");
    o.first_month = static_cast<int>(count_in(w->at(std::size_t{0}), 1, 100000, "a month from 1"));
    o.last_month = static_cast<int>(count_in(w->at(std::size_t{1}), 1, 100000, "a month from 1"));
    if (o.first_month > o.last_month) w->fail("window reversed: month " + std::to_string(o.first_month) + " is after " + std::to_string(o.last_month));
    o.where = location(*w);
  } else {
    const auto fy = node.at("financial_year");
    o.kind = SweepOutput::Kind::financial_year_sum;
    o.financial_year = static_cast<int>(count_in(fy, 1900, 2200, "a year such as 2017 (April 2017 to March 2018)"));
    o.where = location(fy);
  }
  o.name = node.string_or("name", o.metric + "_" + o.period());
  return o;
}

}  // namespace

double SweepParameter::value_at(double u) const {
  const double width = high - low;
  switch (distribution) {
    case Distribution::uniform: return low + u * width;
    case Distribution::loguniform: return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
    case Distribution::triangular: {
      const double at_mode = (mode - low) / width;
      return u < at_mode ? low + std::sqrt(u * width * (mode - low)) : high - std::sqrt((1.0 - u) * width * (high - mode));
    }
    case Distribution::normal: {
      const boost::math::normal normal(mean, sd);
      const double from = boost::math::cdf(normal, low), to = boost::math::cdf(normal, high);
      const double p = std::clamp(from + u * (to - from), 1e-300, 1.0 - 1e-16);
      return std::clamp(boost::math::quantile(normal, p), low, high);
    }
  }
  return low;
}

double SweepParameter::unit_of(double value) const {
  const double x = std::clamp(value, low, high);
  const double width = high - low;
  switch (distribution) {
    case Distribution::uniform: return (x - low) / width;
    case Distribution::loguniform: return (std::log(x) - std::log(low)) / (std::log(high) - std::log(low));
    case Distribution::triangular:
      return x < mode ? (x - low) * (x - low) / (width * (mode - low))
                      : 1.0 - (high - x) * (high - x) / (width * (high - mode));
    case Distribution::normal: {
      const boost::math::normal normal(mean, sd);
      const double from = boost::math::cdf(normal, low), to = boost::math::cdf(normal, high);
      return to > from ? std::clamp((boost::math::cdf(normal, x) - from) / (to - from), 0.0, 1.0) : 0.5;
    }
  }
  return 0.0;
}

std::string SweepParameter::distribution_text() const {
  switch (distribution) {
    case Distribution::uniform: return "uniform";
    case Distribution::loguniform: return "loguniform";
    case Distribution::triangular: return "triangular(mode=" + exact_number(mode) + ")";
    case Distribution::normal: return "normal(mean=" + exact_number(mean) + ",sd=" + exact_number(sd) + ")";
  }
  return "?";
}

void SpecLocation::fail(const std::string& message) const { throw ConfigError(file, key_path, line, message); }

const char* method_name(SweepMethod method) {
  switch (method) {
    case SweepMethod::one_at_a_time: return "oat";
    case SweepMethod::grid: return "grid";
    case SweepMethod::latin_hypercube: return "lhs";
    case SweepMethod::morris: return "morris";
    case SweepMethod::sobol: return "sobol";
  }
  return "?";
}

std::string SweepOutput::period() const {
  switch (kind) {
    case Kind::month: return "m" + std::to_string(first_month);
    case Kind::window_mean: return "m" + std::to_string(first_month) + "-" + std::to_string(last_month);
    case Kind::financial_year_sum: return "fy" + std::to_string(financial_year);
  }
  return "?";
}

std::string exact_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

namespace {

std::string scaled_numbers(const YAML::Node& node, double factor) {
  if (node.IsScalar()) {
    double x = 0.0;
    parse_number(node.Scalar(), x);
    return exact_number(x * factor);
  }
  std::string list = "[";
  for (std::size_t i = 0; i < node.size(); ++i) list += (i ? ", " : "") + scaled_numbers(node[i], factor);
  return list + "]";
}

}  // namespace

std::string scaled_value(const YAML::Node& node, double factor) {
  if (!node.IsMap()) return scaled_numbers(node, factor);
  // A distribution, written whole: a map with `dist` replaces what was there.
  std::string map = "{";
  bool first = true;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    std::string value;
    if (kScaledKeys.count(key)) {
      value = scaled_numbers(kv.second, factor);
    } else if (key == "mu") {  // a log-scale location: scaling the variable shifts it
      double mu = 0.0;
      parse_number(kv.second.Scalar(), mu);
      value = exact_number(mu + std::log(factor));
    } else {
      YAML::Emitter out;
      out << YAML::Flow << kv.second;
      value = out.c_str();
    }
    map += (first ? "" : ", ") + key + ": " + value;
    first = false;
  }
  return map + "}";
}


SweepSpec parse_sweep_spec(const std::string& text, const std::string& file_name) {
  const ConfigNode root = ConfigNode::parse(text, file_name);
  root.allow_only({"name", "description", "base", "set", "replications", "design", "parameters", "outputs"});
  SweepSpec spec;
  spec.file = file_name;
  spec.text = text;
  spec.base = root.string("base");
  spec.name = root.string_or("name", "sweep");
  if (auto sets = root.find("set"))
    for (const auto& s : sets->elements()) {
      spec.sets.push_back(s.as_string());
      if (spec.sets.back().find('=') == std::string::npos) s.fail("expected KEY.PATH=VALUE");
    }
  if (auto r = root.find("replications")) spec.replications = count_in(*r, 1, 1'000'000, "at least 1 replication per point");
  const ConfigNode parameters = root.at("parameters");
  if (!parameters.is_sequence() || parameters.size() == 0) parameters.fail("expected a list of at least one parameter");
  std::set<std::string> names;
  for (const auto& p : parameters.elements()) {
    spec.parameters.push_back(parse_parameter(p));
    if (!names.insert(spec.parameters.back().name).second)
      p.fail("a second parameter named '" + spec.parameters.back().name + "'; give each its own `name`");
  }
  spec.design = parse_design(root.at("design"), spec.parameters.size());
  const ConfigNode outputs = root.at("outputs");
  if (!outputs.is_sequence() || outputs.size() == 0) outputs.fail("expected a list of at least one output");
  names.clear();
  for (const auto& o : outputs.elements()) {
    spec.outputs.push_back(parse_output(o));
    if (!names.insert(spec.outputs.back().name).second) o.fail("a second output named '" + spec.outputs.back().name + "'");
  }
  return spec;
}

void check_sweep_targets(const SweepSpec& spec, const YAML::Node& resolved_base) {
  for (const auto& p : spec.parameters)
    for (const auto& path : p.targets) {
      const YAML::Node node = target_or_fail(resolved_base, path, p.where);
      if (p.kind == SweepParameter::Kind::set) {
        if (!is_number(node)) {
          const std::string held = node.IsScalar() ? "'" + node.Scalar() + "'" : node.IsMap() ? "a map" : "a list";
          p.where.fail("non-numeric target: '" + path + "' holds " + held + ", not a number" +
                       (node.IsMap() && node["dist"] ? "; use `scale:` to multiply a distribution" : ""));
        }
      } else if (const std::string why = unscalable(node); !why.empty()) {
        p.where.fail("cannot scale '" + path + "': it is " + why);
      }
    }
}

sensitivity::Design make_design(const SweepSpec& spec, const std::vector<double>& base_unit) {
  const std::size_t d = spec.parameters.size();
  const SweepDesign& design = spec.design;
  switch (design.method) {
    case SweepMethod::one_at_a_time: return sensitivity::one_at_a_time(base_unit, design.levels);
    case SweepMethod::grid: return sensitivity::full_grid(d, design.levels);
    case SweepMethod::latin_hypercube: return sensitivity::latin_hypercube(design.points, d, design.seed);
    case SweepMethod::morris: return sensitivity::morris_trajectories(design.points, d, design.levels, design.seed);
    case SweepMethod::sobol: return sensitivity::saltelli(design.points, d);
  }
  return {};
}

std::vector<double> base_unit_values(const SweepSpec& spec, const YAML::Node& resolved_base) {
  std::vector<double> unit;
  for (const auto& p : spec.parameters) {
    double base = 1.0;
    if (p.kind == SweepParameter::Kind::set) {
      std::string why;
      const YAML::Node node = find_path(resolved_base, p.targets.front(), why);
      if (node.IsDefined() && node.IsScalar()) parse_number(node.Scalar(), base);
    }
    unit.push_back(p.unit_of(base));
  }
  return unit;
}

std::vector<double> parameter_values(const SweepSpec& spec, const std::vector<double>& unit_row) {
  std::vector<double> values;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    const double x = p.value_at(unit_row[i]);
    values.push_back(p.integer ? std::round(x) : x);
  }
  return values;
}

std::vector<std::string> point_overrides(const SweepSpec& spec, const YAML::Node& resolved_base,
                                         const std::vector<double>& values) {
  std::vector<std::string> overrides = spec.sets;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    for (const auto& path : p.targets) {
      if (p.kind == SweepParameter::Kind::set) {
        overrides.push_back(path + "=" + exact_number(values[i]));
      } else {
        overrides.push_back(path + "=" + scaled_value(target_or_fail(resolved_base, path, p.where), values[i]));
      }
    }
  }
  return overrides;
}

std::vector<int> output_months(const SweepOutput& output, const Date& start, int months) {
  std::vector<int> rows;
  if (output.kind == SweepOutput::Kind::financial_year_sum) {
    // Row m >= 1 is the (m - 1)-th calendar month from the start date's month.
    const int first_month = static_cast<int>(start.year()) * 12 + static_cast<int>(static_cast<unsigned>(start.month())) - 1;
    const int april = output.financial_year * 12 + 3;
    for (int m = 1; m <= months; ++m)
      if (first_month + m - 1 >= april && first_month + m - 1 < april + 12) rows.push_back(m);
    if (rows.size() != 12)
      output.where.fail("financial year " + std::to_string(output.financial_year) + "/" +
                        std::to_string((output.financial_year + 1) % 100) + " is not wholly inside the run (" +
                        std::to_string(months) + " months from " + std::to_string(static_cast<int>(start.year())) +
                        (static_cast<unsigned>(start.month()) < 10 ? "-0" : "-") +
                        std::to_string(static_cast<unsigned>(start.month())) + ")");
    return rows;
  }
  if (output.last_month > months)
    output.where.fail("month " + std::to_string(output.last_month) + " is past the run's last month, " + std::to_string(months));
  for (int m = output.first_month; m <= output.last_month; ++m) rows.push_back(m);
  return rows;
}

}  // namespace caseflow
