#!/usr/bin/env python3
"""How much pairing (common random numbers) buys in `caseflow compare`.

Runs BASE against OTHER at several replication counts and prints, for the
headline metrics, the half-width of the paired 95% interval at each count
and the variance ratio at the largest (independent over paired: how many
times more replications two unpaired runs would need for the same
interval). The ratio is read off compare.csv's two intervals: the squared
ratio of their half-widths, times the squared ratio of their t quantiles
(n - 1 degrees of freedom paired; Welch's, taken as 2(n - 1), unpaired).

  scripts/pairing_gain.py [--caseflow build/caseflow] [--counts 25 100 400]
                          [BASE OTHER]
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

from statistics import NormalDist

HEADLINE = [("caseload_mean", ["12", "24", "60"]), ("caseload_share_over_cap", ["24"]), ("caseload_excess_mean", ["24"]), ("sw_agency_share", ["24"]),
            ("assessments_in_timescale_share", ["24"]), ("lac_visits_overdue", ["12", "24"]), ("cp_visits_overdue", ["24"]),
            ("open_lac", ["12", "24", "60"]), ("open_total", ["12", "60"]), ("cost_total", ["24", "2017/18"])]


def t975(df):
    # Cornish-Fisher expansion of Student's t about the normal: ample for df >= 20.
    z = NormalDist().inv_cdf(0.975)
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", nargs="?", default="configs/manchester-2016.yaml")
    parser.add_argument("other", nargs="?", default="configs/manchester-2016-invest.yaml")
    parser.add_argument("--caseflow", default="build/caseflow")
    parser.add_argument("--counts", type=int, nargs="+", default=[25, 100, 400])
    args = parser.parse_args()
    widths = {}
    ratios = {}
    diffs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.counts:
            out = os.path.join(tmp, str(n))
            subprocess.run([args.caseflow, "compare", args.base, args.other, "-r", str(n), "-q", "--out", out], check=True)
            with open(os.path.join(out, "compare.csv"), newline="") as f:
                for row in csv.DictReader(f):
                    key = (row["metric"], row["period"])
                    paired = (float(row["ci_high"]) - float(row["ci_low"])) / 2
                    independent = (float(row["ci_high_independent"]) - float(row["ci_low_independent"])) / 2
                    widths.setdefault(key, []).append(paired)
                    if n == args.counts[-1]:
                        diffs[key] = (float(row["diff_mean"]), float(row["ci_low"]), float(row["ci_high"]))
                        quantiles = (t975(n - 1) / t975(2 * (n - 1))) ** 2
                        ratios[key] = (independent / paired) ** 2 * quantiles if paired > 0 else float("nan")
    counts = " / ".join(str(n) for n in args.counts)
    print(f"| metric | period | difference (N = {args.counts[-1]}) | half-width N = {counts} | variance ratio |")
    print("|---|---|---|---|---|")
    for metric, periods in HEADLINE:
        for period in periods:
            key = (metric, period)
            if key not in diffs:
                continue
            d, lo, hi = diffs[key]
            w = " / ".join(f"{x:.3g}" for x in widths[key])
            print(f"| `{metric}` | {period} | {d:+.4g} [{lo:+.4g}, {hi:+.4g}] | {w} | {ratios[key]:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
