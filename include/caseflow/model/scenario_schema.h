//===----------------------------------------------------------------------===//
// scenario_schema.h: the keys of a scenario file, as the loader reads them
//
// The one description of a scenario's sections (engine/config_schema.h): the
// loader accepts exactly the keys it lists (scenario_keys), `caseflow schema`
// prints it as a JSON Schema and docs/config-reference.md is written from it.
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "caseflow/engine/config_schema.h"

namespace caseflow {

//! The whole scenario file: its top-level sections, each described down to
//! its last key.
const schema::Value& scenario_schema();

//! The keys the map at `path` may have (schema::keys_at on scenario_schema()),
//! e.g. scenario_keys("workforce.teams.*"): what the loader's allow_only takes.
std::vector<std::string> scenario_keys(std::string_view path);

}  // namespace caseflow
