#include "caseflow/runner/sensitivity_design.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "caseflow/engine/random.h"

namespace caseflow::sensitivity {

namespace {

//! A design's own stream: the simulation's streams are never touched, so a
//! sweep's points cannot shift the replications' random numbers.
RandomEngine design_stream(std::uint64_t seed, std::uint64_t purpose) {
  std::uint64_t state = seed ^ (0x5eed5eedULL + purpose);
  const std::uint64_t word = splitmix64(state);
  return RandomEngine(word);
}

void shuffle(std::vector<std::size_t>& items, RandomEngine& engine) {
  // Fisher-Yates with Boost's distribution: the same order on every platform.
  for (std::size_t i = items.size(); i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(items[i - 1], items[pick(engine)]);
  }
}

}  // namespace

Design sobol_sequence(std::size_t count, std::size_t dims) {
  if (dims == 0 || dims > 3667) throw std::invalid_argument("a Sobol sequence needs 1 to 3667 dimensions");
  boost::random::sobol engine(static_cast<unsigned>(dims));
  Design rows(count, std::vector<double>(dims));
  // Values are integers in [0, 2^64): exact in a double while the sequence
  // uses its top 53 bits, i.e. for any count that fits in memory.
  for (auto& row : rows)
    for (auto& x : row) x = std::ldexp(static_cast<double>(engine()), -64);
  return rows;
}

Design one_at_a_time(const std::vector<double>& base, std::size_t levels) {
  if (levels < 2) throw std::invalid_argument("one-at-a-time needs at least 2 levels");
  Design rows{base};
  for (std::size_t d = 0; d < base.size(); ++d)
    for (std::size_t level = 0; level < levels; ++level) {
      std::vector<double> row = base;
      row[d] = static_cast<double>(level) / static_cast<double>(levels - 1);
      rows.push_back(std::move(row));
    }
  return rows;
}

Design full_grid(std::size_t dims, std::size_t levels) {
  if (levels < 2) throw std::invalid_argument("a grid needs at least 2 levels");
  std::size_t count = 1;
  for (std::size_t d = 0; d < dims; ++d) {
    if (count > 10'000'000 / levels) throw std::invalid_argument("a grid of more than 10,000,000 points");
    count *= levels;
  }
  Design rows(count, std::vector<double>(dims));
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t rest = i;
    for (std::size_t d = dims; d-- > 0;) {
      rows[i][d] = static_cast<double>(rest % levels) / static_cast<double>(levels - 1);
      rest /= levels;
    }
  }
  return rows;
}

Design latin_hypercube(std::size_t points, std::size_t dims, std::uint64_t seed) {
  RandomEngine engine = design_stream(seed, 1);
  Design rows(points, std::vector<double>(dims));
  std::vector<std::size_t> strata(points);
  for (std::size_t d = 0; d < dims; ++d) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    shuffle(strata, engine);
    for (std::size_t i = 0; i < points; ++i)
      rows[i][d] = (static_cast<double>(strata[i]) + uniform01(engine)) / static_cast<double>(points);
  }
  return rows;
}

double morris_delta(std::size_t levels) {
  return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

Design morris_trajectories(std::size_t trajectories, std::size_t dims, std::size_t levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris needs an even number of levels, at least 2");
  RandomEngine engine = design_stream(seed, 2);
  // Work in whole grid levels: delta is levels / 2 of them, and a start
  // level below levels / 2 keeps both ends of the step on the grid.
  const std::size_t jump = levels / 2;
  const auto on_grid = [levels](std::size_t level) {
    return static_cast<double>(level) / static_cast<double>(levels - 1);
  };
  boost::random::uniform_int_distribution<std::size_t> start_level(0, jump - 1);
  boost::random::uniform_int_distribution<int> coin(0, 1);
  Design rows;
  rows.reserve(trajectories * (dims + 1));
  std::vector<std::size_t> order(dims);
  std::vector<std::size_t> level(dims);
  std::vector<bool> up(dims);
  for (std::size_t t = 0; t < trajectories; ++t) {
    std::vector<double> x(dims);
    for (std::size_t d = 0; d < dims; ++d) {
      const std::size_t low = start_level(engine);
      up[d] = coin(engine) == 1;
      level[d] = up[d] ? low : low + jump;
      x[d] = on_grid(level[d]);
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    shuffle(order, engine);
    rows.push_back(x);
    for (const std::size_t d : order) {
      level[d] = up[d] ? level[d] + jump : level[d] - jump;
      x[d] = on_grid(level[d]);
      rows.push_back(x);
    }
  }
  return rows;
}

Design saltelli(std::size_t base_samples, std::size_t dims) {
  const Design sequence = sobol_sequence(base_samples, 2 * dims);
  Design rows;
  rows.reserve(base_samples * (dims + 2));
  for (const auto& point : sequence) {
    const std::vector<double> a(point.begin(), point.begin() + static_cast<std::ptrdiff_t>(dims));
    const std::vector<double> b(point.begin() + static_cast<std::ptrdiff_t>(dims), point.end());
    rows.push_back(a);
    for (std::size_t i = 0; i < dims; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      rows.push_back(std::move(ab));
    }
    rows.push_back(b);
  }
  return rows;
}

}  // namespace caseflow::sensitivity
