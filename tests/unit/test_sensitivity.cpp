// The sensitivity designs and estimators on functions with known answers.
#include <cmath>
#include <numbers>
#include <set>

#include <gtest/gtest.h>

#include "caseflow/runner/sensitivity_analysis.h"
#include "caseflow/runner/sensitivity_design.h"

namespace caseflow::sensitivity {
namespace {

//! Ishigami & Homma (1990), inputs on [-pi, pi].
double ishigami(const std::vector<double>& unit, double a = 7.0, double b = 0.1) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * unit[0], x2 = -pi + 2 * pi * unit[1], x3 = -pi + 2 * pi * unit[2];
  return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

//! Sobol's g-function on [0, 1]^D.
double g_function(const std::vector<double>& x, const std::vector<double>& a) {
  double g = 1.0;
  for (std::size_t i = 0; i < x.size(); ++i) g *= (std::abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
  return g;
}

template <class F>
std::vector<double> evaluate(const Design& design, F f) {
  std::vector<double> y;
  for (const auto& row : design) y.push_back(f(row));
  return y;
}

TEST(SensitivityDesign, BoostSobolMatchesTheReferencePoints) {
  // scipy's unscrambled Sobol sequence without its all-zero first point
  // (next-capabilities.md, section 3, computed there).
  const Design expected{{0.5, 0.5, 0.5},    {0.75, 0.25, 0.25},    {0.25, 0.75, 0.75},   {0.375, 0.375, 0.625},
                        {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}, {0.1875, 0.3125, 0.9375}};
  EXPECT_EQ(sobol_sequence(8, 3), expected);
}

TEST(SensitivityDesign, SaltelliRowsAreABlocksInSalibOrder) {
  const std::size_t dims = 3;
  const Design rows = saltelli(4, dims);
  const Design sequence = sobol_sequence(4, 2 * dims);
  ASSERT_EQ(rows.size(), 4 * (dims + 2));
  for (std::size_t j = 0; j < 4; ++j) {
    const std::vector<double> a(sequence[j].begin(), sequence[j].begin() + dims);
    const std::vector<double> b(sequence[j].begin() + dims, sequence[j].end());
    EXPECT_EQ(rows[j * 5], a);
    EXPECT_EQ(rows[j * 5 + 4], b);
    for (std::size_t i = 0; i < dims; ++i) {
      std::vector<double> ab = a;
      ab[i] = b[i];
      EXPECT_EQ(rows[j * 5 + 1 + i], ab) << "AB^" << i;
    }
  }
}

TEST(SensitivityDesign, LatinHypercubeHasOnePointPerStratumInEveryColumn) {
  const std::size_t points = 50, dims = 4;
  const Design rows = latin_hypercube(points, dims, 11);
  ASSERT_EQ(rows.size(), points);
  for (std::size_t d = 0; d < dims; ++d) {
    std::set<long> strata;
    for (const auto& row : rows) {
      EXPECT_GE(row[d], 0.0);
      EXPECT_LT(row[d], 1.0);
      strata.insert(static_cast<long>(std::floor(row[d] * points)));
    }
    EXPECT_EQ(strata.size(), points) << "column " << d;
  }
  EXPECT_EQ(latin_hypercube(points, dims, 11), rows) << "a pure function of its seed";
  EXPECT_NE(latin_hypercube(points, dims, 12), rows);
}

TEST(SensitivityDesign, GridAndOneAtATimeCoverTheLevels) {
  const Design grid = full_grid(2, 3);
  ASSERT_EQ(grid.size(), 9u);
  EXPECT_EQ(grid[1], (std::vector<double>{0.0, 0.5}));
  EXPECT_EQ(grid[8], (std::vector<double>{1.0, 1.0}));
  const Design oat = one_at_a_time({0.25, 0.75}, 2);
  ASSERT_EQ(oat.size(), 5u);
  EXPECT_EQ(oat[0], (std::vector<double>{0.25, 0.75}));
  EXPECT_EQ(oat[1], (std::vector<double>{0.0, 0.75}));
  EXPECT_EQ(oat[4], (std::vector<double>{0.25, 1.0}));
}

TEST(SensitivityDesign, MorrisStepsMoveOneParameterByDelta) {
  const std::size_t dims = 5, levels = 4;
  const Design rows = morris_trajectories(20, dims, levels, 3);
  ASSERT_EQ(rows.size(), 20 * (dims + 1));
  for (std::size_t t = 0; t < 20; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t k = 0; k < dims; ++k) {
      const auto& before = rows[t * (dims + 1) + k];
      const auto& after = rows[t * (dims + 1) + k + 1];
      for (std::size_t d = 0; d < dims; ++d) {
        EXPECT_GE(after[d], 0.0);
        EXPECT_LE(after[d], 1.0);
        if (after[d] != before[d]) {
          moved.insert(d);
          EXPECT_NEAR(std::abs(after[d] - before[d]), morris_delta(levels), 1e-15);
        }
      }
    }
    EXPECT_EQ(moved.size(), dims) << "each parameter moves once in trajectory " << t;
  }
}

TEST(SensitivityAnalysis, IshigamiIndicesWithinTheirBootstrapIntervals) {
  const Design rows = saltelli(1 << 14, 3);
  const SobolIndices s = sobol_indices(evaluate(rows, [](const auto& x) { return ishigami(x); }), 3, 100, 1);
  // Analytic values for a = 7, b = 0.1 (Ishigami & Homma 1990; SALib's tests).
  const double first[] = {0.3139, 0.4424, 0.0};
  const double total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(s.first[i].low(), first[i]) << "S1 x" << i + 1 << " = " << s.first[i].value << " +- " << s.first[i].conf;
    EXPECT_GE(s.first[i].high(), first[i]) << "S1 x" << i + 1 << " = " << s.first[i].value << " +- " << s.first[i].conf;
    EXPECT_LE(s.total[i].low(), total[i]) << "ST x" << i + 1 << " = " << s.total[i].value << " +- " << s.total[i].conf;
    EXPECT_GE(s.total[i].high(), total[i]) << "ST x" << i + 1 << " = " << s.total[i].value << " +- " << s.total[i].conf;
    // Intervals that are informative, not wide enough to hold anything.
    EXPECT_LT(s.first[i].conf, 0.05);
    EXPECT_LT(s.total[i].conf, 0.05);
  }
  EXPECT_TRUE(s.first[2].spans_zero());
  EXPECT_FALSE(s.first[0].spans_zero());
}

TEST(SensitivityAnalysis, GFunctionFirstOrderOfTheFirstInput) {
  // a = (0, 1, 4.5, 9, 99, 99, 99, 99): V_i = 1 / (3 (1 + a_i)^2) and
  // S1(x1) = V_1 / (prod(1 + V_i) - 1) = 0.7162 (Saltelli et al. 2010).
  const std::vector<double> a{0, 1, 4.5, 9, 99, 99, 99, 99};
  const Design rows = saltelli(1 << 13, a.size());
  const SobolIndices s = sobol_indices(evaluate(rows, [&](const auto& x) { return g_function(x, a); }), a.size(), 100, 2);
  EXPECT_LE(s.first[0].low(), 0.7162) << s.first[0].value << " +- " << s.first[0].conf;
  EXPECT_GE(s.first[0].high(), 0.7162) << s.first[0].value << " +- " << s.first[0].conf;
  EXPECT_NEAR(s.first[0].value, 0.7162, 0.02);
  // The last four inputs hardly matter.
  for (std::size_t i = 4; i < a.size(); ++i) EXPECT_LT(s.total[i].value, 0.01) << "x" << i + 1;
}

TEST(SensitivityAnalysis, MorrisOnALinearFunctionGivesItsCoefficients) {
  const std::vector<double> c{3.0, -2.0, 0.5, 0.0};
  const Design rows = morris_trajectories(10, c.size(), 4, 5);
  const auto y = evaluate(rows, [&](const auto& x) {
    double sum = 1.0;
    for (std::size_t i = 0; i < c.size(); ++i) sum += c[i] * x[i];
    return sum;
  });
  const MorrisIndices m = morris_indices(rows, y, 100, 1);
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_NEAR(m.mu[i].value, c[i], 1e-12) << "x" << i + 1;
    EXPECT_NEAR(m.mu_star[i].value, std::abs(c[i]), 1e-12) << "x" << i + 1;
    EXPECT_NEAR(m.sigma[i].value, 0.0, 1e-12) << "x" << i + 1;
    EXPECT_NEAR(m.mu_star[i].conf, 0.0, 1e-12) << "every trajectory agrees";
  }
}

