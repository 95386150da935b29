//===----------------------------------------------------------------------===//
// compare_files.h: the files `caseflow compare` leaves (interface layer, not
// public)
//
// compare.csv, finance_compare.csv and manifest.json, made from replication
// k of the baseline paired with replication k of each other scenario, k in
// index order. A comparison in one process, one over MPI ranks and
// `caseflow merge` of compare shards all write through CompareFiles, so
// that they write the same bytes.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "caseflow/model/metrics.h"
#include "caseflow/runner/finance.h"
#include "caseflow/runner/paired.h"
#include "caseflow/runner/shard.h"
#include "run_files.h"

namespace caseflow {

//! What a comparison is of: the same in every shard and every rank of it.
struct CompareDescription {
  //! Each scenario as describe_run describes it, the baseline first.
  std::vector<RunDescription> scenarios;
  //! manifest.json's fields that say what was compared (version, commit,
  //! command, baseline, overrides, seed, stream set, months), in order.
  nlohmann::ordered_json manifest;
};

CompareDescription describe_compare(std::vector<RunDescription> scenarios, const std::vector<std::string>& overrides);

//! What each scenario's runs took: events, and seconds computing.
struct RunTally {
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
};

//! A comparison's files in `dir`, fed each other scenario's replications
//! paired with the baseline's, in index order. Nothing is in place until
//! commit(); destroyed before, it leaves nothing.
class CompareFiles {
 public:
  //! The names a comparison may leave in its directory.
  static const std::vector<std::string>& names();

  CompareFiles(const CompareDescription& compare, std::filesystem::path dir);
  ~CompareFiles();
  //! Replication k of the baseline and of scenario `other` (1 to scenarios - 1).
  void add(std::size_t other, const MonthlyTable& base, const MonthlyTable& table);
  //! A share's replications [range.first, +count) of every scenario: each
  //! scenario's block of encode_result records, the baseline's first, each
  //! in index order. Adds their events to `tallies`; throws
  //! std::invalid_argument saying what is wrong with the bytes.
  void add_share(std::string_view bytes, const ReplicationRange& range, std::vector<RunTally>& tallies);
  //! Writes the files and puts them in place of the previous comparison's,
  //! the manifest last; then, unless `quiet`, prints the differences.
  void commit(std::uint64_t replications, const std::vector<RunTally>& tallies, std::ostream& out, bool quiet);

 private:
  struct Pair;
  const CompareDescription& compare_;
  std::filesystem::path dir_;
  FinancialYears base_years_;
  std::vector<std::unique_ptr<Pair>> pairs_;  // one for each other scenario
};

}  // namespace caseflow
