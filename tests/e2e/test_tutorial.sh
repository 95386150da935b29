#!/usr/bin/env bash
# The README's ten-minute tutorial, run as written (the block between
# <!-- tutorial --> and <!-- /tutorial -->), in a copy of the configs, with
# build/caseflow standing for the binary under test.
# Usage: test_tutorial.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$work/build" && cp -r "$src/configs" "$work/" && ln -s "$caseflow" "$work/build/caseflow"
sed -n '/^<!-- tutorial -->$/,/^<!-- \/tutorial -->$/p' "$src/README.md" | sed '1,2d;$d' | sed '$d' >"$work/tutorial.sh"
check "the README has the tutorial" test "$(wc -l <"$work/tutorial.sh")" -gt 10
(cd "$work" && bash -e tutorial.sh) >"$work/log" 2>&1
check "the tutorial runs as written" test $? -eq 0
check "validate: 30 posts and 3 managers added" contains "$work/log" "add 30 posts and 3 team managers in all (232 posts and 25 team managers once made)"
check "run: the plan's results" test -f "$work/results/my-plan/summary.csv"
check "run: 232 posts from October 2016" contains "$work/results/my-plan/summary.csv" "^my-plan,12,sw_posts,232,"
check "compare: the file the README names" test -f "$work/results/compare-manchester-2016/compare.csv"
# 30 more workers lower the caseload at month 24: the whole interval below 0.
lower=$(awk -F, '$1 == "my-plan" && $3 == 24 && $4 == "caseload_mean" {print ($8 < 0 && $11 >= 0.9)}' \
  "$work/results/compare-manchester-2016/compare.csv")
check "compare: lower caseloads at month 24, better in 90% of replications or more" test "$lower" = 1
check "compare: the terminal table" contains "$work/log" "my-plan minus manchester-2016"
check "report: the briefing" test -s "$work/my-plan.html"
check "report: the business case in it" contains "$work/my-plan.html" "Additional investment (shortfall) / surplus"
finish
