#!/usr/bin/env python3
"""How much of the "all rules within 1.5x the floor" budget is left for the page bodies, per place
in them where a link, a Liquid tag, HTML or code may start, against what finding those places alone
costs and what folio-lint spends on them. The numbers behind bench/README.md's "what it would take".

    python bench/lower_bound.py bench/.sites/site10000 [--runs 5]

Measured, fastest of ``--runs`` (wall times in subprocesses, start-up and imports included):

* ``floor``: ``bench/floor.py`` (read every page, ``yaml.load(CSafeLoader)`` its front matter);
* ``front-matter rules``: ``folio-lint check --no-cache --select FL0,FL1,FL2``: the part of a run
  that is not about bodies;
* ``all rules``: ``folio-lint check --no-cache``;
* ``just finding the places``: ``str.find`` loops over every body for ``](``, ``{%``, ``{{``, ``<``
  and a backtick, keeping one tuple per place (CPU, in this process): the least any scanner must do.

The budget: a full run may take 1.5x the floor's wall time. What the front-matter rules take is
spent; the rest, times the CPUs (workers on every core, fork costs not counted), is the CPU time
left for everything done with bodies (code regions, links, includes, citations, boilerplate), shown
per place. Telling what a place is (in code? which link form? which target, and does it resolve?)
takes dozens of Python operations at ~0.05-0.3 us each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
TOKENS = ("](", "{%", "{{", "<", "`")  # where a link, an image, a Liquid tag, HTML or code can start


def _pages(site: Path) -> list[str]:
    out = []
    for dirpath, dirnames, files in os.walk(site):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "_site"]
        out += [os.path.join(dirpath, f) for f in files if f.endswith((".md", ".markdown", ".html"))]
    return sorted(out)


def _best(f, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args(argv)
    paths = _pages(a.site)
    texts = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as fh:
            texts.append(fh.read())
    bodies = []
    for t in texts:
        e = t.find("\n---", 3) if t.startswith("---\n") else -1
        bodies.append(t[e + 4:] if e > 0 else t)

    def wall(cmd: list[str]) -> float:  # fastest of the runs, start-up included
        env = dict(os.environ, PYTHONPATH=str(REPO))
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            subprocess.run(cmd, cwd=a.site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        return min(times)

    floor = wall([sys.executable, str(REPO / "bench" / "floor.py"), "."])

    def visit():  # find every place (C-level search) and keep one small tuple per place: nothing more
        out = []
        for b in bodies:
            for tok in TOKENS:
                i = b.find(tok)
                while i >= 0:
                    out.append((i, tok))
                    i = b.find(tok, i + 1)
        return out

    places = len(visit())
    visit_cpu = _best(visit, a.runs)
    fm = wall([sys.executable, "-m", "folio_lint", "check", "--no-cache", "--select", "FL0,FL1,FL2", "-q", "."])
    full = wall([sys.executable, "-m", "folio_lint", "check", "--no-cache", "-q", "."])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    left = max(0.0, 1.5 * floor - fm) * cpus
    now = max(0.0, full - fm) * cpus
    mb = sum(map(len, bodies)) / 1e6
    us = 1e6 / max(1, places)
    print(f"{len(paths)} pages, {mb:.1f} MB of bodies, {places:,} places where a link, tag, HTML or code may start, "
          f"{cpus} CPUs")
    print(f"floor: bench/floor.py (wall)                     {floor:6.3f} s")
    print(f"front-matter rules (wall, start-up incl.)        {fm:6.3f} s  ({fm / floor:.2f}x the floor)")
    print(f"all rules (wall)                                 {full:6.3f} s  ({full / floor:.2f}x the floor)")
    print(f"budget for body work at 1.5x the floor           {left:6.3f} s CPU = {left * us:5.2f} us per place")
    print(f"  just finding the places (str.find, one tuple)  {visit_cpu:6.3f} s CPU = {visit_cpu * us:5.2f} us per place")
    print(f"body work now (all rules - front-matter rules)   {now:6.3f} s CPU = {now * us:5.2f} us per place")
    return 0


if __name__ == "__main__":
    sys.exit(main())
