#include "caseflow/model/workload.h"

#include <algorithm>
#include <cstring>

#include "caseflow/model/pathway_flow.h"
#include "caseflow/model/workforce.h"

namespace caseflow::model {

namespace {
// England has about 253 working days a year once weekends and the eight bank
// holidays are out: 253 / 12 a month, to turn monthly base hours into a day's.
constexpr double kWorkingDaysPerMonth = 253.0 / 12.0;
// Hours below this are rounding, not work left.
constexpr double kHoursDone = 1e-6;
// Statutory timescales are counted in days: work done on its due day is on
// time, and a move due today goes ahead if today's work finishes it.
double end_of_day(double t) { return std::floor(t) + 1.0; }
// A week's plan takes in the visits and reviews due in the first days of the
// next, as a worker plans a visit due on Monday for the Friday before.
constexpr double kLookAheadDays = 3.0;

}  // namespace

// Priority (1-9), then due date, then case id, then slot (0-2, or a
// recurring slot's write-ups: 5-6).
Workload::ServiceOrder Workload::service_order(std::uint32_t priority, double due, std::uint32_t case_id, std::uint32_t slot) {
  std::uint64_t due_bits = 0;
  static_assert(sizeof due_bits == sizeof due && kWriteUp + kMaxRecurringTasksPerState < 8, "slot takes 3 bits");
  std::memcpy(&due_bits, &due, sizeof due);
  return (static_cast<ServiceOrder>(priority) << 99) | (static_cast<ServiceOrder>(due_bits) << 35) |
         (static_cast<ServiceOrder>(case_id) << 3) | slot;
}

// ---- built once per model ----------------------------------------------------

Workload::Shared Workload::Shared::prepare(const Scenario& scenario, MetricRegistry& metrics) {
  Shared shared;
  WorkloadColumns& c = shared.columns;
  const WorkloadConfig& cfg = *scenario.workload;
  const auto state_list = [&](const TaskSpec& task) {
    std::string names;
    for (const auto s : task.states) names += (names.empty() ? "" : ", ") + scenario.pathway.states[s].name;
    return names;
  };
  for (const auto& task : cfg.tasks) {
    if (task.completes_state) {
      c.overdue.push_back(kOutside);
      c.in_timescale.push_back(kOutside);
      c.moves_delayed.push_back(metrics.ratio(task.name + "_delayed_share",
                                              "of the children whose move out of " + state_list(task) + " came due in the month, the share whose " +
                                                  task.name + " was not done, so the move waited (their worker had not had the hours)"));
      continue;
    }
    c.overdue.push_back(metrics.stock(task.name + "_overdue", "children (in " + state_list(task) + ") whose " + task.name +
                                                                  (task.has_write_up() ? " is past due and not done, or done and not yet written up, at month end"
                                                                                      : " is past due and not done at month end")));
    c.in_timescale.push_back(metrics.ratio(task.name + "_in_timescale_share",
                                           "share of the month's " + task.name + " done by their due date (children)"));
    c.moves_delayed.push_back(kOutside);
  }
  c.hours_per_fte = metrics.ratio("workload_hours_per_fte",
                                  "hours of case work falling due in the month (base load and dated tasks) per FTE in post");
  c.utilisation = metrics.ratio("utilisation", "hours of case work falling due / hours social workers had for case work in the month");
  // A team that holds no cases has no case work: its hours are not counted.
  for (const auto& team : scenario.workforce->teams)
    c.utilisation_by_team.push_back(
        team.holds_cases() ? metrics.ratio("utilisation_" + team.name, "utilisation in the " + team.name + " team(s)") : kOutside);
  for (const auto& team : scenario.workforce->teams)
    c.hours_per_fte_by_team.push_back(
        team.holds_cases()
            ? metrics.ratio("workload_hours_per_fte_" + team.name, "workload_hours_per_fte in the " + team.name + " team(s)")
            : kOutside);
  for (const auto& state : scenario.pathway.states)
    shared.base_per_child_day.push_back(cfg.base_hours_per_child_month[static_cast<std::size_t>(state.category)] / kWorkingDaysPerMonth);
  return shared;
}

// ---- one replication ---------------------------------------------------------

Workload::Workload(ReplicationContext& context, const Shared& shared, CaseBook& cases, const Workforce& workforce,
                   PathwayFlow& flow)
    : ctx_(context),
      cfg_(*context.scenario.workload),
      base_per_child_day_(shared.base_per_child_day),
      c_(shared.columns),
      cases_(cases),
      workforce_(workforce),
      flow_(flow),
      rng_(make_stream(context.scenario.simulation.seed, context.scenario.simulation.stream_set, context.result.replication,
                       StreamPurpose::workload)) {
  static_assert(sizeof(CaseWork) == 64, "what the week's plan reads of a case is one cache line");
  // Room for as many cases as the case book made room for: the records are
  // not copied as the run's cases grow in number.
  const std::size_t expected = cases.all().capacity();
  work_.reserve(expected);
  dates_.reserve(expected);
  glance_.reserve(expected);
}

void Workload::start() { ctx_.queue.schedule(ctx_.now, {EventKind::workload_week, 0}); }

void Workload::took_on_state(std::uint32_t id, std::uint32_t s, bool fresh) {
  CaseWork& cw = work(id);
  if (fresh) cw = CaseWork{};
  TaskSlot& gate = cw.slots[0];
  gate = TaskSlot{};
  dates_[id].completed_at = kNaN;
  set_base_load(id, s);
  cw.move_waiting = cw.move_counted = false;
  if (const std::int32_t g = cfg_.completing_of_state[s]; g >= 0) {
    gate.task = static_cast<std::int16_t>(g);
    gate.hours_left = static_cast<float>(occurrence_hours(id, cfg_.tasks[static_cast<std::size_t>(g)]));
    cw.state_work_hours = gate.hours_left;
  }
  const auto& wanted = cfg_.recurring_of_state[s];
  bool travelling = false;  // carries on a task that travels (care proceedings to care: the same placement)
  for (std::size_t i = 1; i < cw.slots.size(); ++i) {
    const auto t = cw.slots[i].task;
    if (t >= 0 && std::find(wanted.begin(), wanted.end(), static_cast<std::uint32_t>(t)) == wanted.end()) cw.slots[i] = TaskSlot{};
    travelling = travelling || (cw.slots[i].task >= 0 && cfg_.tasks[static_cast<std::size_t>(cw.slots[i].task)].travels);
  }
  if (!cfg_.travel.empty() && !travelling) {
    const bool takes_on = std::any_of(wanted.begin(), wanted.end(), [&](std::uint32_t t) { return cfg_.tasks[t].travels; });
    cw.travel_hours = takes_on ? draw_travel(id) : 0.0f;
  }
  for (const std::uint32_t t : wanted) {
    auto* free_slot = static_cast<TaskSlot*>(nullptr);
    bool carried = false;
    for (std::size_t i = 1; i < cw.slots.size(); ++i) {
      carried = carried || cw.slots[i].task == static_cast<std::int16_t>(t);
      if (!free_slot && cw.slots[i].task < 0) free_slot = &cw.slots[i];
    }
    if (carried) continue;
    const TaskSpec& task = cfg_.tasks[t];
    // The reader allows no more recurring tasks per state than there are slots.
    *free_slot = TaskSlot{after(ctx_.now, task.first), static_cast<float>(occurrence_hours(id, task)), static_cast<std::int16_t>(t)};
    dates_[id].slot[static_cast<std::size_t>(free_slot - cw.slots.data())].since = ctx_.now;
  }
  refresh_attention(id);
}

float Workload::draw_travel(std::uint32_t id) const {
  // (Until the case draws again, this probe and its visits' no-access probes
  // read the same value of its stream; the keys differ, so the draws do not.)
  CaseRandom probe = cases_[id].rng;
  std::uint64_t key = probe() ^ 0x6A09E667F3BCC909ULL;  // not no_access's key
  const double u = static_cast<double>(splitmix64(key) >> 11) * 0x1.0p-53;
  double below = 0.0;
  for (const TravelBand& band : cfg_.travel)
    if (u < (below += band.share)) return static_cast<float>(band.hours);
  return static_cast<float>(cfg_.travel.back().hours);  // the shares' rounding
}

void Workload::refresh_attention(std::uint32_t id) {
  const CaseWork& cw = work_[id];
  double first = kNever;
  // Work that completes the state is paced week by week once its due date is set.
  if (cw.slots[0].task >= 0 && cw.slots[0].hours_left > kHoursDone && cw.slots[0].due < kNever) first = 0.0;
  for (std::size_t i = 1; i < cw.slots.size(); ++i) {
    if (cw.slots[i].task >= 0) first = std::min(first, cw.slots[i].due - kLookAheadDays);
    if (cw.slots[i].writing) first = std::min(first, dates_[id].slot[i].write_up_since);
    if (cw.slots[i].retrying) first = std::min(first, dates_[id].retry_from[i]);
  }
  glance_[id].attention_day = first == kNever ? kNoAttention : static_cast<std::int32_t>(std::floor(first));
}

void Workload::placed(std::uint32_t id, std::uint32_t s, double elapsed_days, double move_time) {
  took_on_state(id, s, true);
  CaseWork& cw = work(id);
  // Found part-way between two occurrences, the next falls due at a uniform
  // point of the interval the case is in now (one that entered today keeps
  // its first due date).
  for (std::size_t i = 1; i < cw.slots.size() && elapsed_days > 0.0; ++i) {
    TaskSlot& slot = cw.slots[i];
    if (slot.task < 0) continue;
    const TaskSpec& task = cfg_.tasks[static_cast<std::size_t>(slot.task)];
    const double since = dates_[id].slot[i].since = ctx_.now - elapsed_days;
    slot.done = 1;
    const Interval& interval =
        task.later_from.set() && after(since, task.later_from) <= ctx_.now ? task.later_every : task.every;
    slot.due = ctx_.now + uniform01(rng_) * (after(ctx_.now, interval) - ctx_.now);
  }
  refresh_attention(id);
  TaskSlot& gate = cw.slots[0];
  if (gate.task < 0) return;
  // The share of the state's work still to do is the share of its time still to run.
  const double left = move_time - ctx_.now;
  if (left + elapsed_days > 0.0) gate.hours_left *= static_cast<float>(std::clamp(left / (left + elapsed_days), 0.0, 1.0));
  cw.state_work_hours = gate.hours_left;
  if (ctx_.queue.is_pending(cases_[id].move_event)) deadline(id, cases_[id].move_time);
}

void Workload::deadline(std::uint32_t id, double when) {
  CaseWork& cw = work_[id];
  cw.slots[0].due = when;
  cw.move_waiting = cw.move_counted = false;
  if (cw.slots[0].hours_left <= kHoursDone) {
    double& completed_at = dates_[id].completed_at;
    completed_at = std::isnan(completed_at) ? ctx_.now : completed_at;
    return;
  }
  refresh_attention(id);
  serve_now(id, 0);
}

bool Workload::ready_to_leave(std::uint32_t id) {
  CaseWork& cw = work_[id];
  const Case& c = cases_[id];
  const double completed_at = dates_[id].completed_at;
  const bool done = cw.slots[0].hours_left <= kHoursDone && !(completed_at >= end_of_day(ctx_.now));
  if (!cw.move_counted) {
    const auto k = static_cast<double>(cw.children);
    ctx_.add_to_ratio(c_.moves_delayed[static_cast<std::size_t>(cw.slots[0].task)], done ? 0.0 : k, k);
    cw.move_counted = true;
  }
  if (done) return true;
  if (cw.slots[0].hours_left <= kHoursDone) {
    // Done later this week, as planned at its start.
    flow_.schedule_move(id, c.next_state, completed_at);
  } else {
    cw.move_waiting = true;
    flow_.hold_move(id);
  }
  return false;
}

const Interval& Workload::next_interval(const TaskSpec& task, const TaskSlot& slot, std::uint32_t id, std::uint32_t slot_index,
                                        double when) const {
  if (slot.done == 1 && task.second.set()) return task.second;
  // (The date the task was taken on is read only for a task whose interval changes.)
  if (task.later_from.set() && after(dates_[id].slot[slot_index].since, task.later_from) <= when) return task.later_every;
  return task.every;
}

// Work counts as falling due in the week its due date falls in, or when it is
// done if that is earlier (a visit done ahead, an assessment finished early),
// by the team of the worker who has the case.
void Workload::count_falling_due(TaskSlot& slot, double hours, std::uint32_t team_spec) {
  if (slot.counted) return;
  slot.counted = 1;
  add_hours(team_spec, hours, 0.0, 0.0);
}

void Workload::add_hours(std::uint32_t team_spec, double due, double available, double fte_months) {
  ctx_.add_to_ratio(c_.hours_per_fte, due, fte_months);
  ctx_.add_to_ratio(c_.hours_per_fte_by_team[team_spec], due, fte_months);
  ctx_.add_to_ratio(c_.utilisation, due, available);
  ctx_.add_to_ratio(c_.utilisation_by_team[team_spec], due, available);
}

void Workload::complete(std::uint32_t id, std::uint32_t slot_index, double when, std::uint32_t team_spec) {
  CaseWork& cw = work_[id];
  TaskSlot& slot = cw.slots[slot_index];
  count_falling_due(slot, asked_hours(id, slot_index), team_spec);
  slot.hours_left = 0.0f;
  if (slot_index == 0) {
    dates_[id].completed_at = when;
    refresh_attention(id);
    if (cw.move_waiting) {
      cw.move_waiting = false;
      flow_.schedule_move(id, cases_[id].next_state, when);
    }
    return;
  }
  const TaskSpec& task = cfg_.tasks[static_cast<std::size_t>(slot.task)];
  const auto k = static_cast<double>(cw.children);
  ctx_.add_to_ratio(c_.in_timescale[static_cast<std::size_t>(slot.task)], when < end_of_day(slot.due) ? k : 0.0, k);
  if (slot.done < 0x1fff) ++slot.done;
  slot.retrying = 0;  // its failed attempts are counted afresh next time (attempt)
  if (task.has_write_up()) {
    // Its write-up joins any still waiting; the record shows the oldest
    // occurrence not written up as the one due.
    CaseDates& dates = dates_[id];
    const double hours = write_up_hours(id, task);
    if (!slot.writing) {
      slot.writing = 1;
      dates.slot[slot_index].write_up_hours = 0.0;
      dates.slot[slot_index].write_up_since = when;
      dates.slot[slot_index].shown_due = slot.due;
    }
    dates.slot[slot_index].write_up_hours += hours;
    add_hours(team_spec, hours, 0.0, 0.0);  // falls due now
  }
  // Done by its due date, the schedule holds (the next is due an interval
  // after this one was due); done late, it restarts from the visit. (From the
  // visit itself, a week's plan done at the week's start would creep earlier
  // each time, and an unhurried worker visit weekly instead of fortnightly.)
  slot.due = after(std::max(when, slot.due), next_interval(task, slot, id, slot_index, when));
  slot.counted = 0;
  slot.hours_left = static_cast<float>(occurrence_hours(id, task));
  refresh_attention(id);
}

double Workload::write_up(std::uint32_t id, std::uint32_t slot_index, double can) {
  TaskSlot& slot = work_[id].slots[slot_index];
  if (!slot.writing) return 0.0;  // its visit was not done this week
  double& left = dates_[id].slot[slot_index].write_up_hours;
  const double spend = std::min(left, can);
  left -= spend;
  if (left <= kHoursDone) {
    slot.writing = 0;
    refresh_attention(id);
  }
  return spend;
}

void Workload::serve_now(std::uint32_t id, std::uint32_t slot_index) {
  const Case& c = cases_[id];
  if (c.worker < 0 || static_cast<std::size_t>(c.worker) >= week_.size() || ctx_.now >= week_end_) return;
  WorkerWeek& ww = week_[static_cast<std::size_t>(c.worker)];
  TaskSlot& slot = work_[id].slots[slot_index];
  // Urgent child protection work (priority 1) is started at once, whatever
  // else the week held: the base load gives way. Other work waits for hours
  // the week's plan left spare.
  const bool urgent = cfg_.tasks[static_cast<std::size_t>(slot.task)].priority == 1;
  if ((!urgent && ww.spare <= kHoursDone) || ww.pace <= 0.0) return;
  const Worker& worker = workforce_.worker(static_cast<std::uint32_t>(c.worker));
  if (worker.absent()) return;  // off sick since the week began
  const double begin = std::max(ctx_.now, ww.busy_until);
  const double in_week = ww.pace * (ww.until - begin);
  const double can = urgent ? in_week : std::min(ww.spare, in_week);
  if (can <= kHoursDone) return;
  const double spend = std::min(static_cast<double>(slot.hours_left), can);
  slot.hours_left = static_cast<float>(slot.hours_left - spend);
  ww.spare = std::max(0.0, ww.spare - spend);
  ww.busy_until = begin + spend / ww.pace;
  if (slot.hours_left > kHoursDone) return;
  complete(id, slot_index, ww.busy_until, workforce_.team(worker.team).spec);
  // A visit done at once is written up from the week's spare hours, if any.
  if (slot_index > 0 && slot.writing && ww.spare > kHoursDone) {
    const double room = ww.pace * (ww.until - ww.busy_until);
    const double spent = write_up(id, slot_index, std::min(ww.spare, room));
    ww.spare = std::max(0.0, ww.spare - spent);
    ww.busy_until += spent / ww.pace;
  }
}

void Workload::on_week() {
  const double start = ctx_.now;
  // Weeks are cut at month ends, so that a week's work counts in its month
  // and the month-end census sees every week's plan carried out.
  const double end = std::max(start + 1e-9, std::min(start + 7.0, ctx_.month_end_time()));
  week_end_ = end;
  if (end < ctx_.horizon) ctx_.queue.schedule(end, {EventKind::workload_week, 0});
  const double working_days = ctx_.calendar.working_days_between(start, end);
  week_.assign(workforce_.workers().size(), WorkerWeek{});
  if (work_.size() < cases_.all().size()) grow(cases_.all().size());
  for (const Team& team : workforce_.teams()) {
    if (!ctx_.scenario.workforce->teams[team.spec].holds_cases()) continue;
    const std::vector<std::uint32_t>& workers = team.workers;
    for (std::size_t k = 0; k < workers.size(); ++k) {
      // The next worker's glances are read at the start of their plan, one
      // per case and each a cache miss at a large authority's size: fetch
      // them while this worker's plan is made. Reaching them reads that
      // worker's record, which holds their list of cases, a miss too: the
      // record two workers ahead (issue 24, sessions 19 and 21).
      if (k + 2 < workers.size()) workforce_.prefetch_worker(workers[k + 2]);
      if (k + 1 < workers.size())
        for (const std::uint32_t id : workforce_.worker(workers[k + 1]).cases) __builtin_prefetch(&glance_[id]);
      plan_week(workers[k], start, end, working_days);
    }
  }
}

void Workload::plan_week(std::uint32_t worker_id, double start, double end, double working_days) {
  const Worker& w = workforce_.worker(worker_id);
  const auto& wf = *ctx_.scenario.workforce;
  const std::uint32_t spec = workforce_.team(w.team).spec;
  // Away at the start: the week's hours begin when the absence ends. Leave
  // starting during the week ends it then (leave is planned; sickness is not).
  double from = start;
  if (w.absent()) from = std::min(end, std::max(start, w.absent_until));
  const double until = std::max(from, std::min(end, w.holiday_from));
  const double present_days = from == start && until == end ? working_days : ctx_.calendar.working_days_between(from, until);
  const double hours_per_day = cfg_.hours_per_week / 5.0 * w.fte * cfg_.case_share(wf.grades[w.grade].newly_qualified);
  const double available = hours_per_day * present_days;

  // The tasks this week asks for: recurring ones due by its end or in the
  // first days of the next (overdue ones included), and the work that
  // completes a state, at the pace that would finish it by its due date (all
  // of it once due).
  candidates_.clear();
  double asked = 0.0, asked_before_base = 0.0, falling_due = 0.0, base_per_day = 0.0;
  const double week = end - start;
  // First the glances (and the base load), then the records of the cases
  // with work this week. The glance loop has no branch: whether a case needs
  // attention is unpredictable, and a mispredicted branch cost more than the
  // rest of the loop.
  if (attending_.size() < w.cases.size()) attending_.resize(w.cases.size());
  // An attention day (an integer) is before `end` exactly when it is before its ceiling.
  const auto end_day = static_cast<std::int64_t>(std::ceil(end));
  std::size_t attending = 0;
  for (const std::uint32_t id : w.cases) {
    const Glance glance = glance_[id];
    base_per_day += glance.base_per_day;
    attending_[attending] = id;
    attending += static_cast<std::size_t>(glance.attention_day < end_day);
  }
  constexpr std::size_t kFetchAhead = 4;  // records in flight while one is read
  for (std::size_t a = 0; a < std::min(attending, kFetchAhead); ++a) __builtin_prefetch(&work_[attending_[a]]);
  for (std::size_t a = 0; a < attending; ++a) {
    if (a + kFetchAhead < attending) __builtin_prefetch(&work_[attending_[a + kFetchAhead]]);
    const std::uint32_t id = attending_[a];
    CaseWork& cw = work_[id];
    for (std::uint32_t i = 0; i < cw.slots.size(); ++i) {
      TaskSlot& slot = cw.slots[i];
      if (slot.task < 0) continue;
      const TaskSpec& task = cfg_.tasks[static_cast<std::size_t>(slot.task)];
      const bool completes_state = i == 0;
      // A visit booked for a day after the worker's week (or after a failed
      // attempt, for its retry) waits for the week it falls in.
      const bool due = slot.hours_left > kHoursDone && (completes_state || slot.due < end + kLookAheadDays) &&
                       (completes_state || !task.has_attempt_date() || may_attempt_before(id, i, task, until));
      if (due) {
        const double hours = slot.hours_left;
        const double want = completes_state && slot.due > end ? hours * week / (slot.due - start) : hours;
        (task.priority < cfg_.base_load_priority ? asked_before_base : asked) += want;
        if (!slot.counted && slot.due < end) {  // counted here, in the week's own sum
          slot.counted = 1;
          falling_due += asked_hours(id, i);
        }
        candidates_.push_back({service_order(task.priority, slot.due, id, i), want, id, i});
        // Served after the sort, an occurrence done reads its dates, and a
        // visit's attempt the case's stream: fetch them now (at a large
        // authority's size each is a cache miss).
        __builtin_prefetch(&dates_[id].slot[i]);
        if (task.no_access_share > 0.0) __builtin_prefetch(&cases_[id].rng);
      }
      // The write-ups waiting, and this week's if its visit is planned: the
      // visit is served first (a smaller priority, or the same priority and
      // due date and a smaller slot number), so its write-up can follow.
      if (completes_state || !task.has_write_up() || !(due || slot.writing)) continue;
      const double want = (slot.writing ? dates_[id].slot[i].write_up_hours : 0.0) + (due ? write_up_hours(id, task) : 0.0);
      (task.write_up_priority < cfg_.base_load_priority ? asked_before_base : asked) += want;
      const double oldest = slot.writing ? dates_[id].slot[i].write_up_since : slot.due;
      candidates_.push_back({service_order(task.write_up_priority, oldest, id, i + kWriteUp), want, id, i + kWriteUp});
    }
  }
  const double base_present = base_per_day * present_days;
  // Tasks that come before the base load are done in full, as far as the
  // hours go. Overloaded, the base load and the other tasks share what is
  // left in proportion to what each asks. What the tasks leave is kept for
  // work arriving during the week (a new enquiry is started at once).
  const double first = std::min(available, asked_before_base);
  const double left = available - first;
  double budget = std::max(0.0, left - base_present);
  if (base_present + asked > left) budget = asked > 0.0 ? left * asked / (base_present + asked) : 0.0;
  budget += first;
  std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) { return a.order < b.order; });
  // Tasks come first in the week, at the pace of all the worker's hours (the
  // base load fills the rest of it): a visit due on Wednesday is not left to
  // Friday because the week's recording was spread across it.
  const double span = until - from;
  const double pace = span > 0.0 ? available / span : 0.0;
  WeekCursor cursor{from, until, pace, budget, 0.0, spec};
  double& used = cursor.used;
  for (const Candidate& candidate : candidates_) {
    if (budget - used <= kHoursDone || pace <= 0.0) break;
    if (candidate.slot >= kWriteUp) {
      used += write_up(candidate.case_id, candidate.slot - kWriteUp, std::min(candidate.want, budget - used));
      continue;
    }
    TaskSlot& slot = work_[candidate.case_id].slots[candidate.slot];
    const double spend = std::min(candidate.want, budget - used);
    slot.hours_left = static_cast<float>(slot.hours_left - spend);
    used += spend;
    if (slot.hours_left > kHoursDone) continue;
    const TaskSpec& task = cfg_.tasks[static_cast<std::size_t>(slot.task)];
    if (candidate.slot == 0 || !task.has_attempt_date())
      complete(candidate.case_id, candidate.slot, cursor.reached(), spec);
    else
      attempt(candidate.case_id, candidate.slot, std::max(cursor.reached(), earliest_attempt(candidate.case_id, candidate.slot, task)), spend,
              cursor);
  }
  week_[worker_id] = WorkerWeek{budget - used, pace > 0.0 ? cursor.reached() : until, pace, until};

  add_hours(spec, base_per_day * working_days + falling_due, available, w.fte * working_days / kWorkingDaysPerMonth);
}

