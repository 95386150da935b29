#include "sweep_store.h"

#include <algorithm>

#include "caseflow/interface/output.h"
#include "caseflow/version.h"
#include "cli_common.h"

namespace caseflow {

namespace {

const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE parameter(
  idx INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK(kind IN ('set', 'scale')),
  targets TEXT NOT NULL, low REAL NOT NULL, high REAL NOT NULL, integer INTEGER NOT NULL, distribution TEXT NOT NULL);
CREATE TABLE output(
  idx INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, metric TEXT NOT NULL, period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('month', 'window_mean', 'financial_year_sum')));
CREATE TABLE point(idx INTEGER PRIMARY KEY, overrides TEXT NOT NULL);
CREATE TABLE point_value(
  point INTEGER NOT NULL REFERENCES point(idx), parameter INTEGER NOT NULL REFERENCES parameter(idx),
  unit REAL NOT NULL, value REAL NOT NULL, PRIMARY KEY(point, parameter)) WITHOUT ROWID;
CREATE TABLE run(
  point INTEGER NOT NULL REFERENCES point(idx), replication INTEGER NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('pending', 'done')), events INTEGER,
  PRIMARY KEY(point, replication)) WITHOUT ROWID;
CREATE TABLE replication_value(
  point INTEGER NOT NULL, replication INTEGER NOT NULL, output INTEGER NOT NULL REFERENCES output(idx),
  value REAL, PRIMARY KEY(point, output, replication)) WITHOUT ROWID;
CREATE TABLE result(
  point INTEGER NOT NULL REFERENCES point(idx), output INTEGER NOT NULL REFERENCES output(idx),
  metric TEXT NOT NULL, period TEXT NOT NULL, replications INTEGER NOT NULL,
  mean REAL, sd REAL, p5 REAL, p50 REAL, p95 REAL, PRIMARY KEY(point, output)) WITHOUT ROWID;
CREATE TABLE analysis(
  method TEXT NOT NULL, output TEXT NOT NULL, parameter TEXT NOT NULL, statistic TEXT NOT NULL,
  value REAL, conf REAL, low REAL, high REAL, spans_zero INTEGER,
  PRIMARY KEY(output, parameter, statistic)) WITHOUT ROWID;
)sql";

const char* kind_name(SweepOutput::Kind kind) {
  switch (kind) {
    case SweepOutput::Kind::month: return "month";
    case SweepOutput::Kind::window_mean: return "window_mean";
    case SweepOutput::Kind::financial_year_sum: return "financial_year_sum";
  }
  return "?";
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string all;
  for (std::size_t i = 0; i < items.size(); ++i) all += (i ? separator : "") + items[i];
  return all;
}

//! What identifies a sweep: a resume must match every one of these.
std::vector<std::pair<std::string, std::string>> identity(const SweepPlan& plan) {
  const SweepSpec& spec = *plan.spec;
  return {{"spec_hash_fnv1a64", fnv1a_hex(spec.text)},
          {"base_resolved_hash_fnv1a64", plan.base_resolved_hash},
          {"replications", std::to_string(spec.replications)},
          {"caseflow_version", kVersion}};
}

}  // namespace

SweepStore::SweepStore(const std::filesystem::path& path) : db_(path) {
  // WAL with synchronous=NORMAL: always consistent, and a commit survives the
  // process being killed (not a power cut: FULL would sync every commit).
  const auto mode = db_.scalar("PRAGMA journal_mode=WAL");
  if (!mode || *mode != "wal") throw OutputError("database " + path.string() + ": cannot switch to WAL mode (a network filesystem?)");
  db_.execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
}

