#!/usr/bin/env bash
# bench/mm1.sh: the M/M/1 queue (rho = 0.9, about 10^6 customers) in caseflow
# (bench/mm1.yaml) against SimPy 3 (bench/mm1_simpy.py), interleaved rounds,
# medians of CPU time, the ratio, and caseflow's mean wait against Wq = 9 h.
#
#   bench/mm1.sh                 # 3 rounds; builds build-rel/ (Release) if needed
#   bench/mm1.sh --rounds 5
#   bench/mm1.sh --no-simpy      # caseflow only
#   bench/mm1.sh --baseline OLD/caseflow   # an older build too, in the same rounds
#
# Needs GNU time and python3-simpy3 (as bench/compare.sh). docs/performance.md
# records the figures ("M/M/1, memory and the event loop").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CASEFLOW_BENCH_BUILD_DIR:-$root/build-rel}"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCASEFLOW_BUILD_BENCHMARKS=ON >&2
fi
ninja -C "$build" caseflow >&2
exec /usr/bin/python3 "$root/bench/mm1.py" --binary "$build/caseflow" "$@"
