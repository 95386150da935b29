// The `workforce` section's keys (schema_sections.h): what parse_workforce
// accepts, with what each means.
#include "schema_sections.h"

namespace caseflow::detail {

using namespace schema;

namespace {

Value grade_name(const std::string& description) { return text(description + " (a grade of workforce.grades)"); }

Value grades() {
  return map_of(
      "the grades of social worker, by name (e.g. asye, social_worker, senior, agency)",
      nullable(object("a grade (empty: a permanent grade with the team's cap)",
                      {optional("caseload_cap", number("the grade's own caseload cap in children", 1, 1000)),
                       optional("agency", flag("locums: they cover vacancies and are not recruited to")),
                       optional("newly_qualified", flag("newly qualified (ASYE) workers")),
                       optional("progresses_to", grade_name("the grade these workers move to")),
                       optional("after_months", number("months before they progress", 0.1, 600))})));
}

Value teams() {
  const Value by_grade = map_of("workers by grade", integer("a number of workers", 0, 100000));
  return map_of("the teams, by name",
                object("a team",
                       {required("holds", list_of("the states whose children the team allocates ([] for a team that holds no cases)",
                                                  state_name("a state"))),
                        optional("caseload_cap", number("the team's caseload cap in children per FTE (required when it holds states)", 1, 1000)),
                        optional("per_locality", flag("one such team in each locality")),
                        required("workers", by_grade),
                        optional("vacancies", map_of("vacant posts by grade at the start", integer("a number of posts", 0, 100000))),
                        required("managers", number("team managers", 0, 10000)),
                        optional("supervised_outside", flag("supervised by managers the scenario does not model (not counted, not priced)"))}));
}

Value allocation() {
  return object(
      "how cases are allocated to workers",
      {optional("when_full", word("queue (wait unallocated) or over_cap (allocate above the cap)", {"queue", "over_cap"})),
       optional("balance", word("share_of_cap (least loaded relative to the worker's cap) or caseload", {"share_of_cap", "caseload"})),
       optional("intake", word("team (the least loaded of the team) or manager_groups (each manager's group in turn)",
                               {"team", "manager_groups"})),
       optional("continuity", flag("a case keeps its worker while the team holds it")),
       optional("clock_waits_for_allocation", flag("the time in a state starts only once a worker is allocated")),
       optional("weights", map_of("case weights by category or state name (states override categories)",
                                  number("a case weight", 0, 100))),
       optional("queue_priority", list_of("the order queues are served (default [cp, lac, cin, assessment])",
                                          word("a category", held_category_words()))),
       optional("report_caseloads_over", number("report the share of workers with more children than this", 0, 1000))});
}

Value turnover() {
  return object(
      "permanent staff leaving, and locums' stays",
      {optional("annual_rate", number("leavers per worker-year (0.12 is 12% a year)", 0, 5)),
       optional("observed_at", object("the overload at which annual_rate was observed",
                                      {required("excess", number("the workers' mean excess over their caps", 0, 100)),
                                       required("unsupervised", number("the share beyond the managers' span", 0, 1))})),
       optional("feedback", feedback_word("how overload and missing supervision raise turnover")),
       optional("caseload_elasticity", number("turnover x (1 + this x the excess over the cap)", 0, 100)),
       optional("supervision_elasticity", number("turnover x (1 + this x the share beyond the span)", 0, 100)),
       optional("agency_tenure", length("how long a locum stays"))});
}

Value sickness() {
  return object("short and long-term sickness absence",
                {optional("short_days_per_fte_month", number("short sickness days a month per FTE", 0, 20)),
                 optional("short_episode", length("the length of a short absence")),
                 optional("long_term_per_fte_year", number("long-term absences a year per FTE", 0, 10)),
                 optional("long_term_duration", length("the length of a long-term absence")),
                 optional("long_term_cases", word("reallocate the absentee's cases, or leave them covered", {"reallocate", "covered"}))});
}

Value recruitment() {
  return object(
      "filling vacancies: campaigns, newly qualified hires, locums, a bank",
      {optional("time_to_hire", length("one campaign, advert to start date")),
       optional("success_rate", number("the share of campaigns that appoint", 1e-3, 1)),
       optional("drives", list_of("dated changes of time_to_hire and success_rate",
                                  object("a recruitment drive",
                                         {required("from", date("when the drive starts")),
                                          optional("time_to_hire", length("one campaign, advert to start date")),
                                          optional("success_rate", number("the share of campaigns that appoint", 1e-3, 1))}))),
       optional("newly_qualified_share", number("the share of hires newly qualified", 0, 1)),
       optional("newly_qualified_grade", grade_name("the grade newly qualified hires join")),
       optional("qualified_grade", grade_name("the posts newly qualified hires fill")),
       optional("agency_lag", length("the time before a locum covers a vacancy")),
       optional("agency_share_cap", number("locums as a share of funded posts, for new engagements", 0, 1)),
       optional("bank", number("over-recruited staff who fill a vacancy at once", 0, 10000))});
}

Value establishment() {
  return list_of("dated changes of posts and managers",
                 object("an establishment change: {from, team, grade, posts, fill}, {from, team, managers} or {from, locality_managers}",
                        {required("from", date("when the change takes effect")),
                         optional("team", text("the team whose establishment changes")),
                         optional("grade", grade_name("the grade of the posts")),
                         optional("posts", integer("posts added (negative: removed)")),
                         optional("managers", integer("team managers added (negative: removed)")),
                         optional("locality_managers", integer("locality managers added (negative: removed)")),
                         optional("fill", word("permanent, or locum_first (locums at once while recruiting)", {"permanent", "locum_first"}))}));
}

Value practice_drift() {
  return object("time in a state drawn longer when the worker is over their cap",
                {optional("duration_elasticity", number("duration x (1 + this x the excess over the cap)", 0, 100)),
                 optional("feedback", feedback_word("the drift")),
                 optional("categories", list_of("the categories it applies to (default all)", word("a category", held_category_words()))),
                 optional("observed_at", object("the overload at which the durations were fitted",
                                                {required("excess", number("the workers' mean excess over their caps", 0, 100))}))});
}

Value permanence_hazard() {
  return object("changes of social worker delaying looked-after children's permanence",
                {optional("feedback", feedback_word("the hazard ratio")),
                 optional("hazard_ratio", number("the hazard ratio per change of worker (1: no effect)", 0.05, 1)),
                 required("to", list_of("the exits from care that are permanence, e.g. [adoption, sgo]", state_name("an exit"))),
                 optional("observed_at", object("the rate of changes the durations were observed at",
                                                {required("changes_per_year", number("changes of worker a year per child", 0, 50))}))});
}

}  // namespace

Value workforce_section() {
  return object(
      "the social workers: grades, teams, allocation, turnover, absence and recruitment",
      {optional("localities", map_of("each locality's share of the children (summing to 1)", number("a share", 0, 1))),
       required("grades", grades()),
       required("teams", teams()),
       optional("supervision", object("managers' spans", {required("span_limit", number("workers per manager", 1, 100)),
                                                          optional("excess", word("what happens to workers beyond the span",
                                                                                  {"undeployable", "reduced_supervision"}))})),
       optional("management", object("managers above the teams",
                                     {optional("locality_managers", number("locality managers", 0, 10000)),
                                      optional("business_support_per_post", number("business support staff per social worker post", 0, 10))})),
       optional("working_hours", object("part-time permanent staff",
                                        {optional("part_time_share", number("the share of permanent staff part-time", 0, 1)),
                                         optional("part_time_fte", number("the fraction of full time they work", 0.05, 1))})),
       optional("allocation", allocation()),
       optional("turnover", turnover()),
       optional("sickness", sickness()),
       optional("annual_leave", object("annual leave taken in blocks",
                                       {required("days_per_year", number("working days of leave a year", 0, 100)),
                                        optional("block", length("the length of one block of leave"))})),
       optional("recruitment", recruitment()),
       optional("establishment", establishment()),
       optional("practice_drift", practice_drift()),
       optional("permanence_hazard", permanence_hazard())});
}

}  // namespace caseflow::detail
