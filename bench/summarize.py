#!/usr/bin/env python3
"""Prints the markdown table of bench/backup-vs-rsync.sh from its WORK/<label>.times files.

Each line of a .times file is "<wall milliseconds> <peak RSS KiB>" of one repetition.
"""
import statistics
import sys

TARGETS = {"full": 1.05, "incr": 1.15}
NAMES = {"full": "full", "incr": "incremental (1% changed)"}


def load(work, label):
    with open(f"{work}/{label}.times") as f:
        rows = [line.split() for line in f if line.strip()]
    return [int(r[0]) / 1000 for r in rows], [int(r[1]) / 1024 for r in rows]


def main(work):
    print("| backup | reps | pobsync median / min (s) | bare rsync median / min (s) "
          "| ratio of medians (target) | ratio of mins | pobsync peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|")
    for phase, target in TARGETS.items():
        p, p_rss = load(work, f"pobsync-{phase}")
        r, _ = load(work, f"rsync-{phase}")
        ratio = statistics.median(p) / statistics.median(r)
        verdict = "met" if ratio <= target else "missed"
        print(f"| {NAMES[phase]} | {len(p)} | {statistics.median(p):.2f} / {min(p):.2f} "
              f"| {statistics.median(r):.2f} / {min(r):.2f} | {ratio:.3f} (≤ {target}: {verdict}) "
              f"| {min(p) / min(r):.3f} | {statistics.median(p_rss):.0f} |")


if __name__ == "__main__":
    main(sys.argv[1])
