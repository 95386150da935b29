#!/usr/bin/env bash
# One command for a new machine: install what is missing, build, run the
# default scenario once, then the whole test suite. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
export CASEFLOW_BUILD_DIR=${CASEFLOW_BUILD_DIR:-build}
scripts/build.sh -DCASEFLOW_BUILD_TESTS=ON
"$CASEFLOW_BUILD_DIR/caseflow" run --replications 20 --out "$CASEFLOW_BUILD_DIR/smoke-run" --quiet
ctest --test-dir "$CASEFLOW_BUILD_DIR" --output-on-failure --parallel "$(nproc)"
