//===----------------------------------------------------------------------===//
// schema_command.h: `caseflow schema` (interface layer, not public), the
// scenario schema as JSON Schema or as the Markdown config reference
//===----------------------------------------------------------------------===//
#pragma once

#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

namespace caseflow {

struct SchemaArgs {
  std::string out;        // the file to write; empty: standard output
  bool out_given = false; // --out was given (an empty name is refused)
  bool markdown = false;  // the config reference rather than the JSON Schema
};
//! Adds `schema` to the command line; `args` receives its options.
CLI::App* add_schema_command(CLI::App& app, SchemaArgs& args);
int command_schema(const SchemaArgs& args, std::ostream& out, std::ostream& err);

}  // namespace caseflow
