// The `workload` section's keys (schema_sections.h): what parse_workload
// accepts, with what each means.
#include "schema_sections.h"

#include <utility>

namespace caseflow::detail {

using namespace schema;

namespace {

Value interval(const std::string& description) {
  return object(description + ", e.g. {value: 10, unit: working_days}",
                {required("value", number("the length", 1e-9, 36500)), required("unit", word("its unit", time_unit_words()))});
}

Value task() {
  return object(
      "a task: completes_state: true, or a schedule of first and every",
      {required("states", list_of("the states whose cases need it", state_name("a state"))),
       required("hours", number("hours of work per occurrence", 0, 1000)),
       required("priority", integer("1 (done first) to 9", 1, 9)),
       optional("completes_state", flag("work a case cannot leave the state without")),
       optional("first", interval("the first, after the case takes the task on")),
       optional("second", interval("the second, after the first")),
       optional("every", interval("the interval after that")),
       optional("later_from", interval("from when the interval changes to later_every")),
       optional("later_every", interval("the interval from later_from on")),
       optional("write_up_hours", number("hours of writing up each occurrence; until written, the record shows it as not done", 0, 1000)),
       optional("write_up_priority", integer("the write-up's priority, 1 to 9 (default: the base load's)", 1, 9)),
       optional("on_due_date", flag("booked for its due date (the last working day on or before it), not done as early as the hours allow")),
       optional("no_access",
                object("attempts that do not see the child on the day, for reasons that are not the worker's hours",
                       {required("share", number("the share of attempts", 0, 1)),
                        required("retry_after", interval("when it is tried again after a failed attempt")),
                        optional("hours_share", number("the share of the occurrence's hours, besides its journey, a failed attempt costs (default 0)", 0, 1))})),
       optional("travels", flag("done where the child lives: each occurrence adds the case's journey (workload.travel)"))});
}

//! workload.base_hours_per_child_month: a key for each category workers hold.
Value base_hours_by_category() {
  std::vector<Key> keys;
  for (const auto& category : held_category_words())
    keys.push_back(optional(category, number("hours a month per child", 0, 1000)));
  return object("hours a month per child held, by category, for work that is not a dated task", std::move(keys));
}

}  // namespace

Value workload_section() {
  const std::string share = "a share of contracted hours";
  return object(
      "capacity in hours: what workers have, and what children ask of them (needs a workforce)",
      {required("hours_per_week", number("contracted hours a week of a full-time worker", 1, 80)),
       required("leave_share", number(share + " for leave (0 with workforce.annual_leave)", 0, 1)),
       required("training_share", number(share + " for training", 0, 1)),
       required("supervision_share", number(share + " for supervision", 0, 1)),
       required("non_case_share", number(share + " for work that is not case work", 0, 1)),
       required("newly_qualified_development_share", number("a further share protected for newly qualified workers", 0, 1)),
       required("base_hours_per_child_month", base_hours_by_category()),
       optional("sibling_share", number("each further child in a family adds this share of a task's hours", 0, 1)),
       optional("base_load_priority", integer("the base load's place among the tasks' priorities", 1, 10)),
       optional("travel", object("where children visited where they live are (SCIE's third element of effort: travel)",
                                 {required("distances", list_of("bands of distance; the shares sum to 1",
                                                                object("a band", {required("share", number("the share of cases living there", 0, 1)),
                                                                                  required("hours", number("the journey's hours there and back", 0, 100))})))})),
       optional("tasks", map_of("the tasks, by name", task()))});
}

}  // namespace caseflow::detail
