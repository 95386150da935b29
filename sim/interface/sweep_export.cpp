// `caseflow sweep export DB --csv DIR`: a sweep's tables as CSV, and its
// problem, inputs and outputs in SALib's text formats (sweep.h).
#include <ostream>

#include "caseflow/engine/config_node.h"
#include "caseflow/engine/csv.h"
#include "caseflow/interface/output.h"
#include "cli_common.h"
#include "sweep.h"

namespace caseflow {

namespace fs = std::filesystem;

namespace {

//! Each table with its primary key, the order its rows are written in.
const std::vector<std::pair<std::string, std::string>> kTables{
    {"meta", "key"},
    {"parameter", "idx"},
    {"output", "idx"},
    {"point", "idx"},
    {"point_value", "point, parameter"},
    {"run", "point, replication"},
    {"replication_value", "point, output, replication"},
    {"result", "point, output"},
    {"analysis", "output, parameter, statistic"}};

void write_query_csv(SqliteDb& db, const std::string& sql, const fs::path& path) {
  SqliteStatement select(db, sql);
  AtomicFile file(path);
  auto& out = file.stream();
  for (int c = 0; c < select.columns(); ++c) out << (c ? "," : "") << csv_field(select.column_name(c));
  out << '\n';
  while (select.step()) {
    for (int c = 0; c < select.columns(); ++c) out << (c ? "," : "") << csv_field(select.value_text(c));
    out << '\n';
  }
  file.commit();
}

}  // namespace

int command_sweep_export(const SweepExportArgs& args, std::ostream& out, std::ostream& err) {
  std::error_code error;
  if (!fs::is_regular_file(args.database, error)) throw ConfigError(args.database, "", 0, "no such sweep database");
  SqliteDb db(args.database);
  if (db.scalar("PRAGMA user_version").value_or("0") != std::to_string(kSweepSchemaVersion))
    throw RunRefused(args.database + " is not a caseflow sweep database of schema " + std::to_string(kSweepSchemaVersion));
  const fs::path dir(args.csv_dir);
  const auto lock = lock_output_directory(dir, err);
  for (const auto& [table, key] : kTables)
    write_query_csv(db, "SELECT * FROM " + table + " ORDER BY " + key, dir / (table + ".csv"));

  // SALib's text files: params.txt (`name lower upper`), model_input.txt (one
  // row of parameter values per point) and one model_output_<output>.txt per
  // output (the point's mean over replications), all space-delimited, so that
  // `salib analyze sobol -p params.txt -X model_input.txt -Y model_output_X.txt`
  // (or morris) reads them as they are.
  {
    AtomicFile params(dir / "params.txt");
    params.stream() << "# name lower upper, from caseflow sweep " << db.scalar("SELECT value FROM meta WHERE key = 'name'").value_or("") << '\n';
    SqliteStatement select(db, "SELECT name, low, high FROM parameter ORDER BY idx");
    while (select.step()) params.stream() << select.text(0) << ' ' << select.value_text(1) << ' ' << select.value_text(2) << '\n';
    params.commit();
  }
  const auto parameters = std::stoll(db.scalar("SELECT count(*) FROM parameter").value_or("0"));
  {
    AtomicFile input(dir / "model_input.txt");
    SqliteStatement select(db, "SELECT value FROM point_value ORDER BY point, parameter");
    for (std::int64_t k = 0; select.step(); ++k)
      input.stream() << select.value_text(0) << ((k + 1) % parameters == 0 ? '\n' : ' ');
    input.commit();
  }
  std::size_t files = kTables.size() + 2;
  SqliteStatement outputs(db, "SELECT idx, name FROM output ORDER BY idx");
  while (outputs.step()) {
    AtomicFile output(dir / ("model_output_" + outputs.text(1) + ".txt"));
    SqliteStatement select(db, "SELECT mean FROM result WHERE output = ?1 ORDER BY point");
    select.bind(1, outputs.integer(0));
    while (select.step()) output.stream() << select.value_text(0) << '\n';
    output.commit();
    ++files;
  }
  out << "wrote " << files << " files to " << dir.string() << '\n';
  return 0;
}

}  // namespace caseflow
