// Little's law on every state of a stationary multi-state pathway:
//   mean number in state s = (rate of entries into s) x (mean time in s).
//
// The pathway (no workforce, so it is a network of infinite-server stations fed
// by a homogeneous Poisson process, with Markov routing and a duration per
// route drawn independently of everything else):
//
//   contact -> referral | nfa
//   referral -> assessment | closure
//   assessment -> cin | cp | lac | closure
//   cin -> cp | closure        cp -> lac | closure        lac -> return_home | adoption
//
// with fixed, uniform, triangular, lognormal, gamma, exponential and histogram
// durations, all in calendar days, route-dependent where a state has several
// exits. (Not working days: their calendar length depends on the weekday they
// start, and a state timed in working days fills at weekends and empties in
// the week, so its month-end count follows a weekly cycle, e.g. +-8% for a mean
// of 10 working days, and month-end snapshots are not stationary.) No demand
// growth or seasonality, one child per contact, everyone enters at age 0
// (nobody reaches 18 within the run), no re-referrals.
//
// What the test computes from the parsed scenario (never from hand-copied
// numbers):
//   lambda_s: the visit rate of s, the solution of lambda = e + P' lambda with
//             e the contact rate at the entry state and P the configured
//             transition probabilities (every state is visited at most once
//             here, but the solver does not rely on that);
//   E[D_s] = sum_j p_sj E[D_sj], each route's exact mean (DurationSpec::mean_days);
//   L_s = lambda_s E[D_s].
//
// Stationary from day 0: the warm start places L_s children in each state with
// the stationary (length-biased) route and elapsed time. L_s is not a whole
// number, and the warm start takes whole numbers, so each replication opens
// with floor(L_s) or floor(L_s) + 1 children, the latter with probability
// frac(L_s): the expected opening count is exactly L_s. Every child moves
// independently of the others, so expected counts are linear in the opening
// counts and E[N_s(t)] = L_s at every t (the stationary value), provided the
// model routes, times and warm-starts children as it claims. (A
// length-biased draw that were wrong for some family would show as a drift of
// that state's count away from L_s while the opening children leave.)
//
// Observations, per replication r and state s:
//   Y_rs = mean of the month-end counts state_<s> over months 1..M (one value
//          per replication: months within a replication are correlated, the
//          replications are independent and identically distributed);
//   A_rs = entries_<s> summed over months 1..M, the entries in [0, T).
//
// Tolerances. We test 2 K hypotheses (K states, a stock and an entry count
// each) and want a family-wise false-alarm rate of 1e-3, so by Bonferroni each
// two-sided test runs at alpha = 1e-3 / (2 K).
//  - Stock: mean_r Y_rs against L_s, with the standard error estimated from the
//    between-replication variance of Y_rs; the critical value is the Student t
//    quantile with R - 1 degrees of freedom, t_{R-1}(1 - alpha/2) (about 4.0 for
//    R = 160, K = 6), since the SE is itself estimated.
//  - Entries: sum_r A_rs against lambda_s T R. Entries into s are a Poisson
//    count: an arrival's whole journey is an independent mark of the Poisson
//    contact process and (no state here can be visited twice) enters s at
//    most once, so entries from children arriving during the run are
//    Poisson; entries from the opening children are a sum of independent
//    Bernoullis (variance below their mean). The
//    variance is therefore at most (up to the rounding draw's <= 1/4 per
//    state) the Poisson variance lambda_s T R, and the tolerance is
//    z(1 - alpha/2) sqrt(lambda_s T R) with the normal quantile (the count is
//    1.5 x 10^5 to 3.5 x 10^6, so the normal approximation is excellent).
//
// Power: each state's smallest detectable relative error (at ~50% power) is
// printed as crit x SE / L_s; with R = 160 over 3 years it is at most about 1%
// (about 0.4% to 1%), so a 3% error in any state's mean duration fails the test:
// raising any one E[D_s] by 3% in the expectation gives |t| of 11 to 35.
// Without any perturbation, 160 runs with other seeds (25,600 replications)
// gave t statistics with mean 0 and sd 1 within sampling error in every state.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "caseflow/engine/random.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"
#include "caseflow/model/workforce_config.h"
#include "test_support.h"

using namespace caseflow;

