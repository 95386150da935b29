#include "caseflow/model/scenario.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "caseflow/engine/csv.h"
#include "caseflow/model/pathway.h"
#include "caseflow/model/policies.h"
#include "caseflow/model/workforce.h"
#include "caseflow/model/workload_config.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/scenario_schema.h"
#include "scenario_readers.h"
#include "schema_sections.h"

namespace caseflow {

const char* category_name(Category category) {
  switch (category) {
    case Category::front_door: return "front_door";
    case Category::assessment: return "assessment";
    case Category::cin: return "cin";
    case Category::cp: return "cp";
    case Category::lac: return "lac";
    case Category::leaving_care: return "leaving_care";
    case Category::exit: return "exit";
  }
  return "?";
}

const char* time_unit_name(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::days: return "days";
    case TimeUnit::working_days: return "working_days";
    case TimeUnit::weeks: return "weeks";
    case TimeUnit::months: return "months";
    case TimeUnit::years: return "years";
  }
  return "?";
}

double DurationSpec::mean_days() const {
  return kind == Kind::until_age ? 0.0 : distribution.mean() * days_per_unit(unit);
}

std::optional<std::uint32_t> Pathway::find(const std::string& name) const {
  for (std::uint32_t i = 0; i < states.size(); ++i)
    if (states[i].name == name) return i;
  return std::nullopt;
}

std::size_t Pathway::exit_count() const {
  return static_cast<std::size_t>(std::count_if(states.begin(), states.end(), [](const State& s) { return s.is_exit(); }));
}

double Scenario::horizon_days() const { return WorkingCalendar(start_date, 0.0, {}).month_start(months()); }

int Scenario::months() const { return static_cast<int>(std::lround(simulation.years * 12.0)); }

