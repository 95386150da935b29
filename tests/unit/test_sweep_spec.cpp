// The sweep spec reader: its errors, and what a point's overrides say.
#include <gtest/gtest.h>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"
#include "caseflow/runner/sweep_spec.h"
#include "test_support.h"

namespace caseflow {
namespace {

const char* kSpec = R"(name: s
base: base.yaml
replications: 3
design: {method: lhs, points: 5, seed: 2}
parameters:
  - {name: contacts, path: demand.contacts_per_year, bounds: [1000, 3000]}
  - {name: stay, scale: pathway.states.work.duration, bounds: [0.5, 1.5]}
outputs:
  - {metric: open_total, month: 12}
)";

//! The spec with `from` replaced by `to` (which must be there).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = kSpec;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

//! The ConfigError a spec gives, or a failure when it is accepted.
ConfigError spec_error(const std::string& text, const YAML::Node* base = nullptr) {
  try {
    const SweepSpec spec = parse_sweep_spec(text, "spec.yaml");
    if (base) check_sweep_targets(spec, *base);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return ConfigError("", "", 0, "");
}

YAML::Node base_tree() {
  return YAML::Load(test_support::one_state_yaml(2000, "{dist: lognormal, mean: 30, sd: 10, unit: days}", 100));
}

TEST(SweepSpec, ReadsAGoodSpec) {
  const SweepSpec spec = parse_sweep_spec(kSpec, "spec.yaml");
  ASSERT_EQ(spec.parameters.size(), 2u);
  EXPECT_EQ(spec.parameters[1].kind, SweepParameter::Kind::scale);
  EXPECT_EQ(spec.design.points, 5u);
  EXPECT_EQ(spec.outputs[0].name, "open_total_m12");
  EXPECT_NO_THROW(check_sweep_targets(spec, base_tree()));
}

TEST(SweepSpec, BadSpecsNameTheFileKeyAndLine) {
  const ConfigError reversed = spec_error(edited("[1000, 3000]", "[3000, 1000]"));
  EXPECT_EQ(reversed.file(), "spec.yaml");
  EXPECT_EQ(reversed.key_path(), "parameters[0].bounds");
  EXPECT_EQ(reversed.line(), 6);
  EXPECT_NE(reversed.message().find("bounds reversed"), std::string::npos) << reversed.what();

  const ConfigError few = spec_error(edited("points: 5", "points: 2"));
  EXPECT_EQ(few.key_path(), "design.points");
  EXPECT_EQ(few.line(), 4);
  EXPECT_NE(few.message().find("at least 3"), std::string::npos) << few.what();

  EXPECT_EQ(spec_error(edited("method: lhs, points: 5", "method: sobol, base_samples: 12")).key_path(), "design.base_samples");
  EXPECT_EQ(spec_error(edited("method: lhs, points: 5", "method: morris, trajectories: 1")).key_path(), "design.trajectories");
  EXPECT_EQ(spec_error(edited("replications: 3", "replications: 3\nbogus: 1")).key_path(), "bogus");
  EXPECT_EQ(spec_error(edited("bounds: [0.5, 1.5]", "bounds: [0, 1.5]")).key_path(), "parameters[1].bounds");
}

TEST(SweepSpec, TargetsAreCheckedAgainstTheBase) {
  const YAML::Node base = base_tree();
  const ConfigError unknown = spec_error(edited("demand.contacts_per_year", "demand.contacts_per_yr"), &base);
  EXPECT_EQ(unknown.key_path(), "parameters[0].path");
  EXPECT_EQ(unknown.line(), 6);
  EXPECT_NE(unknown.message().find("unknown key path 'demand.contacts_per_yr'"), std::string::npos) << unknown.what();
  EXPECT_NE(unknown.message().find("contacts_per_year"), std::string::npos) << "lists the keys there";

  const ConfigError text = spec_error(edited("demand.contacts_per_year", "calendar.bank_holidays"), &base);
  EXPECT_NE(text.message().find("non-numeric target"), std::string::npos) << text.what();
  const ConfigError map = spec_error(edited("demand.contacts_per_year", "pathway.states.work.duration"), &base);
  EXPECT_NE(map.message().find("use `scale:`"), std::string::npos) << map.what();
  const ConfigError section = spec_error(edited("scale: pathway.states.work.duration", "scale: pathway.states"), &base);
  EXPECT_EQ(section.key_path(), "parameters[1].scale");
}

TEST(SweepSpec, AScaleMultipliesEveryTimeOfADistribution) {
  const SweepSpec spec = parse_sweep_spec(kSpec, "spec.yaml");
  const auto overrides = point_overrides(spec, base_tree(), {2500, 2.0});
  ASSERT_EQ(overrides.size(), 2u);
  EXPECT_EQ(overrides[0], "demand.contacts_per_year=2500");
  EXPECT_EQ(overrides[1], "pathway.states.work.duration={dist: lognormal, mean: 60, sd: 20, unit: days}");
  // The point's scenario loads, with the scaled distribution in place.
  const Scenario s = parse_scenario(test_support::one_state_yaml(2000, "{dist: lognormal, mean: 30, sd: 10, unit: days}", 100),
                                    "base.yaml", overrides);
  EXPECT_DOUBLE_EQ(s.demand.contacts_per_year, 2500);

  YAML::Node shapes = YAML::Load(
      "a: {dist: gamma, shape: 2, scale: 5}\nb: {dist: histogram, edges: [0, 3, 6], weights: [1, 2]}\n"
      "c: {dist: lognormal, mu: 1, sigma: 0.5}\nd: [1, 2]\n");
  SweepSpec scaled = spec;
  scaled.parameters = {spec.parameters[1]};
  scaled.parameters[0].targets = {"a", "b", "c", "d"};
  const auto o = point_overrides(scaled, shapes, {2.0});
  EXPECT_EQ(o[0], "a={dist: gamma, shape: 2, scale: 10}") << "shape is a form, not a time";
  EXPECT_EQ(o[1], "b={dist: histogram, edges: [0, 6, 12], weights: [1, 2]}");
  EXPECT_EQ(o[2], "c={dist: lognormal, mu: " + exact_number(1 + std::log(2.0)) + ", sigma: 0.5}");
  EXPECT_EQ(o[3], "d=[2, 4]");
}

TEST(SweepSpec, ParameterDistributionsMapTheUnitCubeByTheirInverseCdf) {
  const SweepSpec spec = parse_sweep_spec(
      edited("bounds: [1000, 3000]}", "bounds: [1000, 3000], dist: triangular, mode: 1500}"), "spec.yaml");
  const SweepParameter& triangular = spec.parameters[0];
  EXPECT_EQ(triangular.distribution_text(), "triangular(mode=1500)");
  EXPECT_DOUBLE_EQ(triangular.value_at(0.0), 1000);
  EXPECT_DOUBLE_EQ(triangular.value_at(1.0), 3000);
  EXPECT_NEAR(triangular.value_at(0.25), 1500, 1e-9) << "F(mode) = (mode - low) / (high - low)";
  SweepParameter normal = triangular;
  normal.distribution = SweepParameter::Distribution::normal;
  normal.mean = 2000;
  normal.sd = 300;
  EXPECT_NEAR(normal.value_at(0.5), 2000, 1e-6) << "symmetric truncation keeps the median";
  EXPECT_GT(normal.value_at(0.9), 2000 + 300) << "the top decile of a normal truncated at +-3.3 sd";
  SweepParameter log_uniform = triangular;
  log_uniform.distribution = SweepParameter::Distribution::loguniform;
  EXPECT_NEAR(log_uniform.value_at(0.5), std::sqrt(1000.0 * 3000.0), 1e-9);
  for (const SweepParameter* p : std::vector<const SweepParameter*>{&triangular, &normal, &log_uniform})
    for (double u : {0.0, 0.1, 0.3, 0.5, 0.9, 1.0}) EXPECT_NEAR(p->unit_of(p->value_at(u)), u, 1e-9) << p->distribution_text();

  EXPECT_EQ(spec_error(edited("bounds: [1000, 3000]}", "bounds: [1000, 3000], dist: triangular, mode: 5000}")).key_path(),
            "parameters[0].mode");
  EXPECT_EQ(spec_error(edited("bounds: [1000, 3000]}", "bounds: [1000, 3000], dist: normal, mean: 2000, sd: 0}")).key_path(),
            "parameters[0].sd");
  EXPECT_EQ(spec_error(edited("bounds: [1000, 3000]}", "bounds: [1000, 3000], dist: beta}")).key_path(), "parameters[0].dist");
  EXPECT_EQ(spec_error(edited("bounds: [1000, 3000]}", "bounds: [1000, 3000], mode: 1500}")).key_path(), "parameters[0]");
}

TEST(SweepSpec, FinancialYearsAndWindowsPickTheirMonths) {
  SweepOutput fy;
  fy.kind = SweepOutput::Kind::financial_year_sum;
  fy.financial_year = 2017;
  const Date april2016{std::chrono::year{2016}, std::chrono::month{4}, std::chrono::day{1}};
  const auto months = output_months(fy, april2016, 60);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front(), 13);  // row 13 is April 2017
  EXPECT_EQ(months.back(), 24);
  fy.financial_year = 2021;
  EXPECT_THROW(output_months(fy, april2016, 60), ConfigError) << "2021/22 starts after the 60 months";
  SweepOutput window;
  window.kind = SweepOutput::Kind::window_mean;
  window.first_month = 13;
  window.last_month = 24;
  EXPECT_EQ(output_months(window, april2016, 60).size(), 12u);
  window.last_month = 61;
  EXPECT_THROW(output_months(window, april2016, 60), ConfigError);
}

TEST(SweepSpec, DesignsAreSizedAsTheMethodSays) {
  SweepSpec spec = parse_sweep_spec(kSpec, "spec.yaml");
  EXPECT_EQ(make_design(spec, {}).size(), 5u);
  spec = parse_sweep_spec(edited("method: lhs, points: 5", "method: sobol, base_samples: 16"), "spec.yaml");
  EXPECT_EQ(make_design(spec, {}).size(), 16u * 4);
  spec = parse_sweep_spec(edited("method: lhs, points: 5", "method: morris, trajectories: 3"), "spec.yaml");
  EXPECT_EQ(make_design(spec, {}).size(), 3u * 3);
  spec = parse_sweep_spec(edited("method: lhs, points: 5", "method: oat, levels: 3"), "spec.yaml");
  const auto oat = make_design(spec, base_unit_values(spec, base_tree()));
  ASSERT_EQ(oat.size(), 1u + 2 * 3);
  EXPECT_DOUBLE_EQ(oat[0][0], 0.5) << "the base's 2000 contacts, midway in [1000, 3000]";
  EXPECT_DOUBLE_EQ(oat[0][1], 0.5) << "a factor of 1, midway in [0.5, 1.5]";
}

}  // namespace
}  // namespace caseflow
