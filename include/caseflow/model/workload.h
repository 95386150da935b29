//===----------------------------------------------------------------------===//
// workload.h: social workers' hours, and the work their cases ask for
//
// Each week (cut at month ends) every social worker in post has hours for
// case work (workload_config.h), and their cases ask for hours: the base load
// of each weighted child held, and the dated tasks each case carries in its
// state: statutory visits and reviews that recur, and the work a case cannot
// leave its state without (an assessment, an enquiry, a conference report).
// A task done where a looked-after child lives adds the journey there, by the
// distance drawn for the case (travel, the SCIE's third element of effort).
// When the week's work exceeds its hours, base load and tasks share the hours
// in proportion to what each asks, and the tasks' share goes to the highest
// priority first, then the earliest due. A task not reached waits: a visit
// or review falls overdue, an assessment finishes (and its case moves) later.
// A week's work is planned at its start: one pass over each worker's cases a
// week, not an event per visit. What the week leaves spare serves work that
// arrives during it (a new assessment) at once.
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "caseflow/model/cases.h"
#include "caseflow/model/replication_context.h"
#include "caseflow/model/workload_config.h"

namespace caseflow::model {

class PathwayFlow;
class Workforce;

struct WorkloadColumns {
  std::vector<std::uint32_t> overdue;       // per task; kOutside for a task that completes its state
  std::vector<std::uint32_t> in_timescale;  // per recurring task
  std::vector<std::uint32_t> moves_delayed;  // per task that completes its state; kOutside for the rest
  std::uint32_t hours_per_fte = 0, utilisation = 0;
  std::vector<std::uint32_t> utilisation_by_team, hours_per_fte_by_team;  // per team spec
};

class Workload {
 public:
  //! Built once per model.
  struct Shared {
    WorkloadColumns columns;
    std::vector<double> base_per_child_day;  // per state
    //! Registers the workload's metrics (a scenario with a workload section only).
    static Shared prepare(const Scenario& scenario, MetricRegistry& metrics);
  };

  Workload(ReplicationContext& context, const Shared& shared, CaseBook& cases, const Workforce& workforce,
           PathwayFlow& flow);

  //! The first week starts now.
  void start();
  //! A week starts (EventKind::workload_week): each worker's week is planned.
  void on_week();

  // ---- for the pathway flow ---------------------------------------------------
  //! Case `id` now rests in state s: it takes on the state's tasks, keeping
  //! the recurring ones it had already (care proceedings to care keeps its
  //! visits' dates); `fresh`: a new case, or one coming in from outside.
  void took_on_state(std::uint32_t id, std::uint32_t s, bool fresh);
  //! The opening caseload: case `id` has been in s for `elapsed_days` and is
  //! to move at `move_time`. Its tasks fall due at a random point of their
  //! interval, and the work that completes s is part done.
  void placed(std::uint32_t id, std::uint32_t s, double elapsed_days, double move_time);
  //! The case's move out of its state is drawn for `when`: the work that
  //! completes the state is due then.
  void set_deadline(std::uint32_t id, double when) {
    if (work_.size() > id && work_[id].slots[0].task >= 0) deadline(id, when);
  }
  //! The case's drawn move was put off to `when` (a change of worker slowed
  //! it): the work that completes the state is due then.
  void postpone(std::uint32_t id, double when) {
    if (work_.size() > id && work_[id].slots[0].task >= 0) postpone_deadline(id, when);
  }
  //! The case's move is due now: true if its state's work is done, else the
  //! move waits for it (and is scheduled again when it is).
  bool may_leave(std::uint32_t id) { return work_.size() <= id || work_[id].slots[0].task < 0 || ready_to_leave(id); }
  //! The case's move is held until its work is done (it is not waiting for
  //! a worker: a new worker carries on with the work, not a new move).
  bool holding(std::uint32_t id) const { return id < work_.size() && work_[id].move_waiting; }
  //! A held case has a new worker: the work goes on at once if their week has hours.
  void resume(std::uint32_t id) { serve_now(id, 0); }
  //! Children left the case's family (adulthood): its base load follows.
  void resized(std::uint32_t id) {
    if (id < work_.size()) set_base_load(id, cases_[id].state);
  }
  //! The case has left the pathway: it carries no task.
  void closed(std::uint32_t id) {
    if (id < work_.size()) {
      work_[id] = CaseWork{};
      glance_[id] = Glance{};
    }
  }

  void record_month_end(std::size_t month);

  //! Starts fetching what a move of case `id` reads and writes here: whether
  //! its state's work is done (its record, the date it was), and its glance.
  //! (Always inlined: GCC finds a function that only prefetches free of side
  //! effects, and drops a call to it that it has not inlined.)
  [[gnu::always_inline]] void prefetch(std::uint32_t id) const {
    if (id >= work_.size()) return;
    __builtin_prefetch(&work_[id]);
    __builtin_prefetch(&dates_[id].completed_at);
    __builtin_prefetch(&glance_[id]);
  }

