#include "caseflow/model/pathway_flow.h"

#include "caseflow/model/placements.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "caseflow/model/allocation.h"
#include "caseflow/model/episode_log.h"
#include "caseflow/model/workload.h"

namespace caseflow::model {

// ---- built once per model ----------------------------------------------------

void PathwayFlow::Shared::register_census(const Scenario& scenario, MetricRegistry& metrics) {
  auto& c = columns;
  c.open_total = metrics.stock("open_total", "children open to social care (assessment, CIN, CP and LAC) at month end");
  c.open_by_category[static_cast<int>(Category::front_door)] = metrics.stock("open_front_door", "children at the front door (contacts being screened) at month end");
  c.open_by_category[static_cast<int>(Category::assessment)] = metrics.stock("open_assessment", "children in referral, assessment, S47 or awaiting conference at month end");
  c.open_by_category[static_cast<int>(Category::cin)] = metrics.stock("open_cin", "children on a Child in Need plan at month end");
  c.open_by_category[static_cast<int>(Category::cp)] = metrics.stock("open_cp", "children on a Child Protection plan at month end");
  c.open_by_category[static_cast<int>(Category::lac)] = metrics.stock("open_lac", "looked-after children (incl. care proceedings) at month end");
  c.open_by_category[static_cast<int>(Category::exit)] = kOutside;
  c.open_by_category[static_cast<int>(Category::leaving_care)] = kOutside;
  for (const auto& state : scenario.pathway.states)
    if (state.holds_adults()) {
      c.open_by_category[static_cast<int>(Category::leaving_care)] =
          metrics.stock("open_leaving_care", "care leavers (young adults past the adulthood age) still supported at month end; not in open_total");
      break;
    }
  c.in_system = metrics.stock("in_system", "children anywhere in the pathway (open or at the front door) at month end");
}

void PathwayFlow::Shared::register_flows(const Scenario& scenario, MetricRegistry& metrics) {
  auto& c = columns;
  c.referrals = metrics.flow("referrals", "referrals (children entering the referral state)");
  c.re_referrals = metrics.flow("re_referrals", "referrals within the re-referral window of the child's last closure");
  c.re_referral_share = metrics.ratio("re_referral_share", "re-referrals / referrals in the month");
  c.assessments_completed = metrics.flow("assessments_completed", "child and family assessments completed");
  c.cin_starts = metrics.flow("cin_starts", "children starting a CIN plan (from another category)");
  c.cp_starts = metrics.flow("cp_starts", "children starting a CP plan");
  c.cp_repeat_starts = metrics.flow("cp_repeat_starts", "CP plans started by children who had one before (in this run)");
  c.lac_starts = metrics.flow("lac_starts", "children becoming looked after");
  c.aged_out = metrics.flow("aged_out", "children who reached adulthood while open");
  c.children_entered = metrics.flow("children_entered", "children entering the pathway (contacts and re-referrals)");
  c.children_exited = metrics.flow("children_exited", "children leaving the pathway by any exit");
  const auto& states = scenario.pathway.states;
  for (const auto& state : states) {
    if (state.is_exit()) {
      c.state_stock.push_back(kOutside);
      c.state_entries.push_back(metrics.flow("exits_" + state.name, "children leaving by " + state.label));
    } else {
      c.state_stock.push_back(metrics.stock("state_" + state.name, "children in " + state.label + " at month end"));
      c.state_entries.push_back(metrics.flow("entries_" + state.name, "children entering " + state.label));
    }
    // The ways out of care (exits, or the care leavers' states) get lac_exits_ columns.
    const auto index = static_cast<std::uint32_t>(&state - states.data());
    bool from_care = false;
    if (state.is_exit() || state.holds_adults())
      for (const auto& other : states) {
        if (other.category != Category::lac) continue;
        from_care = from_care || other.adulthood_exit == index;
        for (const auto& t : other.transitions) from_care = from_care || t.to == index;
      }
    c.lac_exits_by_state.push_back(
        from_care ? metrics.flow("lac_exits_" + state.name, "looked-after children leaving care by " + state.label) : kOutside);
    c.days_in_care_by_exit.push_back(
        from_care ? metrics.ratio("days_in_care_before_" + state.name,
                          "mean days from entering care to leaving it by " + state.label +
                              ", over the month's leavers (children in care at the start count from their current state)")
                  : kOutside);
  }
}

void PathwayFlow::Shared::derive_state_facts(const Scenario& scenario, const Timeliness::Shared& timeliness) {
  const Pathway& pathway = scenario.pathway;
  const bool staffed = scenario.workforce->enabled;
  // Twice the opening caseload (as children: each family is one case at
  // most), and room for a few thousand contacts in flight.
  double opening = scenario.warm_start.re_referrals_pending + static_cast<double>(scenario.warm_start.cases.size());
  for (const auto& [state, children] : scenario.warm_start.open_by_state) opening += children;
  expected_cases = static_cast<std::size_t>(std::min(2.0 * opening, 1e6)) + 4096;
  facts.clear();
  facts.reserve(pathway.states.size());
  for (std::uint32_t s = 0; s < pathway.states.size(); ++s) {
    const State& state = pathway.states[s];
    StateFacts f;
    f.category = state.category;
    f.is_exit = state.is_exit();
    f.is_referral = s == pathway.referral;
    f.is_assessment = s == pathway.assessment;
    f.split_siblings = state.split_siblings;
    f.holds_adults = state.holds_adults();
    f.re_referral_eligible = state.re_referral_eligible;
    f.is_permanence = staffed && scenario.workforce->permanence_exit[s];
    f.clocks_started = timeliness.started_by[s];
    f.clocks_stopped = timeliness.stopped_by[s];
    f.entries_column = columns.state_entries[s];
    f.lac_exits_column = columns.lac_exits_by_state[s];
    f.days_in_care_column = columns.days_in_care_by_exit[s];
    // With a workforce, a state no team holds and no workload task comes
    // with: entering it, a case's record gets nothing but its state.
    const bool unstaffed = !staffed || (scenario.workforce->team_of_state[s] < 0 &&
                                        (!scenario.workload->enabled || (scenario.workload->completing_of_state[s] < 0 &&
                                                                         scenario.workload->recurring_of_state[s].empty())));
    f.enters_without_case = unstaffed && !f.is_exit && !f.is_referral && f.category != Category::cin &&
                            f.category != Category::cp && f.category != Category::lac && f.clocks_started == 0 &&
                            !f.split_siblings && !state.transitions.empty();
    for (const auto& t : state.transitions)
      f.enters_without_case = f.enters_without_case && t.duration.kind == DurationSpec::Kind::distribution;
    facts.push_back(f);
  }
  if (staffed) {
    permanence_ratio = scenario.workforce->permanence_hazard_ratio;
    permanence_drift_per_day = scenario.workforce->permanence_observed_changes_per_year / kDaysPerYear * (1.0 - permanence_ratio);
  }
}

// ---- one replication ---------------------------------------------------------

PathwayFlow::PathwayFlow(ReplicationContext& context, const Shared& shared, Timeliness& timeliness)
    : ctx_(context),
      shared_(shared),
      c_(shared.columns),
      pathway_(&context.scenario.pathway),
      cases_(context, context.scenario.children.adulthood_age, shared.expected_cases),
      timeliness_(timeliness),
      state_count_(pathway_->states.size(), 0),
      category_count_(kCategoryCount, 0) {}

void PathwayFlow::record_episodes(const Case& c, std::uint32_t s) {
  const std::uint32_t reason = adulthood_move_ ? Episode::kAdulthood : s;
  adulthood_move_ = false;
  for (auto child : c.children) {
    if (c.state != kOutside) episodes_->close(child, reason, ctx_.now);
    if (!shared_.facts[s].is_exit) episodes_->open(cases_.number(child), child, s, ctx_.now);
  }
}

// Their numbers are those the children would get if the contact had records,
// so that a contact closed at once and later re-referred keeps its number.
void PathwayFlow::record_instant_episodes(std::uint32_t state, std::uint32_t to, std::uint32_t size) {
  const std::uint64_t first = cases_.next_number();
  for (std::uint32_t i = 0; i < size; ++i) episodes_->instant(first + i, state, to, ctx_.now);
}

void PathwayFlow::leave_current_state(Case& c) {
  if (c.state == kOutside) return;
  c.permanence_since = kNaN;
  const StateFacts& facts = shared_.facts[c.state];
  const auto k = static_cast<std::int64_t>(c.children.size());
  state_count_[c.state] -= k;
  category_count_[static_cast<int>(facts.category)] -= k;
  if (facts.is_assessment) ctx_.count(c_.assessments_completed, static_cast<double>(k));
  timeliness_.stop_clocks(c, facts.clocks_stopped, static_cast<double>(k));
}

bool PathwayFlow::work_can_start(std::uint32_t id, std::uint32_t s) {
  return !allocation_ || allocation_->staff_case(id, s) || !allocation_->work_waits_for_worker();
}

void PathwayFlow::start_work(std::uint32_t id) {
  // Its move came and waits for the work: a new worker finishes the work, and
  // the workload moves the case then (no new route or duration is drawn).
  if (workload_ && workload_->holding(id)) {
    workload_->resume(id);
    return;
  }
  if (const auto instant = plan_move(id, cases_[id].state); instant != kMoveScheduled) enter(id, instant);
}

void PathwayFlow::staff_placed_case(std::uint32_t id, std::uint32_t s) {
  if (work_can_start(id, s)) return;
  ctx_.queue.cancel(cases_[id].move_event);
  wait_for_worker(id);
}

// No move until a worker takes the case (its work then starts with a fresh
// duration), but its children still grow up. The move time is cleared, or a
// group that loses its eldest to adulthood would schedule the rest's against
// the time of the move that brought it here, long past, and never age out.
void PathwayFlow::wait_for_worker(std::uint32_t id) {
  cases_[id].move_time = kNever;
  cases_[id].permanence_since = kNaN;  // the worker who takes it draws the move afresh
  schedule_adulthood(id, kNever);
}

void PathwayFlow::enter(std::uint32_t id, std::uint32_t s) {
  for (;;) {
    Case& c = cases_[id];
    const bool from_outside = c.state == kOutside;
    const Category from = from_outside ? Category::exit : shared_.facts[c.state].category;
    if (episodes_) [[unlikely]] record_episodes(c, s);
    leave_current_state(c);
    const StateFacts& state = shared_.facts[s];
    const auto k = static_cast<double>(c.children.size());
    ctx_.count(state.entries_column, k);
    if (state.is_referral) {
      ctx_.count(c_.referrals, k);
      ctx_.ratio_denominator[c_.re_referral_share] += k;
      for (auto child : c.children)
        if (ctx_.now - cases_.child(child).last_closure <= ctx_.in_force->children.re_referral_window_days) {
          ctx_.count(c_.re_referrals, 1);
          ctx_.ratio_numerator[c_.re_referral_share] += 1;
        }
    }
    if (state.category != from) {
      switch (state.category) {
        case Category::cin: ctx_.count(c_.cin_starts, k); break;
        case Category::cp:
          ctx_.count(c_.cp_starts, k);
          for (auto child : c.children) {
            if (cases_.child(child).had_cp) ctx_.count(c_.cp_repeat_starts, 1);
            cases_.child(child).had_cp = true;
          }
          break;
        case Category::lac:
          ctx_.count(c_.lac_starts, k);
          for (auto child : c.children) cases_.child(child).care_start = ctx_.now;
          if (placements_)
            for (auto child : c.children) placements_->enter_care(child, false);
          break;
        default: break;
      }
    }
    timeliness_.start_clocks(c, state.clocks_started);

    if (placements_ && from == Category::lac && state.category != Category::lac)
      for (auto child : c.children) placements_->leave_care(child, s);
    if (from == Category::lac && state.lac_exits_column != kOutside) {
      ctx_.count(state.lac_exits_column, k);
      for (auto child : c.children) ctx_.add_to_ratio(state.days_in_care_column, ctx_.now - cases_.child(child).care_start, 1);
    }
    if (state.is_exit) {
      exit_pathway(id, s);
      return;
    }
    cases_.set_state(id, s);
    state_count_[s] += static_cast<std::int64_t>(k);
    category_count_[static_cast<int>(state.category)] += static_cast<std::int64_t>(k);
    if (workload_) workload_->took_on_state(id, s, from_outside);

    if (state.split_siblings && c.children.size() > 1) {
      split_and_route(id, s);
      return;
    }
    if (!work_can_start(id, s)) {
      wait_for_worker(id);
      return;
    }
    if (const auto instant = plan_move(id, s); instant != kMoveScheduled) {
      s = instant;
      continue;
    }
    return;
  }
}

namespace {
// The permanence clock (workforce_config.h) runs at ratio^n x e^(a t), t
// days since the move was drawn, n changes of worker since. A change at t (one more factor of the ratio) moves the end from T to T':
// what is left of the clock, ratio^n (e^(a T) - e^(a t)) / a, must last as
// ratio^(n+1) (e^(a T') - e^(a t)) / a; n cancels.
double permanence_end_after_change(double t, double end, double ratio, double a) {
  if (a <= 0.0) return t + (end - t) / ratio;
  return t + std::log1p(std::expm1(a * (end - t)) / ratio) / a;
}
}  // namespace

void PathwayFlow::worker_changed_in_care(std::uint32_t id) {
  Case& c = cases_[id];
  if (std::isnan(c.permanence_since) || !ctx_.queue.is_pending(c.move_event)) return;
  const double since = c.permanence_since;
  const double end = since + permanence_end_after_change(ctx_.now - since, c.move_time - since, shared_.permanence_ratio,
                                                         shared_.permanence_drift_per_day);
  ctx_.queue.cancel(c.move_event);
  schedule_move(id, c.next_state, end);
  if (workload_) workload_->postpone(id, end);
}

// (Not a std::optional: GCC returns one through memory, written in two parts
// and read back whole, a store-forwarding stall on every move.)
std::uint32_t PathwayFlow::plan_move(std::uint32_t id, std::uint32_t s) {
  const State& state = pathway_->states[s];
  Case& c = cases_[id];
  const Transition& transition = state.transitions[draw_transition(state, c.rng)];
  const double end = draw_end(transition.duration, ctx_.now, c, c.rng);
  if (end <= ctx_.now) return transition.to;
  schedule_drawn_move(id, s, transition.to, end);
  return kMoveScheduled;
}

void PathwayFlow::schedule_drawn_move(std::uint32_t id, std::uint32_t s, std::uint32_t to, double end) {
  if (allocation_) end = ctx_.now + (end - ctx_.now) * allocation_->drift_factor(id, shared_.facts[s].category);
  end = watch_permanence(id, s, to, end);
  schedule_move(id, to, end);
  if (workload_) workload_->set_deadline(id, end);
}

void PathwayFlow::schedule_move(std::uint32_t id, std::uint32_t to, double when) {
  Case& c = cases_[id];
  c.next_state = to;
  c.move_time = when;
  c.move_event = ctx_.queue.schedule(when, {EventKind::move, id});
  schedule_adulthood(id, when);
}

void PathwayFlow::place(std::uint32_t id, std::uint32_t s) {
  cases_.set_state(id, s);
  add(s, static_cast<std::int64_t>(cases_[id].children.size()));
}

void PathwayFlow::place_found(std::uint32_t id, std::uint32_t s) {
  place(id, s);
  if (episodes_) [[unlikely]]
    for (auto child : cases_[id].children) episodes_->open(cases_.number(child), child, s, kNaN);
  if (placements_ && shared_.facts[s].category == Category::lac)
    for (auto child : cases_[id].children) placements_->enter_care(child, true);
}

//! Each sibling goes on alone from state s (already counted in s).
void PathwayFlow::split_and_route(std::uint32_t id, std::uint32_t s) {
  if (allocation_) allocation_->release(id);
  const auto siblings = cases_[id].children;
  const auto clocks = cases_[id].clock_start;
  const auto locality = cases_[id].locality;
  add(s, -static_cast<std::int64_t>(siblings.size()));
  cases_[id].children.erase(cases_[id].children.begin() + 1, cases_[id].children.end());
  cases_.children_changed(id);
  std::vector<std::uint32_t> ids{id};
  for (std::size_t i = 1; i < siblings.size(); ++i) {
    const std::uint64_t key = cases_[id].rng.child_key();  // before new_case, which may move the cases
    const std::uint32_t other = cases_.new_case();
    cases_[other].rng = CaseRandom(key);
    cases_[other].children.push_back(siblings[i]);
    cases_.children_changed(other);
    cases_[other].clock_start = clocks;
    cases_[other].locality = locality;
    ids.push_back(other);
  }
  for (const auto one : ids) {
    place(one, s);
    if (workload_) workload_->took_on_state(one, s, one != id);  // the first keeps its recurring tasks' dates
    if (!work_can_start(one, s)) {
      wait_for_worker(one);
      continue;
    }
    if (const auto instant = plan_move(one, s); instant != kMoveScheduled) enter(one, instant);
  }
}

void PathwayFlow::schedule_adulthood(std::uint32_t id, double move_time) {
  Case& c = cases_[id];
  ctx_.queue.cancel(c.adulthood_event);
  if (c.state != kOutside && shared_.facts[c.state].holds_adults) return;
  // Kept in the case: reading each child's record here was 4% of an x80 run.
  assert(c.first_adulthood == cases_.first_adulthood_of(id) && "a change of children not passed to children_changed");
  const double first = std::max(c.first_adulthood, ctx_.now);
  // None at or past the horizon: it could never fire, and a case that waits
  // or stays long would leave it in the heap (cancelled) for years of run.
  // Skipping it moves no sequence order, so ties break as before.
  if (first < move_time && first < ctx_.horizon) c.adulthood_event = ctx_.queue.schedule(first, {EventKind::adulthood, id});
}

void PathwayFlow::exit_pathway(std::uint32_t id, std::uint32_t exit_state) {
  const double closing_excess = allocation_ ? allocation_->case_closed(id, shared_.facts[exit_state].re_referral_eligible) : 0.0;
  if (workload_) workload_->closed(id);
  Case& c = cases_[id];
  const auto k = static_cast<double>(c.children.size());
  ctx_.count(c_.children_exited, k);
  cases_.set_state(id, kOutside);
  for (auto child : c.children) cases_.child(child).last_closure = ctx_.now;
  if (draws_re_referral(exit_state, closing_excess, c.rng)) {
    await_re_referral(id);
    return;
  }
  cases_.release_case(id);
}

//! Whether children leaving by this exit are to be re-referred (a routing
//! draw, made whatever the closing worker's excess over their cap, so that
//! scenarios keep their draws in step).
bool PathwayFlow::draws_re_referral(std::uint32_t exit_state, double closing_excess, CaseRandom& rng) {
  const auto& rr = ctx_.in_force->children;
  if (!shared_.facts[exit_state].re_referral_eligible || rr.re_referral_probability <= 0.0) return false;
  double p = rr.re_referral_probability;
  if (allocation_ && rr.re_referral_elasticity > 0.0)
    p *= (1.0 + rr.re_referral_elasticity * closing_excess) / (1.0 + rr.re_referral_elasticity * rr.re_referral_observed_excess);
  return uniform01(rng) < p;
}

//! Case `id`, just closed, waits dormant for its re-referral.
void PathwayFlow::await_re_referral(std::uint32_t id) {
  const auto& rr = ctx_.in_force->children;
  Case& c = cases_[id];
  ctx_.queue.cancel(c.move_event);
  ctx_.queue.cancel(c.adulthood_event);
  c.dormant = true;
  c.clock_start.fill(kNaN);
  const double when = ctx_.advance(ctx_.now, rr.re_referral_delay.distribution.sample(c.rng), rr.re_referral_delay.unit);
  c.move_event = ctx_.queue.schedule(std::max(when, ctx_.now), {EventKind::re_referral, id});
}

void PathwayFlow::on_move(std::uint32_t id) {
  Case& c = cases_[id];
  c.permanence_since = kNaN;  // its time has run out: a move held for its work is not slowed again
  ctx_.queue.cancel(c.adulthood_event);
  if (workload_ && !workload_->may_leave(id)) return;
  enter(id, c.next_state);
}

//! A new contact's case, holding children of these ages (draws nothing);
//! it goes on with the family's stream.
std::uint32_t PathwayFlow::open_case(const double* ages, std::uint32_t size, CaseRandom rng, std::uint32_t locality) {
  const std::uint32_t id = cases_.new_case();
  cases_[id].rng = rng;
  cases_[id].locality = locality;
  for (std::uint32_t i = 0; i < size; ++i) {
    const std::uint32_t child = cases_.new_child(ages[i]);
    cases_[id].children.push_back(child);
  }
  cases_.children_changed(id);
  return id;
}

// enter() for a contact without a case yet: the same draws in the same order
// and the same counts, but a contact that leaves at once by an exit (and is
// not to be re-referred) never gets a case or child records, which it would
// give back at once. Nothing outside the case sees the difference: the free
// lists pop and push the same case id, and a child's record is rewritten
// whole when reused.
void PathwayFlow::admit_contact(std::uint32_t target, const double* ages, std::uint32_t size, CaseRandom rng,
                                std::uint32_t locality) {
  const StateFacts& facts = shared_.facts[target];
  const auto k = static_cast<double>(size);
  if (facts.is_exit && !facts.is_referral) {
    close_at_once(target, ages, size, rng, locality);
    return;
  }
  if (!facts.enters_without_case) {
    enter(open_case(ages, size, rng, locality), target);
    return;
  }
  // As enter() and plan_move() would for a case entering `target` from outside.
  ctx_.count(facts.entries_column, k);
  const State& state = pathway_->states[target];
  const Transition& transition = state.transitions[draw_transition(state, rng)];
  const double end = draw_distribution_end(transition.duration, ctx_.now, rng);
  const StateFacts& next = shared_.facts[transition.to];
  if (end <= ctx_.now && next.is_exit && !next.is_referral) {
    if (facts.is_assessment) ctx_.count(c_.assessments_completed, k);
    if (episodes_) [[unlikely]] record_instant_episodes(target, transition.to, size);
    close_at_once(transition.to, ages, size, rng, locality);
    return;
  }
  const std::uint32_t id = open_case(ages, size, rng, locality);
  place(id, target);
  if (episodes_) [[unlikely]]
    for (auto child : cases_[id].children) episodes_->open(cases_.number(child), child, target, ctx_.now);
  if (workload_) workload_->took_on_state(id, target, true);  // as enter() would (the state has no tasks)
  if (end <= ctx_.now) {
    enter(id, transition.to);
    return;
  }
  schedule_drawn_move(id, target, transition.to, end);
}

//! enter() and exit_pathway() for a contact without a case entering an exit
//! (neither a referral nor a way out of care, as it was never in care).
void PathwayFlow::close_at_once(std::uint32_t exit_state, const double* ages, std::uint32_t size, CaseRandom& rng,
                                std::uint32_t locality) {
  const auto k = static_cast<double>(size);
  ctx_.count(shared_.facts[exit_state].entries_column, k);
  ctx_.count(c_.children_exited, k);
  if (allocation_) allocation_->closed_without_case(size, shared_.facts[exit_state].re_referral_eligible);
  if (!draws_re_referral(exit_state, 0.0, rng)) {
    if (episodes_) [[unlikely]] cases_.skip_numbers(size);  // the numbers their episodes used
    return;
  }
  const std::uint32_t id = open_case(ages, size, rng, locality);
  for (auto child : cases_[id].children) cases_.child(child).last_closure = ctx_.now;
  await_re_referral(id);
}

void PathwayFlow::on_adulthood(std::uint32_t id) {
  Case& c = cases_[id];
  const std::uint32_t s = c.state;
  const std::uint32_t exit_state = pathway_->states[s].adulthood_exit;
  // Everyone in the group who is now an adult leaves; the rest go on.
  std::vector<std::uint32_t> adults;
  for (auto child : c.children)
    if (cases_.adulthood_time(child) <= ctx_.now + 1e-9) adults.push_back(child);
  if (adults.size() == c.children.size()) {
    ctx_.queue.cancel(c.move_event);
    ctx_.count(c_.aged_out, static_cast<double>(adults.size()));
    adulthood_move_ = episodes_ != nullptr;
    enter(id, exit_state);
    return;
  }
  const std::int32_t worker = cases_[id].worker, queued_team = cases_[id].queued_team;
  if (allocation_) allocation_->release(id);
  const std::uint64_t key = cases_[id].rng.child_key();
  const std::uint32_t leaving = cases_.new_case();
  cases_[leaving].rng = CaseRandom(key);
  Case& group = cases_[id];  // new_case may have reallocated
  cases_[leaving].locality = group.locality;
  for (auto child : adults) group.children.erase(std::find(group.children.begin(), group.children.end(), child));
  cases_[leaving].children.assign(adults.begin(), adults.end());
  cases_.children_changed(id);
  cases_.children_changed(leaving);
  cases_.set_state(leaving, s);
  cases_[leaving].clock_start = group.clock_start;
  ctx_.count(c_.aged_out, static_cast<double>(adults.size()));
  if (allocation_) allocation_->restaff_resized(id, worker, queued_team);
  if (workload_) workload_->resized(id);
  adulthood_move_ = episodes_ != nullptr;
  enter(leaving, exit_state);
  schedule_adulthood(id, cases_[id].move_time);
}

void PathwayFlow::on_re_referral(std::uint32_t id) {
  Case& c = cases_[id];
  c.dormant = false;
  // Children who have grown up meanwhile are no longer children's social care's.
  const auto grown_up = std::remove_if(c.children.begin(), c.children.end(), [&](std::uint32_t child) {
    if (cases_.adulthood_time(child) > ctx_.now) return false;
    cases_.release_child(child);
    return true;
  });
  c.children.erase(grown_up, c.children.end());
  cases_.children_changed(id);
  if (c.children.empty()) {
    cases_.release_case(id);
    return;
  }
  ctx_.count(c_.children_entered, static_cast<double>(c.children.size()));
  enter(id, pathway_->referral);
}

// ---- month ends --------------------------------------------------------------

void PathwayFlow::record_month_end(std::size_t month) {
  auto& table = ctx_.result.table;
  std::int64_t open = 0, in_system = 0;
  for (int cat = 0; cat < kCategoryCount; ++cat) {
    const auto category = static_cast<Category>(cat);
    if (category == Category::exit) continue;
    if (c_.open_by_category[cat] != kOutside) table.at(month, c_.open_by_category[cat]) = static_cast<double>(category_count_[cat]);
    in_system += category_count_[cat];
    if (category != Category::front_door && category != Category::leaving_care) open += category_count_[cat];
  }
  table.at(month, c_.open_total) = static_cast<double>(open);
  table.at(month, c_.in_system) = static_cast<double>(in_system);
  for (std::size_t s = 0; s < pathway_->states.size(); ++s)
    if (c_.state_stock[s] != kOutside) table.at(month, c_.state_stock[s]) = static_cast<double>(state_count_[s]);
}

void PathwayFlow::check_invariants(std::size_t month, const std::function<void(const std::string&)>& fail) const {
  std::vector<std::int64_t> counted(pathway_->states.size(), 0);
  std::vector<std::uint8_t> seen(cases_.child_slots(), 0);
  for (std::uint32_t id = 0; id < cases_.all().size(); ++id) {
    const Case& c = cases_[id];
    if (cases_.states()[id] != c.state) fail("case " + std::to_string(id) + "'s state was changed without CaseBook::set_state");
    if (c.state == kOutside) continue;
    if (pathway_->states[c.state].is_exit()) fail("a case rests in an exit state");
    counted[c.state] += static_cast<std::int64_t>(c.children.size());
    for (auto child : c.children) {
      if (seen[child]++) fail("child " + std::to_string(child) + " is in two cases");
    }
  }
  for (std::size_t s = 0; s < counted.size(); ++s) {
    if (state_count_[s] < 0) fail("negative count in state " + pathway_->states[s].name);
    if (counted[s] != state_count_[s]) fail("count of state " + pathway_->states[s].name + " disagrees with its cases");
  }
  // Conservation: opening + entered - exited = in the system now.
  double entered = 0, exited = 0;
  const auto& table = ctx_.result.table;
  for (std::size_t m = 1; m <= month; ++m) {
    entered += table.at(m, c_.children_entered);
    exited += table.at(m, c_.children_exited);
  }
  if (table.at(0, c_.in_system) + entered - exited != table.at(month, c_.in_system))
    fail("children not conserved: opening + entered - exited != in the system");
}

}  // namespace caseflow::model
