// configs/peer-reference.yaml against the SimPy peer's model
// (../shared/peers/simpy_reference.py), worked out analytically: no Python runs
// here. With the peer's default workforce (300 x 20) nobody waits, so the peer
// is an infinite-server network fed by a Poisson process, and every count
// below has a closed form:
//
//   contacts ~ Poisson(lambda T), lambda = 10,000 / 365.25 a day, T = horizon;
//   referrals ~ Poisson(0.4 lambda T) (independent thinning), the rest close;
//   a referral at r finishes its assessment A (lognormal, mean 30 d, sigma 0.5)
//   at r + A, then 30/10/5% start a CIN/CP/LAC plan of fixed length d_j and
//   55% close. By the M/G/infinity argument (independent marks of a Poisson
//   process), with an empty start at 0 each of these counts is Poisson:
//     completed assessments by t   ~ Poisson(lambda_r G(t, 0))
//     plan ends of kind j by t     ~ Poisson(lambda_r p_j G(t, d_j))
//     open in assessment at t      ~ Poisson(lambda_r (t - G(t, 0)))
//     open on plan j at t          ~ Poisson(lambda_r p_j (G(t, 0) - G(t, d_j)))
//   with lambda_r = 0.4 lambda and G(t, d) = integral_0^t P(A + d <= u) du.
//   At 5 years the longest path (18 months + an assessment) is long over, so
//   the open total is the stationary lambda_r E[time in system]
//   = lambda_r (30 + 0.3 x 182.625 + 0.1 x 273.9375 + 0.05 x 547.875) ≈ 1,528.5.
//
// Tolerances: 4 standard errors of the mean over the replications (the sample
// SE), and the sample variance must match the Poisson variance within 4 of its
// own standard errors, so a model with the right mean but the wrong spread (or
// a tolerance inflated by a broken spread) fails too.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "caseflow/model/replication.h"
#include "caseflow/runner/runner.h"
#include "test_support.h"

using namespace caseflow;

namespace {

constexpr double kContactsPerYear = 10000.0;
constexpr double kReferral = 0.40;
constexpr double kSigma = 0.5;
const double kMu = std::log(30.0) - kSigma * kSigma / 2.0;  // mean 30 days
constexpr double kMonth = 365.25 / 12.0;

struct Plan {
  const char* category;  // open_<category>
  const char* start;     // <category>_starts
  double probability;
  double days;
};
const Plan kPlans[] = {{"cin", "cin_starts", 0.30, 6 * kMonth},
                       {"cp", "cp_starts", 0.10, 9 * kMonth},
                       {"lac", "lac_starts", 0.05, 18 * kMonth}};
constexpr double kAssessedNfa = 0.55;

double referral_rate() { return kReferral * kContactsPerYear / 365.25; }

// P(A <= x) for the assessment length.
double assessment_cdf(double x) {
  if (x <= 0.0) return 0.0;
  return 0.5 * std::erfc(-(std::log(x) - kMu) / (kSigma * std::sqrt(2.0)));
}

// G(t, d) = integral_0^t P(A + d <= u) du, by Simpson's rule.
double G(double t, double d) {
  const double x = t - d;
  if (x <= 0.0) return 0.0;
  const int n = 20000;  // even
  const double h = x / n;
  double sum = assessment_cdf(0.0) + assessment_cdf(x);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * assessment_cdf(i * h);
  return sum * h / 3.0;
}

struct Expected {
  double contacts, referrals, contact_nfa, assessments, assessed_nfa, plan_ends;
  std::map<std::string, double> starts;  // cin_starts, ...
  double open_assessment;
  std::map<std::string, double> open;  // cin, cp, lac
  double open_total;
};

// Every expected count for an empty start observed over [0, t) (flows) and at t (stocks).
Expected expected_at(double t) {
  const double lr = referral_rate();
  Expected e{};
  e.contacts = kContactsPerYear / 365.25 * t;
  e.referrals = kReferral * e.contacts;
  e.contact_nfa = e.contacts - e.referrals;
  const double done = G(t, 0.0);
  e.assessments = lr * done;
  e.assessed_nfa = kAssessedNfa * e.assessments;
  e.open_assessment = lr * (t - done);
  e.open_total = e.open_assessment;
  for (const Plan& p : kPlans) {
    e.starts[p.start] = p.probability * e.assessments;
    const double ended = lr * p.probability * G(t, p.days);
    e.plan_ends += ended;
    e.open[p.category] = lr * p.probability * done - ended;
    e.open_total += e.open[p.category];
  }
  return e;
}

struct Sample {
  std::vector<double> values;
  double mean() const {
    double s = 0;
    for (double v : values) s += v;
    return s / static_cast<double>(values.size());
  }
  double variance() const {
    const double m = mean();
    double s = 0;
    for (double v : values) s += (v - m) * (v - m);
    return s / static_cast<double>(values.size() - 1);
  }
  double se() const { return std::sqrt(variance() / static_cast<double>(values.size())); }
};

// The mean within 4 SE of `expected`; for Poisson counts also the variance
// within 4 SE of the mean (SE of a sample variance ~ sqrt(2 / (n - 1)) sigma^2).
void expect_agrees(const std::string& what, const Sample& x, double expected, bool poisson) {
  SCOPED_TRACE(what);
  EXPECT_NEAR(x.mean(), expected, 4.0 * x.se()) << "SE " << x.se();
  if (poisson) {
    const double n = static_cast<double>(x.values.size());
    EXPECT_NEAR(x.variance(), expected, 4.0 * std::sqrt(2.0 / (n - 1.0)) * expected);
  }
}

class PeerReference : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kReplications = 100;

