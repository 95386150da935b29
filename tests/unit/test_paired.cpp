// Paired comparison statistics (runner/paired.h) on data with known answers.
#include <gtest/gtest.h>

#include <cmath>

#include "caseflow/runner/paired.h"

using namespace caseflow;

// Student's t, two-sided 95%, from printed tables.
TEST(Paired, TQuantilesMatchTheTables) {
  EXPECT_NEAR(t_quantile_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(t_quantile_975(3), 3.18245, 1e-5);
  EXPECT_NEAR(t_quantile_975(10), 2.22814, 1e-5);
  EXPECT_NEAR(t_quantile_975(199), 1.97196, 1e-5);
  EXPECT_NEAR(t_quantile_975(1e9), 1.95996, 1e-5);
  EXPECT_THROW(t_quantile_975(0), std::invalid_argument);
}

// Base 1, 2, 3, 4 against 2, 4, 5, 5: differences 1, 2, 2, 1, mean 1.5, sd
// sqrt(1/3); the paired half-width is t(3) sd / 2. Independently the two
// variances 5/3 and 2 give Welch's se sqrt(5/12 + 1/2) on
// (11/12)^2 / ((5/12)^2 / 3 + (1/2)^2 / 3) = 5.9508 degrees of freedom.
TEST(Paired, IntervalsOnAKnownSample) {
  PairedCell cell;
  const double base[] = {1, 2, 3, 4}, other[] = {2, 4, 5, 5};
  for (int i = 0; i < 4; ++i) cell.add(base[i], other[i], Better::lower);
  const PairedSummary s = cell.summary(Better::lower);
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.base_mean, 2.5);
  EXPECT_DOUBLE_EQ(s.other_mean, 4.0);
  EXPECT_DOUBLE_EQ(s.diff_mean, 1.5);
  EXPECT_NEAR(s.diff_sd, std::sqrt(1.0 / 3), 1e-12);
  const double half = 3.182446305 * std::sqrt(1.0 / 3) / 2;
  EXPECT_NEAR(s.ci_low, 1.5 - half, 1e-8);
  EXPECT_NEAR(s.ci_high, 1.5 + half, 1e-8);
  const double se = std::sqrt(5.0 / 12 + 0.5);
  const double df = (11.0 / 12) * (11.0 / 12) / ((5.0 / 12) * (5.0 / 12) / 3 + 0.25 / 3);
  EXPECT_NEAR(df, 5.9508, 1e-4);
  EXPECT_NEAR(s.ci_high_independent - s.diff_mean, t_quantile_975(df) * se, 1e-12);
  EXPECT_GT(s.ci_high_independent - s.ci_low_independent, s.ci_high - s.ci_low);  // pairing narrows it here
  EXPECT_EQ(s.p_better, 0.0);  // every difference is up, and lower is better
  EXPECT_EQ(cell.summary(Better::higher).p_better, 0.0);  // counted as added: with `lower`
  PairedCell up;
  for (int i = 0; i < 4; ++i) up.add(base[i], other[i], Better::higher);
  EXPECT_EQ(up.summary(Better::higher).p_better, 1.0);
  EXPECT_TRUE(std::isnan(up.summary(Better::neither).p_better));
}

// A run against itself: every difference 0, every paired interval of width 0.
TEST(Paired, AScenarioAgainstItselfDiffersByNothing) {
  MetricRegistry metrics;
  metrics.stock("caseload_mean", "");
  metrics.ratio("assessments_in_timescale_share", "");
  PairedComparison comparison(metrics, 3, metrics, 3);
  for (int r = 0; r < 5; ++r) {
    MonthlyTable table(3, 2);
    for (std::size_t m = 0; m < 3; ++m) {
      table.at(m, 0) = 20 + r + static_cast<double>(m);
      table.at(m, 1) = m == 0 ? std::nan("") : 0.8 + 0.01 * r;
    }
    comparison.add(table, table);
  }
  ASSERT_EQ(comparison.metrics().size(), 2u);
  EXPECT_EQ(comparison.cell(0, 1).n, 0u);  // not reported in month 0
  for (std::size_t m = 0; m < 3; ++m)
    for (std::size_t i = 0; i < 2; ++i) {
      const PairedSummary s = comparison.cell(m, i);
      if (s.n == 0) continue;
      EXPECT_EQ(s.diff_mean, 0.0);
      EXPECT_EQ(s.ci_low, 0.0);
      EXPECT_EQ(s.ci_high, 0.0);
      EXPECT_GT(s.ci_high_independent, 0.0);  // what unshared streams would have cost
      EXPECT_TRUE(std::isnan(s.p_better));    // every replication ties: neither is better
    }
}

TEST(Paired, OnlyMetricsBothRunsReportAreCompared) {
  MetricRegistry base, other;
  base.stock("open_total", "");
  base.stock("caseload_mean", "");
  other.stock("caseload_mean", "");
  other.stock("cost_total", "");
  const PairedComparison comparison(base, 10, other, 7);
  ASSERT_EQ(comparison.metrics().size(), 1u);
  EXPECT_EQ(comparison.metrics()[0].name, "caseload_mean");
  EXPECT_EQ(comparison.metrics()[0].base_column, 1u);
  EXPECT_EQ(comparison.metrics()[0].other_column, 0u);
  EXPECT_EQ(comparison.months(), 7u);
}

TEST(Paired, WhichWayIsBetter) {
  EXPECT_EQ(better_direction("caseload_mean"), Better::lower);
  EXPECT_EQ(better_direction("lac_visits_overdue"), Better::lower);
  EXPECT_EQ(better_direction("sw_agency_share"), Better::lower);
  EXPECT_EQ(better_direction("cost_total"), Better::lower);
  EXPECT_EQ(better_direction("assessments_in_timescale_share"), Better::higher);
  EXPECT_EQ(better_direction("supervision_coverage"), Better::higher);
  EXPECT_EQ(better_direction("open_total"), Better::neither);
  EXPECT_EQ(better_direction("referrals"), Better::neither);
}
