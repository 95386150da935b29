// Reading a calibration targets file (calibration.h).
#include <cmath>
#include <map>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/workforce_config.h"
#include "caseflow/runner/calibration.h"

namespace caseflow {

namespace {

enum class Measure { count, share, mean };

struct KnownTarget {
  const char* section;
  const char* key;
  TargetKind kind;
  Measure measure;
};

// Every target a file may give, in the order the fit report lists them.
const KnownTarget kKnown[] = {
    {"stocks", "children_in_need", TargetKind::children_in_need, Measure::count},
    {"stocks", "child_protection", TargetKind::child_protection, Measure::count},
    {"stocks", "looked_after", TargetKind::looked_after, Measure::count},
    {"flows", "contacts", TargetKind::contacts, Measure::count},
    {"flows", "referrals", TargetKind::referrals, Measure::count},
    {"flows", "re_referral_share", TargetKind::re_referral_share, Measure::share},
    {"flows", "assessments", TargetKind::assessments, Measure::count},
    {"flows", "s47_enquiries", TargetKind::s47_enquiries, Measure::count},
    {"flows", "initial_conferences", TargetKind::initial_conferences, Measure::count},
    {"flows", "cp_starts", TargetKind::cp_starts, Measure::count},
    {"flows", "cp_ends", TargetKind::cp_ends, Measure::count},
    {"flows", "lac_starts", TargetKind::lac_starts, Measure::count},
    {"flows", "lac_ends", TargetKind::lac_ends, Measure::count},
    {"durations", "cp_plan_months", TargetKind::cp_plan_months, Measure::mean},
    {"durations", "care_days", TargetKind::care_days, Measure::mean},
    {"workforce", "social_workers_fte", TargetKind::social_workers_fte, Measure::count},
    {"workforce", "agency_share", TargetKind::agency_share, Measure::share},
    {"workforce", "vacancy_rate", TargetKind::vacancy_rate, Measure::share},
    {"workforce", "turnover", TargetKind::turnover, Measure::share},
    {"workforce", "caseload", TargetKind::caseload, Measure::mean},
};

constexpr double kCountTolerance = 0.05;  // ±5% of the figure: the acceptance for stocks
constexpr double kShareTolerance = 0.02;  // ±2 share points, as scripts/calibration_check.py
constexpr double kMeanTolerance = 0.10;   // ±10%: lengths by Little's law are coarse

std::vector<std::string> section_keys(const char* section) {
  std::vector<std::string> keys;
  for (const auto& k : kKnown)
    if (std::string(k.section) == section) keys.push_back(k.key);
  if (std::string(section) == "flows") keys.push_back("lac_ends_by_reason");
  return keys;
}

CalibrationTarget read_target(const ConfigNode& node, const std::string& key, TargetKind kind, Measure measure,
                              const CalibrationTargets& file, const std::optional<ConfigNode>& population_node) {
  CalibrationTarget t;
  t.key = key;
  t.kind = kind;
  t.line = node.line();
  t.year = file.year;
  t.relative = measure != Measure::share;
  t.tolerance = measure == Measure::share ? kShareTolerance : measure == Measure::mean ? kMeanTolerance : kCountTolerance;
  if (node.is_map()) {
    node.allow_only({"value", "per_10000", "tolerance", "source", "year"});
    if (node.has("value") == node.has("per_10000"))
      node.fail("give either `value` (a count" + std::string(measure == Measure::count ? "" : " or share") +
                ") or `per_10000` (a rate per 10,000 children), not both or neither");
  }
  // Chosen, not assigned: assigning yaml-cpp nodes rebinds what they alias.
  const bool per_10000 = node.is_map() && node.has("per_10000");
  const ConfigNode value_node = node.is_map() ? node.at(per_10000 ? "per_10000" : "value") : node;
  if (node.is_map()) {
    if (node.has("tolerance")) {
      const ConfigNode tol = node.at("tolerance");
      t.tolerance = tol.as_double_in(1e-6, t.relative ? 1.0 : 0.5,
                                     t.relative ? "a share of the figure above 0 and at most 1 (0.05 is ±5%)"
                                                : "in share points, above 0 and at most 0.5 (0.02 is ±2 points)");
    }
    t.source = node.string_or("source", "");
    if (node.has("year")) t.year = static_cast<int>(node.at("year").as_int());
  } else if (!node.is_scalar()) {
    node.fail("expected a number or a map {value: N, tolerance: T, source: \"...\"}");
  }
  if (per_10000 && measure != Measure::count)
    value_node.fail("only counts can be given per 10,000 children; '" + key + "' is a " +
                    (measure == Measure::share ? "share" : "mean"));
  const double x = value_node.as_double();
  if (!std::isfinite(x) || x < 0.0) value_node.fail("expected a number at least 0, got " + value_node.yaml().Scalar());
  if (measure == Measure::share && x > 1.0)
    value_node.fail("a share is at most 1 (write 25.5% as 0.255), got " + value_node.yaml().Scalar());
  if (measure == Measure::mean && x <= 0.0) value_node.fail("a mean length must be above 0");
  if (per_10000) {
    if (file.child_population <= 0.0)
      value_node.fail("a rate per 10,000 needs `child_population` at the top of the file" +
                      std::string(population_node ? "" : " (it has none)"));
    t.value = x * file.child_population / 10000.0;
  } else {
    t.value = x;
  }
  return t;
}

}  // namespace

std::string describe(TargetKind kind) {
  switch (kind) {
    case TargetKind::children_in_need: return "children in need (open cases) at the start";
    case TargetKind::child_protection: return "children on CP plans at the start";
    case TargetKind::looked_after: return "children looked after at the start";
    case TargetKind::contacts: return "contacts a year (re-referrals included)";
    case TargetKind::referrals: return "referrals a year";
    case TargetKind::re_referral_share: return "re-referrals' share of referrals";
    case TargetKind::assessments: return "assessments completed a year";
    case TargetKind::s47_enquiries: return "Section 47 enquiries a year";
    case TargetKind::initial_conferences: return "initial CP conferences a year";
    case TargetKind::cp_starts: return "CP plans started a year";
    case TargetKind::cp_ends: return "CP plans ended a year";
    case TargetKind::lac_starts: return "children starting to be looked after a year";
    case TargetKind::lac_ends: return "children ceasing to be looked after a year";
    case TargetKind::lac_exit_share: return "share of children leaving care by";
    case TargetKind::cp_plan_months: return "mean CP plan length, months (stock / starts)";
    case TargetKind::care_days: return "mean stay in care, days (stock / starts)";
    case TargetKind::social_workers_fte: return "social workers in post, FTE";
    case TargetKind::agency_share: return "agency share of social worker FTE";
    case TargetKind::vacancy_rate: return "vacancy rate (posts without a permanent worker)";
    case TargetKind::turnover: return "turnover (permanent leavers a year / permanent FTE)";
    case TargetKind::caseload: return "mean caseload per social worker";
  }
  return {};
}

CalibrationTargets parse_calibration_targets(const std::string& text, const std::string& file_name,
                                             double child_population) {
  const ConfigNode root = ConfigNode::parse(text, file_name);
  if (!root.is_map()) root.fail("expected a targets file: a map with `name`, `stocks`, `flows`, ...");
  root.allow_only({"name", "description", "base", "year", "child_population", "states", "stocks", "flows",
                   "durations", "workforce"});
  CalibrationTargets file;
  file.file = file_name;
  file.name = root.string("name");
  file.description = root.string_or("description", "");
  if (const auto base = root.find("base")) {
    file.base = base->as_string();
    file.base_line = base->line();
  }
  if (const auto year = root.find("year")) file.year = static_cast<int>(year->as_int());
  const auto population_node = root.find("child_population");
  if (population_node) file.child_population = population_node->as_double_in(1.0, 1e9, "a number of children from 1");
  if (child_population > 0.0) file.child_population = child_population;
  if (const auto states = root.find("states")) {
    states->allow_only({"s47", "icpc"});
    file.s47_state = states->string_or("s47", file.s47_state);
    file.icpc_state = states->string_or("icpc", file.icpc_state);
  }
  for (const char* section : {"stocks", "flows", "durations", "workforce"}) {
    const auto node = root.find(section);
    if (!node) continue;
    if (!node->is_map()) node->fail("expected a map of targets");
    node->allow_only(section_keys(section));
    for (const auto& k : kKnown) {
      if (std::string(k.section) != section) continue;
      if (const auto t = node->find(k.key)) file.targets.push_back(read_target(*t, k.key, k.kind, k.measure, file, population_node));
    }
    if (const auto reasons = node->find("lac_ends_by_reason"); reasons && std::string(section) == "flows") {
      if (!reasons->is_map()) reasons->fail("expected a map of exit state to its share of children leaving care");
      double sum = 0.0;
      for (const auto& exit : reasons->keys()) {
        CalibrationTarget t = read_target(reasons->at(exit), "lac_ends_by_reason." + exit, TargetKind::lac_exit_share,
                                          Measure::share, file, population_node);
        t.exit = exit;
        sum += t.value;
        file.targets.push_back(t);
      }
      if (sum > 1.0 + 1e-9)
        reasons->fail("the shares of children leaving care by these exits add up to " + std::to_string(sum) +
                      ", more than 1");
    }
  }
  auto find = [&](TargetKind kind) -> const CalibrationTarget* {
    for (const auto& t : file.targets)
      if (t.kind == kind) return &t;
    return nullptr;
  };
  const auto* all = find(TargetKind::children_in_need);
  const auto* cp = find(TargetKind::child_protection);
  const auto* lac = find(TargetKind::looked_after);
  if (all && (cp || lac) && (cp ? cp->value : 0.0) + (lac ? lac->value : 0.0) > all->value)
    throw ConfigError(file_name, "stocks.children_in_need", all->line,
                      "children on CP plans and looked after (" + std::to_string(static_cast<long>((cp ? cp->value : 0.0) + (lac ? lac->value : 0.0))) +
                          ") cannot be more than the children in need (" + std::to_string(static_cast<long>(all->value)) +
                          "), which include them");
  const auto* referrals = find(TargetKind::referrals);
  const auto* contacts = find(TargetKind::contacts);
  if (referrals && contacts && referrals->value > contacts->value)
    throw ConfigError(file_name, "flows.referrals", referrals->line,
                      "more referrals than contacts: every referral starts as a contact here (contacts count re-referrals)");
  if (file.targets.empty()) root.fail("no targets: give at least one of stocks, flows, durations or workforce");
  return file;
}

void check_targets_against(const CalibrationTargets& targets, const Scenario& base) {
  const Pathway& pathway = base.pathway;
  auto fail = [&](const CalibrationTarget& t, const std::string& message) {
    throw ConfigError(targets.file, t.key, t.line, message);
  };
  auto has_category = [&](Category c) {
    for (const auto& s : pathway.states)
      if (s.category == c) return true;
    return false;
  };
  for (const auto& t : targets.targets) {
    switch (t.kind) {
      case TargetKind::s47_enquiries:
        if (!pathway.find(targets.s47_state))
          fail(t, "the base scenario has no state '" + targets.s47_state + "' for S47 enquiries; name it with states: {s47: NAME}");
        break;
      case TargetKind::initial_conferences:
        if (!pathway.find(targets.icpc_state))
          fail(t, "the base scenario has no state '" + targets.icpc_state + "' for initial conferences; name it with states: {icpc: NAME}");
        if (!pathway.find(targets.s47_state))
          fail(t, "initial conferences are fitted by the route from the S47 state, and the base has no state '" + targets.s47_state + "'");
        break;
      case TargetKind::child_protection: case TargetKind::cp_starts: case TargetKind::cp_ends: case TargetKind::cp_plan_months:
        if (!has_category(Category::cp)) fail(t, "the base scenario has no state of category cp");
        break;
      case TargetKind::looked_after: case TargetKind::lac_starts: case TargetKind::lac_ends: case TargetKind::care_days:
        if (!has_category(Category::lac)) fail(t, "the base scenario has no state of category lac");
        break;
      case TargetKind::lac_exit_share: {
        const auto exit = pathway.find(t.exit);
        if (!exit) fail(t, "the base scenario has no state '" + t.exit + "'");
        bool reached = false;
        for (const auto& s : pathway.states)
          if (s.category == Category::lac)
            for (const auto& tr : s.transitions) reached = reached || tr.to == *exit;
        if (!reached) fail(t, "no care state of the base scenario leads to '" + t.exit + "'");
        break;
      }
      case TargetKind::social_workers_fte: case TargetKind::agency_share: case TargetKind::vacancy_rate:
      case TargetKind::turnover: case TargetKind::caseload:
        if (!base.workforce || !base.workforce->enabled) fail(t, "the base scenario has no workforce section");
        break;
      default: break;
    }
  }
}

}  // namespace caseflow
