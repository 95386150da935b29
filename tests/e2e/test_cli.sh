#!/usr/bin/env bash
# End-to-end tests of the caseflow command line, run as a user would.
# Usage: test_cli.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- help and version ------------------------------------------------------
"$caseflow" --help >"$work/help" 2>&1; check "help exits 0" test $? -eq 0
check "help lists run" contains "$work/help" "run"
for cmd in run validate graph metrics; do
  "$caseflow" $cmd --help >"$work/h_$cmd" 2>&1; check "$cmd --help exits 0" test $? -eq 0
done
check "run --help documents --replications" contains "$work/h_run" "--replications"
check "run --help documents the directory lock" contains "$work/h_run" "One run at a time: a run into a directory another run is writing to stops at once"
check "run --help documents the extends rule" contains "$work/h_run" "A file that extends another keeps the other's scenario name"
check "run --help documents interrupting" contains "$work/h_run" "exits 130 (SIGINT) or 143 (SIGTERM)"
"$caseflow" >"$work/none" 2>&1; check "no command is a usage error (2)" test $? -eq 2
"$caseflow" run --replications 0 >"$work/zero" 2>&1; check "--replications 0 is refused (2)" test $? -eq 2
"$caseflow" frobnicate >"$work/unknown" 2>&1; check "unknown command (2)" test $? -eq 2
check "unknown command is named" contains "$work/unknown" "unknown command 'frobnicate'"
check "unknown command: the known ones listed" contains "$work/unknown" "run, validate, schema, graph, compare, metrics, sweep, merge, report and calibrate"

# --- a run of the default scenario -----------------------------------------
"$caseflow" run --replications 8 --years 1 --threads 2 --out "$work/run1" >"$work/run1.log" 2>&1
check "default run exits 0" test $? -eq 0
check "summary.csv written" test -s "$work/run1/summary.csv"
check "manifest.json written" test -s "$work/run1/manifest.json"
check "summary header" test "$(head -1 "$work/run1/summary.csv")" = "scenario,month,metric,mean,sd,p5,p50,p95"
for m in open_total open_assessment open_cin open_cp open_lac contacts referrals assessments_completed \
         cin_starts cp_starts lac_starts lac_exits_adoption lac_exits_sgo; do
  check "metric $m reported" contains "$work/run1/summary.csv" ",12,$m,"
done
check "month 0 opening stock is the seed's 4,953" contains "$work/run1/summary.csv" "manchester-2016,0,open_total,4953,0,"
check "no temporary files left" test -z "$(ls "$work/run1" | grep partial)"
check "manifest records the seed" contains "$work/run1/manifest.json" '"seed": 20160621'
check "manifest records the git commit" contains "$work/run1/manifest.json" '"git_commit"'

# Same seed, different thread count: identical summary.
"$caseflow" run --replications 8 --years 1 --threads 1 --out "$work/run2" --quiet
check "1 and 2 threads give identical summary.csv" cmp -s "$work/run1/summary.csv" "$work/run2/summary.csv"
"$caseflow" run --replications 8 --years 1 --threads 1 --seed 99 --out "$work/run3" --quiet
check "another seed gives another summary" bash -c "! cmp -s '$work/run1/summary.csv' '$work/run3/summary.csv'"

# Per-replication output and overrides by key path.
"$caseflow" run "$src/configs/manchester-2016.yaml" -r 3 -y 1 --keep-replications --set demand.contacts_per_year=1000 \
  --out "$work/run4" --quiet
check "keep-replications writes replications.csv" test -s "$work/run4/replications.csv"
check "replications.csv has all 3" test "$(cut -d, -f2 "$work/run4/replications.csv" | sort -u | grep -c '^[0-9]')" -eq 3
check "--set is recorded" contains "$work/run4/manifest.json" "demand.contacts_per_year=1000"

# --- validate, graph, metrics ------------------------------------------------
"$caseflow" validate "$src/configs/manchester-2016.yaml" >"$work/validate" 2>&1
check "validate default exits 0" test $? -eq 0
check "validate says OK" contains "$work/validate" "OK"
"$caseflow" graph "$src/configs/manchester-2016.yaml" -o "$work/pathway.dot"
check "graph writes DOT" contains "$work/pathway.dot" "digraph"
"$caseflow" metrics >"$work/metrics"; check "metrics lists open_total" contains "$work/metrics" "open_total"
check "metrics lists the scorecard's overdue visits (capacity in hours)" contains "$work/metrics" "^lac_visits_overdue "
check "metrics lists utilisation by team" contains "$work/metrics" "^utilisation_locality "

