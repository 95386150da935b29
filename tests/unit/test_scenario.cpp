// Loading scenarios: every class of bad input gives a ConfigError that names
// the file, the key path and the line.
#include <map>

#include <gtest/gtest.h>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/pathway.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"
#include "caseflow/model/workforce_config.h"
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
  for (const auto& [state, n] : s.warm_start.open_by_state)
    if (s.pathway.states[state].category != Category::leaving_care) open += n;  // care leavers are adults
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
  EXPECT_EQ(e.key_path(), "pathway.states.work.transitions") << "the list whose probabilities are wrong";
  EXPECT_EQ(e.line(), 12);
  EXPECT_NE(e.message().find("sum to 0.9, expected 1"), std::string::npos) << e.what();
}

TEST(Scenario, TooManyTimescalesAreRefused) {
  std::string five = valid() + "reporting:\n  timescales:\n";
  for (int i = 0; i < 5; ++i)
    five += "    - {name: t" + std::to_string(i) + ", from_entering: work, to_leaving: work, limit_working_days: 10}\n";
  const auto e = error_of(five);
  EXPECT_EQ(e.key_path(), "reporting.timescales[4]");
  EXPECT_NE(e.message().find("at most 4 timescales"), std::string::npos) << e.what();
  // Four are fine.
  Scenario four = parse_scenario(five.substr(0, five.rfind("    - ")), "four.yaml");
  ASSERT_EQ(four.timescales.size(), kMaxTimescales);
  EXPECT_NO_THROW(Model{four});
  // A scenario built in code is checked by the model too.
  four.timescales.push_back(four.timescales.front());
  EXPECT_THROW(Model{four}, std::invalid_argument);
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

// An override may add keys the file leaves out, maps on the way included.
TEST(Scenario, OverridesAddMissingSections) {
  const Scenario s = parse_scenario(valid(), "ok.yaml", {"children.re_referral.probability=0.25", "children.re_referral.delay={dist: fixed, value: 30}"});
  EXPECT_EQ(s.children.re_referral_probability, 0.25);
}

// List items are addressed by position, as errors print them: key[N].
TEST(Scenario, OverridesReachListItems) {
  const Scenario s = parse_scenario(valid(), "ok.yaml", {"pathway.states.work.transitions[0].duration={dist: fixed, value: 12}"});
  const auto& work = s.pathway.states[*s.pathway.find("work")];
  EXPECT_EQ(work.transitions[0].duration.mean_days(), 12);
  const auto error = [](const std::string& assignment) {
    try {
      parse_scenario(valid(), "ok.yaml", {assignment});
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("pathway.states.work.transitions[1].probability=1").find("'transitions' has 1 items"), std::string::npos);
  EXPECT_NE(error("pathway.states.work[0]=1").find("'work' is not a list"), std::string::npos);
  EXPECT_NE(error("pathway.states.work.transitions[-1].to=closure").find("key[N]"), std::string::npos);
  EXPECT_NE(error("pathway.states.work.transitions[0]x=1").find("after ']'"), std::string::npos);
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

// Extracts as Excel writes them: quoted fields, CRLF, a byte-order mark.
TEST(Scenario, CaseLevelCsvAcceptsSpreadsheetCsv) {
  const Scenario base = parse_scenario(valid(), "ok.yaml");
  const auto cases = parse_initial_cases_csv("\xEF\xBB\xBF\"state\",\"children\",\"days_in_state\",\"ages\"\r\n"
                                             "\"work\",\"2\",\"10.5\",\"3;7\"\r\nwork,1,0,17.9\r\n",
                                             "cases.csv", base.pathway, 18.0);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].ages_years, (std::vector<double>{3, 7}));
  EXPECT_EQ(cases[1].ages_years, (std::vector<double>{17.9}));
  const auto error = [&](const std::string& row) {
    try {
      parse_initial_cases_csv("state,children,days_in_state,ages\n" + row + "\n", "cases.csv", base.pathway, 18.0);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << row;
    return ConfigError("", "", 0, "");
  };
  // A trailing empty field is a fourth column: the message names the real fault.
  auto e = error("work,0,30,");
  EXPECT_EQ(e.key_path(), "children") << e.what();
  EXPECT_NE(e.message().find("from 1 to 50, got '0'"), std::string::npos) << e.what();
  e = error("work,1,30,");
  EXPECT_EQ(e.key_path(), "ages") << e.what();
  EXPECT_NE(e.message().find("empty: expected 1 age"), std::string::npos) << e.what();
  e = error("work,1,30");
  EXPECT_NE(e.message().find("got 3: 'work', '1', '30'"), std::string::npos) << e.what();
  // A child at or past adulthood would leave on the first day: an error at its line.
  e = error("work,2,30,5;18");
  EXPECT_EQ(e.file(), "cases.csv");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key_path(), "ages");
  EXPECT_NE(e.message().find("age 18 is at or above the adulthood age"), std::string::npos) << e.what();
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

namespace {

// A base whose `work` state has a lognormal duration, and a loader for
// children of it: `files` maps the paths the reader is asked for to texts.
ConfigError layered_error(const std::string& child, const std::map<std::string, std::string>& files,
                          const std::vector<std::string>& overrides = {}) {
  try {
    parse_scenario(child, "child.yaml", overrides, [&](const std::string& path) {
      const auto it = files.find(path);
      if (it == files.end()) throw ConfigError(path, "", 0, "file not found");
      return it->second;
    });
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << child;
  return ConfigError("", "", 0, "");
}

std::string lognormal_base() { return test_support::one_state_yaml(365, "{dist: lognormal, mean: 30, sd: 10}", 0); }

}  // namespace

// A distribution is a value: a child file (or --set) that writes one replaces
// the base's whole, so another family never inherits the base's parameters.
TEST(Scenario, ExtendsReplacesADistributionWhole) {
  const std::string base = lognormal_base();
  const auto reader = [&](const std::string&) { return base; };
  const std::string child =
      "extends: base.yaml\n"
      "pathway:\n"
      "  states:\n"
      "    work: {duration: {dist: exponential, mean: 90}}\n";
  const Scenario s = parse_scenario(child, "child.yaml", {}, reader);
  const State& work = s.pathway.states[*s.pathway.find("work")];
  EXPECT_EQ(work.transitions[0].duration.mean_days(), 90);
  EXPECT_EQ(work.category, Category::cin) << "the state itself is structure: its other keys stay";
  // --set with a map does what the same map in a child file does.
  const Scenario set = parse_scenario(base, "base.yaml", {"pathway.states.work.duration={dist: exponential, mean: 90}"});
  EXPECT_EQ(set.pathway.states[*set.pathway.find("work")].transitions[0].duration.mean_days(), 90);
  // A duration that only tweaks a parameter is a whole duration too: without
  // `dist` it is an error at the child's line, not a silent mix.
  const auto e = layered_error("extends: base.yaml\npathway:\n  states:\n    work: {duration: {mean: 40}}\n", {{"base.yaml", base}});
  EXPECT_EQ(e.file(), "child.yaml") << e.what();
  EXPECT_EQ(e.line(), 4) << e.what();
  EXPECT_EQ(e.key_path(), "pathway.states.work.duration.dist") << e.what();
  // One parameter by key path is still a change in place.
  const Scenario mean = parse_scenario(base, "base.yaml", {"pathway.states.work.duration.mean=40"});
  EXPECT_EQ(mean.pathway.states[*mean.pathway.find("work")].transitions[0].duration.mean_days(), 40);
}

// Structural maps merge, from a file or from --set alike; {} empties a map.
TEST(Scenario, StructuralMapsMergeAndAnEmptyMapEmpties) {
  const std::string base = valid();
  const Scenario set = parse_scenario(base, "base.yaml", {"demand={growth_per_year: 0.1}"});
  EXPECT_EQ(set.demand.contacts_per_year, 365) << "kept: --set merged into demand";
  EXPECT_EQ(set.demand.growth_per_year, 0.1);
  YAML::Node tree = YAML::Load("a: {b: 1, c: {d: 2}}\n");
  apply_override(tree, "a={c: {}}", "--set");
  EXPECT_EQ(tree["a"]["b"].as<int>(), 1);
  EXPECT_EQ(tree["a"]["c"].size(), 0u) << "an empty map empties";
  // A list item is a record: a map written to one replaces it whole.
  const auto e = layered_error(base, {}, {"pathway.states.work.transitions[0]={probability: 1}"});
  EXPECT_EQ(e.key_path(), "pathway.states.work.transitions[0].to") << e.what();
  EXPECT_NE(std::string(e.what()).find("--set"), std::string::npos) << e.what();
}

// Problems seen only once the layers are merged are named where the
// offending value was written: the child's file and line.
TEST(Scenario, ErrorsAfterMergingNameTheFileThatWroteTheValue) {
  const std::map<std::string, std::string> files{{"base.yaml", valid()}};
  // A key missing from a list item the child wrote.
  auto e = layered_error("extends: base.yaml\npathway:\n  states:\n    work:\n      transitions:\n        - {to: closure}\n", files);
  EXPECT_EQ(e.file(), "child.yaml") << e.what();
  EXPECT_EQ(e.line(), 6) << e.what();
  EXPECT_EQ(e.key_path(), "pathway.states.work.transitions[0].probability") << e.what();
  // Probabilities that no longer sum to 1.
  e = layered_error("extends: base.yaml\npathway:\n  states:\n    work:\n      transitions: [{to: closure, probability: 0.8}]\n", files);
  EXPECT_EQ(e.file(), "child.yaml") << e.what();
  EXPECT_EQ(e.line(), 5) << e.what();
  EXPECT_NE(e.message().find("sum to 0.8"), std::string::npos) << e.what();
  // A map both files wrote to is the base's, and the message names the child's values in it too.
  const std::string agencies = with("demand: {contacts_per_year: 365}",
                                    "demand:\n  contacts_per_year: 365\n  referring_agencies: {police: 0.5, health: 0.5}");
  e = layered_error("extends: base.yaml\ndemand:\n  referring_agencies:\n    police: 0.25\n", {{"base.yaml", agencies}});
  EXPECT_EQ(e.file(), "base.yaml") << e.what();
  EXPECT_EQ(e.key_path(), "demand.referring_agencies") << e.what();
  EXPECT_NE(e.message().find("sum to 0.75, expected 1 [values below it set in child.yaml:4 (demand.referring_agencies.police)]"),
            std::string::npos) << e.what();
  // A bad value the base wrote is still the base's.
  e = layered_error("extends: base.yaml\n", {{"base.yaml", with("contacts_per_year: 365", "contacts_per_year: -1")}});
  EXPECT_EQ(e.file(), "base.yaml") << e.what();
  EXPECT_EQ(e.line(), 4) << e.what();
}

// `extends` names a file relative to the file that says it, and messages name
// it as a path from where the top file was named.
TEST(Scenario, ExtendsFollowsPathsRelativeToEachFile) {
  std::vector<std::string> asked;
  const std::string broken = with("contacts_per_year: 365", "contacts_per_year: -1");
  try {
    parse_scenario("extends: sub/mid.yaml\n", "dir/child.yaml", {}, [&](const std::string& path) {
      asked.push_back(path);
      return path == "sub/mid.yaml" ? std::string("extends: ../base/base.yaml\n") : broken;
    });
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "dir/base/base.yaml") << e.what();
    EXPECT_EQ(e.line(), 4);
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"sub/mid.yaml", "base/base.yaml"}));
}

