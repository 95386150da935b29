#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer for a bounded time (default 60 s):
#   scripts/fuzz.sh [SECONDS] [SEED]
# With a SEED the mutations are reproducible: a longer run with the same seed
# tries everything a shorter one does, first (CI uses seed 1).
# Builds with clang + AddressSanitizer + UndefinedBehaviorSanitizer into
# build-fuzz/. Starts from tests/fuzz/corpus (never written to); new inputs go
# to a temporary directory. Exits non-zero on any crash, hang or sanitizer report,
# leaving the input that caused it in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seed_option=()
[[ -n "${2:-}" ]] && seed_option=(-seed="$2")
scripts/install-deps.sh --fuzz
build=build-fuzz
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCASEFLOW_SANITIZE=address,undefined -DCASEFLOW_BUILD_FUZZERS=ON -DCASEFLOW_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target fuzz_scenario --parallel "$(nproc)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
log=$(mktemp)
if ! ./tests/fuzz/fuzz_scenario "$work" ../tests/fuzz/corpus "${seed_option[@]}" -max_total_time="$seconds" -timeout=10 \
     -rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 >"$log" 2>&1; then
  # Show what went wrong and the input, so a CI log is enough to reproduce it.
  grep -E -A3 "ERROR|what\(\)|runtime error|SUMMARY" "$log" | head -40
  for input in crash-* timeout-* oom-* leak-*; do
    [[ -f "$input" ]] || continue
    echo "fuzz: failing input $build/$input (base64):"
    base64 "$input"
  done
  exit 1
fi
tail -8 "$log"
echo "fuzz: ${seconds}s with no crash, hang or sanitizer report"
