//===----------------------------------------------------------------------===//
// sqlite_db.h: a thin RAII layer over the SQLite C API (interface layer)
//
// Only what the sweep store needs: open, execute, prepared statements with
// positional binds, and transactions. Every failure is an OutputError naming
// the database file and SQLite's message.
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace caseflow {

class SqliteDb;

class SqliteStatement {
 public:
  SqliteStatement(SqliteDb& db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  //! Binds are 1-based, as in SQLite. A NaN binds as NULL (a value not reported).
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, const std::string& value);
  //! Steps once: true while a row is available.
  bool step();
  //! Runs a statement that returns no rows, then resets it for the next binds.
  void run();
  void reset();

  int columns() const;
  std::string column_name(int column) const;
  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;  // NULL reads as NaN
  std::string text(int column) const;
  //! Any column as text that reads back exactly: NULL empty, reals in the
  //! shortest exact form, integers and text as they are.
  std::string value_text(int column) const;

 private:
  SqliteDb& db_;
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteDb {
 public:
  //! Opens (creating when absent) the database at `path`.
  explicit SqliteDb(const std::filesystem::path& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void execute(const std::string& sql);
  //! The single value of a one-row query, or nothing when it returns no row.
  std::optional<std::string> scalar(const std::string& sql);
  [[noreturn]] void fail(const std::string& what) const;
  sqlite3* handle() { return db_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

//! BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit().
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace caseflow
