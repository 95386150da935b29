// Loading scenarios: every class of bad input gives a ConfigError that names
// the file, the key path and the line.
#include <gtest/gtest.h>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/pathway.h"
#include "caseflow/model/scenario.h"
#include "test_support.h"

using namespace caseflow;

namespace {

std::string valid() { return test_support::one_state_yaml(365, "{dist: exponential, mean: 30}", 0); }

// Replaces the first occurrence of `from` in the valid config.
std::string with(const std::string& from, const std::string& to) {
  std::string text = valid();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

ConfigError error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "bad.yaml");
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return ConfigError("", "", 0, "");
}

}  // namespace

TEST(Scenario, DefaultScenarioLoads) {
  const Scenario s = parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "manchester-2016.yaml");
  EXPECT_EQ(s.name, "manchester-2016");
  double open = 0;
  for (const auto& [state, n] : s.warm_start.open_by_state) open += n;
  EXPECT_EQ(open, 4953) << "seed 001 table 3: 4,953 open cases";
  EXPECT_TRUE(check_pathway(s.pathway).empty());
}

TEST(Scenario, ValidConfigLoads) {
  const Scenario s = parse_scenario(valid(), "ok.yaml");
  EXPECT_EQ(s.months(), 60);
  EXPECT_EQ(s.pathway.states.size(), 3u);
}

TEST(Scenario, UnknownKeyIsNamedWithAHint) {
  const auto e = error_of(with("demand: {contacts_per_year:", "demand: {contacts_per_yaer:"));
  EXPECT_EQ(e.file(), "bad.yaml");
  EXPECT_EQ(e.key_path(), "demand.contacts_per_yaer");
  EXPECT_EQ(e.line(), 4);
  EXPECT_NE(e.message().find("did you mean 'contacts_per_year'"), std::string::npos) << e.what();
}

TEST(Scenario, UnknownTopLevelKey) {
  const auto e = error_of(valid() + "workforce_typo: 1\n");
  EXPECT_EQ(e.key_path(), "workforce_typo");
}

TEST(Scenario, WrongTypeIsRepeatedBack) {
  const auto e = error_of(with("contacts_per_year: 365", "contacts_per_year: lots"));
  EXPECT_EQ(e.key_path(), "demand.contacts_per_year");
  EXPECT_NE(e.message().find("expected a number, got 'lots'"), std::string::npos) << e.what();
}

TEST(Scenario, ProbabilityOutsideZeroOne) {
  const auto e = error_of(with("[{to: closure, probability: 1}]", "[{to: closure, probability: 1.5}]"));
  EXPECT_EQ(e.key_path(), "pathway.states.work.transitions[0].probability");
  EXPECT_NE(e.message().find("between 0 and 1"), std::string::npos) << e.what();
  EXPECT_EQ(e.line(), 12);
}

TEST(Scenario, ProbabilitiesNotSummingToOne) {
  const auto e = error_of(with("[{to: closure, probability: 1}]", "[{to: closure, probability: 0.9}]"));
  EXPECT_EQ(e.key_path(), "pathway.states.work");
  EXPECT_NE(e.message().find("sum to 0.9, expected 1"), std::string::npos) << e.what();
}

TEST(Scenario, NegativeDuration) {
  const auto e = error_of(with("{dist: exponential, mean: 30}", "{dist: exponential, mean: -30}"));
  EXPECT_EQ(e.key_path(), "pathway.states.work.duration.mean");
  EXPECT_EQ(e.line(), 12);
}

TEST(Scenario, MissingRequiredKey) {
  const auto e = error_of(with("demand: {contacts_per_year: 365}", "demand: {}"));
  EXPECT_EQ(e.key_path(), "demand.contacts_per_year");
  EXPECT_NE(e.message().find("missing required key"), std::string::npos);
}

TEST(Scenario, TransitionToAnUnknownState) {
  const auto e = error_of(with("{to: closure, probability: 1}]", "{to: clossure, probability: 1}]"));
  EXPECT_EQ(e.key_path(), "pathway.states.work.transitions[0].to");
  EXPECT_NE(e.message().find("no state named 'clossure'"), std::string::npos);
}

TEST(Scenario, UnreachableStateIsNamed) {
  const auto e = error_of(valid() + "    orphan: {category: cin, duration: {dist: fixed, value: 1}, transitions: [{to: closure, probability: 1}]}\n");
  EXPECT_EQ(e.key_path(), "pathway.states.orphan");
  EXPECT_NE(e.message().find("cannot be reached"), std::string::npos) << e.what();
}

TEST(Scenario, StateWithNoWayOutIsNamed) {
  // a and b feed each other for ever: no exit is reachable from them.
  std::string text = with("[{to: closure, probability: 1}]", "[{to: closure, probability: 0.5}, {to: a, probability: 0.5}]");
  text += "    a: {category: cin, duration: {dist: fixed, value: 1}, transitions: [{to: b, probability: 1}]}\n"
          "    b: {category: cin, duration: {dist: fixed, value: 1}, transitions: [{to: a, probability: 1}]}\n";
  const auto e = error_of(text);
  EXPECT_EQ(e.key_path(), "pathway.states.a");
  EXPECT_NE(e.message().find("no exit can be reached"), std::string::npos) << e.what();
}

