"""Performance plumbing that must not change results: ``engine.RETAIN`` (set only by the CLI run
as a program, which ends with ``os._exit``) keeps each run's RuleContext instead of freeing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from folio_lint import cli, engine
from folio_lint.discover import build_site
from folio_lint.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "examples" / "site"


def _key(diags):
    return [(d.path, d.start_offset, d.end_offset, d.code, d.message) for d in diags]


def test_retained_run_is_the_same_run(monkeypatch):
    plain = engine.lint_site(build_site(str(SITE)), Settings(), cwd=str(SITE))
    kept: list = []
    monkeypatch.setattr(engine, "RETAIN", kept)
    held = engine.lint_site(build_site(str(SITE)), Settings(), cwd=str(SITE))
    assert _key(held.diagnostics) == _key(plain.diagnostics) and plain.diagnostics
    assert len(kept) == 1 and kept[0].site is held.site and kept[0].memo


def test_not_set_outside_the_program(capsys):
    with pytest.raises(SystemExit):
        cli.main(["check", "--no-cache", str(REPO / "examples" / "clean-site")])
    capsys.readouterr()
    assert engine.RETAIN is None
