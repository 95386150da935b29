#include "sqlite_db.h"

#include <cmath>
#include <limits>

#include <sqlite3.h>

#include "caseflow/interface/output.h"
#include "caseflow/runner/sweep_spec.h"

namespace caseflow {

SqliteDb::SqliteDb(const std::filesystem::path& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw OutputError("cannot open the database " + path.string() + ": " + message);
  }
  // Another process reading the database (a notebook, say) may hold it briefly.
  sqlite3_busy_timeout(db_, 5000);
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

void SqliteDb::fail(const std::string& what) const {
  throw OutputError("database " + path_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
}

void SqliteDb::execute(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw OutputError("database " + path_.string() + ": " + text + " (in: " + sql.substr(0, 80) + ")");
  }
}

std::optional<std::string> SqliteDb::scalar(const std::string& sql) {
  SqliteStatement statement(*this, sql);
  if (!statement.step()) return std::nullopt;
  return statement.text(0);
}

SqliteStatement::SqliteStatement(SqliteDb& db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK)
    db.fail("cannot prepare '" + sql.substr(0, 80) + "'");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::bind(int index, double value) {
  const int rc = std::isnan(value) ? sqlite3_bind_null(statement_, index) : sqlite3_bind_double(statement_, index, value);
  if (rc != SQLITE_OK) db_.fail("cannot bind a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) db_.fail("cannot bind a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
  if (sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    db_.fail("cannot bind a value");
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("a statement failed");
}

void SqliteStatement::run() {
  while (step()) {
  }
  reset();
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int SqliteStatement::columns() const { return sqlite3_column_count(statement_); }
std::string SqliteStatement::column_name(int column) const { return sqlite3_column_name(statement_, column); }
bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(statement_, column); }
double SqliteStatement::real(int column) const {
  return is_null(column) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(statement_, column);
}
std::string SqliteStatement::text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
              : std::string();
}

std::string SqliteStatement::value_text(int column) const {
  switch (sqlite3_column_type(statement_, column)) {
    case SQLITE_NULL: return {};
    case SQLITE_INTEGER: return std::to_string(integer(column));
    case SQLITE_FLOAT: return exact_number(real(column));
    default: return text(column);
  }
}

SqliteTransaction::SqliteTransaction(SqliteDb& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  db_.execute("COMMIT");
  done_ = true;
}

}  // namespace caseflow
