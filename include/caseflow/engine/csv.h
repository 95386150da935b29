//===----------------------------------------------------------------------===//
// csv.h: reading CSV as RFC 4180 defines it, as spreadsheets write it
//
// Fields are separated by commas and records by CRLF, LF or CR. A field in
// double quotes may hold commas, line breaks and quotes (written twice: "").
// A UTF-8 byte-order mark at the start (Excel's "CSV UTF-8") is skipped.
// Every record keeps the line it starts on, for messages.
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caseflow {

struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;  // 1-based line the record starts on
};

//! Splits `text` into records. Blank lines are skipped, and so, when
//! `comment` is not '\0', are lines that start with it. Throws ConfigError
//! naming `file_name` and the line for a quoted field that is never closed,
//! or text between a closing quote and the next comma.
std::vector<CsvRecord> read_csv(std::string_view text, const std::string& file_name, char comment = '\0');

//! One field as RFC 4180 writes it: quoted when it holds a comma, a quote or
//! a line break (a quote written twice).
std::string csv_field(const std::string& text);

}  // namespace caseflow
