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

//! Where a config's values come from: a file, the files layered over it with
//! `extends`, and the `--set` assignments applied on top (whose values have
//! no line in any file).
struct ConfigSource {
  struct Layer {
    std::string path;    // key path the layer set (it and everything below it)
    std::string origin;  // the file, or "--set key.path=value"
    bool has_lines;      // false for --set values
  };
  std::string file;  // the base file: every value no layer set comes from it
  std::vector<Layer> layers;
};

using TextReader = std::function<std::string(const std::string& path)>;

class ConfigNode {
 public:
  //! Parses YAML text; a syntax error becomes a ConfigError at its line.
  //! A top-level `extends: FILE` layers this file over FILE (read with
  //! `read`): maps merge key by key, anything else is replaced. `overrides`
  //! (`key.path=value`) are applied last. Every value keeps the file and line
  //! it came from, for messages.
  static ConfigNode parse(const std::string& text, const std::string& file_name,
                          const std::vector<std::string>& overrides = {}, const TextReader& read = {});
  ConfigNode(YAML::Node node, std::shared_ptr<const ConfigSource> source, std::string path, int fallback_line = 0);

  const std::string& path() const { return path_; }
  const std::string& file() const { return source_->file; }
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

//! Sets the value at a dotted key path (`demand.contacts_per_year=30000`),
//! creating maps on the way. The value is parsed as YAML, so lists work too.
//! Used by `--set` and, later, by scenarios that override a base config.
void apply_override(YAML::Node& root, const std::string& assignment, const std::string& origin);

}  // namespace caseflow
