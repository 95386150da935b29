#!/usr/bin/env bash
# End-to-end tests of `caseflow compare` as a planner runs it: the files it
# writes, a scenario against itself, a change that must show, and bad input.
# Usage: test_compare.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tiny_scenario "$work/base.yaml" base
# Longer stays, another seed and horizon in its own file: compare runs it with the base's.
cat >"$work/longer.yaml" <<'YAML'
extends: base.yaml
scenario: {name: longer}
simulation: {years: 2, seed: 99}
pathway:
  states:
    work: {duration: {dist: exponential, mean: 45}}
YAML

"$caseflow" compare "$work/base.yaml" "$work/base.yaml" "$work/longer.yaml" -r 20 -t 2 --out "$work/out" >"$work/log" 2>&1
check "compare exits 0" test $? -eq 0
check "writes compare.csv and its manifest" test -f "$work/out/compare.csv" -a -f "$work/out/manifest.json"
check "the header is exactly the documented one" test "$(head -1 "$work/out/compare.csv")" = \
  "scenario,baseline,period,metric,diff_mean,diff_sd,ci_low,ci_high,ci_low_independent,ci_high_independent,p_better"
self_rows=$(awk -F, '$1 == "base"' "$work/out/compare.csv" | wc -l)
self_nonzero=$(awk -F, '$1 == "base" && ($5 != 0 || $6 != 0 || $7 != 0 || $8 != 0)' "$work/out/compare.csv" | wc -l)
check "a scenario against itself: rows" test "$self_rows" -gt 20
check "a scenario against itself: zero differences and zero width" test "$self_nonzero" -eq 0
# Longer stays hold more children open at month 12, in every replication.
open12=$(awk -F, '$1 == "longer" && $3 == 12 && $4 == "open_total" {print ($5 > 0 && $7 > 0)}' "$work/out/compare.csv")
check "longer stays: more open at month 12, the whole interval above 0" test "$open12" = 1
check "every scenario ran with the baseline's seed and horizon" test "$(awk -F, '$1 == "longer" {print $3}' "$work/out/compare.csv" | sort -n | tail -1)" = 12
check "the terminal names the comparison" contains "$work/log" "longer minus base"
check "the manifest lists both runs" contains "$work/out/manifest.json" '"scenario": "longer"'
# Thread count changes nothing.
"$caseflow" compare "$work/base.yaml" "$work/longer.yaml" -r 20 -t 1 -q --out "$work/one"
"$caseflow" compare "$work/base.yaml" "$work/longer.yaml" -r 20 -t 2 -q --out "$work/two"
check "byte-identical whatever the threads" cmp -s "$work/one/compare.csv" "$work/two/compare.csv"

# Bad input: exit 2, the file and key named, nothing written.
"$caseflow" compare "$work/base.yaml" >"$work/one.log" 2>&1
check "one scenario is refused (exit 2)" test $? -eq 2
"$caseflow" compare "$work/base.yaml" "$work/missing.yaml" --out "$work/bad" >"$work/missing.log" 2>&1
check "a missing file: exit 2" test $? -eq 2
check "a missing file is named" contains "$work/missing.log" "missing.yaml"
check "nothing written for bad input" test ! -e "$work/bad/compare.csv"
"$caseflow" compare "$work/base.yaml" "$work/base.yaml" --set demand.contacts_per_year=-5 --out "$work/bad" >"$work/set.log" 2>&1
check "a bad --set: exit 2 naming the key" test $? -eq 2
check "a bad --set names the key" contains "$work/set.log" "contacts_per_year"
finish
