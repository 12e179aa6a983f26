"""Boilerplate on sites from shared/bench/gen_site.py: every injected `boilerplate` fault found at
its line (the scorer's window: the block's first line to +8), nothing elsewhere; none at rate 0."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import shared_or_skip
from folio_lint.discover import build_site
from folio_lint.engine import lint_site
from folio_lint.settings import Settings


def _gen(tmp_path, name, pages, seed, rate):
    gen = shared_or_skip("bench", "gen_site.py")
    out = tmp_path / name
    subprocess.run([sys.executable, str(gen), str(out), "--pages", str(pages), "--seed", str(seed),
                    "--fault-rate", str(rate), "--force"], check=True, capture_output=True, timeout=300)
    return out


def _boilerplate(out, settings=None):
    site = build_site(str(out))
    res = lint_site(site, settings or Settings())
    return [d for d in res.diagnostics if d.code.startswith("FL5") or d.code == "FL999"]


@pytest.mark.parametrize("seed", [1, 4])
def test_every_boilerplate_fault_found_at_its_line_and_nothing_else(tmp_path, seed):
    out = _gen(tmp_path, f"s{seed}", 400, seed, 0.5)
    faults = [json.loads(l) for l in (out / ".faults.jsonl").read_text().splitlines()]
    wanted = [(f["path"], f["line"]) for f in faults if f["kind"] == "boilerplate"]
    assert len(wanted) >= 10
    diags = [d for d in _boilerplate(out) if str(d.severity) in ("warning", "error")]
    missed = [w for w in wanted if not any(d.path == w[0] and w[1] - 1 <= d.start.line <= w[1] + 8 for d in diags)]
    extra = [(d.path, d.start.line, d.code) for d in diags
             if not any(d.path == p and l - 1 <= d.start.line <= l + 8 for p, l in wanted)]
    assert not missed, missed
    assert not extra, extra
    assert not [d for d in diags if d.code == "FL999"]


def test_clean_generated_site_has_no_boilerplate_findings(tmp_path):
    out = _gen(tmp_path, "clean", 400, 2, 0)
    assert _boilerplate(out) == []
    # with every FL5 code on, only the stock publications description (FL508, info) remains
    every = _boilerplate(out, Settings(select=("FL5",)))
    assert [(d.path, d.code, str(d.severity)) for d in every] == [("_pages/publications.md", "FL508", "info")]
