#!/usr/bin/env bash
# bench/compare.sh: caseflow against the SimPy peer, in one command.
#
#   bench/compare.sh              # build build-bench/ (Release) if needed, then the comparison table
#   bench/compare.sh --scaling    # also cost against horizon, population and replications
#   bench/compare.sh --quick      # a smoke test (about a minute)
#   bench/compare.sh --help       # every option (bench/compare.py)
#
# Needs: the build dependencies (scripts/install-deps.sh), python3-simpy3 for the
# peer, and GNU time, on Debian:
#   apt-get install -y python3-simpy3 time
# The machine is usually shared: the script interleaves its runs and reports
# medians; docs/performance.md records the figures and explains the method.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CASEFLOW_BENCH_BUILD_DIR:-$root/build-bench}"

missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
/usr/bin/python3 -c 'import simpy' 2>/dev/null || missing+=(python3-simpy3)
if ((${#missing[@]})); then
  echo "compare.sh: missing packages: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
  exit 2
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCASEFLOW_BUILD_BENCHMARKS=ON >&2
fi
ninja -C "$build" caseflow >&2

exec /usr/bin/python3 "$root/bench/compare.py" --binary "$build/caseflow" "$@"
