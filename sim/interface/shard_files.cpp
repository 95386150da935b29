#include "shard_files.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
#include "compare_files.h"
#include "sweep.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "caseflow shard 1";

//! The description fields two shards of one run may differ in: where the
//! config file was on each machine (its text and hashes must agree).
bool may_differ(const std::string& key) { return key == "config_source" || key == "config_path"; }

//! One shard as merge reads it.
struct ShardOnDisk {
  fs::path json_path, results_path;
  nlohmann::ordered_json json;
  ShardId id;
  ReplicationRange range;
  //! A share of `caseflow compare` (every scenario's replications), not of `caseflow run`.
  bool compare() const { return json.value("command", "run") == "compare"; }
};

[[noreturn]] void refuse(const std::string& what) { throw RunRefused(what); }

std::uint64_t whole_number(const nlohmann::ordered_json& json, const char* key, const fs::path& file) {
  const auto it = json.find(key);
  if (it == json.end() || !it->is_number_unsigned())
    refuse(file.string() + ": '" + key + "' is missing or not a whole number; is it a shard written by caseflow run or compare --shard?");
  return it->get<std::uint64_t>();
}

ShardOnDisk read_shard_json(const std::string& given) {
  ShardOnDisk shard;
  const fs::path path(given);
  const bool is_file = fs::is_regular_file(path);
  shard.json_path = is_file ? path : path / "shard.json";
  shard.results_path = shard.json_path.parent_path() / "results.bin";
  std::ifstream in(shard.json_path);
  if (!in)
    refuse(shard.json_path.string() + " is missing: give each shard's directory (the --out of caseflow run or compare --shard I/N)");
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    refuse(shard.json_path.string() + " is not valid JSON: the shard is damaged; run it again");
  if (!json.contains("format") || json["format"] != kFormat)
    refuse(shard.json_path.string() + " is not a shard of this format (expected \"format\": \"" + kFormat + "\")");
  shard.id = {whole_number(json, "shard", shard.json_path), whole_number(json, "shards", shard.json_path)};
  shard.range = {whole_number(json, "first_replication", shard.json_path),
                 whole_number(json, "replications", shard.json_path)};
  whole_number(json, "total_replications", shard.json_path);
  if (!json.contains("run") || !json["run"].is_object() || !json.contains("keep_replications"))
    refuse(shard.json_path.string() + ": 'run' or 'keep_replications' is missing; is it a shard written by caseflow run --shard?");
  shard.json = std::move(json);
  if (shard.compare()) {
    const auto& run = shard.json["run"];
    const auto listed = [](const nlohmann::ordered_json& object, const char* key, std::size_t size) {
      const auto it = object.find(key);
      return it != object.end() && it->is_array() && it->size() == size;
    };
    const std::size_t scenarios = run.contains("scenarios") && run["scenarios"].is_array() ? run["scenarios"].size() : 0;
    if (scenarios < 2 || !listed(shard.json, "metric_finance", scenarios) || !listed(shard.json, "runs", scenarios))
      refuse(shard.json_path.string() + ": the scenarios, their metric_finance or their runs are missing or do not match; "
             "the shard is damaged: run it again");
    for (const auto& scenario : run["scenarios"])
      if (!scenario.is_object() || !scenario.contains("scenario"))
        refuse(shard.json_path.string() + ": a scenario's description is damaged; run the shard again");
  }
  return shard;
}

std::string short_value(const nlohmann::ordered_json& value) {
  const std::string text = value.dump();
  return text.size() <= 60 ? text : "(" + std::to_string(text.size()) + " characters)";
}

