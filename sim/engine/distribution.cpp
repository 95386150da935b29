//===----------------------------------------------------------------------===//
// distribution.cpp: parameter checks, Boost.Random draws, exact moments and
// the length-biased draws of every family
//===----------------------------------------------------------------------===//
#include "caseflow/engine/distribution.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

namespace caseflow {

namespace {

// A factory error that knows which parameter was at fault, so that
// parse_distribution can point at that key (`...duration.sd`) rather than at
// the whole map. Still a std::invalid_argument for everyone else.
class ParameterError : public std::invalid_argument {
 public:
  ParameterError(std::string param, const std::string& message)
      : std::invalid_argument(message), param_(std::move(param)) {}
  const std::string& param() const { return param_; }

 private:
  std::string param_;
};

// The value as typed, for error messages: the shortest text that reads back
// exactly ("90", "-0.5", "1e+300").
std::string exact(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// Up to 4 significant digits without exponent for everyday magnitudes, for
// describe(): "183.2", "42", "0.3333", "12350".
std::string rounded(double x) {
  if (x == 0.0) return "0";
  const double magnitude = std::fabs(x);
  char buffer[64];
  if (!std::isfinite(x) || magnitude < 1e-3 || magnitude >= 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.4g", x);
    return buffer;
  }
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const int decimals = std::max(0, 3 - exponent);
  double value = x;
  if (exponent > 3) {  // round away the digits beyond the fourth
    const double unit = std::pow(10.0, exponent - 3);
    value = std::round(x / unit) * unit;
  }
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

[[noreturn]] void reject(const std::string& family, const std::string& param, const std::string& rule, double got) {
  throw ParameterError(param, family + " " + param + " must be " + rule + ", got " + exact(got));
}

void require_finite(const std::string& family, const std::string& param, double x) {
  if (!std::isfinite(x)) reject(family, param, "a finite number", x);
}
void require_non_negative(const std::string& family, const std::string& param, double x) {
  require_finite(family, param, x);
  if (x < 0.0) reject(family, param, ">= 0", x);
}
void require_positive(const std::string& family, const std::string& param, double x) {
  require_finite(family, param, x);
  if (!(x > 0.0)) reject(family, param, "> 0", x);
}

// Running sums of the weights, scaled so the last positive entry is exactly 1.
// Then a draw u in [0, 1) always lands on an index with positive weight
// (upper_bound skips zero-weight entries, whose sum equals their predecessor's).
void append_cumulative(const std::vector<double>& weights, std::vector<double>& out) {
  double total = 0.0;
  for (const double w : weights) total += w;
  double running = 0.0;
  std::size_t last_positive = 0;
  const std::size_t start = out.size();
  for (std::size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    out.push_back(running / total);
    if (weights[i] > 0.0) last_positive = i;
  }
  for (std::size_t i = start + last_positive; i < out.size(); ++i) out[i] = 1.0;
}

// Index of the entry chosen by u in [0, 1) from one half of a cumulative table:
// the first entry above u. Short tables (every scenario's so far) count the
// entries at or below u instead, the same index without a branch per entry:
// where u falls is unpredictable, and upper_bound's mispredictions made this
// search 3.6% of a default-scenario run.
std::size_t pick(const double* first, const double* last, double u) {
  constexpr std::ptrdiff_t kLinearUpTo = 32;
  if (last - first > kLinearUpTo) return static_cast<std::size_t>(std::upper_bound(first, last, u) - first);
  std::size_t index = 0;
  for (const double* entry = first; entry != last; ++entry) index += *entry <= u;
  return index;
}

const char* family_name(const Distribution::Params& params) {
  static constexpr const char* names[] = {"fixed",      "exponential", "lognormal", "gamma",
                                          "triangular", "uniform",     "discrete",  "histogram"};
  return names[params.index()];
}

}  // namespace

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

Distribution::Distribution(Params params) : params_(std::move(params)) {
  // Discrete and histogram keep two tables in cumulative_: the first half for
  // sample() (weights w_i), the second for sample_length_biased() (weights
  // w_i * value_i, or w_i * bin midpoint). Built once; draws never allocate.
  if (const auto* d = std::get_if<Discrete>(&params_)) {
    std::vector<double> biased(d->weights.size());
    for (std::size_t i = 0; i < biased.size(); ++i) biased[i] = d->weights[i] * d->values[i];
    cumulative_.reserve(2 * biased.size());
    append_cumulative(d->weights, cumulative_);
    double total = 0.0;
    for (const double b : biased) total += b;
    if (total > 0.0) {
      append_cumulative(biased, cumulative_);
    } else {
      cumulative_.resize(2 * biased.size(), 1.0);  // every value is 0: never consulted
    }
  } else if (const auto* h = std::get_if<Histogram>(&params_)) {
    std::vector<double> biased(h->weights.size());
    for (std::size_t i = 0; i < biased.size(); ++i) biased[i] = h->weights[i] * 0.5 * (h->edges[i] + h->edges[i + 1]);
    cumulative_.reserve(2 * biased.size());
    append_cumulative(h->weights, cumulative_);
    append_cumulative(biased, cumulative_);  // midpoints > 0 as edges are >= 0 and increasing
  }
  // Parameters that pass each check can still overflow the moments
  // (lognormal sigma 40, gamma scale 1e200); such a model is a typo.
  if (!std::isfinite(mean()) || !std::isfinite(variance()))
    throw std::invalid_argument(std::string(family_name(params_)) +
                                " parameters give a mean or variance too large to represent");
}

Distribution Distribution::fixed(double value) {
  require_non_negative("fixed", "value", value);
  return Distribution(Fixed{value});
}

Distribution Distribution::exponential(double mean) {
  require_positive("exponential", "mean", mean);
  return Distribution(Exponential{mean});
}

Distribution Distribution::lognormal(double mu, double sigma) {
  // mu is the log of the median, so it may be negative (a median under 1).
  require_finite("lognormal", "mu", mu);
  require_non_negative("lognormal", "sigma", sigma);
  return Distribution(Lognormal{mu, sigma});
}

Distribution Distribution::lognormal_mean_sd(double mean, double sd) {
  require_positive("lognormal", "mean", mean);
  require_non_negative("lognormal", "sd", sd);
  const double ratio = sd / mean;
  const double sigma2 = std::log1p(ratio * ratio);
  return lognormal(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
}

Distribution Distribution::gamma(double shape, double scale) {
  require_positive("gamma", "shape", shape);
  require_positive("gamma", "scale", scale);
  return Distribution(Gamma{shape, scale});
}

Distribution Distribution::gamma_mean_sd(double mean, double sd) {
  require_positive("gamma", "mean", mean);
  // sd 0 would need infinite shape; a constant is `fixed`.
  require_positive("gamma", "sd", sd);
  const double ratio = mean / sd;
  const double shape = ratio * ratio;
  const double scale = sd / ratio;
  if (!(shape > 0.0) || !std::isfinite(shape) || !(scale > 0.0) || !std::isfinite(scale))
    throw std::invalid_argument("gamma mean " + exact(mean) + " and sd " + exact(sd) +
                                " give a shape or scale outside the representable range");
  return Distribution(Gamma{shape, scale});
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_non_negative("triangular", "min", min);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "max", max);
  if (!(max > min)) reject("triangular", "max", "> min (" + exact(min) + "); use fixed for a constant", max);
  if (mode < min || mode > max) reject("triangular", "mode", "between min (" + exact(min) + ") and max (" + exact(max) + ")", mode);
  return Distribution(Triangular{min, mode, max});
}

Distribution Distribution::uniform(double min, double max) {
  require_non_negative("uniform", "min", min);
  require_finite("uniform", "max", max);
  if (!(max > min)) reject("uniform", "max", "> min (" + exact(min) + "); use fixed for a constant", max);
  return Distribution(Uniform{min, max});
}

namespace {
void check_weights(const std::string& family, const std::vector<double>& weights) {
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    require_non_negative(family, "weights", weights[i]);
    total += weights[i];
  }
  if (!(total > 0.0) || !std::isfinite(total))
    throw ParameterError("weights", family + " weights must have a positive, finite sum, got " + exact(total));
}
}  // namespace

Distribution Distribution::discrete(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) throw ParameterError("values", "discrete values must have at least one entry");
  if (weights.size() != values.size())
    throw ParameterError("weights", "discrete weights must have one entry per value (" + std::to_string(values.size()) +
                                        " values), got " + std::to_string(weights.size()));
  for (const double v : values) require_non_negative("discrete", "values", v);
  check_weights("discrete", weights);
  return Distribution(Discrete{std::move(values), std::move(weights)});
}

Distribution Distribution::histogram(std::vector<double> edges, std::vector<double> weights) {
  if (weights.empty()) throw ParameterError("weights", "histogram weights must have at least one entry");
  if (edges.size() != weights.size() + 1)
    throw ParameterError("edges", "histogram edges must have one more entry than weights (" +
                                      std::to_string(weights.size() + 1) + "), got " + std::to_string(edges.size()));
  for (std::size_t i = 0; i < edges.size(); ++i) {
    require_non_negative("histogram", "edges", edges[i]);
    if (i > 0 && !(edges[i] > edges[i - 1]))
      throw ParameterError("edges", "histogram edges must be strictly increasing, got " + exact(edges[i]) + " after " +
                                        exact(edges[i - 1]));
  }
  check_weights("histogram", weights);
  return Distribution(Histogram{std::move(edges), std::move(weights)});
}

//===----------------------------------------------------------------------===//
// Draws
//===----------------------------------------------------------------------===//

template <class Engine>
double Distribution::sample_random(Engine& engine) const {
  // Boost distribution objects are built per call: their constructors are a
  // few arithmetic operations and they hold no heap memory.
  switch (params_.index()) {
    case 0:
      return std::get<Fixed>(params_).value;
    case 1:
      return boost::random::exponential_distribution<double>(1.0 / std::get<Exponential>(params_).mean)(engine);
    case 2: {
      const auto& p = std::get<Lognormal>(params_);
      if (p.sigma == 0.0) return std::exp(p.mu);
      return boost::random::lognormal_distribution<double>(p.mu, p.sigma)(engine);
    }
    case 3: {
      const auto& p = std::get<Gamma>(params_);
      return boost::random::gamma_distribution<double>(p.shape, p.scale)(engine);
    }
    case 4: {
      const auto& p = std::get<Triangular>(params_);
      return boost::random::triangle_distribution<double>(p.min, p.mode, p.max)(engine);
    }
    case 5: {
      const auto& p = std::get<Uniform>(params_);
      return boost::random::uniform_real_distribution<double>(p.min, p.max)(engine);
    }
    case 6: {
      const auto& p = std::get<Discrete>(params_);
      const std::size_t n = p.values.size();
      return p.values[pick(cumulative_.data(), cumulative_.data() + n, uniform01(engine))];
    }
    default: {
      const auto& p = std::get<Histogram>(params_);
      const std::size_t n = p.weights.size();
      const std::size_t i = pick(cumulative_.data(), cumulative_.data() + n, uniform01(engine));
      const double a = p.edges[i];
      const double b = p.edges[i + 1];
      return a + uniform01(engine) * (b - a);
    }
  }
}

template double Distribution::sample_random<RandomEngine>(RandomEngine&) const;
template double Distribution::sample_random<CaseRandom>(CaseRandom&) const;

// Each case draws exactly from the size-biased density x f(x) / E[X] (Cox 1962,
// Renewal Theory, sec. 5.4; Patil & Rao 1978 list the closed forms used here).
template <class Engine>
double Distribution::sample_length_biased(Engine& engine) const {
  if (mean() == 0.0) return 0.0;  // x f(x) / E[X] undefined; all mass is at 0
  switch (params_.index()) {
    case 0:
      return std::get<Fixed>(params_).value;
    case 1:  // x e^{-x/m} is the gamma(2, m) kernel
      return boost::random::gamma_distribution<double>(2.0, std::get<Exponential>(params_).mean)(engine);
    case 2: {  // x * lognormal(mu, s) density is lognormal(mu + s^2, s)
      const auto& p = std::get<Lognormal>(params_);
      if (p.sigma == 0.0) return std::exp(p.mu);
      return boost::random::lognormal_distribution<double>(p.mu + p.sigma * p.sigma, p.sigma)(engine);
    }
    case 3: {  // x * x^{k-1} e^{-x/t} is the gamma(k + 1, t) kernel
      const auto& p = std::get<Gamma>(params_);
      return boost::random::gamma_distribution<double>(p.shape + 1.0, p.scale)(engine);
    }
    case 4: {
      // Rejection from the triangular itself, accepting x with probability
      // x / max: acceptance rate E[X] / max >= 1/3.
      const auto& p = std::get<Triangular>(params_);
      boost::random::triangle_distribution<double> triangle(p.min, p.mode, p.max);
      for (;;) {
        const double x = triangle(engine);
        if (uniform01(engine) * p.max < x) return x;
      }
    }
    case 5: {  // density 2x / (b^2 - a^2) on [a, b]: invert its CDF
      const auto& p = std::get<Uniform>(params_);
      return std::sqrt(p.min * p.min + uniform01(engine) * (p.max * p.max - p.min * p.min));
    }
    case 6: {  // P(value_i) proportional to value_i * weight_i
      const auto& p = std::get<Discrete>(params_);
      const std::size_t n = p.values.size();
      return p.values[pick(cumulative_.data() + n, cumulative_.data() + 2 * n, uniform01(engine))];
    }
    default: {
      // A bin's share of E[X] is w_i times its midpoint; within the bin the
      // density is proportional to x, as for the uniform above.
      const auto& p = std::get<Histogram>(params_);
      const std::size_t n = p.weights.size();
      const std::size_t i = pick(cumulative_.data() + n, cumulative_.data() + 2 * n, uniform01(engine));
      const double a = p.edges[i];
      const double b = p.edges[i + 1];
      return std::sqrt(a * a + uniform01(engine) * (b * b - a * a));
    }
  }
}

template double Distribution::sample_length_biased<RandomEngine>(RandomEngine&) const;
template double Distribution::sample_length_biased<CaseRandom>(CaseRandom&) const;

//===----------------------------------------------------------------------===//
// Moments and text
//===----------------------------------------------------------------------===//

double Distribution::mean() const {
  switch (params_.index()) {
    case 0:
      return std::get<Fixed>(params_).value;
    case 1:
      return std::get<Exponential>(params_).mean;
    case 2: {
      const auto& p = std::get<Lognormal>(params_);
      return std::exp(p.mu + 0.5 * p.sigma * p.sigma);
    }
    case 3: {
      const auto& p = std::get<Gamma>(params_);
      return p.shape * p.scale;
    }
    case 4: {
      const auto& p = std::get<Triangular>(params_);
      return (p.min + p.mode + p.max) / 3.0;
    }
    case 5: {
      const auto& p = std::get<Uniform>(params_);
      return 0.5 * (p.min + p.max);
    }
    case 6: {
      const auto& p = std::get<Discrete>(params_);
      double total = 0.0, sum = 0.0;
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        total += p.weights[i];
        sum += p.weights[i] * p.values[i];
      }
      return sum / total;
    }
    default: {
      const auto& p = std::get<Histogram>(params_);
      double total = 0.0, sum = 0.0;
      for (std::size_t i = 0; i < p.weights.size(); ++i) {
        total += p.weights[i];
        sum += p.weights[i] * 0.5 * (p.edges[i] + p.edges[i + 1]);
      }
      return sum / total;
    }
  }
}

