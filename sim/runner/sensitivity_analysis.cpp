#include "caseflow/runner/sensitivity_analysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/random/uniform_int_distribution.hpp>

#include "caseflow/engine/random.h"

namespace caseflow::sensitivity {

namespace {

RandomEngine bootstrap_stream(std::uint64_t seed) {
  std::uint64_t state = seed ^ 0xb0075742ULL;
  return RandomEngine(splitmix64(state));
}

//! `resamples` lists of n indices drawn with replacement, all from one stream.
std::vector<std::vector<std::size_t>> resample_indices(std::size_t n, std::size_t resamples, std::uint64_t seed) {
  RandomEngine engine = bootstrap_stream(seed);
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<std::vector<std::size_t>> all(resamples, std::vector<std::size_t>(n));
  for (auto& indices : all)
    for (auto& i : indices) i = pick(engine);
  return all;
}

double sample_sd(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double sum = 0.0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

//! z x the bootstrap SD of `statistic` over resamples (SALib's interval).
template <class Statistic>
double bootstrap_conf(const std::vector<std::vector<std::size_t>>& resamples, Statistic statistic) {
  std::vector<double> values;
  values.reserve(resamples.size());
  for (const auto& indices : resamples) values.push_back(statistic(indices));
  return kZ95 * sample_sd(values);
}

std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> indices(n);
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  return indices;
}

//! Ranks from 1, ties at their mean rank.
std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order = identity(values.size());
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + j) / 2.0) + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y, const std::vector<std::size_t>& indices) {
  const auto n = static_cast<double>(indices.size());
  double mx = 0.0, my = 0.0;
  for (std::size_t i : indices) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i : indices) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  // A constant output (or parameter) correlates with nothing.
  if (sxx <= 0.0 || syy <= 0.0) return 0.0;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& outputs, std::size_t dims, std::size_t resamples,
                           std::uint64_t seed) {
  const std::size_t block = dims + 2;
  if (dims == 0 || outputs.size() % block != 0 || outputs.size() < 2 * block)
    throw std::invalid_argument("Sobol analysis needs N (D + 2) outputs with N >= 2, got " +
                                std::to_string(outputs.size()) + " for D = " + std::to_string(dims));
  const std::size_t n = outputs.size() / block;
  std::vector<double> a(n), b(n);
  std::vector<std::vector<double>> ab(dims, std::vector<double>(n));
  // Standardised first, as SALib does, so that the bootstrap sees the same numbers.
  const double mean = std::accumulate(outputs.begin(), outputs.end(), 0.0) / static_cast<double>(outputs.size());
  double sum = 0.0;
  for (double y : outputs) sum += (y - mean) * (y - mean);
  const double sd = std::sqrt(sum / static_cast<double>(outputs.size()));
  const auto standard = [&](double y) { return sd > 0.0 ? (y - mean) / sd : 0.0; };
  for (std::size_t j = 0; j < n; ++j) {
    a[j] = standard(outputs[j * block]);
    for (std::size_t i = 0; i < dims; ++i) ab[i][j] = standard(outputs[j * block + 1 + i]);
    b[j] = standard(outputs[j * block + dims + 1]);
  }
  const auto variance = [&](const std::vector<std::size_t>& indices) {
    double m = 0.0;
    for (std::size_t j : indices) m += a[j] + b[j];
    m /= 2.0 * static_cast<double>(indices.size());
    double v = 0.0;
    for (std::size_t j : indices) v += (a[j] - m) * (a[j] - m) + (b[j] - m) * (b[j] - m);
    return v / (2.0 * static_cast<double>(indices.size()));
  };
  const auto first = [&](std::size_t i, const std::vector<std::size_t>& indices) {
    const double v = variance(indices);
    if (v <= 0.0) return 0.0;
    double s = 0.0;
    for (std::size_t j : indices) s += b[j] * (ab[i][j] - a[j]);
    return s / static_cast<double>(indices.size()) / v;
  };
  const auto total = [&](std::size_t i, const std::vector<std::size_t>& indices) {
    const double v = variance(indices);
    if (v <= 0.0) return 0.0;
    double s = 0.0;
    for (std::size_t j : indices) s += (a[j] - ab[i][j]) * (a[j] - ab[i][j]);
    return 0.5 * s / static_cast<double>(indices.size()) / v;
  };
  const auto all = identity(n);
  const auto draws = resample_indices(n, resamples, seed);
  SobolIndices result;
  for (std::size_t i = 0; i < dims; ++i) {
    result.first.push_back(
        {first(i, all), bootstrap_conf(draws, [&](const auto& indices) { return first(i, indices); })});
    result.total.push_back(
        {total(i, all), bootstrap_conf(draws, [&](const auto& indices) { return total(i, indices); })});
  }
  return result;
}

