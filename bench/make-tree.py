#!/usr/bin/env python3
"""Deterministic source trees for bench/backup-vs-rsync.sh.

  make-tree.py create DIR [--seed N] [--files N] [--megabytes N] [--small-max BYTES] [--large-megabytes N]
  make-tree.py change DIR [--seed N] [--percent P] [--day D]

create: about --files files and --megabytes MB under DIR, all decided by --seed: small files
(0-32 KiB, most under 8 KiB; --small-max scales that range down) in a three-level tree of about
20 files per directory, plus 40 large files (a few MB each) that carry the rest of the volume, or
exactly --large-megabytes MB when that is given. Content is pseudo-random, so
neither rsync's delta algorithm nor compression gets an easy ride; mtimes are fixed.

change: rewrites P percent of the regular files (chosen by the seed from the sorted list) with
new content of a similar size and a newer mtime, the way a day of work changes a host. --day D
(default 1) sets that mtime to D days after the tree's, so a series of changes with different
seeds and days (day after day) never leaves a rewritten file with the size and mtime it had.
"""
import argparse
import os
import random

LARGE_FILES = 40
BASE_MTIME = 1_700_000_000


def small_size(rng, small_max=32768):
    # Mostly small, a long tail up to 32 KiB; about 6.5 KiB on average.
    r = rng.random()
    if r < 0.05:
        return 0
    if r < 0.80:
        return rng.randint(1, small_max // 4)
    return rng.randint(small_max // 4 + 1, small_max)


def write(path, rng, size, mtime):
    with open(path, "wb") as f:
        remaining = size
        while remaining > 0:
            n = min(remaining, 1 << 22)
            f.write(rng.randbytes(n))
            remaining -= n
    os.utime(path, (mtime, mtime))


def create(root, seed, files, megabytes, small_max=32768, large_megabytes=None):
    rng = random.Random(seed)
    small_count = files - LARGE_FILES
    dirs = []
    for a in range(20):
        for b in range(10):
            for c in range(5):
                dirs.append(os.path.join(root, f"d{a:02d}", f"s{b}", f"t{c}"))
    for d in dirs:
        os.makedirs(d, exist_ok=True)
    small_bytes = 0
    for i in range(small_count):
        size = small_size(rng, small_max)
        small_bytes += size
        d = dirs[i % len(dirs)]
        write(os.path.join(d, f"f{i:05d}.dat"), rng, size, BASE_MTIME + rng.randint(0, 10_000_000))
    large_total = (large_megabytes * 1_000_000 if large_megabytes is not None
                   else max(0, megabytes * 1_000_000 - small_bytes))
    weights = [rng.uniform(0.5, 1.5) for _ in range(LARGE_FILES)]
    big = os.path.join(root, "big")
    os.makedirs(big, exist_ok=True)
    for i, w in enumerate(weights):
        size = int(large_total * w / sum(weights))
        write(os.path.join(big, f"blob{i:02d}.bin"), rng, size, BASE_MTIME + rng.randint(0, 10_000_000))
    # rsync carries directory mtimes too: fix them so every tree of a seed is identical.
    for dirpath, _, _ in sorted(os.walk(root), reverse=True):
        os.utime(dirpath, (BASE_MTIME, BASE_MTIME))


def change(root, seed, percent, day=1):
    rng = random.Random(seed * 7919 + 1)
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
    count = max(1, round(len(paths) * percent / 100))
    chosen = rng.sample(paths, count)
    changed_bytes = 0
    for p in chosen:
        size = os.path.getsize(p)
        size = max(1, size + rng.randint(-size // 10, size // 10 + 16))
        changed_bytes += size
        write(p, rng, size, BASE_MTIME + 86_400 * day)
    print(f"changed {count} of {len(paths)} files ({changed_bytes / 1e6:.1f} MB)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["create", "change"])
    p.add_argument("dir")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--files", type=int, default=20_000)
    p.add_argument("--megabytes", type=int, default=500)
    p.add_argument("--percent", type=float, default=1.0)
    p.add_argument("--small-max", type=int, default=32768)
    p.add_argument("--large-megabytes", type=int, default=None)
    p.add_argument("--day", type=int, default=1)
    a = p.parse_args()
    if a.mode == "create":
        create(a.dir, a.seed, a.files, a.megabytes, a.small_max, a.large_megabytes)
    else:
        change(a.dir, a.seed, a.percent, a.day)


if __name__ == "__main__":
    main()