double Distribution::variance() const {
  switch (params_.index()) {
    case 0:
      return 0.0;
    case 1: {
      const double m = std::get<Exponential>(params_).mean;
      return m * m;
    }
    case 2: {  // (e^{s^2} - 1) e^{2 mu + s^2}; expm1 keeps small sigma accurate
      const auto& p = std::get<Lognormal>(params_);
      const double s2 = p.sigma * p.sigma;
      return std::expm1(s2) * std::exp(2.0 * p.mu + s2);
    }
    case 3: {
      const auto& p = std::get<Gamma>(params_);
      return p.shape * p.scale * p.scale;
    }
    case 4: {
      const auto& p = std::get<Triangular>(params_);
      const double a = p.min, c = p.mode, b = p.max;
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    }
    case 5: {
      const auto& p = std::get<Uniform>(params_);
      const double w = p.max - p.min;
      return w * w / 12.0;
    }
    case 6: {  // sum p_i (v_i - mean)^2: no cancellation, unlike E[X^2] - mean^2
      const auto& p = std::get<Discrete>(params_);
      const double m = mean();
      double total = 0.0, sum = 0.0;
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        const double d = p.values[i] - m;
        total += p.weights[i];
        sum += p.weights[i] * d * d;
      }
      return sum / total;
    }
    default: {  // mixture of uniforms: within-bin (b-a)^2/12 plus between-bin spread
      const auto& p = std::get<Histogram>(params_);
      const double m = mean();
      double total = 0.0, sum = 0.0;
      for (std::size_t i = 0; i < p.weights.size(); ++i) {
        const double width = p.edges[i + 1] - p.edges[i];
        const double d = 0.5 * (p.edges[i] + p.edges[i + 1]) - m;
        total += p.weights[i];
        sum += p.weights[i] * (width * width / 12.0 + d * d);
      }
      return sum / total;
    }
  }
}