# The invest-to-succeed scenario builds on the baseline (extends).
"$caseflow" validate "$src/configs/manchester-2016-invest.yaml" >"$work/invest.log" 2>&1
check "invest scenario validates" test $? -eq 0
# validate counts the workforce with per-locality teams multiplied out (seed 001 §4.24: 202 to 288, 22 to 36;
# table 5's other 17 posts in a team that holds no cases).
check "validate: the opening posts in all" contains "$work/invest.log" "all teams *202 social worker posts, 71 held by locums, 0 vacant; 22 team managers"
check "validate: a per-locality team's posts in each locality" contains "$work/invest.log" "locality *105 posts (35 in each)"
check "validate: what the establishment changes add" contains "$work/invest.log" "add 103 posts and 14 team managers in all (305 posts and 36 team managers once made)"
check "validate: a team that holds no cases says so" contains "$work/invest.log" "fostering_support *0 posts, .*; holds no children's cases"
"$caseflow" run "$src/configs/manchester-2016-invest.yaml" -r 2 -y 2 --out "$work/invest" --quiet
check "invest scenario runs" contains "$work/invest/summary.csv" "manchester-2016-invest,24,sw_posts,305,"
# The plan as carried out extends the plan: its drive replaces the plan's, its posts are the plan's.
# Every shipped scenario validates (their comments cite their sources).
for config in "$src"/configs/*.yaml; do
  "$caseflow" validate "$config" >"$work/shipped.log" 2>&1
  check "shipped scenario $(basename "$config") validates" test $? -eq 0
done
"$caseflow" run "$src/configs/manchester-2016-option-20.yaml" -r 2 -y 2 --out "$work/option20" --quiet
check "option 20: 260 posts and the plan's 17 support posts" contains "$work/option20/summary.csv" "manchester-2016-option-20,24,sw_posts,277,"
"$caseflow" run "$src/configs/manchester-2016-invest-actual.yaml" -r 2 -y 2 --out "$work/actual" --quiet
check "invest-actual scenario runs with the plan's posts" contains "$work/actual/summary.csv" "manchester-2016-invest-actual,24,sw_posts,305,"

# --- bad input: a clear error, exit 2, and nothing written --------------------
bad() {  # bad NAME EXPECTED_TEXT YAML_EDIT (a sed expression on the default config)
  local name=$1 expected=$2 edit=$3
  sed "$edit" "$src/configs/manchester-2016.yaml" >"$work/$name.yaml"
  "$caseflow" run "$work/$name.yaml" -r 2 -y 1 --out "$work/out-$name" >"$work/$name.log" 2>&1
  local rc=$?
  check "$name: exit 2 (got $rc)" test $rc -eq 2
  check "$name: message names the file" contains "$work/$name.log" "$name.yaml:"
  check "$name: message says '$expected'" contains "$work/$name.log" "$expected"
  check "$name: no output directory left" test ! -e "$work/out-$name/summary.csv"
}
bad unknown_key "unknown key" 's/^  growth_per_year:/  growth_per_yr:/'
bad wrong_type "expected a number, got 'many'" 's/^  contacts_per_year: [0-9]*/  contacts_per_year: many/'
bad probability_range "a probability between 0 and 1" 's/{to: cp, probability: 0.86}/{to: cp, probability: 1.86}/'
bad probability_sum "expected 1" 's/{to: cp, probability: 0.86}/{to: cp, probability: 0.80}/'
bad negative_duration "must be >= 0" 's/mean: 24, sd: 7, unit: weeks/mean: -24, sd: 7, unit: weeks/'
bad syntax "not valid YAML" 's/^demand:/demand: [/'
check "key path in message" contains "$work/unknown_key.log" "demand.growth_per_yr"
check "line in message" grep -qE "probability_range.yaml:[0-9]+: pathway.states.icpc.transitions\[0\].probability" "$work/probability_range.log"

"$caseflow" run "$work/does-not-exist.yaml" >"$work/missing.log" 2>&1
check "missing file: exit 2" test $? -eq 2
check "missing file: says so" contains "$work/missing.log" "does-not-exist.yaml: file not found"

# An unwritable output directory is a failure (1) with the path named, not a crash.
touch "$work/a-file"
"$caseflow" run -r 2 -y 1 --out "$work/a-file/sub" >"$work/unwritable.log" 2>&1
check "unwritable output: exit 1" test $? -eq 1
check "unwritable output: names the path" contains "$work/unwritable.log" "a-file/sub"

