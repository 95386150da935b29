//===----------------------------------------------------------------------===//
// config_schema_output.h: the scenario schema (model/scenario_schema.h) as
// the JSON Schema editors read and as the Markdown config reference
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace caseflow {

//! `caseflow schema`: a draft-07 JSON Schema of a scenario file. A file with
//! `extends` is checked as a layer (the maps it merges into need not repeat
//! the base's required keys); any other file as a complete scenario.
std::string scenario_json_schema();

//! `caseflow schema --markdown`: docs/config-reference.md, every key of every
//! section with its type, whether it is required and what it means.
std::string scenario_config_reference();

}  // namespace caseflow
