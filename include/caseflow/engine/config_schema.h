//===----------------------------------------------------------------------===//
// config_schema.h: what a config's keys may hold, written once
//
// A loader describes each section it reads as a schema::Value (its keys, their
// types, a one-line meaning, which are required) and checks a map's keys
// against that description (ConfigNode::allow_only(schema::keys_at(...))), so
// that a key the loader reads is a key the description lists. The same
// description becomes the JSON Schema editors complete from (`caseflow
// schema`) and the config reference (docs/config-reference.md). The loader
// stays the authority: cross-references (a team naming a state), sums (shares
// adding to 1) and rules between keys are checked only there.
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caseflow::schema {

enum class Kind {
  any,           // whatever YAML holds (the values a policy sets)
  number,        // any number, or one in [minimum, maximum]
  integer,       // a whole number
  string,
  boolean,
  date,          // YYYY-MM-DD
  word,          // one of `words`
  object,        // a map with the fixed keys `keys`
  map,           // a map of names the config chooses (states, teams, ...), each an `element`
  list,          // a sequence of `element`
  distribution,  // {dist: FAMILY, parameters...} (distribution.h), plus `keys` beside them
  any_of,        // one of `alternatives`
};

struct Key;

//! What one config value may be.
struct Value {
  Kind kind = Kind::any;
  std::string description;
  std::optional<double> minimum, maximum;  // number, integer
  std::vector<std::string> words;          // word: the words accepted
  std::vector<Key> keys;                   // object: its keys; distribution: keys besides the family's
  std::shared_ptr<const Value> element;    // map: each named child; list: each item
  std::optional<std::size_t> length;       // list: an exact number of items
  std::vector<Value> alternatives;         // any_of
  bool nullable = false;                   // an empty value (`grade:`) is accepted too
};

struct Key {
  std::string name;
  bool required = false;
  Value value;
};

// Builders, so that a section reads as a list of its keys.
Value anything(std::string description);
Value number(std::string description);
Value number(std::string description, double minimum, double maximum);
Value integer(std::string description, double minimum, double maximum);
Value integer(std::string description);
Value text(std::string description);
Value flag(std::string description);
Value date(std::string description);
Value word(std::string description, std::vector<std::string> words);
Value object(std::string description, std::vector<Key> keys);
Value map_of(std::string description, Value element);
Value list_of(std::string description, Value element);
Value list_of(std::string description, Value element, std::size_t length);
//! A distribution (any family of distribution_families()), with `extra_keys` beside its parameters.
Value distribution(std::string description, std::vector<Key> extra_keys = {});
Value any_of(std::string description, std::vector<Value> alternatives);
Value nullable(Value value);
Key required(std::string name, Value value);
Key optional(std::string name, Value value);

//! The value at `path` below `root`: keys joined by '.', with '*' for the
//! child of a map or an item of a list (`pathway.states.*.transitions.*`).
//! A path that names nothing is a fault of the program: std::logic_error.
const Value& at(const Value& root, std::string_view path);
//! The key names of an object (or the keys beside a distribution's parameters).
std::vector<std::string> keys_of(const Value& value);
//! keys_of(at(root, path)): what ConfigNode::allow_only takes.
std::vector<std::string> keys_at(const Value& root, std::string_view path);

}  // namespace caseflow::schema