namespace {

constexpr double kYears = 3;
constexpr int kReplications = 160;
constexpr double kFamilyWiseAlpha = 1e-3;

// Everything but the opening caseload. Durations are in days (the default unit).
const char* const kPathwayYaml =
    "scenario: {name: littles-law, start_date: 2021-01-01}\n"
    "simulation: {years: 3, seed: 2024}\n"
    "calendar: {bank_holidays: none}\n"
    "demand: {contacts_per_year: 7305}\n"  // 20 children a day
    "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    "pathway:\n"
    "  entry: contact\n  referral: referral\n  assessment: assessment\n"
    "  states:\n"
    "    contact:\n"
    "      category: front_door\n"
    "      duration: {dist: triangular, min: 0.5, mode: 1, max: 3}\n"
    "      transitions: [{to: referral, probability: 0.6}, {to: nfa, probability: 0.4}]\n"
    "    referral:\n"
    "      category: assessment\n"
    "      transitions:\n"
    "        - {to: assessment, probability: 0.85, duration: {dist: fixed, value: 2}}\n"
    "        - {to: closure, probability: 0.15, duration: {dist: uniform, min: 1, max: 5}}\n"
    "    assessment:\n"
    "      category: assessment\n"
    "      transitions:\n"
    "        - {to: cin, probability: 0.35, duration: {dist: lognormal, mean: 35, sd: 15}}\n"
    "        - {to: cp, probability: 0.15, duration: {dist: gamma, shape: 3, scale: 8}}\n"
    "        - {to: lac, probability: 0.05, duration: {dist: exponential, mean: 10}}\n"
    "        - {to: closure, probability: 0.45, duration: {dist: triangular, min: 5, mode: 20, max: 50}}\n"
    "    cin:\n"
    "      category: cin\n"
    "      transitions:\n"
    "        - {to: cp, probability: 0.1, duration: {dist: exponential, mean: 60}}\n"
    "        - {to: closure, probability: 0.9, duration: {dist: lognormal, mean: 180, sd: 120}}\n"
    "    cp:\n"
    "      category: cp\n"
    "      transitions:\n"
    "        - {to: lac, probability: 0.2, duration: {dist: gamma, mean: 120, sd: 60}}\n"
    "        - {to: closure, probability: 0.8, duration: {dist: histogram, edges: [90, 180, 270, 540], weights: [3, 4, 3]}}\n"
    "    lac:\n"
    "      category: lac\n"
    "      transitions:\n"
    "        - {to: return_home, probability: 0.6, duration: {dist: gamma, shape: 2, scale: 150}}\n"
    "        - {to: adoption, probability: 0.4, duration: {dist: triangular, min: 180, mode: 540, max: 720}}\n"
    "    nfa: {category: exit}\n"
    "    closure: {category: exit}\n"
    "    return_home: {category: exit}\n"
    "    adoption: {category: exit}\n";

struct Theory {
  std::vector<std::uint32_t> states;  // the non-exit states, all with E[D] > 0
  std::vector<double> rate;           // lambda_s, children a day, by state index
  std::vector<double> mean_days;      // E[D_s]
  std::vector<double> open;           // L_s = lambda_s E[D_s]
};

Theory theory(const Scenario& s) {
  const Pathway& p = s.pathway;
  const std::size_t n = p.states.size();
  Theory t;
  t.rate.assign(n, 0.0);
  t.mean_days.assign(n, 0.0);
  t.open.assign(n, 0.0);
  // Children a day: contacts_per_year counts children, whatever the family size.
  const double contacts_per_day = s.demand.contacts_per_year / kDaysPerYear;
  // lambda = e + P' lambda by fixed-point iteration: P is strictly substochastic
  // on the transient states (every state leads to an exit), so it converges; on
  // a pathway without cycles it is exact after (longest path) sweeps.
  for (int sweep = 0; sweep < 10000; ++sweep) {
    std::vector<double> next(n, 0.0);
    next[p.entry] = contacts_per_day;
    for (std::uint32_t from = 0; from < n; ++from)
      for (const Transition& tr : p.states[from].transitions) next[tr.to] += t.rate[from] * tr.probability;
    double change = 0.0;
    for (std::size_t i = 0; i < n; ++i) change = std::max(change, std::fabs(next[i] - t.rate[i]));
    t.rate = std::move(next);
    if (change == 0.0) break;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const State& state = p.states[i];
    if (state.is_exit()) continue;
    for (const Transition& tr : state.transitions) {
      // mean_days() is exact only for units of fixed length in days.
      EXPECT_EQ(tr.duration.kind, DurationSpec::Kind::distribution) << state.name;
      EXPECT_NE(tr.duration.unit, TimeUnit::working_days) << state.name;
      t.mean_days[i] += tr.probability * tr.duration.mean_days();
    }
    t.open[i] = t.rate[i] * t.mean_days[i];
    EXPECT_GT(t.mean_days[i], 0.0) << state.name << ": every state is checked, so each must take time";
    t.states.push_back(i);
  }
  return t;
}

//! The opening caseload: floor(L_s) or floor(L_s) + 1, with mean exactly L_s.
std::string warm_start_yaml(const Scenario& s, const Theory& t, RandomEngine& rng) {
  std::ostringstream y;
  y << "warm_start:\n  open_by_state:\n";
  for (const std::uint32_t i : t.states) {
    const double whole = std::floor(t.open[i]);
    const double count = whole + (uniform01(rng) < t.open[i] - whole ? 1.0 : 0.0);
    y << "    " << s.pathway.states[i].name << ": " << static_cast<long long>(count) << "\n";
  }
  return y.str();
}

struct Moments {
  double sum = 0, sum_sq = 0;
  int n = 0;
  void add(double x) { sum += x, sum_sq += x * x, ++n; }
  double mean() const { return sum / n; }
  double se() const {
    const double m = mean();
    return std::sqrt(std::max(0.0, (sum_sq - n * m * m) / (n - 1)) / n);
  }
};

}  // namespace

