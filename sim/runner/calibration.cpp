// Fitting a scenario to an authority's published figures (calibration.h).
#include "caseflow/runner/calibration.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/flow_balance.h"
#include "caseflow/model/workforce_config.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/runner.h"
#include "caseflow/runner/statistics.h"
#include "caseflow/runner/sweep_spec.h"
#include "calibration_runs.h"

namespace caseflow {

using calibration_detail::Measured;
using calibration_detail::simulate;

namespace {

//! Median and 5th-95th percentiles over replications, as summary.csv's.
void set_band(FitRow& row, const std::vector<double>& values) {
  QuantileSketch sketch;
  for (double v : values)
    if (std::isfinite(v)) sketch.add(v);
  row.median = sketch.quantile(0.5);
  row.low = sketch.quantile(0.05);
  row.high = sketch.quantile(0.95);
}

constexpr double kLowest = 0.02, kHighest = 50.0;  // a route's or stay's factor stays within these
constexpr double kLowestSize = 1e-4, kHighestSize = 1e5;  // the contact rate's and the teams' (an authority's size)
constexpr double kMaxStep = 0.6931471805599453;    // at most ×2 or ÷2 a step (log 2)
constexpr double kConverged = 0.25;                // within a quarter of each tolerance

bool is_open(Category c) { return c == Category::assessment || c == Category::cin || c == Category::cp || c == Category::lac; }

//! One value the fit moves, by a factor on the base's value, for one target.
struct Knob {
  enum class Kind { contacts, re_referral, routes, durations, workforce } kind;
  std::size_t target;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> routes;  // (state, transition)
  std::vector<std::uint32_t> states;                            // durations: whose stays scale
  std::string serves;                                           // for the report
};

std::string route_name(const Pathway& p, std::uint32_t s, std::uint32_t t) {
  return p.states[s].name + " → " + p.states[p.states[s].transitions[t].to].name;
}

std::vector<Knob> make_knobs(const CalibrationTargets& targets, const Scenario& base) {
  const Pathway& p = base.pathway;
  auto has = [&](TargetKind k) {
    return std::any_of(targets.targets.begin(), targets.targets.end(), [&](const auto& t) { return t.kind == k; });
  };
  auto routes_where = [&](auto&& keep) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> routes;
    for (std::uint32_t s = 0; s < p.states.size(); ++s)
      for (std::uint32_t t = 0; t < p.states[s].transitions.size(); ++t)
        if (keep(s, p.states[s].transitions[t].to)) routes.emplace_back(s, t);
    return routes;
  };
  auto in_category = [&](Category c) {
    std::vector<std::uint32_t> states;
    for (std::uint32_t s = 0; s < p.states.size(); ++s)
      if (p.states[s].category == c) states.push_back(s);
    return states;
  };
  auto cat = [&](std::uint32_t s) { return p.states[s].category; };
  std::vector<Knob> knobs;
  for (std::size_t i = 0; i < targets.targets.size(); ++i) {
    const CalibrationTarget& t = targets.targets[i];
    Knob k{Knob::Kind::routes, i, {}, {}, {}};
    switch (t.kind) {
      case TargetKind::contacts: k.kind = Knob::Kind::contacts; break;
      case TargetKind::referrals:
        if (!has(TargetKind::contacts) || p.entry == p.referral) k.kind = Knob::Kind::contacts;
        else k.routes = routes_where([&](auto s, auto to) { return s == p.entry && to == p.referral; });
        break;
      case TargetKind::re_referral_share: k.kind = Knob::Kind::re_referral; break;
      case TargetKind::assessments:
        k.routes = routes_where([&](auto s, auto to) { return s == p.referral && to == p.assessment && s != to; });
        break;
      case TargetKind::s47_enquiries: {
        const auto s47 = *p.find(targets.s47_state);
        k.routes = routes_where([&](auto s, auto to) { return to == s47 && s != s47; });
        break;
      }
      case TargetKind::initial_conferences: {
        const auto s47 = *p.find(targets.s47_state), icpc = *p.find(targets.icpc_state);
        k.routes = routes_where([&](auto s, auto to) { return s == s47 && to == icpc; });
        break;
      }
      case TargetKind::cp_starts:
        k.routes = routes_where([&](auto s, auto to) { return cat(to) == Category::cp && cat(s) != Category::cp; });
        break;
      case TargetKind::lac_starts:
        k.routes = routes_where([&](auto s, auto to) { return cat(to) == Category::lac && cat(s) != Category::lac; });
        break;
      case TargetKind::lac_exit_share: {
        const auto exit = *p.find(t.exit);
        k.routes = routes_where([&](auto s, auto to) { return cat(s) == Category::lac && to == exit; });
        break;
      }
      case TargetKind::child_protection: k.kind = Knob::Kind::durations; k.states = in_category(Category::cp); break;
      case TargetKind::looked_after: k.kind = Knob::Kind::durations; k.states = in_category(Category::lac); break;
      case TargetKind::children_in_need: k.kind = Knob::Kind::durations; k.states = in_category(Category::cin); break;
      case TargetKind::social_workers_fte: k.kind = Knob::Kind::workforce; break;
      default: continue;  // reported only
    }
    if (k.kind == Knob::Kind::routes && k.routes.empty()) continue;  // nothing to move: reported
    if (k.kind == Knob::Kind::durations && k.states.empty()) continue;
    switch (k.kind) {
      case Knob::Kind::contacts: k.serves = "demand.contacts_per_year"; break;
      case Knob::Kind::re_referral: k.serves = "children.re_referral.probability"; break;
      case Knob::Kind::workforce: k.serves = "every team's workers and managers"; break;
      case Knob::Kind::routes:
        for (const auto& [s, tr] : k.routes) k.serves += (k.serves.empty() ? "route " : ", ") + route_name(p, s, tr);
        break;
      case Knob::Kind::durations:
        for (auto s : k.states) k.serves += (k.serves.empty() ? "stays in " : ", ") + p.states[s].name;
        break;
    }
    knobs.push_back(std::move(k));
  }
  return knobs;
}

//! What the fit carries from one run to the next besides the factors.
struct Carried {
  std::map<std::string, double> open_by_state;  // empty: the base's warm start
  double re_referrals_pending = -1.0;           // < 0: the base's
  double closing_excess = -1.0;                 // < 0: the base's observed_at
  double workforce_factor = 1.0;
};

YAML::Node flow(const std::string& text) { return YAML::Load(text); }

std::string times(double factor) {
  std::ostringstream out;
  out.precision(4);
  out << "×" << factor;
  return out.str();
}

//! The calibrated values for factors `x`: each state whose routes or stays
//! change is written whole (a list replaces the base's in `extends`).
std::vector<CalibratedValue> apply(const std::vector<Knob>& knobs, const std::vector<double>& x, const Carried& carried,
                                   const CalibrationTargets& targets, const Scenario& base, const YAML::Node& tree,
                                   std::vector<std::string>& notes) {
  const Pathway& p = base.pathway;
  std::vector<CalibratedValue> values;
  notes.assign(knobs.size(), {});
  auto target_text = [&](const Knob& k) {
    const CalibrationTarget& t = targets.targets[k.target];
    std::ostringstream out;
    out << t.key << " " << exact_number(t.relative && t.value >= 100 ? std::round(t.value) : std::round(t.value * 1000) / 1000);
    if (!t.source.empty()) out << " (" << t.source << ")";
    return out.str();
  };
  // Route and stay factors by state.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> route_factor;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> route_why;
  std::map<std::uint32_t, double> stay_factor;
  std::map<std::uint32_t, std::string> stay_why;
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    const Knob& k = knobs[i];
    const YAML::Node& view = tree;
    if (k.kind == Knob::Kind::contacts) {
      const double was = view["demand"]["contacts_per_year"].as<double>();
      values.push_back({"demand.contacts_per_year", flow(exact_number(std::round(was * x[i] * 10) / 10)),
                        "calibrated " + times(x[i]) + " (was " + exact_number(was) + "): " + target_text(k)});
    } else if (k.kind == Knob::Kind::re_referral) {
      const double was = view["children"]["re_referral"]["probability"].as<double>();
      double now = was * x[i];
      if (now > 0.95) { now = 0.95; notes[i] = "the re-referral probability would pass 0.95"; }
      values.push_back({"children.re_referral.probability", flow(exact_number(std::round(now * 1e5) / 1e5)),
                        "calibrated (was " + exact_number(was) + "): " + target_text(k)});
    } else if (k.kind == Knob::Kind::routes) {
      for (const auto& r : k.routes) {
        auto [it, fresh] = route_factor.emplace(r, x[i]);
        if (!fresh) it->second *= x[i];
        route_why[r] += (route_why[r].empty() ? "" : "; ") + target_text(k);
      }
    } else if (k.kind == Knob::Kind::durations) {
      for (auto s : k.states) {
        stay_factor[s] = x[i];
        stay_why[s] = target_text(k);
      }
    }
  }
  std::set<std::uint32_t> changed;
  for (const auto& [r, f] : route_factor) changed.insert(r.first);
  for (const auto& [s, f] : stay_factor) changed.insert(s);
  for (const auto s : changed) {
    const State& state = p.states[s];
    const YAML::Node node = YAML::Clone(tree["pathway"]["states"][state.name]);
    const auto stay = stay_factor.find(s);
    const double stay_by = stay == stay_factor.end() ? 1.0 : stay->second;
    // Probabilities: fitted routes by their factors, the others in proportion.
    std::vector<double> prob(state.transitions.size());
    double fitted_base = 0.0, fitted_new = 0.0, free_base = 0.0;
    for (std::uint32_t t = 0; t < prob.size(); ++t) {
      const double was = state.transitions[t].probability;
      const auto f = route_factor.find({s, t});
      if (f != route_factor.end()) {
        fitted_base += was;
        fitted_new += (prob[t] = was * f->second);
      } else {
        free_base += (prob[t] = was);
      }
    }
    const double room = free_base > 0.0 ? 0.999 : fitted_base;  // without other routes the total cannot change
    if (fitted_new > room && fitted_new > 0.0) {
      for (std::uint32_t t = 0; t < prob.size(); ++t)
        if (route_factor.count({s, t})) prob[t] *= room / fitted_new;
      for (std::size_t i = 0; i < knobs.size(); ++i)
        for (const auto& r : knobs[i].routes)
          if (r.first == s)
            notes[i] = free_base > 0.0 ? "the routes out of " + state.name + " would take more than all its children"
                                       : state.name + " has no other route to take the change from";
      fitted_new = room;
    }
    const double free_by = free_base > 0.0 ? (1.0 - fitted_new) / free_base : 1.0;
    // Six decimals, the largest route taking the rounding so they sum to 1.
    std::uint32_t largest = 0;
    for (std::uint32_t t = 0; t < prob.size(); ++t) {
      if (!route_factor.count({s, t})) prob[t] *= free_by;
      prob[t] = std::round(prob[t] * 1e6) / 1e6;
      if (prob[t] > prob[largest]) largest = t;
    }
    double others = 0.0;
    for (std::uint32_t t = 0; t < prob.size(); ++t) others += t == largest ? 0.0 : prob[t];
    prob[largest] = std::round((1.0 - others) * 1e6) / 1e6;
    bool routes_changed = false;
    YAML::Node list = node["transitions"];
    for (std::uint32_t t = 0; t < prob.size(); ++t) {
      const double now = prob[t];
      YAML::Node item = list[t];
      const double was = state.transitions[t].probability;
      if (std::abs(now - was) > 1e-12) {
        item["probability"] = flow(exact_number(now));
        routes_changed = true;
      }
      const YAML::Node duration = item["duration"];
      if (stay_by != 1.0 && duration.IsDefined() && duration.IsMap() && duration["dist"])
        item["duration"] = flow(scaled_value(duration, stay_by));
    }
    std::string why;
    for (std::uint32_t t = 0; t < prob.size(); ++t) {
      const auto w = route_why.find({s, t});
      if (w != route_why.end()) why += (why.empty() ? "" : "; ") + p.states[state.transitions[t].to].name + " for " + w->second;
    }
    const bool transition_durations = stay_by != 1.0 && std::any_of(list.begin(), list.end(), [](const YAML::Node& i) {
      return i["duration"].IsDefined() && i["duration"].IsMap() && i["duration"]["dist"];
    });
    if (routes_changed || transition_durations)
      values.push_back({"pathway.states." + state.name + ".transitions", list,
                        "calibrated: " + (why.empty() ? std::string("stays ") + times(stay_by) + " for " + stay_why[s]
                                                      : why + (transition_durations ? "; stays " + times(stay_by) + " for " + stay_why[s] : std::string()))});
    const YAML::Node duration = node["duration"];
    if (stay_by != 1.0 && duration.IsDefined() && duration.IsMap() && duration["dist"])
      values.push_back({"pathway.states." + state.name + ".duration", flow(scaled_value(duration, stay_by)),
                        "calibrated " + times(stay_by) + ": " + stay_why[s]});
  }
  // The warm start and the feedback's reference point, from the last run.
  if (!carried.open_by_state.empty()) {
    YAML::Node open;
    for (const auto& [name, n] : carried.open_by_state) open[name] = flow(exact_number(n));
    values.push_back({"warm_start.open_by_state", open,
                      "calibrated: the stock targets in the model's own stationary proportions (the last fitting run's final year)"});
  }
  if (carried.re_referrals_pending >= 0.0)
    values.push_back({"warm_start.re_referrals_pending", flow(exact_number(carried.re_referrals_pending)),
                      "calibrated: re-referrals a year × their mean delay"});
  if (carried.closing_excess >= 0.0 && tree["children"]["re_referral"]["observed_at"].IsDefined())
    values.push_back({"children.re_referral.observed_at.excess", flow(exact_number(std::round(carried.closing_excess * 100) / 100)),
                      "derived: closing workers' mean excess over their caps in the calibrated run, months 13 on (the feedback is 1 there)"});
  if (carried.workforce_factor != 1.0) {
    for (const auto& team : tree["workforce"]["teams"]) {
      const std::string name = team.first.Scalar();
      const YAML::Node workers = team.second["workers"];
      if (workers.IsMap()) {
        YAML::Node scaled;
        for (const auto& grade : workers)
          scaled[grade.first.Scalar()] = flow(exact_number(std::round(grade.second.as<double>() * carried.workforce_factor)));
        values.push_back({"workforce.teams." + name + ".workers", scaled,
                          "calibrated " + times(carried.workforce_factor) + " with every team: social_workers_fte"});
      }
      if (team.second["managers"].IsDefined() && team.second["managers"].IsScalar()) {
        const double was = team.second["managers"].as<double>();
        values.push_back({"workforce.teams." + name + ".managers",
                          flow(exact_number(std::max(was > 0 ? 1.0 : 0.0, std::round(was * carried.workforce_factor)))),
                          "calibrated with the workers: spans as in the base"});
      }
    }
  }
  return values;
}

