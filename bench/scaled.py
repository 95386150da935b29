#!/usr/bin/env python3
"""scaled.py -- cost per event as an authority grows: Manchester's structure x1, x16, x80.

    bench/scaled.py BINARY [BINARY ...] [--factors 1 16 80] [--rounds 3] [--years 1]
    bench/scaled.py --write-configs DIR [--factors 1 16 80]   # only the scenarios
    bench/scaled.py BINARY --model peer --years 2             # the case flow alone, without workers

Writes configs/manchester-2016.yaml scaled by each factor (demand, opening
caseload, pending re-referrals, every team's workers, vacancies and managers,
locality managers: the same localities, so teams grow with the authority) to
a temporary directory, runs each on one thread with each binary in turn
(interleaved rounds), and prints the median nanoseconds per event and its
ratio to x1: a per-event cost flat in size is the goal (issue 24). It also
prints the median of each round's own ratio (a size's run against the x1
run of the same round), which the machine's drift between rounds moves
less than the ratio of the medians.

Each factor runs as many replications as make the same work as one of the
largest (x1 runs 80 replications where x80 runs 1), so the process's fixed
costs (reading the scenario, writing the outputs: about 40 ms) weigh the
same at every size. With one replication each, those costs were half of
x1's time and flattered the ratio (x80/x1 read 1.49 where the simulation's
own cost per event was about x3.5; session 15).
Every run is pinned to one CPU (--cpu, default 0), as bench/ab.py's are.
Each line also gives the user CPU time per event and its ratio (the
process's own work), and the time spent in the kernel (system CPU
time): on a virtual machine whose host backs memory lazily, the first touch
of fresh memory can cost a tenth of a one-replication x80 run, and how much
varies with the host's state, not with caseflow (docs/performance.md,
session 21).
--model peer scales configs/peer-reference.yaml instead (the SimPy peer's
model: contacts, assessments and plans, with no workers, allocation or
hours; only its demand grows, as it starts empty): the cost of size that
the flow of cases and the event queue pay alone: a floor, in nanoseconds
an event, under the whole model's (not in the ratio: the whole model's x1
costs several times the peer's). Give it --years 2: its longest plan is 18
months.
Needs python3-yaml (apt-get install python3-yaml).
"""
import argparse
import copy
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scaled(config, factor):
    c = copy.deepcopy(config)
    c["scenario"]["name"] = f"manchester-x{factor:g}"
    c["demand"]["contacts_per_year"] *= factor
    ws = c["warm_start"]
    ws["open_by_state"] = {s: n * factor for s, n in ws["open_by_state"].items()}
    ws["re_referrals_pending"] *= factor
    wf = c["workforce"]
    for team in wf["teams"].values():
        team["workers"] = {g: n * factor for g, n in team.get("workers", {}).items()}
        if "vacancies" in team:
            team["vacancies"] = {g: n * factor for g, n in team["vacancies"].items()}
        team["managers"] = team.get("managers", 0) * factor
    if "management" in wf and "locality_managers" in wf["management"]:
        wf["management"]["locality_managers"] *= factor
    return c


def scaled_peer(config, factor):
    c = copy.deepcopy(config)
    c["scenario"]["name"] = f"peer-reference-x{factor:g}"
    c["demand"]["contacts_per_year"] *= factor
    return c


MODELS = {"manchester": ("manchester-2016.yaml", scaled), "peer": ("peer-reference.yaml", scaled_peer)}


def write_configs(model, factors, directory):
    """The model's scenario scaled by each factor, written to DIRECTORY: {factor: path}."""
    config_file, scale = MODELS[model]
    with open(os.path.join(ROOT, "configs", config_file)) as f:
        base = yaml.safe_load(f)
    paths = {}
    for factor in factors:
        config = scale(base, factor)
        paths[factor] = os.path.join(directory, config["scenario"]["name"] + ".yaml")
        with open(paths[factor], "w") as f:
            yaml.safe_dump(config, f, sort_keys=False)
    return paths


