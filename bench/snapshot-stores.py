#!/usr/bin/env python3
"""Helpers of bench/snapshot-stores.sh.

  snapshot-stores.py wait-run DB RUN_ID PID CPU OWN   waits for a queued run to end; prints
                                                     "<wall ms> <cpu s> <own cpu s> <status>": the
                                                     run's started->finished as the worker
                                                     recorded it, and the CPU of the worker JVM
                                                     with its children, and of the JVM alone,
                                                     since the readings CPU and OWN
  snapshot-stores.py cpu PID                         "<cpu s> <own cpu s>": PID with its reaped
                                                     children, and PID alone
  snapshot-stores.py argv SNAPSHOT_JSON              the rsync argv minus its destination, NUL-separated
  snapshot-stores.py report WORK DOC HEADER_FILE     prints the tables; rewrites the section of DOC
                                                     (DOC "-" only prints)

Each WORK/<label>.times line is one repetition: "<wall ms> <cpu s> [<JVM's own cpu s>]".
"""
import json
import os
import re
import sqlite3
import statistics
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
BEGIN, END = "<!-- snapshot-stores:begin -->", "<!-- snapshot-stores:end -->"


def cpu(pid, own_only=False):
    # utime, stime, cutime, cstime: the JVM and the rsync and ssh processes it waited for.
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:13 if own_only else 15]) / TICKS


def wait_run(db, run_id, pid, cpu_before, own_before):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    while True:
        row = con.execute("SELECT status, started_at, finished_at FROM backup_run WHERE id = ?",
                          (run_id,)).fetchone()
        if row and row[0] not in ("queued", "running"):
            break
        time.sleep(0.2)
    status, started, finished = row
    # The last field: the JVM's own share of the CPU (reading rsync's output, the database).
    print(f"{finished - started} {cpu(pid) - cpu_before:.2f} {cpu(pid, True) - own_before:.2f} {status}")


def argv(path):
    with open(path) as f:
        command = json.load(f)["rsync_command"]
    sys.stdout.write("\0".join(command[:-1]) + "\0")


def load(work, label):
    path = f"{work}/{label}.times"
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = [line.split() for line in f if line.strip()]
    return [int(r[0]) / 1000 for r in rows], [float(r[1]) for r in rows], [float(r[2]) for r in rows if len(r) > 2]


def cell(work, label):
    data = load(work, label)
    if not data:
        return "", None, None
    wall, cpu_s, _ = data
    return (f"{statistics.median(wall):.2f} s ({statistics.median(cpu_s):.2f} s)",
            statistics.median(wall), statistics.median(cpu_s))


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else ""


def verdict(value, target):
    if value is None or target is None:
        return ""
    return f"≤ {target}x: " + ("met" if value <= target else "missed")


def backups():
    # The aged incremental is labelled by how many snapshots came before (AGED, 10 by default).
    aged = int(os.environ.get("AGED", "10"))
    return (
        ("full", "full backup"),
        ("incr1", "1 % changed, 1 earlier snapshot"),
        (f"incr{aged}", f"1 % changed, {aged} earlier snapshots"),
    )


def tables(work):
    out = ["| backup | bare rsync | hardlink, worker | hardlink, CLI | ratio worker (CPU) | target "
           "| btrfs, worker | bare rsync --link-dest on btrfs | ratio (CPU) | target |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for key, name in backups():
        bare, bw, bc = cell(work, f"rsync-{key}")
        hw_text, hw, hc = cell(work, f"hl-worker-{key}")
        cli_text, _, _ = cell(work, f"hl-cli-{key}")
        bt_text, tw, tc = cell(work, f"bt-worker-{key}")
        bb_text, bbw, bbc = cell(work, f"rsync-btrfs-{key}")
        target = 1.05 if key == "full" else 1.10
        bt_target = None if key == "full" else 0.35
        out.append(f"| {name} | {bare} | {hw_text} | {cli_text} | {ratio(hw, bw)} ({ratio(hc, bc)}) "
                   f"| {verdict(hw / bw if hw and bw else None, target)} | {bt_text} | {bb_text} "
                   f"| {ratio(tw, bbw)} ({ratio(tc, bbc)}) "
                   f"| {verdict(tw / bbw if tw and bbw else None, bt_target)} |")
    out.append("")
    out.append("| delete one snapshot | wall (CPU) | against `rm -rf` of a hard-linked copy | target |")
    out.append("|---|---|---|---|")
    rm_text, rw, rc = cell(work, "rm-btrfs")
    pr_text, pw, pc = cell(work, "prune-btrfs")
    out.append(f"| `pobsync retention --apply --yes` on the btrfs store (JVM start included) | {pr_text} "
               f"| {rm_text}: {ratio(pw, rw)} (CPU {ratio(pc, rc)}) | {verdict(pw / rw if pw and rw else None, 0.25)} |")
    rm2_text, rw2, rc2 = cell(work, "rm-hl")
    pr2_text, pw2, pc2 = cell(work, "prune-hl")
    out.append(f"| `pobsync retention --apply --yes` on the hardlink store (tmpfs) | {pr2_text} "
               f"| {rm2_text}: {ratio(pw2, rw2)} (CPU {ratio(pc2, rc2)}) | |")
    sync_text, _, _ = cell(work, "btrfs-cleaner")
    if sync_text:
        out.append(f"| btrfs freeing the deleted subvolume afterwards (`btrfs subvolume sync`, not part of the above) "
                   f"| {sync_text} | | |")
    out.append("")
    every = []
    for name in sorted(f[:-6] for f in os.listdir(work) if f.endswith(".times")):
        wall, _, own = load(work, name)
        every.append(f"{name} " + "/".join(f"{w:.2f}" for w in wall)
                     + (" (the JVM's own CPU " + "/".join(f"{c:.2f}" for c in own) + " s)" if own else ""))
    out.append("Every repetition, wall seconds in the order run: " + "; ".join(every) + ".")
    return "\n".join(out)


def report(work, doc, header_file):
    with open(header_file) as f:
        header = f.read().strip()
    notes_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "snapshot-stores.notes.md")
    notes = open(notes_file).read().strip() if os.path.exists(notes_file) else ""
    body = f"{header}\n\n{tables(work)}\n\n{notes}".strip()
    print(body)
    if doc == "-":
        return
    section = f"{BEGIN}\n## Snapshot stores (issue 16)\n\n{body}\n{END}"
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
    with open(doc, "w") as f:
        f.write(text)


def main(args):
    if args[0] == "wait-run":
        wait_run(args[1], int(args[2]), int(args[3]), float(args[4]), float(args[5]))
    elif args[0] == "cpu":
        print(f"{cpu(int(args[1])):.2f} {cpu(int(args[1]), True):.2f}")
    elif args[0] == "argv":
        argv(args[1])
    elif args[0] == "report":
        report(args[1], args[2], args[3])
    else:
        sys.exit(f"unknown command {args[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
