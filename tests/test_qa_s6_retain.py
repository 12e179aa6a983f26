"""``engine.RETAIN`` (set by the CLI run that ends with ``os._exit``) holds at most the LATEST run's
RuleContext: in ``folio-lint check a b c`` the earlier sites' indexes are freed as the next is linted."""

from __future__ import annotations

from pathlib import Path

from folio_lint import engine
from folio_lint.discover import build_site
from folio_lint.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def test_retain_keeps_only_the_latest_context(monkeypatch):
    kept: list = []
    monkeypatch.setattr(engine, "RETAIN", kept)
    first = engine.lint_site(build_site(str(REPO / "examples" / "site")), Settings())
    assert len(kept) == 1 and kept[0].site is first.site
    second = engine.lint_site(build_site(str(REPO / "examples" / "clean-site")), Settings())
    assert len(kept) == 1 and kept[0].site is second.site
    assert engine.RETAIN is kept  # the same list (the CLI's), emptied and refilled


def test_retain_across_a_multi_site_run(monkeypatch):
    from folio_lint.runner import run

    kept: list = []
    monkeypatch.setattr(engine, "RETAIN", kept)
    report, results = run([str(REPO / "examples" / "site"), str(REPO / "examples" / "clean-site")], Settings(),
                          cwd=str(REPO))
    assert len(results) == 2
    assert len(kept) == 1 and kept[0].site is results[-1].site
