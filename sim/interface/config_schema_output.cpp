// Writes scenario_schema() as a draft-07 JSON Schema and as the Markdown
// config reference (config_schema_output.h).
#include "caseflow/interface/config_schema_output.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "caseflow/engine/distribution.h"
#include "caseflow/model/scenario_schema.h"

namespace caseflow {

using nlohmann::ordered_json;
using schema::Kind;
using schema::Value;

namespace {

constexpr const char* kDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

//! What each distribution parameter is; the families (distribution.h) say which they take.
const std::map<std::string, std::string>& parameter_meanings() {
  static const std::map<std::string, std::string> meanings{
      {"value", "the one value (fixed)"},
      {"mean", "the mean"},
      {"sd", "the standard deviation"},
      {"mu", "the mean of the log (lognormal; any sign)"},
      {"sigma", "the standard deviation of the log (lognormal)"},
      {"shape", "the shape (gamma)"},
      {"scale", "the scale (gamma)"},
      {"min", "the least value"},
      {"mode", "the most likely value (triangular)"},
      {"max", "the greatest value"},
      {"values", "the values drawn (discrete)"},
      {"weights", "their relative weights (discrete: one per value; histogram: one per bin)"},
      {"edges", "the bins' edges, rising (histogram: one more than the weights)"},
  };
  return meanings;
}

bool is_list_parameter(const std::string& name) { return name == "values" || name == "weights" || name == "edges"; }

//===----------------------------------------------------------------------===//
// JSON Schema
//===----------------------------------------------------------------------===//

//! Writes schema::Values as JSON Schema, collecting in `definitions` what many
//! keys share (a distribution's 8 families' rules are written once, not at
//! every duration).
struct JsonWriter {
  ordered_json definitions = ordered_json::object();
  ordered_json json_of(const Value& value, bool complete);
  ordered_json distribution_json(const Value& value);
  ordered_json distribution_reference(const Value& value);
};

ordered_json JsonWriter::distribution_json(const Value& value) {
  const auto& families = distribution_families();
  ordered_json names = ordered_json::array();
  std::vector<std::string> parameters;
  for (const auto& family : families) {
    names.push_back(family.name);
    for (const auto& p : family.parameters)
      if (std::find(parameters.begin(), parameters.end(), p) == parameters.end()) parameters.push_back(p);
  }
  ordered_json properties;
  properties["dist"] = {{"description", "the family"}, {"type", "string"}, {"enum", names}};
  for (const auto& p : parameters) {
    const ordered_json non_negative = {{"type", "number"}, {"minimum", 0}};
    ordered_json schema = is_list_parameter(p) ? ordered_json{{"type", "array"}, {"items", non_negative}}
                          : p == "mu"          ? ordered_json{{"type", "number"}}
                                               : non_negative;
    schema["description"] = parameter_meanings().at(p);
    properties[p] = schema;
  }
  for (const auto& key : value.keys) properties[key.name] = json_of(key.value, true);
  // Each family takes its own parameters and the keys beside them, no others.
  ordered_json rules = ordered_json::array();
  for (const auto& family : families) {
    ordered_json allowed = ordered_json::array({"dist"});
    for (const auto& p : family.parameters) allowed.push_back(p);
    for (const auto& key : value.keys) allowed.push_back(key.name);
    ordered_json rule;
    rule["if"]["properties"]["dist"]["const"] = family.name;
    rule["then"]["propertyNames"]["enum"] = allowed;
    rules.push_back(rule);
  }
  return {{"type", "object"},
          {"properties", properties},
          {"required", {"dist"}},
          {"additionalProperties", false},
          {"allOf", rules}};
}

//! A distribution as a reference to its definition (one per set of keys beside
//! the parameters: `distribution`, `distribution_unit`).
ordered_json JsonWriter::distribution_reference(const Value& value) {
  std::string name = "distribution";
  for (const auto& key : value.keys) name += "_" + key.name;
  if (!definitions.contains(name)) definitions[name] = distribution_json(value);
  ordered_json reference;
  reference["$ref"] = "#/definitions/" + name;
  ordered_json out;
  out["allOf"].push_back(reference);  // a $ref beside a description would hide it in draft 7
  return out;
}

//! `complete`: a map in a file that extends none must hold its required keys;
//! one a file layers over a base (merged key by key) need not. Lists and
//! distributions replace the base's whole, so their items are always complete.
ordered_json JsonWriter::json_of(const Value& value, bool complete) {
  ordered_json out;
  switch (value.kind) {
    case Kind::any: break;
    case Kind::number:
    case Kind::integer:
      out["type"] = value.kind == Kind::number ? "number" : "integer";
      if (value.minimum) out["minimum"] = *value.minimum;
      if (value.maximum) out["maximum"] = *value.maximum;
      break;
    case Kind::string: out["type"] = "string"; break;
    case Kind::boolean: out["type"] = "boolean"; break;
    case Kind::date:
      out["type"] = "string";
      out["pattern"] = kDatePattern;
      break;
    case Kind::word:
      out["type"] = "string";
      out["enum"] = value.words;
      break;
    case Kind::object: {
      out["type"] = "object";
      ordered_json properties = ordered_json::object();
      ordered_json required = ordered_json::array();
      for (const auto& key : value.keys) {
        properties[key.name] = json_of(key.value, complete);
        if (key.required) required.push_back(key.name);
      }
      out["properties"] = properties;
      out["additionalProperties"] = false;
      if (complete && !required.empty()) out["required"] = required;
      break;
    }
    case Kind::map:
      out["type"] = "object";
      out["additionalProperties"] = json_of(*value.element, complete);
      break;
    case Kind::list:
      out["type"] = "array";
      out["items"] = json_of(*value.element, true);
      if (value.length) out["minItems"] = out["maxItems"] = *value.length;
      break;
    case Kind::distribution: out = distribution_reference(value); break;
    case Kind::any_of: {
      ordered_json alternatives = ordered_json::array();
      for (const auto& alternative : value.alternatives) alternatives.push_back(json_of(alternative, complete));
      out["anyOf"] = alternatives;
      break;
    }
  }
  if (value.nullable && out.contains("type")) out["type"] = {out["type"], "null"};
  ordered_json described = {{"description", value.description}};
  if (out.is_object()) described.update(out);  // Kind::any adds nothing

  return described;
}

//===----------------------------------------------------------------------===//
// Markdown
//===----------------------------------------------------------------------===//

//! A bound as a person writes it: 10000000 rather than 1e+07.
std::string bound_text(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e16) return std::to_string(static_cast<long long>(x));
  std::ostringstream text;
  text << x;
  return text.str();
}

std::string range_text(const Value& value) {
  std::string text;
  if (value.minimum) text += ", from " + bound_text(*value.minimum);
  if (value.maximum) text += (value.minimum ? " to " : ", up to ") + bound_text(*value.maximum);
  return text;
}

std::string type_text(const Value& value) {
  std::string text;
  switch (value.kind) {
    case Kind::any: text = "any value"; break;
    case Kind::number: text = "number" + range_text(value); break;
    case Kind::integer: text = "whole number" + range_text(value); break;
    case Kind::string: text = "text"; break;
    case Kind::boolean: text = "true or false"; break;
    case Kind::date: text = "date (YYYY-MM-DD)"; break;
    case Kind::word:
      for (const auto& word : value.words) text += (text.empty() ? "`" : ", `") + word + "`";
      break;
    case Kind::object: {
      for (const auto& key : value.keys) text += (text.empty() ? "" : ", ") + key.name;
      text = "`{" + text + "}`";
      break;
    }
    case Kind::map: text = "map of names to " + type_text(*value.element); break;
    case Kind::list:
      text = "list of " + (value.length ? std::to_string(*value.length) + " " : std::string()) + type_text(*value.element);
      break;
    case Kind::distribution:
      text = "[distribution](#distributions)";
      for (const auto& key : value.keys) text += " + `" + key.name + "`";
      break;
    case Kind::any_of:
      for (const auto& alternative : value.alternatives) text += (text.empty() ? "" : " or ") + type_text(alternative);
      break;
  }
  return value.nullable ? text + " (or empty)" : text;
}

//! Whether the rows below a value are worth listing: maps and lists of
//! objects, objects, and alternatives that are; not the keys of a duration.
bool has_rows(const Value& value) {
  switch (value.kind) {
    case Kind::object: return true;
    case Kind::map:
    case Kind::list: return has_rows(*value.element);
    case Kind::any_of:
      for (const auto& alternative : value.alternatives)
        if (alternative.kind == Kind::distribution) return false;
      for (const auto& alternative : value.alternatives)
        if (has_rows(alternative)) return true;
      return false;
    default: return false;
  }
}

void write_rows(std::ostream& out, const Value& value, const std::string& path) {
  switch (value.kind) {
    case Kind::object:
      for (const auto& key : value.keys) {
        const std::string key_path = path.empty() ? key.name : path + "." + key.name;
        out << "| `" << key_path << "` | " << type_text(key.value) << " | " << (key.required ? "yes" : "") << " | "
            << key.value.description << " |\n";
        if (has_rows(key.value)) write_rows(out, key.value, key_path);
      }
      break;
    case Kind::map: write_rows(out, *value.element, path + ".<name>"); break;
    case Kind::list: write_rows(out, *value.element, path + "[]"); break;
    case Kind::any_of:
      for (const auto& alternative : value.alternatives)
        if (has_rows(alternative)) write_rows(out, alternative, path);
      break;
    default: break;
  }
}

void write_distributions(std::ostream& out) {
  out << "## Distributions\n\n"
         "A distribution is a map with `dist`, the family, and that family's parameters (all finite, and >= 0 "
         "but `mu`). A duration also takes `unit` (`days`, the default, `working_days`, `weeks`, `months` or "
         "`years`), or is `{until_age: AGE}`. A distribution written over another replaces it whole.\n\n"
         "| `dist` | parameters | what it draws |\n|---|---|---|\n";
  for (const auto& family : distribution_families()) {
    std::string parameters;
    for (const auto& p : family.parameters) parameters += (parameters.empty() ? "`" : ", `") + p + "`";
    out << "| `" << family.name << "` | " << parameters << " | " << family.description << " |\n";
  }
  out << "\n| parameter | what it is |\n|---|---|\n";
  std::set<std::string> seen;
  for (const auto& family : distribution_families())
    for (const auto& p : family.parameters)
      if (seen.insert(p).second) out << "| `" << p << "` | " << parameter_meanings().at(p) << " |\n";
}

}  // namespace

