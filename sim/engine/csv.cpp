#include "caseflow/engine/csv.h"

#include "caseflow/engine/config_node.h"

namespace caseflow {

std::vector<CsvRecord> read_csv(std::string_view text, const std::string& file_name, char comment) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  std::size_t at = 0;
  int line = 1;
  // A line break: CRLF, LF or CR. Returns true and moves past it if one is at `at`.
  const auto line_break = [&] {
    if (at >= text.size() || (text[at] != '\n' && text[at] != '\r')) return false;
    at += text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
    ++line;
    return true;
  };
  while (at < text.size()) {
    if (line_break()) continue;  // a blank line
    if (comment != '\0' && text[at] == comment) {
      while (at < text.size() && text[at] != '\n' && text[at] != '\r') ++at;
      continue;
    }
    CsvRecord record;
    record.line = line;
    for (;;) {  // one field, then a comma (another field follows) or the record's end
      std::string field;
      if (at < text.size() && text[at] == '"') {
        const int opened = line;
        ++at;
        for (;;) {
          if (at >= text.size())
            throw ConfigError(file_name, "", opened, "a quoted field opened on this line is never closed (a missing '\"')");
          if (text[at] == '"') {
            if (at + 1 < text.size() && text[at + 1] == '"') {
              field += '"';
              at += 2;
              continue;
            }
            ++at;
            break;
          }
          if (text[at] == '\n' || text[at] == '\r') {
            const std::size_t from = at;
            line_break();
            field.append(text.substr(from, at - from));
            continue;
          }
          field += text[at++];
        }
        if (at < text.size() && text[at] != ',' && text[at] != '\n' && text[at] != '\r')
          throw ConfigError(file_name, "", line,
                            "text after the closing quote of a quoted field; a quote inside a quoted field is written twice (\"\")");
      } else {
        const std::size_t from = at;
        while (at < text.size() && text[at] != ',' && text[at] != '\n' && text[at] != '\r') ++at;
        field.assign(text.substr(from, at - from));
      }
      record.fields.push_back(std::move(field));
      if (at < text.size() && text[at] == ',') {
        ++at;
        continue;
      }
      line_break();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace caseflow
