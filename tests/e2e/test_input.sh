#!/usr/bin/env bash
# End-to-end tests of bad input and of scenario layering (extends), as a user
# meets them: every mistake is a clear message naming where it was made.
# Usage: test_input.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$work" || exit 1

# --- the command line -----------------------------------------------------------
"$caseflow" frobnicate >cmd.log 2>&1
check "unknown command: exit 2" test $? -eq 2
check "unknown command: named" contains cmd.log "unknown command 'frobnicate'"
check "unknown command: the commands listed" contains cmd.log "the commands are run, validate, schema, graph, compare, metrics, sweep, merge, report and calibrate"

"$caseflow" run -s -1 -r 2 -y 1 >seed.log 2>&1
check "-s -1: exit 2" test $? -eq 2
check "-s -1: says what a seed is" contains seed.log "\-\-seed: expected a whole number from 0 to 9000000000000000, got '-1'"
check "-s -1: not wrapped round" lacks seed.log 18446744073709551615

"$caseflow" run --out "" -r 2 -y 1 >out.log 2>&1
check "--out '': exit 2" test $? -eq 2
check "--out '': says the name is empty" contains out.log "\-\-out: the directory name is empty"
check "--out '': nothing written" test ! -e results

"$caseflow" validate >validate.log 2>&1
check "validate with no config: exit 0" test $? -eq 0
check "validate with no config: checks the built-in default" contains validate.log "embedded default: configs/manchester-2016.yaml): OK"

# --- nobody to take a case --------------------------------------------------------
nobody=()
for team in assessment locality permanence; do
  nobody+=(--set "workforce.teams.$team.workers={}" --set "workforce.teams.$team.vacancies={}")
done
"$caseflow" run -r 2 -y 1 --out nobody "${nobody[@]}" --set workforce.recruitment.agency_share_cap=0 >nobody.log 2>&1
check "no workers: the run completes (0)" test $? -eq 0
check "no workers: a warning per team" contains nobody.log "warning: team 'locality' has no social workers at the start (workforce.teams.locality.workers), so nobody can take a case in cin and cp"
check "no workers: says for how long" contains nobody.log "waits unallocated for the whole run"
check "no workers: says no case can be allocated" contains nobody.log "warning: no team has a social worker at the start"
check "no workers: a caseload absent from summary.csv is a dash" grep -qE '^caseload_mean +- +- *$' nobody.log
check "no workers: and absent it is" lacks nobody/summary.csv ",caseload_mean,"
"$caseflow" validate "$src/configs/manchester-2016.yaml" --set 'workforce.teams.assessment.workers={}' \
  --set 'workforce.teams.assessment.vacancies={social_worker: 3}' >nobody-validate.log 2>&1
check "no workers: validate warns too, until a hire" contains nobody-validate.log "team 'assessment' has no social workers.*until the team's first worker is hired"

# --- a case-level warm start, as a spreadsheet writes it ----------------------------
cp "$src/configs/manchester-2016.yaml" base.yaml
cat >cases.yaml <<'EOF'
extends: base.yaml
scenario: {name: cases}
warm_start:
  open_by_state: {}
  cases_csv: cases.csv
EOF
printf '\xef\xbb\xbf"state","children","days_in_state","ages"\r\n"cin","2","30","3;7"\r\n"lac",1,400,"15.5"\r\n' >cases.csv
"$caseflow" validate cases.yaml >csv.log 2>&1
check "CSV as Excel writes it (BOM, quotes, CRLF) is read" contains csv.log "3 children open at the start"
bad_csv() {  # bad_csv NAME ROW EXPECTED
  printf 'state,children,days_in_state,ages\n%s\n' "$2" >cases.csv
  "$caseflow" validate cases.yaml >"$1.log" 2>&1
  local rc=$?
  check "$1: exit 2 (got $rc)" test $rc -eq 2
  check "$1: says '$3'" contains "$1.log" "$3"
}
bad_csv trailing_comma "cin,0,30," "cases.csv:2: children: expected a whole number from 1 to 50, got '0'"
bad_csv no_ages "cin,1,30," "cases.csv:2: ages: empty: expected 1 age in years"
bad_csv adult "cin,2,30,4;18" "cases.csv:2: ages: age 18 is at or above the adulthood age (children.adulthood_age: 18)"
bad_csv unclosed_quote '"cin,1,30,4' "cases.csv:2: a quoted field opened on this line is never closed"
printf 'state,children,days_in_state,ages\nleaving_care,1,30,19\n' >cases.csv
"$caseflow" validate cases.yaml >leaver.log 2>&1
check "CSV: a care leaver may be 18 or over" test $? -eq 0

# --- extends: what merges, what replaces, and where errors point ----------------------
# care_proceedings has a lognormal duration (mean and sd) in the base. A
# child that writes another family replaces it whole: no sd leaks in.
cat >family.yaml <<'EOF'
extends: base.yaml
scenario: {name: family}
pathway:
  states:
    care_proceedings:
      duration: {dist: exponential, mean: 24, unit: weeks}
