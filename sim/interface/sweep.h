//===----------------------------------------------------------------------===//
// sweep.h: `caseflow sweep SPEC` and `caseflow sweep export DB` (interface
// layer, not public). docs/sensitivity.md says what they do and why.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

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
void write_sweep_analysis(SweepStore& store, const SweepSpec& spec, const SweepPlan& plan, std::ostream& out,
                          bool quiet);

}  // namespace caseflow
