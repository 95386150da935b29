#!/usr/bin/env python3
"""Calibration report for a caseflow scenario (default: Manchester 2016).

Runs the caseflow binary once, with every replication kept, and prints one row
per calibration target: the target, where it comes from, what the model
achieved (mean over replications and the 5th-95th percentile band across
replications) and whether the mean is within tolerance.

  * Open stocks are read at month 12, 36 and 60 and at the end of the run
    (year 20 by default: the stationary level). The warm start must sum to the
    opening figures, so the targets are the opening stocks themselves.
  * Flows are totals per year, summed from the monthly flows of each
    replication: year 1, year 5 and the last year of the run.
  * Shares over a year are ratios of yearly sums (re-referrals / referrals;
    LAC exits by route / all LAC exits). The timescale shares are the monthly
    ratios weighted by the number of children completing in the month.
  * Re-referred children re-enter at the referral state and are not counted in
    the `contacts` metric, so total contacts = contacts + re_referrals.

It is a report, not a test: it exits 0 whatever the result, and 1 only when
the run itself fails. Python 3 standard library only.

Example:
  scripts/calibration_check.py --caseflow build/caseflow -n 200
  scripts/calibration_check.py --set pathway.states.cin.duration.mean=6 --markdown
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

# ---------------------------------------------------------------------------
# Targets. Opening stocks: seed 001 table 3 (31 March 2016); flows and shares:
# seed 000 December 2016 balanced scorecard, with the child population of
# ≈ 114,700 derived in the scenario file (4,622 ÷ 403 per 10,000).
# See ../shared/reference/seed-figures.md and docs/calibration.md.
# ---------------------------------------------------------------------------
OPEN_TOTAL = 4953
OPEN_LAC = 1239
OPEN_CP = 817
OPEN_CP_HIGH = 953                      # 81.3 per 10,000 in December 2016 (seed 000)
OPEN_REST = OPEN_TOTAL - OPEN_LAC - OPEN_CP
CP_MEAN_MONTHS = 10.5                   # mean of England's CP plan lengths (S9), as in the scenario
STOCK_TOL = 0.03                        # "within ~3% of the opening figure"
FLOW_TOL = 0.05
SHARE_TOL = 0.02                        # absolute, in share points
EXIT_SHARE_TOL = 0.015

STOCKS = [
    # label, metric(s) summed, target, low, high, source
    ("open_total", ("open_total",), OPEN_TOTAL, OPEN_TOTAL * (1 - STOCK_TOL), OPEN_TOTAL * (1 + STOCK_TOL),
     "seed 001 table 3: 4,953 open (±3%)"),
    ("open_lac", ("open_lac",), OPEN_LAC, OPEN_LAC * (1 - STOCK_TOL), OPEN_LAC * (1 + STOCK_TOL),
     "seed 001 table 3: 1,239 (seed 000: 1,203) (±3%)"),
    ("open_cp", ("open_cp",), OPEN_CP, OPEN_CP * (1 - STOCK_TOL), OPEN_CP_HIGH * (1 + STOCK_TOL),
     "seed 001 table 3: 817; seed 000: 953 (817-953, ±3%)"),
    ("open_cin + open_assessment", ("open_cin", "open_assessment"), OPEN_REST, OPEN_REST * (1 - STOCK_TOL),
     OPEN_REST * (1 + STOCK_TOL), "4,953 − 1,239 − 817 (±3%)"),
]


def flow_targets():
    cp_starts = OPEN_CP * 12 / CP_MEAN_MONTHS
    return [
        # label, kind, target, tolerance, source
        ("contacts + re_referrals / yr", "total_contacts", 2642 * 114700 / 10000, FLOW_TOL,
         "seed 000: 2,642 per 10k × 114,700 (±5%)"),
        ("referrals / yr", "referrals", 826 * 114700 / 10000, FLOW_TOL, "seed 000: 826 per 10k (±5%)"),
        ("re_referral_share", "rr_share", 0.255, SHARE_TOL, "seed 000: 25.5% (±2 pts)"),
        ("S47 enquiries / yr", "s47", 161 * 114700 / 10000, FLOW_TOL, "seed 000: 161 per 10k (±5%)"),
        ("cp_starts / yr", "cp_starts", cp_starts, FLOW_TOL,
         f"817 × 12 / {CP_MEAN_MONTHS} months (S9) (±5%)"),
        ("assessments_in_timescale_share", "assess_share", 0.837, SHARE_TOL, "seed 000: 83.7% (±2 pts)"),
        ("icpc_in_timescale_share", "icpc_share", 0.815, SHARE_TOL, "seed 000: 81.5% (±2 pts)"),
        ("LAC exits by SGO (share)", "exit_sgo", 0.105, EXIT_SHARE_TOL, "seed 000: 10.5% (±1.5 pts)"),
        ("LAC exits by adoption (share)", "exit_adoption", 0.148, EXIT_SHARE_TOL, "seed 000: 14.8% (±1.5 pts)"),
    ]


NEEDED = {
    "open_total", "open_lac", "open_cp", "open_cin", "open_assessment",
    "contacts", "referrals", "re_referrals", "entries_strategy_s47", "cp_starts",
    "assessments_completed", "assessments_in_timescale_share",
    "entries_icpc", "state_icpc", "icpc_in_timescale_share",
}


def quantile(values, p):
    """Hyndman & Fan type 7 (linear interpolation), as caseflow's summary.csv."""
    xs = sorted(v for v in values if not math.isnan(v))
    if not xs:
        return float("nan")
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (xs[lo + 1] - xs[lo]) * (h - lo)