namespace detail {

void require_sum_of_one(const ConfigNode& node, double total, const std::string& what) {
  if (std::fabs(total - 1.0) <= 1e-6) return;
  std::ostringstream message;
  message << what << " sum to " << std::setprecision(9) << total << ", expected 1";
  node.fail(message.str());
}

Date read_date(const ConfigNode& node) {
  try {
    return parse_date(node.as_string());
  } catch (const std::invalid_argument&) {
    node.fail("expected a date as YYYY-MM-DD, got '" + node.as_string() + "'");
  }
}

TimeUnit read_unit(const ConfigNode& node) {
  const std::string text = node.as_string();
  for (TimeUnit unit : {TimeUnit::days, TimeUnit::working_days, TimeUnit::weeks, TimeUnit::months, TimeUnit::years})
    if (text == time_unit_name(unit)) return unit;
  node.fail("unknown time unit '" + text + "'; expected days, working_days, weeks, months or years");
}

Category read_category(const ConfigNode& node) {
  const std::string text = node.as_string();
  for (Category c : {Category::front_door, Category::assessment, Category::cin, Category::cp, Category::lac,
                     Category::leaving_care, Category::exit})
    if (text == category_name(c)) return c;
  node.fail("unknown category '" + text + "'; expected front_door, assessment, cin, cp, lac, leaving_care or exit");
}

Category held_category(const std::string& name, const ConfigNode& where) {
  for (const Category c : {Category::assessment, Category::cin, Category::cp, Category::lac, Category::leaving_care})
    if (name == category_name(c)) return c;
  where.fail("'" + name + "' is not a category social workers hold: expected assessment, cin, cp, lac or leaving_care");
}

double feedback_preset(const ConfigNode& node, const std::array<double, 3>& low_central_high) {
  const std::string v = node.as_string();
  const char* names[] = {"low", "central", "high"};
  for (std::size_t i = 0; i < 3; ++i)
    if (v == names[i]) return low_central_high[i];
  node.fail("expected low, central or high (the evidence's values " + config_scalar(low_central_high[0]).Scalar() + ", " +
            config_scalar(low_central_high[1]).Scalar() + " or " + config_scalar(low_central_high[2]).Scalar() + ", docs/calibration.md), got '" + v + "'");
}

DurationSpec read_duration(const ConfigNode& node) {
  DurationSpec spec;
  if (!node.is_map()) node.fail("expected a duration such as {dist: lognormal, mean: 30, sd: 10, unit: days}");
  if (node.has("until_age")) {
    node.allow_only(schema::keys_of(until_age()));
    spec.kind = DurationSpec::Kind::until_age;
    spec.age_years = node.number_in("until_age", 0.0, 150.0, "an age in years between 0 and 150");
    return spec;
  }
  spec.distribution = parse_distribution(node, schema::keys_of(timed_distribution()));
  if (const auto unit = node.find("unit")) spec.unit = read_unit(*unit);
  node.record_default("unit", config_scalar(time_unit_name(spec.unit)));
  return spec;
}

std::uint32_t state_index(const Pathway& pathway, const ConfigNode& node) {
  const std::string name = node.as_string();
  if (const auto index = pathway.find(name)) return *index;
  std::string known;
  for (const auto& state : pathway.states) known += (known.empty() ? "" : ", ") + state.name;
  node.fail("no state named '" + name + "' in pathway.states (states: " + known + ")");
}

double day_of(const Scenario& scenario, const Date& date) {
  return static_cast<double>((std::chrono::sys_days(date) - std::chrono::sys_days(scenario.start_date)).count());
}

YAML::Node distribution_yaml(const Distribution& distribution) {
  YAML::Node out(YAML::NodeType::Map);
  const auto& p = distribution.params();
  if (const auto* d = std::get_if<Distribution::Fixed>(&p)) {
    out["dist"] = config_scalar("fixed");
    out["value"] = config_scalar(d->value);
  } else if (const auto* e = std::get_if<Distribution::Exponential>(&p)) {
    out["dist"] = config_scalar("exponential");
    out["mean"] = config_scalar(e->mean);
  } else if (const auto* t = std::get_if<Distribution::Triangular>(&p)) {
    out["dist"] = config_scalar("triangular");
    out["min"] = config_scalar(t->min);
    out["mode"] = config_scalar(t->mode);
    out["max"] = config_scalar(t->max);
  } else if (const auto* u = std::get_if<Distribution::Uniform>(&p)) {
    out["dist"] = config_scalar("uniform");
    out["min"] = config_scalar(u->min);
    out["max"] = config_scalar(u->max);
  } else {
    return YAML::Node();  // no default is lognormal, gamma, discrete or a histogram
  }
  out.SetStyle(YAML::EmitterStyle::Flow);
  return out;
}

YAML::Node duration_yaml(const DurationSpec& duration) {
  if (duration.kind == DurationSpec::Kind::until_age) {
    YAML::Node out(YAML::NodeType::Map);
    out["until_age"] = config_scalar(duration.age_years);
    out.SetStyle(YAML::EmitterStyle::Flow);
    return out;
  }
  YAML::Node out = distribution_yaml(duration.distribution);
  if (!out.IsNull()) out["unit"] = config_scalar(time_unit_name(duration.unit));
  return out;
}

void record_section_defaults(const ConfigNode& parent, std::string_view section,
                             const std::vector<std::pair<std::string, YAML::Node>>& defaults) {
  if (const auto node = parent.find(section)) {
    for (const auto& [key, value] : defaults) node->record_default(key, value);
    return;
  }
  YAML::Node map(YAML::NodeType::Map);
  for (const auto& [key, value] : defaults)
    if (value.IsDefined() && !value.IsNull()) map[key] = value;
  parent.record_default(section, map);
}

}  // namespace detail

