//===----------------------------------------------------------------------===//
// distribution.h: the probability distributions of durations (and other
// positive quantities), drawn with Boost.Random
//
// A Distribution is a value type (copyable, immutable after construction)
// with exact mean and variance, so tests can compare samples against theory
// and the warm start can draw the length-biased distribution of durations
// (see sample_length_biased).
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/random.h"

namespace caseflow {

class Distribution {
 public:
  struct Fixed { double value; };
  struct Exponential { double mean; };
  //! mu and sigma of the underlying normal.
  struct Lognormal { double mu; double sigma; };
  struct Gamma { double shape; double scale; };
  struct Triangular { double min; double mode; double max; };
  struct Uniform { double min; double max; };
  //! Discrete: `values[i]` with probability weights[i] / sum(weights).
  struct Discrete { std::vector<double> values; std::vector<double> weights; };
  //! Histogram: uniform within [edges[i], edges[i+1]) with probability
  //! weights[i] / sum(weights). edges.size() == weights.size() + 1. This is the
  //! shape of published banded tables (e.g. DfE plan lengths "3-6 months").
  struct Histogram { std::vector<double> edges; std::vector<double> weights; };

  using Params = std::variant<Fixed, Exponential, Lognormal, Gamma, Triangular, Uniform, Discrete, Histogram>;

  // Factories check their parameters and throw std::invalid_argument with a
  // sentence naming the parameter and the rule.
  static Distribution fixed(double value);
  static Distribution exponential(double mean);
  static Distribution lognormal(double mu, double sigma);
  static Distribution lognormal_mean_sd(double mean, double sd);
  static Distribution gamma(double shape, double scale);
  static Distribution gamma_mean_sd(double mean, double sd);
  static Distribution triangular(double min, double mode, double max);
  static Distribution uniform(double min, double max);
  static Distribution discrete(std::vector<double> values, std::vector<double> weights);
  static Distribution histogram(std::vector<double> edges, std::vector<double> weights);

  //! A draw. A constant (fixed) returns its value here, inline, with no draw:
  //! most of a peer-model contact's samples are constants (family size, age,
  //! the contact's zero duration), and the out-of-line dispatch cost more
  //! than the rest of such a sample.
  //! `Engine`: RandomEngine or CaseRandom (the two instantiated).
  template <class Engine>
  double sample(Engine& engine) const {
    if (const auto* fixed = std::get_if<Fixed>(&params_)) return fixed->value;
    return sample_random(engine);
  }
  //! A draw from the length-biased distribution, density x f(x) / E[X]: the
  //! total duration of a spell found in progress at a random moment of a
  //! stationary process (the inspection paradox). Exact for every family.
  template <class Engine>
  double sample_length_biased(Engine& engine) const;

  double mean() const;
  double variance() const;
  double min() const;  // smallest possible value (0 for unbounded below)
  //! E.g. "lognormal(mean 42, sd 20)" for messages and DOT labels.
  std::string describe() const;
  const Params& params() const { return params_; }

 private:
  explicit Distribution(Params params);
  template <class Engine>
  double sample_random(Engine& engine) const;  // sample() of every family
  Params params_;
  // Cached cumulative weights for Discrete and Histogram draws.
  std::vector<double> cumulative_;
};

//! Reads a distribution from a YAML map, e.g.
//!   {dist: lognormal, mean: 42, sd: 20}     or {dist: lognormal, mu: 3.6, sigma: 0.5}
//!   {dist: fixed, value: 1}                 {dist: exponential, mean: 30}
//!   {dist: gamma, shape: 2, scale: 90}      or {dist: gamma, mean: 180, sd: 127}
//!   {dist: triangular, min: 90, mode: 180, max: 270}
//!   {dist: uniform, min: 90, max: 270}
//!   {dist: discrete, values: [1, 2, 3], weights: [0.5, 0.3, 0.2]}
//!   {dist: histogram, edges: [0, 91, 182, 365], weights: [47.5, 14.8, 15.7]}
//! `extra_keys` are keys the caller reads itself from the same map (such as
//! `unit`); any other key is an error. All values must be finite and >= 0
//! (durations and counts are never negative). Errors name the key path.
Distribution parse_distribution(const ConfigNode& node, const std::vector<std::string>& extra_keys = {});

//! A family parse_distribution reads: its `dist` name, the keys of its
//! parameters (a family with two forms, such as lognormal's mean and sd or mu
//! and sigma, lists both) and what it is, for the config schema and reference.
struct DistributionFamily {
  std::string name;
  std::vector<std::string> parameters;
  std::string description;
};
const std::vector<DistributionFamily>& distribution_families();

}  // namespace caseflow