 private:
  // What the week's plan reads of a case is one cache line (CaseWork); the
  // dates it needs only when an occurrence is done are apart (CaseDates).
  struct TaskSlot {
    double due = kNever;
    float hours_left = 0.0f;  // of the occurrence due
    std::int16_t task = -1;
    std::uint16_t done : 13 = 0;     // occurrences done
    std::uint16_t counted : 1 = 0;   // this occurrence's hours counted as falling due
    std::uint16_t writing : 1 = 0;   // a write-up is waiting (its hours and dates in CaseDates)
    std::uint16_t retrying : 1 = 0;  // an attempt found no access: tried again from CaseDates::retry_from
  };
  struct alignas(64) CaseWork {
    //! [0]: the task that completes the state; then the recurring ones.
    std::array<TaskSlot, 1 + kMaxRecurringTasksPerState> slots{};
    float state_work_hours = 0.0f;  // slot 0's hours when taken on (what counts as falling due)
    //! The case's children, as the workload last saw them (set_base_load
    //! keeps it): read with the slots, not from the case record.
    std::uint32_t children = 0;
    //! The journey to where the case's children live, there and back, for
    //! the tasks that travel: drawn when it takes one on, kept while it has one.
    float travel_hours = 0.0f;
    bool move_waiting = false;   // the move came before the work was done
    bool move_counted = false;   // the move has been counted as on time or delayed
  };
  struct CaseDates {
    //! One slot's dates, together (a completion reads and writes them all).
    struct alignas(32) SlotDates {
      double since = 0.0;  // when the case took the recurring task on
      // The slot's write-ups not yet done (read only while `writing`): their
      // hours, when the oldest occurrence was done, and the due date the
      // record shows until they are written (the oldest one's).
      double write_up_hours = 0.0, write_up_since = 0.0, shown_due = 0.0;
    };
    std::array<SlotDates, 1 + kMaxRecurringTasksPerState> slot{};
    double completed_at = kNaN;  // when slot 0's work was done
    //! After an attempt found no access: when the slot's occurrence is tried
    //! again, and the attempts that found none (both read only while `retrying`).
    std::array<double, 1 + kMaxRecurringTasksPerState> retry_from{};
    std::array<std::uint32_t, 1 + kMaxRecurringTasksPerState> failed_attempts{};
  };
  //! A candidate's slot index for the write-ups of recurring slot i is i + kWriteUp.
  static constexpr std::uint32_t kWriteUp = 4;
  // GCC's and Clang's 128-bit integer (__extension__: not ISO C++).
  __extension__ typedef unsigned __int128 ServiceOrder;
  static ServiceOrder service_order(std::uint32_t priority, double due, std::uint32_t case_id, std::uint32_t slot);
  struct Candidate {
    //! Served in this order: priority, then due date, then case and slot
    //! (each a field of one unsigned 128-bit number: a due date is never
    //! negative, and a non-negative double's bits order as its value).
    ServiceOrder order;
    double want;  // hours this week: a recurring task's all, a state's work its on-track share
    std::uint32_t case_id;
    std::uint32_t slot;
  };
  //! The plan of one worker's week as it is served: the task hours it has
  //! and has used, and the time the work reaches (`from` plus the hours used at `pace`).
  struct WeekCursor {
    double from, until, pace, budget, used;
    std::uint32_t team_spec;
    double reached() const { return from + used / pace; }
  };
  //! A worker's week: hours for tasks not yet used, from when, at what pace.
  struct WorkerWeek {
    double spare = 0.0;       // task hours left this week
    double busy_until = 0.0;  // when the tasks planned so far are done
    double pace = 0.0;        // task hours per calendar day
    double until = 0.0;       // when the worker's week ends (its end, or leave starting)
  };

