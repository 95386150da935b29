#!/usr/bin/env bash
# End-to-end tests of a comparison split into shards (caseflow compare
# --shard I/N) and put back together (caseflow merge): compare.csv,
# finance_compare.csv and manifest.json as one process writes them; and a
# missing shard, one given twice, one of another comparison, seed, config or
# caseflow version, or of a run, refused with exit 2 and a message naming it.
# Usage: test_compare_shards.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
merged_file=compare.csv  # merge_refused (lib.sh): what a refused merge must not write

tiny_scenario "$work/base.yaml" base
tiny_costs "$work/base.yaml"
stays() {  # stays FILE NAME MEAN: the base with another mean stay
  cat >"$1" <<YAML
extends: base.yaml
scenario: {name: $2}
pathway:
  states:
    work: {duration: {dist: exponential, mean: $3}}
YAML
}
stays "$work/longer.yaml" longer 45
stays "$work/shorter.yaml" shorter 20
cmp=("$work/base.yaml" "$work/longer.yaml" "$work/shorter.yaml" -r 7 -q)

"$caseflow" compare "${cmp[@]}" -t 2 --out "$work/whole"
check "one process exits 0" test $? -eq 0
check "one process writes finance_compare.csv (the base has costs)" test -s "$work/whole/finance_compare.csv"
for i in 1 2 3; do
  "$caseflow" compare "${cmp[@]}" -t 1 --shard "$i/3" --out "$work/shard$i"
  check "compare shard $i/3 exits 0" test $? -eq 0
done
check "a compare shard writes shard.json and results.bin" test -f "$work/shard2/shard.json" -a -f "$work/shard2/results.bin"
check "a compare shard writes no compare.csv" test ! -e "$work/shard2/compare.csv"
check "shard 2/3 of 7 is replications 2 to 3" contains "$work/shard2/shard.json" '"first_replication": 2,'
"$caseflow" merge "$work/shard3" "$work/shard1/shard.json" "$work/shard2" --out "$work/merged" >"$work/merge.log" 2>&1
check "merge of compare shards exits 0" test $? -eq 0
check "merged: compare.csv, finance_compare.csv and the manifest as one process wrote them" \
  same_comparison "$work/whole" "$work/merged"
check "merged: compare.csv byte for byte (cmp)" cmp -s "$work/whole/compare.csv" "$work/merged/compare.csv"
check "merge prints the comparison and what it merged" \
  eval "contains '$work/merge.log' 'longer minus base' && contains '$work/merge.log' 'merged 3 shards'"

# More shards than replications: the empty ones are shards too.
for i in 1 2 3 4 5 6 7 8; do "$caseflow" compare "${cmp[@]}" --shard "$i/8" --out "$work/eighth$i" || echo "shard $i/8 failed"; done >"$work/log8" 2>&1
"$caseflow" merge "$work"/eighth? -q --out "$work/merged8" >>"$work/log8" 2>&1
check "8 shards of 7 replications merge to the same comparison" same_comparison "$work/whole" "$work/merged8"

# Without --out a shard goes beside the comparison's own results.
(cd "$work" && "$caseflow" compare base.yaml longer.yaml -r 2 -q --shard 1/2)
check "default shard directory: results/compare-<baseline>/shard-1-of-2" test -f "$work/results/compare-base/shard-1-of-2/shard.json"

# Wrong sets of shards.
merge_refused "a missing shard" "shard 2/3 missing" "$work/shard1" "$work/shard3"
merge_refused "a shard twice" "shard 2/3 is given twice: $work/shard2/shard.json and $work/shard2/shard.json" \
  "$work/shard1" "$work/shard2" "$work/shard2" "$work/shard3"
"$caseflow" compare "$work/base.yaml" "$work/longer.yaml" -r 7 -q --shard 2/3 --out "$work/two-scenarios"
merge_refused "a shard of another comparison (other scenarios)" \
  "$work/two-scenarios/shard.json is not a shard of the same run as $work/shard1/shard.json: its scenarios is" \
  "$work/shard1" "$work/two-scenarios" "$work/shard3"
cp "$work/longer.yaml" "$work/other.yaml"
sed -i 's/mean: 45/mean: 50/' "$work/other.yaml"
"$caseflow" compare "$work/base.yaml" "$work/other.yaml" "$work/shorter.yaml" -r 7 -q --shard 2/3 --out "$work/other-config"
merge_refused "a shard of a scenario of the same name, another config" \
  "its scenario \"longer\"'s resolved_config_hash_fnv1a64 is" "$work/shard1" "$work/other-config" "$work/shard3"
"$caseflow" compare "${cmp[@]}" --seed 8 --shard 2/3 --out "$work/seed8"
merge_refused "another seed" "$work/seed8/shard.json is not a shard of the same run as $work/shard1/shard.json: its seed is 8" \
  "$work/shard1" "$work/seed8" "$work/shard3"
"$caseflow" run "$work/base.yaml" -r 7 -q --shard 2/3 --out "$work/run-shard"
merge_refused "a shard of a run among a comparison's" 'its command is "run", but' "$work/shard1" "$work/run-shard" "$work/shard3"
cp -r "$work/shard2" "$work/version"
sed -i 's/"caseflow_version": "[^"]*"/"caseflow_version": "0.0.0-other"/' "$work/version/shard.json"
merge_refused "another caseflow version" 'its caseflow_version is "0.0.0-other"' "$work/shard1" "$work/version" "$work/shard3"
cp -r "$work/shard2" "$work/truncated"
truncate -s -8 "$work/truncated/results.bin"
merge_refused "a truncated results.bin" "$work/truncated/results.bin: .* bytes, not the .* that 2 replications of 3 scenarios take" \
  "$work/shard1" "$work/truncated" "$work/shard3"

# merge never replaces results already written.
"$caseflow" merge "$work/shard1" "$work/shard2" "$work/shard3" -q --out "$work/whole" >"$work/log" 2>&1
check "merge into a directory with a comparison: exit 2" test $? -eq 2
check "merge into a directory with a comparison: says so" contains "$work/log" "already holds results (compare.csv)"
check "and leaves it" same_comparison "$work/whole" "$work/merged"

# Bad --shard values are refused before anything runs.
for bad in 0/3 4/3 a/b; do
  "$caseflow" compare "${cmp[@]}" --shard "$bad" --out "$work/bad" >"$work/log" 2>&1
  check "compare --shard $bad: exit 2" test $? -eq 2
  check "compare --shard $bad: says what is expected" contains "$work/log" "expected I/N"
done
check "nothing written for a bad --shard" test ! -e "$work/bad"
"$caseflow" compare --help >"$work/help" 2>&1
check "compare --help mentions --shard" contains "$work/help" "--shard"
finish
