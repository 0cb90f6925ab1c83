#!/usr/bin/env python3
"""Rewrites the backup-vs-rsync section of docs/benchmarks.md.

  write-section.py DOC FIGURES NOTES

The section is the figures of one run (bench/backup-vs-rsync.sh writes them to a file) followed
by the notes (bench/backup-vs-rsync.notes.md), between the section's markers; a missing
section is appended, a missing DOC is created with the file's usual introduction.
"""
import os
import re
import sys

BEGIN, END = "<!-- backup-vs-rsync:begin -->", "<!-- backup-vs-rsync:end -->"


def main(doc, figures, notes):
    with open(figures) as f, open(notes) as n:
        section = (f"{BEGIN}\n## Backup against bare rsync (issue 2)\n\n{f.read().strip()}\n\n"
                   f"{n.read().strip()}\n{END}")
    if os.path.exists(doc):
        with open(doc) as f:
            text = f.read()
    else:
        text = "# Benchmarks\n\nFigures measured by the scripts under `bench/`; each script rewrites its own section.\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(doc, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main(*sys.argv[1:4])
