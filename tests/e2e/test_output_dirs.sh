#!/usr/bin/env bash
# End-to-end tests of what runs leave in their output directory: one run at a
# time, nothing of a run that was stopped or killed, no files of an earlier
# run beside a later one's, and no scenario replacing another's results.
# Usage: test_output_dirs.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
started=()  # background runs, stopped on exit whatever happens
trap 'for p in "${started[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
no_partial() { test -z "$(find "$1" -name '*.partial')"; }
same_dir() { diff -r -x .caseflow.lock "$1" "$2" >/dev/null; }  # same files, same bytes
# The manifest's seed, or nothing.
seed_of() { sed -n 's/^  "seed": \([0-9]*\),$/\1/p' "$1" 2>/dev/null; }
# Waits (up to 60 s) until FILE_GLOB matches a file: the run holds its lock then.
wait_for() {
  local i
  for ((i = 0; i < 600; i++)); do
    compgen -G "$1" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
# Background jobs of a shell without job control ignore SIGINT, and caseflow
# keeps a signal ignored at start ignored; with job control they do not.
set -m

tiny_scenario "$work/tiny.yaml"
tiny=$work/tiny.yaml
# Trials of the race until 20 of them raced (at most 60), each run long enough
# (100 replications, a tenth of a second) that the two overlap; until 5 raced
# (at most 15) in the sanitizer builds (ASan + UBSan in Debug, TSan), which are
# slower and look for memory and thread errors rather than a rare ordering.
# There a replication takes a few milliseconds against half a second to start
# the process, so a run needs 60 for the two to overlap: with 8, ASan raced in
# 1 trial of 10 (session 18), and CI failed on it.
wanted_races=20 max_trials=60 race_reps=100
under_sanitizer && wanted_races=5 max_trials=15 race_reps=60

# --- two runs at once into one directory --------------------------------------
# Each run alone, for reference; then trials of the two started together
# into one directory. What the directory holds must be one run's complete
# output (summary, replications and manifest of the same run), a run that
# lost the directory must exit 1 and say why, and none may leave a temporary.
runs=("$tiny" -r "$race_reps" -t 1 --quiet --keep-replications)
"$caseflow" run "${runs[@]}" -s 1 --out "$work/ref1" && "$caseflow" run "${runs[@]}" -s 2 --out "$work/ref2"
check "reference runs exit 0" test $? -eq 0
mixed=0 overlapped=0 bad_rc=0 silent=0 trials=0
while ((overlapped < wanted_races && trials < max_trials)); do
  trial=$((trials += 1))
  shared=$work/shared
  "$caseflow" run "${runs[@]}" -s 1 --out "$shared" >"$work/c1.log" 2>&1 &
  p1=$!
  "$caseflow" run "${runs[@]}" -s 2 --out "$shared" >"$work/c2.log" 2>&1 &
  p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
  winner=""
  case "$r1,$r2" in
    0,1) winner=1; loser=2 ;;
    1,0) winner=2; loser=1 ;;
    0,0) ;;  # one finished before the other began: no race, both complete
    *) bad_rc=$((bad_rc + 1)); echo "trial $trial: exit codes $r1 and $r2" >&2 ;;
  esac
  if [[ -n $winner ]]; then
    overlapped=$((overlapped + 1))
    contains "$work/c$loser.log" "another caseflow run .*is writing to $shared" || silent=$((silent + 1))
  fi
  # The files are one reference run's, all of them, and the winner's when there was a race.
  s=$(seed_of "$shared/manifest.json")
  ok=1
  [[ $s == 1 || $s == 2 ]] || ok=0
  [[ -z $winner || $s == "$winner" ]] || ok=0
  if ((ok)); then
    cmp -s "$shared/summary.csv" "$work/ref$s/summary.csv" || ok=0
    cmp -s "$shared/replications.csv" "$work/ref$s/replications.csv" || ok=0
    [[ "$(ls "$shared")" == "$(ls "$work/ref$s")" ]] || ok=0
  fi
  no_partial "$shared" || ok=0
  if ((!ok)); then
    mixed=$((mixed + 1)); echo "trial $trial: mixed or incomplete output (manifest seed '$s', winner '$winner')" >&2
  fi
done
echo "concurrent runs: $overlapped of $trials trials raced for the directory, $mixed left mixed output"
check "concurrent runs: never mixed output" test $mixed -eq 0
check "concurrent runs: exit codes 0 and 1, or 0 and 0 when they did not overlap" test $bad_rc -eq 0
check "concurrent runs: the loser says another run is writing there" test $silent -eq 0
check "concurrent runs: they did race ($wanted_races times in at most $max_trials trials)" test "$overlapped" -ge "$wanted_races"

