// Tests of Distribution: parameter checks, exact moments, statistical checks
// of the draws and the length-biased draws, and parse_distribution's errors.
//
// Statistical tolerances are 4 standard errors computed from the sample size
// (and, for the variance, from the sample's fourth central moment), never
// tuned to pass. The seeds are fixed, so the tests are repeatable.
#include "caseflow/engine/distribution.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace caseflow {
namespace {

constexpr std::size_t kDraws = 200'000;
constexpr double kSigmas = 4.0;

RandomEngine test_stream() { return make_stream(12345, 0, 0, StreamPurpose::durations); }

struct SampleStats {
  double mean = 0.0;
  double variance = 0.0;  // unbiased, divisor n - 1
  double m4 = 0.0;        // fourth central moment
};

SampleStats stats_of(const std::vector<double>& xs) {
  SampleStats s;
  const double n = static_cast<double>(xs.size());
  for (const double x : xs) s.mean += x;
  s.mean /= n;
  double m2 = 0.0;
  for (const double x : xs) {
    const double d = x - s.mean;
    m2 += d * d;
    s.m4 += d * d * d * d;
  }
  s.variance = m2 / (n - 1.0);
  s.m4 /= n;
  return s;
}

std::vector<double> draw(const Distribution& d, bool length_biased) {
  RandomEngine engine = test_stream();
  std::vector<double> xs(kDraws);
  for (auto& x : xs) x = length_biased ? d.sample_length_biased(engine) : d.sample(engine);
  return xs;
}

// Sample mean within 4 SE of mean(), SE = sqrt(var / N) with the exact var.
// Sample variance within 4 SE of variance(), where SE(s^2) is estimated from
// the sample as sqrt((m4 - s^4) / N) (the large-sample variance of s^2).
void expect_moments_match(const Distribution& d) {
  SCOPED_TRACE(d.describe());
  const auto xs = draw(d, false);
  const SampleStats s = stats_of(xs);
  const double n = static_cast<double>(kDraws);
  const double se_mean = std::sqrt(d.variance() / n);
  EXPECT_NEAR(s.mean, d.mean(), kSigmas * se_mean);
  const double se_variance = std::sqrt((s.m4 - s.variance * s.variance) / n);
  EXPECT_NEAR(s.variance, d.variance(), kSigmas * se_variance);
  for (const double x : xs) {
    ASSERT_GE(x, d.min());
    ASSERT_TRUE(std::isfinite(x));
  }
}

// The size-biased mean is E[X^2] / E[X] = (var + mean^2) / mean; SE from the
// sample sd of the biased draws.
void expect_length_biased_mean_matches(const Distribution& d) {
  SCOPED_TRACE("length-biased " + d.describe());
  const auto xs = draw(d, true);
  const SampleStats s = stats_of(xs);
  const double expected = (d.variance() + d.mean() * d.mean()) / d.mean();
  // The 1e-12 relative floor only absorbs rounding when the biased law is a
  // point mass (zero sample variance), e.g. discrete {0, 7}.
  const double se = std::sqrt(s.variance / static_cast<double>(kDraws));
  EXPECT_NEAR(s.mean, expected, std::max(kSigmas * se, 1e-12 * expected));
  for (const double x : xs) ASSERT_GE(x, d.min());
}

void expect_family(const Distribution& d) {
  expect_moments_match(d);
  expect_length_biased_mean_matches(d);
}

// Fraction of draws <= x, compared with a CDF value p within 4 binomial SEs.
void expect_cdf(const std::vector<double>& xs, double x, double p) {
  double below = 0.0;
  for (const double v : xs) below += v <= x ? 1.0 : 0.0;
  const double n = static_cast<double>(xs.size());
  EXPECT_NEAR(below / n, p, kSigmas * std::sqrt(p * (1.0 - p) / n)) << "at x = " << x;
}

//===----------------------------------------------------------------------===//
// Draws against theory, one family per test
//===----------------------------------------------------------------------===//

TEST(Distribution, FixedAlwaysDrawsItsValue) {
  const auto d = Distribution::fixed(7.5);
  RandomEngine engine = test_stream();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(d.sample(engine), 7.5);
    ASSERT_EQ(d.sample_length_biased(engine), 7.5);
  }
  EXPECT_EQ(d.mean(), 7.5);
  EXPECT_EQ(d.variance(), 0.0);
}

