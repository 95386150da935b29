#!/usr/bin/env bash
# One command for a new machine: install what is missing, build, and run the
# default scenario (Manchester, 2016). Arguments go to `caseflow run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
CASEFLOW_BUILD_DIR=${CASEFLOW_BUILD_DIR:-build} scripts/build.sh -DCASEFLOW_BUILD_TESTS=OFF
"${CASEFLOW_BUILD_DIR:-build}/caseflow" run "$@"
