#!/usr/bin/env python3
"""ab.py -- is a change faster or slower? Two caseflow binaries, interleaved.

    bench/ab.py BASE_BINARY NEW_BINARY [--rounds 7] [--peer-reps 200] [--default-reps 20]

Runs the peer model and the default scenario on one thread with each binary
in turn (A B, B A, A B, ...: the order alternates so that neither always runs
second on a warmed or a loaded machine), and prints per scenario the median
replications per second of each, by wall clock and by CPU time, and NEW/BASE.
Build both the same way (bench/compare.sh builds build-bench/, Release with
link-time optimisation). docs/performance.md explains why medians of
interleaved rounds: the machines are shared.
"""
import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(binary, config, reps):
    """Wall seconds and CPU seconds (user + system) of one quiet run."""
    with tempfile.TemporaryDirectory() as out:
        args = [binary, "run", "--quiet", "-t", "1", "-r", str(reps), "--out", out]
        if config:
            args.insert(2, config)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True)
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
    args = parser.parse_args()
    scenarios = [("peer model", os.path.join(ROOT, "configs", "peer-reference.yaml"), args.peer_reps),
                 ("default scenario", None, args.default_reps)]
    times = {(name, which): [] for name, _, _ in scenarios for which in ("base", "new")}
    for r in range(args.rounds):
        order = [("base", args.base), ("new", args.new)]
        if r % 2:
            order.reverse()
        for name, config, reps in scenarios:
            for which, binary in order:
                times[(name, which)].append(run_once(binary, config, reps))
    print(f"{args.rounds} interleaved rounds, 1 thread, medians (replications per second)")
    print(f"{'scenario':<18} {'base wall':>10} {'new wall':>10} {'new/base':>9} {'base cpu':>10} {'new cpu':>10} {'new/base':>9}")
    for name, _, reps in scenarios:
        base_wall = reps / statistics.median(w for w, _ in times[(name, "base")])
        new_wall = reps / statistics.median(w for w, _ in times[(name, "new")])
        base_cpu = reps / statistics.median(c for _, c in times[(name, "base")])
        new_cpu = reps / statistics.median(c for _, c in times[(name, "new")])
        print(f"{name:<18} {base_wall:10.1f} {new_wall:10.1f} {new_wall / base_wall:9.3f} "
              f"{base_cpu:10.1f} {new_cpu:10.1f} {new_cpu / base_cpu:9.3f}")


if __name__ == "__main__":
    main()
