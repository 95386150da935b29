#!/usr/bin/env bash
# End-to-end test of case-level calibration: a run writes its episodes, calibrate
# fits them into a scenario that extends the base, and that scenario validates;
# bad episode files exit 2 naming the line and column.
# Usage: test_calibrate_episodes.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$work" || exit 1

tiny_scenario base.yaml
# --- episodes out of a run, and nothing else changed ------------------------------
"$caseflow" run base.yaml -q --out plain >plain.log 2>&1
check "run without --episodes: exit 0" test $? -eq 0
"$caseflow" run base.yaml -q --out with --episodes eps.csv --episodes-replications 2 >with.log 2>&1
check "run --episodes: exit 0" test $? -eq 0
check "run --episodes: summary.csv byte-identical" cmp -s plain/summary.csv with/summary.csv
check "episodes: header" test "$(head -1 eps.csv)" = "replication,child_id,state,start_date,end_date,reason"
check "episodes: both replications" contains eps.csv "^1,"
check "episodes: warm start has no start date" contains eps.csv "^0,[0-9]*,work,,"
check "episodes: open ones have no end" contains eps.csv "^0,[0-9]*,work,2021-[0-9-]*,,$"
check "episodes: closures" contains eps.csv ",closure$"
"$caseflow" run base.yaml -q --out one-thread -t 1 --episodes eps1.csv --episodes-replications 2 >t1.log 2>&1
check "episodes: byte-identical on one thread" cmp -s eps.csv eps1.csv
"$caseflow" run base.yaml -q --out sharded --shard 1/2 --episodes x.csv >shard.log 2>&1
check "--episodes with --shard: exit 2" test $? -eq 2

# --- calibrate, then validate what it wrote ---------------------------------------
"$caseflow" calibrate --episodes eps.csv --base base.yaml --out cal/calibrated.yaml --report cal/fit.csv >cal.log 2>&1
check "calibrate: exit 0" test $? -eq 0
check "calibrate: the report names the state" contains cal.log "^work "
check "calibrate: Kaplan-Meier for work" contains cal.log "estimated (Kaplan-Meier)"
check "calibrate: extends the base relative to the output" contains cal/calibrated.yaml "^extends: ../base.yaml"
check "calibrate: the values are commented" contains cal/calibrated.yaml "# duration: Kaplan-Meier mean"
check "calibrate: report CSV header" test "$(head -1 cal/fit.csv)" = "state,route,quantity,estimate,se,ci_low,ci_high,episodes,events,censored,status"
"$caseflow" validate cal/calibrated.yaml >validate.log 2>&1
check "the calibrated scenario validates" test $? -eq 0

"$caseflow" calibrate --base base.yaml --out x.yaml >none.log 2>&1
check "calibrate with neither TARGETS nor --episodes: exit 2" test $? -eq 2
"$caseflow" calibrate targets.yaml --episodes ep.csv --base base.yaml --out x.yaml >both.log 2>&1
check "calibrate with both TARGETS and --episodes: exit 2" test $? -eq 2
check "calibrate with both: says so" contains both.log "not both"

# --- bad episode files ------------------------------------------------------------
bad() {  # bad NAME EXPECTED_TEXT ROWS...
  local name=$1 expected=$2
  shift 2
  printf 'replication,child_id,state,start_date,end_date,reason\n' >"$name.csv"
  printf '%s\n' "$@" >>"$name.csv"
  "$caseflow" calibrate --episodes "$name.csv" --base base.yaml --out "$name.yaml" >"$name.log" 2>&1
  check "$name: exit 2" test $? -eq 2
  check "$name: names the line and column" contains "$name.log" "$expected"
  check "$name: writes nothing" test ! -e "$name.yaml"
}
bad unknown-state "unknown-state.csv:3: column state: expected a state of the base scenario's pathway, got 'limbo'" \
  "0,1,work,2021-01-02,2021-02-01,closure" "0,2,limbo,2021-01-02,,"
bad end-before-start "end-before-start.csv:2: column end_date: expected an end on or after the start" \
  "0,1,work,2021-03-02,2021-02-01,closure"
bad two-open "two-open.csv:3: column end_date: child 1 already has an episode open (line 2)" \
  "0,1,work,2021-01-02,," "0,1,work,2021-02-02,,"
bad bad-date "bad-date.csv:2: column start_date: expected a date as YYYY-MM-DD" "0,1,work,2021-13-02,,"
bad unknown-reason "unknown-reason.csv:2: column reason: expected a state" "0,1,work,2021-01-02,2021-02-01,nowhere"

finish