namespace {
using namespace detail;

void read_calendar(const ConfigNode& root, Scenario& scenario) {
  const auto node = root.find("calendar");
  const int first_year = static_cast<int>(scenario.start_date.year()) - 1;
  const int last_year = first_year + static_cast<int>(std::ceil(scenario.simulation.years)) + 3;
  YAML::Node weekend_days(YAML::NodeType::Sequence);
  for (unsigned day : scenario.weekend) weekend_days.push_back(config_scalar(static_cast<double>(day)));
  weekend_days.SetStyle(YAML::EmitterStyle::Flow);
  // An absent calendar and bank_holidays are England and Wales's; sorting
  // them changes nothing (they are sorted, and the calendar sorts again).
  record_section_defaults(root, "calendar", {{"bank_holidays", config_scalar("england-and-wales")}, {"weekend", weekend_days}});
  if (!node) {
    scenario.closed_days = england_and_wales_bank_holidays(first_year, last_year);
    return;
  }
  node->allow_only(scenario_keys("calendar"));
  if (const auto holidays = node->find("bank_holidays")) {
    if (holidays->is_scalar()) {
      const std::string name = holidays->as_string();
      if (name == "england-and-wales") {
        scenario.closed_days = england_and_wales_bank_holidays(first_year, last_year);
      } else if (name != "none") {
        holidays->fail("expected 'england-and-wales', 'none' or a list of dates, got '" + name + "'");
      }
    } else {
      for (const auto& day : holidays->elements()) scenario.closed_days.push_back(read_date(day));
    }
  } else {
    scenario.closed_days = england_and_wales_bank_holidays(first_year, last_year);
  }
  if (const auto extra = node->find("extra_closed_days"))
    for (const auto& day : extra->elements()) scenario.closed_days.push_back(read_date(day));
  std::sort(scenario.closed_days.begin(), scenario.closed_days.end());
  scenario.closed_days.erase(std::unique(scenario.closed_days.begin(), scenario.closed_days.end()),
                             scenario.closed_days.end());
  if (const auto weekend = node->find("weekend")) {
    scenario.weekend.clear();
    for (const auto& day : weekend->elements())
      scenario.weekend.push_back(static_cast<unsigned>(day.as_double_in(1, 7, "an ISO weekday, 1 (Monday) to 7 (Sunday)")));
    if (scenario.weekend.size() >= 7) weekend->fail("every day of the week is a weekend day: nothing could be worked");
  }
}

void read_pathway(const ConfigNode& node, Scenario& scenario) {
  node.allow_only(scenario_keys("pathway"));
  Pathway& pathway = scenario.pathway;
  const ConfigNode states = node.at("states");
  const auto names = states.keys();
  if (names.empty()) states.fail("the pathway has no states");
  // First pass: names, so transitions can refer to states defined later.
  for (const auto& name : names) {
    State state;
    state.name = name;
    pathway.states.push_back(std::move(state));
  }
  pathway.entry = state_index(pathway, node.at("entry"));
  pathway.referral = state_index(pathway, node.at("referral"));
  pathway.assessment = state_index(pathway, node.at("assessment"));

  for (std::uint32_t s = 0; s < names.size(); ++s) {
    const ConfigNode state_node = states.at(names[s]);
    State& state = pathway.states[s];
    state_node.allow_only(scenario_keys("pathway.states.*"));
    state.label = state_node.string_or("label", names[s]);
    state.category = read_category(state_node.at("category"));
    if (state.is_exit()) {
      for (const char* key : {"duration", "transitions", "split_siblings", "at_adulthood"})
        if (state_node.has(key)) state_node.at(key).fail("exit states end the journey, so they take no '" + std::string(key) + "'");
      state.re_referral_eligible = state_node.boolean_or("re_referral", false);
      continue;
    }
    if (state_node.has("re_referral")) state_node.at("re_referral").fail("only exit states can lead to a re-referral");
    std::optional<DurationSpec> default_duration;
    if (const auto d = state_node.find("duration")) default_duration = read_duration(*d);
    const ConfigNode transitions = state_node.at("transitions");
    for (const auto& t : transitions.elements()) {
      t.allow_only(scenario_keys("pathway.states.*.transitions.*"));
      Transition transition;
      transition.to = state_index(pathway, t.at("to"));
      if (transition.to == s) t.at("to").fail("a state cannot move to itself; lengthen its duration instead");
      transition.probability = t.number_in("probability", 0.0, 1.0, "a probability between 0 and 1");
      if (const auto d = t.find("duration")) {
        transition.duration = read_duration(*d);
      } else if (default_duration) {
        transition.duration = *default_duration;
      } else {
        t.fail("no duration: give the transition a duration, or the state a default duration");
      }
      state.transitions.push_back(std::move(transition));
    }
    state.split_siblings = state_node.boolean_or("split_siblings", false);
    // Whether it names an exit is checked below, once every category is known.
    const auto adult = state_node.find("at_adulthood");
    state.adulthood_exit = adult ? state_index(pathway, *adult) : UINT32_MAX;
  }
  // Defaults and checks that need every state's category.
  std::optional<std::uint32_t> default_adult_exit_index;
  if (const auto closure = pathway.find("closure"); closure && pathway.states[*closure].is_exit())
    default_adult_exit_index = closure;
  for (std::uint32_t s = 0; s < names.size(); ++s) {
    State& state = pathway.states[s];
    if (state.is_exit()) continue;
    const ConfigNode state_node = states.at(names[s]);
    if (state.holds_adults()) {
      if (state_node.has("at_adulthood")) state_node.at("at_adulthood").fail("care leavers are adults already: no 'at_adulthood' here");
      continue;
    }
    if (state.adulthood_exit == UINT32_MAX) {
      if (!default_adult_exit_index)
        state_node.fail("no 'at_adulthood' exit, and the pathway has no exit state named 'closure' to use by default");
      state.adulthood_exit = *default_adult_exit_index;
      state_node.record_default("at_adulthood", config_scalar(pathway.states[state.adulthood_exit].name));
    } else if (!pathway.states[state.adulthood_exit].is_exit() && !pathway.states[state.adulthood_exit].holds_adults()) {
      state_node.at("at_adulthood").fail("must name an exit state (category: exit) or a care leavers' state (category: leaving_care)");
    }
  }
  if (pathway.states[pathway.entry].is_exit()) node.at("entry").fail("the entry state cannot be an exit");
  if (pathway.states[pathway.referral].is_exit()) node.at("referral").fail("the referral state cannot be an exit");
}

void read_demand(const ConfigNode& node, Scenario& scenario) {
  node.allow_only(scenario_keys("demand"));
  Demand& demand = scenario.demand;
  demand.contacts_per_year = node.number_in("contacts_per_year", 0.0, 1e8, "a yearly count between 0 and 100,000,000");
  if (const auto g = node.find("growth_per_year"))
    demand.growth_per_year = g->as_double_in(-0.9, 10.0, "a yearly growth rate between -0.9 and 10 (0.03 is 3% a year)");
  node.record_default("growth_per_year", config_scalar(demand.growth_per_year));
  demand.seasonality.fill(1.0);
  if (const auto season = node.find("seasonality")) {
    if (!season->is_sequence() || season->size() != 12)
      season->fail("expected 12 monthly multipliers, January to December");
    double total = 0.0;
    for (std::size_t m = 0; m < 12; ++m) {
      demand.seasonality[m] = season->at(m).as_double_in(0.0, 12.0, "a multiplier between 0 and 12");
      total += demand.seasonality[m];
    }
    if (total <= 0) season->fail("the multipliers are all zero");
    // Normalise so contacts_per_year stays the yearly volume.
    for (auto& m : demand.seasonality) m *= 12.0 / total;
  } else {
    // Twelve ones normalise to ones: the same as none.
    YAML::Node flat(YAML::NodeType::Sequence);
    for (double m : demand.seasonality) flat.push_back(config_scalar(m));
    flat.SetStyle(YAML::EmitterStyle::Flow);
    node.record_default("seasonality", flat);
  }
  if (const auto agencies = node.find("referring_agencies")) {
    double total = 0.0;
    for (const auto& name : agencies->keys()) {
      const double share = agencies->number_in(name, 0.0, 1.0, "a share between 0 and 1");
      demand.agencies.push_back({name, share});
      total += share;
    }
    require_sum_of_one(*agencies, total, "agency shares");
  } else {
    demand.agencies.push_back({"all", 1.0});
    YAML::Node all(YAML::NodeType::Map);
    all["all"] = config_scalar(1.0);
    all.SetStyle(YAML::EmitterStyle::Flow);
    node.record_default("referring_agencies", all);
  }
  if (const auto levers = node.find("levers")) {
    for (const auto& l : levers->elements()) {
      l.allow_only(scenario_keys("demand.levers.*"));
      DemandLever lever;
      lever.name = l.string("name");
      lever.from_day = day_of(scenario, read_date(l.at("from")));
      if (const auto until = l.find("until")) {
        lever.until_day = day_of(scenario, read_date(*until));
        if (lever.until_day <= lever.from_day) until->fail("must be after 'from'");
      }
      lever.share = l.number_in("share", 0.0, 1.0, "a share of contacts between 0 and 1");
      lever.to = state_index(scenario.pathway, l.at("to"));
      if (const auto names = l.find("agencies")) {
        for (const auto& a : names->elements()) {
          const std::string name = a.as_string();
          const auto it = std::find_if(demand.agencies.begin(), demand.agencies.end(),
                                       [&](const ReferringAgency& r) { return r.name == name; });
          if (it == demand.agencies.end()) a.fail("no referring agency named '" + name + "' in demand.referring_agencies");
          lever.agencies.push_back(static_cast<std::uint32_t>(it - demand.agencies.begin()));
        }
      }
      demand.levers.push_back(std::move(lever));
    }
  }
}

//! The oldest entry age a distribution can draw (0 when unbounded).
double oldest_entry_age(const Distribution& ages) {
  if (const auto* h = std::get_if<Distribution::Histogram>(&ages.params())) return h->edges.back();
  if (const auto* u = std::get_if<Distribution::Uniform>(&ages.params())) return u->max;
  return 0.0;
}

//! The defaults of `children` (the whole section when it is absent).
void record_children_defaults(const ConfigNode& root, const Children& children) {
  // The default entry ages are not checked against the adulthood age; written
  // out they would be, so they are left out when they reach beyond it.
  const YAML::Node ages = oldest_entry_age(children.entry_age_years) <= children.adulthood_age
                              ? distribution_yaml(children.entry_age_years)
                              : YAML::Node();
  record_section_defaults(root, "children",
                          {{"adulthood_age", config_scalar(children.adulthood_age)},
                           {"entry_age_years", ages},
                           {"family_size", distribution_yaml(children.family_size)}});
  if (const auto c = root.find("children"))
    if (const auto rr = c->find("re_referral")) {
      rr->record_default("window_days", config_scalar(children.re_referral_window_days));
      rr->record_default("elasticity", config_scalar(children.re_referral_elasticity));
    }
}

void read_children(const ConfigNode& node, Scenario& scenario) {
  node.allow_only(scenario_keys("children"));
  Children& children = scenario.children;
  if (const auto n = node.find("adulthood_age"))
    children.adulthood_age = n->as_double_in(1.0, 150.0, "an age in years between 1 and 150");
  if (const auto n = node.find("entry_age_years")) {
    children.entry_age_years = parse_distribution(*n);
    // Entry ages at or past adulthood would leave on arrival.
    if (oldest_entry_age(children.entry_age_years) > children.adulthood_age) n->fail("entry ages reach beyond the adulthood age");
  }
  if (const auto n = node.find("family_size")) {
    children.family_size = parse_distribution(*n);
    if (children.family_size.min() < 1.0) n->fail("a family has at least one child: every size must be >= 1");
  }
  if (const auto rr = node.find("re_referral")) {
    rr->allow_only(scenario_keys("children.re_referral"));
    children.re_referral_probability = rr->number_in("probability", 0.0, 1.0, "a probability between 0 and 1");
    children.re_referral_delay = read_duration(rr->at("delay"));
    if (children.re_referral_delay.kind == DurationSpec::Kind::until_age) rr->at("delay").fail("a re-referral delay cannot be 'until_age'");
    if (const auto w = rr->find("window_days")) children.re_referral_window_days = w->as_double_in(0.0, 3650.0, "between 0 and 3650 days");
    // The closing worker's overload (capacity-evidence §5); a number given wins over the preset.
    if (const auto f = rr->find("feedback")) children.re_referral_elasticity = feedback_preset(*f, {0.0, 0.15, 0.45});
    if (rr->has("elasticity")) children.re_referral_elasticity = rr->number_in("elasticity", 0, 100, "from 0 to 100");
    if (const auto o = rr->find("observed_at")) {
      if (!o->is_map()) o->fail("expected {excess: the closing workers' mean excess over their caps when the probability was observed}");
      o->allow_only(scenario_keys("children.re_referral.observed_at"));
      children.re_referral_observed_excess = o->number_in("excess", 0, 100, "the closing workers' mean excess over their caps, e.g. 0.3 (30% over)");
    }
  }
}

void read_warm_start(const ConfigNode& node, Scenario& scenario, const FileReader& read_file) {
  node.allow_only(scenario_keys("warm_start"));
  if (const auto pending = node.find("re_referrals_pending")) {
    const double n = pending->as_double_in(0.0, 1e7, "a number of children between 0 and 10,000,000");
    if (n != std::floor(n)) pending->fail("expected a whole number of children");
    if (n > 0 && scenario.children.re_referral_probability <= 0)
      pending->fail("needs children.re_referral (with a delay) to say when they come back");
    scenario.warm_start.re_referrals_pending = n;
  }
  if (const auto open = node.find("open_by_state")) {
    for (const auto& name : open->keys()) {
      const ConfigNode count = open->at(name);
      const auto found = scenario.pathway.find(name);
      if (!found) count.fail("no state named '" + name + "' in pathway.states");
      const std::uint32_t s = *found;
      if (scenario.pathway.states[s].is_exit()) count.fail("children cannot be open in an exit state");
      const double n = count.as_double_in(0.0, 1e7, "a number of children between 0 and 10,000,000");
      if (n != std::floor(n)) count.fail("expected a whole number of children");
      scenario.warm_start.open_by_state.emplace_back(s, n);
    }
  }
  if (const auto csv = node.find("cases_csv")) {
    if (scenario.warm_start.open_by_state.size()) csv->fail("give either open_by_state or cases_csv, not both");
    scenario.warm_start.cases_csv = csv->as_string();
    if (!read_file) csv->fail("case-level extracts can only be read from a scenario file");
    std::string text;
    try {
      text = read_file(scenario.warm_start.cases_csv);
    } catch (const std::exception& e) {
      csv->fail(e.what());
    }
    scenario.warm_start.cases =
        parse_initial_cases_csv(text, scenario.warm_start.cases_csv, scenario.pathway, scenario.children.adulthood_age);
  }
}

void read_reporting(const ConfigNode& node, Scenario& scenario) {
  node.allow_only(scenario_keys("reporting"));
  if (const auto list = node.find("timescales")) {
    for (const auto& t : list->elements()) {
      if (scenario.timescales.size() == kMaxTimescales)
        t.fail("at most " + std::to_string(kMaxTimescales) + " timescales can be reported in one scenario");
      t.allow_only(scenario_keys("reporting.timescales.*"));
      Timescale timescale;
      timescale.name = t.string("name");
      timescale.from_state = state_index(scenario.pathway, t.at("from_entering"));
      timescale.to_state = state_index(scenario.pathway, t.at("to_leaving"));
      if (scenario.pathway.states[timescale.to_state].is_exit()) t.at("to_leaving").fail("children never leave an exit state");
      timescale.limit_working_days = t.number_in("limit_working_days", 0.0, 10000.0, "between 0 and 10,000 working days");
      for (const auto& other : scenario.timescales)
        if (other.name == timescale.name) t.at("name").fail("a timescale named '" + timescale.name + "' already exists");
      scenario.timescales.push_back(std::move(timescale));
    }
  }
}

}  // namespace