MorrisIndices morris_indices(const Design& design, const std::vector<double>& outputs, std::size_t resamples,
                             std::uint64_t seed) {
  if (design.empty() || design.size() != outputs.size())
    throw std::invalid_argument("Morris analysis needs one output per design row");
  const std::size_t dims = design.front().size();
  const std::size_t block = dims + 1;
  if (dims == 0 || design.size() % block != 0)
    throw std::invalid_argument("Morris analysis needs trajectories of D + 1 rows");
  const std::size_t trajectories = design.size() / block;
  // effects[i][t]: parameter i's elementary effect in trajectory t.
  std::vector<std::vector<double>> effects(dims, std::vector<double>(trajectories));
  for (std::size_t t = 0; t < trajectories; ++t)
    for (std::size_t k = 0; k < dims; ++k) {
      const auto& before = design[t * block + k];
      const auto& after = design[t * block + k + 1];
      std::size_t moved = dims;
      for (std::size_t d = 0; d < dims; ++d)
        if (after[d] != before[d]) {
          if (moved != dims) throw std::invalid_argument("a Morris step changes more than one parameter");
          moved = d;
        }
      if (moved == dims) throw std::invalid_argument("a Morris step changes no parameter");
      effects[moved][t] =
          (outputs[t * block + k + 1] - outputs[t * block + k]) / (after[moved] - before[moved]);
    }
  const auto mean_of = [](const std::vector<double>& e, const std::vector<std::size_t>& indices, bool absolute) {
    double s = 0.0;
    for (std::size_t t : indices) s += absolute ? std::abs(e[t]) : e[t];
    return s / static_cast<double>(indices.size());
  };
  const auto sd_of = [&](const std::vector<double>& e, const std::vector<std::size_t>& indices) {
    if (indices.size() < 2) return 0.0;
    const double m = mean_of(e, indices, false);
    double s = 0.0;
    for (std::size_t t : indices) s += (e[t] - m) * (e[t] - m);
    return std::sqrt(s / static_cast<double>(indices.size() - 1));
  };
  const auto all = identity(trajectories);
  const auto draws = resample_indices(trajectories, resamples, seed);
  MorrisIndices result;
  for (std::size_t i = 0; i < dims; ++i) {
    const auto& e = effects[i];
    result.mu.push_back({mean_of(e, all, false), bootstrap_conf(draws, [&](const auto& s) { return mean_of(e, s, false); })});
    result.mu_star.push_back({mean_of(e, all, true), bootstrap_conf(draws, [&](const auto& s) { return mean_of(e, s, true); })});
    result.sigma.push_back({sd_of(e, all), bootstrap_conf(draws, [&](const auto& s) { return sd_of(e, s); })});
  }
  return result;
}

std::vector<Estimate> rank_correlations(const Design& design, const std::vector<double>& outputs,
                                        std::size_t resamples, std::uint64_t seed) {
  if (design.size() < 3 || design.size() != outputs.size())
    throw std::invalid_argument("rank correlations need one output per design row and at least 3 rows");
  const std::size_t dims = design.front().size();
  // Ranks once, over all points: a resample's correlation is then of ranks
  // with repeats, a close and much cheaper stand-in for re-ranking.
  const std::vector<double> output_ranks = ranks(outputs);
  const auto all = identity(design.size());
  const auto draws = resample_indices(design.size(), resamples, seed);
  std::vector<Estimate> result;
  for (std::size_t d = 0; d < dims; ++d) {
    std::vector<double> column(design.size());
    for (std::size_t i = 0; i < design.size(); ++i) column[i] = design[i][d];
    const std::vector<double> column_ranks = ranks(column);
    result.push_back({pearson(column_ranks, output_ranks, all),
                      bootstrap_conf(draws, [&](const auto& s) { return pearson(column_ranks, output_ranks, s); })});
  }
  return result;
}

std::vector<Estimate> one_at_a_time_swings(std::size_t dims, std::size_t levels, const std::vector<double>& outputs) {
  if (outputs.size() != 1 + dims * levels) throw std::invalid_argument("one-at-a-time needs 1 + D x levels outputs");
  std::vector<Estimate> result;
  for (std::size_t d = 0; d < dims; ++d)
    result.push_back({outputs[1 + d * levels + levels - 1] - outputs[1 + d * levels], 0.0});
  return result;
}

}  // namespace caseflow::sensitivity
