// Reads the `costs` section (costs_config.h): unit costs, placements and
// their mix, allowances, costs per entry and declared lines, each checked
// where it is written.
#include "caseflow/model/costs_config.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <set>

#include "caseflow/model/scenario_schema.h"
#include "caseflow/model/workforce_config.h"
#include "scenario_readers.h"

namespace caseflow {

using detail::read_date;

double Inflation::factor(const Date& start, double day) const {
  if (mode == InflationMode::none || rate_per_year == 0.0) return 1.0;
  if (mode == InflationMode::continuous) return std::pow(1.0 + rate_per_year, day / kDaysPerYear);
  namespace chr = std::chrono;
  const Date date{chr::sys_days(start) + chr::days(static_cast<long>(std::floor(day)))};
  // Steps passed by `date`: 1 Aprils after the start, or anniversaries of it.
  int steps = 0;
  if (mode == InflationMode::financial_year) {
    steps = financial_year_of(date) - financial_year_of(start);
  } else {
    steps = static_cast<int>(date.year()) - static_cast<int>(start.year());
    if (Date{date.year() / start.month() / start.day()} > date) --steps;
  }
  return std::pow(1.0 + rate_per_year, std::max(0, steps));
}

namespace {

constexpr double kMaxMoney = 1e12;  // a bound that catches typos (a salary in pence times 1,000)

double money(const ConfigNode& node, std::string_view key, std::string_view what) {
  return node.number_in(key, 0.0, kMaxMoney, std::string(what) + ", 0 or more (negative costs are savings the model works out itself)");
}

double money_or(const ConfigNode& node, std::string_view key, std::string_view what) {
  if (!node.has(key)) return 0.0;
  return money(node, key, what);
}

//! The price rises at `parent.key`, described at `schema_path` of scenario_schema().
Inflation read_inflation(const ConfigNode& parent, std::string_view key, std::string_view schema_path) {
  Inflation inflation;
  const auto node = parent.find(key);
  if (!node) return inflation;
  node->allow_only(scenario_keys(schema_path));
  const std::string mode = node->string("mode");
  if (mode == "none") inflation.mode = InflationMode::none;
  else if (mode == "financial_year") inflation.mode = InflationMode::financial_year;
  else if (mode == "anniversary") inflation.mode = InflationMode::anniversary;
  else if (mode == "continuous") inflation.mode = InflationMode::continuous;
  else node->at("mode").fail("expected none, financial_year (each 1 April), anniversary (each anniversary of the start) or continuous, got '" + mode + "'");
  inflation.rate_per_year = node->number_in("rate_per_year", -0.5, 1.0, "a yearly rate from -0.5 to 1 (0.02 for 2%)");
  return inflation;
}

//! A pay rate, described at `schema_path` of scenario_schema().
PayRate read_pay(const ConfigNode& node, std::string_view schema_path) {
  node.allow_only(scenario_keys(schema_path));
  PayRate pay;
  pay.salary = money(node, "salary", "a yearly salary per FTE");
  pay.on_costs = node.number_in("on_costs", 0.0, 2.0, "a share of salary from 0 to 2 (0.28 for 28%)");
  pay.overheads = money_or(node, "overheads", "overheads a year per FTE");
  pay.market_supplement = money_or(node, "market_supplement", "a market supplement a year per FTE");
  return pay;
}

//! Agency or bank cover, described at `schema_path` of scenario_schema().
CoverRate read_cover(const ConfigNode& node, std::string_view schema_path) {
  node.allow_only(scenario_keys(schema_path));
  CoverRate cover;
  if (node.has("day_rate") == node.has("premium"))
    node.fail("expected either premium (a share over the grade of the post covered) or day_rate with paid_days_per_year");
  if (node.has("premium")) {
    cover.premium = node.number_in("premium", -0.5, 5.0, "a share over the grade's cost from -0.5 to 5 (0.5 for 50% more)");
  } else {
    cover.day_rate = money(node, "day_rate", "a day rate");
    cover.paid_days_per_year = node.number_in("paid_days_per_year", 1.0, 366.0, "days paid a year per FTE, 1 to 366");
  }
  return cover;
}

StaffCosts read_staff(const ConfigNode& node, const Scenario& scenario) {
  const WorkforceConfig& wf = *scenario.workforce;
  if (!wf.enabled) node.fail("staff costs need social workers to price: add a workforce section, or leave costs.staff out");
  node.allow_only(scenario_keys("costs.staff"));
  StaffCosts staff;
  staff.grade.assign(wf.grades.size(), PayRate{});
  const ConfigNode grades = node.at("grades");
  if (!grades.is_map()) grades.fail("expected a pay rate for each grade, e.g. {social_worker: {salary: 31100, on_costs: 0.28}}");
  std::set<std::string> priced;
  for (const auto& name : grades.keys()) {
    std::size_t g = 0;
    while (g < wf.grades.size() && wf.grades[g].name != name) ++g;
    if (g == wf.grades.size()) grades.at(name).fail("no grade named '" + name + "' in workforce.grades");
    if (wf.grades[g].agency) grades.at(name).fail("'" + name + "' is an agency grade: locums are priced by costs.staff.agency over the grade of the post they cover");
    staff.grade[g] = read_pay(grades.at(name), "costs.staff.grades.*");
    priced.insert(name);
  }
  for (const auto& g : wf.grades)
    if (!g.agency && !priced.count(g.name)) grades.fail("no pay rate for grade '" + g.name + "': every grade that is not agency needs one");
  staff.agency = read_cover(node.at("agency"), "costs.staff.agency");
  if (const auto bank = node.find("bank")) staff.bank = read_cover(*bank, "costs.staff.bank");
  staff.team_manager = read_pay(node.at("team_manager"), "costs.staff.team_manager");
  if (const auto lm = node.find("locality_manager")) staff.locality_manager = read_pay(*lm, "costs.staff.locality_manager");
  if (const auto bs = node.find("business_support")) staff.business_support = read_pay(*bs, "costs.staff.business_support");
  staff.recruitment_per_hire = money_or(node, "recruitment_per_hire", "a cost per permanent appointment");
  if (const auto posts = node.find("new_posts")) {
    posts->allow_only(scenario_keys("costs.staff.new_posts"));
    staff.new_post_one_off = money_or(*posts, "one_off", "a one-off cost per post added");
    staff.new_post_recurrent_per_year = money_or(*posts, "recurrent_per_year", "a yearly cost per post added");
  }
  staff.pay_uplift = read_inflation(node, "pay_uplift", "costs.staff.pay_uplift");
  return staff;
}

//! The placement type called `name`; an unknown name is an error at `where`.
std::uint32_t type_index(const PlacementsConfig& p, const std::string& name, const ConfigNode& where) {
  for (std::uint32_t t = 0; t < p.types.size(); ++t)
    if (p.types[t] == name) return t;
  std::string known;
  for (const auto& t : p.types) known += (known.empty() ? "" : ", ") + t;
  where.fail("no placement type named '" + name + "' in costs.placements.types (" + known + ")");
}

std::vector<double> read_shares(const ConfigNode& node, const PlacementsConfig& p) {
  if (!node.is_map()) node.fail("expected a share for each placement type, e.g. {in_house_fostering: 0.5, ifa: 0.5}");
  std::vector<double> shares(p.types.size(), 0.0);
  double total = 0.0;
  for (const auto& name : node.keys()) {
    const ConfigNode share = node.at(name);
    shares[type_index(p, name, share)] = share.as_double_in(0.0, 1.0, "a share from 0 to 1");
    total += shares[type_index(p, name, share)];
  }
  if (std::fabs(total - 1.0) > 1e-6)
    node.fail("the shares add up to " + config_scalar(total).Scalar() + ", not 1: every child entering care has a placement");
  return shares;
}

//! A mix: shares by type, or a list of age bands, the last covering every age
//! left; described at `schema_path` of scenario_schema().
std::vector<PlacementMix> read_mix(const ConfigNode& mix, const PlacementsConfig& p, const std::string& schema_path) {
  std::vector<PlacementMix> bands_read;
  if (mix.is_map()) {
    bands_read.push_back({std::numeric_limits<double>::infinity(), read_shares(mix, p)});
    return bands_read;
  }
  if (!mix.is_sequence() || mix.size() == 0)
    mix.fail("expected shares by type, or a list of age bands: [{below_age: 16, shares: {...}}, {shares: {...}}]");
  const auto bands = mix.elements();
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const ConfigNode& band = bands[i];
    band.allow_only(scenario_keys(schema_path + ".*"));
    const bool last = i + 1 == bands.size();
    if (last && band.has("below_age")) band.at("below_age").fail("the last band covers every age left: leave below_age out");
    if (!last && !band.has("below_age")) band.fail("expected below_age: every band but the last has an upper age");
    const double below = last ? std::numeric_limits<double>::infinity() : band.number_in("below_age", 0.0, 30.0, "an age in years from 0 to 30");
    if (!bands_read.empty() && below <= bands_read.back().below_age)
      band.at("below_age").fail("age bands must go up: this one ends at or below the band before it");
    bands_read.push_back({below, read_shares(band.at("shares"), p)});
  }
  return bands_read;
}

PlacementsConfig read_placements(const ConfigNode& node, const Scenario& scenario) {
  node.allow_only(scenario_keys("costs.placements"));
  PlacementsConfig p;
  const ConfigNode types = node.at("types");
  if (!types.is_map() || types.size() == 0) types.fail("expected placement types with their weekly cost, e.g. {in_house_fostering: {weekly: 450}}");
  if (types.size() > 127) types.fail("at most 127 placement types");
  for (const auto& name : types.keys()) {
    const ConfigNode type = types.at(name);
    type.allow_only(scenario_keys("costs.placements.types.*"));
    p.types.push_back(name);
    p.weekly_cost.push_back(money(type, "weekly", "a weekly cost per child"));
    std::vector<std::string> codes;
    if (const auto c = type.find("ssda903"))
      for (const auto& code : c->elements()) codes.push_back(code.as_string());
    p.ssda903.push_back(std::move(codes));
  }
  p.mix = read_mix(node.at("mix"), p, "costs.placements.mix");
  if (const auto opening = node.find("opening_mix")) p.opening_mix = read_mix(*opening, p, "costs.placements.opening_mix");
  p.moves_per_year = node.number_or("moves_per_year", 0.0);
  if (p.moves_per_year < 0.0 || p.moves_per_year > 12.0)
    node.at("moves_per_year").fail("expected moves to another placement type a year per child, 0 to 12");
  if (const auto shifts = node.find("shifts")) {
    for (const auto& shift : shifts->elements()) {
      shift.allow_only(scenario_keys("costs.placements.shifts.*"));
      PlacementShift s;
      s.name = shift.string("name");
      s.from_type = type_index(p, shift.string("from_type"), shift.at("from_type"));
      s.to_type = type_index(p, shift.string("to_type"), shift.at("to_type"));
      if (s.from_type == s.to_type) shift.at("to_type").fail("a shift moves children to another type: from_type and to_type are the same");
      for (const auto& other : p.shifts)
        if (other.to_type == s.to_type) shift.at("to_type").fail("another shift already makes places of '" + p.types[s.to_type] + "': one shift per type it makes");
      s.placements = shift.number_in("placements", 0.0, 1e6, "a number of placements, 0 or more");
      s.from_day = detail::day_of(scenario, read_date(shift.at("from")));
      s.until_day = detail::day_of(scenario, read_date(shift.at("until")));
      if (s.until_day <= s.from_day) shift.at("until").fail("the shift must end after it starts");
      p.shifts.push_back(std::move(s));
    }
  }
  p.inflation = read_inflation(node, "inflation", "costs.placements.inflation");
  return p;
}

std::uint32_t exit_state(const ConfigNode& node, const Scenario& scenario) {
  const std::uint32_t s = detail::state_index(scenario.pathway, node);
  if (scenario.pathway.states[s].category == Category::lac)
    node.fail("'" + node.as_string() + "' is a looked-after state: an allowance is paid after a child leaves care (adoption, sgo, cao)");
  return s;
}

}  // namespace

