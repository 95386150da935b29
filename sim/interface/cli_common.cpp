#include "cli_common.h"

#include <cerrno>
#include <chrono>
#include <ctime>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>

#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
#include "caseflow/interface/output.h"

namespace caseflow {

namespace fs = std::filesystem;

std::string read_text_file(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) throw ConfigError(path.string(), "", 0, "file not found");
  if (fs::is_directory(path, error)) throw ConfigError(path.string(), "", 0, "is a directory, expected a YAML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string(), "", 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> with_simulation_overrides(std::vector<std::string> sets, std::uint64_t replications, double years,
                                                   const std::string& seed) {
  if (replications) sets.push_back("simulation.replications=" + std::to_string(replications));
  if (years > 0) sets.push_back("simulation.years=" + format_value(years));
  if (!seed.empty()) sets.push_back("simulation.seed=" + seed);
  return sets;
}

std::unique_ptr<OutputLock> lock_output_directory(const fs::path& dir, std::ostream& err) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw OutputError("cannot create the output directory " + dir.string() + ": " + error.message());
  // One run at a time in a directory, from here to the last rename.
  auto lock = std::make_unique<OutputLock>(dir);
  if (!lock->held())
    err << "caseflow: warning: cannot lock " << dir.string()
        << " (its filesystem does not support locks): another run into it at the same time would not be stopped\n";
  return lock;
}

void clear_output_directory(const fs::path& dir, const std::vector<std::string>& names, std::ostream& err) {
  for (const auto& name : remove_stale_temporaries(dir, names))
    err << "caseflow: removed " << (dir / name).string() << ", left by an earlier run that was stopped\n";
  // An output directory that cannot take a file fails now, not after the run.
  { const AtomicFile probe(dir / names.front()); }
}

FileReader file_reader_beside(const std::string& config) {
  const fs::path base = fs::path(config).parent_path();
  return [base](const std::string& path) {
    const fs::path full = fs::path(path).is_absolute() ? fs::path(path) : base / path;
    return read_text_file(full);
  };
}

LoadedScenario load(const std::string& config, const std::vector<std::string>& overrides) {
  LoadedScenario loaded;
  FileReader reader;
  if (config.empty()) {
    loaded.text = embedded_default_scenario();
    loaded.source = kDefaultName;
    // The default's relative paths are relative to the source tree's configs/.
  } else {
    loaded.text = read_text_file(config);
    loaded.source = config;
    std::error_code ignored;
    loaded.path = fs::weakly_canonical(fs::absolute(config), ignored).string();
    reader = file_reader_beside(config);
  }
  loaded.scenario = parse_scenario(loaded.text, loaded.source, overrides, reader);
  return loaded;
}

[[noreturn]] void interrupted(const std::string& when, const fs::path& dir) {
  const int signal = InterruptGuard::received();
  throw RunInterrupted{signal, std::string("stopped by ") + signal_name(signal) + " " + when +
                                   ": nothing was written, and " +
                                   (dir.empty() ? std::string("no output directory was touched")
                                                : "the files in " + dir.string() + " are as they were")};
}


std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace caseflow