void SweepStore::create_or_check(const SweepPlan& plan) {
  const SweepSpec& spec = *plan.spec;
  const int version = std::stoi(db_.scalar("PRAGMA user_version").value_or("0"));
  const bool has_tables = db_.scalar("SELECT count(*) FROM sqlite_master").value_or("0") != "0";
  if (version == kSweepSchemaVersion) {
    SqliteStatement read(db_, "SELECT value FROM meta WHERE key = ?1");
    for (const auto& [key, value] : identity(plan)) {
      read.bind(1, key);
      const std::string stored = read.step() ? read.text(0) : std::string("(missing)");
      read.reset();
      if (stored == value) continue;
      const std::string what = key == "spec_hash_fnv1a64" ? "the sweep spec has changed"
                               : key == "base_resolved_hash_fnv1a64" ? "the base scenario (or a file it extends) has changed"
                               : key == "replications" ? "the replications per point differ (" + stored + " stored, " + value + " asked)"
                                                       : "it was made by caseflow " + stored + ", this is " + value;
      throw RunRefused("cannot resume into " + db_.path().string() + ": " + what +
                       " since it was made; resuming would mix two sweeps. Give another --out directory, or remove the database to start again");
    }
    return;
  }
  if (version != 0 || has_tables)
    throw RunRefused(db_.path().string() + " is not a caseflow sweep database of schema " +
                     std::to_string(kSweepSchemaVersion) + "; give another --out directory");

  SqliteTransaction transaction(db_);
  db_.execute(kSchema);
  SqliteStatement meta(db_, "INSERT INTO meta(key, value) VALUES (?1, ?2)");
  std::vector<std::pair<std::string, std::string>> rows = identity(plan);
  rows.insert(rows.end(), {{"schema_version", std::to_string(kSweepSchemaVersion)},
                           {"git_commit", kGitCommit},
                           {"name", spec.name},
                           {"spec_file", spec.file},
                           {"spec_text", spec.text},
                           {"base_scenario", plan.base_source},
                           {"method", method_name(spec.design.method)},
                           {"design_points", std::to_string(spec.design.points)},
                           {"design_levels", std::to_string(spec.design.levels)},
                           {"design_seed", std::to_string(spec.design.seed)},
                           {"bootstrap_resamples", std::to_string(spec.design.bootstrap)},
                           {"simulation_seed", std::to_string(plan.simulation_seed)},
                           {"fixed_overrides", join(spec.sets, "\n")}});
  for (const auto& [key, value] : rows) meta.bind(1, key).bind(2, value).run();

  SqliteStatement parameter(db_, "INSERT INTO parameter VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    parameter.bind(1, static_cast<std::int64_t>(i)).bind(2, p.name)
        .bind(3, std::string(p.kind == SweepParameter::Kind::set ? "set" : "scale"))
        .bind(4, join(p.targets, " ")).bind(5, p.low).bind(6, p.high).bind(7, std::int64_t{p.integer})
        .bind(8, p.distribution_text()).run();
  }
  SqliteStatement output(db_, "INSERT INTO output VALUES (?1, ?2, ?3, ?4, ?5)");
  for (std::size_t i = 0; i < spec.outputs.size(); ++i) {
    const auto& o = spec.outputs[i];
    output.bind(1, static_cast<std::int64_t>(i)).bind(2, o.name).bind(3, o.metric).bind(4, o.period())
        .bind(5, std::string(kind_name(o.kind))).run();
  }
  SqliteStatement point(db_, "INSERT INTO point VALUES (?1, ?2)");
  SqliteStatement value(db_, "INSERT INTO point_value VALUES (?1, ?2, ?3, ?4)");
  SqliteStatement run(db_, "INSERT INTO run(point, replication, status) VALUES (?1, ?2, 'pending')");
  for (std::size_t i = 0; i < plan.values.size(); ++i) {
    const auto index = static_cast<std::int64_t>(i);
    point.bind(1, index).bind(2, join(plan.overrides[i], "\n")).run();
    for (std::size_t k = 0; k < plan.values[i].size(); ++k)
      value.bind(1, index).bind(2, static_cast<std::int64_t>(k)).bind(3, plan.unit[i][k]).bind(4, plan.values[i][k]).run();
    for (std::uint64_t r = 0; r < spec.replications; ++r) run.bind(1, index).bind(2, static_cast<std::int64_t>(r)).run();
  }
  // Last, with the plan: a database killed while being made is empty and made again.
  db_.execute("PRAGMA user_version=" + std::to_string(kSweepSchemaVersion));
  transaction.commit();
}

