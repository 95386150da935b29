#!/usr/bin/env bash
# End-to-end tests of `caseflow report` as a planner runs it: a small run, a
# comparison and a sweep of the default scenario, the briefing written from
# them, then drawn by headless Chromium under the page's Content-Security-
# Policy (no network): every chart must draw and the console must stay empty.
# A screenshot and the page are kept in report-test/ under the directory the
# test runs in (build/tests/ under ctest), for a person to look at.
# Usage: test_report.sh CASEFLOW_BINARY SOURCE_DIR
set -uo pipefail
caseflow=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chromium=${CASEFLOW_CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || { echo "test_report.sh: needs Debian's chromium (scripts/install-deps.sh --test installs it)" >&2; exit 1; }
keep=${CASEFLOW_TEST_OUT:-$PWD}/report-test
mkdir -p "$keep"

# Draws a page headless; its DOM after scripts ran goes to $2, the browser's log to $3.
render() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXX")
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=20000 --dump-dom "file://$1" >"$2" 2>"$3"
}
attr() { grep -o "$2=\"[0-9]*\"" "$1" | head -1 | grep -o '[0-9]*'; }

# Small and quick: 10 replications of two years, the plan 4 pairs, a 2-parameter one-at-a-time sweep.
"$caseflow" run "$src/configs/manchester-2016.yaml" -r 10 -y 2 -t 2 --keep-replications -q --out "$work/base"
check "the run for the report" test -f "$work/base/replications.csv"
"$caseflow" compare "$src/configs/manchester-2016.yaml" "$src/configs/manchester-2016-invest.yaml" -r 4 -y 2 -t 2 -q --out "$work/cmp"
cat >"$work/oat.yaml" <<YAML
name: oat-report
base: $src/configs/manchester-2016.yaml
set: ["simulation.years=1"]
replications: 2
design: {method: oat, levels: 2}
parameters:
  - {name: contacts, path: demand.contacts_per_year, bounds: [25000, 31000]}
  - {name: turnover, path: workforce.turnover.annual_rate, bounds: [0.08, 0.18]}
outputs:
  - {name: caseload_m12, metric: caseload_mean, month: 12}
  - {name: cost_fy2016, metric: cost_total, financial_year: 2016}
YAML
"$caseflow" sweep "$work/oat.yaml" -t 2 -q --out "$work/sweep"

"$caseflow" report "$work/base" --compare "$work/cmp" --sweep "$work/sweep/oat-report.sqlite" --out "$work/briefing.html" \
  >"$work/report.log" 2>&1
check "report exits 0" test $? -eq 0
check "writes one HTML file" test -s "$work/briefing.html"
check "says what it wrote" contains "$work/report.log" "wrote $work/briefing.html"
check "no temporary file left" test -z "$(find "$work" -maxdepth 1 -name '*.partial')"
html=$work/briefing.html
check "a CSP that forbids the network" contains "$html" "Content-Security-Policy\" content=\"default-src 'none'"
check "self-contained: no external script, style or image" lacks "$html" '<script src\|<link \|<img src="http'
check "the chart libraries are inlined" contains "$html" '/\* vega-embed '
check "a headline" contains "$html" 'id="headline"'
check "the scorecard with chances from replications" contains "$html" 'class="chance"'
check "the scorecard states its rule" contains "$html" 'Rating rule'
check "the business case by financial year" contains "$html" 'Additional investment (shortfall) / surplus'
check "the comparison" contains "$html" 'manchester-2016-invest</h3>\|manchester-2016-invest minus'
check "the sensitivity charts" contains "$html" 'What moves caseload_m12 most'
check "the assumptions cite their sources" contains "$html" 'seed 001 §4.21'
if command -v dot >/dev/null; then
  check "the pathway drawn by Graphviz" contains "$html" '<div class="pathway"><svg'
fi

render "$html" "$work/dom.html" "$work/chrome.log"
check "Chromium drew the page" test -s "$work/dom.html"
total=$(attr "$work/dom.html" data-charts-total)
drawn=$(attr "$work/dom.html" data-charts-rendered)
check "there are charts (fan charts and sweep)" test "${total:-0}" -ge 10
check "every chart drew ($drawn of $total)" test "${drawn:-0}" = "${total:-x}"
check "each chart's container holds its SVG" test "$(grep -o 'data-rendered="1"' "$work/dom.html" | wc -l)" = "${total:-x}"
check "no error in the page" lacks "$work/dom.html" 'data-chart-errors="'
check "nothing on the console (errors, CSP violations, warnings)" lacks "$work/chrome.log" ':CONSOLE'
grep ':CONSOLE' "$work/chrome.log" | head -5 >&2
# The check above would see a request the CSP blocks: an image from the network, added to a copy.
sed 's|</body>|<img src="http://127.0.0.1:9/x.png"></body>|' "$html" >"$work/leaky.html"
render "$work/leaky.html" "$work/leaky-dom.html" "$work/leaky.log"
check "the CSP blocks a network request, and the test sees it" contains "$work/leaky.log" ':CONSOLE'

