#include "caseflow/engine/config_node.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace caseflow {

namespace {

std::string describe_location(const std::string& file, const std::string& key_path, int line) {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!key_path.empty()) out += ": " + key_path;
  return out;
}

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string node_kind(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return "'" + node.Scalar() + "'";
}

}  // namespace

ConfigError::ConfigError(std::string file, std::string key_path, int line, std::string message)
    : std::runtime_error(describe_location(file, key_path, line) + ": " + message),
      file_(std::move(file)),
      key_path_(std::move(key_path)),
      line_(line),
      message_(std::move(message)) {}

namespace {

YAML::Node load_yaml(const std::string& text, const std::string& file_name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file_name, "", e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg);
  }
}

// Whether `over` layered onto `target` merges into it (rather than replacing it).
bool merges(const YAML::Node& target, const YAML::Node& over) {
  return over.IsMap() && over.size() > 0 && target.IsDefined() && target.IsMap() && !is_value_map(over) &&
         !is_value_map(target);
}

}  // namespace

namespace {
void set_flow_style(YAML::Node node) {
  if (!node.IsMap() && !node.IsSequence()) return;
  node.SetStyle(YAML::EmitterStyle::Flow);
  if (node.IsMap())
    for (auto kv : node) set_flow_style(kv.second);
  else
    for (auto item : node) set_flow_style(item);
}
}  // namespace

std::string flow_text(const YAML::Node& node) {
  YAML::Node copy = YAML::Clone(node);
  set_flow_style(copy);
  YAML::Emitter out;
  out << YAML::Flow << copy;
  return out.c_str();
}

bool is_value_map(const YAML::Node& node) {
  if (!node.IsMap()) return false;
  const YAML::Node& view = node;  // const: a lookup must not add the key
  return view["dist"].IsDefined() || view["until_age"].IsDefined();
}

void merge_into(YAML::Node base, const YAML::Node& over, const std::string& path, const std::string& origin,
                bool has_lines, std::vector<ConfigSource::Layer>& layers) {
  for (const auto& kv : over) {
    const std::string key = kv.first.Scalar();
    const std::string child = path.empty() ? key : path + "." + key;
    const YAML::Node& view = base;  // const: a lookup must not add the key
    const YAML::Node target = view[key];
    if (merges(target, kv.second)) {
      merge_into(base[key], kv.second, child, origin, has_lines, layers);
    } else {
      base[key] = kv.second;
      const YAML::Mark mark = kv.second.Mark();
      layers.push_back({child, origin, has_lines, has_lines && !mark.is_null() ? mark.line + 1 : 0});
    }
  }
}

namespace {

// The file `extends: name` names, relative to the directory of the file that
// says it (`from`, itself relative to the top file's directory), in the form
// the reader takes: relative to the top file's directory, or absolute.
std::string extended_path(const std::string& from, const std::string& name) {
  const std::filesystem::path target(name);
  if (target.is_absolute()) return name;
  return (std::filesystem::path(from).parent_path() / target).lexically_normal().string();
}

// How messages name a file the reader reads as `relative`: as a path from the
// working directory when the top file was named by one.
std::string display_path(const std::string& top_file, const std::string& relative) {
  const std::filesystem::path target(relative);
  if (target.is_absolute()) return relative;
  return (std::filesystem::path(top_file).parent_path() / target).lexically_normal().string();
}

// Loads a file and, recursively, the files it extends; returns the merged tree.
// `file_name` names the file in messages; `relative` is its path for the
// reader (empty for the top file).
YAML::Node load_layered(const std::string& text, const std::string& file_name, const std::string& relative,
                        const std::string& top_file, const TextReader& read, ConfigSource& source, int depth) {
  YAML::Node root = load_yaml(text, file_name);
  if (!root.IsMap() || !root["extends"].IsDefined()) {
    source.file = file_name;
    return root;
  }
  const YAML::Node extends = root["extends"];
  const int line = extends.Mark().is_null() ? 0 : extends.Mark().line + 1;
  if (!extends.IsScalar()) throw ConfigError(file_name, "extends", line, "expected the name of the scenario file this one builds on");
  if (depth >= 8) throw ConfigError(file_name, "extends", line, "more than 8 files extend one another (a cycle?)");
  if (!read) throw ConfigError(file_name, "extends", line, "only a scenario read from a file can extend another file");
  const std::string base_relative = extended_path(relative, extends.Scalar());
  const std::string base_name = display_path(top_file, base_relative);
  std::string base_text;
  try {
    base_text = read(base_relative);
  } catch (const ConfigError& e) {
    throw ConfigError(file_name, "extends", line, "cannot read '" + base_name + "': " + e.message());
  } catch (const std::exception& e) {
    throw ConfigError(file_name, "extends", line, "cannot read '" + base_name + "': " + e.what());
  }
  YAML::Node base = load_layered(base_text, base_name, base_relative, top_file, read, source, depth + 1);
  if (!base.IsMap()) throw ConfigError(base_name, "", 1, "expected a scenario (a map) to extend");
  root.remove("extends");
  merge_into(base, root, "", file_name, true, source.layers);
  return base;
}

}  // namespace

