//===----------------------------------------------------------------------===//
// workload_config.h: the workload section of a scenario (capacity in hours)
//
// Optional, and only with a workforce. With it, each social worker has hours
// in each working week (contracted hours less leave, training, supervision,
// non-case duties and, for newly qualified staff, protected development
// time), and the cases they hold ask for hours: a base load for each child
// held, by category (recording, planning, meetings, travel), and dated
// tasks (statutory visits and reviews that recur; assessments, enquiries and
// conference reports that a case cannot leave its state without). When the
// work due exceeds the hours, tasks wait in priority order: visits and
// reviews fall overdue, and assessments and conferences finish later.
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/scenario.h"

namespace caseflow {

//! A length of time in the scenario's units: `value` of `unit` from a date.
struct Interval {
  double value = 0.0;
  TimeUnit unit = TimeUnit::days;
  bool set() const { return value > 0.0; }
};

//! One kind of work a case asks of its social worker.
struct TaskSpec {
  std::string name;
  std::vector<std::uint32_t> states;  // cases resting in these states carry it
  double hours = 0.0;                 // per occurrence, for a case of one child
  std::uint32_t priority = 1;         // 1 is done first when hours run short
  //! The case cannot leave its state until this work is done (an assessment,
  //! an enquiry, a conference report): it is due when the drawn move is, and
  //! done late, it holds the move back. Otherwise the task recurs.
  bool completes_state = false;
  // Recurring tasks: the first is due `first` after the case takes the task
  // on, the second `second` after the first is done (or `every` if unset),
  // then each `every` after the last; once the task has run `later_from`,
  // each `later_every` after the last.
  Interval first, second, every, later_from, later_every;
  //! A recurring task's write-up: the record of an occurrence (a visit's
  //! notes), done after it at its own priority (the base load's unless set).
  //! Until it is written the occurrence is not on the record, so a month-end
  //! count shows the child as overdue once the occurrence's due date has
  //! passed, as a council's case management system does.
  double write_up_hours = 0.0;
  std::uint32_t write_up_priority = 0;
  bool has_write_up() const { return write_up_hours > 0.0; }
  //! A recurring task booked for its due date (the last working day on or
  //! before it), as a visit is arranged with a family, instead of done as
  //! early in the week as the worker's hours allow.
  bool on_due_date = false;
  //! No access: the share of attempts that do not see the child on the day
  //! for reasons that are not the worker's hours (nobody in, the family
  //! cancels, the child is not seen). The occurrence stays due and is tried
  //! again `retry_after` later; the failed attempt costs its journey (a task
  //! that `travels`) and `no_access_hours_share` of the rest of its hours.
  double no_access_share = 0.0;
  Interval retry_after;
  double no_access_hours_share = 0.0;
  //! Whether an attempt can start later than the worker's hours would reach it.
  bool has_attempt_date() const { return on_due_date || no_access_share > 0.0; }
  //! Done where the child lives (a looked-after child's placement): each
  //! occurrence adds the journey there and back, drawn once for the case
  //! from `WorkloadConfig::travel` (one journey for the family: siblings are
  //! taken to be placed together).
  bool travels = false;
};

//! A band of distance from the council to where children visited there live,
//! with the share of cases living there and the journey's hours there and back.
struct TravelBand {
  double share = 0.0;
  double hours = 0.0;
};

//! A case carries at most this many tasks at once: one that completes its
//! state and two that recur (a per-case array, read every week).
inline constexpr std::size_t kMaxRecurringTasksPerState = 2;

struct WorkloadConfig {
  bool enabled = false;
  double hours_per_week = 37.0;
  double leave_share = 0.0;
  double training_share = 0.0;
  double supervision_share = 0.0;
  double non_case_share = 0.0;
  double newly_qualified_development_share = 0.0;
  //! Base load: hours a month for each child held, by category (recording,
  //! planning, meetings, liaison, travel: the work that is not a dated task).
  std::array<double, kCategoryCount> base_hours_per_child_month{};
  //! Each child beyond the first in a case adds this share of a task's hours.
  double sibling_share = 0.5;
  //! The base load's place in the priority order: tasks of a smaller number
  //! are done in full before it; those of its number or more share what is
  //! left with it, in proportion to what each asks (1: every task shares).
  std::uint32_t base_load_priority = 1;
  //! Travel, the third element of a worker's effort with complexity and
  //! risk (SCIE, seed 001 §4.19): where the children whose tasks `travel`
  //! live, as bands of distance; the shares sum to 1. Empty: no task travels.
  std::vector<TravelBand> travel;
  std::vector<TaskSpec> tasks;
  // Derived: per state, the recurring tasks and the completing one (-1: none).
  std::vector<std::vector<std::uint32_t>> recurring_of_state;
  std::vector<std::int32_t> completing_of_state;

  //! Share of a worker's contracted hours left for case work.
  double case_share(bool newly_qualified) const {
    return 1.0 - leave_share - training_share - supervision_share - non_case_share -
           (newly_qualified ? newly_qualified_development_share : 0.0);
  }
};

//! Reads `workload` (null: no section, a disabled config).
WorkloadConfig parse_workload(const ConfigNode* node, const Scenario& scenario);

}  // namespace caseflow
