//===----------------------------------------------------------------------===//
// sweep_spec.h: what a sensitivity sweep varies, how, and what it measures
//
// A sweep spec (configs/sweeps/*.yaml, docs/sensitivity.md) names a base
// scenario, the parameters to vary by key path with their bounds, a design,
// and the outputs to analyse. Every value of a point reaches the scenario
// through the same `--set key.path=value` overrides the command line has
// (apply_override), so a point is exactly `caseflow run BASE --set ...`.
//
// Errors are ConfigErrors naming the spec file, key and line; key paths are
// checked against the base scenario as the loader resolved it (defaults
// included), before anything runs.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "caseflow/engine/calendar.h"
#include "caseflow/runner/sensitivity_design.h"

namespace caseflow {

//! Where a spec value was written, for errors found after parsing.
struct SpecLocation {
  std::string file;
  std::string key_path;
  int line = 0;
  [[noreturn]] void fail(const std::string& message) const;
};

struct SweepParameter {
  enum class Kind { set, scale };
  std::string name;
  Kind kind = Kind::set;
  //! Key paths, as --set spells them; a group moves together.
  std::vector<std::string> targets;
  double low = 0.0, high = 0.0;
  bool integer = false;  // values rounded to whole numbers (counts, posts)
  //! How the design's [0, 1] coordinate maps onto the bounds: uniform, or
  //! by the inverse CDF of a loguniform, a triangular (mode) or a normal
  //! (mean, sd) truncated to the bounds.
  enum class Distribution { uniform, loguniform, triangular, normal };
  Distribution distribution = Distribution::uniform;
  double mode = 0.0, mean = 0.0, sd = 0.0;
  SpecLocation where;    // the `path` or `scale` key
  //! The value at design coordinate u in [0, 1] (before rounding).
  double value_at(double u) const;
  //! The design coordinate of a value (clamped to [0, 1]): value_at's inverse.
  double unit_of(double value) const;
  //! As the database and export name it: uniform, triangular(mode=18), ...
  std::string distribution_text() const;
};

enum class SweepMethod { one_at_a_time, grid, latin_hypercube, morris, sobol };
const char* method_name(SweepMethod method);

struct SweepDesign {
  SweepMethod method = SweepMethod::latin_hypercube;
  std::size_t points = 0;      // lhs: points; morris: trajectories; sobol: base samples N
  std::size_t levels = 0;      // grid, oat, morris
  std::uint64_t seed = 1;      // the design's own draws (never the simulation's streams)
  std::size_t bootstrap = 100; // resamples for the intervals
};

struct SweepOutput {
  enum class Kind { month, window_mean, financial_year_sum };
  std::string name;  // unique, e.g. open_total_m24
  std::string metric;
  Kind kind = Kind::month;
  int first_month = 0, last_month = 0;  // month: both the same; window: inclusive
  int financial_year = 0;               // April of this year to March of the next
  SpecLocation where;         // the period's key
  SpecLocation metric_where;  // the `metric` key
  //! How the period reads in tables: m24, m13-24, fy2017.
  std::string period() const;
};

struct SweepSpec {
  std::string file;
  std::string text;  // as read: stored with the results, and compared on resume
  std::string name;
  std::string base;  // scenario file, relative to the spec's directory
  std::vector<std::string> sets;  // fixed overrides applied to every point
  std::uint64_t replications = 20;
  SweepDesign design;
  std::vector<SweepParameter> parameters;
  std::vector<SweepOutput> outputs;
};

//! Reads a spec; the first problem is a ConfigError at its key and line.
SweepSpec parse_sweep_spec(const std::string& text, const std::string& file_name);

//! Checks every parameter's key paths against the base scenario as resolved
//! (ConfigNode::resolved_tree): each must exist, and hold a number (set) or
//! numbers or a distribution (scale).
void check_sweep_targets(const SweepSpec& spec, const YAML::Node& resolved_base);

//! The design rows in the unit cube. `base_unit` (one-at-a-time only) is
//! where the base scenario sits in each parameter's bounds.
sensitivity::Design make_design(const SweepSpec& spec, const std::vector<double>& base_unit);

//! The base scenario's value of each parameter on its bounds' unit scale
//! (clamped to [0, 1]); a scale parameter's base is a factor of 1.
std::vector<double> base_unit_values(const SweepSpec& spec, const YAML::Node& resolved_base);

//! A unit-cube row as parameter values on their bounds (rounded when integer).
std::vector<double> parameter_values(const SweepSpec& spec, const std::vector<double>& unit_row);

//! The overrides that make a point's scenario: the spec's fixed `set`s, then
//! one `key.path=value` per target (a scaled distribution is written whole).
std::vector<std::string> point_overrides(const SweepSpec& spec, const YAML::Node& resolved_base,
                                         const std::vector<double>& values);

//! A number in the shortest text that reads back as the same double.
std::string exact_number(double value);

//! A number, a list of numbers or a distribution times `factor`, as YAML
//! flow text: a distribution's times scale (value, mean, sd, min, mode, max,
//! edges, values, scale; a lognormal's mu shifts by log(factor)) and its
//! form does not (shape, sigma, weights, unit).
std::string scaled_value(const YAML::Node& node, double factor);

//! The rows (month indices, 1-based as the summary's) an output reads, for a
//! run of `months` months from `start`; an empty or out-of-range period is
//! an error at the output's key.
std::vector<int> output_months(const SweepOutput& output, const Date& start, int months);

}  // namespace caseflow