# The screenshot, for a person to look at.
profile=$(mktemp -d "$work/profile.XXXX")
rm -f "$keep/briefing.png"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --virtual-time-budget=20000 \
  --window-size=900,4000 --screenshot="$keep/briefing.png" "file://$html" >/dev/null 2>&1
check "a screenshot saved in $keep" test -s "$keep/briefing.png"
cp "$html" "$keep/briefing.html"

# Without replications.csv: no chances, and the report says so.
"$caseflow" run "$src/configs/manchester-2016.yaml" -r 5 -y 1 -t 2 -q --out "$work/plain"
"$caseflow" report "$work/plain" --out "$work/plain.html" >"$work/plain.log" 2>&1
check "a run without replications: exit 0" test $? -eq 0
check "it says the chance is not available, and why" contains "$work/plain.html" 'so it is not available'
check "and the command says so too" contains "$work/plain.log" 'keep-replications'
# Two runs side by side.
"$caseflow" report "$work/base" "$work/plain" --out "$work/two.html" >/dev/null 2>&1
check "two runs in one briefing" test $? -eq 0
check "both runs are named" contains "$work/two.html" 'Also shown'

# The workbook: the summary, the finance table, the comparison and the business case, a sheet each.
"$caseflow" report "$work/base" --compare "$work/cmp" --xlsx "$work/book.xlsx" >"$work/xlsx.log" 2>&1
check "--xlsx alone: exit 0" test $? -eq 0
sheets=$(python3 -c 'import sys, zipfile, re; print(",".join(re.findall(r"<sheet name=\"([^\"]*)\"", zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())))' "$work/book.xlsx")
check "the workbook's sheets ($sheets)" test "$sheets" = "Summary,Finance,Comparison,Business case"
check "no HTML without --out" test ! -e "$work/base/briefing.html"

# Bad input: exit 2, naming the file (and line) and what was expected; nothing written.
"$caseflow" report "$work/missing" --out "$work/bad.html" >"$work/bad.log" 2>&1
check "a missing results directory: exit 2" test $? -eq 2
check "it is named" contains "$work/bad.log" "$work/missing"
check "nothing written" test ! -e "$work/bad.html"
cp -r "$work/plain" "$work/broken"
sed -i '5s/.*/manchester-2016,0,open_cin,lots,0,1,2,3/' "$work/broken/summary.csv"
"$caseflow" report "$work/broken" --out "$work/bad.html" >"$work/broken.log" 2>&1
check "a malformed summary.csv: exit 2" test $? -eq 2
check "names the file and line and what was expected" contains "$work/broken.log" "summary.csv:5.*expected a number, got 'lots'"
"$caseflow" report "$work/cmp" --out "$work/bad.html" >"$work/cmpdir.log" 2>&1
check "a comparison given as a run: exit 2" test $? -eq 2
check "says to give it with --compare" contains "$work/cmpdir.log" "give it with --compare"
"$caseflow" report "$work/base" --compare "$work/base" --out "$work/bad.html" >"$work/nocmp.log" 2>&1
check "a run given as a comparison: exit 2 naming compare.csv" test $? -eq 2
check "names compare.csv" contains "$work/nocmp.log" "compare.csv"
"$caseflow" report "$work/base" --sweep "$work/base/summary.csv" --out "$work/bad.html" >"$work/nosweep.log" 2>&1
check "a file that is not a sweep database: exit 2" test $? -eq 2
"$caseflow" report "$work/base" --assets "$work/nowhere" --out "$work/bad.html" >"$work/assets.log" 2>&1
check "missing chart libraries: exit 1" test $? -eq 1
check "names the missing file and the command that installs it" contains "$work/assets.log" "nowhere/vega/build/vega.min.js is missing: install it with \`npm ci"
check "nothing written without the libraries" test ! -e "$work/bad.html"
finish