CostsConfig parse_costs(const ConfigNode* node_ptr, const Scenario& scenario) {
  CostsConfig costs;
  if (!node_ptr) return costs;
  const ConfigNode& node = *node_ptr;
  node.allow_only(scenario_keys("costs"));
  costs.enabled = true;
  std::set<std::string> names;
  const auto unique = [&](const ConfigNode& at, const std::string& name) {
    static const std::set<std::string> kReserved{"staff", "agency", "management", "business_support", "recruitment", "new_posts",
                                                 "one_off", "placements", "allowances", "total"};
    if (kReserved.count(name)) at.fail("'" + name + "' is one of caseflow's own cost lines: give this line another name");
    if (!names.insert(name).second) at.fail("a cost line named '" + name + "' is already declared: names must be unique");
    for (const char c : name)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
        at.fail("'" + name + "': a line's name is letters, digits and '_' (it becomes the metric cost_" + name + ")");
  };
  if (const auto staff = node.find("staff")) {
    costs.staff = read_staff(*staff, scenario);
    costs.staff_enabled = true;
  }
  if (const auto placements = node.find("placements")) costs.placements = read_placements(*placements, scenario);
  if (const auto allowances = node.find("allowances")) {
    for (const auto& a : allowances->elements()) {
      a.allow_only(scenario_keys("costs.allowances.*"));
      Allowance allowance;
      allowance.name = a.string("name");
      unique(a.at("name"), allowance.name);
      allowance.exit_state = exit_state(a.at("exit"), scenario);
      allowance.share = a.number_in("share", 0.0, 1.0, "the share of children leaving that way who receive it, 0 to 1");
      allowance.weekly = money(a, "weekly", "a weekly allowance");
      if (!a.has("years") && !a.has("until_age")) a.fail("expected years, until_age or both: how long the allowance is paid");
      if (a.has("years")) allowance.years = a.number_in("years", 0.0, 100.0, "years from 0 to 100");
      if (a.has("until_age")) allowance.until_age = a.number_in("until_age", 0.0, 30.0, "an age from 0 to 30");
      if (a.has("opening_recipients"))
        allowance.opening_recipients = a.number_in("opening_recipients", 0.0, 1e6, "a number of children, 0 or more");
      if (allowance.opening_recipients > 0 && !std::isfinite(allowance.years))
        a.at("opening_recipients").fail("opening recipients need years: their time left is drawn over the years an allowance lasts");
      costs.allowances.push_back(std::move(allowance));
    }
  }
  if (const auto entries = node.find("per_entry")) {
    for (const auto& e : entries->elements()) {
      e.allow_only(scenario_keys("costs.per_entry.*"));
      EntryCost entry;
      entry.name = e.string("name");
      unique(e.at("name"), entry.name);
      entry.state = detail::state_index(scenario.pathway, e.at("state"));
      entry.cost = money(e, "cost", "a cost per child entering the state");
      costs.per_entry.push_back(std::move(entry));
    }
  }
  if (const auto declared = node.find("declared")) {
    for (const auto& d : declared->elements()) {
      d.allow_only(scenario_keys("costs.declared.*"));
      DeclaredLine line;
      line.name = d.string("name");
      unique(d.at("name"), line.name);
      if (d.has("annual") == d.has("one_off")) d.fail("expected either annual (a year, from a date) or one_off (on a date)");
      line.from_day = detail::day_of(scenario, read_date(d.at("from")));
      if (d.has("annual")) {
        line.annual = d.number_in("annual", -kMaxMoney, kMaxMoney, "an amount a year");
        if (d.has("until")) line.until_day = detail::day_of(scenario, read_date(d.at("until")));
        if (line.until_day <= line.from_day) d.at("until").fail("the line must end after it starts");
      } else {
        if (d.has("until")) d.at("until").fail("a one-off falls on its `from` date: it has no end");
        line.one_off = d.number_in("one_off", -kMaxMoney, kMaxMoney, "an amount");
      }
      costs.declared.push_back(std::move(line));
    }
  }
  return costs;
}

}  // namespace caseflow
