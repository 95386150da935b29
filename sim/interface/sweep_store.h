//===----------------------------------------------------------------------===//
// sweep_store.h: one sweep's SQLite database (interface layer)
//
// The schema is documented in docs/sensitivity.md ("The database"). The
// database is in WAL mode with synchronous=NORMAL: committed transactions
// survive the process being killed (kill -9), and the file is never left
// corrupt. Each finished replication is one transaction, so a resumed sweep
// runs exactly the (point, replication) pairs still `pending`. Nothing that
// depends on the time or the thread count is stored, so a sweep killed and
// resumed ends with the same content as one run straight through.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "caseflow/runner/sweep_runner.h"
#include "caseflow/runner/sweep_spec.h"
#include "sqlite_db.h"

namespace caseflow {

//! Schema version, in PRAGMA user_version.
inline constexpr int kSweepSchemaVersion = 1;

//! Everything fixed before a sweep runs: stored once, compared on resume.
struct SweepPlan {
  const SweepSpec* spec = nullptr;
  std::string base_source;         // the base scenario file as the spec names it
  std::string base_resolved_hash;  // of the base as resolved (extends, sets, defaults)
  std::uint64_t simulation_seed = 0;
  std::vector<std::vector<double>> unit;    // design rows in [0, 1]
  std::vector<std::vector<double>> values;  // the same on the parameters' bounds
  std::vector<std::vector<std::string>> overrides;  // per point
};


class SweepStore {
 public:
  explicit SweepStore(const std::filesystem::path& path);

  //! A new database gets the plan, every pair `pending`; an existing one must
  //! hold the same plan, else RunRefused saying what differs.
  void create_or_check(const SweepPlan& plan);
  //! Pairs still to run, by point then replication.
  std::vector<SweepTask> pending();
  std::uint64_t total_pairs();
  //! Stores one finished replication's output values, in one transaction.
  void record(const SweepTask& task, std::uint64_t events, const std::vector<double>& outputs);
  //! values[point][output][replication], read in that order.
  std::vector<std::vector<std::vector<double>>> replication_values(std::size_t points, std::size_t outputs,
                                                                   std::uint64_t replications);
  //! The plan as stored (design rows, values, overrides, seed; not the
  //! spec, which the caller parses from the stored spec_text).
  SweepPlan stored_plan();
  SqliteDb& db() { return db_; }

 private:
  SqliteDb db_;
};

}  // namespace caseflow
