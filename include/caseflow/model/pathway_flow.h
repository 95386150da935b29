//===----------------------------------------------------------------------===//
// pathway_flow.h: children moving through the pathway
//
// Owns where every case is: entering a state (and following moves that take
// no time), drawing the route and the time to the next move, splitting
// sibling groups, children reaching adulthood, closure and re-referral, and
// the month-end count of children in each state and category. It asks
// allocation (when the scenario has a workforce) for a worker each time a
// case enters a state, and how much a worker's caseload slows the work.
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "caseflow/model/cases.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/timeliness.h"

namespace caseflow::model {

class Allocation;
class Workload;
class Placements;
class EpisodeLog;

//! The pathway's metric columns.
struct PathwayColumns {
  std::uint32_t open_total = 0, in_system = 0, children_entered = 0, children_exited = 0;
  std::array<std::uint32_t, kCategoryCount> open_by_category{};
  std::uint32_t referrals = 0, re_referrals = 0, assessments_completed = 0;
  std::uint32_t cin_starts = 0, cp_starts = 0, lac_starts = 0, cp_repeat_starts = 0, aged_out = 0;
  std::uint32_t re_referral_share = 0;
  std::vector<std::uint32_t> state_stock, state_entries;
  // Per state; kOutside except for the ways out of care (exits and care leavers' states).
  std::vector<std::uint32_t> lac_exits_by_state, days_in_care_by_exit;
};

//! What entering or leaving one state involves, worked out once per model:
//! enter() runs for every move, and re-deriving these from the State, the
//! timescales and the columns cost about a fifth of a peer run.
struct StateFacts {
  Category category = Category::exit;
  bool is_exit = false;
  bool is_referral = false;    // entering counts a referral
  bool is_assessment = false;  // leaving counts a completed assessment
  bool split_siblings = false;
  bool holds_adults = false;
  bool re_referral_eligible = false;
  bool is_permanence = false;  // an exit from care a change of worker slows (workforce.permanence_hazard)
  std::uint32_t clocks_started = 0;  // Timeliness::Shared::started_by
  std::uint32_t clocks_stopped = 0;  // Timeliness::Shared::stopped_by
  std::uint32_t entries_column = 0;
  std::uint32_t lac_exits_column = kOutside;     // kOutside: not a way out of care
  std::uint32_t days_in_care_column = kOutside;  // set with lac_exits_column
  //! A new contact can enter here before it has a case: entering changes
  //! nothing of its children (no referral, no plan start, no clock, no split,
  //! no worker) and every route's length is drawn, not read from their ages.
  bool enters_without_case = false;
};

//! A contact's children are drawn before its case is made; larger families
//! (rare) get their case at once.
inline constexpr std::uint32_t kMaxChildrenBeforeCase = 8;

class PathwayFlow {
 public:
  //! Built once per model. The pathway's metrics come in two parts, around
  //! the demand metrics, in the order the reports have always had.
  struct Shared {
    PathwayColumns columns;
    std::vector<StateFacts> facts;  // per state
    std::size_t expected_cases = 0;  // room the case book makes at the start
    //! Permanence after a change of worker (workforce_config.h): the ratio
    //! per change and the clock's drift, (observed changes a day) x (1 - ratio).
    double permanence_ratio = 1.0;
    double permanence_drift_per_day = 0.0;
    //! open_total, open_<category>, in_system.
    void register_census(const Scenario& scenario, MetricRegistry& metrics);
    //! referrals ... children_exited, then each state's stock, entries and ways out of care.
    void register_flows(const Scenario& scenario, MetricRegistry& metrics);
    //! After both registrations and the timeliness module's.
    void derive_state_facts(const Scenario& scenario, const Timeliness::Shared& timeliness);
  };