double Distribution::min() const {
  switch (params_.index()) {
    case 0:
      return std::get<Fixed>(params_).value;
    case 4:
      return std::get<Triangular>(params_).min;
    case 5:
      return std::get<Uniform>(params_).min;
    case 6: {  // values with zero weight are never drawn
      const auto& p = std::get<Discrete>(params_);
      double lowest = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < p.values.size(); ++i)
        if (p.weights[i] > 0.0) lowest = std::min(lowest, p.values[i]);
      return lowest;
    }
    case 7: {
      const auto& p = std::get<Histogram>(params_);
      for (std::size_t i = 0; i < p.weights.size(); ++i)
        if (p.weights[i] > 0.0) return p.edges[i];
      return p.edges.front();  // unreachable: the weights have a positive sum
    }
    default:  // exponential, lognormal, gamma: support reaches down to 0
      return 0.0;
  }
}

std::string Distribution::describe() const {
  const std::string name = family_name(params_);
  switch (params_.index()) {
    case 0:
      return name + "(" + rounded(std::get<Fixed>(params_).value) + ")";
    case 1:
      return name + "(mean " + rounded(mean()) + ")";
    case 2:
    case 3:
      return name + "(mean " + rounded(mean()) + ", sd " + rounded(std::sqrt(variance())) + ")";
    case 4: {
      const auto& p = std::get<Triangular>(params_);
      return name + "(min " + rounded(p.min) + ", mode " + rounded(p.mode) + ", max " + rounded(p.max) + ")";
    }
    case 5: {
      const auto& p = std::get<Uniform>(params_);
      return name + "(min " + rounded(p.min) + ", max " + rounded(p.max) + ")";
    }
    case 6: {
      const std::size_t n = std::get<Discrete>(params_).values.size();
      return name + "(" + std::to_string(n) + (n == 1 ? " value" : " values") + ", mean " + rounded(mean()) + ")";
    }
    default: {
      const std::size_t n = std::get<Histogram>(params_).weights.size();
      return name + "(" + std::to_string(n) + (n == 1 ? " bin" : " bins") + ", mean " + rounded(mean()) + ")";
    }
  }
}

