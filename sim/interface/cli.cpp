#include "caseflow/interface/cli.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/pathway.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/workforce_config.h"
#include "caseflow/runner/distributed.h"
#include "caseflow/runner/runner.h"
#include "caseflow/runner/shard.h"
#include "caseflow/version.h"
#include "calibrate.h"
#include "cli_common.h"
#include "progress.h"
#include "report.h"
#include "run_files.h"
#include "schema_command.h"
#include "shard_files.h"
#include "sweep.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

void describe_scenario(std::ostream& out, const Scenario& s) {
  std::size_t open = 0, care_leavers = 0;
  auto tally = [&](std::uint32_t state, std::size_t n) { (s.pathway.states[state].holds_adults() ? care_leavers : open) += n; };
  for (const auto& [state, n] : s.warm_start.open_by_state) tally(state, static_cast<std::size_t>(n));
  for (const auto& c : s.warm_start.cases) tally(c.state, c.children);
  out << "scenario " << s.name << ": start " << format_date(s.start_date) << ", " << s.months() << " months, "
      << s.pathway.states.size() << " states (" << s.pathway.exit_count() << " exits), "
      << format_value(s.demand.contacts_per_year) << " contacts a year, " << open << " children open at the start";
  if (care_leavers > 0) out << " and " << care_leavers << " care leavers";
  out << "\n";
}

//! The workforce as the scenario builds it, per team and in all, with each
//! per-locality team multiplied out, so that "30 more workers" cannot become
//! 90 unnoticed; then what the dated establishment changes add.
void describe_workforce(std::ostream& out, const Scenario& scenario) {
  const WorkforceConfig& w = *scenario.workforce;
  if (!w.enabled) return;
  const auto localities = static_cast<double>(w.localities.size());
  double posts = 0, agency = 0, vacant = 0, managers = 0;
  out << "workforce at the start (per-locality teams times " << w.localities.size() << " localities):\n";
  std::size_t name_width = std::string("all teams").size();
  for (const TeamSpec& team : w.teams) name_width = std::max(name_width, team.name.size());
  for (const TeamSpec& team : w.teams) {
    const double copies = team.per_locality ? localities : 1.0;
    double team_workers = 0, team_agency = 0, team_vacant = 0;
    for (std::size_t g = 0; g < team.workers_by_grade.size(); ++g) {
      team_workers += team.workers_by_grade[g];
      if (w.grades[g].agency) team_agency += team.workers_by_grade[g];
    }
    for (const double n : team.vacancies_by_grade) team_vacant += n;
    const double team_posts = copies * (team_workers + team_vacant);
    out << "  " << std::left << std::setw(static_cast<int>(name_width + 2)) << team.name << format_value(team_posts) << " posts";
    if (team.per_locality) out << " (" << format_value(team_workers + team_vacant) << " in each)";
    out << ", " << format_value(copies * team_agency) << " held by locums, " << format_value(copies * team_vacant)
        << " vacant; " << format_value(copies * team.managers) << " team managers"
        << (team.supervised_outside ? " (supervised outside the modelled teams)" : "")
        << (team.holds_cases() ? "" : "; holds no children's cases") << "\n";
    posts += team_posts;
    agency += copies * team_agency;
    vacant += copies * team_vacant;
    managers += copies * team.managers;
  }
  out << "  " << std::setw(static_cast<int>(name_width + 2)) << "all teams" << format_value(posts) << " social worker posts, " << format_value(agency)
      << " held by locums, " << format_value(vacant) << " vacant; " << format_value(managers) << " team managers, "
      << format_value(w.locality_managers) << " locality managers\n";
  double added_posts = 0, added_managers = 0;
  for (const EstablishmentChange& change : w.establishment) {
    if (!change.team_change) continue;
    const double copies = w.teams[change.team].per_locality ? localities : 1.0;
    added_posts += copies * change.posts;
    added_managers += copies * change.managers;
  }
  if (added_posts != 0 || added_managers != 0)
    out << "  establishment changes add " << format_value(added_posts) << " posts and " << format_value(added_managers)
        << " team managers in all (" << format_value(posts + added_posts) << " posts and "
        << format_value(managers + added_managers) << " team managers once made)\n";
}

