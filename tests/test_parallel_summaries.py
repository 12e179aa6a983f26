"""Page-rule workers send back compact per-page summaries, not links (issue 8).

FL311 (a missing target many pages link to) is a site rule run in the parent after the page
rules; with workers it reads each page's missing targets as the worker computed them. These
tests check that the findings are the same with one and with several processes, and that a
worker sends back the summaries, not the links.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from folio_lint import parallel
from folio_lint.discover import build_site
from folio_lint.engine import RuleContext, collect_findings
from folio_lint.settings import Settings


@pytest.fixture(autouse=True)
def low_threshold(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_DOCS", 20)
    monkeypatch.setattr(parallel, "PAGE_MIN_SECONDS", 0.0)


def _site(root: Path, n: int = 120) -> Path:
    (root / "_pages").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\nbaseurl: ''\ninclude: [_pages]\n", encoding="utf-8")
    for i in range(n):
        body = f"[a](/talks/) and [b](/page{(i + 1) % n}/)\n"
        if i % 3 == 0:
            body += "[c](/gone/)\n"  # another shared missing target
        if i == 7:
            body += "[d](/only-once/)\n"  # missing, but not shared
        (root / "_pages" / f"p{i}.md").write_text(f"---\nlayout: page\ntitle: P{i}\npermalink: /page{i}/\n---\n{body}",
                                                  encoding="utf-8")
    return root


def _findings(root: Path, jobs: int):
    site = build_site(str(root))
    ctx = RuleContext(site, Settings())
    got = collect_findings(site, Settings(), ctx=ctx, jobs=jobs)
    return sorted((f.code, f.path, f.start, f.end, f.message) for f in got), ctx


def test_shared_missing_target_same_with_workers(tmp_path, monkeypatch):
    if not parallel.fork_ok():
        pytest.skip("needs fork")
    root = _site(tmp_path / "site")
    one, _ = _findings(root, 1)
    states = []
    real = parallel.merge_memo_state

    def spy(memo, state):
        states.append(state)
        real(memo, state)

    monkeypatch.setattr(parallel, "merge_memo_state", spy)
    two, ctx = _findings(root, 2)
    assert two == one
    fl311 = [f for f in one if f[0] == "FL311"]
    assert len(fl311) == 2 and {"`/talks/`" in f[4] or "`/gone/`" in f[4] for f in fl311} == {True}
    assert states and all(st for st in states), "a worker ran the page rules of some pages"
    for ship in states:
        assert ship and {k[0] for k in ship} == {"missing-targets"}
        for (_kind, path), places in ship.items():
            assert all(t in ("/talks/", "/gone/", "/only-once/") for t, _s, _e in places)
    # the worker's pages: their links were read there, not here; their summaries came back
    shipped = {k for st in states for k in st}
    assert shipped and all(k in ctx.memo for k in shipped)
    assert not any(("links", path) in ctx.memo for _kind, path in shipped)

def test_worker_summary_errors_are_left_to_the_parent(tmp_path, monkeypatch):
    if not parallel.fork_ok():
        pytest.skip("needs fork")
    from folio_lint.rules import links as rl

    root = _site(tmp_path / "site", 60)
    one, _ = _findings(root, 1)
    parent = os.getpid()
    real = rl.missing_targets

    def flaky(d, ctx):
        if os.getpid() != parent:
            raise RuntimeError("boom")  # in a worker only: the parent computes the summary itself
        return real(d, ctx)

    monkeypatch.setattr(rl, "missing_targets", flaky)
    two, _ = _findings(root, 2)
    assert two == one