//! Why run description `b` differs from `a`, `first`'s, or empty; `what`
//! names the part of a comparison they describe ("" for a run's).
std::string run_mismatch(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const ShardOnDisk& first,
                         const std::string& what) {
  const auto differs = [&](const nlohmann::ordered_json& x, const nlohmann::ordered_json& y, const std::string& key) {
    return "its " + what + key + " is " + short_value(y) + ", but " + first.json_path.string() + "'s is " + short_value(x);
  };
  const auto compared = [](const std::string& key) { return !may_differ(key) && key != "scenarios"; };
  // The likeliest causes first: another build, another seed, another config.
  for (const char* key : {"caseflow_version", "git_commit", "seed", "stream_set", "resolved_config_hash_fnv1a64"})
    if (a.value(key, nlohmann::ordered_json()) != b.value(key, nlohmann::ordered_json()))
      return differs(a.value(key, nlohmann::ordered_json()), b.value(key, nlohmann::ordered_json()), key);
  for (const auto& [key, value] : a.items())
    if (compared(key) && (!b.contains(key) || b[key] != value)) return differs(value, b.value(key, nlohmann::ordered_json()), key);
  for (const auto& [key, value] : b.items())
    if (compared(key) && !a.contains(key)) return differs(nlohmann::ordered_json(), value, key);
  return {};
}

//! Why `shard` is not of the same run (or comparison) as `first`, or empty.
std::string mismatch(const ShardOnDisk& first, const ShardOnDisk& shard) {
  const auto differs = [&](const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& key) {
    return "its " + key + " is " + short_value(b) + ", but " + first.json_path.string() + "'s is " + short_value(a);
  };
  const nlohmann::ordered_json command = first.json.value("command", "run"), other_command = shard.json.value("command", "run");
  if (command != other_command) return differs(command, other_command, "command");
  for (const char* key : {"shards", "total_replications", "keep_replications"})
    if (first.json[key] != shard.json[key]) return differs(first.json[key], shard.json[key], key);
  const auto& a = first.json["run"];
  const auto& b = shard.json["run"];
  if (const std::string why = run_mismatch(a, b, first, ""); !why.empty() || !first.compare()) return why;
  // A comparison: the same scenarios, in the same order, each of the same run.
  nlohmann::ordered_json names = nlohmann::ordered_json::array(), other_names = nlohmann::ordered_json::array();
  for (const auto& scenario : a["scenarios"]) names.push_back(scenario["scenario"]);
  for (const auto& scenario : b["scenarios"]) other_names.push_back(scenario["scenario"]);
  if (names != other_names) return differs(names, other_names, "scenarios");
  for (std::size_t i = 0; i < names.size(); ++i)
    if (const std::string why = run_mismatch(a["scenarios"][i], b["scenarios"][i], first, "scenario " + names[i].dump() + "'s ");
        !why.empty())
      return why;
  return {};
}

//! A run's description, as describe_run made it on the machine that ran the
//! shard: its manifest's fields and its metrics' finance lines.
RunDescription description_of(const ShardOnDisk& shard, const nlohmann::ordered_json& manifest,
                              const nlohmann::ordered_json& finance) {
  RunDescription run;
  try {
    run.scenario = manifest.at("scenario").get<std::string>();
    run.start_date = parse_date(manifest.at("start_date").get<std::string>());
    run.months = manifest.at("months").get<int>();
    const auto& metrics = manifest.at("metrics");
    if (!finance.is_array() || finance.size() != metrics.size()) refuse("metric_finance does not match metrics");
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const std::string kind = metrics[k].at("kind").get<std::string>();
      const std::string line = finance[k].at(0).get<std::string>(), side = finance[k].at(1).get<std::string>();
      const auto name = metrics[k].at("name").get<std::string>(), description = metrics[k].at("description").get<std::string>();
      if (!line.empty()) run.metrics.money(name, description, line, side);
      else run.metrics.add(name, kind == "stock" ? MetricKind::stock : kind == "flow" ? MetricKind::flow : MetricKind::ratio, description);
    }
  } catch (const std::exception& e) {
    refuse(shard.json_path.string() + ": the run's description is damaged (" + e.what() + "); run the shard again");
  }
  run.manifest = manifest;
  return run;
}

