//===----------------------------------------------------------------------===//
// sweep.h: `caseflow sweep SPEC` and `caseflow sweep export DB` (interface
// layer, not public). docs/sensitivity.md says what they do and why.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "caseflow/runner/shard.h"
#include "caseflow/runner/sweep_spec.h"
#include "sweep_store.h"

namespace caseflow {

struct SweepArgs {
  std::string spec;
  std::uint64_t replications = 0;  // 0: the spec's
  int threads = 0;
  std::string out_dir;
  bool out_given = false;
  bool quiet = false;
  ShardId shard;  // --shard I/N: only this share of the runs (sweep_shards.cpp)
};
int command_sweep(const SweepArgs& args, std::ostream& out, std::ostream& err);

struct SweepExportArgs {
  std::string database;
  std::string csv_dir;
};
int command_sweep_export(const SweepExportArgs& args, std::ostream& out, std::ostream& err);

//! From every stored replication value: the per-point results (mean, sd,
//! p5, p50, p95 over replications, in replication order) and the design's
//! analysis of each output, written in one transaction over the old ones.
//! Prints the parameters ranked for each output unless `quiet`.
//! Marks `store` as shard `shard` (a resume must be of the same shard) and
//! returns its share of the runs still pending: block I of N of the sweep's
//! (point, replication) pairs in order.
std::vector<SweepTask> claim_sweep_shard(SweepStore& store, const ShardId& shard, std::uint64_t replications);
//! Whether a path given to `caseflow merge` is a sweep shard (a directory
//! with a database and no shard.json, or a .sqlite file).
bool is_sweep_shard(const std::filesystem::path& given);
//! `caseflow merge` of sweep shards: every shard once, of one sweep, each
//! finished; writes DIR/<name>.sqlite as one process would have, analysed.
int merge_sweep_shards(const std::vector<std::string>& given, const std::filesystem::path& dir, bool quiet,
                       std::ostream& out, std::ostream& err);

void write_sweep_analysis(SweepStore& store, const SweepSpec& spec, const SweepPlan& plan, std::ostream& out,
                          bool quiet);

}  // namespace caseflow
