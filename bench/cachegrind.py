#!/usr/bin/env python3
"""cachegrind.py -- instructions and cache misses per event as an authority grows, counted, not timed.

    bench/cachegrind.py BINARY [BINARY ...] [--factors 1 80] [--years 0.5] [--ll-mib 8] [--model peer]

Runs configs/manchester-2016.yaml scaled by each factor (bench/scaled.py's
scaling, and its equal work: x1 runs as many replications as the largest
factor has times its demand) under valgrind's cachegrind with one fixed
simulated machine, and prints per model event: instructions, first-level
data misses, and last-level data misses (the reads and writes that would go
to memory), with each factor's ratio to x1 and each binary's to the first.
--model peer counts configs/peer-reference.yaml scaled as bench/scaled.py
scales it (the case flow alone, without workers: the floor under the whole
model's misses; give it --years 2).

Why counts: this machine's speed swings by up to x1.7 between runs of the
same binary (docs/performance.md, sessions 16 and 18), so a change worth 3%
cannot be told from noise by timing, while these counts are the same on
every run: a change that removes a cache miss per event at x80 shows as one
fewer miss per event here, exactly. They are a model of the cost, not the
cost: confirm what they show with interleaved timings (bench/scaled.py).

The simulated machine: 32 KiB 8-way first-level caches and one last-level
cache of --ll-mib MiB, 16-way, 64-byte lines (a core's L2 and its share of a
shared L3; cachegrind simulates two levels). x1's records fit in it; x80's
(about 200 MB) do not.

The binary must be built so that valgrind can run it: valgrind computes
long doubles in double precision, and Boost.Math's long double tables then
fail their start-up check. Keep Boost's double functions in double:

    cmake -S . -B build-vg -G Ninja -DCMAKE_BUILD_TYPE=Release -DCASEFLOW_BUILD_TESTS=OFF \\
      "-DCMAKE_CXX_FLAGS=-g -DBOOST_MATH_PROMOTE_DOUBLE_POLICY=false"
    ninja -C build-vg caseflow

(That flag moves the last bits of paired-comparison intervals and sweep
samples, so such a build is for counting only.) Needs valgrind and
python3-yaml (apt-get install valgrind python3-yaml). Each run is about 50
times slower than natively: x80 for half a year takes about two minutes.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scaled import MODELS, equal_work, write_configs  # noqa: E402  (one scaling for timings and counts)

SUMMARY = re.compile(r"==\d+== (I|D1|LLd)\s+(refs|misses):\s+([\d,]+)")


def count(binary, path, years, replications, ll_mib):
    """(instructions, D1 misses, LL data misses, events) of one run under cachegrind."""
    with tempfile.TemporaryDirectory() as out:
        ll = ll_mib * 1024 * 1024
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--cachegrind-out-file=/dev/null",
               "--I1=32768,8,64", "--D1=32768,8,64", f"--LL={ll},16,64",
               binary, "run", path, "--quiet", "-t", "1", "-r", str(replications), "--years", str(years), "--out", out]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            # caseflow's own message, without valgrind's banner and summary lines
            own = "\n".join(line for line in result.stderr.splitlines() if not re.match(r"(==|--)\d+(==|--)", line))
            sys.exit(f"cachegrind.py: {' '.join(cmd)} failed (exit {result.returncode}):\n{own[-2000:]}")
        found = {}
        for kind, what, number in SUMMARY.findall(result.stderr):
            found[f"{kind} {what}"] = int(number.replace(",", ""))
        events = json.load(open(os.path.join(out, "manifest.json")))["events"]
    return found["I refs"], found["D1 misses"], found["LLd misses"], events


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--factors", type=float, nargs="+", default=[1, 80])
    parser.add_argument("--years", type=float, default=0.5)
    parser.add_argument("--ll-mib", type=int, default=8, help="the simulated last-level cache, MiB (a power of 2)")
    parser.add_argument("--model", choices=sorted(MODELS), default="manchester",
                        help="manchester (default): the whole model; peer: the case flow alone, without workers")
    args = parser.parse_args()
    rows = {}
    replications = equal_work(args.factors)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_configs(args.model, args.factors, tmp)
        for factor in args.factors:
            for binary in args.binaries:
                rows[(binary, factor)] = count(binary, paths[factor], args.years, replications[factor], args.ll_mib)
    print(f"{args.model}: per event, {args.years:g} years, equal work; simulated last level {args.ll_mib} MiB")
    print(f"{'binary':<28} {'factor':>6} {'events':>10} {'instr':>8} {'D1 miss':>8} {'LL miss':>8}"
          f" {'instr/x1':>8} {'LL/x1':>7} {'instr/first':>11} {'LL/first':>8}")
    first = args.binaries[0]
    for binary in args.binaries:
        for factor in args.factors:
            ir, d1, ll, events = rows[(binary, factor)]
            ir1, _, ll1, events1 = rows[(binary, args.factors[0])]
            irf, _, llf, eventsf = rows[(first, factor)]
            print(f"{binary[-28:]:<28} {factor:>6g} {events:>10,} {ir / events:>8.0f} {d1 / events:>8.2f} {ll / events:>8.3f}"
                  f" {ir / events / (ir1 / events1):>8.3f} {ll / events / max(ll1 / events1, 1e-12):>7.2f}"
                  f" {ir / events / (irf / eventsf):>11.4f} {ll / events / max(llf / eventsf, 1e-12):>8.4f}")


if __name__ == "__main__":
    main()
