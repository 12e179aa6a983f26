#!/usr/bin/env python3
"""Primer: run folio-lint over real al-folio sites and summarise what it says, era by era.

    python bench/primer.py SITE_DIR [SITE_DIR ...] [--json out.json] [--all]

Each SITE_DIR is a checked-out al-folio site (any era; a template checkout of upstream at some
date, or a user's site). The sites are not part of this repository: check them out yourself. For
each site it prints the number of findings per code and level, then every warning and error that is
not template boilerplate (FL5xx) — the lines to read when looking for false alarms. ``--all`` lists
every finding. Exit status is always 0: this is a reading aid, not a test.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lint(site: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    r = subprocess.run([sys.executable, "-m", "folio_lint", "check", "--no-cache", "--format", "json", "."],
                       cwd=site, env=env, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        return {"error": (r.stderr or r.stdout)[-2000:], "diagnostics": [], "summary": {}}
    return json.loads(r.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="+", type=Path)
    ap.add_argument("--json", type=Path, help="write all results here")
    ap.add_argument("--all", action="store_true", help="list every finding, boilerplate and infos included")
    a = ap.parse_args()
    results = {}
    for site in a.sites:
        if not site.is_dir():
            continue
        data = lint(site)
        results[str(site)] = data
        print(f"=== {site}  ({data.get('summary', {}).get('files_checked', '?')} files)")
        if "error" in data:
            print("  folio-lint failed:", data["error"])
            continue
        counts = collections.Counter((d["code"], d["severity"]) for d in data["diagnostics"])
        print("  " + ", ".join(f"{c}/{s}:{n}" for (c, s), n in sorted(counts.items())) if counts else "  no findings")
        for d in data["diagnostics"]:
            if a.all or (d["severity"] != "info" and not d["code"].startswith("FL5")):
                print(f"  {d['path']}:{d['line']}:{d['column']} {d['code']} {d['severity']}: {d['message'][:160]}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
