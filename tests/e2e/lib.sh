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

finish() {  # the closing line ctest's log shows, and the script's status
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