  static void SetUpTestSuite() {
    model_ = new Model(parse_scenario(test_support::read_source_file("configs/peer-reference.yaml"),
                                      "configs/peer-reference.yaml"));
  }

  // The replications run once, on first use (ctest runs each test in its own
  // process, so tests that need no replications do not pay for them).
  static void run_once() {
    if (samples_) return;
    samples_ = new std::map<std::string, Sample>;
    const Model& model = *model_;
    auto column = [&](const std::string& name) {
      const int k = model.metrics().find(name);
      if (k < 0) throw std::runtime_error("no metric " + name);
      return static_cast<std::size_t>(k);
    };
    const std::vector<std::string> flows = {"contacts",   "referrals",      "exits_contact_nfa", "assessments_completed",
                                            "cin_starts", "cp_starts",      "lac_starts",        "exits_assessed_nfa",
                                            "exits_closure", "children_entered", "aged_out",     "re_referrals"};
    const std::vector<std::string> stocks = {"open_total", "open_assessment", "open_cin", "open_cp", "open_lac"};
    RunOptions options;
    options.replications = kReplications;
    options.threads = 0;  // all cores; results do not depend on it
    options.on_replication = [&](const ReplicationResult& r) {
      const int months = model.months();
      for (const auto& name : flows) {
        double total = 0;
        for (int m = 1; m <= months; ++m) total += r.table.at(static_cast<std::size_t>(m), column(name));
        (*samples_)[name].values.push_back(total);
      }
      for (const auto& name : stocks)
        for (int m : {12, months})
          (*samples_)[name + "@" + std::to_string(m)].values.push_back(r.table.at(static_cast<std::size_t>(m), column(name)));
      const double assessed = [&] {
        double a = 0;
        for (int m = 1; m <= months; ++m) a += r.table.at(static_cast<std::size_t>(m), column("assessments_completed"));
        return a;
      }();
      for (const char* outcome : {"cin_starts", "cp_starts", "lac_starts", "exits_assessed_nfa"})
        (*samples_)[std::string("share:") + outcome].values.push_back((*samples_)[outcome].values.back() / assessed);
    };
    run_replications(model, options);
  }
  static void TearDownTestSuite() {
    delete samples_;
    delete model_;
    samples_ = nullptr;
    model_ = nullptr;
  }

  static const Sample& sample(const std::string& name) {
    run_once();
    return samples_->at(name);
  }
  static double horizon() { return model_->calendar().month_start(model_->months()); }

  static Model* model_;
  static std::map<std::string, Sample>* samples_;
};

Model* PeerReference::model_ = nullptr;
std::map<std::string, Sample>* PeerReference::samples_ = nullptr;

}  // namespace

// The scenario is the peer's: 5 years of 60 months, no opening caseload.
TEST_F(PeerReference, ScenarioIsThePeers) {
  const Scenario& s = model_->scenario();
  EXPECT_EQ(model_->months(), 60);
  EXPECT_NEAR(horizon(), 5 * 365.25, 1.0);  // 1826 days; the peer runs 1826.25
  EXPECT_DOUBLE_EQ(s.demand.contacts_per_year, kContactsPerYear);
  EXPECT_TRUE(s.warm_start.open_by_state.empty());
  EXPECT_TRUE(s.warm_start.cases.empty());
  EXPECT_EQ(s.children.re_referral_probability, 0.0);
  EXPECT_EQ(s.pathway.referral, s.pathway.assessment);
  const State& assessment = s.pathway.states[s.pathway.assessment];
  ASSERT_EQ(assessment.transitions.size(), 4u);
  for (const Transition& t : assessment.transitions) {
    EXPECT_NEAR(t.duration.mean_days(), 30.0, 1e-9);
    EXPECT_NEAR(t.duration.distribution.variance(), 30.0 * 30.0 * (std::exp(kSigma * kSigma) - 1.0), 1e-6);
  }
  for (const Plan& p : kPlans) {
    const State& state = s.pathway.states[*s.pathway.find(p.category)];
    ASSERT_EQ(state.transitions.size(), 1u);
    EXPECT_NEAR(state.transitions[0].duration.mean_days(), p.days, 1e-9) << p.category;
    EXPECT_EQ(state.transitions[0].duration.distribution.variance(), 0.0) << p.category;
  }
}