// The resolved configuration (manifest.json's resolved_config): the layers
// merged, the overrides applied and the loader's defaults written out, so that
// loading it alone gives the same scenario, and resolving it again changes nothing.
TEST(Scenario, ResolvedConfigReloadsToTheSameScenario) {
  // A base that leaves out what it can: simulation, calendar, children,
  // labels, units and most of the workforce take the loader's defaults.
  const std::string base =
      "scenario: {name: base, start_date: 2021-01-01}\n"
      "demand: {contacts_per_year: 3000}\n"
      "pathway:\n"
      "  entry: contact\n  referral: work\n  assessment: work\n"
      "  states:\n"
      "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
      "    work: {category: cin, duration: {dist: exponential, mean: 60}, transitions: [{to: closure, probability: 1}]}\n"
      "    closure: {category: exit}\n"
      "warm_start: {open_by_state: {work: 300}}\n"
      "workforce:\n"
      "  grades: {sw: {}, agency: {agency: true}}\n"
      "  teams: {t: {holds: [work], caseload_cap: 20, workers: {sw: 10}, managers: 2}}\n"
      "  sickness: {short_days_per_fte_month: 0.5}\n";
  const std::string child =
      "extends: base.yaml\n"
      "scenario: {name: child}\n"
      "demand: {growth_per_year: 0.1}\n"
      "simulation: {years: 2}\n";
  const std::vector<std::string> overrides{"simulation.seed=42", "pathway.states.work.duration.mean=45.5"};
  std::string resolved;
  Scenario a;
  {
    ConfigCapture capture;
    a = parse_scenario(child, "child.yaml", overrides, [&](const std::string&) { return base; });
    ASSERT_TRUE(capture.captured());
    resolved = capture.resolved_yaml();
  }
  EXPECT_EQ(resolved.find("extends"), std::string::npos) << resolved;

  // The defaults are in the text, explicitly.
  const YAML::Node tree = YAML::Load(resolved);
  EXPECT_EQ(tree["scenario"]["name"].as<std::string>(), "child");
  EXPECT_EQ(tree["scenario"]["start_date"].as<std::string>(), "2021-01-01") << "from the base";
  EXPECT_EQ(tree["simulation"]["seed"].as<std::string>(), "42") << "the override";
  EXPECT_EQ(tree["simulation"]["replications"].as<std::string>(), "100") << "a default";
  EXPECT_EQ(tree["calendar"]["bank_holidays"].as<std::string>(), "england-and-wales");
  EXPECT_EQ(tree["children"]["adulthood_age"].as<std::string>(), "18");
  EXPECT_EQ(tree["children"]["entry_age_years"]["dist"].as<std::string>(), "uniform");
  EXPECT_EQ(tree["pathway"]["states"]["work"]["duration"]["mean"].as<std::string>(), "45.5");
  EXPECT_EQ(tree["pathway"]["states"]["work"]["duration"]["unit"].as<std::string>(), "days");
  EXPECT_EQ(tree["pathway"]["states"]["work"]["label"].as<std::string>(), "work");
  EXPECT_EQ(tree["pathway"]["states"]["work"]["at_adulthood"].as<std::string>(), "closure");
  EXPECT_EQ(tree["pathway"]["states"]["closure"]["re_referral"].as<std::string>(), "false");
  EXPECT_EQ(tree["demand"]["growth_per_year"].as<std::string>(), "0.1");
  EXPECT_EQ(tree["workforce"]["sickness"]["short_days_per_fte_month"].as<std::string>(), "0.5");
  EXPECT_EQ(tree["workforce"]["sickness"]["long_term_duration"]["value"].as<std::string>(), "126");
  EXPECT_EQ(tree["workforce"]["recruitment"]["time_to_hire"]["value"].as<std::string>(), "90");
  EXPECT_EQ(tree["workforce"]["grades"]["sw"]["agency"].as<std::string>(), "false");

  // Loaded on its own (no file to extend, no overrides) it is the same scenario.
  ConfigCapture again;
  const Scenario b = parse_scenario(resolved, "resolved.yaml");
  EXPECT_EQ(again.resolved_yaml(), resolved) << "resolving a resolved config changes nothing";
  EXPECT_EQ(b.name, a.name);
  EXPECT_EQ(b.description, a.description);
  EXPECT_EQ(b.start_date, a.start_date);
  EXPECT_EQ(b.simulation.years, a.simulation.years);
  EXPECT_EQ(b.simulation.replications, a.simulation.replications);
  EXPECT_EQ(b.simulation.seed, a.simulation.seed);
  EXPECT_EQ(b.simulation.stream_set, a.simulation.stream_set);
  EXPECT_EQ(b.closed_days, a.closed_days);
  EXPECT_EQ(b.weekend, a.weekend);
  EXPECT_EQ(b.demand.contacts_per_year, a.demand.contacts_per_year);
  EXPECT_EQ(b.demand.growth_per_year, a.demand.growth_per_year);
  EXPECT_EQ(b.demand.seasonality, a.demand.seasonality);
  ASSERT_EQ(b.demand.agencies.size(), a.demand.agencies.size());
  EXPECT_EQ(b.demand.agencies[0].name, a.demand.agencies[0].name);
  EXPECT_EQ(b.children.adulthood_age, a.children.adulthood_age);
  EXPECT_EQ(b.children.entry_age_years.describe(), a.children.entry_age_years.describe());
  EXPECT_EQ(b.children.family_size.describe(), a.children.family_size.describe());
  ASSERT_EQ(b.pathway.states.size(), a.pathway.states.size());
  for (std::size_t s = 0; s < a.pathway.states.size(); ++s) {
    const State& x = a.pathway.states[s];
    const State& y = b.pathway.states[s];
    EXPECT_EQ(y.name, x.name);
    EXPECT_EQ(y.label, x.label);
    EXPECT_EQ(y.category, x.category);
    EXPECT_EQ(y.split_siblings, x.split_siblings);
    EXPECT_EQ(y.adulthood_exit, x.adulthood_exit);
    EXPECT_EQ(y.re_referral_eligible, x.re_referral_eligible);
    ASSERT_EQ(y.transitions.size(), x.transitions.size());
    for (std::size_t t = 0; t < x.transitions.size(); ++t) {
      EXPECT_EQ(y.transitions[t].to, x.transitions[t].to);
      EXPECT_EQ(y.transitions[t].probability, x.transitions[t].probability);
      EXPECT_EQ(y.transitions[t].duration.unit, x.transitions[t].duration.unit);
      EXPECT_EQ(y.transitions[t].duration.mean_days(), x.transitions[t].duration.mean_days());
    }
  }
  EXPECT_EQ(b.pathway.states[1].transitions[0].duration.mean_days(), 45.5);
  EXPECT_EQ(b.warm_start.open_by_state, a.warm_start.open_by_state);
  const WorkforceConfig& wa = *a.workforce;
  const WorkforceConfig& wb = *b.workforce;
  EXPECT_TRUE(wb.enabled);
  EXPECT_EQ(wb.localities, wa.localities);
  EXPECT_EQ(wb.span_limit, wa.span_limit);
  EXPECT_EQ(wb.queue_rank, wa.queue_rank);
  EXPECT_EQ(wb.weight_by_state, wa.weight_by_state);
  EXPECT_EQ(wb.agency_share_cap, wa.agency_share_cap);
  EXPECT_EQ(wb.short_sickness_days_per_fte_month, 0.5);
  EXPECT_EQ(wb.long_term_absence.mean_days(), wa.long_term_absence.mean_days());
  EXPECT_EQ(wb.recruitment.time_to_hire.mean_days(), wa.recruitment.time_to_hire.mean_days());
  EXPECT_EQ(wb.agency_tenure.mean_days(), wa.agency_tenure.mean_days());
  EXPECT_EQ(wb.teams[0].vacancies_by_grade, wa.teams[0].vacancies_by_grade);
}

