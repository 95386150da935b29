// The scenario schema (model/scenario_schema.h) and what is made from it: the
// loader accepts exactly its keys, `caseflow schema` prints it as JSON Schema,
// and the config reference lists every key.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "caseflow/engine/config_schema.h"
#include "caseflow/engine/distribution.h"
#include "caseflow/interface/config_schema_output.h"
#include "caseflow/model/scenario.h"
#include "caseflow/model/scenario_schema.h"
#include "test_support.h"

namespace caseflow {
namespace {

using json = nlohmann::ordered_json;  // keeps the schema's order of keys

TEST(ConfigSchema, PathsReachNestedSectionsAndTheChildrenOfNamedMaps) {
  EXPECT_EQ(scenario_keys("workforce.supervision"), (std::vector<std::string>{"span_limit", "excess"}));
  EXPECT_EQ(scenario_keys("pathway.states.*.transitions.*"), (std::vector<std::string>{"to", "probability", "duration"}));
  // A mix is shares or age bands: `*` steps into the bands.
  EXPECT_EQ(scenario_keys("costs.placements.mix.*"), (std::vector<std::string>{"below_age", "shares"}));
}

TEST(ConfigSchema, APathThatNamesNothingIsAFaultOfTheProgram) {
  EXPECT_THROW(scenario_keys("workforce.no_such_section"), std::logic_error);
  EXPECT_THROW(scenario_keys("demand.contacts_per_year"), std::logic_error);  // a number has no keys
}

TEST(ConfigSchema, TheLoaderRejectsAKeyTheSchemaDoesNotList) {
  const std::string yaml = test_support::one_state_yaml(100, "{dist: fixed, value: 30}", 0) + "workforce: {gradez: {}}\n";
  try {
    parse_scenario(yaml, "test.yaml");
    FAIL() << "a misspelt section was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "workforce.gradez");
    EXPECT_NE(e.message().find("did you mean 'grades'"), std::string::npos) << e.message();
  }
}

TEST(ConfigSchema, JsonSchemaIsDraft07WithEverySectionDescribed) {
  const json schema = json::parse(scenario_json_schema());
  EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#");
  EXPECT_FALSE(schema["title"].get<std::string>().empty());
  for (const char* form : {"scenario", "layer"}) {
    const json& root = schema["definitions"][form];
    EXPECT_EQ(root["additionalProperties"], false);
    std::vector<std::string> sections;
    for (const auto& [name, section] : root["properties"].items()) {
      sections.push_back(name);
      EXPECT_FALSE(section["description"].get<std::string>().empty()) << name;
    }
    EXPECT_EQ(sections, scenario_keys("")) << form;
  }
  // A complete scenario needs its required sections; a layer over a base does not.
  EXPECT_EQ(schema["definitions"]["scenario"]["required"], (json{"scenario", "demand", "pathway"}));
  EXPECT_FALSE(schema["definitions"]["layer"].contains("required"));
  EXPECT_EQ(schema["if"]["required"], json{"extends"});
}

TEST(ConfigSchema, JsonSchemaListsTheKeysTheLoaderAllows) {
  const json schema = json::parse(scenario_json_schema());
  const json& team = schema["definitions"]["scenario"]["properties"]["workforce"]["properties"]["teams"]["additionalProperties"];
  std::vector<std::string> keys;
  for (const auto& [name, value] : team["properties"].items()) keys.push_back(name);
  EXPECT_EQ(keys, scenario_keys("workforce.teams.*"));
  EXPECT_EQ(team["required"], (json{"holds", "workers", "managers"}));  // a team holding no states has no cap
}

TEST(ConfigSchema, DistributionsOfferEveryFamilyTheLoaderReads) {
  const json schema = json::parse(scenario_json_schema());
  // Every distribution refers to one definition of the families.
  const json& ages = schema["definitions"]["scenario"]["properties"]["children"]["properties"]["entry_age_years"];
  EXPECT_EQ(ages["allOf"][0]["$ref"], "#/definitions/distribution");
  const json& distribution = schema["definitions"]["distribution"];
  std::vector<std::string> names;
  for (const auto& family : distribution_families()) names.push_back(family.name);
  EXPECT_EQ(distribution["properties"]["dist"]["enum"], json(names));
  EXPECT_EQ(distribution["allOf"].size(), names.size());
  // A duration's distribution also takes its unit.
  EXPECT_TRUE(schema["definitions"]["distribution_unit"]["properties"].contains("unit"));
}

TEST(ConfigSchema, ReferenceListsEveryKeyPath) {
  const std::string reference = scenario_config_reference();
  for (const char* path : {"`scenario.start_date`", "`pathway.states.<name>.transitions[].probability`",
                           "`workforce.teams.<name>.caseload_cap`", "`workload.tasks.<name>.first.unit`",
                           "`costs.placements.mix[].below_age`", "`policies[].ramp`", "`extends`"})
    EXPECT_NE(reference.find(path), std::string::npos) << path;
  for (const auto& family : distribution_families())
    EXPECT_NE(reference.find("| `" + family.name + "` |"), std::string::npos) << family.name;
}

}  // namespace
}  // namespace caseflow
