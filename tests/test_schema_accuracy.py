"""Accuracy on generated sites: front-matter faults found at their line, nothing else reported.

Sites come from ../shared/bench/gen_site.py (skipped when the shared folder is absent). A fault is
found when a warning/error finding sits in its file near its line (the windows of
score_faults.py: missing keys anywhere in the front matter, YAML errors within 2 lines); precision
counts every warning/error finding about front matter or `_config.yml` keys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, shared_or_skip

FM_KINDS = {"typo_key", "wrong_type", "missing_required_key", "duplicate_key", "yaml_syntax_error"}
FM_CODES = ("FL0", "FL1", "FL2", "FL6")


def _gen(tmp_path, seed: int, pages: int, rate: float):
    gen = shared_or_skip("bench", "gen_site.py")
    out = tmp_path / f"site{seed}_{rate}"
    subprocess.run([sys.executable, str(gen), str(out), "--pages", str(pages), "--seed", str(seed), "--fault-rate", str(rate), "-q"],
                   check=True, timeout=600)
    return out


def _findings(site):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    r = subprocess.run([sys.executable, "-m", "folio_lint", "check", ".", "--format", "json"], cwd=site, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["diagnostics"]


def _fm_end(path) -> int:
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return i
    return len(lines)


def _window(f, site):
    if f["kind"] == "missing_required_key":
        return 1, _fm_end(site / f["path"])
    if f["kind"] == "yaml_syntax_error":
        return f["line"] - 2, f["line"] + 2
    return f["line"] - 1, f["line"] + 1


@pytest.mark.parametrize("seed", [1, 2])
def test_front_matter_faults_precision_and_recall(tmp_path, seed):
    site = _gen(tmp_path, seed, 2000, 0.05)
    faults = [json.loads(x) for x in (site / ".faults.jsonl").read_text().splitlines()]
    diags = [d for d in _findings(site) if d["severity"] in ("error", "warning") and d["code"].startswith(FM_CODES)]
    wins = [(f["path"], *_window(f, site), f) for f in faults]
    fm = [w for w in wins if w[3]["kind"] in FM_KINDS]
    assert len(fm) >= 30
    found = sum(1 for p, lo, hi, _ in fm if any(d["path"] == p and lo <= d["line"] <= hi for d in diags))
    # precision: a front-matter finding must match some fault (any kind) of its file
    true = sum(1 for d in diags if any(d["path"] == p and lo <= d["line"] <= hi for p, lo, hi, _ in wins))
    recall, precision = found / len(fm), true / len(diags)
    assert recall >= 0.98, f"recall {recall:.3f}"
    assert precision >= 0.98, f"precision {precision:.3f}"


def test_no_findings_at_fault_rate_zero(tmp_path):
    site = _gen(tmp_path, 4, 1500, 0.0)
    assert _findings(site) == []