EOF
"$caseflow" validate family.yaml >family.log 2>&1
check "extends: a distribution of another family replaces the base's (0)" test $? -eq 0
"$caseflow" validate base.yaml --set 'pathway.states.care_proceedings.duration={dist: exponential, mean: 24, unit: weeks}' >family-set.log 2>&1
check "extends: --set with a distribution does the same (0)" test $? -eq 0
"$caseflow" validate base.yaml --set 'demand={growth_per_year: 0.01}' >merge-set.log 2>&1
check "extends: --set with a structural map merges into it (0)" test $? -eq 0
cat >partial.yaml <<'EOF'
extends: base.yaml
scenario: {name: partial}
pathway:
  states:
    care_proceedings:
      duration: {mean: 30}
EOF
"$caseflow" validate partial.yaml >partial.log 2>&1
check "extends: half a distribution is an error (2)" test $? -eq 2
check "extends: ...named at the child's line" contains partial.log "partial.yaml:6: pathway.states.care_proceedings.duration.dist: missing required key"
cat >item.yaml <<'EOF'
extends: base.yaml
scenario: {name: item}
pathway:
  states:
    cin:
      transitions:
        - {to: closure, probability: 0.72}
        - {to: early_help}
EOF
"$caseflow" validate item.yaml >item.log 2>&1
check "extends: a key missing from the child's list item names the child (2)" contains item.log "item.yaml:8: pathway.states.cin.transitions\[1\].probability: missing required key"
cat >sum.yaml <<'EOF'
extends: base.yaml
scenario: {name: sum}
pathway:
  states:
    cin:
      transitions:
        - {to: closure, probability: 0.5}
        - {to: early_help, probability: 0.2}
EOF
"$caseflow" validate sum.yaml >sum.log 2>&1
check "extends: a wrong sum after merging names the child's list" contains sum.log "sum.yaml:7: pathway.states.cin.transitions: outgoing probabilities sum to 0.7, expected 1"
printf 'extends: base.yaml\nscenario: {name: shares}\ndemand:\n  referring_agencies:\n    police: 0.2\n' >shares.yaml
"$caseflow" validate shares.yaml >shares.log 2>&1
check "extends: shares that no longer add up name the child's value too" contains shares.log \
  "base.yaml:[0-9]*: demand.referring_agencies: agency shares sum to 1.044, expected 1 \[values below it set in shares.yaml:5 (demand.referring_agencies.police)\]"
# Capacity in hours: errors name the file, the line and the key.
printf 'extends: base.yaml\nscenario: {name: hours}\nworkload:\n  tasks:\n    cp_visits: {every: {value: 10, unit: fortnights}}\n' >hours.yaml
"$caseflow" validate hours.yaml >hours.log 2>&1; check "workload: a bad unit is refused (2)" test $? -eq 2
check "workload: a bad unit names the file, line and key" contains hours.log "hours.yaml:5: workload.tasks.cp_visits.every.unit: unknown time unit 'fortnights'"
"$caseflow" validate "$src/configs/manchester-2016.yaml" --set workload.non_case_share=0.9 >share.log 2>&1
check "workload: shares leaving no hours are refused" contains share.log "no hours are left for cases"
"$caseflow" validate "$src/configs/manchester-2016.yaml" --set workforce.annual_leave.days_per_year=27 >leave.log 2>&1; check "workload: leave counted twice is refused (2)" test $? -eq 2
check "workload: leave counted twice names the key and the other" contains leave.log "workload.leave_share: annual leave is already taken in blocks (workforce.annual_leave.days_per_year)"
printf 'extends: base.yaml\nscenario: {name: far}\nworkload:\n  travel:\n    distances:\n      - {share: 0.5, hours: 0}\n      - {share: 0.4, hours: 2}\n' >far.yaml
"$caseflow" validate far.yaml >far.log 2>&1; check "workload: travel shares not summing to 1 are refused (2)" test $? -eq 2
check "workload: travel shares name the file, line, key and the sum" contains far.log "far.yaml:6: workload.travel.distances: the bands' shares sum to 0.9, expected 1"
"$caseflow" validate "$src/configs/manchester-2016.yaml" --set workload.tasks.cp_visits.travels=true --set 'workload.travel.distances[0].share=0.5' >far-set.log 2>&1
check "workload: a --set that breaks the travel shares is named" contains far-set.log "workload.travel.distances: the bands' shares sum to 0.91, expected 1 \[values below it set in --set workload.travel.distances\[0\].share=0.5\]"
mkdir -p variants
printf 'extends: ../base.yaml\nscenario: {name: nested}\ndemand: {contacts_per_year: -1}\n' >variants/mid.yaml
printf 'extends: variants/mid.yaml\nscenario: {name: top}\n' >top.yaml
"$caseflow" validate top.yaml >nested.log 2>&1
check "extends: each file's extends is relative to that file, and errors name it" contains nested.log "^caseflow: error: variants/mid.yaml:3: demand.contacts_per_year"

finish