TEST(Distribution, FixedZeroLengthBiasedIsZero) {
  RandomEngine engine = test_stream();
  EXPECT_EQ(Distribution::fixed(0).sample_length_biased(engine), 0.0);
}

TEST(Distribution, ExponentialSamplesMatchTheory) { expect_family(Distribution::exponential(30)); }

TEST(Distribution, LognormalSamplesMatchTheory) {
  expect_family(Distribution::lognormal_mean_sd(42, 20));
  expect_family(Distribution::lognormal(-1.0, 0.5));  // negative mu: median below 1
}

TEST(Distribution, GammaSamplesMatchTheory) {
  expect_family(Distribution::gamma(2, 90));
  expect_family(Distribution::gamma(0.5, 10));  // Boost's shape < 1 branch
  expect_family(Distribution::gamma_mean_sd(180, 127));
}

TEST(Distribution, TriangularSamplesMatchTheory) {
  expect_family(Distribution::triangular(90, 180, 270));
  expect_family(Distribution::triangular(0, 0, 10));  // mode at min: rejection accepts rarely near 0
}

TEST(Distribution, UniformSamplesMatchTheory) {
  expect_family(Distribution::uniform(90, 270));
  expect_family(Distribution::uniform(0, 10));
}

TEST(Distribution, DiscreteSamplesMatchTheory) {
  expect_family(Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2}));
  expect_family(Distribution::discrete({0, 5, 7, 9}, {1, 0, 2, 0}));
}

TEST(Distribution, HistogramSamplesMatchTheory) {
  expect_family(Distribution::histogram({0, 91, 182, 365}, {47.5, 14.8, 15.7}));
  expect_family(Distribution::histogram({10, 20, 30, 60}, {1, 0, 3}));
}

//===----------------------------------------------------------------------===//
// Shapes of draws beyond the first two moments
//===----------------------------------------------------------------------===//

TEST(Distribution, DiscreteNeverDrawsZeroWeightValues) {
  const auto d = Distribution::discrete({0, 5, 7, 9}, {1, 0, 2, 0});
  for (const bool biased : {false, true}) {
    for (const double x : draw(d, biased)) ASSERT_TRUE(x == 0.0 || x == 7.0) << x;
  }
  // Length-biased weights 0*1 and 7*2: the value 0 is never a spell found in progress.
  for (const double x : draw(d, true)) ASSERT_EQ(x, 7.0);
}

TEST(Distribution, DiscreteFrequenciesMatchWeights) {
  const auto xs = draw(Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2}), false);
  expect_cdf(xs, 1.0, 0.5);
  expect_cdf(xs, 2.0, 0.8);
  // Length-biased: P(v) proportional to v * w = 0.5, 0.6, 0.6.
  const auto biased = draw(Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2}), true);
  expect_cdf(biased, 1.0, 0.5 / 1.7);
  expect_cdf(biased, 2.0, 1.1 / 1.7);
}

TEST(Distribution, DiscreteAllZeroLengthBiasedIsZero) {
  RandomEngine engine = test_stream();
  EXPECT_EQ(Distribution::discrete({0, 0}, {1, 2}).sample_length_biased(engine), 0.0);
}

TEST(Distribution, LengthBiasedUniformFollowsItsCdf) {
  // Density 2x / (b^2 - a^2) on [a, b], so CDF (x^2 - a^2) / (b^2 - a^2).
  const auto xs = draw(Distribution::uniform(90, 270), true);
  for (const double x : {120.0, 180.0, 240.0}) expect_cdf(xs, x, (x * x - 90.0 * 90.0) / (270.0 * 270.0 - 90.0 * 90.0));
}

TEST(Distribution, LengthBiasedHistogramBinsAndShape) {
  // Bin probability proportional to w_i * midpoint_i: 1*15 : 3*45.
  const auto xs = draw(Distribution::histogram({10, 20, 30, 60}, {1, 0, 3}), true);
  const double p_first = 15.0 / (15.0 + 135.0);
  expect_cdf(xs, 20.0, p_first);
  expect_cdf(xs, 30.0, p_first);  // the empty bin holds nothing
  // Within the last bin the CDF rises as x^2.
  expect_cdf(xs, 45.0, p_first + (1.0 - p_first) * (45.0 * 45.0 - 900.0) / (3600.0 - 900.0));
}

