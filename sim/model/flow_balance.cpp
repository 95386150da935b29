#include "caseflow/model/flow_balance.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace caseflow {

FlowBalance flow_balance(const Scenario& scenario) {
  const Pathway& pathway = scenario.pathway;
  const std::size_t n = pathway.states.size();
  FlowBalance result;
  result.entries_per_year.assign(n, 0.0);
  result.mean_stay_days.assign(n, 0.0);
  // Fixed-point iteration of λ = e + Pᵀλ: every loop in a sound pathway leaks
  // children to an exit, so the iteration converges geometrically.
  std::vector<double> next(n, 0.0);
  const double new_contacts = scenario.demand.contacts_per_year;
  const double re_referral = scenario.children.re_referral_probability;
  bool settled = false;
  for (int iteration = 0; iteration < 100000 && !settled; ++iteration) {
    std::fill(next.begin(), next.end(), 0.0);
    next[pathway.entry] += new_contacts;
    double returning = 0.0;
    for (std::size_t s = 0; s < n; ++s) {
      const State& state = pathway.states[s];
      if (state.is_exit() && state.re_referral_eligible) returning += re_referral * result.entries_per_year[s];
      for (const Transition& t : state.transitions) next[t.to] += result.entries_per_year[s] * t.probability;
    }
    next[pathway.referral] += returning;
    double change = 0.0, size = 0.0;
    for (std::size_t s = 0; s < n; ++s) {
      change = std::max(change, std::abs(next[s] - result.entries_per_year[s]));
      size = std::max(size, std::abs(next[s]));
    }
    result.entries_per_year.swap(next);
    result.re_referrals_per_year = returning;
    settled = change <= 1e-13 * std::max(1.0, size);
  }
  if (!settled) throw std::runtime_error("the pathway's flows do not settle: a loop returns nearly every child");
  result.transition_per_year.resize(n);
  for (std::size_t s = 0; s < n; ++s) {
    const State& state = pathway.states[s];
    double stay = 0.0;
    for (const Transition& t : state.transitions) {
      result.transition_per_year[s].push_back(result.entries_per_year[s] * t.probability);
      if (t.probability <= 0.0) continue;
      if (t.duration.kind == DurationSpec::Kind::until_age) stay = std::numeric_limits<double>::quiet_NaN();
      else stay += t.probability * t.duration.mean_days();
    }
    result.mean_stay_days[s] = stay;
  }
  return result;
}

}  // namespace caseflow