std::vector<std::string> overrides_of(const std::vector<std::string>& base, const std::vector<CalibratedValue>& values) {
  std::vector<std::string> out = base;
  for (const auto& v : values) out.push_back(v.path + "=" + flow_text(v.value));
  return out;
}

Scenario parse_with(const CalibrationBase& base, const std::vector<std::string>& overrides) {
  return parse_scenario(base.text, base.source, overrides, base.reader);
}

//! Figures of the steady state (flow_balance.h) for the flow targets, and
//! each state's entries, for the Jacobian.
struct Analytic {
  std::vector<double> target;   // by target index (NaN where not a flow target)
  std::vector<double> entries;  // by state
};

Analytic analytic(const Scenario& s, const CalibrationTargets& targets) {
  const FlowBalance fb = flow_balance(s);
  const Pathway& p = s.pathway;
  Analytic a;
  a.entries = fb.entries_per_year;
  auto into = [&](Category c) {
    double sum = 0.0;
    for (std::size_t i = 0; i < p.states.size(); ++i)
      if (p.states[i].category != c)
        for (std::size_t t = 0; t < p.states[i].transitions.size(); ++t)
          if (p.states[p.states[i].transitions[t].to].category == c) sum += fb.transition_per_year[i][t];
    return sum;
  };
  double lac_out = 0.0;
  for (std::size_t i = 0; i < p.states.size(); ++i)
    if (p.states[i].category == Category::lac)
      for (std::size_t t = 0; t < p.states[i].transitions.size(); ++t)
        if (p.states[p.states[i].transitions[t].to].category != Category::lac) lac_out += fb.transition_per_year[i][t];
  for (const auto& t : targets.targets) {
    double v = std::nan("");
    switch (t.kind) {
      case TargetKind::contacts: v = s.demand.contacts_per_year + fb.re_referrals_per_year; break;
      case TargetKind::referrals: v = fb.entries_per_year[p.referral]; break;
      case TargetKind::re_referral_share: v = fb.re_referrals_per_year / fb.entries_per_year[p.referral]; break;
      case TargetKind::assessments: v = fb.entries_per_year[p.assessment]; break;
      case TargetKind::s47_enquiries: v = fb.entries_per_year[*p.find(targets.s47_state)]; break;
      case TargetKind::initial_conferences: v = fb.entries_per_year[*p.find(targets.icpc_state)]; break;
      case TargetKind::cp_starts: v = into(Category::cp); break;
      case TargetKind::lac_starts: v = into(Category::lac); break;
      case TargetKind::lac_exit_share: {
        const auto exit = *p.find(t.exit);
        double to_exit = 0.0;
        for (std::size_t i = 0; i < p.states.size(); ++i)
          if (p.states[i].category == Category::lac)
            for (std::size_t tr = 0; tr < p.states[i].transitions.size(); ++tr)
              if (p.states[i].transitions[tr].to == exit) to_exit += fb.transition_per_year[i][tr];
        v = lac_out > 0 ? to_exit / lac_out : 0.0;
        break;
      }
      default: break;
    }
    a.target.push_back(v);
  }
  return a;
}

