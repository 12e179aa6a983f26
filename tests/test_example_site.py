"""The example site shows every kind of finding, each listed in its README; its clean twin shows none."""

from __future__ import annotations

import re

from conftest import EXAMPLES, lint

ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*(FL\d{3})\s*\|")


def _documented():
    rows = set()
    for line in (EXAMPLES / "site" / "README.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            rows.add((m.group(1), int(m.group(2)), m.group(3)))
    return rows


def test_every_documented_fault_is_reported_and_nothing_else():
    diags = lint(["."], cwd=EXAMPLES / "site")
    got = {(d["path"], d["line"], d["code"]) for d in diags if d["severity"] in ("error", "warning", "info")}
    want = _documented()
    assert want, "the README table lists no faults"
    missing = want - got
    extra = got - want
    assert not missing, f"documented but not reported: {sorted(missing)}"
    assert not extra, "reported but not documented in examples/site/README.md:\n" + "\n".join(
        f"{d['path']}:{d['line']} {d['code']} {d['message']}" for d in diags if (d["path"], d["line"], d["code"]) in extra)


def test_every_default_rule_family_is_shown():
    """Each rule family that has default rules appears at least once in the example site."""
    from folio_lint.registry import load_rules

    families = {r.code[:3] for r in load_rules().values() if r.default_enabled and r.code != "FL999"}
    shown = {code[:3] for _, _, code in _documented()}
    assert families <= shown, f"rule families without an example: {sorted(families - shown)}"


def test_clean_site_is_clean():
    assert lint(["."], cwd=EXAMPLES / "clean-site") == []