# A failed run leaves the previous results in place.
cp "$work/run1/summary.csv" "$work/before.csv"
"$caseflow" run "$work/wrong_type.yaml" --out "$work/run1" >/dev/null 2>&1
check "previous results survive a failed run" cmp -s "$work/run1/summary.csv" "$work/before.csv"

# --- the manifest's resolved config reproduces the run -------------------------
# A scenario that extends another, with --set: the manifest's resolved_config,
# saved on its own in another directory, runs to a byte-identical summary.csv.
"$caseflow" run "$src/configs/manchester-2016-invest.yaml" -r 3 -y 1 --set demand.contacts_per_year=30000 \
  --set workforce.turnover.annual_rate=0.2 --out "$work/resolved-a" --quiet
check "run for resolved_config exits 0" test $? -eq 0
mkdir -p "$work/elsewhere"
python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); sys.stdout.write(m["resolved_config"])' \
  "$work/resolved-a/manifest.json" >"$work/elsewhere/resolved.yaml"
check "manifest has resolved_config" test -s "$work/elsewhere/resolved.yaml"
check "manifest has resolved_config_hash_fnv1a64" contains "$work/resolved-a/manifest.json" '"resolved_config_hash_fnv1a64"'
check "resolved_config has no extends" bash -c "! grep -q '^extends:' '$work/elsewhere/resolved.yaml'"
check "resolved_config has the base file's values" contains "$work/elsewhere/resolved.yaml" "re_referrals_pending: 818"
check "resolved_config has the --set values" contains "$work/elsewhere/resolved.yaml" "contacts_per_year: 30000"
check "resolved_config writes defaults out" contains "$work/elsewhere/resolved.yaml" "bank_holidays: england-and-wales"
"$caseflow" run "$work/elsewhere/resolved.yaml" --out "$work/resolved-b" --quiet
check "resolved_config runs on its own" test $? -eq 0
check "resolved_config reproduces summary.csv byte for byte" cmp -s "$work/resolved-a/summary.csv" "$work/resolved-b/summary.csv"
check "resolved_config keeps the scenario name" contains "$work/resolved-b/summary.csv" "^manchester-2016-invest,"
check "resolving a resolved config changes nothing" python3 -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(a["resolved_config"] != b["resolved_config"] or a["resolved_config_hash_fnv1a64"] != b["resolved_config_hash_fnv1a64"])' \
  "$work/resolved-a/manifest.json" "$work/resolved-b/manifest.json"

# --- output that cannot be written: exit 1, the file and the reason named, ---
# --- the previous results untouched and no *.partial left ---------------------
# unwritten NAME DIR EXPECTED_FILE EXPECTED_REASON: checks the run just made,
# whose output went to DIR (holding a good earlier run, saved in DIR.before).
unwritten() {
  local name=$1 dir=$2 file=$3 reason=$4 rc=$5
  check "$name: exit 1 (got $rc)" test "$rc" -eq 1
  check "$name: message names $file" contains "$work/$name.log" "$dir/$file"
  check "$name: message says '$reason'" contains "$work/$name.log" "$reason"
  for f in $(ls "$dir.before"); do
    check "$name: previous $f unchanged" cmp -s "$dir/$f" "$dir.before/$f"
  done
  check "$name: no new files" test "$(ls "$dir")" = "$(ls "$dir.before")"
  check "$name: no *.partial left" test -z "$(find "$dir" -name '*.partial')"
}
good_run() {  # good_run DIR [ARGS...]: a successful run into DIR, saved in DIR.before
  local dir=$1; shift
  "$caseflow" run -r 2 -y 1 --quiet --out "$dir" "$@" && cp -r "$dir" "$dir.before"
  check "run before $(basename "$dir") exits 0" test $? -eq 0
}

# A read-only output directory. root writes there whatever the mode, so as
# root the check is skipped; the blocked file below fails for anyone.
good_run "$work/readonly"
chmod 555 "$work/readonly"
if touch "$work/readonly/probe" 2>/dev/null; then
  rm -f "$work/readonly/probe"
  echo "note: skipping the read-only directory check: this user (uid $(id -u)) can write to a mode 555 directory"
else
  "$caseflow" run -r 2 -y 1 -s 7 --quiet --out "$work/readonly" >"$work/readonly.log" 2>&1
  unwritten readonly "$work/readonly" 'summary.csv.[0-9]*.partial' "Permission denied" $?