//! The stock targets split over their states in the last run's proportions
//! (whole children, by largest remainders); the other states keep the run's.
std::map<std::string, double> warm_start_for(const Measured& m, const CalibrationTargets& targets, const Scenario& s) {
  const Pathway& p = s.pathway;
  auto target = [&](TargetKind k) {
    for (const auto& t : targets.targets)
      if (t.kind == k) return t.value;
    return -1.0;
  };
  std::map<std::string, double> open;
  std::vector<double> want(p.states.size(), 0.0);
  for (std::size_t i = 0; i < p.states.size(); ++i) want[i] = (is_open(p.states[i].category) || p.states[i].holds_adults()) ? m.state_last_year[i] : 0.0;
  auto group_total = [&](auto&& in) {
    double sum = 0.0;
    for (std::size_t i = 0; i < p.states.size(); ++i)
      if (in(p.states[i].category)) sum += want[i];
    return sum;
  };
  auto rescale = [&](auto&& in, double total) {
    const double now = group_total(in);
    if (total < 0.0 || now <= 0.0) return;
    for (std::size_t i = 0; i < p.states.size(); ++i)
      if (in(p.states[i].category)) want[i] *= total / now;
  };
  const double cp = target(TargetKind::child_protection), lac = target(TargetKind::looked_after);
  rescale([](Category c) { return c == Category::cp; }, cp);
  rescale([](Category c) { return c == Category::lac; }, lac);
  const double all = target(TargetKind::children_in_need);
  if (all >= 0.0) {
    const double held = group_total([](Category c) { return c == Category::cp || c == Category::lac; });
    rescale([](Category c) { return c == Category::assessment || c == Category::cin; }, std::max(0.0, all - held));
  }
  for (std::size_t i = 0; i < p.states.size(); ++i)
    if (want[i] > 0.0) open[p.states[i].name] = std::round(want[i]);
  return open;
}

