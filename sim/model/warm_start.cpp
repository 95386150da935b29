#include "caseflow/model/warm_start.h"

#include <algorithm>
#include <cmath>

#include "caseflow/model/allocation.h"
#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/timeliness.h"
#include "caseflow/model/workload.h"

namespace caseflow::model {

void place_opening_caseload(ReplicationContext& ctx, PathwayFlow& flow, const Timeliness& timeliness,
                            const Allocation* allocation, Workload* workload) {
  CaseBook& cases = flow.cases();
  const Scenario& scenario = ctx.scenario;
  const Pathway& pathway = scenario.pathway;
  RandomEngine& rng = ctx.rng.warm_start;
  std::uint64_t opened = 0;  // opening cases so far: the serial of each one's own stream
  const auto& kids = scenario.children;
  const double adult_days = kids.adulthood_age * kDaysPerYear;
  constexpr int kMaxTries = 10000;

  // Ages now, given the time already spent in the state: entry age + elapsed,
  // redrawn until every child is still under age (the child would otherwise
  // have left already).
  auto draw_ages = [&](std::size_t k, double elapsed_days, std::vector<double>& ages) {
    ages.resize(k);
    for (auto& age : ages) {
      int tries = 0;
      do {
        age = kids.entry_age_years.sample(rng) + elapsed_days / kDaysPerYear;
      } while (age * kDaysPerYear >= adult_days && ++tries < 100);
      age = std::min(age, kids.adulthood_age - 1.0 / kDaysPerYear);
    }
  };

  auto place = [&](std::uint32_t s, const std::vector<double>& ages, double elapsed_days) -> std::uint32_t {
    const std::uint32_t id = cases.new_case();
    cases[id].rng = ctx.rng.case_stream(Streams::kOpeningCaseSerial + opened++);
    for (double age : ages) cases[id].children.push_back(cases.new_child(age));
    cases.children_changed(id);
    Case& c = cases[id];
    // Only the time in the current state is known: a lower bound on the time in care.
    if (pathway.states[s].category == Category::lac)
      for (auto child : c.children) cases.child(child).care_start = -elapsed_days;
    if (allocation) c.locality = allocation->draw_locality(rng);
    flow.place_found(id, s);
    timeliness.start_clocks_found(c, s, elapsed_days);
    return id;
  };
  // The case rests in s until its move; with a workforce it is allocated now.
  auto settle = [&](std::uint32_t id, std::uint32_t s, std::uint32_t to, double end, double elapsed_days) {
    // The time left, drawn as observed, runs on the permanence clock from
    // now, as a new child's whole time does.
    const double when = flow.watch_permanence(id, s, to, std::max(end, 1e-9));
    flow.schedule_move(id, to, when);
    flow.staff_placed_case(id, s);
    if (workload) workload->placed(id, s, elapsed_days, when);
  };

  std::vector<double> ages;
  for (const auto& [s, total] : scenario.warm_start.open_by_state) {
    const State& state = pathway.states[s];
    // Care leavers came in at the adulthood age exactly; children at an age
    // drawn from the entry-age distribution.
    const bool adults = state.holds_adults();
    const double mean_entry_age = adults ? kids.adulthood_age : kids.entry_age_years.mean();
    // In a stationary system the cases found in a state are length-biased:
    // route j holds a share proportional to p_j * E[D_j], and the spell in
    // progress has the size-biased length, of which a uniform share has passed.
    std::vector<double> weights;
    double weight_total = 0.0;
    for (const auto& t : state.transitions) {
      const double mean = t.duration.kind == DurationSpec::Kind::until_age
                              ? std::max(0.0, t.duration.age_years - mean_entry_age) * kDaysPerYear
                              : t.duration.mean_days();
      weights.push_back(weight_total += t.probability * mean);
    }
    auto remaining = static_cast<std::int64_t>(total);
    while (remaining > 0) {
      const auto k = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(remaining), std::max(1.0, std::round(kids.family_size.sample(rng)))));
      remaining -= static_cast<std::int64_t>(k);
      std::size_t route = 0;
      if (weight_total > 0.0) {
        const double u = uniform01(rng) * weight_total;
        route = static_cast<std::size_t>(std::upper_bound(weights.begin(), weights.end(), u) - weights.begin());
        route = std::min(route, weights.size() - 1);
      } else {
        route = flow.draw_transition(state, rng);
      }
      const Transition& t = state.transitions[route];
      if (t.duration.kind == DurationSpec::Kind::until_age) {
        // Each child on a stay-until-A route is found at its own point: a
        // child who came in at age a stays A - a years, so accept an entry age
        // with probability (A - a) / A. (Drawn per child: an older sibling's
        // stay is shorter, and sharing the youngest's draw would over-state
        // the older children found in care.)
        const double limit = t.duration.age_years;
        for (std::size_t child = 0; child < k; ++child) {
          double entry = kids.adulthood_age;
          for (int tries = 0; !adults && tries < kMaxTries; ++tries) {
            entry = kids.entry_age_years.sample(rng);
            if (entry < limit && uniform01(rng) * limit < limit - entry) break;
          }
          const double stay_days = std::max(0.0, limit - entry) * kDaysPerYear;
          const double elapsed_days = uniform01(rng) * stay_days;
          ages.assign(1, entry + elapsed_days / kDaysPerYear);
          settle(place(s, ages, elapsed_days), s, t.to, stay_days - elapsed_days, elapsed_days);
        }
        continue;
      }
      const double total_units = t.duration.distribution.sample_length_biased(rng);
      const double elapsed_units = uniform01(rng) * total_units;
      const double elapsed_days = elapsed_units * days_per_unit(t.duration.unit);
      if (adults) {
        ages.assign(k, kids.adulthood_age + elapsed_days / kDaysPerYear);
      } else {
        draw_ages(k, elapsed_days, ages);
      }
      const std::uint32_t id = place(s, ages, elapsed_days);
      settle(id, s, t.to, ctx.advance(0.0, total_units - elapsed_units, t.duration.unit), elapsed_days);
    }
  }

  // Children closed in the months before the start who will be re-referred:
  // found part-way through a length-biased re-referral delay.
  {
    const DurationSpec& delay = kids.re_referral_delay;
    auto remaining = static_cast<std::int64_t>(scenario.warm_start.re_referrals_pending);
    while (remaining > 0) {
      const auto k = static_cast<std::size_t>(std::min<double>(
          static_cast<double>(remaining), std::max(1.0, std::round(kids.family_size.sample(rng)))));
      remaining -= static_cast<std::int64_t>(k);
      const double total_units = delay.distribution.sample_length_biased(rng);
      const double elapsed_units = uniform01(rng) * total_units;
      const double elapsed_days = elapsed_units * days_per_unit(delay.unit);
      draw_ages(k, elapsed_days, ages);
      const std::uint32_t id = cases.new_case();
      cases[id].rng = ctx.rng.case_stream(Streams::kOpeningCaseSerial + opened++);
      for (double age : ages) {
        const std::uint32_t child = cases.new_child(age);
        cases.child(child).last_closure = -elapsed_days;
        cases[id].children.push_back(child);
      }
      cases.children_changed(id);
      if (allocation) cases[id].locality = allocation->draw_locality(rng);
      cases[id].dormant = true;
      const double when = ctx.advance(0.0, total_units - elapsed_units, delay.unit);
      cases[id].move_event = ctx.queue.schedule(std::max(when, 1e-9), {EventKind::re_referral, id});
    }
  }

  // A case-level extract: the route and the time left are drawn given the time
  // already spent, i.e. from the durations conditioned on exceeding it.
  for (const auto& initial : scenario.warm_start.cases) {
    const State& state = pathway.states[initial.state];
    const std::uint32_t id = place(initial.state, initial.ages_years, initial.days_in_state);
    std::uint32_t route = 0;
    double end = 0.0;
    for (int tries = 0; tries < kMaxTries; ++tries) {
      route = flow.draw_transition(state, rng);
      const DurationSpec& d = state.transitions[route].duration;
      if (d.kind == DurationSpec::Kind::until_age) {
        end = flow.draw_end(d, 0.0, cases[id], rng);
        break;
      }
      const double units = d.distribution.sample(rng);
      const double elapsed_units = initial.days_in_state / days_per_unit(d.unit);
      if (units > elapsed_units) {
        end = ctx.advance(0.0, units - elapsed_units, d.unit);
        break;
      }
      // Overdue on every draw: the case leaves on its next draw's route at once.
      end = 0.0;
    }
    settle(id, initial.state, state.transitions[route].to, end, initial.days_in_state);
  }
}

}  // namespace caseflow::model
