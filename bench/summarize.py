#!/usr/bin/env python3
"""Prints the markdown tables of bench/backup-vs-rsync.sh from its WORK/<label>.times files.

Each line of a .times file is one repetition: "<wall ms> <peak RSS KiB> <user s> <system s>".
Labels: pobsync-<phase>, rsync-<phase> and, when BEFORE_JAR was given, before-<phase>.
"""
import os
import statistics
import sys

PHASES = (("full", "full", 1.05), ("incr", "incremental (1% changed)", 1.15))
VARIANTS = (("pobsync", "pobsync"), ("before", "pobsync before (BEFORE_JAR)"))


def load(work, label):
    with open(f"{work}/{label}.times") as f:
        rows = [line.split() for line in f if line.strip()]
    wall = [int(r[0]) / 1000 for r in rows]
    rss = [int(r[1]) / 1024 for r in rows]
    cpu = [float(r[2]) + float(r[3]) for r in rows] if rows and len(rows[0]) >= 4 else []
    return wall, rss, cpu


def main(work):
    print("| backup | variant | reps | wall median / min (s) | bare rsync median / min (s) "
          "| ratio of medians (target) | ratio of mins | CPU median, ratio | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    walls = []
    for phase, name, target in PHASES:
        r, r_rss, r_cpu = load(work, f"rsync-{phase}")
        walls.append(f"rsync-{phase}: " + "/".join(f"{w:.2f}" for w in r))
        for variant, variant_name in VARIANTS:
            if not os.path.exists(f"{work}/{variant}-{phase}.times"):
                continue
            p, p_rss, p_cpu = load(work, f"{variant}-{phase}")
            walls.append(f"{variant}-{phase}: " + "/".join(f"{w:.2f}" for w in p))
            ratio = statistics.median(p) / statistics.median(r)
            verdict = "met" if ratio <= target else "missed"
            cpu = (f"{statistics.median(p_cpu):.2f} s vs {statistics.median(r_cpu):.2f} s, "
                   f"{statistics.median(p_cpu) / statistics.median(r_cpu):.2f}x") if p_cpu and r_cpu else ""
            print(f"| {name} | {variant_name} | {len(p)} | {statistics.median(p):.2f} / {min(p):.2f} "
                  f"| {statistics.median(r):.2f} / {min(r):.2f} | {ratio:.3f} (≤ {target}: {verdict}) "
                  f"| {min(p) / min(r):.3f} | {cpu} | {statistics.median(p_rss):.0f} (rsync "
                  f"{statistics.median(r_rss):.0f}) |")
    print()
    print("Every repetition, wall seconds in the order run: " + "; ".join(walls) + ".")


if __name__ == "__main__":
    main(sys.argv[1])