//! A comparison's description, as describe_compare made it.
CompareDescription compare_description_of(const ShardOnDisk& shard) {
  const auto& run = shard.json["run"];
  std::vector<RunDescription> scenarios;
  for (std::size_t s = 0; s < run["scenarios"].size(); ++s)
    scenarios.push_back(description_of(shard, run["scenarios"][s], shard.json["metric_finance"][s]));
  CompareDescription compare{std::move(scenarios), {}};
  for (const auto& [key, value] : run.items())
    if (key != "scenarios") compare.manifest[key] = value;
  return compare;
}

std::string read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(path.string() + " is missing: the shard is incomplete; run it again");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

//! Every shard 1..N once, in shard order; or a RunRefused naming the files.
std::vector<ShardOnDisk> read_shards(const std::vector<std::string>& given) {
  std::vector<ShardOnDisk> shards;
  for (const auto& path : given) shards.push_back(read_shard_json(path));
  const ShardOnDisk& first = shards.front();
  std::map<std::uint64_t, const ShardOnDisk*> by_index;
  for (const ShardOnDisk& shard : shards) {
    if (const std::string why = mismatch(first, shard); !why.empty())
      refuse(shard.json_path.string() + " is not a shard of the same run as " + first.json_path.string() + ": " + why);
    const std::uint64_t total = shard.json["total_replications"].get<std::uint64_t>();
    const ReplicationRange expected = shard_replications(total, shard.id.index, shard.id.count);
    if (shard.id.index == 0 || shard.id.index > shard.id.count || shard.range.first != expected.first ||
        shard.range.count != expected.count)
      refuse(shard.json_path.string() + ": shard " + std::to_string(shard.id.index) + "/" + std::to_string(shard.id.count) +
             " of " + std::to_string(total) + " replications should hold replications from " + std::to_string(expected.first) +
             ", " + std::to_string(expected.count) + " of them; the file is damaged");
    const auto [it, inserted] = by_index.emplace(shard.id.index, &shard);
    if (!inserted)
      refuse("shard " + std::to_string(shard.id.index) + "/" + std::to_string(shard.id.count) + " is given twice: " +
             it->second->json_path.string() + " and " + shard.json_path.string());
  }
  std::string missing;
  for (std::uint64_t i = 1; i <= first.id.count; ++i)
    if (!by_index.contains(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(first.id.count);
  if (!missing.empty())
    refuse("shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
           " missing: merge needs every shard of the run once (given " + std::to_string(shards.size()) + " of " +
           std::to_string(first.id.count) + ")");
  std::sort(shards.begin(), shards.end(), [](const ShardOnDisk& a, const ShardOnDisk& b) { return a.id.index < b.id.index; });
  return shards;
}

}  // namespace

std::string shard_text_problem(const std::string& text) {
  const auto slash = text.find('/');
  const auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 6 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (slash == std::string::npos || !digits(text.substr(0, slash)) || !digits(text.substr(slash + 1)))
    return "expected I/N, shard I of N (e.g. 2/8), got '" + text + "'";
  const auto index = std::stoull(text.substr(0, slash)), count = std::stoull(text.substr(slash + 1));
  if (count < 1 || count > 100000 || index < 1 || index > count)
    return "expected I/N with 1 <= I <= N <= 100000, got '" + text + "'";
  return {};
}

ShardId parse_shard(const std::string& text) {
  if (const std::string problem = shard_text_problem(text); !problem.empty()) refuse("--shard: " + problem);
  const auto slash = text.find('/');
  return {std::stoull(text.substr(0, slash)), std::stoull(text.substr(slash + 1))};
}

const std::vector<std::string>& shard_file_names() {
  static const std::vector<std::string> names{"shard.json", "results.bin"};
  return names;
}

namespace {

//! shard.json's fields that say which share it is, and what computing it took.
nlohmann::ordered_json shard_header(const ShardOutput& shard, bool compare, int threads, double wall_seconds,
                                    std::uint64_t events) {
  nlohmann::ordered_json json;
  json["format"] = kFormat;
  if (compare) json["command"] = "compare";
  json["shard"] = shard.shard.index;
  json["shards"] = shard.shard.count;
  json["first_replication"] = shard.range.first;
  json["replications"] = shard.range.count;
  json["total_replications"] = shard.total_replications;
  json["keep_replications"] = shard.keep_replications;
  json["threads"] = threads;
  json["wall_seconds"] = wall_seconds;
  json["events"] = events;
  json["finished_utc"] = utc_now();
  return json;
}

//! What merge needs to rebuild a run's metrics (finance lines), beyond the manifest's list.
nlohmann::ordered_json metric_finance(const RunDescription& run) {
  nlohmann::ordered_json finance = nlohmann::ordered_json::array();
  for (const auto& m : run.metrics.all()) finance.push_back({m.finance_line, m.finance_side});
  return finance;
}

void write_shard_files(const fs::path& dir, const nlohmann::ordered_json& json, const std::string& results_bytes) {
  AtomicFile results(dir / "results.bin");
  results.stream().write(results_bytes.data(), static_cast<std::streamsize>(results_bytes.size()));
  AtomicFile manifest(dir / "shard.json");
  manifest.stream() << json.dump(2) << '\n';
  results.finish();
  manifest.finish();
  if (InterruptGuard::received()) interrupted("after the shard's replications, before its files were put in place", dir);
  results.commit();
  manifest.commit();  // last: a shard.json names a complete results.bin
}

//! Makes `--out` (refusing a shard's own directory or one with results
//! already) and takes its lock.
std::unique_ptr<OutputLock> prepare_merge_directory(const std::vector<ShardOnDisk>& shards, const fs::path& dir,
                                                    const std::vector<std::string>& names, std::ostream& err) {
  for (const ShardOnDisk& shard : shards)
    if (fs::exists(dir) && fs::exists(shard.json_path.parent_path()) &&
        fs::equivalent(dir, shard.json_path.parent_path()))
      refuse("--out " + dir.string() + " is the directory of shard " + shard.json_path.string() + ": merge into another");
  auto lock = lock_output_directory(dir, err);
  // A merge adds results; it never replaces any (a run's, or an earlier merge's).
  for (const auto& name : names)
    if (fs::exists(fs::symlink_status(dir / name)))
      refuse(dir.string() + " already holds results (" + name + "): merge writes only into a directory without them; "
             "remove them or choose another --out");
  clear_output_directory(dir, names, err);
  return lock;
}

//! Compare shards: every scenario's share, paired in replication order as
//! one process pairs them.
int merge_compare_shards(const std::vector<ShardOnDisk>& shards, const fs::path& dir, bool quiet, std::ostream& out,
                         std::ostream& err) {
  const CompareDescription compare = compare_description_of(shards.front());
  const auto lock = prepare_merge_directory(shards, dir, CompareFiles::names(), err);
  CompareFiles files(compare, dir);
  std::vector<RunTally> tallies(compare.scenarios.size());
  for (const ShardOnDisk& shard : shards) {
    try {
      files.add_share(read_binary(shard.results_path), shard.range, tallies);
    } catch (const std::invalid_argument& e) {
      refuse(shard.results_path.string() + ": " + e.what());
    }
    for (std::size_t s = 0; s < tallies.size(); ++s)  // compute time, all shards together
      tallies[s].wall_seconds += shard.json["runs"][s].value("wall_seconds", 0.0);
    if (InterruptGuard::received()) interrupted("while merging", dir);
  }
  files.commit(shards.front().json["total_replications"].get<std::uint64_t>(), tallies, out, quiet);
  if (!quiet) out << "merged " << shards.size() << " shards\n";
  return kExitOk;
}

}  // namespace

void write_shard(const fs::path& dir, const RunDescription& run, const ShardOutput& shard, const RunSummary& summary) {
  nlohmann::ordered_json json = shard_header(shard, false, summary.threads, summary.wall_seconds, summary.events);
  json["metric_finance"] = metric_finance(run);
  json["run"] = run.manifest;
  write_shard_files(dir, json, shard.results);
}

void write_compare_shard(const fs::path& dir, const CompareDescription& compare, const ShardOutput& shard,
                         const std::vector<RunTally>& tallies, int threads) {
  double wall_seconds = 0.0;
  std::uint64_t events = 0;
  nlohmann::ordered_json finance = nlohmann::ordered_json::array(), runs = nlohmann::ordered_json::array();
  nlohmann::ordered_json description = compare.manifest;
  auto& scenarios = description["scenarios"];
  scenarios = nlohmann::ordered_json::array();
  for (std::size_t s = 0; s < compare.scenarios.size(); ++s) {
    const RunDescription& run = compare.scenarios[s];
    wall_seconds += tallies.at(s).wall_seconds;
    events += tallies.at(s).events;
    finance.push_back(metric_finance(run));
    runs.push_back({{"scenario", run.scenario}, {"events", tallies[s].events}, {"wall_seconds", tallies[s].wall_seconds}});
    scenarios.push_back(run.manifest);
  }
  nlohmann::ordered_json json = shard_header(shard, true, threads, wall_seconds, events);
  json["metric_finance"] = finance;
  json["runs"] = runs;
  json["run"] = description;
  write_shard_files(dir, json, shard.results);
}

int command_merge(const MergeArgs& args, std::ostream& out, std::ostream& err) {
  const InterruptGuard interrupt;
  if (is_sweep_shard(args.shards.front())) return merge_sweep_shards(args.shards, args.out_dir, args.quiet, out, err);
  const std::vector<ShardOnDisk> shards = read_shards(args.shards);
  const fs::path dir(args.out_dir);
  if (shards.front().compare()) return merge_compare_shards(shards, dir, args.quiet, out, err);
  const ShardOnDisk& first = shards.front();
  const RunDescription run = description_of(first, first.json["run"], first.json.value("metric_finance", nlohmann::ordered_json()));
  const auto lock = prepare_merge_directory(shards, dir, RunFiles::names(), err);

  const bool keep_replications = shards.front().json["keep_replications"].get<bool>();
  RunFiles files(run, dir, keep_replications);
  RunSummary summary(static_cast<std::size_t>(run.months) + 1, run.metrics.size());
  for (const ShardOnDisk& shard : shards) {
    std::vector<ReplicationResult> results;
    try {
      results = decode_results(read_binary(shard.results_path), summary.months(), summary.metrics());
    } catch (const std::invalid_argument& e) {
      refuse(shard.results_path.string() + ": " + e.what());
    }
    if (results.size() != shard.range.count)
      refuse(shard.results_path.string() + " holds " + std::to_string(results.size()) + " replications, but " +
             shard.json_path.string() + " says " + std::to_string(shard.range.count) + "; the shard is damaged");
    for (std::size_t j = 0; j < results.size(); ++j) {
      if (results[j].replication != shard.range.first + j)
        refuse(shard.results_path.string() + ": result " + std::to_string(j) + " is of replication " +
               std::to_string(results[j].replication) + ", expected " + std::to_string(shard.range.first + j));
      summary.add_replication(results[j]);
      files.add(results[j]);
    }
    summary.threads = std::max(summary.threads, shard.json.value("threads", 0));
    summary.wall_seconds += shard.json.value("wall_seconds", 0.0);  // compute time, all shards together
    if (InterruptGuard::received()) interrupted("while merging", dir);
  }
  files.commit(summary, out, err, args.quiet);
  if (!args.quiet) out << "merged " << shards.size() << " shards\n";
  return kExitOk;
}

}  // namespace caseflow