def summarise(values):
    xs = [v for v in values if not math.isnan(v)]
    if not xs:
        return float("nan"), float("nan"), float("nan"), float("nan")
    mean = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return mean, quantile(xs, 0.05), quantile(xs, 0.95), sd / math.sqrt(len(xs))


def read_replications(path):
    """{replication: {metric: {month: value}}} for the metrics this report needs."""
    data = defaultdict(lambda: defaultdict(dict))
    lac_exit_metrics = set()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            metric = row["metric"]
            if metric.startswith("lac_exits_"):
                lac_exit_metrics.add(metric)
            elif metric not in NEEDED:
                continue
            value = row["value"]
            try:
                v = float(value)
            except ValueError:
                v = float("nan")
            data[int(row["replication"])][metric][int(row["month"])] = v
    return data, sorted(lac_exit_metrics)


def year_values(rep, lac_exits, year):
    """Yearly figures of one replication for year `year` (months 12y-11 .. 12y)."""
    months = range(12 * year - 11, 12 * year + 1)

    def total(metric):
        return sum(rep[metric].get(m, 0.0) for m in months)

    out = {
        "contacts": total("contacts"),
        "referrals": total("referrals"),
        "re_referrals": total("re_referrals"),
        "s47": total("entries_strategy_s47"),
        "cp_starts": total("cp_starts"),
    }
    out["total_contacts"] = out["contacts"] + out["re_referrals"]
    out["rr_share"] = out["re_referrals"] / out["referrals"] if out["referrals"] else float("nan")

    def weighted(share_metric, weights):
        num = den = 0.0
        for m, w in zip(months, weights):
            s = rep[share_metric].get(m, float("nan"))
            if w > 0 and not math.isnan(s):
                num += s * w
                den += w
        return num / den if den else float("nan")

    out["assess_share"] = weighted("assessments_in_timescale_share",
                                   [rep["assessments_completed"].get(m, 0.0) for m in months])
    # Children leaving "awaiting ICPC" in the month: entries less the change in stock.
    icpc_done = [rep["entries_icpc"].get(m, 0.0) - (rep["state_icpc"].get(m, 0.0) - rep["state_icpc"].get(m - 1, 0.0))
                 for m in months]
    out["icpc_share"] = weighted("icpc_in_timescale_share", icpc_done)
    exits = {metric[len("lac_exits_"):]: total(metric) for metric in lac_exits}
    all_exits = sum(exits.values())
    for route in ("sgo", "adoption"):
        out["exit_" + route] = exits.get(route, 0.0) / all_exits if all_exits else float("nan")
    return out


