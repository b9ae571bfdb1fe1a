#!/usr/bin/env python3
"""Side-by-side rounds: runs torch_mlp_bench.py and `hpo bench engine` one after the other, round after
round, and prints each case's ratio per round with its median and its lowest. On a shared VM whose
speed drifts by tens of percent over minutes, a ratio taken from two programs run once, minutes apart,
says as much about the drift as about the engines; the ratios of many adjacent pairs say how they compare.

    env -u OPENBLAS_CORETYPE /usr/bin/python3 bench/torch/rounds.py --rounds 3 --cases a a_adam b c1 c32 d \\
        --threads 1 2 --epochs 3 --parallel-trials 2
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

from compare import GOALS, LINE

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(command):
    """Runs one benchmark program: {(case, threads): samples/s}, {(case, threads): whole epoch / steps},
    {case: speedup of parallel trials}."""
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rows, whole, parallel = {}, {}, {}
    for line in done.stdout.splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        name, threads, rest = m.group(1), int(m.group(2)), m.group(4)
        if name.endswith("-whole_epoch"):
            share = re.search(r"of_training_only=([\d.]+)", rest)
            whole[(name[:-len("-whole_epoch")], threads)] = float(share.group(1))
        elif re.search(r"-parallel_trials_\d+$", name):
            speedup = re.search(r"speedup=([\d.]+)", rest)
            parallel[name[:name.rindex("-parallel_trials_")]] = float(speedup.group(1))
        else:
            rows[(name, threads)] = float(m.group(3))
    return rows, whole, parallel


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cases", nargs="+", default=["b", "d"])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--parallel-trials", type=int, default=0, help="passed to hpo bench engine")
    ap.add_argument("--raw", help="also write every round's figures to this JSON file")
    args = ap.parse_args()

    torch_cmd = [sys.executable, os.path.join(HERE, "torch_mlp_bench.py"), "--cases", *args.cases,
                 "--threads", *map(str, args.threads), "--epochs", str(args.epochs)]
    hpo_cmd = [os.path.join(ROOT, "hpo"), "bench", "engine", "--cases", ",".join(args.cases),
               "--threads", ",".join(map(str, args.threads)), "--epochs", str(args.epochs)]
    if args.parallel_trials:
        hpo_cmd += ["--parallel-trials", str(args.parallel_trials)]
    theirs, ours, whole, parallel = {}, {}, {}, {}
    for r in range(args.rounds):
        for key, value in run(torch_cmd)[0].items():
            theirs.setdefault(key, []).append(value)
        rates, shares, speedups = run(hpo_cmd)
        for store, found in ((ours, rates), (whole, shares), (parallel, speedups)):
            for key, value in found.items():
                store.setdefault(key, []).append(value)
        print(f"# round {r + 1} of {args.rounds} done", file=sys.stderr, flush=True)

    if args.raw:
        with open(args.raw, "w") as f:
            json.dump({"pytorch": {f"{c} {t}": v for (c, t), v in theirs.items()},
                       "hpo": {f"{c} {t}": v for (c, t), v in ours.items()},
                       "whole_epoch_share": {f"{c} {t}": v for (c, t), v in whole.items()},
                       "parallel_trials_speedup": parallel}, f, indent=1)

    print(f"| case | threads | PyTorch samples/s (median, range) | Hpo samples/s (median, range) "
          f"| ratio per round | median ratio | lowest | goal | whole epoch / steps: median (lowest) | {args.parallel_trials or 'n'} trials / 1 (median) |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for key in theirs:
        if key not in ours:
            continue
        case, threads = key
        t, o = theirs[key], ours[key]
        ratios = [b / a for a, b in zip(t, o)]
        goal = GOALS.get(key)
        share = f"{statistics.median(whole[key]):.3f} ({min(whole[key]):.3f})" if key in whole else "-"
        speedup = f"{statistics.median(parallel[case]):.2f}x" if threads == 1 and case in parallel else "-"
        print(f"| `{case}` | {threads} | {statistics.median(t):,.0f} ({min(t):,.0f}-{max(t):,.0f}) "
              f"| {statistics.median(o):,.0f} ({min(o):,.0f}-{max(o):,.0f}) "
              f"| {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x "
              f"| {'>= %gx' % goal if goal else '-'} | {share} | {speedup} |")


if __name__ == "__main__":
    main()