//! What the scenario's unit costs make of its opening position, a year at
//! base prices, so that a salary typed in pence or a weekly cost typed as a
//! yearly one shows before a run, as the workforce totals do.
void describe_costs(std::ostream& out, const Scenario& scenario) {
  if (!scenario.costs || !scenario.costs->enabled) return;
  const CostsConfig& c = *scenario.costs;
  const auto millions = [](double pounds) {
    std::ostringstream text;
    text << "£" << std::fixed << std::setprecision(2) << pounds / 1e6 << "m";
    return text.str();
  };
  out << "costs, a year at the start's prices:\n";
  const WorkforceConfig& w = *scenario.workforce;
  if (c.staff_enabled) {
    const double localities = static_cast<double>(w.localities.size());
    const std::uint32_t qualified = w.qualified_grade >= 0 ? static_cast<std::uint32_t>(w.qualified_grade) : 0;
    double permanent = 0, locums = 0, managers = 0, posts = 0;
    for (const TeamSpec& team : w.teams) {
      const double copies = team.per_locality ? localities : 1.0;
      for (std::size_t g = 0; g < team.workers_by_grade.size(); ++g) {
        const double n = copies * team.workers_by_grade[g];
        if (w.grades[g].agency) locums += n * c.staff.agency.annual(c.staff.grade[qualified].annual());
        else permanent += n * c.staff.grade[g].annual();
        posts += n;
      }
      for (const double n : team.vacancies_by_grade) posts += copies * n;
      managers += copies * team.managers * c.staff.team_manager.annual();
    }
    managers += w.locality_managers * c.staff.locality_manager.annual();
    out << "  the opening workforce: social workers " << millions(permanent) << ", locums " << millions(locums)
        << ", managers " << millions(managers) << ", business support "
        << millions(posts * w.business_support_per_post * c.staff.business_support.annual()) << "\n";
  }
  if (c.placements.enabled()) {
    const auto& mix = c.placements.opening_mix.empty() ? c.placements.mix : c.placements.opening_mix;
    double weekly = 0;
    for (std::size_t t = 0; t < c.placements.types.size(); ++t) weekly += mix.back().shares[t] * c.placements.weekly_cost[t];
    out << "  placements: " << c.placements.types.size() << " types; at the "
        << (c.placements.opening_mix.empty() ? "entry mix (its oldest band)" : "opening mix") << " a looked-after child costs £"
        << std::fixed << std::setprecision(0) << weekly << " a week (£" << std::setprecision(1) << weekly * 52.18 / 1000
        << "k a year) on average\n";
  }
  for (const DeclaredLine& line : c.declared)
    out << "  declared: " << line.name << " " << (line.one_off != 0 ? millions(line.one_off) + " once" : millions(line.annual) + " a year") << "\n";
}

//! The dated changes, as the model will make them: one line per month start
//! a policy (or a ramp's step) takes effect.
void describe_policies(std::ostream& out, const Scenario& scenario) {
  if (scenario.policy_epochs.empty()) return;
  out << "policies, at the start of the month they take effect:\n";
  for (const PolicyEpoch& epoch : scenario.policy_epochs) {
    const Date date{std::chrono::sys_days(scenario.start_date) + std::chrono::days{static_cast<int>(epoch.day)}};
    out << "  " << format_date(date) << ":";
    for (std::size_t i = 0; i < epoch.changes.size(); ++i) out << (i ? ", " : " ") << epoch.changes[i];
    out << "\n";
  }
}

//! Warns of teams nobody can take a case from: with no worker at the start,
//! every case entering their states waits unallocated (whatever
//! allocation.when_full says), until a hire if there is anyone to hire.
void warn_unstaffed_teams(std::ostream& err, const Scenario& scenario) {
  const WorkforceConfig& w = *scenario.workforce;
  if (!w.enabled) return;
  std::size_t unstaffed = 0;
  for (std::size_t t = 0; t < w.teams.size(); ++t) {
    const TeamSpec& team = w.teams[t];
    if (team.holds.empty()) continue;
    double workers = 0, vacancies = 0;
    for (double n : team.workers_by_grade) workers += n;
    if (workers > 0) continue;
    ++unstaffed;
    for (double n : team.vacancies_by_grade) vacancies += n;
    bool posts_added = false;
    for (const auto& change : w.establishment) posts_added |= change.team_change && change.team == t && change.posts > 0;
    std::string states;
    for (std::size_t i = 0; i < team.holds.size(); ++i)
      states += (i == 0 ? "" : i + 1 == team.holds.size() ? " and " : ", ") + scenario.pathway.states[team.holds[i]].name;
    err << "caseflow: warning: team '" << team.name << "' has no social workers at the start (workforce.teams." << team.name
        << ".workers), so nobody can take a case in " << states << ": every child there waits unallocated "
        << (vacancies > 0 || posts_added ? "until the team's first worker is hired\n"
                                         : "for the whole run (the team has no vacancies and no posts are added)\n");
  }
  if (unstaffed > 0 && unstaffed == w.teams.size())
    err << "caseflow: warning: no team has a social worker at the start: no case can be allocated\n";
}

