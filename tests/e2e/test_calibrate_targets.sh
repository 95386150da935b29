#!/usr/bin/env bash
# End-to-end test of calibration to published figures: calibrate fits the tiny
# scenario to a targets file, writes a scenario that extends it (and validates)
# and a fit report; bad targets exit 2 naming the file, line and key.
# Usage: test_calibrate_targets.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
source_dir=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$work" || exit 1

mkdir -p configs/targets out
tiny_scenario configs/tiny.yaml
# 2,000 contacts a year staying 30 days hold about 164 open; ask for 3,000 and 250.
cat >configs/targets/tiny.yaml <<'YAML'
name: tiny-calibrated
base: ../tiny.yaml
child_population: 20000
stocks:
  children_in_need: {value: 250, source: "test figure"}
flows:
  referrals: {per_10000: 1500, source: "test rate"}
YAML
"$caseflow" calibrate configs/targets/tiny.yaml -r 8 --check-replications 16 -o out/tiny.yaml >fit.log 2>err.log
check "calibrate: exit 0" test $? -eq 0
check "calibrate: every figure within its tolerance" contains fit.log "every figure within its tolerance"
check "calibrate: the report names what fits each figure" contains fit.log "demand.contacts_per_year"
check "calibrate: progress on stderr" contains err.log "iteration 1"
check "calibrated scenario: extends the base by its relative path" contains out/tiny.yaml "^extends: ../configs/tiny.yaml"
check "calibrated scenario: its name" contains out/tiny.yaml "name: tiny-calibrated"
check "calibrated scenario: values commented with their figure" contains out/tiny.yaml "# calibrated .*referrals 3000 (test rate)"
"$caseflow" validate out/tiny.yaml >validate.log 2>&1
check "calibrated scenario: validates" test $? -eq 0
check "fit CSV: header" test "$(head -1 out/tiny-fit.csv)" = "target,value,tolerance,tolerance_kind,median,p05,p95,within,fitted_by,note,source"
check "fit CSV: a row a figure and a year" test "$(tail -n +2 out/tiny-fit.csv | wc -l)" -eq 3
"$caseflow" run out/tiny.yaml -q -r 16 --out run >run.log 2>&1
check "the calibrated scenario runs" test $? -eq 0
# Twice the children: --child-population doubles the rate's count.
"$caseflow" calibrate configs/targets/tiny.yaml --child-population 40000 -r 8 --check-replications 8 -q -o out/double.yaml
check "--child-population: exit 0" test $? -eq 0
check "--child-population: counts the rate for it" contains out/double-fit.csv '^referrals,6000,'

# --- bad targets ------------------------------------------------------------------
bad() {  # bad NAME EXPECTED_TEXT (targets from stdin)
  cat >configs/targets/bad.yaml
  "$caseflow" calibrate configs/targets/bad.yaml -o out/bad.yaml >bad.log 2>&1
  local rc=$?
  check "$1: exit 2" test $rc -eq 2
  check "$1: says $2" contains bad.log "$2"
  check "$1: writes nothing" test ! -e out/bad.yaml
}
printf 'name: x\nbase: ../tiny.yaml\nstocks:\n  looked_after: -3\n' | bad "negative count" "bad.yaml:4"
printf 'name: x\nbase: ../tiny.yaml\nflows:\n  re_referral_share: 22.6\n' | bad "share above 1" "at most 1"
printf 'name: x\nbase: ../tiny.yaml\nflows:\n  referrals: {per_10000: 500}\n' | bad "rate without a population" "child_population"
printf 'name: x\nbase: ../tiny.yaml\nstocks:\n  children_in_need: 100\n  child_protection: 90\n  looked_after: 20\n' | bad "stocks that cannot hold" "cannot be more than the children in need"
printf 'name: x\nbase: ../tiny.yaml\nflows:\n  initial_conferences: 40\n' | bad "a state the base does not have" "no state 'icpc'"
printf 'name: x\nbase: ../tiny.yaml\nstocks:\n  looked_after: 20\n' | bad "a category the base does not have" "no state of category lac"
printf 'name: x\nstocks:\n  children_in_need: 100\n' | bad "no base" "no base scenario"
printf 'name: x\nbase: ../tiny.yaml\nflows:\n  referals: 100\n' | bad "a misspelt figure" "referrals"
finish
