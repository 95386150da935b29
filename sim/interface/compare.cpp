// `caseflow compare BASE OTHER...`: the scenarios run paired, replication k
// of each with the same random streams, and their differences written with
// paired intervals (runner/paired.h) by CompareFiles (compare_files.h). With
// --shard I/N, or under mpirun, each process runs the same share of every
// scenario's replications, as `caseflow run` does (shard_files.h).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <ostream>

#include "caseflow/engine/config_node.h"
#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/distributed.h"
#include "caseflow/runner/runner.h"
#include "caseflow/runner/shard.h"
#include "cli_common.h"
#include "compare_files.h"
#include "shard_files.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! A scenario as loaded, with the complete configuration the loader used.
struct Loaded {
  LoadedScenario scenario;
  std::string resolved_config;
};

Loaded load_resolved(const std::string& config, const std::vector<std::string>& overrides) {
  ConfigCapture capture;
  LoadedScenario loaded = load(config, overrides);
  return {std::move(loaded), capture.resolved_yaml()};
}

std::string replications_text(const ReplicationRange& range) {
  return range.count == 0 ? std::string("no replications")
                           : "replications " + std::to_string(range.first) + " to " + std::to_string(range.first + range.count - 1);
}

}  // namespace

int command_compare(const CompareArgs& args, std::ostream& out, std::ostream& err) {
  const InterruptGuard interrupt;
  // Every scenario runs with the base's seed, stream set, horizon and
  // replications, so that replication k draws the same numbers in each.
  const std::vector<std::string> overrides = with_simulation_overrides(args.sets, args.replications, args.years, args.seed);
  std::vector<Loaded> loaded;
  loaded.reserve(1 + args.others.size());
  loaded.push_back(load_resolved(args.base, overrides));
  const LoadedScenario& base = loaded.front().scenario;
  const auto& sim = base.scenario.simulation;
  if (sim.replications < 2)
    throw RunRefused(base.source + ": simulation.replications is " + std::to_string(sim.replications) +
                     "; a paired comparison needs at least 2 (give -r N)");
  std::vector<std::string> shared = overrides;
  shared.push_back("scenario.start_date=" + format_date(base.scenario.start_date));
  shared.push_back("simulation.replications=" + std::to_string(sim.replications));
  shared.push_back("simulation.years=" + format_value(sim.years));
  shared.push_back("simulation.seed=" + std::to_string(sim.seed));
  shared.push_back("simulation.stream_set=" + std::to_string(sim.stream_set));
  for (const auto& other : args.others) {
    loaded.push_back(load_resolved(other, shared));
    const std::string& name = loaded.back().scenario.scenario.name;
    for (std::size_t i = 1; i + 1 < loaded.size(); ++i)
      if (loaded[i].scenario.scenario.name == name)
        throw RunRefused(loaded[i].scenario.source + " and " + other + " are both named '" + name +
                         "', so compare.csv could not tell their rows apart: give one its own scenario.name");
  }
  if (InterruptGuard::received()) interrupted("before the runs started", {});

  // Which replications of every scenario this process runs: all, a shard's
  // share, or this MPI rank's (the same split as caseflow run's).
  const std::uint64_t total = sim.replications;
  const int ranks = process_count(), rank = process_rank();
  if (ranks > 1 && args.shard.given())
    throw RunRefused("--shard and mpirun split the comparison twice: use one or the other");
  const ShardId share = args.shard.given() ? args.shard : ShardId{static_cast<std::uint64_t>(rank) + 1, static_cast<std::uint64_t>(ranks)};
  const ReplicationRange range = shard_replications(total, share.index, share.count);
  const bool root = rank == 0, quiet = args.quiet || !root;

  fs::path dir = args.out_given ? fs::path(args.out_dir) : fs::path("results") / ("compare-" + base.scenario.name);
  if (args.shard.given() && !args.out_given)
    dir /= "shard-" + std::to_string(share.index) + "-of-" + std::to_string(share.count);
  std::unique_ptr<OutputLock> lock;
  if (root || args.shard.given()) {  // the other ranks write nothing
    lock = lock_output_directory(dir, err);
    clear_output_directory(dir, args.shard.given() ? shard_file_names() : CompareFiles::names(), err);
  }

  std::vector<std::unique_ptr<Model>> models;
  std::vector<RunDescription> scenarios;
  for (std::size_t s = 0; s < loaded.size(); ++s) {
    models.push_back(std::make_unique<Model>(loaded[s].scenario.scenario));
    scenarios.push_back(describe_run(loaded[s].scenario, models.back()->metrics(), loaded[s].resolved_config, s == 0 ? overrides : shared));
  }
  const CompareDescription compare = describe_compare(std::move(scenarios), overrides);

  RunOptions options;
  options.first_replication = range.first;
  options.replications = range.count;
  options.threads = args.threads;
  options.stop = &InterruptGuard::flag();
  // This process's own replications: paired into the files at rank 0 (the
  // first share), else encoded to be sent (to rank 0, or a shard's
  // results.bin), each scenario's after the one before. The base's are kept
  // whole (one table each) to pair with each other scenario's as they come.
  std::unique_ptr<CompareFiles> files;
  if (root && !args.shard.given()) files = std::make_unique<CompareFiles>(compare, dir);
  std::string encoded;
  std::vector<MonthlyTable> base_tables;
  if (files) base_tables.reserve(options.replications);
  std::vector<RunTally> tallies(loaded.size());
  int threads = 0;
  for (std::size_t s = 0; s < loaded.size(); ++s) {
    const std::string& name = loaded[s].scenario.scenario.name;
    std::size_t k = 0;
    options.on_replication = [&](const ReplicationResult& result) {
      if (!files) encode_result(result, encoded);
      else if (s == 0) base_tables.push_back(result.table);
      else files->add(s, base_tables[k++], result.table);
    };
    if (!quiet && s == 0)
      out << "running " << name << " ("
          << (share.count == 1 ? std::to_string(total) + " replications" : replications_text(range) + " of " + std::to_string(total))
          << ")\n";
    if (!quiet && s > 0) out << "running " << name << ", paired with it\n";
    const RunSummary summary = run_replications(*models[s], options);
    if (InterruptGuard::received()) interrupted("while running " + name, dir);
    tallies[s] = {summary.events, summary.wall_seconds};
    threads = std::max(threads, summary.threads);
  }

  if (args.shard.given()) {
    write_compare_shard(dir, compare, {share, range, total, false, encoded}, tallies, threads);
    if (!quiet)
      out << "shard " << share.index << "/" << share.count << ": " << replications_text(range) << " (of 0 to " << total - 1
          << ") of " << loaded.size() << " scenarios\nwrote " << (dir / "shard.json").string()
          << " and results.bin; combine the shards with caseflow merge SHARD_DIR... --out DIR\n";
    return kExitOk;
  }
  if (ranks > 1) {
    // Rank 0 pairs the other ranks' replications after its own, in rank
    // order, which is replication order: the same bytes as one process.
    const std::vector<std::string> shares = gather_at_root(encoded);
    if (!root) return kExitOk;
    for (std::size_t r = 1; r < shares.size(); ++r)
      files->add_share(shares[r], shard_replications(total, r + 1, shares.size()), tallies);
  }
  files->commit(total, tallies, out, quiet);
  if (ranks > 1 && !quiet) out << "(" << ranks << " MPI processes of " << threads << " threads each)\n";
  return kExitOk;
}

}  // namespace caseflow