//! Absolute path or, for the built-in default, its name: what a manifest
//! says the run was of.
std::string run_identity(const nlohmann::json& manifest) {
  const auto text = [&](const char* key) {
    const auto it = manifest.find(key);
    return it != manifest.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const std::string path = text("config_path"); !path.empty()) return path;
  const std::string source = text("config_source");
  if (source.empty() || source == kDefaultName) return source;
  std::error_code ignored;  // results from before config_path: the source as given, from here
  return fs::weakly_canonical(fs::absolute(source), ignored).string();
}

//! Running a scenario must never silently replace another scenario's results.
//! The default directory is named after the scenario, and a file that
//! extends another keeps the other's name until it gives itself one; so a
//! run into its default directory is refused when the directory holds the
//! results of a different scenario file (another path, and other text).
void check_default_directory(const fs::path& dir, const LoadedScenario& loaded) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return;
  const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object()) return;
  const auto hash = manifest.find("config_hash_fnv1a64");
  if (hash != manifest.end() && hash->is_string() && *hash == fnv1a_hex(loaded.text)) return;  // the same text
  const std::string theirs = run_identity(manifest);
  const std::string ours = loaded.path.empty() ? loaded.source : loaded.path;
  if (theirs.empty() || theirs == ours) return;  // the same file, edited since
  const auto finished = manifest.find("finished_utc");
  throw RunRefused(
      dir.string() + " holds the results of another scenario file with the same name, '" + loaded.scenario.name + "': " +
      theirs + (finished != manifest.end() && finished->is_string() ? " (run " + finished->get<std::string>() + ")" : "") +
      ". This run of " + loaded.source + " would replace them, so it stopped without writing anything. Give " +
      loaded.source + " its own name (scenario: {name: ...}; a file that extends another keeps the other's name " +
      "until it sets its own), or choose the directory with --out DIR.");
}

struct RunArgs {
  std::string config;
  std::vector<std::string> sets;
  std::uint64_t replications = 0;
  double years = 0;
  std::string seed;  // checked by hand: CLI11 would wrap -1 round to 2^64 - 1
  int threads = 0;
  std::string out_dir;
  bool out_given = false;
  bool keep_replications = false;
  bool check_invariants = false;
  bool quiet = false;
  ShardId shard;  // not given: the whole run (or, under mpirun, this rank's share)
  std::string episodes;                   // --episodes FILE.csv: every child's episodes
  std::uint64_t episode_replications = 1;  // of the first K replications
};

