// `caseflow sweep SPEC`: runs a sensitivity sweep into its SQLite database,
// resuming where a killed one stopped (sweep.h, docs/sensitivity.md).
#include "sweep.h"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <memory>
#include <ostream>

#include "caseflow/engine/config_node.h"
#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/distributed.h"
#include "caseflow/runner/shard.h"
#include "caseflow/runner/sweep_runner.h"
#include "cli_common.h"
#include "progress.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! Where each output reads its value in a replication's table.
struct OutputReader {
  std::size_t column = 0;
  std::vector<int> months;
  SweepOutput::Kind kind = SweepOutput::Kind::month;

  double value(const MonthlyTable& table) const {
    if (kind == SweepOutput::Kind::month) return table.at(static_cast<std::size_t>(months.front()), column);
    double sum = 0.0;
    std::size_t counted = 0;
    for (int m : months) {
      const double v = table.at(static_cast<std::size_t>(m), column);
      if (std::isnan(v)) continue;  // not reported that month
      sum += v;
      ++counted;
    }
    if (counted == 0) return NAN;
    return kind == SweepOutput::Kind::window_mean ? sum / static_cast<double>(counted) : sum;
  }
};

std::vector<OutputReader> output_readers(const SweepSpec& spec, const Model& model) {
  std::vector<OutputReader> readers;
  for (const auto& output : spec.outputs) {
    const int column = model.metrics().find(output.metric);
    if (column < 0)
      output.metric_where.fail("unknown metric '" + output.metric + "' for this scenario; 'caseflow metrics " + spec.base +
                        "' lists them");
    readers.push_back({static_cast<std::size_t>(column),
                       output_months(output, model.scenario().start_date, model.months()), output.kind});
  }
  return readers;
}

//! The tasks still to run, as rank 0 read them from the database, at every rank.
std::vector<SweepTask> share_tasks(const std::vector<SweepTask>& at_root) {
  std::string bytes;
  ByteWriter writer(bytes);
  for (const SweepTask& task : at_root) {
    writer.put<std::uint64_t>(task.point);
    writer.put<std::uint64_t>(task.replication);
  }
  broadcast_from_root(bytes);
  std::vector<SweepTask> tasks;
  for (ByteReader reader(bytes); !reader.done();) {
    const auto point = static_cast<std::size_t>(reader.get<std::uint64_t>());
    tasks.push_back({point, reader.get<std::uint64_t>()});
  }
  return tasks;
}

}  // namespace

