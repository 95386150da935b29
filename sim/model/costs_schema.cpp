// The `workload` and `costs` sections' keys (schema_sections.h): what
// parse_workload and parse_costs accept, with what each means.
#include "schema_sections.h"

#include <utility>

namespace caseflow::detail {

using namespace schema;

namespace {

constexpr double kMaxMoney = 1e12;

Value money(const std::string& description) { return number(description + " (pounds, 0 or more)", 0, kMaxMoney); }

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
       optional("write_up_priority", integer("the write-up's priority, 1 to 9 (default: the base load's)", 1, 9))});
}

Value inflation(const std::string& description) {
  return object(description,
                {required("mode", word("financial_year (each 1 April), anniversary (of the start), continuous or none",
                                       {"none", "financial_year", "anniversary", "continuous"})),
                 required("rate_per_year", number("a yearly rate (0.02 for 2%)", -0.5, 1))});
}

Value pay(const std::string& description) {
  return object(description + ": a pay rate a year per FTE",
                {required("salary", money("a yearly salary per FTE")),
                 required("on_costs", number("a share of salary (0.28 for 28%)", 0, 2)),
                 optional("overheads", money("overheads a year per FTE")),
                 optional("market_supplement", money("a market supplement a year per FTE"))});
}

Value cover(const std::string& description) {
  return object(description + ": {premium} or {day_rate, paid_days_per_year}",
                {optional("premium", number("a share over the cost of the grade covered (0.5 for 50% more)", -0.5, 5)),
                 optional("day_rate", money("a day rate")),
                 optional("paid_days_per_year", number("days paid a year per FTE", 1, 366))});
}

Value staff() {
  return object(
      "staff unit costs (needs a workforce)",
      {required("grades", map_of("a pay rate for every grade that is not agency", pay("a grade's pay"))),
       required("agency", cover("locums, priced over the grade of the post they cover")),
       optional("bank", cover("bank staff")),
       required("team_manager", pay("a team manager")),
       optional("locality_manager", pay("a locality manager")),
       optional("business_support", pay("business support")),
       optional("recruitment_per_hire", money("a cost per permanent appointment")),
       optional("new_posts", object("the cost of each post an establishment change adds",
                                    {optional("one_off", money("a one-off cost per post added")),
                                     optional("recurrent_per_year", money("a yearly cost per post added"))})),
       optional("pay_uplift", inflation("pay rises"))});
}

Value mix(const std::string& description) {
  const Value shares = map_of("a share for each placement type (summing to 1)", number("a share", 0, 1));
  // The bands first, so that `mix.*` (schema::at) is a band.
  return any_of(description,
                {list_of("age bands, the last covering every age left",
                         object("an age band", {optional("below_age", number("the band's upper age (not the last band)", 0, 30)),
                                                required("shares", shares)})),
                 shares});
}

Value placements() {
  return object(
      "placements of looked-after children: types, mix, moves and shifts",
      {required("types", map_of("the placement types, by name",
                                object("a placement type", {required("weekly", money("a weekly cost per child")),
                                                            optional("ssda903", list_of("its SSDA903 placement codes", text("a code")))}))),
       required("mix", mix("the types of children entering care")),
       optional("opening_mix", mix("the types of children in care at the start")),
       optional("moves_per_year", number("moves to another placement type a year per child", 0, 12)),
       optional("shifts", list_of("places of one type replacing another, in equal monthly steps",
                                  object("a shift", {required("name", text("its name")),
                                                     required("from_type", text("the placement type replaced")),
                                                     required("to_type", text("the placement type made")),
                                                     required("placements", number("placements shifted", 0, 1e6)),
                                                     required("from", date("when the shift starts")),
                                                     required("until", date("when it is complete"))}))),
       optional("inflation", inflation("placement price rises"))});
}

Value allowances() {
  return list_of(
      "allowances paid after leaving care (adoption, sgo, cao)",
      object("an allowance: years, until_age or both",
             {required("name", text("the cost line's name: letters, digits and _")),
              required("exit", state_name("the exit after which it is paid")),
              required("share", number("the share of children leaving that way who receive it", 0, 1)),
              required("weekly", money("a weekly allowance")),
              optional("years", number("years it is paid", 0, 100)),
              optional("until_age", number("the age it stops", 0, 30)),
              optional("opening_recipients", number("children receiving it at the start", 0, 1e6))}));
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
       optional("tasks", map_of("the tasks, by name", task()))});
}

Value costs_section() {
  return object(
      "what it all costs: staff, placements, allowances, per-entry costs and declared lines (docs/costs.md)",
      {optional("staff", staff()),
       optional("placements", placements()),
       optional("allowances", allowances()),
       optional("per_entry", list_of("a cost for each child entering a state",
                                     object("a cost per entry", {required("name", text("the cost line's name: letters, digits and _")),
                                                                 required("state", state_name("the state entered")),
                                                                 required("cost", money("a cost per child entering"))}))),
       optional("declared", list_of("lines a business case adds: {name, annual, from, until} or {name, one_off, from}",
                                    object("a declared line", {required("name", text("the cost line's name: letters, digits and _")),
                                                               optional("annual", number("an amount a year", -kMaxMoney, kMaxMoney)),
                                                               optional("one_off", number("an amount", -kMaxMoney, kMaxMoney)),
                                                               required("from", date("when it starts (a one-off: when it falls)")),
                                                               optional("until", date("when an annual line ends"))})))});
}

}  // namespace caseflow::detail
