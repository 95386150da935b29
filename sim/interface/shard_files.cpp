#include "shard_files.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "caseflow/interface/cli.h"
#include "caseflow/interface/interrupt.h"
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
};

[[noreturn]] void refuse(const std::string& what) { throw RunRefused(what); }

std::uint64_t whole_number(const nlohmann::ordered_json& json, const char* key, const fs::path& file) {
  const auto it = json.find(key);
  if (it == json.end() || !it->is_number_unsigned())
    refuse(file.string() + ": '" + key + "' is missing or not a whole number; is it a shard written by caseflow run --shard?");
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
    refuse(shard.json_path.string() + " is missing: give each shard's directory (the --out of caseflow run --shard I/N)");
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
  return shard;
}

std::string short_value(const nlohmann::ordered_json& value) {
  const std::string text = value.dump();
  return text.size() <= 60 ? text : "(" + std::to_string(text.size()) + " characters)";
}

//! Why `shard` is not of the same run as `first`, or empty.
std::string mismatch(const ShardOnDisk& first, const ShardOnDisk& shard) {
  const auto differs = [&](const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& key) {
    return "its " + key + " is " + short_value(b) + ", but " + first.json_path.string() + "'s is " + short_value(a);
  };
  for (const char* key : {"shards", "total_replications", "keep_replications"})
    if (first.json[key] != shard.json[key]) return differs(first.json[key], shard.json[key], key);
  const auto& a = first.json["run"];
  const auto& b = shard.json["run"];
  // The likeliest causes first: another build, another seed, another config.
  for (const char* key : {"caseflow_version", "git_commit", "seed", "stream_set", "resolved_config_hash_fnv1a64"})
    if (a.value(key, nlohmann::ordered_json()) != b.value(key, nlohmann::ordered_json()))
      return differs(a.value(key, nlohmann::ordered_json()), b.value(key, nlohmann::ordered_json()), key);
  for (const auto& [key, value] : a.items())
    if (!may_differ(key) && (!b.contains(key) || b[key] != value)) return differs(value, b.value(key, nlohmann::ordered_json()), key);
  for (const auto& [key, value] : b.items())
    if (!may_differ(key) && !a.contains(key)) return differs(nlohmann::ordered_json(), value, key);
  return {};
}

//! The run's description, as describe_run made it on the machine that ran the shard.
RunDescription description_of(const ShardOnDisk& shard) {
  const auto& manifest = shard.json["run"];
  RunDescription run;
  try {
    const auto& finance = shard.json.at("metric_finance");
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

void write_shard(const fs::path& dir, const RunDescription& run, const ShardOutput& shard, const RunSummary& summary) {
  nlohmann::ordered_json json;
  json["format"] = kFormat;
  json["shard"] = shard.shard.index;
  json["shards"] = shard.shard.count;
  json["first_replication"] = shard.range.first;
  json["replications"] = shard.range.count;
  json["total_replications"] = shard.total_replications;
  json["keep_replications"] = shard.keep_replications;
  json["threads"] = summary.threads;
  json["wall_seconds"] = summary.wall_seconds;
  json["events"] = summary.events;
  json["finished_utc"] = utc_now();
  // What merge needs to rebuild the metrics (finance lines), beyond the manifest's list.
  auto& finance = json["metric_finance"];
  finance = nlohmann::ordered_json::array();
  for (const auto& m : run.metrics.all()) finance.push_back({m.finance_line, m.finance_side});
  json["run"] = run.manifest;

  AtomicFile results(dir / "results.bin");
  results.stream().write(shard.results.data(), static_cast<std::streamsize>(shard.results.size()));
  AtomicFile manifest(dir / "shard.json");
  manifest.stream() << json.dump(2) << '\n';
  results.finish();
  manifest.finish();
  if (InterruptGuard::received()) interrupted("after the shard's replications, before its files were put in place", dir);
  results.commit();
  manifest.commit();  // last: a shard.json names a complete results.bin
}

int command_merge(const MergeArgs& args, std::ostream& out, std::ostream& err) {
  const InterruptGuard interrupt;
  if (is_sweep_shard(args.shards.front())) return merge_sweep_shards(args.shards, args.out_dir, args.quiet, out, err);
  const std::vector<ShardOnDisk> shards = read_shards(args.shards);
  const RunDescription run = description_of(shards.front());
  const fs::path dir(args.out_dir);
  for (const ShardOnDisk& shard : shards)
    if (fs::exists(dir) && fs::exists(shard.json_path.parent_path()) &&
        fs::equivalent(dir, shard.json_path.parent_path()))
      refuse("--out " + dir.string() + " is the directory of shard " + shard.json_path.string() + ": merge into another");
  const auto lock = lock_output_directory(dir, err);
  // A merge adds results; it never replaces any (a run's, or an earlier merge's).
  for (const auto& name : RunFiles::names())
    if (fs::exists(fs::symlink_status(dir / name)))
      refuse(dir.string() + " already holds results (" + name + "): merge writes only into a directory without them; "
             "remove them or choose another --out");
  clear_output_directory(dir, RunFiles::names(), err);

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