int command_sweep(const SweepArgs& args, std::ostream& out, std::ostream& err) {
  const InterruptGuard interrupt;
  const auto started = std::chrono::steady_clock::now();
  SweepSpec spec = parse_sweep_spec(read_text_file(args.spec), args.spec);
  if (args.replications) spec.replications = args.replications;

  // The base, as the loader resolves it (extends, the spec's sets, defaults):
  // key paths are checked against it and scaled distributions read from it.
  const fs::path base_path = fs::path(args.spec).parent_path() / spec.base;
  ConfigCapture capture;
  const LoadedScenario base = load(base_path.string(), spec.sets);
  const std::string resolved = capture.resolved_yaml();
  const YAML::Node resolved_tree = YAML::Load(resolved);
  check_sweep_targets(spec, resolved_tree);
  const Model base_model(base.scenario);
  const std::vector<OutputReader> readers = output_readers(spec, base_model);

  SweepPlan plan;
  plan.spec = &spec;
  plan.base_source = spec.base;
  plan.base_resolved_hash = fnv1a_hex(resolved);
  plan.simulation_seed = base.scenario.simulation.seed;
  plan.unit = make_design(spec, base_unit_values(spec, resolved_tree));
  for (const auto& row : plan.unit) {
    plan.values.push_back(parameter_values(spec, row));
    plan.overrides.push_back(point_overrides(spec, resolved_tree, plan.values.back()));
  }
  const std::size_t points = plan.values.size();
  if (InterruptGuard::received()) interrupted("before the sweep started", {});

  // Under mpirun, rank 0 alone holds the database; every rank runs its
  // share of the pending tasks, and rank 0 stores the others' after its own,
  // in task order: the same database as one process.
  const int ranks = process_count(), rank = process_rank();
  const bool root = rank == 0, quiet = args.quiet || !root;
  if (ranks > 1 && args.shard.given()) throw RunRefused("--shard and mpirun split the sweep twice: use one or the other");
  fs::path dir = args.out_given ? fs::path(args.out_dir) : fs::path("results") / ("sweep-" + spec.name);
  if (args.shard.given() && !args.out_given)
    dir /= "shard-" + std::to_string(args.shard.index) + "-of-" + std::to_string(args.shard.count);
  const fs::path database = dir / (spec.name + ".sqlite");
  std::unique_ptr<OutputLock> lock;
  std::unique_ptr<SweepStore> store;
  std::vector<SweepTask> pending;
  std::uint64_t total = 0;
  if (root) {
    lock = lock_output_directory(dir, err);
    store = std::make_unique<SweepStore>(database);
    store->create_or_check(plan);
    total = store->total_pairs();
    if (args.shard.given()) {  // its share of the runs, as if the rest were done
      pending = claim_sweep_shard(*store, args.shard, spec.replications);
      total = shard_replications(total, args.shard.index, args.shard.count).count;
    } else {
      pending = store->pending();
    }
  }
  if (ranks > 1) pending = share_tasks(pending);
  const ReplicationRange share = shard_replications(pending.size(), static_cast<std::uint64_t>(rank) + 1,
                                                    static_cast<std::uint64_t>(ranks));
  const std::vector<SweepTask> tasks(pending.begin() + static_cast<std::ptrdiff_t>(share.first),
                                     pending.begin() + static_cast<std::ptrdiff_t>(share.first + share.count));
  if (!root) total = pending.size();  // its progress is not shown
  if (!quiet)
    out << "sweep " << spec.name << ": " << method_name(spec.design.method) << " design, " << spec.parameters.size()
        << " parameters, " << points << " points x " << spec.replications << " replications = " << total
        << " runs; " << (total - pending.size()) << " reused from " << database.string() << ", " << pending.size()
        << " to compute" << (ranks > 1 ? " on " + std::to_string(ranks) + " MPI processes" : "") << "\n";

  // Each point's scenario is the base file read again with the point's
  // overrides: exactly what `caseflow run BASE --set ...` would run.
  const fs::path base_dir = base_path.parent_path();
  const FileReader reader = [base_dir](const std::string& path) {
    return read_text_file(fs::path(path).is_absolute() ? fs::path(path) : base_dir / path);
  };
  double build_seconds = 0.0, store_seconds = 0.0;
  const SweepModelBuilder build = [&](std::size_t point) {
    const auto begin = std::chrono::steady_clock::now();
    auto model = std::make_shared<const Model>(parse_scenario(base.text, base.source, plan.overrides[point], reader));
    for (std::size_t k = 0; k < readers.size(); ++k)
      if (model->metrics().find(spec.outputs[k].metric) != static_cast<int>(readers[k].column) || model->months() != base_model.months())
        throw RunRefused("point " + std::to_string(point) + " reports different metrics or months from the base scenario; "
                         "sweep parameters must not change which modules run or the run's length");
    build_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    return model;
  };

  // Points finished so far: a point is done when its last pending pair is.
  std::vector<std::uint64_t> left(points, 0);
  for (const auto& task : pending) ++left[task.point];
  std::uint64_t points_done = 0, done = total - pending.size();
  for (auto n : left) points_done += n == 0;
  Progress progress(err, quiet, stderr_is_terminal(err), total, done, "sweep " + spec.name);
  std::uint64_t events = 0;
  std::vector<double> values(readers.size());
  const auto store_result = [&](const SweepTask& task, std::uint64_t task_events, const std::vector<double>& outputs) {
    store->record(task, task_events, outputs);
    events += task_events;
    points_done += --left[task.point] == 0;
    progress.update(++done, points_done, points);
  };
  std::string sent;  // another rank's results, for rank 0: each task, its events and its output values
  ByteWriter send(sent);
  const SweepResultSink sink = [&](const SweepTask& task, const ReplicationResult& result) {
    const auto begin = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < readers.size(); ++k) values[k] = readers[k].value(result.table);
    if (root) {
      store_result(task, result.events, values);
    } else {
      send.put<std::uint64_t>(task.point);
      send.put<std::uint64_t>(task.replication);
      send.put<std::uint64_t>(result.events);
      for (const double v : values) send.put<double>(v);
    }
    store_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  SweepRunOptions options;
  options.threads = args.threads;
  options.stop = &InterruptGuard::flag();
  const auto run_started = std::chrono::steady_clock::now();
  std::size_t computed = run_sweep_tasks(tasks, build, sink, options);
  if (ranks > 1) {
    // Every rank sends what it ran, a stopped one too: rank 0 stores it all.
    const std::vector<std::string> shares = gather_at_root(sent);
    if (!root) return 0;
    for (std::size_t r = 1; r < shares.size(); ++r)
      for (ByteReader received(shares[r]); !received.done();) {
        const auto point = static_cast<std::size_t>(received.get<std::uint64_t>());
        const SweepTask task{point, received.get<std::uint64_t>()};
        const auto task_events = received.get<std::uint64_t>();
        for (double& v : values) v = received.get<double>();
        store_result(task, task_events, values);
        ++computed;
      }
  }
  const double run_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();
  progress.finish();
  if (InterruptGuard::received()) {
    const int signal = InterruptGuard::received();
    throw RunInterrupted{signal, std::string("stopped by ") + signal_name(signal) + " after " + std::to_string(done) +
                                     " of " + std::to_string(total) + " runs; they are stored in " + database.string() +
                                     ": run the same command again to compute the rest"};
  }

  if (args.shard.given()) {
    if (!quiet)
      out << "shard " << args.shard.index << "/" << args.shard.count << " of sweep " << spec.name << ": " << computed
          << " runs computed; wrote " << database.string() << "; combine the shards with caseflow merge SHARD_DIR... --out DIR\n";
    return 0;
  }
  write_sweep_analysis(*store, spec, plan, out, quiet);
  if (!quiet) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out << "\n" << computed << " runs computed, " << (total - pending.size()) << " reused; " << std::fixed
        << std::setprecision(2) << run_seconds << " s running";
    if (run_seconds > 0)
      out << " (" << std::setprecision(1) << static_cast<double>(computed) / run_seconds << " replications/s; building points "
          << std::setprecision(1) << 100.0 * build_seconds / run_seconds << "%, storing " << 100.0 * store_seconds / run_seconds
          << "% of it, on the pipeline's serial stages)";
    out << ", " << std::setprecision(2) << wall << " s in all\nwrote " << database.string() << '\n';
  }
  return 0;
}

}  // namespace caseflow