def paired_ratio(runs, baseline_runs):
    """Median and range of each round's ratio (round i of RUNS over round i of BASELINE_RUNS), as text."""
    ratios = sorted(a / b for a, b in zip(runs, baseline_runs))
    return f"x{statistics.median(ratios):.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def equal_work(factors):
    """Replications per factor for the same work at each: x1 runs as many as the largest factor has times its demand."""
    return {x: max(1, round(max(factors) / x)) for x in factors}


def run(binary, path, years, replications):
    """Wall time, events, and the user and system CPU time of the run."""
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([binary, "run", path, "--quiet", "-t", "1", "-r", str(replications), "--years", str(years),
                        "--out", out], check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        events = json.load(open(os.path.join(out, "manifest.json")))["events"]
    return wall, events, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="*")
    parser.add_argument("--factors", type=float, nargs="+", default=[1, 16, 80])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--years", type=float, default=1)
    parser.add_argument("--cpu", type=int, default=0, help="pin every run to this CPU (-1: do not pin; bench/ab.py says why)")
    parser.add_argument("--model", choices=sorted(MODELS), default="manchester",
                        help="manchester (default): the whole model; peer: the case flow alone, without workers")
    parser.add_argument("--write-configs", metavar="DIR",
                        help="only write the scaled scenarios to DIR (manchester-xF.yaml or peer-reference-xF.yaml)")
    args = parser.parse_args()
    if not args.binaries and not args.write_configs:
        parser.error("give the binaries to time, or --write-configs DIR")
    if args.write_configs:
        os.makedirs(args.write_configs, exist_ok=True)
        for path in write_configs(args.model, args.factors, args.write_configs).values():
            print(path)
        return
    if args.cpu >= 0:
        os.sched_setaffinity(0, {args.cpu})  # the runs inherit it
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_configs(args.model, args.factors, tmp)
        replications = equal_work(args.factors)
        cost = {(b, x): [] for b in args.binaries for x in args.factors}
        user = {(b, x): [] for b in args.binaries for x in args.factors}
        kernel = {(b, x): [] for b in args.binaries for x in args.factors}
        events = {}
        for r in range(args.rounds):
            order = args.binaries if r % 2 == 0 else list(reversed(args.binaries))
            for factor in args.factors:
                for binary in order:
                    wall, n, user_time, system = run(binary, paths[factor], args.years, replications[factor])
                    cost[(binary, factor)].append(wall / n * 1e9)
                    user[(binary, factor)].append(user_time / n * 1e9)
                    kernel[(binary, factor)].append(system / n * 1e9)
                    events[factor] = n
    print(f"{args.model}: {args.rounds} interleaved rounds of {args.years:g} year(s), 1 thread, the same work at every size; "
          "median ns per event (whole process) and its ratio to the smallest factor; the same of user CPU time "
          "(the process's own work, without the kernel's); and the median ns in the kernel")
    for binary in args.binaries:
        print(binary)
        first = statistics.median(cost[(binary, args.factors[0])])
        first_user = statistics.median(user[(binary, args.factors[0])])
        for factor in args.factors:
            ns = statistics.median(cost[(binary, factor)])
            user_ns = statistics.median(user[(binary, factor)])
            in_kernel = statistics.median(kernel[(binary, factor)])
            print(f"  x{factor:<5g} {replications[factor]:>3} replications {events[factor]:>12,} events  "
                  f"{ns:8.0f} ns/event  x{ns / first:.2f}   user {user_ns:5.0f} x{user_ns / first_user:.2f}   "
                  f"kernel {in_kernel:.0f}")
        # Each round's ratio to the smallest factor's run of the same round:
        # steadier than the ratio of medians where the machine's speed drifts
        # between rounds (as bench/compare.py's peer goal).
        smallest = args.factors[0]
        for factor in args.factors[1:]:
            print(f"  x{factor:g} / x{smallest:g}, paired rounds' median (range): "
                  f"wall {paired_ratio(cost[(binary, factor)], cost[(binary, smallest)])}, "
                  f"user {paired_ratio(user[(binary, factor)], user[(binary, smallest)])}")


if __name__ == "__main__":
    main()