//===----------------------------------------------------------------------===//
// YAML
//===----------------------------------------------------------------------===//

namespace {

constexpr std::string_view kNegativeRule = ">= 0 (durations cannot be negative)";

double non_negative(const ConfigNode& node) {
  return node.as_double_in(0.0, std::numeric_limits<double>::infinity(), kNegativeRule);
}

std::vector<double> non_negative_list(const ConfigNode& node) {
  std::vector<double> out;
  for (const auto& element : node.elements()) out.push_back(non_negative(element));
  return out;
}

// Either (first_a, first_b) or (second_a, second_b), never keys of both.
// Returns true for the first form. A half-given form falls through to at(),
// which reports the missing key by its path.
bool choose_form(const ConfigNode& node, const std::string& family, std::string_view first_a, std::string_view first_b,
                 std::string_view second_a, std::string_view second_b) {
  const bool first = node.has(first_a) || node.has(first_b);
  const bool second = node.has(second_a) || node.has(second_b);
  const std::string forms = std::string(first_a) + " and " + std::string(first_b) + ", or " + std::string(second_a) +
                            " and " + std::string(second_b);
  if (first && second) node.fail(family + " takes either " + forms + ", not a mix of the two");
  if (!first && !second) node.fail(family + " needs either " + forms);
  return first;
}

}  // namespace