std::string scenario_json_schema() {
  const Value& root = scenario_schema();
  JsonWriter writer;
  ordered_json definitions = {{"scenario", writer.json_of(root, true)}, {"layer", writer.json_of(root, false)}};
  definitions.update(writer.definitions);
  ordered_json document = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "caseflow scenario"},
      {"description",
       "A caseflow scenario file (caseflow schema prints this; docs/config-reference.md lists every key). A file with "
       "`extends` is checked as a layer over its base; caseflow validate checks what a schema cannot (names that "
       "refer to states, teams and grades, shares that sum to 1)."},
      {"definitions", definitions},
      {"if", {{"required", {"extends"}}}},
      {"then", {{"$ref", "#/definitions/layer"}}},
      {"else", {{"$ref", "#/definitions/scenario"}}},
  };
  return document.dump(2) + "\n";
}

std::string scenario_config_reference() {
  const Value& root = scenario_schema();
  std::ostringstream out;
  out << "# Scenario config reference\n\n"
         "<!-- Generated by `caseflow schema --markdown` from the definitions the loader checks keys against\n"
         "     (sim/model/*_schema.cpp); edit those, not this file, then run scripts/config-reference.sh. -->\n\n"
         "Every key a scenario file may have, section by section: its type, whether it is required, and what it "
         "means. `<name>` stands for a name the scenario chooses (a state, team, grade, task, placement type ...), "
         "`[]` for each item of a list. A key not listed here is an error. The loader checks more than this table "
         "says (names that refer to states, teams and grades, shares that sum to 1, rules between keys): run "
         "`caseflow validate`. README \"Scenario files\" explains the sections; `caseflow schema` prints the same "
         "definitions as a JSON Schema for editor completion.\n\n";
  for (const auto& section : root.keys) {
    out << "## `" << section.name << "`\n\n" << section.value.description << " (" << (section.required ? "required" : "optional");
    if (!has_rows(section.value)) {
      out << "; " << type_text(section.value) << ").\n\n";
      continue;
    }
    out << ").\n\n";
    out << "| key | type | required | what it is |\n|---|---|---|---|\n";
    write_rows(out, section.value, section.name);
    out << "\n";
  }
  write_distributions(out);
  return out.str();
}

}  // namespace caseflow
