// The scenario file's own sections (scenario, simulation, calendar, demand,
// children, pathway, warm_start, reporting, policies) and the root that joins
// them with workforce, workload and costs (schema_sections.h).
#include "caseflow/model/scenario_schema.h"

#include "caseflow/model/scenario.h"
#include "schema_sections.h"

namespace caseflow {

using namespace schema;

namespace detail {

std::vector<std::string> category_words() {
  std::vector<std::string> words;
  for (Category c : {Category::front_door, Category::assessment, Category::cin, Category::cp, Category::lac,
                     Category::leaving_care, Category::exit})
    words.emplace_back(category_name(c));
  return words;
}

std::vector<std::string> held_category_words() {
  std::vector<std::string> words;
  for (Category c : {Category::assessment, Category::cin, Category::cp, Category::lac, Category::leaving_care})
    words.emplace_back(category_name(c));
  return words;
}

Value feedback_word(const std::string& what) {
  return word("the evidence's low, central or high value of " + what + " (docs/calibration.md)", {"low", "central", "high"});
}

std::vector<std::string> time_unit_words() {
  std::vector<std::string> units;
  for (TimeUnit unit : {TimeUnit::days, TimeUnit::working_days, TimeUnit::weeks, TimeUnit::months, TimeUnit::years})
    units.emplace_back(time_unit_name(unit));
  return units;
}

const Value& timed_distribution() {
  static const Value value = distribution(
      "a drawn length of time", {optional("unit", word("the unit of the distribution's values (default days)", time_unit_words()))});
  return value;
}

const Value& until_age() {
  static const Value value =
      object("until a given age", {required("until_age", number("the age in years the state lasts until", 0, 150))});
  return value;
}

Value duration(const std::string& description) { return any_of(description, {timed_distribution(), until_age()}); }

Value length(const std::string& description) {
  Value value = timed_distribution();
  value.description = description;
  return value;
}

Value state_name(const std::string& description) { return text(description + " (a state of pathway.states)"); }

}  // namespace detail

namespace {
using namespace detail;

Value scenario_section() {
  return object("what the scenario is and when it starts",
                {required("name", text("the scenario's name: no comma, quote, slash or newline (the results go in `results/<name>/`)")),
                 optional("description", text("what the scenario is, in a sentence")),
                 required("start_date", date("the date of the opening position, YYYY-MM-DD (1978 to 2200)"))});
}

Value simulation_section() {
  return object("how long and how often to simulate",
                {optional("years", number("years to project (default 5)", 1.0 / 12.0, 200)),
                 optional("replications", integer("replications, each a different draw of the same scenario (default 100)", 1, 1e9)),
                 optional("seed", integer("the master random seed (default 1)", 0, 9e15)),
                 optional("stream_set", integer("scenarios with the same seed and stream set share random numbers (default 0)", 0, 9e15))});
}

Value calendar_section() {
  return object("the days offices are closed, for working-day durations and timescales",
                {optional("bank_holidays",
                          any_of("the bank holidays (default england-and-wales)",
                                 {word("england-and-wales (computed for any year) or none", {"england-and-wales", "none"}),
                                  list_of("the bank holidays, as dates", date("a closed day"))})),
                 optional("extra_closed_days", list_of("further days the offices are closed", date("a closed day"))),
                 optional("weekend", list_of("the weekend's ISO weekdays (default [6, 7])", integer("1 (Monday) to 7 (Sunday)", 1, 7)))});
}

Value demand_section() {
  return object(
      "the children referred: contacts, their growth and season, where they come from",
      {required("contacts_per_year", number("contacts (children) a year at the start", 0, 1e8)),
       optional("growth_per_year", number("yearly growth of contacts (0.03 is 3% a year)", -0.9, 10)),
       optional("seasonality", list_of("12 monthly multipliers, January to December", number("a multiplier", 0, 12), 12)),
       optional("referring_agencies", map_of("each agency's share of contacts (summing to 1)", number("a share", 0, 1))),
       optional("levers",
                list_of("from a date, divert a share of contacts to a state (e.g. early help)",
                        object("a demand lever",
                               {required("name", text("the lever's name")),
                                required("from", date("when it starts")),
                                optional("until", date("when it ends (default: never)")),
                                required("share", number("the share of contacts diverted", 0, 1)),
                                optional("agencies", list_of("only contacts from these agencies (default all)",
                                                             text("an agency of demand.referring_agencies"))),
                                required("to", state_name("where the diverted contacts go"))})))});
}

Value children_section() {
  return object(
      "the children: ages, families, adulthood and re-referral",
      {optional("entry_age_years", distribution("the age in years of a child at referral")),
       optional("family_size", distribution("children referred together, who move together (each size >= 1)")),
       optional("adulthood_age", number("the age children leave the children's pathway (default 18)", 0, 150)),
       optional("re_referral",
                object("children referred again after an eligible closure (an exit with re_referral: true)",
                       {required("probability", number("the probability of a re-referral", 0, 1)),
                        required("delay", duration("the time from closure to the re-referral")),
                        optional("window_days", number("re-referrals within this many days are counted as such", 0, 3650)),
                        optional("feedback", feedback_word("how the closing worker's overload raises the probability")),
                        optional("elasticity", number("probability x (1 + elasticity x the closing worker's excess)", 0, 100)),
                        optional("observed_at",
                                 object("the overload at which the probability was observed",
                                        {required("excess", number("the closing workers' mean excess over their caps", 0, 100))}))}))});
}

Value pathway_section() {
  const Value transition =
      object("a move to another state",
             {required("to", state_name("the state moved to")),
              required("probability", number("the probability of this move (a state's moves sum to 1)", 0, 1)),
              optional("duration", duration("the time before this move (default: the state's duration)"))});
  const Value state = object(
      "a state of the pathway",
      {optional("label", text("the name shown in outputs (default: the key)")),
       required("category", word("what kind of state it is", category_words())),
       optional("duration", duration("the time in the state, for transitions that give none")),
       optional("transitions", list_of("the moves out of the state (every state but an exit needs them)", transition)),
       optional("split_siblings", flag("siblings go on separately from here")),
       optional("at_adulthood", state_name("where a child goes at adulthood: an exit or a leaving_care state (default closure)")),
       optional("re_referral", flag("an exit after which a child may be referred again (children.re_referral)"))});
  return object("the states children move through and the moves between them",
                {required("entry", state_name("where contacts arrive")),
                 required("referral", state_name("the state counted as a referral")),
                 required("assessment", state_name("the state counted as an assessment")),
                 required("states", map_of("the states, by name", state))});
}

Value warm_start_section() {
  return object("the children open at the start",
                {optional("open_by_state", map_of("children open at the start, by state", integer("a number of children", 0, 1e7))),
                 optional("cases_csv", text("a case-level extract, state,children,days_in_state,ages (relative to this file)")),
                 optional("re_referrals_pending", integer("children closed before the start who will be re-referred", 0, 1e7))});
}

Value reporting_section() {
  return object(
      "what is reported besides the standard metrics",
      {optional("timescales",
                list_of("statutory timescales: the share of children moving within a limit",
                        object("a timescale",
                               {required("name", text("its name in the metrics")),
                                required("from_entering", state_name("the clock starts when a child enters")),
                                required("to_leaving", state_name("and stops when the child leaves")),
                                required("limit_working_days", number("the limit in working days", 0, 10000))})))});
}

Value policies_section() {
  return list_of(
      "changes from a date during a run: each {from, set} or {from, until, ramp}",
      object("a policy",
             {optional("name", text("what the policy is")),
              required("from", date("the month start the change takes effect")),
              optional("until", date("with ramp: the month start the ramp reaches its second value")),
              optional("set", map_of("key paths and their values from `from`, e.g. demand.contacts_per_year: 26000",
                                     anything("the value"))),
              optional("ramp", map_of("key paths moving month by month from the first value to the second",
                                      list_of("[value at from, value at until]", number("a value"), 2)))}));
}

Value root() {
  return object("a caseflow scenario",
                {optional("extends", text("a scenario file this one builds on, relative to this file")),
                 required("scenario", scenario_section()),
                 optional("simulation", simulation_section()),
                 optional("calendar", calendar_section()),
                 required("demand", demand_section()),
                 optional("children", children_section()),
                 required("pathway", pathway_section()),
                 optional("warm_start", warm_start_section()),
                 optional("reporting", reporting_section()),
                 optional("workforce", workforce_section()),
                 optional("workload", workload_section()),
                 optional("costs", costs_section()),
                 optional("policies", policies_section())});
}

}  // namespace

const Value& scenario_schema() {
  static const Value schema = root();
  return schema;
}

std::vector<std::string> scenario_keys(std::string_view path) { return keys_at(scenario_schema(), path); }

}  // namespace caseflow