fi
chmod 755 "$work/readonly"

# A file that cannot be created, even by root: a directory stands in the way
# of the run's temporary name, summary.csv.<process id>.partial. The subshell
# makes it and then becomes caseflow (exec), so $BASHPID is caseflow's pid.
good_run "$work/blocked"
(mkdir "$work/blocked/summary.csv.$BASHPID.partial" && exec "$caseflow" run -r 2 -y 1 -s 7 --quiet --out "$work/blocked") \
  >"$work/blocked.log" 2>&1
rc=$?
rmdir "$work/blocked"/summary.csv.*.partial
unwritten blocked "$work/blocked" 'summary.csv.[0-9]*.partial' "Is a directory" $rc

# A final name that cannot be replaced: a directory where replications.csv
# would go. Found before any file is renamed, so nothing of the run is mixed in.
good_run "$work/in-the-way"
mkdir "$work/in-the-way/replications.csv" && mkdir "$work/in-the-way.before/replications.csv"
"$caseflow" run -r 2 -y 1 -s 7 --quiet --keep-replications --out "$work/in-the-way" >"$work/in-the-way.log" 2>&1
rc=$?
rmdir "$work/in-the-way/replications.csv" "$work/in-the-way.before/replications.csv"
unwritten in-the-way "$work/in-the-way" replications.csv "it is a directory" $rc

# A full disk: files may grow to 16 KiB only (ulimit -f; SIGXFSZ ignored, so
# a write past it fails with EFBIG as it would with ENOSPC). summary.csv and
# manifest.json are larger, so the failure comes as the files are finished.
good_run "$work/full"
(ulimit -f 16; trap '' XFSZ; exec "$caseflow" run -r 2 -y 1 -s 7 --quiet --out "$work/full") >"$work/full.log" 2>&1
unwritten full "$work/full" summary.csv "File too large" $?
check "full: says the previous results are unchanged" contains "$work/full.log" "previous results in $work/full are unchanged"

# The real "No space left on device": the run's manifest.json.<pid>.partial is
# a link to /dev/full, where every write fails with ENOSPC.
if [[ -c /dev/full ]]; then
  good_run "$work/devfull"
  (ln -s /dev/full "$work/devfull/manifest.json.$BASHPID.partial" &&
     exec "$caseflow" run -r 2 -y 1 -s 7 --quiet --out "$work/devfull") >"$work/devfull.log" 2>&1
  unwritten devfull "$work/devfull" manifest.json "No space left on device" $?
else
  echo "note: skipping the /dev/full check: there is no /dev/full"
fi

# A disk that fills during the run: with --keep-replications, replications.csv
# passes 16 KiB in the first replications, and the run stops there.
good_run "$work/full-reps" --keep-replications
(ulimit -f 16; trap '' XFSZ; exec "$caseflow" run -r 40 -y 1 -s 7 --quiet --keep-replications --out "$work/full-reps") \
  >"$work/full-reps.log" 2>&1
unwritten full-reps "$work/full-reps" replications.csv "File too large" $?

# --- a demand lever: contacts are what reached the front door ----------------
# The same seed draws the same contacts (the lever draws from the routing
# stream), so each month's contacts + contacts_diverted under the lever equals
# the baseline's contacts, and contacts itself falls by about the lever's share.
"$caseflow" run --quiet --replications 4 --years 1 --out "$work/nolever" >/dev/null 2>&1
"$caseflow" run --quiet --replications 4 --years 1 --out "$work/lever" \
  --set 'demand.levers=[{name: early-help, from: 2016-04-01, share: 0.3, to: early_help_at_contact}]' >"$work/lever.log" 2>&1
check "a run with a lever exits 0" test $? -eq 0
check "contacts fall with a lever, diverted ones counted apart" python3 -c 'import csv, sys
def means(path):
    return {(r["month"], r["metric"]): float(r["mean"]) for r in csv.DictReader(open(path)) if r["mean"]}
base, lever = means(sys.argv[1]), means(sys.argv[2])
for m in range(1, 13):
    made = lever[(str(m), "contacts")] + lever[(str(m), "contacts_diverted")]
    assert abs(made - base[(str(m), "contacts")]) < 1e-6, (m, made, base[(str(m), "contacts")])
    assert 0.6 < lever[(str(m), "contacts")] / base[(str(m), "contacts")] < 0.8, m
' "$work/nolever/summary.csv" "$work/lever/summary.csv"

finish
