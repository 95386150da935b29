// The `costs` section's keys (schema_sections.h): what parse_costs accepts,
// with what each means.
#include "schema_sections.h"

#include <utility>

namespace caseflow::detail {

using namespace schema;

namespace {

constexpr double kMaxMoney = 1e12;

Value money(const std::string& description) { return number(description + " (pounds, 0 or more)", 0, kMaxMoney); }

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

}  // namespace

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