namespace {

thread_local ConfigCapture* active_capture = nullptr;

// Copies the defaults recorded against the maps of `original` into `copy`, its
// clone, walking the two trees side by side (the records hold handles into
// the original; the clone is what is written out).
void apply_defaults(const YAML::Node& original, YAML::Node copy, const std::vector<ConfigResolution::Default>& defaults) {
  if (original.IsSequence()) {
    for (std::size_t i = 0; i < original.size(); ++i) apply_defaults(original[i], copy[i], defaults);
    return;
  }
  if (!original.IsMap()) return;
  for (const auto& kv : original)
    if (kv.first.IsScalar()) apply_defaults(kv.second, copy[kv.first.Scalar()], defaults);
  for (const auto& d : defaults) {
    if (!d.parent.is(original)) continue;
    const YAML::Node& existing = copy;  // const: a lookup must not add the key
    if (!existing[d.key].IsDefined()) copy[d.key] = YAML::Clone(d.value);
  }
}

YAML::Node resolve(const ConfigResolution& resolution) {
  YAML::Node tree = YAML::Clone(resolution.root);
  apply_defaults(resolution.root, tree, resolution.defaults);
  return tree;
}

std::string emit(const YAML::Node& tree) {
  YAML::Emitter out;
  out << tree;
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace

YAML::Node config_scalar(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return YAML::Node(std::string(buffer, result.ptr));
}

YAML::Node config_scalar(bool value) { return YAML::Node(std::string(value ? "true" : "false")); }
YAML::Node config_scalar(const std::string& value) { return YAML::Node(value); }
YAML::Node config_scalar(const char* value) { return YAML::Node(std::string(value)); }

ConfigCapture::ConfigCapture() : previous_(active_capture) { active_capture = this; }
ConfigCapture::~ConfigCapture() { active_capture = previous_; }

std::string ConfigCapture::resolved_yaml() const { return resolution_ ? emit(resolve(*resolution_)) : std::string(); }

ConfigNode ConfigNode::parse(const std::string& text, const std::string& file_name,
                             const std::vector<std::string>& overrides, const TextReader& read) {
  auto source = std::make_shared<ConfigSource>();
  YAML::Node root = load_layered(text, file_name, "", file_name, read, *source, 0);
  for (const auto& assignment : overrides) {
    const std::string origin = "--set " + assignment;
    if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) throw ConfigError(origin, "", 0, "the config is not a map, so no key path can be set");
    apply_override(root, assignment, origin, &source->layers);
  }
  source->resolution = std::make_shared<ConfigResolution>();
  source->resolution->root = root;
  if (active_capture && !active_capture->resolution_) active_capture->resolution_ = source->resolution;
  return ConfigNode(root, std::move(source), "", 1);
}

void ConfigNode::record_default(std::string_view key, const YAML::Node& value) const {
  if (!source_->resolution || !node_ || !node_.IsMap() || has(key) || !value.IsDefined() || value.IsNull()) return;
  source_->resolution->defaults.push_back({node_, std::string(key), value});
}

YAML::Node ConfigNode::resolved_tree() const {
  return source_->resolution ? resolve(*source_->resolution) : YAML::Node();
}

std::string ConfigNode::resolved_yaml() const {
  return source_->resolution ? emit(resolve(*source_->resolution)) : std::string();
}

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const ConfigSource> source, std::string path,
                       int fallback_line)
    : node_(std::move(node)), source_(std::move(source)), path_(std::move(path)), fallback_line_(fallback_line) {}

