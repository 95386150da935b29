#include "caseflow/engine/config_schema.h"

#include <stdexcept>
#include <utility>

namespace caseflow::schema {

namespace {

Value of_kind(Kind kind, std::string description) {
  Value value;
  value.kind = kind;
  value.description = std::move(description);
  return value;
}

}  // namespace

Value anything(std::string description) { return of_kind(Kind::any, std::move(description)); }

Value number(std::string description) { return of_kind(Kind::number, std::move(description)); }

Value number(std::string description, double minimum, double maximum) {
  Value value = of_kind(Kind::number, std::move(description));
  value.minimum = minimum;
  value.maximum = maximum;
  return value;
}

Value integer(std::string description) { return of_kind(Kind::integer, std::move(description)); }

Value integer(std::string description, double minimum, double maximum) {
  Value value = of_kind(Kind::integer, std::move(description));
  value.minimum = minimum;
  value.maximum = maximum;
  return value;
}

Value text(std::string description) { return of_kind(Kind::string, std::move(description)); }

Value flag(std::string description) { return of_kind(Kind::boolean, std::move(description)); }

Value date(std::string description) { return of_kind(Kind::date, std::move(description)); }

Value word(std::string description, std::vector<std::string> words) {
  Value value = of_kind(Kind::word, std::move(description));
  value.words = std::move(words);
  return value;
}

Value object(std::string description, std::vector<Key> keys) {
  Value value = of_kind(Kind::object, std::move(description));
  value.keys = std::move(keys);
  return value;
}

Value map_of(std::string description, Value element) {
  Value value = of_kind(Kind::map, std::move(description));
  value.element = std::make_shared<const Value>(std::move(element));
  return value;
}

Value list_of(std::string description, Value element) {
  Value value = of_kind(Kind::list, std::move(description));
  value.element = std::make_shared<const Value>(std::move(element));
  return value;
}

Value list_of(std::string description, Value element, std::size_t length) {
  Value value = list_of(std::move(description), std::move(element));
  value.length = length;
  return value;
}

Value distribution(std::string description, std::vector<Key> extra_keys) {
  Value value = of_kind(Kind::distribution, std::move(description));
  value.keys = std::move(extra_keys);
  return value;
}

Value any_of(std::string description, std::vector<Value> alternatives) {
  Value value = of_kind(Kind::any_of, std::move(description));
  value.alternatives = std::move(alternatives);
  return value;
}

Value nullable(Value value) {
  value.nullable = true;
  return value;
}

Key required(std::string name, Value value) { return Key{std::move(name), true, std::move(value)}; }

Key optional(std::string name, Value value) { return Key{std::move(name), false, std::move(value)}; }

namespace {

//! The value one step below `value`: the key `step`, or with "*" the element
//! of a map or list; for any_of, of the first alternative that has it. Null if none.
const Value* step_into(const Value& value, std::string_view step) {
  if (value.kind == Kind::any_of) {
    for (const Value& alternative : value.alternatives)
      if (const Value* found = step_into(alternative, step)) return found;
    return nullptr;
  }
  if (step == "*") return (value.kind == Kind::map || value.kind == Kind::list) ? value.element.get() : nullptr;
  for (const Key& key : value.keys)
    if (key.name == step) return &key.value;
  return nullptr;
}

}  // namespace

const Value& at(const Value& root, std::string_view path) {
  const Value* value = &root;
  std::string_view rest = path;
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    const std::string_view step = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    const Value* next = step_into(*value, step);
    if (!next) throw std::logic_error("config schema: no '" + std::string(step) + "' in '" + std::string(path) + "'");
    value = next;
  }
  return *value;
}

std::vector<std::string> keys_of(const Value& value) {
  if (value.kind != Kind::object && value.kind != Kind::distribution)
    throw std::logic_error("config schema: '" + value.description + "' has no keys of its own");
  std::vector<std::string> names;
  names.reserve(value.keys.size());
  for (const Key& key : value.keys) names.push_back(key.name);
  return names;
}

std::vector<std::string> keys_at(const Value& root, std::string_view path) { return keys_of(at(root, path)); }

}  // namespace caseflow::schema
