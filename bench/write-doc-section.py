#!/usr/bin/env python3
"""Rewrites one marked section of docs/benchmarks.md (any section, unlike write-section.py).

  write-doc-section.py DOC NAME FILE [--inside OUTER]

Replaces everything between "<!-- NAME:begin -->" and "<!-- NAME:end -->" in DOC with the
contents of FILE (markers kept). A missing section is added: just before "<!-- OUTER:end -->"
when --inside OUTER is given and that marker exists, else at the end of DOC. A missing DOC is
created with the file's usual introduction. Nothing outside the section changes.
"""
import argparse
import os
import re

INTRO = "# Benchmarks\n\nFigures measured by the scripts under `bench/`; each script rewrites its own section.\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("doc")
    p.add_argument("name")
    p.add_argument("file")
    p.add_argument("--inside")
    a = p.parse_args()
    begin, end = f"<!-- {a.name}:begin -->", f"<!-- {a.name}:end -->"
    with open(a.file) as f:
        section = f"{begin}\n{f.read().strip()}\n{end}"
    text = INTRO
    if os.path.exists(a.doc):
        with open(a.doc) as f:
            text = f.read()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    outer_end = f"<!-- {a.inside}:end -->" if a.inside else None
    if pattern.search(text):
        text = pattern.sub(lambda m: section, text, count=1)
    elif outer_end and outer_end in text:
        text = text.replace(outer_end, section + "\n\n" + outer_end, 1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(a.doc, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
