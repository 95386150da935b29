#include "caseflow/model/workload_config.h"

#include <algorithm>

#include "caseflow/model/scenario_schema.h"
#include "caseflow/model/workforce_config.h"
#include "scenario_readers.h"

namespace caseflow {

namespace {
using namespace detail;

//! `{value: 10, unit: working_days}`: a fixed length of time (a task's
//! first, second, every, later_from or later_every: all have these keys).
Interval read_interval(const ConfigNode& node) {
  if (!node.is_map()) node.fail("expected a length of time such as {value: 10, unit: working_days}");
  node.allow_only(scenario_keys("workload.tasks.*.first"));
  Interval interval;
  interval.value = node.number_in("value", 1e-9, 36500.0, "a length greater than 0");
  interval.unit = read_unit(node.at("unit"));
  return interval;
}

Interval interval_or_unset(const ConfigNode& task, std::string_view key) {
  const auto node = task.find(key);
  return node ? read_interval(*node) : Interval{};
}

TaskSpec read_task(const std::string& name, const ConfigNode& node, const Scenario& scenario) {
  if (!node.is_map()) node.fail("expected a task: a map with states, hours, priority, and either completes_state: true or first and every");
  node.allow_only(scenario_keys("workload.tasks.*"));
  TaskSpec task;
  task.name = name;
  const ConfigNode states = node.at("states");
  if (!states.is_sequence() || states.size() == 0) states.fail("expected a list of pathway states, e.g. [cp]");
  for (const auto& s : states.elements()) {
    const std::uint32_t index = state_index(scenario.pathway, s);
    if (scenario.pathway.states[index].is_exit()) s.fail("an exit state holds no case, so no task");
    task.states.push_back(index);
  }
  task.hours = node.number_in("hours", 0.0, 1000.0, "hours of work per occurrence, from 0 to 1,000");
  task.priority = static_cast<std::uint32_t>(node.number_in("priority", 1, 9, "a whole number from 1 (done first) to 9"));
  if (static_cast<double>(task.priority) != node.number("priority")) node.at("priority").fail("expected a whole number from 1 to 9");
  task.completes_state = node.boolean_or("completes_state", false);
  if (task.completes_state) {
    if (node.has("travels"))
      node.at("travels").fail("work that completes a state is not done at a placement: only a recurring task (a visit) travels");
    for (const char* key : {"first", "second", "every", "later_from", "later_every", "write_up_hours", "write_up_priority", "on_due_date",
                            "no_access"})
      if (node.has(key)) node.at(key).fail("a task that completes its state is due when the case's move is; it has no schedule");
    return task;
  }
  if (task.hours <= 0.0) node.at("hours").fail("a recurring task needs hours greater than 0 (a visit of no hours is never done, so it would be overdue for ever)");
  task.first = read_interval(node.at("first"));
  task.every = read_interval(node.at("every"));
  task.second = interval_or_unset(node, "second");
  task.later_from = interval_or_unset(node, "later_from");
  task.later_every = interval_or_unset(node, "later_every");
  if (task.later_from.set() != task.later_every.set())
    node.fail("later_from and later_every go together: the interval changes to later_every once the task has run later_from");
  if (node.has("write_up_hours"))
    task.write_up_hours = node.number_in("write_up_hours", 0.0, 1000.0, "hours of writing up per occurrence, from 0 to 1,000");
  if (node.has("write_up_priority")) {
    if (!task.has_write_up()) node.at("write_up_priority").fail("a write-up's priority needs write_up_hours greater than 0");
    task.write_up_priority = static_cast<std::uint32_t>(node.number_in("write_up_priority", 1, 9, "a whole number from 1 (done first) to 9"));
    if (static_cast<double>(task.write_up_priority) != node.number("write_up_priority"))
      node.at("write_up_priority").fail("expected a whole number from 1 to 9");
  }
  task.on_due_date = node.boolean_or("on_due_date", false);
  task.travels = node.boolean_or("travels", false);
  if (const auto no_access = node.find("no_access")) {
    if (!no_access->is_map())
      no_access->fail("expected {share: 0.1, retry_after: {value: 2, unit: working_days}, hours_share: 0.3}");
    no_access->allow_only(scenario_keys("workload.tasks.*.no_access"));
    task.no_access_share = no_access->number_in("share", 0.0, 1.0, "a share of attempts from 0 to 1 (1 would never see the child)");
    if (task.no_access_share >= 1.0) no_access->at("share").fail("a share below 1: with 1 every attempt fails and the task is never done");
    task.retry_after = read_interval(no_access->at("retry_after"));
    if (no_access->has("hours_share"))
      task.no_access_hours_share = no_access->number_in("hours_share", 0.0, 1.0, "a share of the occurrence's hours from 0 to 1");
  }
  return task;
}

}  // namespace

WorkloadConfig parse_workload(const ConfigNode* node_ptr, const Scenario& scenario) {
  WorkloadConfig w;
  const auto state_count = scenario.pathway.states.size();
  w.recurring_of_state.assign(state_count, {});
  w.completing_of_state.assign(state_count, -1);
  if (!node_ptr) return w;
  const ConfigNode& node = *node_ptr;
  if (!scenario.workforce->enabled) node.fail("a workload needs social workers to do it: add a workforce section");
  node.allow_only(scenario_keys("workload"));
  w.enabled = true;
  w.hours_per_week = node.number_in("hours_per_week", 1.0, 80.0, "contracted hours a week for a full-time worker, 1 to 80");
  const char* share_rule = "a share of contracted hours from 0 to 1";
  w.leave_share = node.number_in("leave_share", 0.0, 1.0, share_rule);
  if (w.leave_share > 0.0 && scenario.workforce->annual_leave_days_per_year > 0.0)
    node.at("leave_share").fail("annual leave is already taken in blocks (workforce.annual_leave.days_per_year), when the worker has no hours; "
                                "set leave_share to 0, or workforce.annual_leave.days_per_year to 0 to spread leave over every week instead");
  w.training_share = node.number_in("training_share", 0.0, 1.0, share_rule);
  w.supervision_share = node.number_in("supervision_share", 0.0, 1.0, share_rule);
  w.non_case_share = node.number_in("non_case_share", 0.0, 1.0, share_rule);
  w.newly_qualified_development_share = node.number_in("newly_qualified_development_share", 0.0, 1.0, share_rule);
  if (w.case_share(true) <= 0.0)
    node.fail("leave, training, supervision, non-case and development shares add up to 1 or more: no hours are left for cases");
  {
    const ConfigNode base = node.at("base_hours_per_child_month");
    if (!base.is_map()) base.fail("expected hours a month per child by category, e.g. {assessment: 2, cin: 4, cp: 6, lac: 4}");
    for (const auto& name : base.keys()) {
      const ConfigNode value = base.at(name);
      w.base_hours_per_child_month[static_cast<std::size_t>(held_category(name, value))] =
          value.as_double_in(0.0, 1000.0, "hours a month per child, 0 to 1,000");
    }
  }
  if (node.has("sibling_share"))
    w.sibling_share = node.number_in("sibling_share", 0.0, 1.0, "a share of a task's hours from 0 to 1");
  else
    node.record_default("sibling_share", config_scalar(w.sibling_share));

  if (node.has("base_load_priority")) {
    w.base_load_priority = static_cast<std::uint32_t>(
        node.number_in("base_load_priority", 1, 10, "a whole number from 1 (every task shares the hours with the base load) to 10 (every task comes first)"));
    if (static_cast<double>(w.base_load_priority) != node.number("base_load_priority"))
      node.at("base_load_priority").fail("expected a whole number from 1 to 10");
  } else {
    node.record_default("base_load_priority", config_scalar(static_cast<double>(w.base_load_priority)));
  }

  if (const auto travel = node.find("travel")) {
    if (!travel->is_map()) travel->fail("expected {distances: [{share: 0.6, hours: 0}, {share: 0.4, hours: 2}]}");
    travel->allow_only(scenario_keys("workload.travel"));
    const ConfigNode distances = travel->at("distances");
    if (!distances.is_sequence() || distances.size() == 0)
      distances.fail("expected a list of distance bands, each {share: a share of cases, hours: the journey there and back}");
    if (distances.size() > 100) distances.fail("at most 100 distance bands");
    double total = 0.0;
    for (const auto& band : distances.elements()) {
      if (!band.is_map()) band.fail("expected {share: 0.26, hours: 1}: a share of cases and the journey's hours there and back");
      band.allow_only(scenario_keys("workload.travel.distances.*"));
      TravelBand b;
      b.share = band.number_in("share", 0.0, 1.0, "a share of cases from 0 to 1");
      b.hours = band.number_in("hours", 0.0, 100.0, "hours of the journey there and back, from 0 to 100");
      total += b.share;
      w.travel.push_back(b);
    }
    require_sum_of_one(distances, total, "the bands' shares");
    for (TravelBand& band : w.travel) band.share /= total;  // parts of their total: within 1e-6 of it
  }

  if (const auto tasks = node.find("tasks")) {
    if (!tasks->is_map()) tasks->fail("expected a map of tasks by name, e.g. cp_visits: {states: [cp], ...}");
    if (tasks->size() > 1000) tasks->fail("at most 1,000 tasks");
    for (const auto& name : tasks->keys()) {
      const ConfigNode task_node = tasks->at(name);
      TaskSpec task = read_task(name, task_node, scenario);
      if (task.travels && w.travel.empty())
        task_node.at("travels").fail("a task that travels needs workload.travel: the distances its children live at");
      if (task.has_write_up() && task.write_up_priority == 0) task.write_up_priority = w.base_load_priority;
      const auto index = static_cast<std::uint32_t>(w.tasks.size());
      for (const std::uint32_t s : task.states) {
        const std::string& state = scenario.pathway.states[s].name;
        if (scenario.workforce->team_of_state[s] < 0)
          task_node.at("states").fail("no team holds state '" + state + "', so nobody would do this task");
        if (task.completes_state) {
          if (w.completing_of_state[s] >= 0)
            task_node.fail("state '" + state + "' already has a task that completes it: " +
                           w.tasks[static_cast<std::size_t>(w.completing_of_state[s])].name);
          w.completing_of_state[s] = static_cast<std::int32_t>(index);
        } else {
          if (w.recurring_of_state[s].size() >= kMaxRecurringTasksPerState)
            task_node.fail("state '" + state + "' already has " + std::to_string(kMaxRecurringTasksPerState) +
                           " recurring tasks, the most a case can carry");
          w.recurring_of_state[s].push_back(index);
        }
      }
      w.tasks.push_back(task);
    }
  }
  return w;
}

}  // namespace caseflow
