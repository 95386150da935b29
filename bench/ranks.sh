#!/usr/bin/env bash
# bench/ranks.sh [BINARY] [REPLICATIONS] [ROUNDS]: ranks x threads on this
# machine. Interleaved rounds of the default scenario (5 years) with the MPI
# build: 1 process x 1 thread, mpirun -np 2 x 1 thread, 1 process x 2 threads;
# medians of wall and CPU seconds, and the 2-rank efficiency
# T(1 x 1) / (2 T(2 x 1)). Needs build-mpi/ (scripts/test-mpi.sh builds it).
# On a machine shared with other jobs, run it in its own scheduling group
# ahead of theirs (root; docs/performance.md, "Ranks x threads"):
#   setsid bash -c 'echo -20 >/proc/self/autogroup && nice -n -20 bench/ranks.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build-mpi/caseflow}
replications=${2:-60}
rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A commands=(
  [1x1]="$binary run -r $replications -t 1 -q --out $work/a"
  [2x1]="mpirun --allow-run-as-root --oversubscribe --bind-to none -np 2 $binary run -r $replications -t 1 -q --out $work/b"
  [1x2]="$binary run -r $replications -t 2 -q --out $work/c"
)
order=(1x1 2x1 1x2)
for ((round = 1; round <= rounds; round++)); do
  for name in "${order[@]}"; do
    # %e wall, %U + %S CPU of the command and its children (mpirun's ranks included)
    /usr/bin/time -f "$name %e %U %S" -a -o "$work/times" ${commands[$name]}
  done
  cmp -s "$work/a/summary.csv" "$work/b/summary.csv" || { echo "ranks.sh: 2 ranks gave another summary.csv" >&2; exit 1; }
done
python3 - "$work/times" "$replications" "$rounds" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip() and not line.startswith("Command")]
replications, rounds = int(sys.argv[2]), int(sys.argv[3])
wall, cpu = {}, {}
for name, e, u, s in rows:
    wall.setdefault(name, []).append(float(e))
    cpu.setdefault(name, []).append(float(u) + float(s))
print(f"{replications} replications of the default scenario, medians of {rounds} interleaved rounds")
print("| processes x threads | wall s | CPU s | replications/s |")
print("|---|---|---|---|")
for name in ("1x1", "2x1", "1x2"):
    w, c = statistics.median(wall[name]), statistics.median(cpu[name])
    print(f"| {name.replace('x', ' x ')} | {w:.2f} | {c:.2f} | {replications / w:.1f} |")
w11, w21, w12 = (statistics.median(wall[n]) for n in ("1x1", "2x1", "1x2"))
c11, c21 = statistics.median(cpu["1x1"]), statistics.median(cpu["2x1"])
print(f"2-rank efficiency, wall: T(1x1) / (2 T(2x1)) = {w11 / (2 * w21):.1%}")
print(f"2-rank efficiency, CPU: CPU(1x1) / CPU(2x1) = {c11 / c21:.1%}")
print(f"2 ranks against 2 threads, wall: T(1x2) / T(2x1) = {w12 / w21:.1%}")
PY
