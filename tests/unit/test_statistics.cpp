// Tests of the per-cell summary statistics: Welford moments and the
// fixed-memory quantile sketch. Tolerances come from the documented bounds:
// Chan, Golub & LeVeque (1983) for the moments, the sketch's own bin-width
// bound for the quantiles.
#include "caseflow/runner/statistics.h"

#include "caseflow/runner/runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace caseflow {
namespace {

constexpr double kU = std::numeric_limits<double>::epsilon() / 2;  // unit roundoff
constexpr double kBins = static_cast<double>(QuantileSketch::kBins);

// Hyndman & Fan (1996) type 7 on sorted data, written independently of the
// sketch: h = (n - 1) p, interpolate between x[floor h] and x[floor h + 1].
double type7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

std::vector<double> probe_ps() {
  std::vector<double> ps;
  for (int i = 0; i <= 100; ++i) ps.push_back(i / 100.0);
  for (double p : {0.001, 0.025, 0.123, 0.975, 0.999}) ps.push_back(p);
  return ps;
}

// The sketch's documented width bound: the smallest fitting power of two is
// below 2 * range / (kBins - 1), and never below the floor (1 for a histogram
// begun on integer data).
double width_bound(const std::vector<double>& data, double floor_width) {
  const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
  return std::max(2.0 * (*hi - *lo) / (kBins - 1.0), floor_width);
}

// Feeds data into a sketch and checks every probe against the exact type-7
// quantile of all the data, within max_error.
void expect_quantiles_within(const std::vector<double>& data, double max_error) {
  QuantileSketch sketch;
  for (double x : data) sketch.add(x);
  ASSERT_EQ(sketch.count(), data.size());
  std::vector<double> sorted = data;
  std::sort(sorted.begin(), sorted.end());
  for (double p : probe_ps()) {
    const double exact = type7(sorted, p);
    EXPECT_LE(std::abs(sketch.quantile(p) - exact), max_error) << "p = " << p;
  }
  EXPECT_EQ(sketch.quantile(0.0), sorted.front());  // extremes are tracked exactly
  EXPECT_EQ(sketch.quantile(1.0), sorted.back());
}

//===-- RunningMoments ---------------------------------------------------===//

TEST(RunningMoments, EmptyAndSingleValue) {
  RunningMoments m;
  EXPECT_EQ(m.count(), 0u);
  EXPECT_EQ(m.mean(), 0.0);
  EXPECT_EQ(m.variance(), 0.0);
  EXPECT_EQ(m.sd(), 0.0);
  m.add(3.5);
  EXPECT_EQ(m.count(), 1u);
  EXPECT_EQ(m.mean(), 3.5);
  EXPECT_EQ(m.variance(), 0.0);  // n - 1 = 0: defined as 0, not NaN
  EXPECT_EQ(m.min(), 3.5);
  EXPECT_EQ(m.max(), 3.5);
}

TEST(RunningMoments, HandCheckedSampleVariance) {
  // {2,4,4,4,5,5,7,9}: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 =
  // 32; sample variance 32/7 (the population one would be 32/8 = 4).
  RunningMoments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_DOUBLE_EQ(m.variance(), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(m.sd(), std::sqrt(32.0 / 7.0));
  EXPECT_EQ(m.min(), 2.0);
  EXPECT_EQ(m.max(), 9.0);
}

TEST(RunningMoments, StableWithLargeOffset) {
  // x = 1e9 + k 2^-20, k in [0, 2^20): every x is exact (ulp(1e9) = 2^-23),
  // and so is x - 1e9, so a long-double two-pass on the offsets is a
  // reference good to ~n 2^-64.
  constexpr std::size_t n = 100000;
  constexpr double offset = 1e9;
  std::mt19937_64 rng(20240611);
  std::vector<double> xs(n);
  for (double& x : xs) x = offset + std::ldexp(static_cast<double>(rng() >> 44), -20);

  RunningMoments m;
  for (double x : xs) m.add(x);

  long double sum = 0, sum_sq_dev = 0, sum_sq = 0;
  for (double x : xs) sum += x - offset;
  const long double mean_dev = sum / n;
  for (double x : xs) {
    const long double d = (x - offset) - mean_dev;
    sum_sq_dev += d * d;
    sum_sq += static_cast<long double>(x) * x;
  }
  const double ref_mean = static_cast<double>(offset + mean_dev);
  const double ref_var = static_cast<double>(sum_sq_dev / (n - 1));

  // Chan, Golub & LeVeque (1983): updating algorithms such as Welford's have
  // relative error in the sum of squares of order n kappa u, where
  // kappa = ||x||_2 / sqrt(S) (here ~3.5e9, so the bound is ~4e-2). The
  // textbook sum(x^2) - n mean^2 is only good to n kappa^2 u (~1e8 here).
  const double kappa = static_cast<double>(std::sqrt(sum_sq / sum_sq_dev));
  const double var_tol = static_cast<double>(n) * kappa * kU;
  EXPECT_LE(std::abs(m.variance() - ref_var) / ref_var, var_tol);
  // The mean: each update rounds once at the mean's magnitude, n rounds in all.
  EXPECT_LE(std::abs(m.mean() - ref_mean) / ref_mean, static_cast<double>(n) * kU);

  // The data are ill-conditioned enough to fail the textbook formula against
  // the same tolerance, so the bound above actually discriminates.
  double s = 0, s2 = 0;
  for (double x : xs) {
    s += x;
    s2 += x * x;
  }
  const double naive_var = (s2 - s * s / static_cast<double>(n)) / static_cast<double>(n - 1);
  EXPECT_GT(std::abs(naive_var - ref_var) / ref_var, var_tol);
}

TEST(RunningMoments, RejectsNonFiniteWithoutChangingState) {
  RunningMoments m;
  m.add(1.0);
  m.add(2.0);
  EXPECT_THROW(m.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(m.add(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(m.add(-std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_EQ(m.count(), 2u);
  EXPECT_EQ(m.mean(), 1.5);
  EXPECT_EQ(m.variance(), 0.5);
}

//===-- QuantileSketch ---------------------------------------------------===//

TEST(QuantileSketch, EmptyReturnsZero) {
  QuantileSketch s;
  EXPECT_EQ(s.count(), 0u);
  EXPECT_EQ(s.quantile(0.0), 0.0);
  EXPECT_EQ(s.quantile(0.5), 0.0);
  EXPECT_EQ(s.quantile(1.0), 0.0);
}

// Hand-computed type-7 value with its rounding allowance: h = (n - 1) p is
// rounded once (absolute error <= u h), which moves the interpolation weight
// by that much and so the result by u h (b - a) <= u (n - 1) range; the
// interpolation itself rounds a couple of times relative to the result.
void expect_hand(const QuantileSketch& s, double range, double p, double expected) {
  const double n_1 = static_cast<double>(s.count() - 1);
  const double tol = 4.0 * kU * (n_1 * range + std::abs(expected));
  EXPECT_NEAR(s.quantile(p), expected, tol) << "p = " << p;
}

TEST(QuantileSketch, ExactModeMatchesTypeSevenByHand) {
  {
    QuantileSketch s;  // {1,2,3,4}, fed out of order; range 3
    for (double x : {3.0, 1.0, 4.0, 2.0}) s.add(x);
    EXPECT_EQ(s.quantile(0.0), 1.0);
    expect_hand(s, 3, 0.05, 1.15);  // h = 0.15: 1 + 0.15 (2 - 1)
    expect_hand(s, 3, 0.25, 1.75);  // h = 0.75
    expect_hand(s, 3, 0.5, 2.5);    // h = 1.5
    expect_hand(s, 3, 0.95, 3.85);  // h = 2.85: 3 + 0.85 (4 - 3)
    EXPECT_EQ(s.quantile(1.0), 4.0);
  }
  {
    QuantileSketch s;  // {10,20,30,40,50}; range 40
    for (double x : {50.0, 40.0, 30.0, 20.0, 10.0}) s.add(x);
    expect_hand(s, 40, 0.1, 14.0);  // h = 0.4: 10 + 0.4 * 10
    expect_hand(s, 40, 0.5, 30.0);  // h = 2 exactly
    expect_hand(s, 40, 0.9, 46.0);  // h = 3.6: 40 + 0.6 * 10
  }
  {
    QuantileSketch s;  // {-5, 0, 0, 7}: ties and negatives; range 12
    for (double x : {0.0, 7.0, -5.0, 0.0}) s.add(x);
    expect_hand(s, 12, 0.2, -2.0);  // h = 0.6: -5 + 0.6 * 5
    EXPECT_EQ(s.quantile(0.5), 0.0);  // h = 1.5 between the two zeros: exact
    expect_hand(s, 12, 0.8, 2.8);   // h = 2.4: 0 + 0.4 * 7
  }
  {
    QuantileSketch s;  // one value: every quantile is it
    s.add(42.0);
    EXPECT_EQ(s.quantile(0.0), 42.0);
    EXPECT_EQ(s.quantile(0.37), 42.0);
    EXPECT_EQ(s.quantile(1.0), 42.0);
  }
}

TEST(QuantileSketch, RejectsBadInput) {
  QuantileSketch s;
  s.add(1.0);
  EXPECT_THROW(s.quantile(-0.01), std::invalid_argument);
  EXPECT_THROW(s.quantile(1.01), std::invalid_argument);
  EXPECT_THROW(s.quantile(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(s.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(s.add(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(s.add(-std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_EQ(s.count(), 1u);
  EXPECT_EQ(s.quantile(0.5), 1.0);

  CellStatistics c;  // the pair stays in step: neither half takes the value
  c.add(2.0);
  EXPECT_THROW(c.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_EQ(c.count(), 1u);
  EXPECT_EQ(c.summary().p50, 2.0);
}

TEST(QuantileSketch, ExactAcrossTheSwitchToHistogram) {
  // Integer data spanning fewer than kBins values get width-1 bins, which are
  // point masses: quantiles stay exact on both sides of kExact.
  std::mt19937_64 rng(7);
  std::vector<double> data;
  for (std::size_t n = 1; n <= QuantileSketch::kExact + 3; ++n) {
    data.push_back(static_cast<double>(rng() % 300));
    if (n + 3 < QuantileSketch::kExact) continue;
    expect_quantiles_within(data, 0.0);
  }
}

TEST(QuantileSketch, IntegerCountsNarrowRangeAreExact) {
  // 1e5 open-case counts in [4800, 5200]: range 400 < kBins, so width 1 and
  // the documented error bound is width - 1 = 0.
  std::mt19937_64 rng(12345);
  std::vector<double> data(100000);
  for (double& x : data) x = 4800.0 + static_cast<double>(rng() % 401);
  QuantileSketch sketch;
  for (double x : data) sketch.add(x);
  std::vector<double> sorted = data;
  std::sort(sorted.begin(), sorted.end());
  for (double p : probe_ps()) EXPECT_DOUBLE_EQ(sketch.quantile(p), type7(sorted, p)) << p;
}

TEST(QuantileSketch, IntegerCountsWideRangeWithinBound) {
  // Counts over 0..10,000: integer error bound is width - 1.
  std::mt19937_64 rng(99);
  std::vector<double> data(100000);
  for (double& x : data) x = static_cast<double>(rng() % 10001);
  expect_quantiles_within(data, width_bound(data, 1.0) - 1.0);
}

TEST(QuantileSketch, ContinuousValuesWithinBound) {
  std::mt19937_64 rng(2024);
  {
    std::lognormal_distribution<double> dist(0.0, 1.0);
    std::vector<double> data(100000);
    for (double& x : data) x = dist(rng);
    expect_quantiles_within(data, width_bound(data, 0.0));
  }
  {
    std::normal_distribution<double> dist(18.3, 0.5);  // caseload means
    std::vector<double> data(100000);
    for (double& x : data) x = dist(rng);
    expect_quantiles_within(data, width_bound(data, 0.0));
  }
  {
    std::uniform_real_distribution<double> dist(0.0, 1.0);  // shares
    std::vector<double> data(100000);
    for (double& x : data) x = dist(rng);
    expect_quantiles_within(data, width_bound(data, 0.0));
  }
}

TEST(QuantileSketch, RangeGrowthWithinBound) {
  // 1000 values in [0, 10], then one at 1e6, more small ones, one at -1e6:
  // the bins merge and the origin moves, and the bound still holds for the
  // final range.
  std::mt19937_64 rng(31);
  std::vector<double> data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<double>(rng() % 11));
  data.push_back(1e6);
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<double>(rng() % 11));
  data.push_back(-1e6);
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<double>(rng() % 11));
  expect_quantiles_within(data, width_bound(data, 1.0) - 1.0);

  // Continuous data growing upwards only (the origin stays) and downwards.
  std::vector<double> up, down;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 5000; ++i) {
    up.push_back(u(rng) * (1.0 + i));
    down.push_back(-u(rng) * (1.0 + i));
  }
  expect_quantiles_within(up, width_bound(up, 0.0));
  expect_quantiles_within(down, width_bound(down, 0.0));
}

TEST(QuantileSketch, NonIntegerAfterIntegerData) {
  // Integer-only data build width-1 bins; later shares must not break them.
  // The width stays at least 1, so the bound's floor is 1 and error < width.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 300.0);
  std::vector<double> data;
  for (int i = 0; i < 10000; ++i) data.push_back(static_cast<double>(rng() % 301));
  for (int i = 0; i < 10000; ++i) data.push_back(u(rng));
  expect_quantiles_within(data, width_bound(data, 1.0));
}

TEST(QuantileSketch, MemoryIsFixed) {
  // The documented ceiling holds at every size, and nothing grows between
  // 1e4 and 1e6 values, even with the range widening the whole way.
  const std::size_t ceiling =
      sizeof(QuantileSketch) +
      std::max(QuantileSketch::kExact, QuantileSketch::kBins) * sizeof(std::uint64_t) + 2 * sizeof(double);
  QuantileSketch s;
  std::size_t after_1e4 = 0;
  for (int i = 0; i < 1000000; ++i) {
    s.add(static_cast<double>(i));
    if (i == 9) {
      EXPECT_LE(s.memory_bytes(), ceiling);
    }
    if (i == 9999) after_1e4 = s.memory_bytes();
  }
  EXPECT_LE(after_1e4, ceiling);
  EXPECT_EQ(s.memory_bytes(), after_1e4);
  // And it still answers within the bound: 0..999999, median 499999.5.
  EXPECT_LE(std::abs(s.quantile(0.5) - 499999.5), 2.0 * 999999.0 / (kBins - 1.0));
}

TEST(QuantileSketch, FewValuesTakeLittleMemory) {
  // A long horizon with few replications has many cells of one value each:
  // their memory grows with the values, not with kExact (issue 24).
  QuantileSketch s;
  s.add(1.5);
  EXPECT_LE(s.memory_bytes(), sizeof(QuantileSketch) + 2 * sizeof(double));
  for (int i = 1; i < 100; ++i) s.add(static_cast<double>(i));
  EXPECT_LE(s.memory_bytes(), sizeof(QuantileSketch) + 2 * 100 * sizeof(double));
}

TEST(QuantileSketch, CopiesAndMovesKeepEveryAnswer) {
  // The kept values and the bins live in a block the sketch owns (session
  // 13): copies are deep and moves take the block, at every size.
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> dist(1.0, 1.0);
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{100},
                              QuantileSketch::kExact, QuantileSketch::kExact + 1, std::size_t{5000}}) {
    QuantileSketch s;
    for (std::size_t i = 0; i < n; ++i) s.add(dist(rng));
    const QuantileSketch copy(s);
    QuantileSketch assigned;
    assigned.add(1.0);
    assigned = copy;
    std::vector<QuantileSketch> moved;
    moved.push_back(QuantileSketch(s));
    moved.emplace_back();  // the vector grows: its first sketch moves
    for (double p : probe_ps()) {
      const auto want = std::bit_cast<std::uint64_t>(s.quantile(p));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(copy.quantile(p)), want) << n;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(assigned.quantile(p)), want) << n;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(moved[0].quantile(p)), want) << n;
    }
    EXPECT_EQ(copy.memory_bytes(), s.memory_bytes());
    // Copies go on independently.
    QuantileSketch more(copy);
    more.add(1e6);
    EXPECT_EQ(more.count(), n + 1);
    EXPECT_EQ(copy.count(), n);
  }
  QuantileSketch one;
  one.add(2.5);
  EXPECT_EQ(one.memory_bytes(), sizeof(QuantileSketch));  // the first value is inline
}

// The runner holds one cell per (month, metric): 2,000 months of the default
// scenario's 161 metrics are 322,000 of them (docs/performance.md, session 13).
static_assert(sizeof(void*) != 8 || sizeof(CellStatistics) == 56, "a summary cell is 56 bytes on 64-bit targets");

TEST(QuantileSketch, DeterministicBitForBit) {
  std::mt19937_64 rng(77);
  std::lognormal_distribution<double> dist(2.0, 1.5);
  QuantileSketch a, b;
  for (int i = 0; i < 50000; ++i) {
    const double x = dist(rng);
    a.add(x);
    b.add(x);
  }
  for (double p : probe_ps()) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.quantile(p)),
              std::bit_cast<std::uint64_t>(b.quantile(p)));
  }
}

TEST(QuantileSketch, CellSummaryCombinesBoth) {
  // 1..100: mean 50.5, variance n(n+1)/12 = 841.666...; type 7: p5 at
  // h = 4.95 -> 5.95, p50 at h = 49.5 -> 50.5, p95 at h = 94.05 -> 95.05.
  CellStatistics c;
  for (int i = 1; i <= 100; ++i) c.add(i);
  const CellSummary s = c.summary();
  EXPECT_EQ(c.count(), 100u);
  EXPECT_DOUBLE_EQ(s.mean, 50.5);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(100.0 * 101.0 / 12.0));
  const double tol = 4.0 * kU * (99.0 * 99.0 + 100.0);  // as in expect_hand
  EXPECT_NEAR(s.p5, 5.95, tol);
  EXPECT_NEAR(s.p50, 50.5, tol);
  EXPECT_NEAR(s.p95, 95.05, tol);
}

// RunSummary adds tables in batches, cell by cell: every cell must hold what
// it would hold had each table been added value by value as it came, bit for
// bit, whether it is read between batches, mid-batch or at the end.
void expect_batched_adds_match_adding_each_value(std::size_t months, std::size_t metrics, int tables) {
  std::mt19937_64 rng(20261206);
  std::normal_distribution<double> normal(50.0, 20.0);
  std::uniform_int_distribution<int> counts(0, 40);
  std::bernoulli_distribution unreported(0.1);
  RunSummary summary(months, metrics);
  std::vector<CellStatistics> expected(months * metrics);
  const auto check = [&] {
    for (std::size_t m = 0; m < months; ++m)
      for (std::size_t k = 0; k < metrics; ++k) {
        const CellStatistics& got = summary.cell(m, k);
        const CellStatistics& want = expected[m * metrics + k];
        ASSERT_EQ(got.count(), want.count()) << m << "," << k;
        const CellSummary a = got.summary(), b = want.summary();
        for (auto [x, y] : {std::pair{a.mean, b.mean}, {a.sd, b.sd}, {a.p5, b.p5}, {a.p50, b.p50}, {a.p95, b.p95}})
          EXPECT_EQ(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(y)) << m << "," << k;
      }
  };
  for (int r = 1; r <= tables; ++r) {
    MonthlyTable table(months, metrics);
    for (std::size_t m = 0; m < months; ++m)
      for (std::size_t k = 0; k < metrics; ++k) {
        // Integer metrics (counts) and continuous ones, some not reported.
        double value = k % 2 ? normal(rng) : static_cast<double>(counts(rng));
        if (unreported(rng)) value = std::numeric_limits<double>::quiet_NaN();
        table.at(m, k) = value;
        if (!std::isnan(value)) expected[m * metrics + k].add(value);
      }
    summary.add(table);
    EXPECT_EQ(summary.replications, static_cast<std::uint64_t>(r));
    if (r == 10 || r == 32 || r == 129 || r == 200) check();  // mid-batch, at a batch's end, after reads
  }
  check();
}

TEST(RunSummary, BatchedAddsMatchAddingEachValueAsItComes) {
  // Small tables (35 cells): batches of 32, so 300 tables span several.
  expect_batched_adds_match_adding_each_value(7, 5, 300);
}

TEST(RunSummary, LargeTablesAreAddedAtOnceAndMatchToo) {
  // 600 x 120 cells, 576 KB a table: too large to batch.
  expect_batched_adds_match_adding_each_value(600, 120, 3);
}

TEST(RunSummary, RefusesAnInfiniteValueWithoutTakingAnyOfItsTable) {
  RunSummary summary(2, 2);
  MonthlyTable good(2, 2), bad(2, 2);
  for (std::size_t m = 0; m < 2; ++m)
    for (std::size_t k = 0; k < 2; ++k) {
      good.at(m, k) = 1.0 + static_cast<double>(m + k);
      bad.at(m, k) = 3.0;
    }
  bad.at(1, 1) = std::numeric_limits<double>::infinity();
  summary.add(good);
  EXPECT_THROW(summary.add(bad), std::invalid_argument);
  EXPECT_EQ(summary.replications, 1u);
  EXPECT_EQ(summary.cell(0, 0).count(), 1u);
  EXPECT_EQ(summary.cell(0, 0).summary().mean, 1.0);
  EXPECT_THROW(summary.add(MonthlyTable(3, 2)), std::logic_error);
}

}  // namespace
}  // namespace caseflow
