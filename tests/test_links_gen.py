"""Accuracy on generated al-folio sites (../shared/bench/gen_site.py): every injected link, image and
citation fault (and every `cascade:` link to a URL an injected fault moved) is found at its line,
nothing else is reported by the link rules, and a fault-free site gets no link findings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHARED

GEN = SHARED / "bench" / "gen_site.py"
SCORE = SHARED / "bench" / "score_faults.py"
pytestmark = pytest.mark.skipif(not GEN.exists(), reason="../shared/bench/gen_site.py is not available")
KINDS = "broken_internal_link,missing_image,unknown_citation_key"


def _link_diags(root):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    site = build_site(str(root))
    res = lint_site(site, Settings(select=("FL3", "FL4")), cwd=str(root))
    return [{"path": d.path, "line": d.start.line, "column": d.start.column, "code": d.code,
             "severity": d.severity.name.lower(), "message": d.message}
            for d in res.diagnostics]


def _gen(out, seed, rate, pages):
    subprocess.run([sys.executable, str(GEN), str(out), "--pages", str(pages), "--seed", str(seed),
                    "--fault-rate", str(rate), "--force", "-q"], check=True)


@pytest.mark.parametrize("seed", [1, 2, 3, 7])
def test_precision_and_recall(tmp_path, seed):
    site = tmp_path / "site"
    _gen(site, seed, 0.15, 600)
    diags = _link_diags(site)
    sev = {d["severity"] for d in diags}
    assert sev <= {"error", "warning", "info"}, sev
    fj = tmp_path / "findings.json"
    fj.write_text(json.dumps({"version": 1, "diagnostics": diags}))
    r = subprocess.run([sys.executable, str(SCORE), str(site), str(fj), "--kinds", KINDS,
                        "--min-recall", "0.98", "--min-precision", "0.98"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    faults = [json.loads(l) for l in (site / ".faults.jsonl").read_text().splitlines()]
    assert any(f["kind"] == "broken_internal_link" for f in faults)


def test_no_link_findings_without_faults(tmp_path):
    site = tmp_path / "site"
    _gen(site, 5, 0.0, 800)
    diags = [d for d in _link_diags(site) if d["severity"] in ("error", "warning")]
    assert diags == [], diags[:5]
