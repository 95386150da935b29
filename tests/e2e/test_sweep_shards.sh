#!/usr/bin/env bash
# End-to-end tests of a sweep split into shards (caseflow sweep --shard I/N)
# and merged (caseflow merge): the merged database holds what one process's
# holds, row for row, analysis included; wrong or unfinished shards are
# refused with exit 2, naming the database.
# Usage: test_sweep_shards.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v sqlite3 >/dev/null || { echo "test_sweep_shards.sh: needs the sqlite3 command (Debian: sqlite3)" >&2; exit 1; }
dump() { sqlite3 "$1" .dump; }
same_database() { cmp -s <(dump "$1") <(dump "$2"); }
merged_file=tiny.sqlite  # merge_refused (lib.sh): what a refused merge must not write

tiny_scenario "$work/base.yaml" base
tiny_sweep_spec "$work/spec.yaml" base.yaml 3

"$caseflow" sweep "$work/spec.yaml" -t 2 -q --out "$work/one"
check "one process exits 0" test $? -eq 0
for i in 1 2 3; do
  "$caseflow" sweep "$work/spec.yaml" -t 1 --shard "$i/3" --out "$work/s$i" >"$work/s$i.log" 2>&1
  check "sweep shard $i/3 exits 0" test $? -eq 0
done
check "a shard says what it did" contains "$work/s2.log" "shard 2/3 of sweep tiny: 16 runs computed"
check "a shard is not analysed" test "$(sqlite3 "$work/s2/tiny.sqlite" 'SELECT count(*) FROM analysis')" = 0
"$caseflow" merge "$work/s3" "$work/s1" "$work/s2" --out "$work/merged" >"$work/merge.log" 2>&1
check "merge of sweep shards exits 0" test $? -eq 0
check "merged: the same database as one process, row for row" same_database "$work/one/tiny.sqlite" "$work/merged/tiny.sqlite"
check "merge says what it merged" contains "$work/merge.log" "merged 3 sweep shards"
check "the merged database is whole" test "$(sqlite3 "$work/merged/tiny.sqlite" 'PRAGMA integrity_check')" = ok
check "no temporary left" test -z "$(find "$work/merged" -name '*.partial*')"

# Wrong sets of shards.
merge_refused "a missing sweep shard" "shard 2/3 missing" "$work/s1" "$work/s3"
merge_refused "a sweep shard twice" "shard 3/3 is given twice" "$work/s1" "$work/s2" "$work/s3" "$work/s3"
"$caseflow" sweep "$work/spec.yaml" -r 4 --shard 2/3 -q --out "$work/r4"
merge_refused "another replication count" "$work/r4/tiny.sqlite is not a shard of the same sweep as $work/s1/tiny.sqlite: its replications is 4" \
  "$work/s1" "$work/r4" "$work/s3"
"$caseflow" sweep "$work/spec.yaml" --shard 2/4 -q --out "$work/quarter"
merge_refused "another split" "is shard 2/4, but" "$work/s1" "$work/quarter" "$work/s3"
merge_refused "a sweep made without --shard" "$work/one/tiny.sqlite is not a sweep shard" "$work/s1" "$work/one" "$work/s3"
cp -r "$work/s2" "$work/unfinished"
sqlite3 "$work/unfinished/tiny.sqlite" "UPDATE run SET status = 'pending' WHERE point = 7 AND replication = 1"
merge_refused "an unfinished shard" "shard 2/3 is not finished (point 7, replication 1 is pending)" "$work/s1" "$work/unfinished" "$work/s3"
# ... and the same command finishes it.
"$caseflow" sweep "$work/spec.yaml" --shard 2/3 -q --out "$work/unfinished"
"$caseflow" merge "$work/s1" "$work/unfinished" "$work/s3" -q --out "$work/finished"
check "a shard finished by its command again merges the same" same_database "$work/one/tiny.sqlite" "$work/finished/tiny.sqlite"
"$caseflow" sweep "$work/spec.yaml" --shard 1/3 -q --out "$work/s2" >"$work/log" 2>&1
check "another shard into a shard's directory: exit 2" test $? -eq 2
check "another shard into a shard's directory: says why" contains "$work/log" "it holds shard 2/3, not 1/3"
"$caseflow" merge "$work/s1" "$work/s2" "$work/s3" -q --out "$work/merged" >"$work/log" 2>&1
check "merge over an existing database: exit 2" test $? -eq 2
check "merge over an existing database: says so" contains "$work/log" "exists already"
check "and leaves it" same_database "$work/one/tiny.sqlite" "$work/merged/tiny.sqlite"
finish
