#!/usr/bin/env python3
"""Markdown tables for bench/hardlink-aging.sh and bench/btrfs-baseline.sh.

  stores-table.py WORK [--ref LABEL] LABEL=DESCRIPTION...

Reads WORK/LABEL.times; each line is one round:
  "<wall s> <client user> <client sys> [<ssh user> <ssh sys> <sender user> <sender sys>]"
The client is the command as run locally with every child it waited for (for rsync over ssh: the
receiver and generator plus the ssh client; for a local rsync: sender, receiver and generator).
The ssh and sender fields are those of a pull over ssh: the ssh client (already inside the
client's figure) and the remote rsync sender, each timed by /usr/bin/time wrappers. CPU is
user + system. Prints one row per label: medians (and the range of the walls), and the ratio of
the medians to --ref's.
"""
import statistics
import sys


def load(work, label):
    rows = []
    with open(f"{work}/{label}.times") as f:
        for line in f:
            v = [float(x) for x in line.split()]
            if v:
                rows.append(v + [0.0] * (7 - len(v)))
    return rows


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main(argv):
    work, ref, specs = argv[0], None, []
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--ref":
            ref = rest.pop(0)
        else:
            label, _, desc = arg.partition("=")
            specs.append((label, desc or label))
    stats = {}
    for label, _ in specs:
        rows = load(work, label)
        wall = [r[0] for r in rows]
        client = [r[1] + r[2] for r in rows]
        ssh = [r[3] + r[4] for r in rows]
        sender = [r[5] + r[6] for r in rows]
        total = [c + s for c, s in zip(client, sender)]
        stats[label] = dict(n=len(rows), wall=wall, total=total, client=client, ssh=ssh, sender=sender,
                            remote=any(s > 0 for s in sender))
    print("| variant | rounds | wall median (min–max) | CPU median: total | receiver + generator | ssh client | sender "
          + (f"| wall / `{ref}` | CPU / `{ref}` |" if ref else "|"))
    print("|---|---|---|---|---|---|---" + ("|---|---|" if ref else "|"))
    for label, desc in specs:
        s = stats[label]
        walls = s["wall"]
        row = (f"| {desc} (`{label}`) | {s['n']} | {med(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) "
               f"| {med(s['total']):.2f} s ")
        if s["remote"]:
            recv = [c - x for c, x in zip(s["client"], s["ssh"])]
            row += f"| {med(recv):.2f} s | {med(s['ssh']):.2f} s | {med(s['sender']):.2f} s "
        else:
            row += "| (all in total) | | "
        if ref:
            r = stats[ref]
            row += f"| {med(walls) / med(r['wall']):.2f}x | {med(s['total']) / med(r['total']):.2f}x "
        print(row + "|")
    print()
    print("Every round, wall seconds in the order run: "
          + "; ".join(f"{label}: " + "/".join(f"{w:.2f}" for w in stats[label]["wall"]) for label, _ in specs) + ".")


if __name__ == "__main__":
    main(sys.argv[1:])
