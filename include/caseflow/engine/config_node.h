//===----------------------------------------------------------------------===//
// config_node.h: a read-only view of a YAML node that knows where it came from
//
// Every value caseflow reads from a scenario goes through ConfigNode, so that
// any error can name the file, the key path (`pathway.states.cin.duration`)
// and the line, say what was expected, and repeat the bad value back.
//===----------------------------------------------------------------------===//
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace caseflow {

//! A problem with a scenario (or any YAML input): where it is and what is wrong.
class ConfigError : public std::runtime_error {
 public:
  //! \param line 1-based; 0 when unknown (e.g. a missing file).
  ConfigError(std::string file, std::string key_path, int line, std::string message);

  const std::string& file() const { return file_; }
  const std::string& key_path() const { return key_path_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::string key_path_;
  int line_;
  std::string message_;
};

//! What a loader made of one config: the merged tree (every `extends` layer
//! and `--set` override applied) and the defaults the loader used for keys the
//! config left out (ConfigNode::record_default), so that the configuration can
//! be written back complete and explicit (ConfigNode::resolved_yaml).
//! Recording is not thread-safe: one loader reads one config on one thread.
struct ConfigResolution {
  struct Default {
    YAML::Node parent;  // the map the key is missing from (a handle into `root`)
    std::string key;
    YAML::Node value;
  };
  YAML::Node root;
  std::vector<Default> defaults;
};

//! Where a config's values come from: a file, the files layered over it with
//! `extends`, and the `--set` assignments applied on top (whose values have
//! no line in any file).
struct ConfigSource {
  struct Layer {
    std::string path;    // key path the layer set (it and everything below it)
    std::string origin;  // the file, or "--set key.path=value"
    bool has_lines;      // false for --set values
    int line = 0;        // where the value was written (1-based; 0 for --set)
  };
  std::string file;  // the base file: every value no layer set comes from it
  std::vector<Layer> layers;
  //! Made by ConfigNode::parse; null for nodes built by hand (nothing is recorded).
  std::shared_ptr<ConfigResolution> resolution;
};

using TextReader = std::function<std::string(const std::string& path)>;

class ConfigNode {
 public:
  //! Parses YAML text; a syntax error becomes a ConfigError at its line.
  //! A top-level `extends: FILE` layers this file over FILE (read with
  //! `read`, FILE relative to the directory of the file that names it; `read`
  //! takes paths relative to this top file's directory): see merge_into for
  //! what merges and what replaces. `overrides` (`key.path=value`) are
  //! applied last, by the same rule. Every value keeps the file and line it
  //! was written at, for messages.
  static ConfigNode parse(const std::string& text, const std::string& file_name,
                          const std::vector<std::string>& overrides = {}, const TextReader& read = {});
  ConfigNode(YAML::Node node, std::shared_ptr<const ConfigSource> source, std::string path, int fallback_line = 0);

  const std::string& path() const { return path_; }
  const std::string& file() const { return source_->file; }
  //! Where this node was written: the file of the layer that set it (the
  //! base file when none did), or "--set key.path=value".
  const std::string& origin() const;
  int line() const;  // 1-based, 0 when yaml-cpp has no mark
  const YAML::Node& yaml() const { return node_; }

  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return !node_ || node_.IsNull(); }
  std::size_t size() const;

  bool has(std::string_view key) const;
  //! A required key of a map: a clear error when this is not a map or the key is missing.
  ConfigNode at(std::string_view key) const;
  std::optional<ConfigNode> find(std::string_view key) const;
  //! Element i of a sequence.
  ConfigNode at(std::size_t index) const;
  //! Elements of a sequence (error if this is not a sequence).
  std::vector<ConfigNode> elements() const;
  //! Keys of a map in file order (error if this is not a map).
  std::vector<std::string> keys() const;

  //! Rejects keys not in `allowed`, naming the nearest allowed key as a hint.
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;

  // Scalars. Each fails with "expected <what>, got '<value>'".
  double as_double() const;
  long long as_int() const;
  bool as_bool() const;
  std::string as_string() const;

  // Convenience: required and optional typed children with a range check.
  double number(std::string_view key) const { return at(key).as_double(); }
  double number_or(std::string_view key, double fallback) const;
  //! A number in [lo, hi]; `rule` completes "must be ..." in the message.
  double number_in(std::string_view key, double lo, double hi, std::string_view rule) const;
  double as_double_in(double lo, double hi, std::string_view rule) const;
  std::string string(std::string_view key) const { return at(key).as_string(); }
  std::string string_or(std::string_view key, std::string fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  // number_or, string_or and boolean_or record the fallback they return (record_default).

  //! For an optional key: when this is a map without `key`, remembers `value`
  //! as the value the loader used in its place, for resolved_yaml(). Does
  //! nothing when the key is present, when this is not a map, or for a node
  //! not made by parse(). The first value recorded for a key wins. Make
  //! scalars with config_scalar() so that numbers read back exactly.
  void record_default(std::string_view key, const YAML::Node& value) const;

  //! The whole configuration this node belongs to, as the loader used it: the
  //! merged tree of every `extends` layer and `--set` override (no `extends`
  //! key) with every recorded default written in. Values keep the text they
  //! were written with, so reading the result gives the same values.
  YAML::Node resolved_tree() const;
  //! resolved_tree() as YAML text (empty for a node not made by parse()).
  std::string resolved_yaml() const;

  //! Throws a ConfigError at this node: its origin(), key path and line. A
  //! map or list that several files wrote to (a structural map merged from
  //! a base and the files over it) also names where the later values below
  //! it were written, since a fault seen there (shares that no longer sum to
  //! 1, say) may be theirs.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string child_path(std::string_view key) const;
  //! The layer that supplied this node, or null when it is from the base file.
  const ConfigSource::Layer* layer() const;
  YAML::Node node_;
  std::shared_ptr<const ConfigSource> source_;
  std::string path_;
  int fallback_line_;
};

//! A YAML scalar for a default: numbers in the shortest text that reads back
//! as the same double (0.1, 1e+09), booleans as true/false.
YAML::Node config_scalar(double value);
YAML::Node config_scalar(bool value);
YAML::Node config_scalar(const std::string& value);
YAML::Node config_scalar(const char* value);

//! While one lives, the first config ConfigNode::parse reads on this thread
//! is kept, so that a caller that only gets a loader's typed result (e.g.
//! parse_scenario) can also write out the complete configuration it read:
//!
//!   ConfigCapture capture;
//!   const Scenario s = parse_scenario(text, file, overrides, reader);
//!   const std::string resolved = capture.resolved_yaml();
//!
//! Captures nest (the innermost one on a thread captures).
class ConfigCapture {
 public:
  ConfigCapture();
  ~ConfigCapture();
  ConfigCapture(const ConfigCapture&) = delete;
  ConfigCapture& operator=(const ConfigCapture&) = delete;
  bool captured() const { return resolution_ != nullptr; }
  //! ConfigNode::resolved_yaml() of the captured config; empty when none was read.
  std::string resolved_yaml() const;

 private:
  friend class ConfigNode;
  std::shared_ptr<const ConfigResolution> resolution_;
  ConfigCapture* previous_;
};

//! A YAML value as one line of flow text ({a: 1, b: [2, 3]}), however its
//! maps and lists were written.
std::string flow_text(const YAML::Node& node);

//! A map that is a value rather than a structure: a distribution or a
//! duration (a map with `dist` or `until_age`).
bool is_value_map(const YAML::Node& node);

//! Layers `over` onto `base`, as a file that `extends` another does: a map
//! onto a map merges key by key, recursively, unless either is a value map
//! (is_value_map), which replaces the other whole, so that a distribution
//! never mixes the keys of two families, and an empty map `{}` empties what
//! was there (`workers: {}`: no workers of any grade). Lists (the transitions of a state,
//! levers, timescales, establishment entries) and scalars replace. Each key
//! path `over` sets (it and everything below it) is recorded in `layers` as
//! coming from `origin`.
void merge_into(YAML::Node base, const YAML::Node& over, const std::string& path, const std::string& origin,
                bool has_lines, std::vector<ConfigSource::Layer>& layers);

//! Sets the value at a dotted key path (`demand.contacts_per_year=30000`),
//! creating maps on the way. The value is parsed as YAML, so lists and maps
//! work too; a map value is layered on what is there by merge_into's rule,
//! so `--set key={...}` does what the same map in a file extending this one
//! would. With `layers`, the key paths set are recorded there (no lines).
void apply_override(YAML::Node& root, const std::string& assignment, const std::string& origin,
                    std::vector<ConfigSource::Layer>* layers = nullptr);

}  // namespace caseflow