//! Solves J d = r by Gaussian elimination with partial pivoting; false when singular.
bool solve(std::vector<std::vector<double>> J, std::vector<double> r, std::vector<double>& d) {
  const std::size_t n = r.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t i = c + 1; i < n; ++i)
      if (std::abs(J[i][c]) > std::abs(J[pivot][c])) pivot = i;
    if (std::abs(J[pivot][c]) < 1e-9) return false;
    std::swap(J[c], J[pivot]);
    std::swap(r[c], r[pivot]);
    for (std::size_t i = c + 1; i < n; ++i) {
      const double f = J[i][c] / J[c][c];
      for (std::size_t k = c; k < n; ++k) J[i][k] -= f * J[c][k];
      r[i] -= f * r[c];
    }
  }
  d.assign(n, 0.0);
  for (std::size_t c = n; c-- > 0;) {
    double v = r[c];
    for (std::size_t k = c + 1; k < n; ++k) v -= J[c][k] * d[k];
    d[c] = v / J[c][c];
  }
  return true;
}

double tolerance_of(const CalibrationTarget& t) { return t.relative ? t.tolerance * t.value : t.tolerance; }

}  // namespace

CalibrationResult calibrate(const CalibrationBase& base, const CalibrationTargets& targets, const CalibrationOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  YAML::Node tree;
  Scenario original;
  {
    ConfigCapture capture;
    original = parse_with(base, base.overrides);
    tree = YAML::Load(capture.resolved_yaml());
  }
  check_targets_against(targets, original);
  const std::vector<Knob> knobs = make_knobs(targets, original);
  const std::size_t n = knobs.size();
  const bool rebuild_warm_start = original.warm_start.cases.empty();
  std::vector<double> x(n, 1.0);
  // The contact rate starts where the flow balance puts it: an authority's
  // size may be a hundred times the base's, beyond what damped steps reach.
  {
    const Analytic at_base = analytic(original, targets);
    for (std::size_t i = 0; i < n; ++i) {
      const double a = at_base.target[knobs[i].target];
      if (knobs[i].kind == Knob::Kind::contacts && std::isfinite(a) && a > 0)
        x[i] = std::clamp(targets.targets[knobs[i].target].value / a, kLowestSize, kHighestSize);
    }
  }
  Carried carried;
  CalibrationResult result;
  std::vector<std::string> notes, bound_notes(n);
  auto scenario_for = [&](const std::vector<double>& at, const Carried& c) {
    const auto values = apply(knobs, at, c, targets, original, tree, notes);
    return std::make_pair(parse_with(base, overrides_of(base.overrides, values)), values);
  };
  auto say = [&](const std::string& line) { if (options.progress) options.progress(line); };
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const auto [scenario, values] = scenario_for(x, carried);
    const Measured m = simulate(scenario, targets, options.replications, options);
    if (options.stop && options.stop->load()) break;
    result.iterations = iteration;
    // Residuals in logs; the largest miss as a share of its tolerance.
    std::vector<double> r(n, 0.0);
    double worst = 0.0;
    std::string worst_key;
    for (std::size_t i = 0; i < n; ++i) {
      const CalibrationTarget& t = targets.targets[knobs[i].target];
      const double got = m.mean(knobs[i].target);
      r[i] = std::log(std::max(t.value, 1e-9)) - std::log(std::max(got, 1e-9));
      const double miss = std::abs(got - t.value) / std::max(1e-12, tolerance_of(t));
      if (miss > worst) { worst = miss; worst_key = t.key; }
    }
    std::ostringstream line;
    line.precision(3);
    line << "iteration " << iteration << ": worst miss " << worst << " of its tolerance" << (worst_key.empty() ? "" : " (" + worst_key + ")");
    say(line.str());
    // The next run's warm start and feedback reference, from this run.
    Carried next = carried;
    if (rebuild_warm_start) {
      next.open_by_state = warm_start_for(m, targets, scenario);
      next.re_referrals_pending = std::round(m.re_referrals / kDaysPerYear * scenario.children.re_referral_delay.mean_days());
    }
    // Not from a run whose teams are still the base's size for another
    // authority's demand (the next run has them scaled): its overload is not
    // the calibrated baseline's.
    const bool workforce_settled = std::none_of(knobs.begin(), knobs.end(), [&](const Knob& k) {
      return k.kind == Knob::Kind::workforce && iteration == 1;
    });
    if (scenario.workforce && scenario.workforce->enabled && workforce_settled && m.closing_excess <= 100.0)
      next.closing_excess = m.closing_excess;
    const bool warm_settled = iteration > 1;  // the warm start has been rebuilt at least once
    if (worst <= kConverged && warm_settled) {
      result.converged = true;
      break;
    }
    // Jacobian of log figures by log factors: flows from the flow balance
    // (finite differences), stocks by Little's law with this run's stays.
    const Analytic here = analytic(scenario, targets);
    std::vector<std::vector<double>> J(n, std::vector<double>(n, 0.0));
    std::vector<std::vector<double>> dlog_entries(n);
    const double h = 0.01;
    for (std::size_t j = 0; j < n; ++j) {
      if (knobs[j].kind == Knob::Kind::durations || knobs[j].kind == Knob::Kind::workforce) {
        dlog_entries[j].assign(scenario.pathway.states.size(), 0.0);
        continue;
      }
      std::vector<double> moved = x;
      moved[j] *= std::exp(h);
      const Analytic there = analytic(scenario_for(moved, carried).first, targets);
      for (std::size_t i = 0; i < n; ++i) {
        const double a = here.target[knobs[i].target], b = there.target[knobs[i].target];
        if (std::isfinite(a) && std::isfinite(b) && a > 0 && b > 0) J[i][j] = (std::log(b) - std::log(a)) / h;
      }
      for (std::size_t s = 0; s < here.entries.size(); ++s)
        dlog_entries[j].push_back(here.entries[s] > 0 && there.entries[s] > 0 ? (std::log(there.entries[s]) - std::log(here.entries[s])) / h : 0.0);
    }
    const Pathway& p = scenario.pathway;
    for (std::size_t i = 0; i < n; ++i) {
      const CalibrationTarget& t = targets.targets[knobs[i].target];
      if (knobs[i].kind == Knob::Kind::workforce) { J[i][i] = 1.0; continue; }
      if (knobs[i].kind != Knob::Kind::durations) continue;
      auto in = [&](Category c) {
        return t.kind == TargetKind::children_in_need ? is_open(c)
               : t.kind == TargetKind::child_protection ? c == Category::cp : c == Category::lac;
      };
      double stock = 0.0;
      for (std::size_t s = 0; s < p.states.size(); ++s)
        if (in(p.states[s].category)) stock += m.state_mean[s];
      if (stock <= 0.0) { J[i][i] = 1.0; continue; }
      for (std::size_t j = 0; j < n; ++j) {
        double d = 0.0;
        for (std::size_t s = 0; s < p.states.size(); ++s) {
          if (!in(p.states[s].category)) continue;
          const double share = m.state_mean[s] / stock;
          d += share * dlog_entries[j][s];
          if (knobs[j].kind == Knob::Kind::durations &&
              std::find(knobs[j].states.begin(), knobs[j].states.end(), s) != knobs[j].states.end()) {
            // The part of the measured stay that scales: routes with a duration, not until an age.
            double scalable = 0.0;
            for (const auto& tr : p.states[s].transitions)
              if (tr.duration.kind == DurationSpec::Kind::distribution) scalable += tr.probability * tr.duration.mean_days();
            const double stay = m.state_entries[s] > 0 ? m.state_mean[s] / m.state_entries[s] * kDaysPerYear : scalable;
            d += share * std::clamp(stay > 0 ? scalable / stay : 1.0, 0.05, 1.0);
          }
        }
        J[i][j] = d;
      }
    }
    std::vector<double> step;
    if (!solve(J, r, step)) {
      step.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i) step[i] = std::abs(J[i][i]) > 1e-6 ? r[i] / J[i][i] : r[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (knobs[i].kind == Knob::Kind::workforce) {
        // Whole workers: scale once from the run's FTE, not by Newton steps.
        next.workforce_factor = std::clamp(carried.workforce_factor * std::exp(r[i]), kLowestSize, kHighestSize);
        continue;
      }
      const bool size = knobs[i].kind == Knob::Kind::contacts;
      const double lo = size ? kLowestSize : kLowest, hi = size ? kHighestSize : kHighest;
      // A size moves by the whole step (it is a scale); a route or stay by a damped one.
      x[i] = std::clamp(x[i] * std::exp(size ? step[i] : std::clamp(step[i], -kMaxStep, kMaxStep)), lo, hi);
      bound_notes[i] = x[i] == lo || x[i] == hi ? "its value would have to change more than " + times(hi) : "";
    }
    carried = next;
  }
  // The fit report, from a larger run with the calibrated values.
  const auto [scenario, values] = scenario_for(x, carried);
  result.values = values;
  result.overrides = overrides_of({}, values);
  std::vector<std::string> final_notes = notes;
  for (std::size_t k = 0; k < n; ++k)
    if (final_notes[k].empty()) final_notes[k] = bound_notes[k];
  say("checking the fit with " + std::to_string(options.report_replications) + " replications");
  const Measured m = simulate(scenario, targets, options.report_replications, options);
  for (std::size_t i = 0; i < targets.targets.size(); ++i) {
    const CalibrationTarget& t = targets.targets[i];
    FitRow row;
    row.target = t.key;
    row.serves = "reported";
    row.value = t.value;
    row.tolerance = t.tolerance;
    row.relative = t.relative;
    row.source = t.source;
    for (std::size_t k = 0; k < n; ++k)
      if (knobs[k].target == i) {
        row.serves = knobs[k].serves;
        row.note = final_notes[k];
      }
    set_band(row, m.per_target[i]);
    row.within = std::abs(row.median - t.value) <= tolerance_of(t) + 1e-12;
    result.fit.push_back(row);
    for (std::size_t y = 0; y < m.stock_by_year[i].size() && !m.stock_by_year[i][y].empty(); ++y) {
      FitRow year = row;
      year.target = t.key + " at month " + std::to_string(12 * (y + 1));
      year.serves = "(the same)";
      year.note.clear();
      set_band(year, m.stock_by_year[i][y]);
      year.within = std::abs(year.median - t.value) <= tolerance_of(t) + 1e-12;
      result.fit.push_back(year);
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace caseflow
