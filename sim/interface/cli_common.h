//===----------------------------------------------------------------------===//
// cli_common.h: what the commands of the command line share (interface
// layer, not public): loading a scenario, and how a command is refused or
// interrupted.
//===----------------------------------------------------------------------===//
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "caseflow/interface/output.h"
#include "caseflow/model/scenario.h"
#include "caseflow/runner/shard.h"

namespace caseflow {

inline constexpr const char* kDefaultName = "(embedded default: configs/manchester-2016.yaml)";

struct LoadedScenario {
  Scenario scenario;
  std::string text;     // the config as read
  std::string source;   // file name, or the embedded default
  std::string path;     // the file's absolute path; empty for the embedded default
};

//! A run refused before it starts because of what it was asked (exit 2).
class RunRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A run stopped by a signal: nothing was put in place (exit 128 + signal).
struct RunInterrupted {
  int signal;
  std::string what;
};

//! The --set overrides with those of -r, -y and -s (0 or empty: not given).
std::vector<std::string> with_simulation_overrides(std::vector<std::string> sets, std::uint64_t replications, double years,
                                                   const std::string& seed);
//! Reads a scenario file (empty: the built-in default) with `--set` overrides.
LoadedScenario load(const std::string& config, const std::vector<std::string>& overrides);
//! Reads the files a scenario names (paths relative to the scenario's directory).
FileReader file_reader_beside(const std::string& config);
//! Reads a whole file; a missing or unreadable one is a ConfigError.
std::string read_text_file(const std::filesystem::path& path);
//! The time now, as 2016-06-21T09:30:00Z.
std::string utc_now();
//! Makes `dir` and takes its lock (warning on `err` where the filesystem has none).
std::unique_ptr<OutputLock> lock_output_directory(const std::filesystem::path& dir, std::ostream& err);
//! Holding the lock: removes what killed runs left of `names`, and checks
//! that a file can be made there, before a run starts.
void clear_output_directory(const std::filesystem::path& dir, const std::vector<std::string>& names, std::ostream& err);
//! Throws RunInterrupted for the signal received, saying what was left as it was.
[[noreturn]] void interrupted(const std::string& when, const std::filesystem::path& dir);

//! `caseflow compare BASE OTHER...` (compare.cpp).
struct CompareArgs {
  std::string base;
  std::vector<std::string> others;
  std::vector<std::string> sets;  // applied to every scenario
  std::uint64_t replications = 0;
  double years = 0;
  std::string seed;
  int threads = 0;
  std::string out_dir;
  bool out_given = false;
  bool quiet = false;
  ShardId shard;  // not given: every replication (or, under mpirun, this rank's share)
};
int command_compare(const CompareArgs& args, std::ostream& out, std::ostream& err);


}  // namespace caseflow
