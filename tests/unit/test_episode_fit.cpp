// Case-level calibration (runner/episode_fit.h): the estimators against hand
// computations, episodes recorded without changing a run, and a round trip
// that recovers a scenario's known durations and routing from its episodes.
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <gtest/gtest.h>

#include "caseflow/model/replication.h"
#include "caseflow/runner/episode_fit.h"

namespace caseflow {
namespace {

// Six episodes, times 1..5, causes 1 and 2; at t = 2 an event and a censoring
// tie (the censored one is at risk at 2), at 4 a censoring alone.
//   t=1: n=6, d1=1: S=5/6, F1=1/6
//   t=2: n=5, d2=1: F2=(5/6)(1/5)=1/6, S=2/3
//   t=3: n=3, d1=1: F1=1/6+(2/3)(1/3)=7/18, S=4/9, Greenwood SE = S sqrt(1/30+1/20+1/6) = 2/9
//   t=5: n=1, d1=1: F1=7/18+4/9=5/6, S=0
TEST(EpisodeFit, KaplanMeierAndAalenJohansenByHand) {
  const std::vector<double> time{1, 2, 2, 3, 4, 5};
  const std::vector<std::uint32_t> cause{1, 0, 2, 1, 0, 1};
  const CompetingRisks fit = fit_competing_risks(time, cause, 2);
  ASSERT_EQ(fit.times, (std::vector<double>{1, 2, 3, 5}));
  EXPECT_EQ(fit.at_risk, (std::vector<double>{6, 5, 3, 1}));
  EXPECT_NEAR(fit.survival[0], 5.0 / 6, 1e-12);
  EXPECT_NEAR(fit.survival[1], 2.0 / 3, 1e-12);
  EXPECT_NEAR(fit.survival[2], 4.0 / 9, 1e-12);
  EXPECT_NEAR(fit.survival[3], 0.0, 1e-12);
  EXPECT_NEAR(fit.greenwood_se[2], 2.0 / 9, 1e-12);
  EXPECT_NEAR(fit.incidence[0][2], 7.0 / 18, 1e-12);
  EXPECT_NEAR(fit.incidence[1][1], 1.0 / 6, 1e-12);
  EXPECT_NEAR(fit.final_incidence[0], 5.0 / 6, 1e-12);
  EXPECT_NEAR(fit.final_incidence[1], 1.0 / 6, 1e-12);
  EXPECT_EQ(fit.censored, 2u);
  EXPECT_NEAR(fit.incidence_at(0, 4.5), 7.0 / 18, 1e-12);
  // Restricted mean = integral of S: 1 + (5/6) + (2/3) + 2 (4/9) = 3.3889.
  // Greenwood: A_j = area from u_j: A(3) = 8/9, A(2) = 8/9 + 2/3, A(1) = A(2) + 5/6;
  // var = A(1)^2/30 + A(2)^2/20 + A(3)^2/6 (the last event, n = d, adds nothing).
  const double a3 = 8.0 / 9, a2 = a3 + 2.0 / 3, a1 = a2 + 5.0 / 6;
  EXPECT_NEAR(restricted_mean_se(fit), std::sqrt(a1 * a1 / 30 + a2 * a2 / 20 + a3 * a3 / 6), 1e-12);
  // Mean given cause 1: (1 (1/6) + 3 (2/9) + 5 (4/9)) / (5/6).
  EXPECT_NEAR(conditional_mean(fit, time, cause, 1).mean, (1.0 / 6 + 3 * 2.0 / 9 + 5 * 4.0 / 9) / (5.0 / 6), 1e-12);
}

// Without censoring the share of a route is a proportion: SE = sqrt(p (1 - p) / n).
TEST(EpisodeFit, UncensoredSharesHaveTheBinomialError) {
  std::vector<double> time;
  std::vector<std::uint32_t> cause;
  for (int i = 0; i < 10; ++i) {
    time.push_back(1 + i % 4);
    cause.push_back(i % 10 < 3 ? 1 : 2);
  }
  const CompetingRisks fit = fit_competing_risks(time, cause, 2);
  EXPECT_NEAR(fit.final_incidence[0], 0.3, 1e-12);
  EXPECT_NEAR(fit.final_incidence_se[0], std::sqrt(0.3 * 0.7 / 10), 1e-12);
  const MeanEstimate share = route_share(fit, time, cause, {1}, true);
  EXPECT_NEAR(share.se, std::sqrt(0.3 * 0.7 / 10), 1e-12);
}

TEST(EpisodeFit, HistogramOfMasses) {
  const auto [edges, weights] = histogram_of({0, 1, 2, 3}, {0.25, 0.25, 0.25, 0.25}, 2);
  EXPECT_EQ(edges, (std::vector<double>{0, 1.5, 3.5}));
  EXPECT_EQ(weights, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(histogram_of({7, 9}, {1, 0}, 20).first, (std::vector<double>{7}));  // one value: fixed
}

const char* kRoundTrip = R"(scenario: {name: round-trip, start_date: 2021-01-01}
simulation: {years: 3, replications: 6, seed: 11}
calendar: {bank_holidays: none}
demand: {contacts_per_year: 3000}
children: {entry_age_years: {dist: fixed, value: 0}}
pathway:
  entry: contact
  referral: work
  assessment: work
  states:
    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}
    work:
      category: assessment
      duration: {dist: gamma, mean: 30, sd: 15, unit: days}
      transitions: [{to: plan, probability: 0.6}, {to: closure, probability: 0.4}]
    plan:
      category: cin
      transitions:
        - {to: closure, probability: 0.7, duration: {dist: lognormal, mean: 120, sd: 50, unit: days}}
        - {to: care, probability: 0.3, duration: {dist: uniform, min: 20, max: 60, unit: days}}
    care: {category: lac, duration: {dist: exponential, mean: 200, unit: days}, transitions: [{to: home, probability: 1}]}
    closure: {category: exit}
    home: {category: exit}
)";

// Episodes as their dates give them: whole days from the start's to the end's.
std::vector<EpisodeRecord> as_dated(const ReplicationResult& result, double horizon) {
  std::vector<EpisodeRecord> records;
  for (const Episode& e : result.episodes) {
    EpisodeRecord r;
    r.state = e.state;
    r.to = e.to;
    r.start_known = !std::isnan(e.start);
    if (r.start_known) r.days = std::floor(std::isnan(e.end) ? horizon : e.end) - std::floor(e.start);
    records.push_back(r);
  }
  return records;
}

TEST(EpisodeFit, RecordingChangesNothingElse) {
  const Scenario scenario = parse_scenario(kRoundTrip, "round-trip.yaml");
  ModelOptions with;
  with.episode_replications = 1;
  const Model plain(scenario), recording(scenario, with);
  const ReplicationResult a = plain.run(0), b = recording.run(0);
  EXPECT_TRUE(a.episodes.empty());
  EXPECT_GT(b.episodes.size(), 1000u);
  EXPECT_EQ(a.events, b.events);
  ASSERT_EQ(a.table.months(), b.table.months());
  for (std::size_t m = 0; m < a.table.months(); ++m)
    for (std::size_t k = 0; k < a.table.metrics(); ++k) {
      const double x = a.table.at(m, k), y = b.table.at(m, k);
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << "month " << m << " metric " << k;
    }
}

// The round trip: 6 replications' episodes, fitted; each of the 8 estimates
// below must lie within z SE of the truth, z for a family-wise level of 1%
// (Bonferroni over the 8, two-sided): z = 3.23. The SE is the sample's own.
TEST(EpisodeFit, RoundTripRecoversDurationsAndRouting) {
  const Scenario scenario = parse_scenario(kRoundTrip, "round-trip.yaml");
  ModelOptions options;
  options.episode_replications = scenario.simulation.replications;
  const Model model(scenario, options);
  std::vector<EpisodeRecord> episodes;
  for (std::uint64_t r = 0; r < scenario.simulation.replications; ++r) {
    const auto some = as_dated(model.run(r), scenario.horizon_days());
    episodes.insert(episodes.end(), some.begin(), some.end());
  }
  const std::vector<StateFit> fits = fit_episodes(episodes, scenario.pathway);
  const auto& pathway = scenario.pathway;
  const auto fit_of = [&](const char* name) -> const StateFit& {
    for (const StateFit& f : fits)
      if (f.state == *pathway.find(name)) return f;
    throw std::logic_error(name);
  };
  const auto route = [&](const StateFit& f, const char* to) -> const RouteFit& {
    for (const RouteFit& r : f.routes)
      if (r.to == *pathway.find(to)) return r;
    throw std::logic_error(to);
  };
  constexpr int kComparisons = 8;
  const double z = boost::math::quantile(boost::math::normal(), 1.0 - 0.01 / (2.0 * kComparisons));
  const auto within = [&](const char* what, double estimate, double se, double truth) {
    EXPECT_GT(se, 0.0) << what;
    EXPECT_LE(std::fabs(estimate - truth), z * se) << what << ": estimate " << estimate << ", SE " << se << ", truth " << truth;
    std::printf("%-22s truth %8.4f  estimate %8.4f  SE %.4f\n", what, truth, estimate, se);
  };
  const StateFit& work = fit_of("work");
  ASSERT_TRUE(work.duration_estimated && work.routing_estimated && !work.per_route) << work.note;
  within("work mean days", work.mean_days, work.mean_se, 30);
  within("work -> plan", route(work, "plan").share, route(work, "plan").share_se, 0.6);
  within("work -> closure", route(work, "closure").share, route(work, "closure").share_se, 0.4);
  const StateFit& plan = fit_of("plan");
  ASSERT_TRUE(plan.per_route && plan.routing_estimated) << plan.note;
  const RouteFit &closure = route(plan, "closure"), &care = route(plan, "care");
  ASSERT_TRUE(closure.duration_estimated && care.duration_estimated) << closure.note << care.note;
  within("plan -> closure", closure.share, closure.share_se, 0.7);
  within("plan -> care", care.share, care.share_se, 0.3);
  within("plan -> closure days", closure.mean_days, closure.mean_se, 120);
  within("plan -> care days", care.mean_days, care.mean_se, 40);
  const StateFit& in_care = fit_of("care");
  ASSERT_TRUE(in_care.duration_estimated) << in_care.note;
  within("care mean days", in_care.mean_days, in_care.mean_se, 200);
}

}  // namespace
}  // namespace caseflow
