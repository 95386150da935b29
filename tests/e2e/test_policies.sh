#!/usr/bin/env bash
# End-to-end tests of policies as a planner writes them: validate lists the
# changes by date; a comparison with the same scenario without them shows
# exactly nothing before the first date and the change after it; a policy
# the model cannot honour is refused with the file, line and key, exit 2;
# the shipped policy scenarios load.
# Usage: test_policies.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tiny_scenario "$work/base.yaml" base
cat >"$work/plan.yaml" <<'YAML'
extends: base.yaml
scenario: {name: plan}
policies:
  - {name: more demand, from: 2021-07-01, set: {demand.contacts_per_year: 4000}}
  - from: 2021-09-01
    until: 2021-12-01
    ramp: {pathway.states.work.duration.mean: [30, 60]}
YAML

"$caseflow" validate "$work/plan.yaml" >"$work/validate" 2>&1
check "validate accepts the policies" test $? -eq 0
check "validate lists a set by its date" contains "$work/validate" "2021-07-01: demand.contacts_per_year=4000"
# linear in days: 30 of the 91 days from 1 September to 1 December
check "validate lists each step of a ramp" contains "$work/validate" "2021-10-01: pathway.states.work.duration.mean=39.89"

"$caseflow" compare "$work/base.yaml" "$work/plan.yaml" -r 4 -q --out "$work/cmp" >"$work/log" 2>&1
check "compare with a policy scenario exits 0" test $? -eq 0
before=$(awk -F, 'NR > 1 && $3 ~ /^[0-9]+$/ && $3 <= 6 && ($5 != 0 || $6 != 0) { n++ } END { print n + 0 }' "$work/cmp/compare.csv")
check "months before the first policy differ in nothing" test "$before" = 0
after=$(awk -F, 'NR > 1 && $3 == 7 && $4 == "contacts" { print ($5 > 0) }' "$work/cmp/compare.csv")
check "the month after it has more contacts" test "$after" = 1

refused() {  # refused NAME POLICY-YAML EXPECTED-TEXT
  printf 'extends: base.yaml\nscenario: {name: bad}\npolicies:\n%s\n' "$2" >"$work/bad.yaml"
  "$caseflow" validate "$work/bad.yaml" >"$work/out" 2>"$work/err"
  local rc=$?
  check "$1: exit 2" test $rc -eq 2
  check "$1: names the file and line" contains "$work/err" "bad.yaml:4"
  check "$1: says why" contains "$work/err" "$3"
}
refused "a key that cannot change mid-run" "  - {from: 2021-07-01, set: {calendar.bank_holidays: england-and-wales}}" \
  "policies\[0\].set.calendar.bank_holidays.*cannot change during a run"
refused "an unknown key path" "  - {from: 2021-07-01, set: {demand.contacts_per_yaer: 3}}" "cannot change during a run"
refused "a date outside the run" "  - {from: 2023-01-01, set: {demand.contacts_per_year: 3}}" "policies\[0\].from.*start of a month of the run"
refused "a bad value" "  - {from: 2021-07-01, set: {demand.contacts_per_year: lots}}" "from 2021-07-01"

for f in agency-to-20pct demand-to-core-cities; do
  "$caseflow" validate "$src/configs/manchester-2016-$f.yaml" >"$work/out" 2>&1
  check "the shipped $f scenario validates" test $? -eq 0
done

finish