double Workload::booked_day(double due) const {
  // Back over closed days (at most nine in a row, Christmas to New Year),
  // not before the calendar's first day; 14 days back at most.
  const auto day = static_cast<std::int64_t>(std::floor(due));
  if (day <= 0) return static_cast<double>(day);
  return static_cast<double>(std::max({ctx_.calendar.last_working_day(day), day - 14, std::int64_t{0}}));
}

bool Workload::may_attempt_before(std::uint32_t id, std::uint32_t slot_index, const TaskSpec& task, double until) const {
  const TaskSlot& slot = work_[id].slots[slot_index];
  if (slot.retrying && !(dates_[id].retry_from[slot_index] < until)) return false;
  // Booked on or before its due date: only a visit due after `until` needs its day worked out.
  return !task.on_due_date || slot.due < until || booked_day(slot.due) < until;
}

double Workload::earliest_attempt(std::uint32_t id, std::uint32_t slot_index, const TaskSpec& task) const {
  const TaskSlot& slot = work_[id].slots[slot_index];
  double earliest = -std::numeric_limits<double>::infinity();
  if (task.on_due_date) earliest = booked_day(slot.due);
  if (slot.retrying) earliest = std::max(earliest, dates_[id].retry_from[slot_index]);
  return earliest;
}

bool Workload::no_access(std::uint32_t id, std::uint32_t slot_index, const TaskSpec& task, std::uint32_t attempt) const {
  if (task.no_access_share <= 0.0) return false;
  // The case's next draw, read from a copy of its stream (so not taken),
  // mixed with the task, the occurrence and the attempt: the case is where
  // it was in every scenario up to its next draw, so the k-th visit of a
  // child finds no access in all of them alike.
  CaseRandom probe = cases_[id].rng;
  const TaskSlot& slot = work_[id].slots[slot_index];
  std::uint64_t key = probe() ^ 0xA5F0C3E1B2D49687ULL ^ (static_cast<std::uint64_t>(static_cast<std::uint16_t>(slot.task)) << 48) ^
                      (static_cast<std::uint64_t>(slot.done) << 24) ^ attempt;
  return static_cast<double>(splitmix64(key) >> 11) * 0x1.0p-53 < task.no_access_share;
}