  PathwayFlow(ReplicationContext& context, const Shared& shared, Timeliness& timeliness);
  //! The cases and children: the flow's own (a member, not a reference, as
  //! nearly every step of a move touches them), lent to the other modules.
  CaseBook& cases() { return cases_; }
  const CaseBook& cases() const { return cases_; }
  //! Allocation asks for a worker for each case that enters a staffed state.
  void connect(Allocation* allocation) { allocation_ = allocation; }
  //! With capacity in hours, a case takes on its state's tasks, and cannot
  //! leave a state before its work is done.
  void connect(Workload* workload) { workload_ = workload; }
  //! With placements (costs), children entering and leaving care are told to it.
  void connect(Placements* placements) { placements_ = placements; }
  //! Recording episodes (ModelOptions::episode_replications): every entry to
  //! and exit from a state is written to the log; nothing else changes.
  void connect(EpisodeLog* episodes) { episodes_ = episodes; }
  //! A policy takes effect: spells that start from now draw from its
  //! transitions and durations (the states and their targets are the same).
  void adopt(const Scenario& scenario) { pathway_ = &scenario.pathway; }

  // ---- events ---------------------------------------------------------------
  void on_move(std::uint32_t id);
  void on_adulthood(std::uint32_t id);
  void on_re_referral(std::uint32_t id);

  //! A new contact's children (of a `locality`) enter `target` now. A
  //! contact that closes at once from a state no worker holds never gets a
  //! case (most of them).
  void admit_contact(std::uint32_t target, const double* ages, std::uint32_t size, CaseRandom rng, std::uint32_t locality);
  //! A contact whose case is made already (a large family).
  void admit_case(std::uint32_t id, std::uint32_t target) { enter(id, target); }
  //! The contact counts that the demand module's arrivals add to the pathway's.
  void count_entered(double children) { ctx_.count(shared_.columns.children_entered, children); }

  // ---- moving cases (for allocation and the warm start) ----------------------
  //! Moves case `id` into state `s` now, following zero-length transitions
  //! until it rests in a state with a future move or leaves the pathway.
  void enter(std::uint32_t id, std::uint32_t s);
  //! Draws the next move of case `id` resting in s and schedules it; returns
  //! the next state instead when the move takes no time, else kMoveScheduled.
  std::uint32_t plan_move(std::uint32_t id, std::uint32_t s);
  static constexpr std::uint32_t kMoveScheduled = kOutside;
  //! Work on a case resting in its state starts now (it was waiting for a
  //! worker); a case whose move was held for its work carries on with it.
  void start_work(std::uint32_t id);
  void schedule_move(std::uint32_t id, std::uint32_t to, double when);
  //! The case's move waits (for a worker, or for its work to be done) until
  //! schedule_move is called again; its children still grow up meanwhile.
  void hold_move(std::uint32_t id) { wait_for_worker(id); }
  //! Schedules the first child's adulthood if it comes before `move_time`.
  void schedule_adulthood(std::uint32_t id, double move_time);
  //! Case `id` is made to rest in s now: counted, no move drawn (a sibling
  //! split off goes on from where the group was).
  void place(std::uint32_t id, std::uint32_t s);
  //! The same for a case found in s at the start (the warm start): its
  //! children in care are placed as children already in care are.
  void place_found(std::uint32_t id, std::uint32_t s);
  //! A placed case with its move scheduled gets a worker; if it must wait for
  //! one, its move is called off until then (it still grows up).
  void staff_placed_case(std::uint32_t id, std::uint32_t s);
  //! A looked-after case resting in s has its move to `to` scheduled now: if
  //! that is to permanence, later changes of worker slow what is left of it.
  //! Returns the end to schedule: `end` (drawn as observed) on the clock.
  double watch_permanence(std::uint32_t id, std::uint32_t s, std::uint32_t to, double end) {
    const bool watched =
        shared_.permanence_ratio < 1.0 && shared_.facts[to].is_permanence && shared_.facts[s].category == Category::lac;
    cases_[id].permanence_since = watched ? ctx_.now : kNaN;
    return watched ? ctx_.now + permanence_clock_end(end - ctx_.now, shared_.permanence_drift_per_day) : end;
  }
  //! The days it takes the permanence clock (workforce_config.h), running
  //! at e^(a t) with no change of worker yet, to use up `clock_days`: e^(a T) = 1 + a D.
  static double permanence_clock_end(double clock_days, double a) {
    return a > 0.0 ? std::log1p(a * clock_days) / a : clock_days;
  }
  //! Case `id`, in care with its move drawn, has just changed worker.
  void worker_changed_in_care(std::uint32_t id);
  template <class Engine>
  std::uint32_t draw_transition(const State& state, Engine& rng) const {
    // One way on: nothing to draw (a draw here would only move the stream on).
    const auto n = state.transitions.size();
    if (n == 1) return 0;
    const double u = uniform01(rng);
    double cumulative = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      cumulative += state.transitions[i].probability;
      if (u < cumulative) return static_cast<std::uint32_t>(i);
    }
    return static_cast<std::uint32_t>(n - 1);
  }
  //! The end of a duration begun at `from` (an until-age one from the youngest child's age).
  template <class Engine>
  double draw_end(const DurationSpec& d, double from, const Case& c, Engine& rng) {
    if (d.kind == DurationSpec::Kind::until_age) {
      double youngest_birth = -kNever;
      for (auto child : c.children) youngest_birth = std::max(youngest_birth, cases_.child(child).birth);
      return std::max(from, youngest_birth + d.age_years * kDaysPerYear);
    }
    return draw_distribution_end(d, from, rng);
  }

