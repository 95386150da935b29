#!/usr/bin/env bash
# End-to-end tests of costs as a planner meets them: finance.csv beside
# summary.csv with its documented header, every line a part of the total,
# finance_compare.csv's investment, savings and net, and bad costs refused
# with the file, line and key, exit 2.
# Usage: test_costs.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tiny_scenario "$work/base.yaml" base
cat >>"$work/base.yaml" <<'YAML'
costs:
  per_entry: [{name: work_started, state: work, cost: 100}]
  declared: [{name: rent, annual: 36525, from: 2021-01-01}]
YAML
# Longer stays, and a one-off: more entries? no, the same demand; a one-off on the investment side.
cat >"$work/plan.yaml" <<'YAML'
extends: base.yaml
scenario: {name: plan}
costs:
  declared:
    - {name: rent, annual: 36525, from: 2021-01-01}
    - {name: launch, one_off: 5000, from: 2021-06-01}
YAML

"$caseflow" run "$work/base.yaml" -r 4 -q --out "$work/run" >"$work/log" 2>&1
check "run with costs exits 0" test $? -eq 0
check "finance.csv is written" test -f "$work/run/finance.csv"
check "finance.csv has the documented header" test "$(head -1 "$work/run/finance.csv")" = "scenario,financial_year,line,mean,sd,p5,p50,p95"
check "years are written as councils write them" contains "$work/run/finance.csv" "^base,2020/21,rent,"
check "the manifest lists finance.csv" contains "$work/run/manifest.json" '"finance.csv"'
# Every line other than total is a part of it: the means add up, year by year.
sums=$(awk -F, 'NR > 1 { if ($3 == "total") total[$2] = $4; else parts[$2] += $4 }
                END { bad = 0; for (y in total) if ((total[y] - parts[y])^2 > 1e-6 * (1 + total[y]^2)) bad++; print bad }' "$work/run/finance.csv")
check "the lines add up to the total in every year" test "$sums" = 0
# 1 January to 31 March 2021 is the rest of 2020/21: 90 days of rent at 100 a day.
check "a part year holds its days" test "$(awk -F, '$2 == "2020/21" && $3 == "rent" {print $4}' "$work/run/finance.csv")" = 9000

# A scenario without costs writes no finance.csv, and removes an earlier one.
tiny_scenario "$work/plain.yaml" base
"$caseflow" run "$work/plain.yaml" -r 2 --out "$work/run" >"$work/log2" 2>&1
check "no costs, no finance.csv" test ! -f "$work/run/finance.csv"
check "the earlier finance.csv's removal is reported" contains "$work/log2" "removed the earlier finance.csv (this scenario has no costs)"

"$caseflow" compare "$work/base.yaml" "$work/plan.yaml" -r 4 --out "$work/cmp" >"$work/log3" 2>&1
check "compare with costs exits 0" test $? -eq 0
check "finance_compare.csv has its header" test "$(head -1 "$work/cmp/finance_compare.csv")" = \
  "scenario,baseline,financial_year,line,base_mean,other_mean,diff_mean,diff_sd,ci_low,ci_high"
check "the one-off is the plan's investment in 2021/22" \
  test "$(awk -F, '$3 == "2021/22" && $4 == "investment" {print $7}' "$work/cmp/finance_compare.csv")" = 5000
check "and its net cost" test "$(awk -F, '$3 == "2021/22" && $4 == "net" {print $7}' "$work/cmp/finance_compare.csv")" = 5000
check "no savings: the same children" test "$(awk -F, '$3 == "2021/22" && $4 == "savings" {print $7}' "$work/cmp/finance_compare.csv")" = 0
check "the terminal gives the business case by year" contains "$work/log3" "investment"

# Bad costs: the file, the line, the key, and exit 2.
expect_error() {  # expect_error NAME YAML_TAIL PATTERN
  tiny_scenario "$work/bad.yaml" bad
  printf '%s\n' "$2" >>"$work/bad.yaml"
  "$caseflow" validate "$work/bad.yaml" >"$work/bad.log" 2>&1
  check "$1: exit 2" test $? -eq 2
  check "$1: the message" contains "$work/bad.log" "$3"
}
expect_error "a mix that does not sum to 1" \
  'costs: {placements: {types: {a: {weekly: 1}, b: {weekly: 2}}, mix: {a: 0.5, b: 0.6}}}' \
  "bad.yaml:[0-9]*: costs.placements.mix: the shares add up to 1.1"
expect_error "a negative cost" \
  'costs: {per_entry: [{name: x, state: work, cost: -5}]}' \
  "bad.yaml:[0-9]*: costs.per_entry\[0\].cost: "
expect_error "a shift naming an unknown type" \
  'costs: {placements: {types: {a: {weekly: 1}}, mix: {a: 1}, shifts: [{name: s, from_type: ifa, to_type: a, placements: 3, from: 2021-02-01, until: 2021-06-01}]}}' \
  "no placement type named 'ifa'"
expect_error "staff costs without a workforce" \
  'costs: {staff: {grades: {}, agency: {premium: 0}, team_manager: {salary: 1, on_costs: 0}}}' \
  "costs.staff: staff costs need social workers"

# validate shows what the unit costs make of the opening position.
"$caseflow" validate "$src/configs/manchester-2016-invest.yaml" >"$work/validate.log" 2>&1
check "validate prices the opening workforce" contains "$work/validate.log" "the opening workforce: social workers £5.28m, locums £3.53m, managers £1.64m"
check "validate shows the declared pressure" contains "$work/validate.log" "declared: existing_pressure £1.10m a year"

# Every shipped scenario with costs prices its first year.
"$caseflow" run "$src/configs/manchester-2016.yaml" -r 2 -y 1 -q --out "$work/m" >/dev/null 2>&1
check "the default scenario writes finance.csv" contains "$work/m/finance.csv" "^manchester-2016,2016/17,placements,"
finish