TEST(Distribution, LengthBiasedExponentialIsGammaTwo) {
  // Size-biased exponential(m) is gamma(2, m): variance 2 m^2; check the
  // variance too, with SE from the sample fourth moment.
  const auto d = Distribution::exponential(30);
  const SampleStats s = stats_of(draw(d, true));
  const double se_variance = std::sqrt((s.m4 - s.variance * s.variance) / static_cast<double>(kDraws));
  EXPECT_NEAR(s.variance, 2 * 30.0 * 30.0, kSigmas * se_variance);
}

//===----------------------------------------------------------------------===//
// Exact moments, against values worked by hand
//===----------------------------------------------------------------------===//

TEST(Distribution, ExactMomentsMatchHandValues) {
  constexpr double tol = 1e-9;
  const auto exponential = Distribution::exponential(30);
  EXPECT_NEAR(exponential.mean(), 30.0, tol);
  EXPECT_NEAR(exponential.variance(), 900.0, tol);

  // lognormal(0, 1): mean e^0.5, variance (e - 1) e.
  const auto lognormal = Distribution::lognormal(0.0, 1.0);
  EXPECT_NEAR(lognormal.mean(), 1.6487212707001282, tol);
  EXPECT_NEAR(lognormal.variance(), 4.670774270471604, tol);
  const auto lognormal_ms = Distribution::lognormal_mean_sd(42, 20);
  EXPECT_NEAR(lognormal_ms.mean(), 42.0, tol);
  EXPECT_NEAR(lognormal_ms.variance(), 400.0, 1e-7);
  const auto& ln = std::get<Distribution::Lognormal>(lognormal_ms.params());
  EXPECT_NEAR(ln.sigma * ln.sigma, std::log(1.0 + 400.0 / 1764.0), tol);
  EXPECT_NEAR(ln.mu, std::log(42.0) - 0.5 * std::log(1.0 + 400.0 / 1764.0), tol);

  const auto gamma = Distribution::gamma(2, 90);
  EXPECT_NEAR(gamma.mean(), 180.0, tol);
  EXPECT_NEAR(gamma.variance(), 16200.0, tol);
  const auto gamma_ms = Distribution::gamma_mean_sd(180, 120);  // shape 2.25, scale 80
  const auto& g = std::get<Distribution::Gamma>(gamma_ms.params());
  EXPECT_NEAR(g.shape, 2.25, tol);
  EXPECT_NEAR(g.scale, 80.0, tol);
  EXPECT_NEAR(gamma_ms.variance(), 14400.0, 1e-7);

  // (a^2 + b^2 + c^2 - ab - ac - bc) / 18 = 24300 / 18.
  const auto triangular = Distribution::triangular(90, 180, 270);
  EXPECT_NEAR(triangular.mean(), 180.0, tol);
  EXPECT_NEAR(triangular.variance(), 1350.0, tol);

  const auto uniform = Distribution::uniform(90, 270);
  EXPECT_NEAR(uniform.mean(), 180.0, tol);
  EXPECT_NEAR(uniform.variance(), 2700.0, tol);

  // E[X] = 1.7, E[X^2] = 3.5.
  const auto discrete = Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2});
  EXPECT_NEAR(discrete.mean(), 1.7, tol);
  EXPECT_NEAR(discrete.variance(), 0.61, tol);

  // Halves on [0,1) and [1,3): E[X] = 1.25, E[X^2] = 7/3, variance 37/48.
  const auto histogram = Distribution::histogram({0, 1, 3}, {1, 1});
  EXPECT_NEAR(histogram.mean(), 1.25, tol);
  EXPECT_NEAR(histogram.variance(), 37.0 / 48.0, tol);
}

TEST(Distribution, MinIsTheLowestReachableValue) {
  EXPECT_EQ(Distribution::fixed(3).min(), 3.0);
  EXPECT_EQ(Distribution::exponential(3).min(), 0.0);
  EXPECT_EQ(Distribution::triangular(1, 2, 3).min(), 1.0);
  EXPECT_EQ(Distribution::uniform(4, 5).min(), 4.0);
  EXPECT_EQ(Distribution::discrete({9, 2, 5}, {1, 0, 1}).min(), 5.0);
  EXPECT_EQ(Distribution::histogram({0, 10, 20}, {0, 1}).min(), 10.0);
}

