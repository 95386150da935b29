#!/usr/bin/env bash
# Writes the files generated from the scenario schema (sim/model/*_schema.cpp):
# docs/config-reference.md (caseflow schema --markdown) and
# docs/scenario.schema.json (caseflow schema), with the caseflow built in
# build/ (or $CASEFLOW_BUILD_DIR). Run it after changing the keys a scenario
# takes; tests/e2e/test_schema.sh fails until the committed files match.
set -euo pipefail
cd "$(dirname "$0")/.."
caseflow=${CASEFLOW_BUILD_DIR:-build}/caseflow
[[ -x $caseflow ]] || { echo "config-reference.sh: no $caseflow; build first (scripts/build.sh)" >&2; exit 1; }
"$caseflow" schema --markdown --out docs/config-reference.md
"$caseflow" schema --out docs/scenario.schema.json
echo "wrote docs/config-reference.md and docs/scenario.schema.json"