namespace {
Scenario parse_checked(const std::string& yaml_text, const std::string& file_name,
                       const std::vector<std::string>& overrides, const FileReader& read_file, bool with_policies);
}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& file_name,
                        const std::vector<std::string>& overrides, const FileReader& read_file) {
  try {
    return parse_checked(yaml_text, file_name, overrides, read_file, true);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use; this is the net for any that is not.
    throw ConfigError(file_name, "", e.mark.is_null() ? 0 : e.mark.line + 1, "unexpected YAML structure: " + e.msg);
  }
}

namespace {
Scenario parse_checked(const std::string& yaml_text, const std::string& file_name,
                       const std::vector<std::string>& overrides, const FileReader& read_file, bool with_policies) {
  const ConfigNode root = ConfigNode::parse(yaml_text, file_name, overrides, read_file);
  if (!root.is_map()) root.fail("expected a scenario: a map with keys scenario, simulation, demand, children, pathway, ...");
  root.allow_only(scenario_keys(""));

  Scenario scenario;
  const ConfigNode meta = root.at("scenario");
  meta.allow_only(scenario_keys("scenario"));
  scenario.name = meta.string("name");
  if (scenario.name.empty() || scenario.name.find_first_of(",\"\n/\\") != std::string::npos)
    meta.at("name").fail("a scenario name must be non-empty and contain no comma, quote, slash or newline");
  scenario.description = meta.string_or("description", "");
  scenario.start_date = read_date(meta.at("start_date"));

  if (const auto sim = root.find("simulation")) {
    sim->allow_only(scenario_keys("simulation"));
    scenario.simulation.years = sim->number_in("years", 1.0 / 12.0, 200.0, "between one month (0.0834) and 200 years");
    if (const auto r = sim->find("replications"))
      scenario.simulation.replications = static_cast<std::uint64_t>(r->as_double_in(1, 1e9, "at least 1"));
    if (const auto s = sim->find("seed")) scenario.simulation.seed = static_cast<std::uint64_t>(s->as_double_in(0, 9.0e15, "a whole number from 0"));
    if (const auto s = sim->find("stream_set")) scenario.simulation.stream_set = static_cast<std::uint64_t>(s->as_double_in(0, 9.0e15, "a whole number from 0"));
    if (scenario.months() < 1) sim->at("years").fail("the horizon must be at least one month");
  }
  {
    const SimulationSettings& settings = scenario.simulation;
    record_section_defaults(root, "simulation",
                            {{"years", config_scalar(settings.years)},
                             {"replications", config_scalar(static_cast<double>(settings.replications))},
                             {"seed", config_scalar(static_cast<double>(settings.seed))},
                             {"stream_set", config_scalar(static_cast<double>(settings.stream_set))}});
  }
  {
    // The calendar's own limits (bank-holiday rules from 1978) as a clear error.
    const int year = static_cast<int>(scenario.start_date.year());
    if (year < 1978 || year > 2200)
      meta.at("start_date").fail("must be between 1978 and 2200 (England and Wales bank-holiday rules), got " +
                                 format_date(scenario.start_date));
  }
  read_calendar(root, scenario);
  if (const auto c = root.find("children")) read_children(*c, scenario);
  record_children_defaults(root, scenario.children);
  read_pathway(root.at("pathway"), scenario);
  read_demand(root.at("demand"), scenario);
  if (const auto w = root.find("warm_start")) {
    read_warm_start(*w, scenario, read_file);
    w->record_default("re_referrals_pending", config_scalar(scenario.warm_start.re_referrals_pending));
  }
  if (const auto r = root.find("reporting")) read_reporting(*r, scenario);
  const auto workforce = root.find("workforce");
  scenario.workforce = std::make_shared<const WorkforceConfig>(parse_workforce(workforce ? &*workforce : nullptr, scenario));
  if (workforce) record_workforce_defaults(*workforce, *scenario.workforce);
  // The re-referral feedback reads the closing worker's caseload: without
  // social workers it would be silently ignored.
  if (!workforce && scenario.children.re_referral_elasticity > 0)
    for (const char* key : {"feedback", "elasticity"})
      if (const auto f = root.at("children").at("re_referral").find(key))
        f->fail("needs a workforce section: the feedback reads the caseload of the worker who closes the case");
  const auto workload = root.find("workload");
  scenario.workload = std::make_shared<const WorkloadConfig>(parse_workload(workload ? &*workload : nullptr, scenario));
  const auto costs = root.find("costs");
  scenario.costs = std::make_shared<const CostsConfig>(parse_costs(costs ? &*costs : nullptr, scenario));

  // Lever targets are also ways into the pathway.
  std::vector<std::uint32_t> extra_starts;
  for (const auto& lever : scenario.demand.levers) extra_starts.push_back(lever.to);
  for (const auto& [state, count] : scenario.warm_start.open_by_state) extra_starts.push_back(state);
  for (const auto& c : scenario.warm_start.cases) extra_starts.push_back(c.state);
  const auto problems = check_pathway(scenario.pathway, extra_starts);
  if (!problems.empty()) {
    const ConfigNode states = root.at("pathway").at("states");
    const auto& first = problems.front();
    std::string message = first.message;
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more pathway problems)";
    const ConfigNode state = states.at(scenario.pathway.states[first.state].name);
    // Probabilities that do not sum to 1 are a fault of the transitions list,
    // named where it was written (perhaps in a file that extends this one).
    const auto& transitions = scenario.pathway.states[first.state].transitions;
    double total = 0.0;
    for (const auto& t : transitions) total += t.probability;
    if (!transitions.empty() && std::fabs(total - 1.0) > 1e-6 && state.has("transitions")) state.at("transitions").fail(message);
    state.fail(message);
  }
  if (const auto policies = root.find("policies"); policies && with_policies) {
    const ScenarioReparser reparse = [&](const std::vector<std::string>& changes) {
      std::vector<std::string> all = overrides;
      all.insert(all.end(), changes.begin(), changes.end());
      return parse_checked(yaml_text, file_name, all, read_file, false);
    };
    scenario.policy_epochs = read_policies(*policies, scenario, reparse);
  }
  return scenario;
}
}  // namespace