int command_run(const RunArgs& args, std::ostream& out, std::ostream& err) {
  // From here a first SIGINT or SIGTERM asks the run to stop cleanly.
  const InterruptGuard interrupt;
  const std::vector<std::string> overrides = with_simulation_overrides(args.sets, args.replications, args.years, args.seed);
  // The complete configuration the loader used (extends, --set and defaults), for the manifest.
  ConfigCapture resolved_capture;
  LoadedScenario loaded = load(args.config, overrides);
  const Scenario& scenario = loaded.scenario;
  const std::string resolved_config = resolved_capture.resolved_yaml();
  if (InterruptGuard::received()) interrupted("before the run started", {});

  // Which replications this process runs: all, a shard's share, or this
  // MPI rank's (shards and ranks split a run the same way).
  const std::uint64_t total = scenario.simulation.replications;
  const int ranks = process_count(), rank = process_rank();
  if (ranks > 1 && args.shard.given())
    throw RunRefused("--shard and mpirun split the run twice: use one or the other");
  const ShardId share = args.shard.given() ? args.shard : ShardId{static_cast<std::uint64_t>(rank) + 1, static_cast<std::uint64_t>(ranks)};
  const ReplicationRange range = shard_replications(total, share.index, share.count);
  const bool root = rank == 0, quiet = args.quiet || !root;

  fs::path dir = args.out_given ? fs::path(args.out_dir) : fs::path("results") / scenario.name;
  if (args.shard.given() && !args.out_given)
    dir /= "shard-" + std::to_string(share.index) + "-of-" + std::to_string(share.count);
  std::unique_ptr<OutputLock> lock;
  if (root || args.shard.given()) {  // the other ranks write nothing
    lock = lock_output_directory(dir, err);
    if (!args.out_given && !args.shard.given()) check_default_directory(dir, loaded);
    clear_output_directory(dir, args.shard.given() ? shard_file_names() : RunFiles::names(), err);
  }

  // Episodes come from this process's own replications only.
  if (!args.episodes.empty() && (args.shard.given() || ranks > 1))
    throw RunRefused("--episodes is written by a run in one process: leave out --shard and mpirun");
  const std::uint64_t episode_replications = args.episodes.empty() ? 0 : std::min(args.episode_replications, total);
  std::unique_ptr<AtomicFile> episodes_file;
  if (!args.episodes.empty()) {
    episodes_file = std::make_unique<AtomicFile>(args.episodes);
    write_episodes_header(episodes_file->stream());
  }

  ModelOptions model_options;
  model_options.check_invariants = args.check_invariants;
  model_options.episode_replications = episode_replications;
  const Model model(scenario, model_options);
  if (!quiet) describe_scenario(out, scenario);
  if (root) warn_unstaffed_teams(err, scenario);
  const RunDescription run = describe_run(loaded, model.metrics(), resolved_config, overrides);

  RunOptions options;
  options.first_replication = range.first;
  options.replications = range.count;
  options.threads = args.threads;
  options.stop = &InterruptGuard::flag();
  // This process's own replications: into the files at rank 0 (the first
  // share), else encoded to be sent (to rank 0, or a shard's results.bin).
  std::unique_ptr<RunFiles> files;
  if (root && !args.shard.given()) files = std::make_unique<RunFiles>(run, dir, args.keep_replications);
  std::string encoded;
  // Progress on stderr: a bar on a terminal, a line every 10 s in a log.
  Progress progress(err, quiet, stderr_is_terminal(err), options.replications, 0, "run " + scenario.name, true);
  std::uint64_t done = 0;
  options.on_replication = [&](const ReplicationResult& result) {
    progress.update(++done, 0, 0);
    if (files) files->add(result);
    else encode_result(result, encoded);
    if (episodes_file && result.replication < episode_replications) {
      write_episodes(episodes_file->stream(), result, scenario);
      episodes_file->check();
    }
  };
  const auto started = std::chrono::steady_clock::now();
  RunSummary summary = run_replications(model, options);
  progress.finish();
  if (InterruptGuard::received())
    interrupted("after " + std::to_string(summary.replications) + " of " + std::to_string(options.replications) +
                    " replications",
                dir);

  if (args.shard.given()) {
    write_shard(dir, run, {share, range, total, args.keep_replications, encoded}, summary);
    if (!quiet)
      out << "shard " << share.index << "/" << share.count << ": "
          << (range.count == 0 ? std::string("no replications")
                               : "replications " + std::to_string(range.first) + " to " + std::to_string(range.first + range.count - 1))
          << " (of 0 to " << total - 1 << "), " << summary.events << " events in "
          << std::fixed << std::setprecision(2) << summary.wall_seconds << " s on " << summary.threads
          << " threads\nwrote " << (dir / "shard.json").string() << " and results.bin; combine the shards with "
          << "caseflow merge SHARD_DIR... --out DIR\n";
    return kExitOk;
  }
  if (ranks > 1) {
    // Rank 0 summarises the other ranks' replications after its own, in
    // rank order, which is replication order: the same bytes as one process.
    const std::vector<std::string> shares = gather_at_root(encoded);
    if (!root) return kExitOk;
    for (std::size_t r = 1; r < shares.size(); ++r)
      for (const ReplicationResult& result : decode_results(shares[r], summary.months(), summary.metrics())) {
        summary.add_replication(result);
        files->add(result);
      }
    summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  files->commit(summary, out, err, quiet);
  if (episodes_file) {
    episodes_file->commit();
    if (!quiet)
      out << "wrote " << args.episodes << ": every child's episodes in the first " << episode_replications
          << " replication" << (episode_replications == 1 ? "" : "s") << "\n";
  }
  if (ranks > 1 && !quiet) out << "(" << ranks << " MPI processes of " << summary.threads << " threads each)\n";
  return kExitOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "caseflow: a Monte Carlo model of children's social care demand and capacity.\n"
      "It moves children through contact, referral, assessment, Child in Need, Child\n"
      "Protection and care to permanence, many times over, and reports month by month\n"
      "the mean and the 5th-95th percentile band of open cases and flows.",
      "caseflow"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(kVersion) + " (" + kGitCommit + ")");
  app.footer("Exit codes: 0 success, 1 failure while running or writing (or another run is writing to the same\n"
             "directory), 2 bad input, 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.\n"
             "Run 'caseflow COMMAND --help' for the options of each command.");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run the Monte Carlo projection and write results/<scenario>/summary.csv");
  run_cmd->add_option("config", run.config, "Scenario YAML file (default: the built-in Manchester 2016 scenario)");
  run_cmd->add_option("-r,--replications", run.replications, "Number of replications (default: the scenario's)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
  run_cmd->add_option("-y,--years", run.years, "Years to project (default: the scenario's)")->check(CLI::Range(1.0 / 12.0, 200.0));
  const CLI::Validator seed_check(
      [](std::string& value) -> std::string {
        const bool digits = !value.empty() && value.size() <= 16 && value.find_first_not_of("0123456789") == std::string::npos;
        if (digits && std::stod(value) <= 9.0e15) return {};
        return "expected a whole number from 0 to 9000000000000000, got '" + value + "'";
      },
      "SEED");
  run_cmd->add_option("-s,--seed", run.seed, "Master random seed, a whole number from 0 (default: the scenario's)")->check(seed_check);
  run_cmd->add_option("-t,--threads", run.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  auto* out_option = run_cmd->add_option("-o,--out", run.out_dir,
                                         "Directory for this run's files (default: results/<scenario name>; see below)");
  run_cmd->add_option("--set", run.sets,
                      "Override a config value by key path, e.g. --set demand.contacts_per_year=28000 or --set "
                      "'pathway.states.lac.transitions[0].probability=0.2' (repeatable). A map value acts as in a file "
                      "that extends this one: it merges into a section, state or team, and replaces a distribution or "
                      "a list item whole");
  run_cmd->add_flag("--keep-replications", run.keep_replications,
                    "Also write replications.csv with every replication's monthly values");
  run_cmd->add_flag("--check-invariants", run.check_invariants,
                    "Check at every month end that children are conserved and counts agree (slower)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing on success but warnings");
  run_cmd->add_option("--episodes", run.episodes,
                      "Also write FILE.csv with every child's episodes (one row per spell in a state: replication, "
                      "child_id, state, start_date, end_date, reason), the input of caseflow calibrate --episodes. "
                      "Recording changes no other result");
  run_cmd->add_option("--episodes-replications", run.episode_replications,
                      "How many replications' episodes --episodes writes, the first K (default 1)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
  const CLI::Validator shard_check([](std::string& value) { return shard_text_problem(value); }, "I/N");
  std::string run_shard;
  run_cmd->add_option("--shard", run_shard,
                      "Run only share I of N of the replications and write it to --out (default: "
                      "results/<scenario name>/shard-I-of-N); caseflow merge puts the N shares together "
                      "(docs/cluster.md)")
      ->check(shard_check);
  run_cmd->footer(
      "Output directory: results/<scenario name>/ unless --out DIR.\n"
      "  - One run at a time: a run into a directory another run is writing to stops at once, writing\n"
      "    nothing, with exit 1 (it does not wait).\n"
      "  - The run's files (summary.csv, finance.csv when the scenario has costs, manifest.json, and\n"
      "    replications.csv with --keep-replications) replace the previous ones only once the run has\n"
      "    finished; an earlier finance.csv or replications.csv that this run does not write is removed;\n"
      "    files that are not caseflow's are left alone.\n"
      "  - finance.csv: each cost line (staff, agency, management, business_support, placements,\n"
      "    allowances, ... and total) by financial year, 1 April to 31 March: scenario,financial_year,\n"
      "    line,mean,sd,p5,p50,p95. See docs/costs.md.\n"
      "  - A file that extends another keeps the other's scenario name until it sets its own. Into its\n"
      "    default directory a run refuses (exit 2) to replace the results of a different scenario file\n"
      "    with the same name; give the scenario its own name, or --out DIR (--out always writes there).\n"
      "Interrupting: Ctrl-C (SIGINT) or SIGTERM stops the run after the replications under way (a second\n"
      "one stops it at once): its temporary files are removed, nothing is written, the previous results\n"
      "stay as they were, and it exits 130 (SIGINT) or 143 (SIGTERM). Temporary files of a run that was\n"
      "killed are removed by the next run into the directory.");

  std::string validate_config;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file and report the first problem, or that it is sound");
  validate_cmd->add_option("config", validate_config, "Scenario YAML file (default: the built-in scenario, as run uses)");
  validate_cmd->add_option("--set", validate_sets, "Override a config value by key path (repeatable)");
  bool validate_resolved = false;
  validate_cmd->add_flag("--resolved", validate_resolved,
                         "Print, instead of the summary, the configuration as the loader used it: every extends layer and "
                         "--set applied and every default written in (what manifest.json's resolved_config holds)");

  SchemaArgs schema;
  auto* schema_cmd = add_schema_command(app, schema);

  std::string graph_config, graph_out;
  auto* graph_cmd = app.add_subcommand("graph", "Write the scenario's pathway as a Graphviz DOT graph");
  graph_cmd->add_option("config", graph_config, "Scenario YAML file (default: the built-in scenario)");
  graph_cmd->add_option("-o,--output", graph_out, "DOT file to write (default: standard output)");

  CompareArgs compare;
  std::vector<std::string> compare_files;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Run a baseline and other scenarios paired (the same random numbers) and write their differences");
  compare_cmd->add_option("scenarios", compare_files, "The baseline scenario file, then one or more to compare with it")
      ->required()
      ->expected(2, 1000);
  compare_cmd->add_option("-r,--replications", compare.replications, "Paired replications (default: the baseline's)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1000000000}));
  compare_cmd->add_option("-y,--years", compare.years, "Years to project (default: the baseline's)")->check(CLI::Range(1.0 / 12.0, 200.0));
  compare_cmd->add_option("-s,--seed", compare.seed, "Master random seed for every scenario (default: the baseline's)")
      ->check(seed_check);
  compare_cmd->add_option("-t,--threads", compare.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  auto* compare_out = compare_cmd->add_option("-o,--out", compare.out_dir, "Directory for compare.csv, finance_compare.csv and manifest.json (default: results/compare-<baseline name>)");
  compare_cmd->add_option("--set", compare.sets, "Override a config value by key path in every scenario (repeatable)");
  compare_cmd->add_flag("-q,--quiet", compare.quiet, "Print nothing on success but warnings");
  std::string compare_shard;
  compare_cmd->add_option("--shard", compare_shard,
                          "Run only share I of N of every scenario's replications and write it to --out (default: "
                          "results/compare-<baseline name>/shard-I-of-N); caseflow merge puts the N shares together "
                          "(docs/cluster.md)")
      ->check(shard_check);
  compare_cmd->footer(
      "Every scenario runs with the baseline's seed, stream set, years and replications, so replication k\n"
      "of each has the same families arriving, and each family, post and worker draws from its own stream:\n"
      "where the scenarios agree they draw the same numbers. compare.csv has one row per scenario, period\n"
      "(a month, or a financial year such as 2017/18 for the cost lines cost_<line>, cost_investment and\n"
      "cost_savings) and metric: scenario,baseline,period,metric,diff_mean,diff_sd,ci_low,ci_high,\n"
      "ci_low_independent,ci_high_independent,p_better. diff is scenario minus baseline, replication by\n"
      "replication; ci_ is its 95% paired-t interval; ci_*_independent the interval the same runs would give\n"
      "if they shared no random numbers; p_better the share of replications where the scenario is better\n"
      "(lower caseloads, overdue work, agency share and costs; higher timeliness; empty where neither is\n"
      "better). With costs, finance_compare.csv has each cost line by financial year, and investment\n"
      "(more spent on the workforce), savings (less spent on placements; positive is saved) and net:\n"
      "scenario,baseline,financial_year,line,base_mean,other_mean,diff_mean,diff_sd,ci_low,ci_high.\n"
      "Many machines: --shard I/N on each, then caseflow merge; or, in the MPI build, mpirun -np K caseflow\n"
      "compare: either way the files are byte-identical to one process's (docs/cluster.md).\n"
      "See README \"Comparing scenarios\" and docs/costs.md.");

  std::string metrics_config;
  auto* metrics_cmd = app.add_subcommand("metrics", "List the metrics a scenario reports, with what each means");
  metrics_cmd->add_option("config", metrics_config, "Scenario YAML file (default: the built-in scenario)");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Run a sensitivity sweep (one-at-a-time, grid, Latin hypercube, Morris or Sobol) into a SQLite database");
  sweep_cmd->add_option("spec", sweep.spec, "Sweep spec YAML file (see configs/sweeps/ and docs/sensitivity.md)");
  sweep_cmd->add_option("-r,--replications", sweep.replications, "Replications per point (default: the spec's)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000}));
  sweep_cmd->add_option("-t,--threads", sweep.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 4096));
  auto* sweep_out = sweep_cmd->add_option("-o,--out", sweep.out_dir, "Directory for the database <name>.sqlite (default: results/sweep-<name>)");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "Print nothing on success but warnings (no progress)");
  std::string sweep_shard;
  sweep_cmd->add_option("--shard", sweep_shard,
                        "Run only share I of N of the (point, replication) runs into --out (default: "
                        "results/sweep-<name>/shard-I-of-N); caseflow merge puts the N databases together")
      ->check(shard_check);
  sweep_cmd->footer(
      "Resume: run the same command again after a kill: only the (point, replication) runs missing from the\n"
      "database run, and it ends as an uninterrupted sweep would. A changed spec, base scenario or\n"
      "--replications is refused (exit 2). Replication k of every point uses the same random numbers.\n"
      "Export: caseflow sweep export DB --csv DIR writes every table as CSV and SALib's text files.");
  SweepExportArgs sweep_export;
  auto* export_cmd = sweep_cmd->add_subcommand("export", "Write a sweep database's tables as CSV, and SALib's params.txt, model_input.txt and model_output_*.txt");
  export_cmd->add_option("database", sweep_export.database, "The sweep's .sqlite file")->required();
  export_cmd->add_option("--csv", sweep_export.csv_dir, "Directory for the files")->required();

  MergeArgs merge;
  auto* merge_cmd = app.add_subcommand(
      "merge", "Put the shards of a run, a comparison or a sweep (--shard I/N) together into what one process would write");
  merge_cmd->add_option("shards", merge.shards,
                        "Every shard's directory (or its shard.json, or a sweep shard's .sqlite), each once, in any order")
      ->required();
  merge_cmd->add_option("-o,--out", merge.out_dir, "Directory for the run's files; it must not hold results already")
      ->required();
  merge_cmd->add_flag("-q,--quiet", merge.quiet, "Print nothing on success but warnings");
  merge_cmd->footer(
      "The shards must all be of one run, comparison or sweep: the same caseflow version and build,\n"
      "configurations or spec, scenarios, seed and replications; each shard 1..N exactly once, finished.\n"
      "Anything else is refused (exit 2), naming the file. A sweep's merged database holds what one\n"
      "process's holds, row for row. summary.csv, finance.csv and replications.csv (compare.csv and\n"
      "finance_compare.csv) are byte-identical to one process's; in manifest.json, threads is the most\n"
      "any shard used and wall_seconds the shards' time added up.\n"
      "See docs/cluster.md.");

  ReportArgs report;
  auto* report_cmd = add_report_command(app, report);

  CalibrateArgs calibrate;
  auto* calibrate_cmd = add_calibrate_command(app, calibrate);

  // The first word that is not an option names the command.
  for (const auto& arg : args) {
    if (arg.empty() || arg[0] == '-') continue;
    std::string known;
    const auto commands = app.get_subcommands([](const CLI::App*) { return true; });
    bool found = false;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      found |= commands[i]->get_name() == arg;
      known += (i == 0 ? "" : i + 1 == commands.size() ? " and " : ", ") + commands[i]->get_name();
    }
    if (found) break;
    err << "caseflow: unknown command '" << arg << "'; the commands are " << known
        << ".\nRun 'caseflow --help' for usage.\n";
    return kExitBadInput;
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      std::ostringstream help_out, help_err;
      app.exit(e, help_out, help_err);
      out << help_out.str();
      err << help_err.str();
      return kExitOk;
    }
    err << "caseflow: " << e.what() << "\nRun 'caseflow --help' for usage.\n";
    return kExitBadInput;
  }

  // Under mpirun only run, compare and sweep share out their work; any other
  // command would run once per rank, into the same files.
  if (process_count() > 1 && !run_cmd->parsed() && !compare_cmd->parsed() && !(sweep_cmd->parsed() && !export_cmd->parsed())) {
    if (process_rank() == 0)
      err << "caseflow: only run, compare and sweep spread over MPI processes; run this command as one process, without "
             "mpirun\n";
    return kExitBadInput;
  }
  try {
    if (run_cmd->parsed()) {
      run.out_given = out_option->count() > 0;
      if (run.out_given && run.out_dir.empty()) {
        err << "caseflow: --out: the directory name is empty; leave --out out to write to results/<scenario name>/\n"
            << "Run 'caseflow --help' for usage.\n";
        return kExitBadInput;
      }
      if (!run_shard.empty()) run.shard = parse_shard(run_shard);
      return command_run(run, out, err);
    }
    if (compare_cmd->parsed()) {
      compare.base = compare_files.front();
      compare.others.assign(compare_files.begin() + 1, compare_files.end());
      compare.out_given = compare_out->count() > 0;
      if (compare.out_given && compare.out_dir.empty()) {
        err << "caseflow: --out: the directory name is empty\nRun 'caseflow compare --help' for usage.\n";
        return kExitBadInput;
      }
      if (!compare_shard.empty()) compare.shard = parse_shard(compare_shard);
      return command_compare(compare, out, err);
    }
    if (export_cmd->parsed()) return command_sweep_export(sweep_export, out, err);
    if (merge_cmd->parsed()) {
      if (merge.out_dir.empty()) {
        err << "caseflow: --out: the directory name is empty\nRun 'caseflow merge --help' for usage.\n";
        return kExitBadInput;
      }
      return command_merge(merge, out, err);
    }
    if (report_cmd->parsed()) return command_report(report, out, err);
    if (calibrate_cmd->parsed()) return command_calibrate(calibrate, out, err);
    if (sweep_cmd->parsed()) {
      if (sweep.spec.empty()) {
        err << "caseflow: sweep: give a sweep spec file, e.g. caseflow sweep configs/sweeps/lhs-manchester.yaml\n";
        return kExitBadInput;
      }
      sweep.out_given = sweep_out->count() > 0;
      if (!sweep_shard.empty()) sweep.shard = parse_shard(sweep_shard);
      if (sweep.out_given && sweep.out_dir.empty()) {
        err << "caseflow: --out: the directory name is empty\nRun 'caseflow sweep --help' for usage.\n";
        return kExitBadInput;
      }
      return command_sweep(sweep, out, err);
    }
    if (schema_cmd->parsed()) return command_schema(schema, out, err);
    if (validate_cmd->parsed()) {
      ConfigCapture resolved_capture;
      const LoadedScenario loaded = load(validate_config, validate_sets);
      if (validate_resolved) {
        out << resolved_capture.resolved_yaml();
        return kExitOk;
      }
      describe_scenario(out, loaded.scenario);
      describe_workforce(out, loaded.scenario);
      describe_costs(out, loaded.scenario);
      describe_policies(out, loaded.scenario);
      warn_unstaffed_teams(err, loaded.scenario);
      out << loaded.source << ": OK\n";
      return kExitOk;
    }
    if (graph_cmd->parsed()) {
      if (graph_cmd->get_option("--output")->count() > 0 && graph_out.empty()) {
        err << "caseflow: --output: the file name is empty; leave -o out to write to standard output\n";
        return kExitBadInput;
      }
      const LoadedScenario loaded = load(graph_config, {});
      const std::string dot = pathway_dot(loaded.scenario.pathway, loaded.scenario.name);
      if (graph_out.empty()) {
        out << dot;
      } else {
        AtomicFile file(graph_out);
        file.stream() << dot;
        file.commit();
      }
      return kExitOk;
    }
    if (metrics_cmd->parsed()) {
      const LoadedScenario loaded = load(metrics_config, {});
      const Model model(loaded.scenario);
      for (const auto& m : model.metrics().all())
        out << std::left << std::setw(34) << m.name << std::setw(7)
            << (m.kind == MetricKind::stock ? "stock" : m.kind == MetricKind::flow ? "flow" : "ratio") << m.description
            << '\n';
      return kExitOk;
    }
  } catch (const ConfigError& e) {
    err << "caseflow: error: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const RunRefused& e) {
    err << "caseflow: error: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const RunInterrupted& e) {
    err << "caseflow: " << e.what << '\n';
    return 128 + e.signal;
  } catch (const OutputError& e) {
    err << "caseflow: error: " << e.what() << '\n';
    return kExitFailure;
  } catch (const std::exception& e) {
    err << "caseflow: internal error: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitBadInput;
}

}  // namespace caseflow
