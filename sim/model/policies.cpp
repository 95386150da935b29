#include "caseflow/model/policies.h"

#include <algorithm>
#include <regex>

#include <yaml-cpp/yaml.h>

#include "caseflow/model/costs_config.h"
#include "caseflow/model/scenario_schema.h"
#include "caseflow/model/workforce_config.h"
#include "scenario_readers.h"

namespace caseflow {

namespace {

// What the model re-reads when a policy takes effect (replication.cpp,
// `adopt_epoch`): anything else is fixed for the run.
const std::vector<std::regex>& allowed_patterns() {
  static const std::vector<std::regex> patterns = [] {
    const char* texts[] = {
        R"(demand\.(contacts_per_year|growth_per_year))",
        R"(demand\.seasonality(\[\d+\])?)",
        R"(demand\.referring_agencies(\.[^.\[\]]+)?)",
        R"(demand\.levers(\[\d+\](\..+)?)?)",
        R"(children\.re_referral\.probability)",
        R"(pathway\.states\.[^.\[\]]+\.(duration|transitions)(\[\d+\])?(\..+)?)",
        R"(workforce\.(grades|teams)\.[^.\[\]]+\.caseload_cap)",
        R"(workforce\.teams\.[^.\[\]]+\.(workers|vacancies)(\.[^.\[\]]+)?)",
        R"(workforce\.teams\.[^.\[\]]+\.managers)",
        R"(workforce\.recruitment\.(time_to_hire|success_rate|newly_qualified_share|agency_lag|agency_share_cap)(\..+)?)",
        R"(workforce\.management\.locality_managers)",
        R"(costs\.staff\.(grades|agency|bank|team_manager|locality_manager|business_support|recruitment_per_hire|new_posts)(\..+)?)",
        R"(costs\.placements\.types\.[^.\[\]]+\.weekly)",
        R"(costs\.placements\.mix(\[\d+\])?(\..+)?)",
        R"(costs\.placements\.moves_per_year)",
        R"(costs\.allowances\[\d+\]\.(weekly|share))",
        R"(costs\.per_entry\[\d+\]\.cost)",
    };
    std::vector<std::regex> out;
    for (const char* t : texts) out.emplace_back(t);
    return out;
  }();
  return patterns;
}

//! What a policy may not change however it is written: the states and where
//! their transitions lead, the agencies, teams, grades and localities, the
//! placement types and the cost lines (their columns are fixed for the run).
std::string structure_change(const Scenario& a, const Scenario& b) {
  const auto& sa = a.pathway.states;
  const auto& sb = b.pathway.states;
  for (std::size_t s = 0; s < sa.size(); ++s) {
    if (sa[s].transitions.size() != sb[s].transitions.size())
      return "the number of transitions out of '" + sa[s].name + "'";
    for (std::size_t t = 0; t < sa[s].transitions.size(); ++t)
      if (sa[s].transitions[t].to != sb[s].transitions[t].to)
        return "where transition " + std::to_string(t) + " out of '" + sa[s].name + "' leads";
      else if (sa[s].transitions[t].duration.kind != sb[s].transitions[t].duration.kind)
        return "whether a time out of '" + sa[s].name + "' is drawn or runs to an age";
  }
  if (a.demand.agencies.size() != b.demand.agencies.size()) return "the referring agencies";
  for (std::size_t i = 0; i < a.demand.agencies.size(); ++i)
    if (a.demand.agencies[i].name != b.demand.agencies[i].name) return "the referring agencies";
  const auto& wa = *a.workforce;
  const auto& wb = *b.workforce;
  if (wa.enabled != wb.enabled || wa.teams.size() != wb.teams.size() || wa.grades.size() != wb.grades.size() ||
      wa.localities != wb.localities || wa.team_of_state != wb.team_of_state)
    return "the workforce's teams, grades or localities";
  const auto& ca = *a.costs;
  const auto& cb = *b.costs;
  if (ca.enabled != cb.enabled || ca.staff_enabled != cb.staff_enabled || ca.placements.types != cb.placements.types ||
      ca.allowances.size() != cb.allowances.size() || ca.per_entry.size() != cb.per_entry.size() ||
      ca.declared.size() != cb.declared.size())
    return "the cost lines or placement types";
  return {};
}

struct Change {
  double day;
  std::size_t order;  // policies apply in the order written; a later one wins on the same key
  std::string assignment;
  ConfigNode where;   // the policy's key, for messages
};

}  // namespace

bool policy_key_allowed(const std::string& key_path) {
  return std::any_of(allowed_patterns().begin(), allowed_patterns().end(),
                     [&](const std::regex& r) { return std::regex_match(key_path, r); });
}

const char* policy_keys_allowed_text() {
  return "a policy may change demand (contacts_per_year, growth_per_year, seasonality, referring_agencies, levers), "
         "children.re_referral.probability, pathway states' durations and transitions, caseload caps, team workers, "
         "vacancies and managers, locality managers, recruitment (time_to_hire, success_rate, newly_qualified_share, "
         "agency_lag, agency_share_cap), staff unit costs, placement weekly costs, mix and moves, allowances' weekly "
         "cost and share, and per-entry costs";
}

int epoch_at(const std::vector<PolicyEpoch>& epochs, double day) {
  int in_force = -1;
  for (std::size_t e = 0; e < epochs.size() && epochs[e].day <= day; ++e) in_force = static_cast<int>(e);
  return in_force;
}

std::vector<PolicyEpoch> read_policies(const ConfigNode& list, const Scenario& base, const ScenarioReparser& reparse) {
  if (!list.is_sequence()) list.fail("expected a list of policies, each {from: DATE, set: {key.path: value, ...}} or a ramp");
  const int months = base.months();
  // A policy date must be a month start after the first: the model changes
  // its values between two months.
  const auto month_day = [&](const ConfigNode& node, bool allow_horizon) {
    const Date date = detail::read_date(node);
    const double day = detail::day_of(base, date);
    for (int m = 1; m < months + (allow_horizon ? 1 : 0); ++m)
      if (month_start_day(base.start_date, m) == day) return day;
    node.fail("must be the start of a month of the run after its first (" + format_date(base.start_date) + " to " +
              format_date(base.start_date + std::chrono::months{months}) + ", months starting on day " +
              std::to_string(static_cast<unsigned>(base.start_date.day())) + "), got " + format_date(date));
  };

  std::vector<Change> changes;
  std::size_t order = 0;
  for (const ConfigNode& policy : list.elements()) {
    policy.allow_only(scenario_keys("policies.*"));
    const double from = month_day(policy.at("from"), false);
    const bool has_set = policy.has("set"), has_ramp = policy.has("ramp");
    if (has_set == has_ramp) policy.fail("a policy has either `set` (values from `from`) or `ramp` (values moving from `from` to `until`)");
    const ConfigNode values = policy.at(has_set ? "set" : "ramp");
    if (!values.is_map() || values.size() == 0) values.fail("expected a map of key paths to values, e.g. {demand.contacts_per_year: 26000}");
    double until = from;
    if (has_ramp) {
      until = month_day(policy.at("until"), true);
      if (until <= from) policy.at("until").fail("must be after `from`");
    } else if (policy.has("until")) {
      policy.at("until").fail("`until` goes with `ramp`; a `set` holds until a later policy changes the value");
    }
    for (const std::string& key : values.keys()) {
      const ConfigNode value = values.at(key);
      if (!policy_key_allowed(key)) value.fail("'" + key + "' cannot change during a run; " + policy_keys_allowed_text());
      if (has_set) {
        changes.push_back({from, order++, key + "=" + flow_text(value.yaml()), value});
        continue;
      }
      if (!value.is_sequence() || value.size() != 2) value.fail("a ramp is [value at `from`, value at `until`], two numbers");
      const double a = value.at(std::size_t{0}).as_double(), b = value.at(std::size_t{1}).as_double();
      for (int m = 1; m <= months; ++m) {
        const double day = month_start_day(base.start_date, m);
        if (day < from || day > until || day >= base.horizon_days()) continue;
        const double x = a + (b - a) * (day - from) / (until - from);
        changes.push_back({day, order++, key + "=" + config_scalar(x).Scalar(), value});
      }
    }
  }
  std::stable_sort(changes.begin(), changes.end(), [](const Change& x, const Change& y) { return x.day < y.day; });

  std::vector<PolicyEpoch> epochs;
  std::vector<std::string> in_force;
  for (std::size_t i = 0; i < changes.size();) {
    PolicyEpoch epoch;
    epoch.day = changes[i].day;
    const std::size_t first = i;
    for (; i < changes.size() && changes[i].day == epoch.day; ++i) {
      in_force.push_back(changes[i].assignment);
      epoch.changes.push_back(changes[i].assignment);
    }
    const auto blame = [&](const std::string& key_path) -> const Change& {
      for (std::size_t c = first; c < i; ++c)
        if (key_path.rfind(changes[c].assignment.substr(0, changes[c].assignment.find('=')), 0) == 0) return changes[c];
      return changes[first];
    };
    Scenario next;
    try {
      next = reparse(in_force);
    } catch (const ConfigError& e) {
      const Change& c = blame(e.key_path());
      const Date date{std::chrono::sys_days(base.start_date) + std::chrono::days{static_cast<int>(epoch.day)}};
      c.where.fail("from " + format_date(date) + ", " +
                   (e.key_path().empty() ? "" : e.key_path() + ": ") + e.message());
    }
    if (const std::string what = structure_change(base, next); !what.empty())
      changes[first].where.fail("would change " + what + ", which is fixed for a run");
    epoch.scenario = std::make_shared<const Scenario>(std::move(next));
    epochs.push_back(std::move(epoch));
  }
  return epochs;
}

}  // namespace caseflow
