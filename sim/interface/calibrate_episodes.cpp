#include <chrono>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "calibrate.h"
#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"
#include "caseflow/interface/cli.h"
#include "caseflow/interface/output.h"
#include "caseflow/runner/episode_fit.h"
#include "cli_common.h"

namespace caseflow {

namespace fs = std::filesystem;

// ---- the command --------------------------------------------------------------------

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args) {
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate", "Fit a scenario to an authority's data: published targets, or case-level episodes (--episodes)");
  calibrate_cmd->add_option("targets", args.targets, "TARGETS.yaml: published stocks and flows to fit to (or give --episodes)");
  calibrate_cmd->add_option("--episodes", args.episodes,
                            "FILE.csv of episodes, one row per child's spell in a state, with the columns child_id, state, "
                            "start_date, end_date and reason (and optionally replication), as caseflow run --episodes writes");
  calibrate_cmd->add_option("--base", args.base,
                            "The scenario to start from; the output extends it (with TARGETS, default: the file's `base`)");
  calibrate_cmd->add_option("-o,--out", args.out, "The calibrated scenario to write (YAML)")->required();
  calibrate_cmd->add_option("--report", args.report,
                            "The fit report as CSV (with TARGETS, default: OUT's name ending -fit.csv)");
  calibrate_cmd->add_option("-r,--replications", args.replications, "TARGETS: replications of each fitting run (default 40)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{100000}));
  calibrate_cmd->add_option("--check-replications", args.report_replications,
                            "TARGETS: replications of the final run the fit report reads (default 100)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{100000}));
  calibrate_cmd->add_option("--iterations", args.iterations, "TARGETS: at most this many fitting runs (default 12)")
      ->check(CLI::Range(1, 100));
  calibrate_cmd->add_option("-t,--threads", args.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  calibrate_cmd->add_option("--child-population", args.child_population,
                            "TARGETS: the authority's children under 18; figures given per 10,000 are counted for it")
      ->check(CLI::Range(1.0, 1e9));
  calibrate_cmd->add_option("--set", args.sets, "TARGETS: override a value of the base by key path first (repeatable)");
  calibrate_cmd->add_flag("-q,--quiet", args.quiet, "TARGETS: print nothing on success but warnings");
  calibrate_cmd->add_option("--extract-date", args.extract_date,
                            "YYYY-MM-DD: the date the extract was taken; open episodes count as seen up to it (default: the "
                            "latest date in the file)");
  calibrate_cmd->add_option("--min-episodes", args.min_episodes,
                            "A state with fewer episodes of known start keeps the base's values (default 30)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000000}));
  calibrate_cmd->footer(
      "Targets mode (TARGETS.yaml). A targets file gives an authority's figures: stocks at the start\n"
      "(children_in_need, child_protection, looked_after), flows a year (contacts, referrals,\n"
      "re_referral_share, assessments, s47_enquiries, initial_conferences, cp_starts, lac_starts,\n"
      "lac_ends_by_reason) and workforce (social_workers_fte), each a count, a rate {per_10000: R} or a\n"
      "share, with an optional tolerance and source. Each fitted figure moves one value of the base (the\n"
      "contact rate, a route's probability, a category's stays, every team's size); the warm start is\n"
      "rebuilt to the stocks. Other figures (cp_ends, lac_ends, cp_plan_months, care_days, agency_share,\n"
      "vacancy_rate, turnover, caseload) are reported. Every run uses the base's seed (common random\n"
      "numbers). The fit report (target, median and 5th-95th percentile of the final run, within\n"
      "tolerance or not) is printed and written as CSV. See docs/calibration.md \"Calibrating to an authority\".\n"
      "  caseflow calibrate configs/targets/manchester-2016.yaml -o results/manchester-calibrated.yaml\n"
      "  caseflow calibrate configs/targets/england-2025.yaml --child-population 50000 -o results/small.yaml\n"
      "\n"
      "Case-level mode (--episodes). For each state of the base's pathway, from the episodes in it:\n"
      "  - routing: the share of children who leave by each route. Episodes still open at the extract date\n"
      "    (and those ended by the child reaching adulthood) are not dropped: they count for the time they\n"
      "    were seen (Aalen-Johansen cumulative incidence);\n"
      "  - how long children stay: one duration for the state (Kaplan-Meier) where the base gives every\n"
      "    route the same one, else a duration per route (its cumulative incidence given the route).\n"
      "Durations are written in calendar days as histograms of 20 bins of about equal probability. Kept\n"
      "from the base, and said so in the report: durations until an age (set by birthdays), states with\n"
      "fewer than --min-episodes episodes, routing while more than 2% of a state's episodes are unresolved\n"
      "at the end of follow-up (unless one route is until an age: it takes the rest), and a route's duration\n"
      "that is still rising at the end of follow-up or that fewer than 10 episodes took. Episodes with no\n"
      "start date (children already in the state when the data begin) are left out.\n"
      "The output extends --base and restates only estimated states (a state's transitions whole), each\n"
      "value with a comment: episodes, events, censored, estimate and 95% interval. The report (terminal,\n"
      "and --report CSV: state,route,quantity,estimate,se,ci_low,ci_high,episodes,events,censored,status)\n"
      "says what was estimated and what was kept, and why. Bad input exits 2 naming the file, line and\n"
      "column. See docs/calibration.md, \"Case-level mode\".");
  return calibrate_cmd;
}

int command_calibrate(const CalibrateArgs& args, std::ostream& out, std::ostream& err) {
  if (args.targets.empty() == args.episodes.empty()) {
    err << "caseflow: calibrate: give either a TARGETS file or --episodes FILE.csv, not "
        << (args.targets.empty() ? "neither" : "both") << "\nRun 'caseflow calibrate --help' for usage.\n";
    return kExitBadInput;
  }
  if (!args.targets.empty()) return calibrate_to_targets(args, out, err);
  if (args.base.empty()) {
    err << "caseflow: calibrate: --episodes needs --base SCENARIO, the scenario the estimates go into\n";
    return kExitBadInput;
  }
  return calibrate_to_episodes(args, out, err);
}

// ---- the episodes a run writes ----------------------------------------------------

void write_episodes_header(std::ostream& out) { out << "replication,child_id,state,start_date,end_date,reason\n"; }

void write_episodes(std::ostream& out, const ReplicationResult& result, const Scenario& scenario) {
  const auto date = [&](double day) {
    if (std::isnan(day)) return std::string();
    const auto days = std::chrono::days{static_cast<long>(std::floor(day))};
    return format_date(Date{std::chrono::sys_days(scenario.start_date) + days});
  };
  const auto& states = scenario.pathway.states;
  for (const Episode& e : result.episodes) {
    out << result.replication << ',' << e.child << ',' << states[e.state].name << ',' << date(e.start) << ',' << date(e.end) << ',';
    if (e.to == Episode::kAdulthood) out << "adulthood";
    else if (e.to != Episode::kOpen) out << states[e.to].name;
    out << '\n';
  }
}

// ---- calibrate --episodes ----------------------------------------------------------

namespace {

std::string num(double x, int digits = 6) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
  return buffer;
}

std::string list(const std::vector<double>& values, int digits) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + num(values[i], digits);
  return text + "]";
}

//! A duration as the scenario file writes it.
std::string duration_yaml(const DurationSpec& d) {
  if (d.kind == DurationSpec::Kind::until_age) return "{until_age: " + num(d.age_years) + "}";
  std::string body;
  const auto& p = d.distribution.params();
  if (const auto* f = std::get_if<Distribution::Fixed>(&p)) body = "dist: fixed, value: " + num(f->value, 10);
  else if (const auto* e = std::get_if<Distribution::Exponential>(&p)) body = "dist: exponential, mean: " + num(e->mean, 10);
  else if (const auto* l = std::get_if<Distribution::Lognormal>(&p)) body = "dist: lognormal, mu: " + num(l->mu, 10) + ", sigma: " + num(l->sigma, 10);
  else if (const auto* g = std::get_if<Distribution::Gamma>(&p)) body = "dist: gamma, shape: " + num(g->shape, 10) + ", scale: " + num(g->scale, 10);
  else if (const auto* t = std::get_if<Distribution::Triangular>(&p))
    body = "dist: triangular, min: " + num(t->min, 10) + ", mode: " + num(t->mode, 10) + ", max: " + num(t->max, 10);
  else if (const auto* u = std::get_if<Distribution::Uniform>(&p)) body = "dist: uniform, min: " + num(u->min, 10) + ", max: " + num(u->max, 10);
  else if (const auto* q = std::get_if<Distribution::Discrete>(&p)) body = "dist: discrete, values: " + list(q->values, 10) + ", weights: " + list(q->weights, 10);
  else if (const auto* h = std::get_if<Distribution::Histogram>(&p)) body = "dist: histogram, edges: " + list(h->edges, 10) + ", weights: " + list(h->weights, 10);
  return "{" + body + ", unit: " + time_unit_name(d.unit) + "}";
}

//! A fitted duration in days: fixed at its one value, or a histogram.
std::string fitted_yaml(const std::vector<double>& edges, const std::vector<double>& weights) {
  if (edges.size() == 1) return "{dist: fixed, value: " + num(edges[0], 10) + ", unit: days}";
  return "{dist: histogram, unit: days, edges: " + list(edges, 10) + ", weights: " + list(weights, 6) + "}";
}

std::string interval(double estimate, double se, int digits) {
  return num(estimate, digits) + " (95% interval " + num(estimate - 1.96 * se, digits) + " to " + num(estimate + 1.96 * se, digits) + ")";
}

std::string episodes_phrase(const StateFit& f) {
  std::string text = std::to_string(f.episodes) + " episodes (" + std::to_string(f.events) + " ended, " +
                     std::to_string(f.censored) + " censored: open at the extract date";
  if (f.adulthood > 0) text += " or ended at adulthood (" + std::to_string(f.adulthood) + ")";
  text += ")";
  if (f.left_out > 0) text += ", " + std::to_string(f.left_out) + " left out (in the state before the data began)";
  return text;
}

//! The scenario that extends the base with what the fit estimated.
std::string calibrated_yaml(const std::vector<StateFit>& fits, const Scenario& base, const EpisodeData& data,
                            const std::string& episodes_file, const std::string& extends) {
  std::ostringstream y;
  y << "# Calibrated by caseflow calibrate --episodes from " << episodes_file << "\n"
    << "# (" << data.rows << " episodes; open ones censored on " << format_date(data.extract_date) << ").\n"
    << "# Only estimated values are restated; everything else is the base's. Durations are\n"
    << "# in calendar days, from whole dates; a state's transitions are restated whole\n"
    << "# (extends replaces lists). See docs/calibration.md, \"Case-level mode\".\n"
    << "extends: " << extends << "\n"
    << "scenario:\n  name: " << base.name << "-calibrated\n"
    << "  description: " << base.name << " with durations and routing estimated from case-level episodes.\n"
    << "pathway:\n  states:\n";
  const auto& states = base.pathway.states;
  bool any = false;
  for (const StateFit& f : fits) {
    bool durations = f.duration_estimated;
    for (const RouteFit& r : f.routes) durations = durations || r.duration_estimated;
    if (!f.routing_estimated && !durations) continue;
    any = true;
    const State& state = states[f.state];
    y << "    " << state.name << ":\n      # from " << episodes_phrase(f) << "\n";
    if (!f.note.empty()) y << "      # kept from the base: " << f.note << "\n";
    if (f.duration_estimated)
      y << "      # duration: Kaplan-Meier mean " << interval(f.mean_days, f.mean_se, 4) << " days; written as "
        << (f.edges.size() == 1 ? "fixed" : "a histogram of " + std::to_string(f.weights.size()) + " bins of about equal probability, mean " + num(histogram_mean(f.edges, f.weights), 4)) << "\n"
        << "      duration: " << fitted_yaml(f.edges, f.weights) << "\n";
    y << "      transitions:\n";
    for (std::size_t k = 0; k < f.routes.size(); ++k) {
      const RouteFit& r = f.routes[k];
      const Transition* base_transition = nullptr;
      for (const Transition& t : state.transitions)
        if (t.to == r.to) base_transition = &t;
      const double p = f.routing_estimated ? r.share : base_transition ? base_transition->probability : 0.0;
      if (!f.routing_estimated && !base_transition) continue;
      y << "        - to: " << states[r.to].name << "\n          probability: " << num(p, 9);
      if (f.routing_estimated)
        y << "   # Aalen-Johansen, " << static_cast<long>(r.events) << " episodes took it: " << interval(r.share, r.share_se, 4);
      else
        y << "   # kept from the base";
      y << "\n";
      // A state duration that is not restated is written on each route (the
      // base may have given it per route, so that the state has no default).
      if (!f.per_route) {
        if (!f.duration_estimated)
          y << "          duration: " << duration_yaml(state.transitions.front().duration) << "   # kept from the base\n";
        continue;
      }
      if (r.duration_estimated)
        y << "          # given the route: mean " << interval(r.mean_days, r.mean_se, 4) << " days from "
          << static_cast<long>(r.events) << " episodes; written mean " << num(histogram_mean(r.edges, r.weights), 4) << "\n"
          << "          duration: " << fitted_yaml(r.edges, r.weights) << "\n";
      else if (base_transition)
        y << "          duration: " << duration_yaml(base_transition->duration) << "   # kept from the base: " << r.note << "\n";
    }
  }
  if (!any) y << "    {}\n";
  return y.str();
}

struct ReportRow {
  std::string state, route, quantity;
  double estimate = NAN, se = NAN;
  std::size_t episodes = 0;
  long events = 0;
  std::size_t censored = 0;
  std::string status;  // estimated, or kept: why
};

std::vector<ReportRow> report_rows(const std::vector<StateFit>& fits, const Pathway& pathway) {
  std::vector<ReportRow> rows;
  for (const StateFit& f : fits) {
    const std::string state = pathway.states[f.state].name;
    const auto events = static_cast<long>(f.events);
    if (!f.per_route)
      rows.push_back({state, "", "mean_days", f.duration_estimated ? f.mean_days : NAN, f.duration_estimated ? f.mean_se : NAN,
                      f.episodes, events, f.censored, f.duration_estimated ? "estimated (Kaplan-Meier)" : "kept: " + f.note});
    for (const RouteFit& r : f.routes) {
      const std::string to = pathway.states[r.to].name + (r.in_base ? "" : " (not in the base)");
      rows.push_back({state, to, "share", r.share_estimated && f.routing_estimated ? r.share : NAN,
                      r.share_estimated && f.routing_estimated ? r.share_se : NAN, f.episodes, static_cast<long>(r.events), f.censored,
                      f.routing_estimated ? "estimated (Aalen-Johansen)" + (r.until_age ? "; " + r.note : std::string())
                                          : "kept: " + f.note});
      if (f.per_route)
        rows.push_back({state, to, "mean_days", r.duration_estimated ? r.mean_days : NAN, r.duration_estimated ? r.mean_se : NAN,
                        f.episodes, static_cast<long>(r.events), f.censored,
                        r.duration_estimated ? "estimated (cumulative incidence given the route)"
                                             : "kept: " + (r.note.empty() ? f.note : r.note)});
    }
  }
  return rows;
}

}  // namespace

int calibrate_to_episodes(const CalibrateArgs& args, std::ostream& out, std::ostream& err) {
  const LoadedScenario base = load(args.base, {});
  if (base.path.empty()) throw RunRefused("--base: give a scenario file (the output extends it by its path)");
  std::optional<Date> extract;
  if (!args.extract_date.empty()) {
    try {
      extract = parse_date(args.extract_date);
    } catch (const std::invalid_argument& e) {
      throw RunRefused(std::string("--extract-date: ") + e.what());
    }
  }
  const EpisodeData data = parse_episodes_csv(read_text_file(args.episodes), args.episodes, base.scenario.pathway, extract);
  if (data.episodes.empty()) throw RunRefused(args.episodes + ": no episodes to fit");
  FitOptions options;
  options.min_episodes = args.min_episodes;
  const std::vector<StateFit> fits = fit_episodes(data.episodes, base.scenario.pathway, options);

  // The terminal report.
  const std::vector<ReportRow> rows = report_rows(fits, base.scenario.pathway);
  out << "fit of " << data.rows << " episodes from " << args.episodes << " (open ones censored on "
      << format_date(data.extract_date) << ") to the pathway of " << base.source << ":\n"
      << std::left << std::setw(18) << "state" << std::setw(26) << "route" << std::setw(10) << "quantity" << std::right
      << std::setw(11) << "estimate" << std::setw(10) << "SE" << std::setw(9) << "n" << std::setw(9) << "events"
      << "  status\n";
  for (const ReportRow& r : rows)
    out << std::left << std::setw(18) << r.state << std::setw(26) << r.route << std::setw(10) << r.quantity << std::right
        << std::setw(11) << (std::isnan(r.estimate) ? "-" : num(r.estimate, 5)) << std::setw(10)
        << (std::isnan(r.se) ? "-" : num(r.se, 3)) << std::setw(9) << r.episodes << std::setw(9) << r.events << "  "
        << r.status << "\n";

  const auto make_parent = [](const std::string& file) {
    std::error_code error;
    const fs::path parent = fs::absolute(file).parent_path();
    fs::create_directories(parent, error);
    if (error) throw OutputError("cannot make the directory " + parent.string() + ": " + error.message());
  };
  if (!args.report.empty()) {
    make_parent(args.report);
    AtomicFile report(args.report);
    report.stream() << "state,route,quantity,estimate,se,ci_low,ci_high,episodes,events,censored,status\n";
    for (const ReportRow& r : rows)
      report.stream() << r.state << ',' << csv_field(r.route) << ',' << r.quantity << ',' << format_value(r.estimate) << ','
                      << format_value(r.se) << ',' << format_value(r.estimate - 1.96 * r.se) << ','
                      << format_value(r.estimate + 1.96 * r.se) << ',' << r.episodes << ',' << r.events << ',' << r.censored
                      << ',' << csv_field(r.status) << '\n';
    report.commit();
  }

  // The scenario, extending the base by its path from the output's directory.
  const fs::path out_path = fs::absolute(args.out);
  const std::string extends = fs::path(base.path).lexically_relative(out_path.parent_path()).generic_string();
  {
    make_parent(args.out);
    AtomicFile file(out_path);
    file.stream() << calibrated_yaml(fits, base.scenario, data, args.episodes, extends);
    file.commit();
  }
  try {
    (void)load(args.out, {});
  } catch (const ConfigError& e) {
    err << "caseflow: internal error: the calibrated scenario does not load: " << e.what() << '\n';
    return kExitFailure;
  }
  out << "wrote " << args.out << (args.report.empty() ? "" : " and " + args.report) << " (extends " << extends << ")\n";
  return kExitOk;
}

}  // namespace caseflow
