#!/usr/bin/env python3
"""The parse-only floor folio-lint is measured against.

Reads every file of a site (walking the tree, skipping ``_site``/``.git``/dot folders, as a
linter must) and parses every front matter with libyaml (``yaml.CSafeLoader``) into Python
values. Nothing else: no positions, no rules, no output. Prints the page count.

    python bench/floor.py SITE
"""

from __future__ import annotations

import os
import re
import sys

import yaml

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\r|$)", re.M)


def main(root: str) -> int:
    pages = 0
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in ("_site", "node_modules", "vendor")]
        for name in files:
            try:
                with open(os.path.join(d, name), "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            if not raw.startswith(b"---"):
                continue
            text = raw.decode("utf-8", "replace")
            m = _OPEN.match(text)
            if m is None:
                continue
            c = _CLOSE.search(text, m.end())
            if c is None:
                continue
            try:
                yaml.load(text[m.end() : c.start()], Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass
            pages += 1
    print(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