TEST(Distribution, DescribeIsShortAndRounded) {
  EXPECT_EQ(Distribution::fixed(1).describe(), "fixed(1)");
  EXPECT_EQ(Distribution::exponential(30).describe(), "exponential(mean 30)");
  EXPECT_EQ(Distribution::lognormal_mean_sd(42, 20).describe(), "lognormal(mean 42, sd 20)");
  EXPECT_EQ(Distribution::gamma(2, 90).describe(), "gamma(mean 180, sd 127.3)");
  EXPECT_EQ(Distribution::triangular(90, 180, 270).describe(), "triangular(min 90, mode 180, max 270)");
  EXPECT_EQ(Distribution::uniform(0.5, 1.0 / 3.0 + 1).describe(), "uniform(min 0.5, max 1.333)");
  EXPECT_EQ(Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2}).describe(), "discrete(3 values, mean 1.7)");
  EXPECT_EQ(Distribution::histogram({0, 1, 3}, {1, 1}).describe(), "histogram(2 bins, mean 1.25)");
  EXPECT_EQ(Distribution::exponential(123456).describe(), "exponential(mean 123500)");
}

//===----------------------------------------------------------------------===//
// Factory checks
//===----------------------------------------------------------------------===//

std::string factory_error(const std::function<void()>& make) {
  try {
    make();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Distribution, FactoriesRejectBadParameters) {
  EXPECT_EQ(factory_error([] { Distribution::lognormal_mean_sd(42, -3); }), "lognormal sd must be >= 0, got -3");
  EXPECT_EQ(factory_error([] { Distribution::lognormal_mean_sd(0, 3); }), "lognormal mean must be > 0, got 0");
  EXPECT_EQ(factory_error([] { Distribution::lognormal(1, -0.5); }), "lognormal sigma must be >= 0, got -0.5");
  EXPECT_EQ(factory_error([] { Distribution::gamma(0, 1); }), "gamma shape must be > 0, got 0");
  EXPECT_EQ(factory_error([] { Distribution::gamma(1, -2); }), "gamma scale must be > 0, got -2");
  EXPECT_EQ(factory_error([] { Distribution::gamma_mean_sd(10, 0); }), "gamma sd must be > 0, got 0");
  EXPECT_EQ(factory_error([] { Distribution::fixed(-1); }), "fixed value must be >= 0, got -1");
  EXPECT_EQ(factory_error([] { Distribution::exponential(0); }), "exponential mean must be > 0, got 0");
  EXPECT_NE(factory_error([] { Distribution::exponential(NAN); }).find("finite"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::fixed(INFINITY); }).find("finite"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::triangular(90, 300, 270); }).find("triangular mode must be between"),
            std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::triangular(5, 5, 5); }).find("use fixed"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::uniform(5, 5); }).find("uniform max must be > min"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::uniform(-1, 5); }).find("uniform min must be >= 0"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::discrete({}, {}); }).find("at least one"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::discrete({1, 2}, {1}); }).find("one entry per value"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::discrete({1, 2}, {0, 0}); }).find("positive"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::discrete({1, 2}, {1, -1}); }).find("weights must be >= 0"),
            std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::histogram({0, 5, 5}, {1, 1}); }).find("strictly increasing"),
            std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::histogram({0, 5}, {1, 1}); }).find("one more entry"), std::string::npos);
  EXPECT_NE(factory_error([] { Distribution::histogram({-1, 5}, {1}); }).find("edges must be >= 0"), std::string::npos);
  // Finite parameters whose moments overflow are a typo, not a model.
  EXPECT_NE(factory_error([] { Distribution::lognormal(0, 40); }).find("too large"), std::string::npos);
  // Degenerate but legal: sd 0 is a point mass at the mean.
  RandomEngine engine = test_stream();
  EXPECT_NEAR(Distribution::lognormal_mean_sd(42, 0).sample(engine), 42.0, 1e-12);
}

TEST(Distribution, SameSeedSameSequence) {
  const std::vector<Distribution> all = {
      Distribution::fixed(1),
      Distribution::exponential(30),
      Distribution::lognormal_mean_sd(42, 20),
      Distribution::gamma(2, 90),
      Distribution::gamma(0.5, 90),
      Distribution::triangular(90, 180, 270),
      Distribution::uniform(90, 270),
      Distribution::discrete({1, 2, 3}, {0.5, 0.3, 0.2}),
      Distribution::histogram({0, 91, 182, 365}, {47.5, 14.8, 15.7}),
  };
  for (const auto& d : all) {
    SCOPED_TRACE(d.describe());
    RandomEngine a = test_stream();
    RandomEngine b = test_stream();
    RandomEngine other = make_stream(12345, 0, 1, StreamPurpose::durations);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
      const double x = d.sample(a);
      ASSERT_EQ(x, d.sample(b));
      ASSERT_EQ(d.sample_length_biased(a), d.sample_length_biased(b));
      differs = differs || x != d.sample(other);
    }
    // Another replication's stream gives other draws (except for a constant).
    EXPECT_EQ(differs, d.variance() > 0.0);
  }
}