TEST(SensitivityAnalysis, MorrisSeesCurvatureAsSigma) {
  const Design rows = morris_trajectories(40, 2, 4, 6);
  const MorrisIndices m =
      morris_indices(rows, evaluate(rows, [](const auto& x) { return x[0] * x[0] + x[1]; }), 100, 1);
  EXPECT_GT(m.sigma[0].value, 0.1);
  EXPECT_NEAR(m.sigma[1].value, 0.0, 1e-12);
  EXPECT_GT(m.mu_star[0].conf, 0.0);
}

TEST(SensitivityAnalysis, RankCorrelationsFindTheMonotoneParameter) {
  const Design rows = latin_hypercube(200, 3, 9);
  const auto r = rank_correlations(rows, evaluate(rows, [](const auto& x) { return std::exp(5 * x[1]); }), 100, 1);
  EXPECT_DOUBLE_EQ(r[1].value, 1.0);
  EXPECT_TRUE(r[0].spans_zero()) << r[0].value << " +- " << r[0].conf;
  EXPECT_TRUE(r[2].spans_zero()) << r[2].value << " +- " << r[2].conf;
}

TEST(SensitivityAnalysis, OneAtATimeSwingIsTopMinusBottom) {
  const Design rows = one_at_a_time({0.5, 0.5}, 3);
  const auto swing = one_at_a_time_swings(2, 3, evaluate(rows, [](const auto& x) { return 4 * x[0] - x[1]; }));
  EXPECT_DOUBLE_EQ(swing[0].value, 4.0);
  EXPECT_DOUBLE_EQ(swing[1].value, -1.0);
}

}  // namespace
}  // namespace caseflow::sensitivity
