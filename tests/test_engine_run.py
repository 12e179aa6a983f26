"""``engine._run``: the per-file bound on one rule's findings (MAX_FINDINGS_PER_FILE)."""

from __future__ import annotations

from folio_lint import engine
from folio_lint.diagnostics import Finding, Severity
from folio_lint.registry import PAGE, SITE, Rule


def _rule(scope, emit):
    return Rule("FL990", "test-rule", Severity.WARNING, scope, lambda target, ctx: emit())


def test_under_the_bound_everything_is_kept_in_order():
    fs = [Finding(f"p{i % 3}.md", i, i + 1, "m") for i in range(900)]
    out = engine._run(_rule(PAGE, lambda: iter(fs)), None, None, "x")
    assert [f.start for f in out] == list(range(900))
    assert all(f.code == "FL990" for f in out)


def test_a_page_rule_stops_at_the_bound_of_one_file():
    seen = []

    def emit():
        for i in range(5000):
            seen.append(i)
            yield Finding("a.md", i, i, "m")

    out = engine._run(_rule(PAGE, emit), None, None, "a.md")
    assert len(out) == engine.MAX_FINDINGS_PER_FILE + 1
    assert out[-1].severity == Severity.INFO and "more than 1,000" in out[-1].message
    assert len(seen) == engine.MAX_FINDINGS_PER_FILE + 1  # the generator was closed there


def test_a_site_rule_caps_each_file_and_keeps_the_others():
    def emit():
        for i in range(1500):
            yield Finding("big.md", i, i, "m")
            if i % 2:
                yield Finding("small.md", i, i, "m")

    out = engine._run(_rule(SITE, emit), None, None, "_config.yml")
    big = [f for f in out if f.path == "big.md" and f.severity != Severity.INFO]
    small = [f for f in out if f.path == "small.md" and f.severity != Severity.INFO]
    notes = [f for f in out if f.severity == Severity.INFO]
    assert len(big) == engine.MAX_FINDINGS_PER_FILE and [f.start for f in big] == list(range(1000))
    assert len(small) == 750
    assert [n.path for n in notes] == ["big.md"]


def test_a_crashing_rule_is_one_internal_finding():
    def emit():
        yield Finding("a.md", 0, 1, "m")
        raise ValueError("boom")

    out = engine._run(_rule(PAGE, emit), None, None, "a.md")
    assert len(out) == 1 and out[0].code == engine.INTERNAL_CODE and "boom" in out[0].message
