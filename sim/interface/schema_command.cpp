#include "schema_command.h"

#include <ostream>

#include "caseflow/interface/cli.h"
#include "caseflow/interface/config_schema_output.h"
#include "caseflow/interface/output.h"

namespace caseflow {

CLI::App* add_schema_command(CLI::App& app, SchemaArgs& args) {
  auto* command = app.add_subcommand(
      "schema", "Print the JSON Schema of a scenario file, for completion and checking as you type in an editor");
  command->add_option("-o,--out", args.out, "File to write (default: standard output)")
      ->each([&args](const std::string&) { args.out_given = true; });
  command->add_flag("--markdown", args.markdown,
                    "Write the config reference in Markdown instead (what docs/config-reference.md holds)");
  command->footer(
      "The schema is made from the same definitions the loader checks keys against, so it lists exactly the\n"
      "keys caseflow accepts, with what each means. It is a first check for an editor: names that refer to\n"
      "states, teams or grades, shares that sum to 1 and rules between keys are checked only by\n"
      "'caseflow validate', which stays the authority.\n"
      "In VS Code, with the YAML extension (Red Hat, redhat.vscode-yaml):\n"
      "  caseflow schema --out caseflow.schema.json\n"
      "then either put this first line in a scenario file (the path is relative to the file):\n"
      "  # yaml-language-server: $schema=../caseflow.schema.json\n"
      "or map every scenario at once in .vscode/settings.json:\n"
      "  \"yaml.schemas\": {\"./caseflow.schema.json\": [\"configs/*.yaml\"]}\n"
      "Completion (Ctrl+Space) then offers each section's keys with their descriptions, and a misspelt\n"
      "key, a word outside its choices or a number out of range is underlined as you type. A file with\n"
      "'extends' is checked as a layer: it need not repeat the keys its base gives.");
  return command;
}

int command_schema(const SchemaArgs& args, std::ostream& out, std::ostream& err) {
  if (args.out_given && args.out.empty()) {
    err << "caseflow: --out: the file name is empty; leave --out out to write to standard output\n";
    return kExitBadInput;
  }
  const std::string text = args.markdown ? scenario_config_reference() : scenario_json_schema();
  if (args.out.empty()) {
    out << text;
    return kExitOk;
  }
  AtomicFile file(args.out);
  file.stream() << text;
  file.commit();
  return kExitOk;
}

}  // namespace caseflow
