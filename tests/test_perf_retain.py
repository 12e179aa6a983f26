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


# ---------------------------------------------------------------------- read_source: one read per file
def test_read_source_reads_whole_files(tmp_path):
    from folio_lint.source import read_source

    for n in (0, 1, 4095, 4096, 4097, 200_000):
        p = tmp_path / f"f{n}.md"
        data = (b"---\ntitle: x\n---\n" + b"a" * n)[:n]
        p.write_bytes(data)
        src = read_source(p.name, str(p))
        assert src.error is None and src.disk_bytes() == data and src.text == data.decode()


def test_read_source_reads_a_file_that_grew_after_its_stat(tmp_path, monkeypatch):
    import os
    from types import SimpleNamespace

    from folio_lint.source import read_source

    p = tmp_path / "grown.md"
    data = b"---\ntitle: x\n---\n" + b"a" * 3000
    p.write_bytes(data)
    real = os.fstat

    def small(fd):  # as if 2,900 bytes were written between the stat and the read
        st = real(fd)
        return SimpleNamespace(st_mode=st.st_mode, st_size=100, st_mtime=st.st_mtime)

    monkeypatch.setattr(os, "fstat", small)
    src = read_source(p.name, str(p))
    assert src.error is None and src.disk_bytes() == data and src.text == data.decode()


def test_decoded_text_gives_back_its_bytes(tmp_path):
    from folio_lint.source import read_source, source_from_text

    for data in (b"---\ntitle: x\n---\n", "\ufeff---\ntitle: é\r\n---\r\n\u2028 ∑".encode("utf-8"), b""):
        p = tmp_path / "p.md"
        p.write_bytes(data)
        src = read_source(p.name, str(p))
        assert src.error is None and src.raw is None and src.disk_bytes() == data
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\ntitle: \xff\n---\n")
    src = read_source(bad.name, str(bad))
    assert src.error and src.raw == b"---\ntitle: \xff\n---\n"  # undecodable: the bytes are kept
    assert source_from_text("a.md", "---\n---\n").disk_bytes() is None  # an editor buffer: not from disk


# ---------------------------------------------------------------------- PyYAML's reader pattern, compiled when used
def test_pyyaml_reader_still_rejects_unprintable_text():
    import yaml
    import yaml.reader

    from folio_lint import yamlload

    assert yamlload.yaml is yaml
    with pytest.raises(yaml.reader.ReaderError):
        yaml.safe_load("title: a\x07b\n")  # the pure-Python reader: the lazily compiled pattern, used
    assert yaml.safe_load("title: ab\n") == {"title": "ab"}
    assert list(yaml.reader.Reader.NON_PRINTABLE.finditer("a\x07b\x08")) and not yaml.reader.Reader.NON_PRINTABLE.search("ok é")


# ---------------------------------------------------------------------- the page loop runs rules as _run does
def test_page_loop_gives_what_run_gives(monkeypatch):
    from folio_lint import registry
    from folio_lint.diagnostics import Finding, Severity
    from folio_lint.registry import PAGE, Rule

    def body(doc, ctx):
        n = doc.path.count("a")
        if n == 0:
            return None  # a rule with nothing to do here
        if n == 1:
            raise KeyError("before any finding")
        return gen(doc, n)

    def gen(doc, n):
        yield Finding(doc.path, 0, 1, "first")
        if n == 2:
            raise ValueError("after one finding")
        yield Finding(doc.path, 1, 2, "second", code="FL991")

    rule = Rule("FL990", "test-rule", Severity.WARNING, PAGE, body)
    monkeypatch.setitem(registry.RULES, "FL990", rule)
    site = build_site(str(SITE))
    paths = ["x.md", "a.md", "aa.md", "aaa.md"]
    docs = [engine.make_document(site.config, engine.source_from_text(p, "---\n---\n"), "page", None) for p in paths]
    settings = Settings(select=("FL990",))
    ctx = engine.RuleContext(site, settings)
    got = engine.collect_findings(site, settings, docs, site_rules=False, ctx=ctx)
    want = [f for d in docs for f in engine._run(rule, d, ctx, d.path)]
    assert got == want
    assert [(f.path, f.code) for f in got] == [("a.md", "FL999"), ("aa.md", "FL999"), ("aaa.md", "FL990"), ("aaa.md", "FL991")]
    assert "before any finding" in got[0].message and "after one finding" in got[1].message
