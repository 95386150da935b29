//===----------------------------------------------------------------------===//
// run_files.h: the files `caseflow run` leaves (interface layer, not public)
//
// summary.csv, finance.csv, replications.csv and manifest.json, made from
// every replication's result in index order. A run in one process, a run
// over MPI ranks and `caseflow merge` of shards all write through RunFiles,
// so that they write the same bytes.
//===----------------------------------------------------------------------===//
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "caseflow/engine/calendar.h"
#include "caseflow/interface/output.h"
#include "caseflow/model/metrics.h"
#include "caseflow/model/replication.h"
#include "caseflow/runner/finance.h"
#include "caseflow/runner/runner.h"
#include "cli_common.h"

namespace caseflow {

//! What a run is of: the same in every shard and every rank of it.
struct RunDescription {
  std::string scenario;
  MetricRegistry metrics;
  Date start_date;
  int months = 0;
  //! manifest.json's fields that say what was run (version, config and its
  //! hashes, seed, metrics, ...), in the manifest's order; not those of one
  //! process's run (replications, threads, wall_seconds, events, files).
  nlohmann::ordered_json manifest;
};

RunDescription describe_run(const LoadedScenario& loaded, const MetricRegistry& metrics, const std::string& resolved_config,
                            const std::vector<std::string>& overrides);

//! A run's files in `dir`, fed each replication's result in index order.
//! Nothing is in place until commit(); destroyed before, it leaves nothing.
class RunFiles {
 public:
  //! The names a run may leave in its directory.
  static const std::vector<std::string>& names();

  RunFiles(const RunDescription& run, std::filesystem::path dir, bool keep_replications);
  //! finance.csv's and replications.csv's share of one replication (the
  //! summary's share is RunSummary's: run_replications or add_replication).
  void add(const ReplicationResult& result);
  //! Writes summary.csv, finance.csv and manifest.json and puts them (and
  //! replications.csv) in place of the previous run's, the manifest last;
  //! then, unless `quiet`, prints the headline and what was written.
  void commit(const RunSummary& summary, std::ostream& out, std::ostream& err, bool quiet);

 private:
  const RunDescription& run_;
  std::filesystem::path dir_;
  FinancialYears financial_years_;
  FinanceSummary finance_;
  std::unique_ptr<AtomicFile> replications_file_;
};

}  // namespace caseflow
