//===----------------------------------------------------------------------===//
// shard_files.h: `caseflow run --shard I/N` and `caseflow merge` (interface
// layer, not public)
//
// A shard's directory holds shard.json (what run it is a share of, which
// share, and the run's description) and results.bin (its replications'
// results, bit for bit: runner/shard.h). `caseflow merge` checks that the
// shards are all of one run, each present once, and feeds their results in
// replication order to RunFiles, which a run in one process writes through.
// A share of `caseflow compare --shard I/N` is the same but for every
// scenario of the comparison ("command": "compare", each scenario's run
// description), merged through CompareFiles.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "caseflow/runner/runner.h"
#include "caseflow/runner/shard.h"
#include "compare_files.h"
#include "run_files.h"

namespace caseflow {

//! "I/N" with 1 <= I <= N <= 100000; throws RunRefused otherwise.
ShardId parse_shard(const std::string& text);
//! Empty if `text` is a valid I/N, else why not (for the option's validator).
std::string shard_text_problem(const std::string& text);

//! The files a shard leaves in its directory.
const std::vector<std::string>& shard_file_names();

struct ShardOutput {
  ShardId shard;
  ReplicationRange range;
  std::uint64_t total_replications = 0;
  bool keep_replications = false;
  std::string results;  // encode_result of each replication of `range`, in order
};

//! Writes shard.json and results.bin into `dir` (whose lock the caller holds).
void write_shard(const std::filesystem::path& dir, const RunDescription& run, const ShardOutput& shard,
                 const RunSummary& summary);

//! The same for a share of `caseflow compare`: `shard.results` holds each
//! scenario's replications of `shard.range`, the baseline's first
//! (CompareFiles::add_share); `tallies` what each scenario's took.
void write_compare_shard(const std::filesystem::path& dir, const CompareDescription& compare, const ShardOutput& shard,
                         const std::vector<RunTally>& tallies, int threads);

struct MergeArgs {
  std::vector<std::string> shards;  // directories, or their shard.json
  std::string out_dir;
  bool quiet = false;
};
int command_merge(const MergeArgs& args, std::ostream& out, std::ostream& err);

}  // namespace caseflow
