// `caseflow sweep SPEC --shard I/N` leaves a database with its share of the
// (point, replication) runs done; `caseflow merge` of such databases makes
// the database one process would have made (sweep.h, docs/cluster.md).
#include <algorithm>
#include <map>
#include <memory>
#include <ostream>

#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"
#include "caseflow/runner/shard.h"
#include "cli_common.h"
#include "sweep.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* kShardKey = "shard";

[[noreturn]] void refuse(const std::string& what) { throw RunRefused(what); }

std::string shard_text(const ShardId& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

std::string meta_value(SweepStore& store, const std::string& key) {
  SqliteStatement read(store.db(), "SELECT value FROM meta WHERE key = ?1");
  read.bind(1, key);
  return read.step() ? read.text(0) : std::string();
}

//! The share of a sweep's tasks, by point then replication, that shard I of N runs.
ReplicationRange sweep_share(std::uint64_t total_pairs, const ShardId& shard) {
  return shard_replications(total_pairs, shard.index, shard.count);
}

//! The task at position `i` of the sweep's order (by point, then replication).
SweepTask task_at(std::uint64_t i, std::uint64_t replications) {
  return {static_cast<std::size_t>(i / replications), i % replications};
}

struct SweepShardOnDisk {
  fs::path database;
  std::unique_ptr<SweepStore> store;
  ShardId id;
};

//! The one sweep database in a shard's directory (or the file given).
fs::path database_in(const fs::path& given) {
  if (fs::is_regular_file(given)) return given;
  std::vector<fs::path> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(given, error))
    if (entry.path().extension() == ".sqlite") found.push_back(entry.path());
  if (found.size() != 1)
    refuse(given.string() + " holds " + std::to_string(found.size()) +
           " sweep databases (*.sqlite); give each shard's directory, or its database");
  return found.front();
}

}  // namespace

std::vector<SweepTask> claim_sweep_shard(SweepStore& store, const ShardId& shard, std::uint64_t replications) {
  SqliteStatement insert(store.db(), "INSERT OR IGNORE INTO meta(key, value) VALUES (?1, ?2)");
  insert.bind(1, std::string(kShardKey)).bind(2, shard_text(shard)).run();
  const std::string stored = meta_value(store, kShardKey);
  if (stored != shard_text(shard))
    refuse("cannot resume into " + store.db().path().string() + ": it holds shard " + stored + ", not " +
           shard_text(shard) + "; give each shard its own --out directory");
  const ReplicationRange share = sweep_share(store.total_pairs(), shard);
  std::vector<SweepTask> tasks;
  for (const SweepTask& task : store.pending()) {
    const std::uint64_t position = task.point * replications + task.replication;
    if (position >= share.first && position < share.first + share.count) tasks.push_back(task);
  }
  return tasks;
}

bool is_sweep_shard(const fs::path& given) {
  return fs::is_directory(given) ? !fs::exists(given / "shard.json") : given.extension() == ".sqlite";
}

