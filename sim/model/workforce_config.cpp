#include "caseflow/model/workforce_config.h"

#include <algorithm>
#include <cmath>

#include "caseflow/model/scenario_schema.h"
#include "scenario_readers.h"

namespace caseflow {

namespace {
using namespace detail;

//! The grade called `name`; fails at `where` (naming the known grades) if none is.
int grade_named(const WorkforceConfig& w, const std::string& name, const ConfigNode& where) {
  for (std::size_t g = 0; g < w.grades.size(); ++g)
    if (w.grades[g].name == name) return static_cast<int>(g);
  std::string known;
  for (const auto& g : w.grades) known += (known.empty() ? "" : ", ") + g.name;
  where.fail("no grade named '" + name + "' in workforce.grades (grades: " + known + ")");
}

int grade_index(const WorkforceConfig& w, const ConfigNode& node) { return grade_named(w, node.as_string(), node); }

std::uint32_t team_index(const WorkforceConfig& w, const ConfigNode& node) {
  const std::string name = node.as_string();
  for (std::size_t t = 0; t < w.teams.size(); ++t)
    if (w.teams[t].name == name) return static_cast<std::uint32_t>(t);
  node.fail("no team named '" + name + "' in workforce.teams");
}

std::vector<double> per_grade(const WorkforceConfig& w, const ConfigNode& node) {
  std::vector<double> counts(w.grades.size(), 0.0);
  for (const auto& name : node.keys()) {
    const ConfigNode value = node.at(name);
    const int g = grade_named(w, name, value);
    const double n = value.as_double_in(0, 100000, "a number of workers from 0 to 100,000");
    if (n != std::floor(n)) value.fail("expected a whole number of workers");
    counts[static_cast<std::size_t>(g)] = n;
  }
  return counts;
}

DurationSpec duration_or(const ConfigNode& parent, std::string_view key, DurationSpec fallback) {
  const auto node = parent.find(key);
  if (!node) return fallback;
  DurationSpec d = read_duration(*node);
  if (d.kind == DurationSpec::Kind::until_age) node->fail("a workforce duration cannot be 'until_age'");
  return d;
}

//! Recruitment terms: those given in `node`, the rest as in `base`.
RecruitmentTerms read_recruitment_terms(const ConfigNode& node, const RecruitmentTerms& base) {
  RecruitmentTerms terms = base;
  terms.time_to_hire = duration_or(node, "time_to_hire", base.time_to_hire);
  if (node.has("success_rate"))
    terms.success_rate = node.number_in("success_rate", 1e-3, 1, "the share of campaigns that appoint, above 0 and at most 1");
  return terms;
}

//! workforce.permanence_hazard: the hazard ratio per change of worker, the
//! exits it slows and the rate of changes the durations were observed at.
void read_permanence_hazard(const ConfigNode& node, const Pathway& pathway, WorkforceConfig& w) {
  node.allow_only(scenario_keys("workforce.permanence_hazard"));
  // capacity-evidence §2; a number given wins over the preset.
  if (const auto f = node.find("feedback")) w.permanence_hazard_ratio = feedback_preset(*f, {1.0, 0.9, 0.75});
  if (node.has("hazard_ratio"))
    w.permanence_hazard_ratio = node.number_in("hazard_ratio", 0.05, 1, "a hazard ratio per change of worker from 0.05 to 1 (1: no effect)");
  const auto list = node.find("to");
  if (!list) node.fail("needs to: the exits from care that are permanence, e.g. [adoption, sgo, cao, return_home]");
  if (!list->is_sequence() || list->size() == 0) list->fail("expected a list of exit states, e.g. [adoption, sgo]");
  for (const auto& item : list->elements()) {
    const std::uint32_t s = state_index(pathway, item);
    bool from_care = false;
    for (const auto& state : pathway.states)
      if (state.category == Category::lac)
        for (const auto& t : state.transitions) from_care = from_care || t.to == s;
    if (!pathway.states[s].is_exit() || !from_care)
      item.fail("'" + item.as_string() + "' is not an exit a looked-after state moves to");
    w.permanence_exit[s] = true;
  }
  if (const auto o = node.find("observed_at")) {
    if (!o->is_map()) o->fail("expected {changes_per_year: the changes of worker a looked-after child had a year when the durations were observed}");
    o->allow_only(scenario_keys("workforce.permanence_hazard.observed_at"));
    w.permanence_observed_changes_per_year = o->number_in("changes_per_year", 0, 50, "changes of worker a year per looked-after child, from 0 to 50");
  }
}

DurationSpec fixed_days(double days) {
  DurationSpec d;
  d.distribution = Distribution::fixed(days);
  return d;
}

}  // namespace

WorkforceConfig parse_workforce(const ConfigNode* node_ptr, const Scenario& scenario) {
  WorkforceConfig w;
  const auto& states = scenario.pathway.states;
  w.team_of_state.assign(states.size(), -1);
  if (!node_ptr) return w;
  const ConfigNode& node = *node_ptr;
  w.enabled = true;
  node.allow_only(scenario_keys("workforce"));

  if (const auto localities = node.find("localities")) {
    w.localities.clear();
    w.locality_shares.clear();
    double total = 0;
    for (const auto& name : localities->keys()) {
      w.localities.push_back(name);
      w.locality_shares.push_back(localities->number_in(name, 0.0, 1.0, "a share of children between 0 and 1"));
      total += w.locality_shares.back();
    }
    if (w.localities.empty()) localities->fail("expected at least one locality");
    require_sum_of_one(*localities, total, "locality shares");
  }

  const ConfigNode grades = node.at("grades");
  for (const auto& name : grades.keys()) {
    GradeSpec g;
    g.name = name;
    w.grades.push_back(g);
  }
  if (w.grades.empty()) grades.fail("expected at least one grade");
  for (std::size_t i = 0; i < w.grades.size(); ++i) {
    const ConfigNode g = grades.at(w.grades[i].name);
    if (g.is_null()) continue;
    g.allow_only(scenario_keys("workforce.grades.*"));
    GradeSpec& grade = w.grades[i];
    if (const auto cap = g.find("caseload_cap")) grade.caseload_cap = cap->as_double_in(1, 1000, "a caseload cap from 1 to 1000 children");
    if (const auto a = g.find("agency")) grade.agency = a->as_bool();
    if (const auto nq = g.find("newly_qualified")) grade.newly_qualified = nq->as_bool();
    if (const auto to = g.find("progresses_to")) {
      grade.progresses_to = grade_index(w, *to);
      if (grade.progresses_to == static_cast<int>(i)) to->fail("a grade cannot progress to itself");
      grade.progress_after_days = g.number_in("after_months", 0.1, 600, "between 0.1 and 600 months") * kDaysPerYear / 12.0;
    } else if (g.has("after_months")) {
      g.at("after_months").fail("'after_months' needs 'progresses_to'");
    }
  }

  const ConfigNode teams = node.at("teams");
  for (const auto& name : teams.keys()) {
    TeamSpec t;
    t.name = name;
    w.teams.push_back(t);
  }
  if (w.teams.empty()) teams.fail("expected at least one team");
  for (std::size_t i = 0; i < w.teams.size(); ++i) {
    const ConfigNode t = teams.at(w.teams[i].name);
    t.allow_only(scenario_keys("workforce.teams.*"));
    TeamSpec& team = w.teams[i];
    for (const auto& s : t.at("holds").elements()) {
      const std::uint32_t state = state_index(scenario.pathway, s);
      if (states[state].is_exit() || states[state].category == Category::front_door)
        s.fail("only open states (categories assessment, cin, cp, lac, leaving_care) are held by a team");
      if (w.team_of_state[state] >= 0)
        s.fail("state '" + states[state].name + "' is already held by team '" + w.teams[static_cast<std::size_t>(w.team_of_state[state])].name + "'");
      w.team_of_state[state] = static_cast<int>(i);
      team.holds.push_back(state);
    }
    if (team.holds_cases())
      team.caseload_cap = t.number_in("caseload_cap", 1, 1000, "a caseload cap from 1 to 1000 children");
    else if (t.has("caseload_cap"))
      t.at("caseload_cap").fail("a team that holds no states ('holds: []') takes no cases, so it has no caseload cap");
    if (const auto so = t.find("supervised_outside")) team.supervised_outside = so->as_bool();
    if (const auto p = t.find("per_locality")) team.per_locality = p->as_bool();
    team.workers_by_grade = per_grade(w, t.at("workers"));
    team.vacancies_by_grade = t.has("vacancies") ? per_grade(w, t.at("vacancies")) : std::vector<double>(w.grades.size(), 0.0);
    team.managers = t.number_in("managers", 0, 10000, "a number of team managers from 0");
  }
  for (std::uint32_t s = 0; s < states.size(); ++s) {
    const Category c = states[s].category;
    // Care leavers may be left to personal advisers outside the modelled workforce.
    if (c != Category::exit && c != Category::front_door && c != Category::leaving_care && w.team_of_state[s] < 0)
      teams.fail("no team holds state '" + states[s].name + "': every open state needs a team when there is a workforce");
  }

  if (const auto hours = node.find("working_hours")) {
    hours->allow_only(scenario_keys("workforce.working_hours"));
    if (hours->has("part_time_share"))
      w.part_time_share = hours->number_in("part_time_share", 0, 1, "a share of permanent staff between 0 and 1");
    if (hours->has("part_time_fte"))
      w.part_time_fte = hours->number_in("part_time_fte", 0.05, 1, "a fraction of full time, from 0.05 to 1");
    if (w.part_time_share > 0 && !hours->has("part_time_fte"))
      hours->at("part_time_share").fail("needs 'part_time_fte' (the fraction of full time part-time staff work)");
  }

  if (const auto m = node.find("management")) {
    m->allow_only(scenario_keys("workforce.management"));
    if (m->has("locality_managers"))
      w.locality_managers = m->number_in("locality_managers", 0, 10000, "a number of locality managers from 0");
    if (m->has("business_support_per_post"))
      w.business_support_per_post =
          m->number_in("business_support_per_post", 0, 10, "business support staff per social worker post, from 0 to 10");
  }

  if (const auto sup = node.find("supervision")) {
    sup->allow_only(scenario_keys("workforce.supervision"));
    w.span_limit = sup->number_in("span_limit", 1, 100, "workers per manager, from 1 to 100");
    if (const auto e = sup->find("excess")) {
      const std::string v = e->as_string();
      if (v == "undeployable") w.span_excess = SpanExcess::undeployable;
      else if (v == "reduced_supervision") w.span_excess = SpanExcess::reduced_supervision;
      else e->fail("expected 'undeployable' or 'reduced_supervision', got '" + v + "'");
    }
  }

  // Default queue order: CP, then LAC, then CIN, then assessment (issue #3),
  // then care leavers (adults, with a personal adviser meanwhile).
  w.queue_rank = {5, 3, 2, 0, 1, 4, 6};  // indexed by Category: front_door, assessment, cin, cp, lac, leaving_care, exit
  w.weight_by_state.assign(states.size(), 1.0);
  if (const auto a = node.find("allocation")) {
    a->allow_only(scenario_keys("workforce.allocation"));
    if (const auto i = a->find("intake")) {
      const std::string v = i->as_string();
      if (v == "team") w.intake = Intake::team;
      else if (v == "manager_groups") w.intake = Intake::manager_groups;
      else i->fail("expected 'team' (the least loaded of the team) or 'manager_groups' (each manager's group in turn), got '" + v + "'");
    }
    if (const auto b = a->find("balance")) {
      const std::string v = b->as_string();
      if (v == "share_of_cap") w.balance = Balance::share_of_cap;
      else if (v == "caseload") w.balance = Balance::caseload;
      else b->fail("expected 'share_of_cap' (least weighted caseload relative to the worker's cap) or 'caseload', got '" + v + "'");
    }
    if (const auto f = a->find("when_full")) {
      const std::string v = f->as_string();
      if (v == "queue") w.when_full = WhenFull::queue;
      else if (v == "over_cap") w.when_full = WhenFull::over_cap;
      else f->fail("expected 'queue' (wait unallocated) or 'over_cap' (allocate above the cap), got '" + v + "'");
    }
    if (const auto c = a->find("continuity")) w.continuity = c->as_bool();
    if (const auto c = a->find("clock_waits_for_allocation")) w.clock_waits_for_allocation = c->as_bool();
    if (const auto weights = a->find("weights")) {
      // Category names first, then state names, which override them.
      for (int pass = 0; pass < 2; ++pass)
        for (const auto& key : weights->keys()) {
          const ConfigNode value = weights->at(key);
          bool matched = false;
          for (std::uint32_t s = 0; s < states.size(); ++s) {
            const bool hit = pass == 0 ? key == category_name(states[s].category) : key == states[s].name;
            if (!hit) continue;
            w.weight_by_state[s] = value.as_double_in(0, 100, "a case weight from 0 to 100");
            matched = true;
          }
          const bool is_category = key == "assessment" || key == "cin" || key == "cp" || key == "lac" || key == "leaving_care";
          if (pass == 1 && !matched && !is_category)
            value.fail("not a state or a category (assessment, cin, cp, lac, leaving_care)");
        }
    }
    if (const auto q = a->find("queue_priority")) {
      const auto items = q->elements();
      std::array<bool, kCategoryCount> seen{};
      int rank = 0;
      for (const auto& item : items) {
        const Category c = read_category(item);
        if (c == Category::exit || c == Category::front_door)
          item.fail("only assessment, cin, cp, lac and leaving_care queue for allocation");
        if (seen[static_cast<int>(c)]) item.fail("listed twice");
        seen[static_cast<int>(c)] = true;
        w.queue_rank[static_cast<int>(c)] = rank++;
      }
      // Care leavers may be left out: they are then served last.
      if (!seen[static_cast<int>(Category::leaving_care)]) w.queue_rank[static_cast<int>(Category::leaving_care)] = rank;
      for (Category c : {Category::cp, Category::lac, Category::cin, Category::assessment})
        if (!seen[static_cast<int>(c)]) q->fail("list all four of cp, lac, cin and assessment (and optionally leaving_care), first served first");
    }
    if (const auto r = a->find("report_caseloads_over")) w.caseload_report_threshold = r->as_double_in(0, 1000, "a caseload from 0");
  }

  if (const auto t = node.find("turnover")) {
    t->allow_only(scenario_keys("workforce.turnover"));
    if (t->has("annual_rate"))
      w.annual_turnover = t->number_in("annual_rate", 0, 5, "leavers per worker-year, from 0 to 5 (0.12 is 12% a year)");
    // An elasticity given as a number wins over the preset.
    if (const auto f = t->find("feedback")) w.caseload_elasticity = w.supervision_elasticity = feedback_preset(*f, {0.0, 0.3, 1.0});
    if (t->has("caseload_elasticity")) w.caseload_elasticity = t->number_in("caseload_elasticity", 0, 100, "from 0 to 100");
    if (t->has("supervision_elasticity")) w.supervision_elasticity = t->number_in("supervision_elasticity", 0, 100, "from 0 to 100");
    // A rate observed at some overload already holds the feedbacks' effect
    // there: the base rate is what is left without it.
    if (const auto o = t->find("observed_at")) {
      if (!t->has("annual_rate")) o->fail("needs annual_rate: the rate that was observed at this overload");
      if (!o->is_map()) o->fail("expected {excess: mean excess over the cap, unsupervised: share beyond the managers' span}");
      o->allow_only(scenario_keys("workforce.turnover.observed_at"));
      const double excess = o->number_in("excess", 0, 100, "the workers' mean excess over their caps, e.g. 0.38 (38% over)");
      const double unsupervised = o->number_in("unsupervised", 0, 1, "a share from 0 to 1");
      w.annual_turnover /= (1 + w.caseload_elasticity * excess) * (1 + w.supervision_elasticity * unsupervised);
    }
  }
  w.agency_tenure = node.find("turnover") ? duration_or(node.at("turnover"), "agency_tenure", fixed_days(1e9)) : fixed_days(1e9);

  w.short_sickness_episode = fixed_days(2);
  w.long_term_absence = fixed_days(14 * 7 + 28);
  if (const auto s = node.find("sickness")) {
    s->allow_only(scenario_keys("workforce.sickness"));
    if (s->has("short_days_per_fte_month")) w.short_sickness_days_per_fte_month = s->number_in("short_days_per_fte_month", 0, 20, "from 0 to 20 days");
    w.short_sickness_episode = duration_or(*s, "short_episode", w.short_sickness_episode);
    if (s->has("long_term_per_fte_year")) w.long_term_absences_per_fte_year = s->number_in("long_term_per_fte_year", 0, 10, "from 0 to 10 a year");
    w.long_term_absence = duration_or(*s, "long_term_duration", w.long_term_absence);
    if (const auto c = s->find("long_term_cases")) {
      const std::string v = c->as_string();
      if (v == "reallocate") w.long_term_reallocates = true;
      else if (v == "covered") w.long_term_reallocates = false;
      else c->fail("expected 'reallocate' or 'covered', got '" + v + "'");
    }
  }

  w.annual_leave_block = fixed_days(7);
  if (const auto a = node.find("annual_leave")) {
    a->allow_only(scenario_keys("workforce.annual_leave"));
    w.annual_leave_days_per_year = a->number_in("days_per_year", 0, 100, "working days of leave a year, from 0 to 100");
    w.annual_leave_block = duration_or(*a, "block", w.annual_leave_block);
    if (w.annual_leave_days_per_year > 0 && !(w.annual_leave_block.mean_days() > 0))
      a->at("block").fail("expected a length of leave with a mean above 0 days");
  }

  w.recruitment.time_to_hire = fixed_days(90);
  w.agency_lag = fixed_days(14);
  for (std::size_t g = 0; g < w.grades.size(); ++g) {
    if (w.grades[g].newly_qualified && w.newly_qualified_grade < 0) w.newly_qualified_grade = static_cast<int>(g);
  }
  if (const auto r = node.find("recruitment")) {
    r->allow_only(scenario_keys("workforce.recruitment"));
    w.recruitment = read_recruitment_terms(*r, w.recruitment);
    // A drive changes the terms from its date: kept as an establishment
    // change of nothing else, so it takes effect with the other dated changes.
    if (const auto drives = r->find("drives")) {
      if (!drives->is_sequence()) drives->fail("expected a list of drives, e.g. [{from: 2016-07-01, success_rate: 0.2}]");
      for (const auto& d : drives->elements()) {
        if (!d.is_map()) d.fail("expected a drive: {from: DATE, success_rate: ..., time_to_hire: ...}");
        d.allow_only(scenario_keys("workforce.recruitment.drives.*"));
        EstablishmentChange change;
        change.day = day_of(scenario, read_date(d.at("from")));
        if (change.day < 0) d.at("from").fail("is before the scenario's start date");
        change.team_change = false;
        change.recruitment = read_recruitment_terms(d, w.recruitment);
        w.establishment.push_back(change);
      }
    }
    w.agency_lag = duration_or(*r, "agency_lag", w.agency_lag);
    if (r->has("newly_qualified_share")) w.newly_qualified_share = r->number_in("newly_qualified_share", 0, 1, "a share between 0 and 1");
    if (const auto g = r->find("newly_qualified_grade")) w.newly_qualified_grade = grade_index(w, *g);
    if (const auto g = r->find("qualified_grade")) w.qualified_grade = grade_index(w, *g);
    if (r->has("agency_share_cap")) w.agency_share_cap = r->number_in("agency_share_cap", 0, 1, "a share between 0 and 1");
    if (r->has("bank")) w.bank_size = static_cast<int>(r->number_in("bank", 0, 10000, "a number of staff from 0"));
    if (w.newly_qualified_share > 0 && (w.newly_qualified_grade < 0 || w.qualified_grade < 0))
      r->at("newly_qualified_share").fail("needs 'newly_qualified_grade' and 'qualified_grade' (the posts newly qualified staff fill)");
  }
  bool any_agency = false;
  for (const auto& g : w.grades) any_agency = any_agency || g.agency;
  if (!any_agency && w.agency_share_cap > 0) w.agency_share_cap = 0;  // no locums to be had

  if (const auto list = node.find("establishment")) {
    for (const auto& e : list->elements()) {
      e.allow_only(scenario_keys("workforce.establishment.*"));
      EstablishmentChange change;
      change.day = day_of(scenario, read_date(e.at("from")));
      if (change.day < 0) e.at("from").fail("is before the scenario's start date");
      if (e.has("locality_managers")) change.locality_managers = static_cast<int>(e.at("locality_managers").as_int());
      change.team_change = e.has("team") || !e.has("locality_managers");
      if (!change.team_change) {
        for (const char* key : {"posts", "managers", "grade", "fill"})
          if (e.has(key)) e.at(key).fail("needs 'team' (the team whose establishment changes)");
        w.establishment.push_back(change);
        continue;
      }
      change.team = team_index(w, e.at("team"));
      if (e.has("posts")) {
        change.posts = static_cast<int>(e.at("posts").as_int());
        change.grade = static_cast<std::uint32_t>(grade_index(w, e.at("grade")));
        if (w.grades[change.grade].agency) e.at("grade").fail("posts are for permanent grades; locums fill them (fill: locum_first)");
      }
      if (e.has("managers")) change.managers = static_cast<int>(e.at("managers").as_int());
      if (const auto f = e.find("fill")) {
        const std::string v = f->as_string();
        if (v == "locum_first") change.locum_first = true;
        else if (v != "permanent") f->fail("expected 'permanent' or 'locum_first', got '" + v + "'");
      }
      w.establishment.push_back(change);
    }
  }
  if (const auto d = node.find("practice_drift")) {
    d->allow_only(scenario_keys("workforce.practice_drift"));
    // The evidence's values are for looked-after children; a number given wins over the preset.
    if (const auto f = d->find("feedback")) w.drift_elasticity = feedback_preset(*f, {0.0, 0.25, 0.45});
    if (d->has("duration_elasticity")) w.drift_elasticity = d->number_in("duration_elasticity", 0, 100, "from 0 to 100");
    if (const auto list = d->find("categories")) {
      if (!list->is_sequence() || list->size() == 0) list->fail("expected a list of categories, e.g. [lac]");
      w.drift_categories.fill(false);
      for (const auto& item : list->elements()) w.drift_categories[static_cast<std::size_t>(held_category(item.as_string(), item))] = true;
    }
    if (const auto o = d->find("observed_at")) {
      if (!o->is_map()) o->fail("expected {excess: the mean excess over the cap at which the durations were observed}");
      o->allow_only(scenario_keys("workforce.practice_drift.observed_at"));
      w.drift_observed_excess = o->number_in("excess", 0, 100, "the workers' mean excess over their caps, e.g. 0.32 (32% over)");
    }
  }
  w.permanence_exit.assign(states.size(), false);
  if (const auto p = node.find("permanence_hazard")) read_permanence_hazard(*p, scenario.pathway, w);
  return w;
}

namespace detail {

//! The values parse_workforce used for the optional keys the scenario's
//! `workforce` left out, read back from what it built. Establishment entries
//! and keys newer than this list are not written (their defaults still apply).
void record_workforce_defaults(const ConfigNode& node, const WorkforceConfig& w) {
  const auto flow = [](YAML::Node n) {
    n.SetStyle(YAML::EmitterStyle::Flow);
    return n;
  };
  const auto number = [](double x) { return config_scalar(x); };
  const auto grade_name = [&](int g) { return g >= 0 ? config_scalar(w.grades[static_cast<std::size_t>(g)].name) : YAML::Node(); };

  YAML::Node localities(YAML::NodeType::Map);
  for (std::size_t i = 0; i < w.localities.size() && i < w.locality_shares.size(); ++i)
    localities[w.localities[i]] = number(w.locality_shares[i]);
  node.record_default("localities", flow(localities));

  const ConfigNode grades = node.at("grades");
  for (const auto& grade : w.grades) {
    const ConfigNode g = grades.at(grade.name);
    g.record_default("agency", config_scalar(grade.agency));
    g.record_default("newly_qualified", config_scalar(grade.newly_qualified));
  }
  const ConfigNode teams = node.at("teams");
  for (const auto& team : w.teams) {
    const ConfigNode t = teams.at(team.name);
    t.record_default("per_locality", config_scalar(team.per_locality));
    t.record_default("supervised_outside", config_scalar(team.supervised_outside));
    YAML::Node vacancies(YAML::NodeType::Map);
    for (std::size_t g = 0; g < w.grades.size() && g < team.vacancies_by_grade.size(); ++g)
      vacancies[w.grades[g].name] = number(team.vacancies_by_grade[g]);
    t.record_default("vacancies", flow(vacancies));
  }

  record_section_defaults(
      node, "supervision",
      {{"span_limit", number(w.span_limit)},
       {"excess", config_scalar(w.span_excess == SpanExcess::undeployable ? "undeployable" : "reduced_supervision")}});

  // Weights: only the default, every state 1, is written as the four categories.
  YAML::Node weights;
  if (std::all_of(w.weight_by_state.begin(), w.weight_by_state.end(), [](double x) { return x == 1.0; })) {
    weights = YAML::Node(YAML::NodeType::Map);
    for (const char* category : {"assessment", "cin", "cp", "lac"}) weights[category] = number(1.0);
    flow(weights);
  }
  std::vector<Category> order{Category::assessment, Category::cin, Category::cp, Category::lac};
  std::stable_sort(order.begin(), order.end(), [&](Category a, Category b) {
    return w.queue_rank[static_cast<int>(a)] < w.queue_rank[static_cast<int>(b)];
  });
  YAML::Node priority(YAML::NodeType::Sequence);
  for (Category c : order) priority.push_back(config_scalar(category_name(c)));
  record_section_defaults(node, "working_hours",
                          {{"part_time_share", number(w.part_time_share)}, {"part_time_fte", number(w.part_time_fte)}});
  record_section_defaults(node, "management",
                          {{"locality_managers", number(w.locality_managers)},
                           {"business_support_per_post", number(w.business_support_per_post)}});
  record_section_defaults(node, "allocation",
                          {{"when_full", config_scalar(w.when_full == WhenFull::over_cap ? "over_cap" : "queue")},
                           {"balance", config_scalar(w.balance == Balance::share_of_cap ? "share_of_cap" : "caseload")},
                           {"intake", config_scalar(w.intake == Intake::team ? "team" : "manager_groups")},
                           {"continuity", config_scalar(w.continuity)},
                           {"clock_waits_for_allocation", config_scalar(w.clock_waits_for_allocation)},
                           {"weights", weights},
                           {"queue_priority", flow(priority)},
                           {"report_caseloads_over", number(w.caseload_report_threshold)}});

  record_section_defaults(node, "turnover",
                          {{"annual_rate", number(w.annual_turnover)},
                           {"caseload_elasticity", number(w.caseload_elasticity)},
                           {"supervision_elasticity", number(w.supervision_elasticity)},
                           {"agency_tenure", duration_yaml(w.agency_tenure)}});
  record_section_defaults(node, "sickness",
                          {{"short_days_per_fte_month", number(w.short_sickness_days_per_fte_month)},
                           {"short_episode", duration_yaml(w.short_sickness_episode)},
                           {"long_term_per_fte_year", number(w.long_term_absences_per_fte_year)},
                           {"long_term_duration", duration_yaml(w.long_term_absence)},
                           {"long_term_cases", config_scalar(w.long_term_reallocates ? "reallocate" : "covered")}});
  record_section_defaults(node, "annual_leave",
                          {{"days_per_year", number(w.annual_leave_days_per_year)}, {"block", duration_yaml(w.annual_leave_block)}});
  record_section_defaults(node, "recruitment",
                          {{"time_to_hire", duration_yaml(w.recruitment.time_to_hire)},
                           {"success_rate", number(w.recruitment.success_rate)},
                           {"agency_lag", duration_yaml(w.agency_lag)},
                           {"newly_qualified_share", number(w.newly_qualified_share)},
                           {"newly_qualified_grade", grade_name(w.newly_qualified_grade)},
                           {"qualified_grade", grade_name(w.qualified_grade)},
                           {"agency_share_cap", number(w.agency_share_cap)},
                           {"bank", number(w.bank_size)}});
  record_section_defaults(node, "practice_drift", {{"duration_elasticity", number(w.drift_elasticity)}});
  if (node.has("permanence_hazard"))
    record_section_defaults(node, "permanence_hazard", {{"hazard_ratio", number(w.permanence_hazard_ratio)}});
}

}  // namespace detail

}  // namespace caseflow
