#!/usr/bin/env bash
# End-to-end tests of `caseflow sweep` as a researcher runs it: a Morris
# screening of a tiny scenario into its SQLite database, the same content
# whatever the threads and after kill -9 and a resume, a changed spec
# refused, bad specs at their key and line, and the export.
# Usage: test_sweep.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v sqlite3 >/dev/null || { echo "test_sweep.sh: needs the sqlite3 command (Debian: sqlite3)" >&2; exit 1; }

tiny_scenario "$work/base.yaml" base
tiny_sweep_spec "$work/spec.yaml" base.yaml 4 '  - {metric: open_total, months: [7, 12]}'
db=tiny.sqlite
dump() { sqlite3 "$1" .dump; }

"$caseflow" sweep "$work/spec.yaml" -t 2 --out "$work/a" >"$work/a.log" 2>"$work/a.err"
check "sweep exits 0" test $? -eq 0
check "one database in --out" test -f "$work/a/$db"
check "WAL mode" test "$(sqlite3 "$work/a/$db" 'PRAGMA journal_mode')" = wal
check "every pair done: 4 trajectories x 4 points x 4 replications" \
  test "$(sqlite3 "$work/a/$db" "SELECT count(*) FROM run WHERE status = 'done'")" = 64
check "results: points x outputs" test "$(sqlite3 "$work/a/$db" 'SELECT count(*) FROM result')" = 48
check "the summary columns" test "$(sqlite3 "$work/a/$db" 'SELECT count(*) FROM result WHERE mean IS NULL OR p5 > p50 OR p50 > p95')" = 0
check "the spec and version are stored" test "$(sqlite3 "$work/a/$db" "SELECT count(*) FROM meta WHERE key IN ('spec_text', 'caseflow_version')")" = 2
# More contacts mean more referrals, in every trajectory; a longer stay changes no referral.
check "contacts drive referrals (mu* > 0, interval clear of 0)" \
  test "$(sqlite3 "$work/a/$db" "SELECT spans_zero = 0 AND value > 0 FROM analysis WHERE output = 'referrals_fy2021' AND parameter = 'contacts' AND statistic = 'mu_star'")" = 1
check "a stay has no effect on referrals" \
  test "$(sqlite3 "$work/a/$db" "SELECT value FROM analysis WHERE output = 'referrals_fy2021' AND parameter = 'stay' AND statistic = 'mu_star'")" = 0.0
check "the ranking is printed" contains "$work/a.log" "parameters by |mu_star|"
check "reused and computed are reported" contains "$work/a.log" "0 reused"
check "progress on stderr" contains "$work/a.err" "64/64 replications"

"$caseflow" sweep "$work/spec.yaml" -t 1 -q --out "$work/one" >"$work/one.log" 2>&1
check "--quiet prints nothing" test ! -s "$work/one.log"
check "byte-identical content whatever the threads" test "$(dump "$work/a/$db")" = "$(dump "$work/one/$db")"

# kill -9 part way (more replications, so that it is still running), then resume.
# The sanitizer builds (ASan + UBSan, TSan) are several times slower, so a
# quarter as many keep the sweep running as long: at 400 this script was the
# longest test under both, at 523 s of its 600 s limit under ASan at -O0.
reps=400
under_sanitizer && reps=100
runs=$((16 * reps))  # 4 trajectories x 4 points
"$caseflow" sweep "$work/spec.yaml" -r "$reps" -t 2 -q --out "$work/full"
"$caseflow" sweep "$work/spec.yaml" -r "$reps" -t 2 -q --out "$work/killed" &
pid=$!
for _ in $(seq 100); do
  n=$(sqlite3 "$work/killed/$db" "SELECT count(*) FROM run WHERE status = 'done'" 2>/dev/null || echo 0)
  [[ ${n:-0} -ge 500 ]] && break
  sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
done_at_kill=$(sqlite3 "$work/killed/$db" "SELECT count(*) FROM run WHERE status = 'done'")
check "killed part way ($done_at_kill of $runs done)" test "$done_at_kill" -gt 0 -a "$done_at_kill" -lt "$runs"
check "integrity after kill -9" test "$(sqlite3 "$work/killed/$db" 'PRAGMA integrity_check')" = ok
"$caseflow" sweep "$work/spec.yaml" -r "$reps" -t 2 --out "$work/killed" >"$work/resume.log" 2>&1
check "resume exits 0" test $? -eq 0
check "resume reports what it reused" contains "$work/resume.log" "$done_at_kill reused"
check "resumed content identical to an uninterrupted run's" test "$(dump "$work/full/$db")" = "$(dump "$work/killed/$db")"
check "integrity after resume" test "$(sqlite3 "$work/killed/$db" 'PRAGMA integrity_check')" = ok
"$caseflow" sweep "$work/spec.yaml" -r "$reps" -t 2 --out "$work/killed" >"$work/again.log" 2>&1
check "a finished sweep run again computes nothing" contains "$work/again.log" "$runs reused from .*, 0 to compute"

