//===----------------------------------------------------------------------===//
// calibrate.h: `caseflow calibrate` and the episodes a run writes for it
// (interface layer, not public)
//
// calibrate fits a scenario to an authority's data in one of two modes:
// published targets (calibrate_targets.cpp) or case-level episodes
// (calibrate_episodes.cpp, with the fit in runner/episode_fit.h). Either
// writes a scenario that extends the base and restates what it changed.
//===----------------------------------------------------------------------===//
#pragma once

#include <iosfwd>
#include <cstdint>
#include <string>
#include <vector>

#include "caseflow/model/replication.h"
#include "caseflow/model/scenario.h"

namespace CLI {
class App;
}

namespace caseflow {

struct CalibrateArgs {
  std::string targets;       // TARGETS.yaml: published stocks and flows
  std::string episodes;      // --episodes FILE.csv: case-level mode
  std::string base;          // --base SCENARIO (targets mode: default the targets file's `base`)
  std::string out;           // --out FILE.yaml
  std::string report;        // --report FILE.csv (optional)
  std::string extract_date;  // --extract-date: open episodes are censored on it (default: the latest date in the file)
  std::size_t min_episodes = 30;
  // Targets mode:
  std::vector<std::string> sets;           // --set on the base
  std::uint64_t replications = 40;         // each fitting run
  std::uint64_t report_replications = 100; // the run the fit report reads
  int iterations = 12;
  int threads = 0;
  double child_population = 0;             // > 0: replaces the file's (rates per 10,000 follow it)
  bool quiet = false;
};

//! Registers `caseflow calibrate` (its options and --help) on `app`.
CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args);
//! Runs it: exactly one of TARGETS and --episodes.
int command_calibrate(const CalibrateArgs& args, std::ostream& out, std::ostream& err);
//! `caseflow calibrate TARGETS --base ... --out ...`.
int calibrate_to_targets(const CalibrateArgs& args, std::ostream& out, std::ostream& err);
//! `caseflow calibrate --episodes FILE --base ... --out ...`.
int calibrate_to_episodes(const CalibrateArgs& args, std::ostream& out, std::ostream& err);

//! The header and rows of the episodes CSV `caseflow run --episodes` writes:
//! replication,child_id,state,start_date,end_date,reason. Dates are the
//! day each began and ended; start_date is empty for a child found in the
//! state at the start (the warm start), end_date and reason for an episode
//! still open at the end of the run; reason is the state the child went
//! to, or adulthood.
void write_episodes_header(std::ostream& out);
void write_episodes(std::ostream& out, const ReplicationResult& result, const Scenario& scenario);

}  // namespace caseflow
