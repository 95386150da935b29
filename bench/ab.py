#!/usr/bin/env python3
"""ab.py -- is a change faster or slower? Two caseflow binaries, interleaved.

    bench/ab.py BASE_BINARY NEW_BINARY [--rounds 7] [--peer-reps 200] [--default-reps 20]
                [--scenario CONFIG:REPLICATIONS[:YEARS] ...] [--cpu 0]

Runs the peer model and the default scenario on one thread with each binary
in turn (A B, B A, A B, ...: the order alternates so that neither always runs
second on a warmed or a loaded machine), and prints per scenario the median
replications per second of each, by wall clock and by CPU time, and NEW/BASE.
Build both the same way (bench/compare.sh builds build-bench/, Release with
link-time optimisation). docs/performance.md explains why medians of
interleaved rounds: the machines are shared.

Every run is pinned to one CPU (--cpu, default 0; -1 lets the system
choose): this machine's two CPUs run at different speeds from minute to
minute, and a run that moves between them made paired ratios swing from
0.6 to 1.7; pinned, a round's pair stays within about 10% (session 19).
The host still drifts over minutes, and a 3% change measured in one half
hour was not there in the next: repeat a comparison later before trusting
a few per cent. The paired ratio column is the median over rounds of
NEW/BASE within each round (CPU time), with its range.

--scenario adds a scenario of your own, e.g. a large authority from
bench/scaled.py (bench/scaled.py --write-configs /tmp/scaled --factors 80):
--scenario /tmp/scaled/manchester-x80.yaml:1:0.5 (one replication, half a year).
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(binary, config, reps, years=None):
    """Wall seconds and CPU seconds (user + system) of one quiet run."""
    with tempfile.TemporaryDirectory() as out:
        args = [binary, "run", "--quiet", "-t", "1", "-r", str(reps), "--out", out]
        if config:
            args.insert(2, config)
        if years:
            args += ["--years", years]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        if subprocess.run(args).returncode != 0:  # caseflow has said why, on stderr
            sys.exit(f"ab.py: {' '.join(args)} failed")
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--peer-reps", type=int, default=200)
    parser.add_argument("--default-reps", type=int, default=20)
    parser.add_argument("--scenario", action="append", default=[], metavar="CONFIG:REPLICATIONS[:YEARS]")
    parser.add_argument("--cpu", type=int, default=0, help="pin every run to this CPU (-1: do not pin)")
    args = parser.parse_args()
    if args.cpu >= 0:
        os.sched_setaffinity(0, {args.cpu})  # the runs inherit it
    scenarios = [("peer model", os.path.join(ROOT, "configs", "peer-reference.yaml"), args.peer_reps, None),
                 ("default scenario", None, args.default_reps, None)]
    for spec in args.scenario:
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not parts[1].isdigit():
            parser.error(f"--scenario {spec}: expected CONFIG:REPLICATIONS or CONFIG:REPLICATIONS:YEARS")
        scenarios.append((os.path.basename(parts[0]), parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None))
    times = {(name, which): [] for name, _, _, _ in scenarios for which in ("base", "new")}
    for r in range(args.rounds):
        order = [("base", args.base), ("new", args.new)]
        if r % 2:
            order.reverse()
        for name, config, reps, years in scenarios:
            for which, binary in order:
                times[(name, which)].append(run_once(binary, config, reps, years))
    pinned = f"pinned to CPU {args.cpu}" if args.cpu >= 0 else "not pinned"
    print(f"{args.rounds} interleaved rounds, 1 thread, {pinned}, medians (replications per second)")
    print(f"{'scenario':<18} {'base wall':>10} {'new wall':>10} {'new/base':>9} {'base cpu':>10} {'new cpu':>10} {'new/base':>9}"
          f"  {'paired cpu time new/base (range)':>32}")
    for name, _, reps, _ in scenarios:
        base_wall = reps / statistics.median(w for w, _ in times[(name, "base")])
        new_wall = reps / statistics.median(w for w, _ in times[(name, "new")])
        base_cpu = reps / statistics.median(c for _, c in times[(name, "base")])
        new_cpu = reps / statistics.median(c for _, c in times[(name, "new")])
        paired = sorted(n[1] / b[1] for b, n in zip(times[(name, "base")], times[(name, "new")]))
        print(f"{name:<18} {base_wall:10.1f} {new_wall:10.1f} {new_wall / base_wall:9.3f} "
              f"{base_cpu:10.1f} {new_cpu:10.1f} {new_cpu / base_cpu:9.3f}"
              f"  {statistics.median(paired):14.3f} ({paired[0]:.3f}-{paired[-1]:.3f})")


if __name__ == "__main__":
    main()