# A run into a directory another run holds stops at once, touching nothing;
# then SIGINT and SIGTERM stop the holder cleanly: exit 130 / 143, no
# temporaries, the previous results as they were.
long=("$tiny" -r 100000 -t 2 --quiet --keep-replications)
held=$work/held
"$caseflow" run "$tiny" --quiet --out "$held" && cp -r "$held" "$held.before"
for sig in INT TERM; do
  "$caseflow" run "${long[@]}" --out "$held" >"$work/holder-$sig.log" 2>&1 &
  holder=$!; started+=("$holder")
  check "SIG$sig: the long run started" wait_for "$held/replications.csv.$holder.partial"
  if [[ $sig == INT ]]; then
    "$caseflow" run "$tiny" --quiet --out "$held" >"$work/second.log" 2>&1
    check "a second run into a held directory exits 1" test $? -eq 1
    check "a second run names the directory" contains "$work/second.log" "is writing to $held"
    check "a second run names the holder" contains "$work/second.log" "(process $holder)"
    check "a second run leaves the directory as it was" test "$(ls "$held" | grep -v partial)" = "$(ls "$held.before")"
  fi
  kill -$sig "$holder"
  wait "$holder"
  rc=$?
  [[ $sig == INT ]] && expected=130 || expected=143
  check "SIG$sig: exit $expected (got $rc)" test $rc -eq $expected
  check "SIG$sig: says it stopped" contains "$work/holder-$sig.log" "stopped by SIG$sig after [0-9]* of 100000 replications"
  check "SIG$sig: no temporaries left" no_partial "$held"
  check "SIG$sig: previous results intact" same_dir "$held" "$held.before"
done

# --- kill -9 leaves a temporary; the next run into the directory removes it ---
killed=$work/killed
"$caseflow" run "${long[@]}" --out "$killed" >/dev/null 2>&1 &
victim=$!; started+=("$victim")
check "kill -9: the run started" wait_for "$killed/replications.csv.$victim.partial"
kill -9 "$victim"; wait "$victim" 2>/dev/null
check "kill -9: a temporary was left" test -e "$killed/replications.csv.$victim.partial"
touch "$killed/summary.csv.partial"  # an older build's name, also its own
touch "$killed/notes.partial"        # not a name of caseflow's: left alone
"$caseflow" run "$tiny" --quiet --out "$killed" >"$work/rerun.log" 2>&1
check "kill -9: the rerun exits 0" test $? -eq 0
check "kill -9: the rerun removes the temporaries of its names" test -z "$(find "$killed" -name '*.partial' ! -name notes.partial)"
check "kill -9: the rerun says so" contains "$work/rerun.log" "removed $killed/replications.csv.$victim.partial, left by an earlier run"
check "kill -9: other files are left alone" test -e "$killed/notes.partial"
check "kill -9: the rerun wrote its results" test -s "$killed/summary.csv"

# --- a run leaves only its own files: an earlier replications.csv goes -------
stale=$work/stale
"$caseflow" run "$tiny" --quiet --keep-replications --out "$stale"
echo "mine" >"$stale/notes.txt"
"$caseflow" run "$tiny" --out "$stale" >"$work/stale.log" 2>&1
check "stale: exit 0" test $? -eq 0
check "stale: the earlier replications.csv is removed" test ! -e "$stale/replications.csv"
check "stale: says so" contains "$work/stale.log" "removed the earlier replications.csv"
check "stale: the manifest lists the files written" python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["files"] != ["summary.csv", "manifest.json"])' "$stale/manifest.json"
check "stale: files that are not caseflow's stay" test "$(cat "$stale/notes.txt")" = mine

# --- a scenario never silently replaces another's results ------------------
# Its default directory is results/<scenario name>/; a file that extends
# another without renaming itself has the other's name.
mkdir -p "$work/cwd" && cd "$work/cwd" || exit 1
cp "$tiny" base.yaml
printf 'extends: base.yaml\ndemand: {growth_per_year: 0.05}\n' >variant.yaml
printf 'extends: base.yaml\nscenario: {name: growth}\ndemand: {growth_per_year: 0.05}\n' >named.yaml
"$caseflow" run base.yaml --quiet && cp "$tiny" copy.yaml && cp -r results/tiny base.before
check "extends: the base runs into results/tiny" test -s results/tiny/summary.csv
"$caseflow" run copy.yaml --quiet
check "extends: a copy of the same text may replace it" test $? -eq 0
"$caseflow" run base.yaml --quiet && cp -r results/tiny base.before2
"$caseflow" run variant.yaml --quiet >"$work/variant.log" 2>&1
check "extends: a variant keeping the base's name is refused (2)" test $? -eq 2
check "extends: the refusal names the directory" contains "$work/variant.log" "results/tiny holds the results of another scenario file"
check "extends: the refusal names the other run" contains "$work/variant.log" "$work/cwd/base.yaml"
check "extends: the refusal says what to do" contains "$work/variant.log" "its own name.*--out DIR"
check "extends: the base's results are intact" same_dir results/tiny base.before2
"$caseflow" run variant.yaml --quiet --out variant-out
check "extends: the variant runs with --out" test -s variant-out/summary.csv
"$caseflow" run named.yaml --quiet
check "extends: a variant with its own name gets its own directory" test -s results/growth/summary.csv
echo "# edited" >>base.yaml  # the same file, edited: still its own results
"$caseflow" run base.yaml --quiet
check "extends: an edited scenario file replaces its own results" test $? -eq 0
cd "$src" || exit 1

finish