const ConfigSource::Layer* ConfigNode::layer() const {
  // The latest layer to set this path or one of its parents wins.
  for (auto it = source_->layers.rbegin(); it != source_->layers.rend(); ++it) {
    const std::string& key = it->path;
    if (path_.compare(0, key.size(), key) == 0 &&
        (path_.size() == key.size() || path_[key.size()] == '.' || path_[key.size()] == '['))
      return &*it;
  }
  return nullptr;
}

int ConfigNode::line() const {
  if (const auto* l = layer(); l && !l->has_lines) return 0;
  if (node_) {
    const YAML::Mark mark = node_.Mark();
    if (!mark.is_null()) return mark.line + 1;
  }
  return fallback_line_;
}

std::size_t ConfigNode::size() const { return node_ ? node_.size() : 0; }

const std::string& ConfigNode::origin() const {
  const auto* l = layer();
  return l ? l->origin : source_->file;
}

void ConfigNode::fail(const std::string& message) const {
  std::string also;
  if (node_ && (node_.IsMap() || node_.IsSequence())) {
    const std::string& own = origin();
    std::size_t named = 0, more = 0;
    for (const auto& l : source_->layers) {
      const bool below = l.path.size() > path_.size() && l.path.compare(0, path_.size(), path_) == 0 &&
                         (path_.empty() || l.path[path_.size()] == '.' || l.path[path_.size()] == '[');
      const std::string where = l.has_lines ? l.origin + ":" + std::to_string(l.line) + " (" + l.path + ")" : l.origin;
      if (!below || l.origin == own || also.find(where) != std::string::npos) continue;
      if (named == 3) {
        ++more;
        continue;
      }
      also += (named++ ? ", " : "") + where;
    }
    if (more > 0) also += " and " + std::to_string(more) + " more";
  }
  throw ConfigError(origin(), path_, line(), also.empty() ? message : message + " [values below it set in " + also + "]");
}

std::string ConfigNode::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool ConfigNode::has(std::string_view key) const {
  return node_ && node_.IsMap() && node_[std::string(key)].IsDefined();
}

ConfigNode ConfigNode::at(std::string_view key) const {
  if (!node_ || !node_.IsMap()) fail("expected a map with key '" + std::string(key) + "', got " + node_kind(node_));
  YAML::Node child = node_[std::string(key)];
  // Missing from this map: named where the map was written.
  if (!child.IsDefined()) throw ConfigError(origin(), child_path(key), line(), "missing required key");
  return ConfigNode(child, source_, child_path(key), line());
}

std::optional<ConfigNode> ConfigNode::find(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return at(key);
}

ConfigNode ConfigNode::at(std::size_t index) const {
  if (!node_ || !node_.IsSequence()) fail("expected a list, got " + node_kind(node_));
  if (index >= node_.size()) fail("list has no element " + std::to_string(index));
  return ConfigNode(node_[index], source_, path_ + "[" + std::to_string(index) + "]", line());
}

std::vector<ConfigNode> ConfigNode::elements() const {
  if (!node_ || !node_.IsSequence()) fail("expected a list, got " + node_kind(node_));
  std::vector<ConfigNode> out;
  out.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) out.push_back(at(i));
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  if (!node_ || !node_.IsMap()) fail("expected a map, got " + node_kind(node_));
  std::vector<std::string> out;
  for (const auto& kv : node_) {
    if (!kv.first.IsScalar()) fail("map keys must be plain names");
    out.push_back(kv.first.Scalar());
  }
  return out;
}

