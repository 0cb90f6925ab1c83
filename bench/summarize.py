#!/usr/bin/env python3
"""Prints the markdown table of bench/backup-vs-rsync.sh from its WORK/<label>.times files.

Each line of a .times file is "<wall milliseconds> <peak RSS KiB>" of one repetition. Labels:
pobsync-<phase>, rsync-<phase> and, when BEFORE_JAR was given, before-<phase>.
"""
import os
import statistics
import sys

PHASES = (("full", "full", 1.05), ("incr", "incremental (1% changed)", 1.15))
VARIANTS = (("pobsync", "pobsync"), ("before", "pobsync before (BEFORE_JAR, no launch cache)"))


def load(work, label):
    with open(f"{work}/{label}.times") as f:
        rows = [line.split() for line in f if line.strip()]
    return [int(r[0]) / 1000 for r in rows], [int(r[1]) / 1024 for r in rows]


def main(work):
    print("| backup | variant | reps | median / min (s) | bare rsync median / min (s) "
          "| ratio of medians (target) | ratio of mins | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    for phase, name, target in PHASES:
        r, r_rss = load(work, f"rsync-{phase}")
        for variant, variant_name in VARIANTS:
            if not os.path.exists(f"{work}/{variant}-{phase}.times"):
                continue
            p, p_rss = load(work, f"{variant}-{phase}")
            ratio = statistics.median(p) / statistics.median(r)
            verdict = "met" if ratio <= target else "missed"
            print(f"| {name} | {variant_name} | {len(p)} | {statistics.median(p):.2f} / {min(p):.2f} "
                  f"| {statistics.median(r):.2f} / {min(r):.2f} | {ratio:.3f} (≤ {target}: {verdict}) "
                  f"| {min(p) / min(r):.3f} | {statistics.median(p_rss):.0f} (rsync {statistics.median(r_rss):.0f}) |")


if __name__ == "__main__":
    main(sys.argv[1])