const std::vector<DistributionFamily>& distribution_families() {
  static const std::vector<DistributionFamily> families = {
      {"fixed", {"value"}, "always `value`"},
      {"exponential", {"mean"}, "exponential with the given `mean`"},
      {"lognormal", {"mean", "sd", "mu", "sigma"}, "lognormal by `mean` and `sd`, or by `mu` and `sigma` of its log"},
      {"gamma", {"mean", "sd", "shape", "scale"}, "gamma by `mean` and `sd`, or by `shape` and `scale`"},
      {"triangular", {"min", "mode", "max"}, "triangular from `min` to `max`, peaking at `mode`"},
      {"uniform", {"min", "max"}, "uniform from `min` to `max`"},
      {"discrete", {"values", "weights"}, "one of `values`, each with its weight in `weights`"},
      {"histogram", {"edges", "weights"}, "uniform within each bin between consecutive `edges`, bins chosen by `weights`"},
  };
  return families;
}

Distribution parse_distribution(const ConfigNode& node, const std::vector<std::string>& extra_keys) {
  if (!node.is_map())
    node.fail("expected a distribution such as {dist: lognormal, mean: 42, sd: 20}" +
              std::string(node.is_scalar() ? ", got '" + node.yaml().Scalar() + "'" : ""));
  const ConfigNode dist_node = node.at("dist");
  const std::string family = dist_node.as_string();

  const auto& families = distribution_families();
  const auto known = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.name == family; });
  if (known == families.end()) {
    std::string names;
    for (const auto& f : families) names += (names.empty() ? "" : ", ") + f.name;
    dist_node.fail("unknown distribution '" + family + "'; known: " + names);
  }
  std::vector<std::string> allowed{"dist"};
  allowed.insert(allowed.end(), known->parameters.begin(), known->parameters.end());
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  node.allow_only(allowed);

  auto num = [&](std::string_view key) { return non_negative(node.at(key)); };
  try {
    if (family == "fixed") return Distribution::fixed(num("value"));
    if (family == "exponential") return Distribution::exponential(num("mean"));
    if (family == "lognormal") {
      if (choose_form(node, family, "mean", "sd", "mu", "sigma"))
        return Distribution::lognormal_mean_sd(num("mean"), num("sd"));
      // mu is a log, so any sign is a valid duration model.
      return Distribution::lognormal(node.at("mu").as_double(), num("sigma"));
    }
    if (family == "gamma") {
      if (choose_form(node, family, "mean", "sd", "shape", "scale"))
        return Distribution::gamma_mean_sd(num("mean"), num("sd"));
      return Distribution::gamma(num("shape"), num("scale"));
    }
    if (family == "triangular") return Distribution::triangular(num("min"), num("mode"), num("max"));
    if (family == "uniform") return Distribution::uniform(num("min"), num("max"));
    if (family == "discrete")
      return Distribution::discrete(non_negative_list(node.at("values")), non_negative_list(node.at("weights")));
    return Distribution::histogram(non_negative_list(node.at("edges")), non_negative_list(node.at("weights")));
  } catch (const ParameterError& e) {
    // Point at the key when this form has it (mean/sd errors of gamma_mean_sd
    // name `shape` only if the conversion overflowed, then the map is blamed).
    if (node.has(e.param())) node.at(e.param()).fail(e.what());
    node.fail(e.what());
  } catch (const std::invalid_argument& e) {
    node.fail(e.what());
  }
}

}  // namespace caseflow