std::vector<SweepTask> SweepStore::pending() {
  std::vector<SweepTask> tasks;
  SqliteStatement select(db_, "SELECT point, replication FROM run WHERE status = 'pending' ORDER BY point, replication");
  while (select.step())
    tasks.push_back({static_cast<std::size_t>(select.integer(0)), static_cast<std::uint64_t>(select.integer(1))});
  return tasks;
}

SweepPlan SweepStore::stored_plan() {
  SweepPlan plan;
  const auto meta = [&](const std::string& key) {
    SqliteStatement read(db_, "SELECT value FROM meta WHERE key = ?1");
    read.bind(1, key);
    return read.step() ? read.text(0) : std::string();
  };
  plan.base_source = meta("base_scenario");
  plan.base_resolved_hash = meta("base_resolved_hash_fnv1a64");
  plan.simulation_seed = std::stoull(meta("simulation_seed"));
  SqliteStatement points(db_, "SELECT overrides FROM point ORDER BY idx");
  while (points.step()) {
    std::vector<std::string> overrides;
    std::string text = points.text(0);
    for (std::size_t start = 0; !text.empty() && start <= text.size();) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      overrides.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    plan.overrides.push_back(std::move(overrides));
  }
  plan.unit.resize(plan.overrides.size());
  plan.values.resize(plan.overrides.size());
  SqliteStatement values(db_, "SELECT point, unit, value FROM point_value ORDER BY point, parameter");
  while (values.step()) {
    const auto point = static_cast<std::size_t>(values.integer(0));
    if (point >= plan.unit.size()) throw OutputError("database " + db_.path().string() + ": a value of a point not in the plan");
    plan.unit[point].push_back(values.real(1));
    plan.values[point].push_back(values.real(2));
  }
  return plan;
}

std::uint64_t SweepStore::total_pairs() { return std::stoull(db_.scalar("SELECT count(*) FROM run").value_or("0")); }

void SweepStore::record(const SweepTask& task, std::uint64_t events, const std::vector<double>& outputs) {
  SqliteTransaction transaction(db_);
  SqliteStatement value(db_, "INSERT OR REPLACE INTO replication_value VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t k = 0; k < outputs.size(); ++k)
    value.bind(1, static_cast<std::int64_t>(task.point)).bind(2, static_cast<std::int64_t>(task.replication))
        .bind(3, static_cast<std::int64_t>(k)).bind(4, outputs[k]).run();
  SqliteStatement done(db_, "UPDATE run SET status = 'done', events = ?3 WHERE point = ?1 AND replication = ?2");
  done.bind(1, static_cast<std::int64_t>(task.point)).bind(2, static_cast<std::int64_t>(task.replication))
      .bind(3, static_cast<std::int64_t>(events)).run();
  transaction.commit();
}

std::vector<std::vector<std::vector<double>>> SweepStore::replication_values(std::size_t points, std::size_t outputs,
                                                                             std::uint64_t replications) {
  std::vector<std::vector<std::vector<double>>> values(
      points, std::vector<std::vector<double>>(outputs, std::vector<double>(replications)));
  SqliteStatement select(db_, "SELECT point, output, replication, value FROM replication_value ORDER BY point, output, replication");
  std::uint64_t count = 0;
  while (select.step()) {
    const auto p = static_cast<std::size_t>(select.integer(0));
    const auto o = static_cast<std::size_t>(select.integer(1));
    const auto r = static_cast<std::uint64_t>(select.integer(2));
    if (p >= points || o >= outputs || r >= replications) throw OutputError("database " + db_.path().string() + ": a replication value outside the sweep's plan");
    values[p][o][r] = select.real(3);
    ++count;
  }
  if (count != points * outputs * replications)
    throw OutputError("database " + db_.path().string() + ": " + std::to_string(count) + " replication values, expected " +
                      std::to_string(points * outputs * replications));
  return values;
}

}  // namespace caseflow
