#!/usr/bin/env bash
# The test suite and two multi-threaded runs under ThreadSanitizer
# (build-tsan/). CI runs it after scripts/test-sanitizers.sh. Fails on any
# ThreadSanitizer report, even one from a process whose exit status a test
# does not look at: every report goes to a file under build-tsan/tsan-reports/.
#
# Debian's libtbb is not built with TSan; sim/runner/runner.cpp annotates the
# hand-offs TBB makes between pipeline stages, and tests/tsan.supp says why the
# one suppression (libtbb's own calls into the C runtime) is safe.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
build=build-tsan
CASEFLOW_BUILD_DIR=$build scripts/build.sh -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCASEFLOW_SANITIZE=thread -DCASEFLOW_BUILD_TESTS=ON

reports=$PWD/$build/tsan-reports
rm -rf "$reports" && mkdir -p "$reports"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$PWD/tests/tsan.supp log_path=$reports/tsan"

status=0
# The whole suite: the thread-count identity tests (Runner.*), the calendar's
# concurrent extension, the peer reference on all cores and the end-to-end
# command-line tests.
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" || status=1

# Whole runs as a user starts them: more threads than cores, per-replication
# output written from the pipeline's in-order stage.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/caseflow" run -t 4 -r 16 -q --keep-replications -o "$out/default" || status=1
"$build/caseflow" run configs/manchester-2016-invest.yaml -t 4 -r 16 -q -o "$out/invest" || status=1

if compgen -G "$reports/tsan.*" >/dev/null; then
  cat "$reports"/tsan.* >&2
  echo "test-tsan: ThreadSanitizer reported $(cat "$reports"/tsan.* | grep -c '^WARNING: ThreadSanitizer') problem(s); see above" >&2
  exit 1
fi
[[ $status -eq 0 ]] || { echo "test-tsan: a test or run failed (no ThreadSanitizer report)" >&2; exit 1; }
echo "test-tsan: no ThreadSanitizer reports"
