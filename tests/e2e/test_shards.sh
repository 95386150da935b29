#!/usr/bin/env bash
# End-to-end tests of a run split into shards (caseflow run --shard I/N) and
# put back together (caseflow merge): the same bytes as one process, in any
# order of the shards; and every wrong set of shards (one missing, one twice,
# one of another seed, config or caseflow version, a damaged one) refused
# with exit 2 and a message naming the file and what is wrong.
# Usage: test_shards.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
same_run() {  # same_run DIR_A DIR_B: every output file byte for byte
  local f
  for f in summary.csv finance.csv replications.csv; do cmp -s "$1/$f" "$2/$f" || return 1; done
  cmp -s <(stable_manifest "$1/manifest.json") <(stable_manifest "$2/manifest.json")
}
merged_file=summary.csv  # merge_refused (lib.sh): what a refused merge must not write

tiny_scenario "$work/tiny.yaml"
tiny_costs "$work/tiny.yaml"
run=("$work/tiny.yaml" -r 7 --keep-replications -q)

"$caseflow" run "${run[@]}" -t 2 --out "$work/whole"
check "one process exits 0" test $? -eq 0
for i in 1 2 3; do
  "$caseflow" run "${run[@]}" -t 1 --shard "$i/3" --out "$work/shard$i"
  check "shard $i/3 exits 0" test $? -eq 0
done
check "a shard writes shard.json and results.bin" test -f "$work/shard2/shard.json" -a -f "$work/shard2/results.bin"
check "a shard writes no summary" test ! -e "$work/shard2/summary.csv"
check "shard 2/3 of 7 is replications 2 to 3" contains "$work/shard2/shard.json" '"first_replication": 2,'
"$caseflow" merge "$work/shard1" "$work/shard2" "$work/shard3" --out "$work/merged" >"$work/merge.log" 2>&1
check "merge exits 0" test $? -eq 0
check "merged: summary.csv, finance.csv, replications.csv and the manifest as one process wrote them" same_run "$work/whole" "$work/merged"
check "merge says what it merged" contains "$work/merge.log" "merged 3 shards"
"$caseflow" merge "$work/shard3/shard.json" "$work/shard1" "$work/shard2" -q --out "$work/merged-any-order"
check "shards in any order, or named by their shard.json, merge the same" same_run "$work/whole" "$work/merged-any-order"

# More shards than replications: the empty ones are shards too.
for i in 1 2 3 4 5 6 7 8; do "$caseflow" run "${run[@]}" --shard "$i/8" --out "$work/eighth$i" || echo "shard $i/8 failed"; done >"$work/log8" 2>&1
"$caseflow" merge "$work"/eighth? -q --out "$work/merged8" >>"$work/log8" 2>&1
check "8 shards of 7 replications merge to the same run" same_run "$work/whole" "$work/merged8"

# Without --out a shard goes beside the run's own results.
(cd "$work" && "$caseflow" run tiny.yaml -r 2 -q --shard 1/2)
check "default shard directory: results/<scenario>/shard-1-of-2" test -f "$work/results/tiny/shard-1-of-2/shard.json"

# Wrong sets of shards.
merge_refused "a missing shard" "shard 2/3 missing" "$work/shard1" "$work/shard3"
merge_refused "a shard twice" "shard 2/3 is given twice: $work/shard2/shard.json and $work/shard2/shard.json" \
  "$work/shard1" "$work/shard2" "$work/shard2" "$work/shard3"
"$caseflow" run "${run[@]}" --seed 8 --shard 2/3 --out "$work/seed8"
merge_refused "another seed" "$work/seed8/shard.json is not a shard of the same run as $work/shard1/shard.json: its seed is 8" \
  "$work/shard1" "$work/seed8" "$work/shard3"
"$caseflow" run "${run[@]}" --set demand.contacts_per_year=2100 --shard 2/3 --out "$work/config"
merge_refused "another config" "its resolved_config_hash_fnv1a64 is" "$work/shard1" "$work/config" "$work/shard3"
"$caseflow" run "$work/tiny.yaml" -r 8 --keep-replications -q --shard 2/3 --out "$work/r8"
merge_refused "other replications" "its total_replications is 8" "$work/shard1" "$work/r8" "$work/shard3"
"$caseflow" run "$work/tiny.yaml" -r 7 -q --shard 2/3 --out "$work/nokeep"
merge_refused "one shard without --keep-replications" "its keep_replications is false" "$work/shard1" "$work/nokeep" "$work/shard3"
"$caseflow" run "${run[@]}" --shard 2/4 --out "$work/quarter"
merge_refused "a shard of another split" "its shards is 4" "$work/shard1" "$work/quarter" "$work/shard3"
cp -r "$work/shard2" "$work/version"
sed -i 's/"caseflow_version": "[^"]*"/"caseflow_version": "0.0.0-other"/' "$work/version/shard.json"
merge_refused "another caseflow version" 'its caseflow_version is "0.0.0-other"' "$work/shard1" "$work/version" "$work/shard3"
mkdir "$work/empty"
merge_refused "a directory without a shard" "$work/empty/shard.json is missing" "$work/shard1" "$work/empty" "$work/shard3"
cp -r "$work/shard2" "$work/truncated"
truncate -s -8 "$work/truncated/results.bin"
merge_refused "a truncated results.bin" "$work/truncated/results.bin: .* bytes are not a whole number of replications" \
  "$work/shard1" "$work/truncated" "$work/shard3"
cp -r "$work/shard2" "$work/nobin"
rm "$work/nobin/results.bin"
merge_refused "a missing results.bin" "$work/nobin/results.bin is missing" "$work/shard1" "$work/nobin" "$work/shard3"
cp -r "$work/shard2" "$work/notjson"
echo '{"format": ' >"$work/notjson/shard.json"
merge_refused "a damaged shard.json" "$work/notjson/shard.json is not valid JSON" "$work/shard1" "$work/notjson" "$work/shard3"

# merge never replaces results already written.
"$caseflow" merge "$work/shard1" "$work/shard2" "$work/shard3" -q --out "$work/whole" >"$work/log" 2>&1
check "merge into a directory with results: exit 2" test $? -eq 2
check "merge into a directory with results: says so" contains "$work/log" "already holds results (summary.csv)"
check "and leaves them" same_run "$work/whole" "$work/merged"
"$caseflow" merge "$work/shard1" "$work/shard2" "$work/shard3" -q --out "$work/shard1" >"$work/log" 2>&1
check "merge into a shard's directory: exit 2" test $? -eq 2

# Bad --shard values are refused before anything runs.
for bad in 0/3 4/3 3 a/b 1/0; do
  "$caseflow" run "${run[@]}" --shard "$bad" --out "$work/bad" >"$work/log" 2>&1
  check "--shard $bad: exit 2" test $? -eq 2
  check "--shard $bad: says what is expected" contains "$work/log" "expected I/N"
done
check "nothing written for a bad --shard" test ! -e "$work/bad"
finish
