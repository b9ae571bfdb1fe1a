#!/usr/bin/env python3
"""Joins the output of torch_mlp_bench.py and of `hpo bench engine` (same run, same machine) into one
markdown table: samples per second of both, their ratio against the goal, the whole-epoch share, and
the two-trial speedup when `--parallel-trials 2` was given.

    /usr/bin/python3 bench/torch/torch_mlp_bench.py --threads 1 2 --epochs 9 > torch.txt
    ./hpo bench engine --threads 1,2 --epochs 9 --parallel-trials 2 > hpo.txt
    python3 bench/torch/compare.py torch.txt hpo.txt
"""
import re
import sys

GOALS = {  # (case, threads): the goal for the ratio of Hpo to PyTorch
    ("a_digits_64-128-128-10_b32_sgdm", 1): 5.0, ("a_digits_64-128-128-10_b32_adam", 1): 4.0,
    ("c_2-50-1_b1_sgdm", 1): 30.0, ("c_2-50-1_b32_sgdm", 1): 3.0,
    ("b_784-256-256-10_b128_sgdm", 1): 1.2, ("b_784-256-256-10_b128_sgdm", 2): 1.2,
    ("d_784-1024-1024-10_b256_sgdm", 1): 1.2, ("d_784-1024-1024-10_b256_sgdm", 2): 1.2,
}
LINE = re.compile(r"^case=(\S+) threads=(\d+) samples_per_s=([\d.]+)(.*)$")


def read(path):
    rows = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                rows[(m.group(1), int(m.group(2)))] = (float(m.group(3)), m.group(4))
    return rows


def main(torch_path, hpo_path):
    torch, hpo = read(torch_path), read(hpo_path)
    print("| case | threads | PyTorch samples/s | Hpo training steps | ratio | goal | whole epoch / steps | 2 trials / 1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (case, threads), (theirs, _) in torch.items():
        if (case, threads) not in hpo:
            continue
        ours = hpo[(case, threads)][0]
        whole = hpo.get((case + "-whole_epoch", threads), (None, ""))[1]
        share = re.search(r"of_training_only=([\d.]+)", whole)
        parallel = hpo.get((case + "-parallel_trials_2", 1), (None, ""))[1] if threads == 1 else ""
        speedup = re.search(r"speedup=([\d.]+)", parallel)
        goal = GOALS.get((case, threads))
        print(f"| `{case}` | {threads} | {theirs:,.0f} | {ours:,.0f} | {ours / theirs:.2f}x | "
              f"{'>= %gx' % goal if goal else '-'} | {share.group(1) if share else '-'} | "
              f"{speedup.group(1) + 'x' if speedup else '-'} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