// At 5 years the finite-horizon integrals equal the stationary Little's-law
// value lambda_r E[time in system]: the system has settled.
TEST_F(PeerReference, FiveYearsIsStationary) {
  const double lr = referral_rate();
  double mean_stay = 30.0;
  for (const Plan& p : kPlans) mean_stay += p.probability * p.days;
  EXPECT_NEAR(mean_stay, 139.575, 1e-9);
  const Expected e = expected_at(horizon());
  EXPECT_NEAR(e.open_total, lr * mean_stay, 0.01);
  EXPECT_NEAR(e.open_assessment, lr * 30.0, 0.01);
  for (const Plan& p : kPlans) EXPECT_NEAR(e.open.at(p.category), lr * p.probability * p.days, 0.01) << p.category;
  // ... but not at one year: LAC plans (18 months) are still filling up.
  EXPECT_LT(expected_at(model_->calendar().month_start(12)).open.at("lac"), 0.7 * lr * 0.05 * 18 * kMonth);
}

TEST_F(PeerReference, ContactsAndReferralsArePoisson) {
  const Expected e = expected_at(horizon());
  EXPECT_NEAR(e.contacts, 50000.0, 10.0);  // 1826 days, not 1826.25
  expect_agrees("contacts", sample("contacts"), e.contacts, true);
  expect_agrees("referrals", sample("referrals"), e.referrals, true);
  expect_agrees("closed at contact", sample("exits_contact_nfa"), e.contact_nfa, true);
  // Every contact either is referred or closes at once; nothing else enters.
  for (std::size_t r = 0; r < PeerReference::kReplications; ++r) {
    EXPECT_EQ(sample("referrals").values[r] + sample("exits_contact_nfa").values[r], sample("contacts").values[r]);
    EXPECT_EQ(sample("children_entered").values[r], sample("contacts").values[r]);
    EXPECT_EQ(sample("aged_out").values[r], 0.0);
    EXPECT_EQ(sample("re_referrals").values[r], 0.0);
  }
}

TEST_F(PeerReference, AssessmentOutcomesSplitAsThePeers) {
  const Expected e = expected_at(horizon());
  expect_agrees("assessments completed", sample("assessments_completed"), e.assessments, true);
  expect_agrees("closed after assessment", sample("exits_assessed_nfa"), e.assessed_nfa, true);
  expect_agrees("plan ends", sample("exits_closure"), e.plan_ends, true);
  for (const Plan& p : kPlans) {
    expect_agrees(p.start, sample(p.start), e.starts.at(p.start), true);
    expect_agrees(std::string("share of ") + p.start, sample(std::string("share:") + p.start), p.probability, false);
  }
  expect_agrees("share closed after assessment", sample("share:exits_assessed_nfa"), kAssessedNfa, false);
  // Every completed assessment has exactly one outcome.
  for (std::size_t r = 0; r < PeerReference::kReplications; ++r) {
    double outcomes = sample("exits_assessed_nfa").values[r];
    for (const Plan& p : kPlans) outcomes += sample(p.start).values[r];
    EXPECT_EQ(outcomes, sample("assessments_completed").values[r]);
  }
}

// Open cases: M/G/infinity, Poisson at every time; at one year still filling
// (transient), at five years stationary (~1,528.5 open).
TEST_F(PeerReference, OpenCasesMatchTheInfiniteServerModel) {
  for (int month : {12, model_->months()}) {
    const Expected e = expected_at(model_->calendar().month_start(month));
    std::string at = "@";  // (not "@" + ...: GCC 12 warns falsely, -Wrestrict)
    at += std::to_string(month);
    expect_agrees("open_total" + at, sample("open_total" + at), e.open_total, true);
    expect_agrees("open_assessment" + at, sample("open_assessment" + at), e.open_assessment, true);
    for (const Plan& p : kPlans) {
      const std::string name = std::string("open_") + p.category + at;
      expect_agrees(name, sample(name), e.open.at(p.category), true);
    }
  }
  EXPECT_NEAR(expected_at(horizon()).open_total, 1528.5, 0.5);
}
