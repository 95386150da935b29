#!/usr/bin/env bash
# End-to-end checks of the MPI build (scripts/test-mpi.sh): caseflow run,
# compare and sweep under mpirun -np 3 write the same bytes as one process,
# rank 0 alone writes, and a failure on the ranks is an exit status, not a hang.
# Usage: test_mpi.sh CASEFLOW_MPI_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$src/tests/e2e/lib.sh"
# As root in a container, on fewer cores than ranks.
mpirun=(mpirun --allow-run-as-root --oversubscribe -np 3)
same_run() {  # same_run DIR_A DIR_B: every output file byte for byte
  local f
  for f in summary.csv finance.csv replications.csv; do
    [[ -e $1/$f || -e $2/$f ]] || continue
    cmp -s "$1/$f" "$2/$f" || return 1
  done
  cmp -s <(stable_manifest "$1/manifest.json") <(stable_manifest "$2/manifest.json")
}

tiny_scenario "$work/tiny.yaml"
tiny_costs "$work/tiny.yaml"

"$caseflow" run "$work/tiny.yaml" -r 8 -t 2 --keep-replications -q --out "$work/one"
check "one process (the MPI build without mpirun) exits 0" test $? -eq 0
"${mpirun[@]}" "$caseflow" run "$work/tiny.yaml" -r 8 -t 1 --keep-replications --out "$work/three" >"$work/log" 2>&1
check "mpirun -np 3 run exits 0" test $? -eq 0
check "mpirun -np 3: the same bytes as one process" same_run "$work/one" "$work/three"
check "rank 0 alone prints the summary" test "$(grep -c '^wrote ' "$work/log")" -eq 1
check "and says how many processes ran" contains "$work/log" "3 MPI processes of 1 threads each"
check "the manifest counts every replication" contains "$work/three/manifest.json" '"replications": 8,'

# The default scenario, a few replications (one rank gets none of them).
"$caseflow" run -r 2 -y 1 -q --out "$work/default-one"
"${mpirun[@]}" "$caseflow" run -r 2 -y 1 -q --out "$work/default-three" >"$work/log" 2>&1
check "the default scenario under mpirun, more ranks than replications: exit 0" test $? -eq 0
check "the default scenario: the same bytes as one process" same_run "$work/default-one" "$work/default-three"

# A small sweep (16 points x 4 replications): rank 0 alone writes the
# database, and it holds what one process's does, row for row.
tiny_sweep_spec "$work/spec.yaml" tiny.yaml 4
"$caseflow" sweep "$work/spec.yaml" -t 2 -q --out "$work/sweep-one"
check "sweep in one process exits 0" test $? -eq 0
"${mpirun[@]}" "$caseflow" sweep "$work/spec.yaml" -t 1 --out "$work/sweep-three" >"$work/log" 2>&1
check "mpirun -np 3 sweep exits 0" test $? -eq 0
check "mpirun -np 3 sweep: the same database, row for row" \
  cmp -s <(sqlite3 "$work/sweep-one/tiny.sqlite" .dump) <(sqlite3 "$work/sweep-three/tiny.sqlite" .dump)
check "rank 0 alone reports the sweep" test "$(grep -c '^wrote ' "$work/log")" -eq 1
check "the sweep says it ran on 3 processes" contains "$work/log" "on 3 MPI processes"
# Resumed under mpirun after half the runs were deleted: the same database again.
sqlite3 "$work/sweep-three/tiny.sqlite" "UPDATE run SET status = 'pending' WHERE replication >= 2" 2>"$work/log"
"${mpirun[@]}" "$caseflow" sweep "$work/spec.yaml" -q --out "$work/sweep-three" >>"$work/log" 2>&1
check "a sweep resumed under mpirun: the same database" \
  cmp -s <(sqlite3 "$work/sweep-one/tiny.sqlite" .dump) <(sqlite3 "$work/sweep-three/tiny.sqlite" .dump)

# Shards and MPI split a run the same way, and do not mix.
"${mpirun[@]}" "$caseflow" run "$work/tiny.yaml" -r 8 --shard 1/2 -q --out "$work/both" >"$work/log" 2>&1
check "--shard under mpirun: refused" test $? -ne 0
check "--shard under mpirun: says why" contains "$work/log" "split the run twice"

# compare: the ranks split every scenario's replications, rank 0 pairs and
# writes them, the same bytes as one process.
cat >"$work/longer.yaml" <<'YAML'
extends: tiny.yaml
scenario: {name: longer}
pathway:
  states:
    work: {duration: {dist: exponential, mean: 45}}
YAML
"$caseflow" compare "$work/tiny.yaml" "$work/longer.yaml" -r 8 -t 2 -q --out "$work/cmp-one"
check "compare in one process exits 0" test $? -eq 0
"${mpirun[@]}" "$caseflow" compare "$work/tiny.yaml" "$work/longer.yaml" -r 8 -t 1 --out "$work/cmp-three" >"$work/log" 2>&1
check "mpirun -np 3 compare exits 0" test $? -eq 0
check "mpirun -np 3 compare: compare.csv byte for byte (cmp)" cmp -s "$work/cmp-one/compare.csv" "$work/cmp-three/compare.csv"
check "mpirun -np 3 compare: every file the same bytes as one process" same_comparison "$work/cmp-one" "$work/cmp-three"
check "rank 0 alone reports the comparison" test "$(grep -c 'paired replications; wrote' "$work/log")" -eq 1
check "and says how many processes ran it" contains "$work/log" "3 MPI processes of 1 threads each"
"${mpirun[@]}" "$caseflow" compare "$work/tiny.yaml" "$work/longer.yaml" -r 8 --shard 1/2 -q --out "$work/cmp-both" >"$work/log" 2>&1
check "compare --shard under mpirun: refused" test $? -ne 0
check "compare --shard under mpirun: says why" contains "$work/log" "split the comparison twice"

# Other commands are not spread over ranks: refused, not run three times over.
"${mpirun[@]}" "$caseflow" merge "$work/cmp-three" --out "$work/merged" >"$work/log" 2>&1
check "merge under mpirun: refused" test $? -ne 0
check "merge under mpirun: says why" contains "$work/log" "only run, compare and sweep spread over MPI processes"

# A bad input fails every rank, and mpirun with it: no hang.
timeout 120 "${mpirun[@]}" "$caseflow" run "$work/tiny.yaml" --set demand.contacts_per_year=-5 -q --out "$work/bad" >"$work/log" 2>&1
status=$?
check "bad input under mpirun: a failure, not a hang" test "$status" -ne 0 -a "$status" -ne 124
check "bad input under mpirun: the error is shown" contains "$work/log" "contacts_per_year"
finish