def fmt(x, share=False):
    if math.isnan(x):
        return "n/a"
    if share:
        return f"{100 * x:.1f}%"
    return f"{x:,.0f}"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] + "\n\n" + "\n\n".join(__doc__.split("\n\n")[1:3]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 after printing the report (whatever it shows); 1 if caseflow fails or "
               "writes no results; 2 for bad arguments.")
    parser.add_argument("--caseflow", default=None, metavar="PATH",
                        help="caseflow binary (default: build/caseflow, else build/sim/caseflow, "
                             "where older builds put it)")
    parser.add_argument("--config", default="configs/manchester-2016.yaml", metavar="FILE",
                        help="scenario file (default: %(default)s)")
    parser.add_argument("-n", "--replications", type=int, default=100, metavar="N",
                        help="replications (default: %(default)s)")
    parser.add_argument("--years", type=int, default=20,
                        help="years to run; the last year is the stationary check (default: %(default)s)")
    parser.add_argument("--seed", type=int, help="master seed (default: the scenario's)")
    parser.add_argument("--threads", type=int, help="worker threads (default: caseflow's, all cores)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                        help="passed to caseflow run --set (repeatable), e.g. to test a change")
    parser.add_argument("--keep", metavar="DIR",
                        help="write caseflow's output here and keep it (default: a temporary folder, removed)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    if args.replications < 2:
        parser.error("--replications must be at least 2")
    if args.years < 1:
        parser.error("--years must be at least 1")

    if args.caseflow is None:
        args.caseflow = next((p for p in ("build/caseflow", "build/sim/caseflow") if os.path.exists(p)),
                             "build/caseflow")
    out_dir = args.keep or tempfile.mkdtemp(prefix="caseflow-calibration-")
    cmd = [args.caseflow, "run", args.config, "-r", str(args.replications), "-y", str(args.years),
           "-o", out_dir, "-q", "--keep-replications"]
    if args.seed is not None:
        cmd += ["-s", str(args.seed)]
    if args.threads:
        cmd += ["-t", str(args.threads)]
    for s in args.set:
        cmd += ["--set", s]
    try:
        try:
            proc = subprocess.run(cmd)
        except OSError as e:
            print(f"calibration_check: cannot run {args.caseflow}: {e}", file=sys.stderr)
            return 1
        rep_file = os.path.join(out_dir, "replications.csv")
        if proc.returncode != 0 or not os.path.exists(rep_file):
            print(f"calibration_check: caseflow failed (exit {proc.returncode}): {' '.join(cmd)}", file=sys.stderr)
            return 1
        data, lac_exits = read_replications(rep_file)
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    if not data:
        print("calibration_check: replications.csv holds no rows", file=sys.stderr)
        return 1

    reps = [data[r] for r in sorted(data)]
    last_month = max(reps[0]["open_total"])
    last_year = last_month // 12
    rows = []

    # Stocks.
    checkpoints = [m for m in (12, 36, 60) if m <= last_month]
    if last_month not in checkpoints:
        checkpoints.append(last_month)
    for label, metrics, target, low, high, source in STOCKS:
        for m in checkpoints:
            values = [sum(rep[x].get(m, float("nan")) for x in metrics) for rep in reps]
            mean, p5, p95, se = summarise(values)
            period = f"month {m}" + (" (stationary)" if m == last_month and m > 60 else "")
            ok = low <= mean <= high
            rows.append((label, source, period, fmt(target), f"{fmt(mean)} [{fmt(p5)}–{fmt(p95)}]",
                         f"{100 * (mean / target - 1):+.1f}%", "yes" if ok else "NO"))

    # Flows and shares, per year.
    years = sorted({y for y in (1, 5, last_year) if y <= last_year})
    per_year = {y: [year_values(rep, lac_exits, y) for rep in reps] for y in years}
    for label, key, target, tol, source in flow_targets():
        share = key in ("rr_share", "assess_share", "icpc_share", "exit_sgo", "exit_adoption")
        for y in years:
            mean, p5, p95, se = summarise([v[key] for v in per_year[y]])
            if share:
                ok = abs(mean - target) <= tol
                diff = f"{100 * (mean - target):+.1f} pts"
            else:
                ok = abs(mean / target - 1) <= tol
                diff = f"{100 * (mean / target - 1):+.1f}%"
            period = f"year {y}" + (" (stationary)" if y == last_year and y > 5 else "")
            rows.append((label, source, period, fmt(target, share), f"{fmt(mean, share)} [{fmt(p5, share)}–{fmt(p95, share)}]",
                         diff, "yes" if ok else "NO"))

    header = ("target", "source (tolerance)", "when", "target value", "achieved mean [p5–p95]", "vs target", "within")
    title = (f"caseflow calibration check: {args.config}, {len(reps)} replications, {args.years} years"
             + (f", seed {args.seed}" if args.seed is not None else "")
             + (", --set " + " --set ".join(args.set) if args.set else ""))
    print(title)
    if args.markdown:
        print()
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
        line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
        print(line)
        print("-" * len(line))
        for r in rows:
            print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    misses = sum(1 for r in rows if r[-1] == "NO")
    print(f"\n{len(rows) - misses} of {len(rows)} checks within tolerance. Bands are the 5th-95th percentiles "
          "across replications; the mean's Monte Carlo standard error is about sd/sqrt(N).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
