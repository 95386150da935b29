#!/usr/bin/env bash
# Configures and builds caseflow into build/ (or $CASEFLOW_BUILD_DIR).
# Extra arguments go to cmake, e.g. scripts/build.sh -DCASEFLOW_SANITIZE=address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CASEFLOW_BUILD_DIR:-build}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
elif [[ $# -gt 0 ]]; then
  cmake -S . -B "$build" "$@" >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)"