void ConfigNode::allow_only(std::initializer_list<std::string_view> allowed) const {
  allow_only(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void ConfigNode::allow_only(const std::vector<std::string>& allowed) const {
  if (!node_ || !node_.IsMap()) {
    std::string keys;
    for (const auto& key : allowed) keys += (keys.empty() ? "" : ", ") + key;
    fail("expected a map with keys from: " + keys + "; got " + node_kind(node_));
  }
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string hint;
    std::size_t best = 3;  // only suggest near misses
    for (const auto& candidate : allowed) {
      const std::size_t d = edit_distance(key, candidate);
      if (d < best) {
        best = d;
        hint = candidate;
      }
    }
    std::ostringstream message;
    message << "unknown key";
    if (!hint.empty()) message << " (did you mean '" << hint << "'?)";
    message << "; allowed here: ";
    for (std::size_t i = 0; i < allowed.size(); ++i) message << (i ? ", " : "") << allowed[i];
    const YAML::Mark mark = kv.first.Mark();
    const ConfigNode offender(kv.second, source_, child_path(key), mark.is_null() ? line() : mark.line + 1);
    // An unknown key may have been made by a layer setting a.b.c, on the way to c.
    const ConfigSource::Layer* l = offender.layer();
    for (const auto& candidate : source_->layers)
      if (!l && candidate.path.compare(0, offender.path().size() + 1, offender.path() + ".") == 0) l = &candidate;
    const bool lines = !l || l->has_lines;
    throw ConfigError(l ? l->origin : source_->file, offender.path(), lines ? offender.fallback_line_ : 0,
                      message.str());
  }
}

double ConfigNode::as_double() const {
  if (!node_ || !node_.IsScalar()) fail("expected a number, got " + node_kind(node_));
  const std::string& text = node_.Scalar();
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  // Reject trailing text ("12 days") and the spellings of inf/nan strtod accepts.
  if (used == 0 || used != text.size() || !std::isfinite(value)) fail("expected a number, got '" + text + "'");
  return value;
}

long long ConfigNode::as_int() const {
  const double value = as_double();
  if (value != std::floor(value) || std::fabs(value) > 9.0e15)
    fail("expected a whole number, got '" + node_.Scalar() + "'");
  return static_cast<long long>(value);
}

bool ConfigNode::as_bool() const {
  if (node_ && node_.IsScalar()) {
    const std::string& text = node_.Scalar();
    if (text == "true" || text == "yes" || text == "on") return true;
    if (text == "false" || text == "no" || text == "off") return false;
  }
  fail("expected true or false, got " + node_kind(node_));
}

std::string ConfigNode::as_string() const {
  if (!node_ || !node_.IsScalar()) fail("expected text, got " + node_kind(node_));
  return node_.Scalar();
}

double ConfigNode::number_or(std::string_view key, double fallback) const {
  const auto child = find(key);
  if (child) return child->as_double();
  record_default(key, config_scalar(fallback));
  return fallback;
}

double ConfigNode::as_double_in(double lo, double hi, std::string_view rule) const {
  const double value = as_double();
  if (value < lo || value > hi) fail("must be " + std::string(rule) + ", got " + node_.Scalar());
  return value;
}

double ConfigNode::number_in(std::string_view key, double lo, double hi, std::string_view rule) const {
  return at(key).as_double_in(lo, hi, rule);
}

std::string ConfigNode::string_or(std::string_view key, std::string fallback) const {
  const auto child = find(key);
  if (child) return child->as_string();
  record_default(key, config_scalar(fallback));
  return fallback;
}

bool ConfigNode::boolean_or(std::string_view key, bool fallback) const {
  const auto child = find(key);
  if (child) return child->as_bool();
  record_default(key, config_scalar(fallback));
  return fallback;
}

void apply_override(YAML::Node& root, const std::string& assignment, const std::string& origin,
                    std::vector<ConfigSource::Layer>* layers) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ConfigError(origin, assignment, 0, "expected KEY.PATH=VALUE");
  const std::string path = assignment.substr(0, equals);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(equals + 1));
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin, path, 0, "value is not valid YAML: " + e.msg);
  }
  // Segments are map keys, or list positions written `key[2]` (0-based, as
  // errors print them): pathway.states.cin.transitions[1].probability=0.3.
  struct Step {
    std::string key;        // a map key, or empty for a list position
    std::size_t index = 0;  // the list position
    std::string text;       // as written, for errors
  };
  std::vector<Step> steps;
  std::string normal_path;  // as ConfigNode::path() spells it: list positions without leading zeros
  std::stringstream stream(path);
  for (std::string part; std::getline(stream, part, '.');) {
    const auto bracket = part.find('[');
    const std::string key = part.substr(0, bracket);
    if (key.empty()) throw ConfigError(origin, path, 0, "empty segment in key path");
    steps.push_back({key, 0, key});
    normal_path += (normal_path.empty() ? "" : ".") + key;
    for (std::size_t at = bracket; at != std::string::npos;) {
      const auto close = part.find(']', at);
      const std::string digits = close == std::string::npos ? "" : part.substr(at + 1, close - at - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
        throw ConfigError(origin, path, 0, "'" + part + "': a list position is written key[N], N a whole number from 0");
      steps.push_back({"", static_cast<std::size_t>(std::stoul(digits)), steps.back().text + "[" + digits + "]"});
      normal_path += "[" + std::to_string(steps.back().index) + "]";
      at = close + 1 < part.size() ? close + 1 : std::string::npos;
      if (at != std::string::npos && part[at] != '[')
        throw ConfigError(origin, path, 0, "'" + part + "': unexpected text after ']'");
    }
  }
  // Checks that step i can be taken from `parent`. A missing map key is fine:
  // the non-const operator[] below creates it (and any maps on the way).
  auto check_step = [&](const YAML::Node& parent, std::size_t i) {
    const Step& step = steps[i];
    const std::string owner = i > 0 ? steps[i - 1].text : std::string("the top level");
    if (step.key.empty()) {
      if (!parent.IsSequence()) throw ConfigError(origin, path, 0, "'" + owner + "' is not a list, so it has no item [" + std::to_string(step.index) + "]");
      if (step.index >= parent.size())
        throw ConfigError(origin, path, 0, "'" + owner + "' has " + std::to_string(parent.size()) + " items (positions from 0), so no [" + std::to_string(step.index) + "]");
    } else if (parent.IsDefined() && !parent.IsNull() && !parent.IsMap()) {
      throw ConfigError(origin, path, 0, "'" + owner + "' is not a map, so it has no key '" + step.key + "'");
    }
  };
  // yaml-cpp's operator[] returns proxies that alias, and assigning one Node
  // to another rebinds what the first refers to: walk with fresh handles.
  std::vector<YAML::Node> chain{root};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    YAML::Node parent = chain.back();
    check_step(parent, i);
    if (i + 1 == steps.size()) {
      // A map onto a structural map merges into it, as a file that extends
      // another does; anything else (a distribution, a list item, a scalar,
      // a list) replaces what was there.
      if (!steps[i].key.empty()) {
        const YAML::Node& view = parent;  // const: a lookup must not add the key
        const YAML::Node target = view[steps[i].key];
        if (merges(target, value)) {
          std::vector<ConfigSource::Layer> ignored;
          merge_into(parent[steps[i].key], value, normal_path, origin, false, layers ? *layers : ignored);
          return;
        }
      }
      if (steps[i].key.empty()) parent[steps[i].index] = value;
      else parent[steps[i].key] = value;
      if (layers) layers->push_back({normal_path, origin, false});
    } else {
      chain.push_back(steps[i].key.empty() ? parent[steps[i].index] : parent[steps[i].key]);
    }
  }
}

}  // namespace caseflow