TEST(LittlesLaw, EveryStateOfAStationaryPathway) {
  const Scenario base = parse_scenario(kPathwayYaml, "littles-law.yaml");
  ASSERT_EQ(base.simulation.years, kYears);
  for (const double m : base.demand.seasonality) ASSERT_EQ(m, 1.0) << "stationary demand: no seasonality";
  ASSERT_EQ(base.demand.growth_per_year, 0.0);
  ASSERT_EQ(base.children.family_size.mean(), 1.0);
  ASSERT_EQ(base.children.re_referral_probability, 0.0);
  ASSERT_FALSE(base.workforce->enabled) << "no workforce: the pathway is an infinite-server network";
  const Theory t = theory(base);
  const std::size_t k = t.states.size();
  ASSERT_EQ(k, 6u);

  const int tests = 2 * static_cast<int>(k);
  const double alpha = kFamilyWiseAlpha / tests;  // Bonferroni, two-sided per test
  const double t_crit = boost::math::quantile(boost::math::students_t(kReplications - 1), 1 - alpha / 2);
  const double z_crit = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);

  std::vector<Moments> stock(k);
  std::vector<double> entries(k, 0.0);
  double horizon_days = 0;
  int months = 0;
  // The rounding draws have their own generator, not one of the model's streams.
  RandomEngine rounding(20240611);
  for (int r = 0; r < kReplications; ++r) {
    const Model model(parse_scenario(std::string(kPathwayYaml) + warm_start_yaml(base, t, rounding), "littles-law.yaml"));
    months = model.months();
    horizon_days = model.calendar().month_start(months) - model.calendar().month_start(0);
    // Same seed for every model, a different replication index: independent streams.
    const ReplicationResult result = model.run(static_cast<std::uint64_t>(r));
    for (std::size_t j = 0; j < k; ++j) {
      const std::string& name = base.pathway.states[t.states[j]].name;
      double level = 0, in = 0;
      for (int m = 1; m <= months; ++m) {
        level += test_support::metric(result.table, model, static_cast<std::size_t>(m), "state_" + name);
        in += test_support::metric(result.table, model, static_cast<std::size_t>(m), "entries_" + name);
      }
      stock[j].add(level / months);
      entries[j] += in;
    }
  }
  ASSERT_EQ(months, 36);

  std::printf("  critical values: t %.3f (stocks, %d df), z %.3f (entries); alpha %.2g per test\n", t_crit,
              kReplications - 1, z_crit, alpha);
  std::printf("  state        lambda/day  E[D] days   L = lambda E[D]  observed (SE)        detectable   entries: expected  observed\n");
  for (std::size_t j = 0; j < k; ++j) {
    const std::uint32_t i = t.states[j];
    const std::string& name = base.pathway.states[i].name;
    const double expected_open = t.open[i];
    const double expected_entries = t.rate[i] * horizon_days * kReplications;
    std::printf("  %-11s %10.4f %10.3f %14.2f %12.2f (%.3f) %9.2f%% %18.0f %9.0f\n", name.c_str(), t.rate[i], t.mean_days[i],
                expected_open, stock[j].mean(), stock[j].se(), 100 * t_crit * stock[j].se() / expected_open,
                expected_entries, entries[j]);
    EXPECT_GT(stock[j].se(), 0.0) << name;
    EXPECT_NEAR(stock[j].mean(), expected_open, t_crit * stock[j].se())
        << "state_" << name << ": mean month-end count over " << kReplications << " replications vs lambda E[D] = "
        << t.rate[i] << " x " << t.mean_days[i] << "; SE " << stock[j].se() << ", critical t " << t_crit;
    EXPECT_NEAR(entries[j], expected_entries, z_crit * std::sqrt(expected_entries))
        << "entries_" << name << ": vs lambda T R = " << t.rate[i] << " x " << horizon_days << " x " << kReplications
        << ", critical z " << z_crit;
  }
}
