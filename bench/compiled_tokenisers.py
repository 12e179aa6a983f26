#!/usr/bin/env python3
"""Would a compiled Markdown tokeniser from PyPI make the body work cheap enough? Measures it.

    pip install pyromark markdown-it-pyrs      # optional: each one absent is skipped
    python bench/compiled_tokenisers.py bench/.sites/site10000 [--runs 3]

CPU seconds (fastest of ``--runs``, this process) over every Markdown body of the site:

* ``folio-lint scan + extraction``: ``body.scan_body`` (code, comments, Liquid, raw regions) and
  ``links.extract_body_links`` (every link form, with kramdown's and Liquid's rules): what the
  link rules start from;
* ``pyromark events_with_range``: pulldown-cmark (Rust), every event with its byte range handed to
  Python, only consumed (no Liquid, no kramdown: CommonMark only);
* ``markdown-it-pyrs tree``: markdown-it (Rust) building its syntax tree with source maps.

The compiled parsers on PyPI hand Python one object per event or node; that alone costs about
what folio-lint's whole scan costs. Only an extension that returns just the link destinations
(tens of thousands, not hundreds of thousands of objects) would change the budget: see
bench/README.md, "The 1.5x target for all rules, and what it would take".
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _bodies(site: Path) -> list[str]:
    out = []
    for dirpath, dirnames, files in os.walk(site):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "_site"]
        for f in sorted(files):
            if f.endswith((".md", ".markdown")):
                with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                    t = fh.read()
                e = t.find("\n---", 3) if t.startswith("---\n") else -1
                out.append(t[e + 4:] if e > 0 else t)
    return out


def _best(f, runs: int) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(runs):
        t = time.process_time()
        n = f()
        best = min(best, time.process_time() - t)
    return best, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    bodies = _bodies(a.site)
    print(f"{len(bodies)} Markdown bodies, {sum(map(len, bodies)) / 1e6:.1f} MB")

    from folio_lint.body import scan_body
    from folio_lint.links import extract_body_links

    def ours() -> int:
        return sum(len(extract_body_links(b, scan_body(b, 0))) for b in bodies)

    rows = [("folio-lint scan + extraction", ours, "links")]
    try:
        import pyromark

        rows.append(("pyromark events_with_range", lambda: sum(len(tuple(pyromark.events_with_range(b))) for b in bodies),
                     "events"))
    except ImportError:
        print("pyromark: not installed (skipped)")
    try:
        from markdown_it_pyrs import MarkdownIt

        md = MarkdownIt("commonmark")
        rows.append(("markdown-it-pyrs tree", lambda: sum(sum(1 for _ in md.tree(b).walk()) for b in bodies), "nodes"))
    except ImportError:
        print("markdown-it-pyrs: not installed (skipped)")
    for name, f, unit in rows:
        cpu, n = _best(f, a.runs)
        print(f"{name:32s} {cpu:6.3f} s CPU  ({n:,} {unit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