std::vector<InitialCase> parse_initial_cases_csv(const std::string& text, const std::string& file_name,
                                                 const Pathway& pathway, double adulthood_age) {
  static const std::vector<std::string> kHeader{"state", "children", "days_in_state", "ages"};
  std::vector<InitialCase> cases;
  int line_number = 0;
  auto fail = [&](const std::string& column, const std::string& message) {
    throw ConfigError(file_name, column, line_number, message);
  };
  bool header_seen = false;
  for (const CsvRecord& record : read_csv(text, file_name, '#')) {
    const std::vector<std::string>& fields = record.fields;
    line_number = record.line;
    if (!header_seen) {
      if (fields != kHeader) fail("", "expected the header 'state,children,days_in_state,ages'");
      header_seen = true;
      continue;
    }
    if (fields.size() != 4) {
      std::string found;
      for (const auto& f : fields) found += (found.empty() ? "'" : ", '") + f + "'";
      fail("", "expected 4 columns (state,children,days_in_state,ages), got " + std::to_string(fields.size()) + ": " + found);
    }
    InitialCase c;
    const auto state = pathway.find(fields[0]);
    if (!state) fail("state", "no state named '" + fields[0] + "' in the pathway");
    if (pathway.states[*state].is_exit()) fail("state", "'" + fields[0] + "' is an exit: no child is open there");
    c.state = *state;
    auto number = [&](const std::string& column, const std::string& value) {
      std::size_t used = 0;
      double x = 0;
      try {
        x = std::stod(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != value.size() || !std::isfinite(x) || x < 0)
        fail(column, "expected a number >= 0, got '" + value + "'");
      return x;
    };
    const double children = number("children", fields[1]);
    if (children < 1 || children != std::floor(children) || children > 50)
      fail("children", "expected a whole number from 1 to 50, got '" + fields[1] + "'");
    c.children = static_cast<std::uint32_t>(children);
    c.days_in_state = number("days_in_state", fields[2]);
    if (fields[3].empty())
      fail("ages", "empty: expected " + std::to_string(c.children) + (c.children == 1 ? " age" : " ages") +
                       " in years, separated by ';'");
    std::stringstream ages(fields[3]);
    for (std::string age; std::getline(ages, age, ';');) c.ages_years.push_back(number("ages", age));
    if (c.ages_years.size() != c.children)
      fail("ages", "expected " + std::to_string(c.children) + " ages separated by ';', got " + std::to_string(c.ages_years.size()) +
                       " ('" + fields[3] + "')");
    // A child at or past adulthood would leave at once, on the first day.
    if (!pathway.states[c.state].holds_adults())
      for (const double age : c.ages_years)
        if (age >= adulthood_age)
          fail("ages", "age " + config_scalar(age).Scalar() + " is at or above the adulthood age (children.adulthood_age: " +
                           config_scalar(adulthood_age).Scalar() + "): no child in '" + fields[0] +
                           "' can be that old; care leavers go in a leaving_care state");
    cases.push_back(std::move(c));
  }
  if (!header_seen) throw ConfigError(file_name, "", 0, "empty file: expected the header 'state,children,days_in_state,ages'");
  return cases;
}

}  // namespace caseflow