// Defaults are recorded only for keys a map leaves out, the first one wins,
// and number_or / string_or / boolean_or record theirs.
TEST(Scenario, ConfigNodeRecordsDefaultsOnlyForMissingKeys) {
  const ConfigNode root = ConfigNode::parse("a: {x: 1}\nb: [1, 2]\n", "t.yaml", {"a.y=2"});
  const ConfigNode a = root.at("a");
  a.record_default("x", config_scalar(5.0));     // present: ignored
  a.record_default("z", config_scalar(0.25));
  a.record_default("z", config_scalar(0.5));     // the first wins
  EXPECT_EQ(a.number_or("w", 1e9), 1e9);
  EXPECT_EQ(a.string_or("s", "text"), "text");
  EXPECT_TRUE(a.boolean_or("flag", true));
  root.at("b").record_default("k", config_scalar(1.0));  // not a map: ignored
  const YAML::Node tree = root.resolved_tree();
  EXPECT_EQ(tree["a"]["x"].as<std::string>(), "1");
  EXPECT_EQ(tree["a"]["y"].as<std::string>(), "2");
  EXPECT_EQ(tree["a"]["z"].as<std::string>(), "0.25");
  EXPECT_EQ(tree["a"]["w"].as<std::string>(), "1e+09");
  EXPECT_EQ(tree["a"]["s"].as<std::string>(), "text");
  EXPECT_EQ(tree["a"]["flag"].as<std::string>(), "true");
  EXPECT_EQ(tree["b"].size(), 2u);
  EXPECT_FALSE(root.at("a").has("z")) << "the loader's own view is unchanged";
  EXPECT_EQ(config_scalar(0.1).Scalar(), "0.1");
  EXPECT_EQ(std::stod(config_scalar(1.0 / 3.0).Scalar()), 1.0 / 3.0);
  // A node built by hand has no resolution.
  const ConfigNode loose(YAML::Load("{k: 1}"), std::make_shared<ConfigSource>(), "");
  loose.record_default("j", config_scalar(1.0));
  EXPECT_EQ(loose.resolved_yaml(), "");
}
