#!/usr/bin/env bash
# same-outputs.sh BASE_BINARY NEW_BINARY: do two builds give byte-identical
# results? For changes that must not move a number (refactoring, speed work).
#
# Runs 17 scenarios with each binary (-t 2, --keep-replications; the model's
# rare paths: queueing, every workforce knob, no workforce, split siblings,
# case-level extracts, teams large enough to be chosen by index) and compares
# summary.csv, replications.csv, the event count and the metric list.
# Prints one line per difference; exits 1 if there is any. About 2 minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base=$1 new=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cfg=$root/configs

# A scenario without a workforce, and case-level extracts (with and without).
# (The re-referral feedback reads the closing worker's caseload, so it goes too.)
awk '/^workforce:/{exit} /^    (feedback|observed_at):/{next} {print}' "$cfg/manchester-2016.yaml" >"$work/nowf.yaml"
python3 - "$work" "$cfg/manchester-2016.yaml" <<'PY'
import random, sys
work, default = sys.argv[1], sys.argv[2]
random.seed(3)
rows = ["state,children,days_in_state,ages"]
for _ in range(600):
    k = random.choice([1, 1, 1, 2, 3])
    ages = ";".join(str(round(random.uniform(0, 17.5), 2)) for _ in range(k))
    rows.append(f"{random.choice(['assessment', 'cin', 'cp', 'lac', 'care_proceedings'])},{k},{random.randint(0, 700)},{ages}")
open(f"{work}/cases.csv", "w").write("\n".join(rows) + "\n")
for src, dst in [(default, "extract.yaml"), (f"{work}/nowf.yaml", "extract_nowf.yaml")]:
    out, skip = [], False
    for line in open(src).read().split("\n"):
        if line.startswith("  open_by_state:"):
            out.append(f"  cases_csv: {work}/cases.csv")
            skip = True
            continue
        if skip and (line.startswith("    ") or line.strip() == "" or line.startswith("  #")):
            continue
        skip = False
        out.append(line)
    open(f"{work}/{dst}", "w").write("\n".join(out))
PY

x4=(--set 'workforce.teams.assessment.workers={asye: 8, social_worker: 24, senior: 8, agency: 24}'
    --set 'workforce.teams.locality.workers={asye: 12, social_worker: 60, senior: 20, agency: 48}'
    --set 'workforce.teams.permanence.workers={asye: 8, social_worker: 92, senior: 28, agency: 68}'
    --set demand.contacts_per_year=111600 --set warm_start.re_referrals_pending=3272)
scenarios=(
  "peer|$cfg/peer-reference.yaml -r 20"
  "default|-r 12"
  "invest|$cfg/manchester-2016-invest.yaml -r 12"
  "invariants|-r 3 --check-invariants"
  "invest_invariants|$cfg/manchester-2016-invest.yaml -r 3 --check-invariants"
  "queue|-r 6 --check-invariants --set workforce.allocation.when_full=queue"
  "balance|-r 6 --set workforce.allocation.balance=caseload --set workforce.allocation.continuity=false"
  "knobs|-r 6 --check-invariants --set workforce.turnover.caseload_elasticity=0.5 --set workforce.turnover.supervision_elasticity=0.3 --set workforce.practice_drift.duration_elasticity=0.4 --set workforce.working_hours.part_time_share=0.2 --set workforce.working_hours.part_time_fte=0.6 --set workforce.recruitment.bank=5 --set workforce.supervision.excess=undeployable"
  "noclock|-r 6 --check-invariants --set workforce.allocation.clock_waits_for_allocation=false --set workforce.sickness.long_term_cases=covered --set demand.growth_per_year=0.03"
  "nowf|$work/nowf.yaml -r 10 --check-invariants"
  "split|-r 6 --check-invariants --set pathway.states.care_proceedings.split_siblings=true --set pathway.states.cin.split_siblings=true"
  "extract|$work/extract.yaml -r 6 --check-invariants"
  "extract_nowf|$work/extract_nowf.yaml -r 6 --check-invariants"
  "x4|-r 4 --check-invariants X4"
  "x4_queue|-r 4 --check-invariants X4 --set workforce.allocation.when_full=queue"
  "x4_knobs|-r 4 --check-invariants X4 --set workforce.allocation.balance=caseload --set workforce.supervision.excess=undeployable --set workforce.recruitment.bank=20 --set workforce.working_hours.part_time_share=0.3 --set workforce.working_hours.part_time_fte=0.5"
  "x4_invest|$cfg/manchester-2016-invest.yaml -r 4 --check-invariants X4"
)
differences=0
for entry in "${scenarios[@]}"; do
  name=${entry%%|*}
  read -r -a args <<<"${entry#*|}"
  expanded=()
  for a in "${args[@]}"; do if [[ $a == X4 ]]; then expanded+=("${x4[@]}"); else expanded+=("$a"); fi; done
  for which in base new; do
    binary=$base; [[ $which == new ]] && binary=$new
    out=$work/$which/$name
    "$binary" run --quiet --keep-replications -t 2 --out "$out" "${expanded[@]}"
    python3 -c "import json, sys; m = json.load(open(sys.argv[1])); print(m['events']); [print(x['name'], x['kind']) for x in m['metrics']]" \
      "$out/manifest.json" >"$out/events-and-metrics.txt"
  done
  for f in summary.csv replications.csv events-and-metrics.txt; do
    if ! cmp -s "$work/base/$name/$f" "$work/new/$name/$f"; then
      echo "differs: $name/$f"
      differences=$((differences + 1))
    fi
  done
done
echo "${#scenarios[@]} scenarios, $differences differences"
[[ $differences -eq 0 ]]