TEST(Distribution, CopiesDrawTheSame) {
  const auto original = Distribution::histogram({0, 91, 182, 365}, {47.5, 14.8, 15.7});
  const Distribution copy = original;  // the cumulative tables travel with it
  RandomEngine a = test_stream();
  RandomEngine b = test_stream();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(original.sample(a), copy.sample(b));
}

//===----------------------------------------------------------------------===//
// parse_distribution
//===----------------------------------------------------------------------===//

Distribution parse(const std::string& yaml, const std::vector<std::string>& extra = {}) {
  return parse_distribution(ConfigNode::parse(yaml, "test.yaml").at("d"), extra);
}

// The ConfigError thrown by parsing, or a failure if there was none.
ConfigError parse_error(const std::string& yaml, const std::vector<std::string>& extra = {}) {
  try {
    parse(yaml, extra);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << yaml;
  return ConfigError("", "", 0, "");
}

TEST(ParseDistribution, EveryFormParses) {
  EXPECT_NEAR(parse("d: {dist: lognormal, mean: 42, sd: 20}\n").mean(), 42.0, 1e-9);
  const auto mu_sigma = parse("d: {dist: lognormal, mu: 3.6, sigma: 0.5}\n");
  EXPECT_EQ(std::get<Distribution::Lognormal>(mu_sigma.params()).mu, 3.6);
  EXPECT_EQ(std::get<Distribution::Lognormal>(mu_sigma.params()).sigma, 0.5);
  EXPECT_EQ(parse("d: {dist: lognormal, mu: -0.5, sigma: 0.5}\n").mean(), std::exp(-0.5 + 0.125));
  EXPECT_EQ(parse("d: {dist: fixed, value: 1}\n").mean(), 1.0);
  EXPECT_EQ(parse("d: {dist: exponential, mean: 30}\n").mean(), 30.0);
  EXPECT_EQ(parse("d: {dist: gamma, shape: 2, scale: 90}\n").mean(), 180.0);
  EXPECT_NEAR(parse("d: {dist: gamma, mean: 180, sd: 127}\n").variance(), 127.0 * 127.0, 1e-6);
  EXPECT_EQ(parse("d: {dist: triangular, min: 90, mode: 180, max: 270}\n").mean(), 180.0);
  EXPECT_EQ(parse("d: {dist: uniform, min: 90, max: 270}\n").mean(), 180.0);
  EXPECT_NEAR(parse("d: {dist: discrete, values: [1, 2, 3], weights: [0.5, 0.3, 0.2]}\n").mean(), 1.7, 1e-12);
  const auto histogram = parse("d: {dist: histogram, edges: [0, 91, 182, 365], weights: [47.5, 14.8, 15.7]}\n");
  EXPECT_EQ(std::get<Distribution::Histogram>(histogram.params()).edges.size(), 4u);
  // Block style too.
  EXPECT_EQ(parse("d:\n  dist: uniform\n  min: 1\n  max: 2\n").mean(), 1.5);
}

TEST(ParseDistribution, ExtraKeysAreAllowedOnlyWhenNamed) {
  EXPECT_EQ(parse("d: {dist: fixed, value: 1, unit: days}\n", {"unit"}).mean(), 1.0);
  const auto e = parse_error("d: {dist: fixed, value: 1, unit: days}\n");
  EXPECT_EQ(e.key_path(), "d.unit");
  EXPECT_NE(e.message().find("unknown key"), std::string::npos);
}

TEST(ParseDistribution, UnknownKeyIsNamed) {
  // sd is a key of other families, not of exponential.
  const auto e = parse_error("d: {dist: exponential, mean: 30, sd: 3}\n");
  EXPECT_EQ(e.key_path(), "d.sd");
  EXPECT_EQ(e.line(), 1);
}

TEST(ParseDistribution, UnknownFamilyListsTheKnownOnes) {
  const auto e = parse_error("d: {dist: weibull, shape: 2, scale: 3}\n");
  EXPECT_EQ(e.key_path(), "d.dist");
  EXPECT_NE(e.message().find("'weibull'"), std::string::npos);
  EXPECT_NE(e.message().find("fixed, exponential, lognormal, gamma, triangular, uniform, discrete, histogram"),
            std::string::npos);
}

TEST(ParseDistribution, MissingDistOrParameter) {
  EXPECT_EQ(parse_error("d: {mean: 30}\n").key_path(), "d.dist");
  const auto missing = parse_error("d: {dist: gamma, shape: 2}\n");
  EXPECT_EQ(missing.key_path(), "d.scale");
  EXPECT_NE(missing.message().find("missing"), std::string::npos);
  EXPECT_EQ(parse_error("d: {dist: lognormal, mean: 42}\n").key_path(), "d.sd");
  const auto neither = parse_error("d: {dist: lognormal}\n");
  EXPECT_EQ(neither.key_path(), "d");
  EXPECT_NE(neither.message().find("mean and sd, or mu and sigma"), std::string::npos);
}

TEST(ParseDistribution, MixedParameterisationsAreRejected) {
  for (const char* yaml : {"d: {dist: lognormal, mean: 42, sigma: 0.5}\n", "d: {dist: gamma, mean: 42, sd: 3, shape: 2}\n"}) {
    const auto e = parse_error(yaml);
    EXPECT_EQ(e.key_path(), "d") << yaml;
    EXPECT_NE(e.message().find("not a mix"), std::string::npos) << e.what();
  }
}

TEST(ParseDistribution, NegativeValueNamesItsKeyAndLine) {
  const auto e = parse_error("d: {dist: lognormal, mean: 42, sd: -3}\n");
  EXPECT_EQ(e.key_path(), "d.sd");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.file(), "test.yaml");
  EXPECT_EQ(e.message(), "must be >= 0 (durations cannot be negative), got -3");

  const auto in_list = parse_error("d:\n  dist: discrete\n  values: [1, 2]\n  weights: [0.5, -1]\n");
  EXPECT_EQ(in_list.key_path(), "d.weights[1]");
  EXPECT_EQ(in_list.line(), 4);
}

