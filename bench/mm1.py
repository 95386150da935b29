#!/usr/bin/python3
"""M/M/1 at rho = 0.9, about 10^6 customers: caseflow (bench/mm1.yaml) against
SimPy 3 (bench/mm1_simpy.py), interleaved rounds, medians (issue 24).

Each round runs both, alternating which goes first. Reports the medians of
CPU seconds (user + sys of the whole process, GNU time) and of peak RSS, the
ratio SimPy / caseflow, and caseflow's mean wait in the queue against theory
(Wq = 9 hours) with a 95% confidence interval from batch means over months.
Standard library only; run through bench/mm1.sh.
"""
import argparse
import csv
import math
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WQ_HOURS = 9.0
T_975 = {19: 2.093, 9: 2.262, 29: 2.045}


def timed(command):
    """Runs a command under GNU time: (stdout, cpu seconds, peak RSS MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        done = subprocess.run(["/usr/bin/time", "-o", times.name, "-f", "%U %S %M"] + command,
                              stdout=subprocess.PIPE, text=True, check=True)
        user, system, rss_kib = times.read().split()
    return done.stdout, float(user) + float(system), int(rss_kib) / 1024.0


def caseflow_wait(summary_csv, batches):
    """Mean wait in hours over all allocations, and a 95% CI from batch means.

    unallocated_wait_days_mean is each month's mean over its allocations; the
    months are weighted by their entries to service (one per customer)."""
    wait, served = {}, {}
    with open(summary_csv) as f:
        for row in csv.DictReader(f):
            if row["metric"] == "unallocated_wait_days_mean" and row["mean"] != "":
                wait[int(row["month"])] = float(row["mean"]) * 24.0
            elif row["metric"] == "entries_service" and row["mean"] != "":
                served[int(row["month"])] = float(row["mean"])
    months = sorted(m for m in wait if m in served)
    total = sum(served[m] for m in months)
    mean = sum(wait[m] * served[m] for m in months) / total
    size = len(months) // batches
    means = []
    for b in range(batches):
        chunk = months[b * size:(b + 1) * size] if b < batches - 1 else months[b * size:]
        n = sum(served[m] for m in chunk)
        means.append(sum(wait[m] * served[m] for m in chunk) / n)
    half = T_975[batches - 1] * statistics.stdev(means) / math.sqrt(batches)
    return mean, half, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-rel", "caseflow"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--customers", type=int, default=1_000_000, help="SimPy's; caseflow's horizon gives about as many")
    parser.add_argument("--batches", type=int, default=20, choices=sorted(k + 1 for k in T_975))
    parser.add_argument("--no-simpy", action="store_true", help="caseflow only")
    parser.add_argument("--baseline", help="another caseflow binary (e.g. an older build), run in the same rounds")
    args = parser.parse_args()

    simpy_cpu, simpy_rss, simpy_waits = [], [], []
    cf_cpu, cf_rss = [], []
    base_cpu, base_rss = [], []
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "out")
        for r in range(args.rounds):
            order = ["simpy", "caseflow"] + (["baseline"] if args.baseline else [])
            if r % 2 == 1:
                order.reverse()
            for which in order:
                if which == "simpy":
                    if args.no_simpy:
                        continue
                    text, cpu, rss = timed(["/usr/bin/python3", os.path.join(ROOT, "bench", "mm1_simpy.py"),
                                            "--customers", str(args.customers)])
                    simpy_cpu.append(cpu)
                    simpy_rss.append(rss)
                    simpy_waits.append(float(text.split("mean_wait_hours")[1].split()[0]))
                else:
                    binary = args.binary if which == "caseflow" else args.baseline
                    _, cpu, rss = timed([binary, "run", os.path.join(ROOT, "bench", "mm1.yaml"), "--quiet",
                                         "-t", "1", "-r", "1", "--out", out + which])
                    (cf_cpu if which == "caseflow" else base_cpu).append(cpu)
                    (cf_rss if which == "caseflow" else base_rss).append(rss)
                print(f"round {r + 1}: {which:8s} {cpu:7.2f} s CPU  {rss:6.1f} MiB", file=sys.stderr)
        mean, half, served = caseflow_wait(os.path.join(out + "caseflow", "summary.csv"), args.batches)

    cf = statistics.median(cf_cpu)
    print(f"M/M/1, rho = 0.9, {args.rounds} interleaved rounds, medians (CPU = user + sys of the whole process)")
    print(f"{'engine':10s} {'CPU s':>8s} {'min-max':>15s} {'RSS MiB':>8s} {'x SimPy':>8s}  mean wait (h)")
    if simpy_cpu:
        sp = statistics.median(simpy_cpu)
        print(f"{'SimPy':10s} {sp:8.2f} {min(simpy_cpu):7.2f}-{max(simpy_cpu):<7.2f} {statistics.median(simpy_rss):8.1f} "
              f"{1.0:8.2f}  {statistics.median(simpy_waits):.3f} ({args.customers} customers)")
    ratio = f"{statistics.median(simpy_cpu) / cf:8.2f}" if simpy_cpu else f"{'-':>8s}"
    print(f"{'caseflow':10s} {cf:8.2f} {min(cf_cpu):7.2f}-{max(cf_cpu):<7.2f} {statistics.median(cf_rss):8.1f} {ratio}  "
          f"{mean:.3f} +- {half:.3f} (95% CI, {args.batches} batch means; {served:.0f} customers)")
    if base_cpu:
        bc = statistics.median(base_cpu)
        ratio = f"{statistics.median(simpy_cpu) / bc:8.2f}" if simpy_cpu else f"{'-':>8s}"
        print(f"{'baseline':10s} {bc:8.2f} {min(base_cpu):7.2f}-{max(base_cpu):<7.2f} {statistics.median(base_rss):8.1f} {ratio}  "
              f"({args.baseline}; caseflow / baseline CPU x{cf / bc:.2f})")
    print(f"theory: Wq = {WQ_HOURS} h; caseflow's CI {'covers' if abs(mean - WQ_HOURS) <= half else 'misses'} it")


if __name__ == "__main__":
    main()
