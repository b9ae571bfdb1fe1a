#!/usr/bin/env python3
"""Side-by-side rounds: runs torch_mlp_bench.py and `hpo bench engine` one after the other, round after
round, and prints each case's ratio per round with its median and its lowest. On a shared VM whose
speed drifts by tens of percent over minutes, a ratio taken from two programs run once, minutes apart,
says as much about the drift as about the engines; the ratios of many adjacent pairs say how they compare.

    env -u OPENBLAS_CORETYPE /usr/bin/python3 bench/torch/rounds.py --rounds 5 --cases b d --threads 1 2 --epochs 3
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

from compare import GOALS, LINE

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(command):
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rows = {}
    for line in done.stdout.splitlines():
        m = LINE.match(line.strip())
        if m and not re.search(r"-(whole_epoch|parallel_trials_\d+)$", m.group(1)):
            rows[(m.group(1), int(m.group(2)))] = float(m.group(3))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cases", nargs="+", default=["b", "d"])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--epochs", type=int, default=3)
    args = ap.parse_args()

    torch_cmd = [sys.executable, os.path.join(HERE, "torch_mlp_bench.py"), "--cases", *args.cases,
                 "--threads", *map(str, args.threads), "--epochs", str(args.epochs)]
    hpo_cmd = [os.path.join(ROOT, "hpo"), "bench", "engine", "--cases", ",".join(args.cases),
               "--threads", ",".join(map(str, args.threads)), "--epochs", str(args.epochs)]
    theirs, ours = {}, {}
    for r in range(args.rounds):
        for name, command, store in (("PyTorch", torch_cmd, theirs), ("Hpo", hpo_cmd, ours)):
            for key, value in run(command).items():
                store.setdefault(key, []).append(value)
        print(f"# round {r + 1} of {args.rounds} done", file=sys.stderr, flush=True)

    print(f"| case | threads | PyTorch samples/s (median, range) | Hpo samples/s (median, range) "
          f"| ratio per round | median ratio | lowest | goal |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for key in theirs:
        if key not in ours:
            continue
        case, threads = key
        t, o = theirs[key], ours[key]
        ratios = [b / a for a, b in zip(t, o)]
        goal = GOALS.get(key)
        print(f"| `{case}` | {threads} | {statistics.median(t):,.0f} ({min(t):,.0f}-{max(t):,.0f}) "
              f"| {statistics.median(o):,.0f} ({min(o):,.0f}-{max(o):,.0f}) "
              f"| {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x "
              f"| {'>= %gx' % goal if goal else '-'} |")


if __name__ == "__main__":
    main()