  CaseWork& work(std::uint32_t id) {
    if (id >= work_.size()) grow(std::max<std::size_t>(id + 1, cases_.all().size()));
    return work_[id];
  }
  void grow(std::size_t size) {
    work_.resize(size);
    dates_.resize(size);
    glance_.resize(size);
  }
  //! The case's base load, for its children in state s (and its count of children).
  void set_base_load(std::uint32_t id, std::uint32_t s) {
    work_[id].children = static_cast<std::uint32_t>(cases_[id].children.size());
    glance_[id].base_per_day = static_cast<float>(static_cast<double>(work_[id].children) * base_per_child_day_[s]);
  }
  //! Adds to the month's hours metrics, overall and for a team: work falling
  //! due, the hours there were for it, and FTE-months in post.
  void add_hours(std::uint32_t team_spec, double due, double available, double fte_months);
  //! Keeps glance_[id].attention current after the case's tasks change.
  void refresh_attention(std::uint32_t id);
  //! glance_'s attention day when no task will ask for attention.
  static constexpr std::int32_t kNoAttention = std::numeric_limits<std::int32_t>::max();
  double sibling_factor(std::uint32_t id) const {
    return 1.0 + cfg_.sibling_share * (static_cast<double>(work_[id].children) - 1.0);
  }
  double occurrence_hours(std::uint32_t id, const TaskSpec& task) const {
    return task.hours * sibling_factor(id) + journey_hours(id, task);
  }
  double journey_hours(std::uint32_t id, const TaskSpec& task) const {
    return task.travels ? static_cast<double>(work_[id].travel_hours) : 0.0;
  }
  //! The journey for case `id`: a band of workload.travel, by the case's own
  //! draw (as no_access reads it: the same in every scenario where the case
  //! is at the same point, and moving none of its other draws).
  float draw_travel(std::uint32_t id) const;
  double write_up_hours(std::uint32_t id, const TaskSpec& task) const { return task.write_up_hours * sibling_factor(id); }
  //! Spends up to `can` hours on the write-ups waiting in recurring slot i; returns the hours spent.
  double write_up(std::uint32_t id, std::uint32_t slot, double can);
  void deadline(std::uint32_t id, double when);
  void postpone_deadline(std::uint32_t id, double when) {
    work_[id].slots[0].due = when;
    refresh_attention(id);
  }
  bool ready_to_leave(std::uint32_t id);
  //! Time after `from` by `interval`.
  double after(double from, const Interval& interval) const { return ctx_.advance(from, interval.value, interval.unit); }
  //! The interval to the next occurrence of case `id`'s recurring slot after one done at `when`.
  const Interval& next_interval(const TaskSpec& task, const TaskSlot& slot, std::uint32_t id, std::uint32_t slot_index,
                                double when) const;
  void plan_week(std::uint32_t worker_id, double start, double end, double working_days);
  //! The earliest time recurring slot i's occurrence can be attempted: its
  //! booked day (on_due_date) or its retry after no access; -inf if any time.
  double earliest_attempt(std::uint32_t id, std::uint32_t slot, const TaskSpec& task) const;
  //! Whether slot i's occurrence can be attempted before `until` (earliest_attempt(...) < until, cheaply).
  bool may_attempt_before(std::uint32_t id, std::uint32_t slot, const TaskSpec& task, double until) const;
  //! The worker attempts recurring slot i's occurrence at `when`, its hours
  //! spent (`spent` of them this week): it is done, or it finds no access and
  //! is tried again, this week if the retry falls in it and the hours allow.
  void attempt(std::uint32_t id, std::uint32_t slot, double when, double spent, WeekCursor& week);
  //! The last working day on or before `due` (its start): the day a visit due then is booked for.
  double booked_day(double due) const;
  //! Whether this attempt at slot i's occurrence finds no access: the case's
  //! own draw for the occurrence and attempt (the same in every scenario where
  //! the case is at the same point), which moves none of the case's other draws.
  bool no_access(std::uint32_t id, std::uint32_t slot, const TaskSpec& task, std::uint32_t attempt) const;
  //! The slot's occurrence is done at `when` by a worker of a team of
  //! `team_spec`: the next one is scheduled, or a move that waited for the
  //! work goes ahead.
  void complete(std::uint32_t id, std::uint32_t slot, double when, std::uint32_t team_spec);
  //! The hours an occurrence asked for when it was taken on.
  double asked_hours(std::uint32_t id, std::uint32_t slot) const {
    return slot == 0 ? static_cast<double>(work_[id].state_work_hours)
                     : occurrence_hours(id, cfg_.tasks[static_cast<std::size_t>(work_[id].slots[slot].task)]);
  }
  //! Adds an occurrence's hours to the month's work falling due (once).
  void count_falling_due(TaskSlot& slot, double hours, std::uint32_t team_spec);
  //! Work that arrives during a week is done at once from its spare hours.
  void serve_now(std::uint32_t id, std::uint32_t slot);

  ReplicationContext& ctx_;
  const WorkloadConfig& cfg_;
  const std::vector<double>& base_per_child_day_;
  const WorkloadColumns& c_;
  CaseBook& cases_;
  const Workforce& workforce_;
  PathwayFlow& flow_;
  LargeVector<CaseWork> work_;         // per case id
  LargeVector<CaseDates> dates_;       // per case id
  // Per case id, apart from work_ so that the weekly pass over a worker's
  // cases (and the month-end count) reads 8 bytes of most (they fit in
  // cache) and the whole record only of those with work that week: when the
  // case next needs its worker's attention (a recurring task entering the
  // week's plan, or now while work that completes its state is in progress),
  // and its base load.
  // The attention time is kept as its day, rounded down: a case is read a
  // few hours early at worst, never late, and comparing integers needs no
  // float rounding care.
  struct Glance {
    std::int32_t attention_day = kNoAttention;
    float base_per_day = 0.0f;
  };
  LargeVector<Glance> glance_;
  std::vector<WorkerWeek> week_;       // per worker id
  std::vector<Candidate> candidates_;  // scratch, one worker's week
  std::vector<std::uint32_t> attending_;  // scratch: the worker's cases with work this week
  double week_end_ = 0.0;
  RandomEngine rng_;  // the opening caseload's phases
};

}  // namespace caseflow::model