# SIGTERM stops cleanly (exit 143), keeping what was stored, and says how to go on.
"$caseflow" sweep "$work/spec.yaml" -r "$reps" -t 2 --out "$work/term" >"$work/term.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  n=$(sqlite3 "$work/term/$db" "SELECT count(*) FROM run WHERE status = 'done'" 2>/dev/null || echo 0)
  [[ ${n:-0} -ge 200 ]] && break
  sleep 0.05
done
kill -TERM "$pid"
wait "$pid"
check "SIGTERM: exit 143" test $? -eq 143
check "SIGTERM: says how to resume" contains "$work/term.log" "run the same command again"
check "SIGTERM: what was done is kept" test "$(sqlite3 "$work/term/$db" "SELECT count(*) FROM run WHERE status = 'done'")" -ge 200

# A changed spec into the same database is refused, the database untouched.
sed 's/seed: 3/seed: 4/' "$work/spec.yaml" >"$work/changed.yaml"
before=$(dump "$work/a/$db")
"$caseflow" sweep "$work/changed.yaml" --out "$work/a" >"$work/changed.log" 2>&1
check "changed spec: exit 2" test $? -eq 2
check "changed spec: says why" contains "$work/changed.log" "the sweep spec has changed"
check "changed spec: database untouched" test "$before" = "$(dump "$work/a/$db")"
"$caseflow" sweep "$work/spec.yaml" -r 5 --out "$work/a" >"$work/reps.log" 2>&1
check "other replications: exit 2" test $? -eq 2

# Bad specs: exit 2, the file, key and line named, no database made.
bad() {  # bad NAME SED-EXPRESSION EXPECTED-TEXT
  sed "$2" "$work/spec.yaml" >"$work/bad.yaml"
  "$caseflow" sweep "$work/bad.yaml" --out "$work/bad" >"$work/bad.log" 2>&1
  local rc=$?
  check "$1: exit 2" test $rc -eq 2
  check "$1: names file, line and key ($3)" contains "$work/bad.log" "$3"
}
bad "unknown key path" 's/demand.contacts_per_year/demand.contacts_per_yr/' "bad.yaml:7: parameters\[0\].path: unknown key path"
bad "bounds reversed" 's/\[1000, 3000\]/[3000, 1000]/' "bad.yaml:7: parameters\[0\].bounds: bounds reversed"
bad "too few points" 's/trajectories: 4/trajectories: 1/' "bad.yaml:5: design.trajectories: must be at least 2"
bad "non-numeric target" 's/path: demand.contacts_per_year/path: calendar.bank_holidays/' "bad.yaml:7: parameters\[0\].path: non-numeric target"
check "no database for a bad spec" test ! -e "$work/bad/tiny.sqlite"

# A Sobol design on the same scenario: S1 and ST for each parameter and
# output, and contacts (the only input of referrals) carry all of their variance.
sed -e 's/name: tiny/name: sob/' -e 's/design: .*/design: {method: sobol, base_samples: 16}/' "$work/spec.yaml" >"$work/sobol.yaml"
"$caseflow" sweep "$work/sobol.yaml" -r 2 -t 2 -q --out "$work/sobol"
check "sobol: exits 0" test $? -eq 0
check "sobol: N (D + 2) points" test "$(sqlite3 "$work/sobol/sob.sqlite" 'SELECT count(*) FROM point')" = 80
check "sobol: S1 and ST per parameter and output" \
  test "$(sqlite3 "$work/sobol/sob.sqlite" "SELECT count(*) FROM analysis WHERE statistic IN ('S1', 'ST')")" = 18
check "sobol: contacts hold most of the referrals' variance" \
  test "$(sqlite3 "$work/sobol/sob.sqlite" "SELECT value > 0.9 FROM analysis WHERE output = 'referrals_fy2021' AND parameter = 'contacts' AND statistic = 'ST'")" = 1

# Export: every table as CSV, and SALib's files.
"$caseflow" sweep export "$work/a/$db" --csv "$work/csv" >"$work/export.log" 2>&1
check "export exits 0" test $? -eq 0
for table in meta parameter output point point_value run replication_value result analysis; do
  check "export writes $table.csv" test -f "$work/csv/$table.csv"
done
check "result.csv: header and 48 rows" test "$(wc -l <"$work/csv/result.csv")" = 49
check "result.csv header" test "$(head -1 "$work/csv/result.csv")" = "point,output,metric,period,replications,mean,sd,p5,p50,p95"
check "params.txt in SALib's format" test "$(grep -v '^#' "$work/csv/params.txt" | head -1)" = "contacts 1000 3000"
check "model_input.txt: one row of 3 values per point" \
  test "$(awk 'NF == 3' "$work/csv/model_input.txt" | wc -l)" = 16
check "model_output per output" test "$(wc -l <"$work/csv/model_output_open_total_m12.txt")" = 16
"$caseflow" sweep export "$work/missing.sqlite" --csv "$work/csv2" >"$work/missing.log" 2>&1
check "export of a missing database: exit 2" test $? -eq 2
finish
