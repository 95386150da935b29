# Shared by the end-to-end scripts (sourced, not run): a counted check and
# the small predicates the checks use. Each script ends with `finish`.
passed=0
failed=0

check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}
contains() { grep -q -- "$2" "$1"; }
lacks() { ! grep -q -- "$2" "$1"; }
# Whether the binary under test runs under a sanitizer (scripts/test-sanitizers.sh
# and test-tsan.sh set these): several times slower, so long checks scale down.
under_sanitizer() { [[ -n ${ASAN_OPTIONS:-}${TSAN_OPTIONS:-} ]]; }

# A small scenario (one CIN state, 200 children open, a year, 2 replications),
# so that the many runs of a script stay quick under the sanitizers too:
# tiny_scenario FILE [NAME]
tiny_scenario() {
  cat >"$1" <<YAML
scenario: {name: ${2:-tiny}, start_date: 2021-01-01}
simulation: {years: 1, replications: 2, seed: 7}
calendar: {bank_holidays: none}
demand: {contacts_per_year: 2000}
pathway:
  entry: contact
  referral: work
  assessment: work
  states:
    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}
    work: {category: cin, duration: {dist: exponential, mean: 30}, transitions: [{to: closure, probability: 1}]}
    closure: {category: exit}
warm_start: {open_by_state: {work: 200}}
YAML
}

# A Morris sweep of the tiny scenario (three parameters, 4 trajectories, two
# years): tiny_sweep_spec FILE BASE REPLICATIONS [MORE_OUTPUT_LINES]
tiny_sweep_spec() {
  cat >"$1" <<YAML
name: tiny
base: $2
set: ["simulation.years=2"]
replications: $3
design: {method: morris, trajectories: 4, seed: 3}
parameters:
  - {name: contacts, path: demand.contacts_per_year, bounds: [1000, 3000]}
  - {name: stay, scale: pathway.states.work.duration, bounds: [0.5, 1.5]}
  - {name: opening, path: warm_start.open_by_state.work, bounds: [100, 300], integer: true}
outputs:
  - {metric: open_total, month: 12}
  - {metric: referrals, financial_year: 2021}
${4:-}
YAML
}

# Costs for the tiny scenario (a cost per case started, a declared line), so
# that runs write finance.csv and comparisons finance_compare.csv: tiny_costs FILE
tiny_costs() {
  cat >>"$1" <<'YAML'
costs:
  per_entry: [{name: work_started, state: work, cost: 100}]
  declared: [{name: rent, annual: 36525, from: 2021-01-01}]
YAML
}

# merge_refused NAME PATTERN SHARD...: caseflow merge exits 2 saying PATTERN,
# and writes no $merged_file (the script sets it: summary.csv, compare.csv, ...).
merge_refused() {
  local name=$1 pattern=$2 out=$work/refused-$RANDOM
  shift 2
  "$caseflow" merge "$@" --out "$out" >"$work/log" 2>&1
  local status=$?
  check "$name: exit 2" test "$status" -eq 2
  check "$name: says why" contains "$work/log" "$pattern"
  check "$name: writes no results" test ! -e "$out/${merged_file:-summary.csv}"
}

# manifest.json less what differs between any two runs of one command.
stable_manifest() { grep -v -e '"threads"' -e '"wall_seconds"' -e '"finished_utc"' "$1"; }
# same_comparison DIR_A DIR_B: caseflow compare's files byte for byte.
same_comparison() {
  local f
  for f in compare.csv finance_compare.csv; do
    [[ -e $1/$f || -e $2/$f ]] || continue
    cmp -s "$1/$f" "$2/$f" || return 1
  done
  cmp -s <(stable_manifest "$1/manifest.json") <(stable_manifest "$2/manifest.json")
}

finish() {  # the closing line ctest's log shows, and the script's status
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