TEST(Scenario, SyntaxErrorHasALine) {
  const auto e = error_of(valid() + "  bad: [unclosed\n");
  EXPECT_GT(e.line(), 0);
  EXPECT_NE(e.message().find("not valid YAML"), std::string::npos);
}

TEST(Scenario, BadDate) {
  const auto e = error_of(with("start_date: 2021-01-01", "start_date: 2021-02-30"));
  EXPECT_EQ(e.key_path(), "scenario.start_date");
  EXPECT_NE(e.message().find("YYYY-MM-DD"), std::string::npos);
}

// Found by the fuzzer: a start date before the bank-holiday rules escaped as
// an internal error.
TEST(Scenario, StartDateOutsideTheCalendarsRange) {
  const auto e = error_of(with("start_date: 2021-01-01", "start_date: 1008-01-01"));
  EXPECT_EQ(e.key_path(), "scenario.start_date");
  EXPECT_NE(e.message().find("between 1978 and 2200"), std::string::npos) << e.what();
}

TEST(Scenario, WarmStartInAnExitIsRefused) {
  const auto e = error_of(valid() + "warm_start: {open_by_state: {closure: 5}}\n");
  EXPECT_EQ(e.key_path(), "warm_start.open_by_state.closure");
}

TEST(Scenario, OverridesApplyByKeyPath) {
  const Scenario s = parse_scenario(valid(), "ok.yaml", {"demand.contacts_per_year=730", "simulation.years=2"});
  EXPECT_EQ(s.demand.contacts_per_year, 730);
  EXPECT_EQ(s.months(), 24);
}

TEST(Scenario, OverrideErrorsNameTheOverride) {
  try {
    parse_scenario(valid(), "ok.yaml", {"demand.contacts_per_year=-5"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "demand.contacts_per_year");
    EXPECT_NE(std::string(e.what()).find("--set"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_scenario(valid(), "ok.yaml", {"demand.contacts_per_year.x=1"}), ConfigError);
  EXPECT_THROW(parse_scenario(valid(), "ok.yaml", {"no-equals-sign"}), ConfigError);
}

TEST(Scenario, CaseLevelCsvWarmStart) {
  const Scenario base = parse_scenario(valid(), "ok.yaml");
  const auto cases = parse_initial_cases_csv("state,children,days_in_state,ages\nwork,2,10.5,3;7\n", "cases.csv", base.pathway);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].children, 2u);
  EXPECT_EQ(cases[0].ages_years, (std::vector<double>{3, 7}));
  try {
    parse_initial_cases_csv("state,children,days_in_state,ages\nwork,2,10,3\n", "cases.csv", base.pathway);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "cases.csv");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.key_path(), "ages");
  }
  EXPECT_THROW(parse_initial_cases_csv("state,children,days_in_state,ages\nclosure,1,0,3\n", "c.csv", base.pathway), ConfigError);
  EXPECT_THROW(parse_initial_cases_csv("wrong,header\n", "c.csv", base.pathway), ConfigError);
}

TEST(Pathway, DotNamesEveryStateAndEdge) {
  const Scenario s = parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml");
  const std::string dot = pathway_dot(s.pathway, s.name);
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  for (const auto& state : s.pathway.states) EXPECT_NE(dot.find(state.label), std::string::npos) << state.name;
  std::size_t edges = 0, transitions = 0;
  for (std::size_t at = dot.find("->"); at != std::string::npos; at = dot.find("->", at + 2)) ++edges;
  for (const auto& state : s.pathway.states)
    for (const auto& t : state.transitions) transitions += t.probability > 0;
  EXPECT_EQ(edges, transitions);
}

// A scenario can build on another: maps merge key by key, and every error
// still names the file and line the value came from.
TEST(Scenario, ExtendsLayersOneFileOverAnother) {
  const std::string base = valid();
  const auto reader = [&](const std::string& path) {
    EXPECT_EQ(path, "base.yaml");
    return base;
  };
  const Scenario s = parse_scenario("extends: base.yaml\ndemand: {growth_per_year: 0.1}\nsimulation: {years: 2}\n",
                                    "child.yaml", {}, reader);
  EXPECT_EQ(s.demand.contacts_per_year, 365) << "kept from the base";
  EXPECT_EQ(s.demand.growth_per_year, 0.1);
  EXPECT_EQ(s.months(), 24);
  try {
    parse_scenario("extends: base.yaml\n\ndemand: {growth_per_year: lots}\n", "child.yaml", {}, reader);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "child.yaml");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.key_path(), "demand.growth_per_year");
  }
  const std::string broken_base = with("contacts_per_year: 365", "contacts_per_year: -1");
  try {
    parse_scenario("extends: base.yaml\n", "child.yaml", {}, [&](const std::string&) { return broken_base; });
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "base.yaml");
    EXPECT_EQ(e.line(), 4);
  }
  EXPECT_THROW(parse_scenario("extends: base.yaml\n", "child.yaml", {}, [](const std::string&) -> std::string {
                 throw ConfigError("base.yaml", "", 0, "file not found");
               }),
               ConfigError);
  // A file that extends itself is stopped, not followed for ever.
  const std::string loop = "extends: loop.yaml\n";
  EXPECT_THROW(parse_scenario(loop, "loop.yaml", {}, [&](const std::string&) { return loop; }), ConfigError);
}
