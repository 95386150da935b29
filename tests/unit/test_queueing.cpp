// A team of c workers with cap k, Poisson arrivals and exponential work is an
// M/M/(c k) queue: the unallocated queue's mean wait and length must match
// the Erlang C formulas (Kleinrock 1975, vol. 1, §3.5).
#include <gtest/gtest.h>

#include <cmath>

#include "caseflow/model/replication.h"

using namespace caseflow;

namespace {

//! Probability that an arrival waits, for s servers and offered load a = lambda/mu.
double erlang_c(int servers, double load) {
  double term = 1.0, sum = 1.0;  // a^n / n! for n = 0
  for (int n = 1; n < servers; ++n) {
    term *= load / n;
    sum += term;
  }
  const double last = term * load / servers;  // a^s / s!
  const double rho = load / servers;
  const double waiting = last / (1 - rho);
  return waiting / (sum + waiting);
}

std::string queue_yaml(double per_day, double mean_service_days, int workers, int cap) {
  return "scenario: {name: mmc, start_date: 2021-01-01}\n"
         "simulation: {years: 2, seed: 17}\n"
         "calendar: {bank_holidays: none}\n"
         "demand: {contacts_per_year: " + std::to_string(per_day * kDaysPerYear) + "}\n"
         "children: {entry_age_years: {dist: fixed, value: 0}}\n"
         "pathway:\n"
         "  entry: contact\n  referral: work\n  assessment: work\n"
         "  states:\n"
         "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
         "    work: {category: cin, duration: {dist: exponential, mean: " + std::to_string(mean_service_days) +
         "}, transitions: [{to: closure, probability: 1}]}\n"
         "    closure: {category: exit}\n"
         "workforce:\n"
         "  grades: {sw: {}}\n"
         "  teams: {t: {holds: [work], caseload_cap: " + std::to_string(cap) + ", workers: {sw: " + std::to_string(workers) +
         "}, managers: 10}}\n"
         "  allocation: {when_full: queue}\n";
}

struct Observed {
  double wait_mean, wait_se, queue_mean, queue_se;
};

// Per replication: the allocation-weighted mean wait and the mean month-end
// queue over months 2..24 (month 1 is the warm-up from empty). Means and
// standard errors are across replications, which are independent.
Observed simulate(const Model& model, int replications) {
  const auto& metrics = model.metrics();
  const auto wait = static_cast<std::size_t>(metrics.find("unallocated_wait_days_mean"));
  const auto entries = static_cast<std::size_t>(metrics.find("entries_work"));
  const auto queued = static_cast<std::size_t>(metrics.find("unallocated_total"));
  std::vector<double> waits, queues;
  for (int r = 0; r < replications; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    double weighted = 0, allocations = 0, queue = 0;
    for (int m = 2; m <= model.months(); ++m) {
      weighted += table.at(m, wait) * table.at(m, entries);
      allocations += table.at(m, entries);
      queue += table.at(m, queued);
    }
    waits.push_back(weighted / allocations);
    queues.push_back(queue / (model.months() - 1));
  }
  auto mean_se = [](const std::vector<double>& v) {
    double m = 0, ss = 0;
    for (double x : v) m += x;
    m /= static_cast<double>(v.size());
    for (double x : v) ss += (x - m) * (x - m);
    return std::pair{m, std::sqrt(ss / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()))};
  };
  const auto [w, wse] = mean_se(waits);
  const auto [q, qse] = mean_se(queues);
  return {w, wse, q, qse};
}

void expect_erlang_c(double per_day, double service_days, int workers, int cap) {
  const Model model(parse_scenario(queue_yaml(per_day, service_days, workers, cap), "mmc.yaml"));
  const int servers = workers * cap;
  const double load = per_day * service_days;
  const double wq = erlang_c(servers, load) * service_days / (servers - load);  // mean wait, days
  const double lq = per_day * wq;                                               // Little's law
  const Observed o = simulate(model, 40);
  EXPECT_NEAR(o.wait_mean, wq, 4 * o.wait_se) << "servers " << servers << ", Wq " << wq;
  EXPECT_NEAR(o.queue_mean, lq, 4 * o.queue_se) << "servers " << servers << ", Lq " << lq;
  EXPECT_GT(wq, 0.1) << "the test needs a queue that forms";
}

}  // namespace

TEST(Queueing, ErlangCHandComputed) {
  // c = 2, a = 1: C = (1/2 / (1 - 1/2)) / (1 + 1 + 1) = 1/3.
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3, 1e-12);
}

TEST(Queueing, TeamWithCapOneIsMMc) { expect_erlang_c(4.0, 1.0, 5, 1); }

TEST(Queueing, TeamWithCapKIsMMck) { expect_erlang_c(8.0, 1.0, 5, 2); }