void Workload::attempt(std::uint32_t id, std::uint32_t slot_index, double when, double spent, WeekCursor& week) {
  TaskSlot& slot = work_[id].slots[slot_index];
  const TaskSpec& task = cfg_.tasks[static_cast<std::size_t>(slot.task)];
  CaseDates& dates = dates_[id];
  // The count is this occurrence's only while it is being retried (a
  // completed or closed one leaves its count behind).
  std::uint32_t& failed = dates.failed_attempts[slot_index];
  if (!slot.retrying) failed = 0;
  while (no_access(id, slot_index, task, failed)) {
    // The journey is spent; the rest of the visit's hours go back to the
    // week, as far as this week paid for them (a visit begun in an earlier
    // week spent those weeks' hours), and the visit is still to do.
    ++failed;
    const double hours = occurrence_hours(id, task), journey = journey_hours(id, task);
    const double lost = journey + (hours - journey) * task.no_access_hours_share;
    week.used = std::max(0.0, week.used - std::min(spent, hours - lost));
    add_hours(week.team_spec, lost, 0.0, 0.0);  // work that fell due now, on top of the visit's
    slot.hours_left = static_cast<float>(hours);
    slot.retrying = 1;
    dates.retry_from[slot_index] = after(when, task.retry_after);
    refresh_attention(id);
    if (!(dates.retry_from[slot_index] < week.until) || week.pace <= 0.0) return;
    // Tried again this week, as far as the hours go (else in a later week).
    spent = std::min(hours, week.budget - week.used);
    slot.hours_left = static_cast<float>(hours - spent);
    week.used += spent;
    if (slot.hours_left > kHoursDone) return;
    when = std::max(week.reached(), dates.retry_from[slot_index]);
  }
  complete(id, slot_index, when, week.team_spec);
}

void Workload::record_month_end(std::size_t month) {
  auto& table = ctx_.result.table;
  std::vector<double> overdue(cfg_.tasks.size(), 0.0);
  const auto& cases = cases_.all();
  // A visit past due means attention was due before now; a closed case has none.
  for (std::size_t id = 0; id < work_.size() && id < cases.size(); ++id) {
    if (!(static_cast<double>(glance_[id].attention_day) < ctx_.now)) continue;
    const CaseWork& cw = work_[id];
    // Overdue as the record shows it: not done, or done and not yet written up.
    // (The case's record, a cache miss, is read last: most slots are not overdue.)
    for (std::size_t i = 1; i < cw.slots.size(); ++i)
      if (cw.slots[i].task >= 0 &&
          (cw.slots[i].due < ctx_.now || (cw.slots[i].writing && dates_[id].slot[i].shown_due < ctx_.now)) &&
          cases[id].state != kOutside)
        overdue[static_cast<std::size_t>(cw.slots[i].task)] += static_cast<double>(cw.children);
  }
  for (std::size_t t = 0; t < overdue.size(); ++t)
    if (c_.overdue[t] != kOutside) table.at(month, c_.overdue[t]) = overdue[t];
}

}  // namespace caseflow::model