  // ---- month ends -----------------------------------------------------------
  void record_month_end(std::size_t month);
  void check_invariants(std::size_t month, const std::function<void(const std::string&)>& fail) const;
  std::int64_t children_in(std::uint32_t state) const { return state_count_[state]; }
  std::int64_t children_in(Category category) const { return category_count_[static_cast<int>(category)]; }

 private:
  void leave_current_state(Case& c);
  //! The children of `c` leave its state (if any) for s now, and begin an episode in s unless it is an exit.
  void record_episodes(const Case& c, std::uint32_t s);
  //! A contact without a record, in `state`, leaves at once for `to`.
  void record_instant_episodes(std::uint32_t state, std::uint32_t to, std::uint32_t size);
  void split_and_route(std::uint32_t id, std::uint32_t s);
  void exit_pathway(std::uint32_t id, std::uint32_t exit_state);
  bool draws_re_referral(std::uint32_t exit_state, double closing_excess, CaseRandom& rng);
  void await_re_referral(std::uint32_t id);
  std::uint32_t open_case(const double* ages, std::uint32_t size, CaseRandom rng, std::uint32_t locality);
  void close_at_once(std::uint32_t exit_state, const double* ages, std::uint32_t size, CaseRandom& rng, std::uint32_t locality);
  //! Case `id`, in s, moves to `to` at the drawn `end`, as its worker's
  //! caseload and the permanence clock stretch it.
  void schedule_drawn_move(std::uint32_t id, std::uint32_t s, std::uint32_t to, double end);
  //! The end of a drawn (not until-age) duration begun at `from`.
  template <class Engine>
  double draw_distribution_end(const DurationSpec& d, double from, Engine& rng) {
    return ctx_.advance(from, d.distribution.sample(rng), d.unit);
  }
  //! With a workforce, gets the case entering s a worker; false when it waits
  //! for one instead, with its work (and clock) not yet started.
  bool work_can_start(std::uint32_t id, std::uint32_t s);
  void wait_for_worker(std::uint32_t id);
  void add(std::uint32_t s, std::int64_t children) {
    state_count_[s] += children;
    category_count_[static_cast<int>(shared_.facts[s].category)] += children;
  }

  ReplicationContext& ctx_;
  const Shared& shared_;
  const PathwayColumns& c_;
  const Pathway* pathway_;  // the transitions in force (policies may change them)
  CaseBook cases_;
  Timeliness& timeliness_;
  Allocation* allocation_ = nullptr;
  Workload* workload_ = nullptr;
  Placements* placements_ = nullptr;
  EpisodeLog* episodes_ = nullptr;
  bool adulthood_move_ = false;  // the move being entered is on reaching adulthood (for the episode log)
  std::vector<std::int64_t> state_count_;
  std::vector<std::int64_t> category_count_;
};

}  // namespace caseflow::model