TEST(ParseDistribution, FactoryErrorsPointAtTheKey) {
  const auto mode = parse_error("d:\n  dist: triangular\n  min: 90\n  mode: 300\n  max: 270\n");
  EXPECT_EQ(mode.key_path(), "d.mode");
  EXPECT_EQ(mode.line(), 4);
  EXPECT_NE(mode.message().find("between min (90) and max (270)"), std::string::npos);
  EXPECT_EQ(parse_error("d: {dist: uniform, min: 5, max: 5}\n").key_path(), "d.max");
  EXPECT_EQ(parse_error("d: {dist: gamma, shape: 0, scale: 5}\n").key_path(), "d.shape");
  EXPECT_EQ(parse_error("d: {dist: exponential, mean: 0}\n").key_path(), "d.mean");
  EXPECT_EQ(parse_error("d: {dist: histogram, edges: [0, 5, 4], weights: [1, 1]}\n").key_path(), "d.edges");
  EXPECT_EQ(parse_error("d: {dist: discrete, values: [1, 2], weights: [1]}\n").key_path(), "d.weights");
  EXPECT_EQ(parse_error("d: {dist: discrete, values: [], weights: []}\n").key_path(), "d.values");
}

TEST(ParseDistribution, NonNumbersAndNonMapsAreRejected) {
  EXPECT_EQ(parse_error("d: {dist: exponential, mean: soon}\n").key_path(), "d.mean");
  EXPECT_EQ(parse_error("d: {dist: discrete, values: 3, weights: [1]}\n").key_path(), "d.values");
  const auto scalar = parse_error("d: 30\n");
  EXPECT_EQ(scalar.key_path(), "d");
  EXPECT_NE(scalar.message().find("{dist: lognormal"), std::string::npos);
}

}  // namespace
}  // namespace caseflow

namespace caseflow {

TEST(EntityStreams, KeyFromPrefixIsTheKey) {
  // Streams keeps each purpose's prefix and makes keys from it: the same keys
  // as entity_stream_key's, so no case's or post's draws move.
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{20160621}})
    for (std::uint64_t replication : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{8}})
      for (std::uint64_t serial : {std::uint64_t{1}, std::uint64_t{2}, (std::uint64_t{1} << 62) + 3})
        for (StreamPurpose purpose : {StreamPurpose::cases, StreamPurpose::workforce})
          EXPECT_EQ(entity_stream_key(seed, 3, replication, purpose, serial),
                    entity_stream_key_from(entity_stream_prefix(seed, 3, replication, purpose), serial));
}

}  // namespace caseflow