int merge_sweep_shards(const std::vector<std::string>& given, const fs::path& dir, bool quiet, std::ostream& out,
                       std::ostream& err) {
  std::vector<SweepShardOnDisk> shards;
  for (const auto& path : given) {
    SweepShardOnDisk shard;
    shard.database = database_in(path);
    shard.store = std::make_unique<SweepStore>(shard.database);
    const std::string text = meta_value(*shard.store, kShardKey);
    if (text.empty())
      refuse(shard.database.string() + " is not a sweep shard (it was made without --shard I/N)");
    const auto slash = text.find('/');
    shard.id = {std::stoull(text.substr(0, slash)), std::stoull(text.substr(slash + 1))};
    shards.push_back(std::move(shard));
  }
  // One sweep: what a resume checks, and the split.
  const auto& first = shards.front();
  std::map<std::uint64_t, const SweepShardOnDisk*> by_index;
  for (const auto& shard : shards) {
    for (const char* key : {"caseflow_version", "git_commit", "spec_hash_fnv1a64", "base_resolved_hash_fnv1a64",
                            "replications", "simulation_seed"}) {
      const std::string a = meta_value(*first.store, key), b = meta_value(*shard.store, key);
      if (a != b)
        refuse(shard.database.string() + " is not a shard of the same sweep as " + first.database.string() + ": its " +
               key + " is " + b + ", but " + first.database.string() + "'s is " + a);
    }
    if (shard.id.count != first.id.count)
      refuse(shard.database.string() + " is shard " + shard_text(shard.id) + ", but " + first.database.string() +
             " is shard " + shard_text(first.id) + ": the shards of one merge split the sweep the same way");
    const auto [it, inserted] = by_index.emplace(shard.id.index, &shard);
    if (!inserted)
      refuse("shard " + shard_text(shard.id) + " is given twice: " + it->second->database.string() + " and " +
             shard.database.string());
    const std::uint64_t replications = std::stoull(meta_value(*shard.store, "replications"));
    const ReplicationRange share = sweep_share(shard.store->total_pairs(), shard.id);
    for (const SweepTask& task : shard.store->pending()) {
      const std::uint64_t position = task.point * replications + task.replication;
      if (position >= share.first && position < share.first + share.count)
        refuse(shard.database.string() + ": shard " + shard_text(shard.id) + " is not finished (point " +
               std::to_string(task.point) + ", replication " + std::to_string(task.replication) +
               " is pending); run its command again to finish it");
    }
  }
  std::string missing;
  for (std::uint64_t i = 1; i <= first.id.count; ++i)
    if (!by_index.contains(i)) missing += (missing.empty() ? "" : ", ") + shard_text({i, first.id.count});
  if (!missing.empty())
    refuse("shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
           " missing: merge needs every shard of the sweep once (given " + std::to_string(shards.size()) + " of " +
           std::to_string(first.id.count) + ")");

  // The first shard's database, its share done, is the start of the merged
  // one; each other shard's runs are stored after it in task order, as one
  // process stores them, then the sweep is analysed as one process does.
  const auto lock = lock_output_directory(dir, err);
  const fs::path database = dir / first.database.filename();
  if (fs::exists(database)) refuse(database.string() + " exists already: merge writes only a new database");
  // Made under a temporary name and renamed once analysed: a merge stopped
  // part way leaves nothing under the final name.
  clear_output_directory(dir, {database.filename().string()}, err);
  const fs::path temporary = temporary_path(database);
  try {
    {
      SqliteStatement copy(by_index.at(1)->store->db(), "VACUUM INTO ?1");
      copy.bind(1, temporary.string()).run();
    }
    SweepStore merged(temporary);
    merged.db().execute(std::string("DELETE FROM meta WHERE key = '") + kShardKey + "'");
    const std::uint64_t replications = std::stoull(meta_value(merged, "replications"));
    const std::size_t outputs = static_cast<std::size_t>(std::stoull(merged.db().scalar("SELECT count(*) FROM output").value_or("0")));
    std::vector<double> values(outputs);
    for (std::uint64_t i = 2; i <= first.id.count; ++i) {
      SweepStore& store = *by_index.at(i)->store;
      const ReplicationRange share = sweep_share(store.total_pairs(), {i, first.id.count});
      SqliteStatement run(store.db(), "SELECT events FROM run WHERE point = ?1 AND replication = ?2");
      SqliteStatement value(store.db(), "SELECT value FROM replication_value WHERE point = ?1 AND replication = ?2 ORDER BY output");
      for (std::uint64_t position = share.first; position < share.first + share.count; ++position) {
        const SweepTask task = task_at(position, replications);
        const auto point = static_cast<std::int64_t>(task.point), replication = static_cast<std::int64_t>(task.replication);
        run.bind(1, point).bind(2, replication);
        if (!run.step()) refuse(store.db().path().string() + ": no run of point " + std::to_string(point));
        const auto events = static_cast<std::uint64_t>(run.integer(0));
        run.reset();
        value.bind(1, point).bind(2, replication);
        for (double& v : values) {
          if (!value.step()) refuse(store.db().path().string() + ": values missing for point " + std::to_string(point));
          v = value.real(0);
        }
        value.reset();
        merged.record(task, events, values);
      }
      if (InterruptGuard::received()) interrupted("while merging", dir);
    }

    // The spec and plan as the shards stored them, for the analysis.
    SweepSpec spec = parse_sweep_spec(meta_value(merged, "spec_text"), meta_value(merged, "spec_file"));
    spec.replications = replications;
    SweepPlan plan = merged.stored_plan();
    plan.spec = &spec;
    write_sweep_analysis(merged, spec, plan, out, quiet);
  } catch (...) {  // the store is closed by now
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  fs::rename(temporary, database, error);
  if (error) throw OutputError("cannot rename " + temporary.string() + " to " + database.string() + ": " + error.message());
  if (!quiet) out << "merged " << shards.size() << " sweep shards into " << database.string() << '\n';
  return 0;
}

}  // namespace caseflow
