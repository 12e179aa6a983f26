"""Bodies scanned in a child during the parse (folio_lint.prescan) never change a result.

A run that uses the child's scans must give exactly the diagnostics of a run in one process; a
result is used only for the text it was computed from; a child that is stopped mid-way, dies, or
never starts leaves the rest to the rules. Runs that cannot use it never start one.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from folio_lint import discover, engine, parallel, prescan
from folio_lint.body import scan_body
from folio_lint.links import body_links, literal_exts_of
from folio_lint.runner import run
from folio_lint.settings import Settings

from conftest import generated_or_fixture_site

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "site"

needs_fork = pytest.mark.skipif(not (parallel.fork_ok() and hasattr(os, "memfd_create")),
                                reason="the parse-time child needs fork and memfd_create (Linux)")


@pytest.fixture(scope="module")
def gen_site(tmp_path_factory) -> Path:
    """A 300-page generated site (or the small committed fixture when gen_site.py is absent)."""
    return generated_or_fixture_site(tmp_path_factory.mktemp("prescan") / "site", seed=11, fault_rate=0.3)


@pytest.fixture
def low_threshold(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_DOCS", 20)
    monkeypatch.setattr(parallel, "PAGE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(engine, "PROBE_DOCS", 8)


@pytest.fixture
def taken(monkeypatch):
    """Wait for the child (a test must not depend on how fast it is) and record what it gave."""
    got: list = []
    real_take = prescan.Prescan.take

    def wait(self):
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass

    def take(self):
        r = real_take(self)
        got.append(r)
        return r

    monkeypatch.setattr(prescan.Prescan, "_stop", wait)
    monkeypatch.setattr(prescan.Prescan, "take", take)
    return got


def _lint(root: Path, *, jobs, settings=None, paths=None):
    targets = [str(root / p) for p in paths] if paths else [str(root)]
    return run(targets, settings or Settings(), jobs=jobs, use_cache=False, cwd=str(root))[0].diagnostics


@needs_fork
@pytest.mark.parametrize("which", ["generated", "example"])
def test_runs_with_the_child_give_identical_results(gen_site, which, low_threshold, taken):
    root = gen_site if which == "generated" else EXAMPLE
    base = _lint(root, jobs=1)
    assert base and not taken  # one job: no child
    two = _lint(root, jobs=2)
    assert len(taken) == 1 and taken[0] is not None
    docs = discover.build_site(str(root)).documents
    assert sum(p in taken[0].where for p in docs) == len(docs)  # every page came from the child
    assert two == base


@needs_fork
def test_partial_results_are_used_and_the_rest_scanned(gen_site, low_threshold, monkeypatch):
    """A child stopped after its first batches: those are used, the others are scanned as usual."""
    base = _lint(gen_site, jobs=1)
    monkeypatch.setattr(prescan, "BATCH", 40)
    real = prescan._write
    calls = []

    def write(fd, batch, start, end):
        if start != prescan._BIB:  # (the .bib frame comes first and is not counted)
            calls.append(1)
        if len(calls) == 3:  # the third frame of pages is cut short, as by SIGKILL mid-write
            os.write(fd, prescan._HEAD.pack(10_000, start, end) + b"\x00" * 10)
            os._exit(0)
        real(fd, batch, start, end)

    monkeypatch.setattr(prescan, "_write", write)
    got: list = []
    real_take = prescan.Prescan.take

    def take(self):
        os.waitpid(self.pid, 0)
        self._stop = lambda: None
        r = real_take(self)
        got.append(r)
        return r

    monkeypatch.setattr(prescan.Prescan, "take", take)
    assert _lint(gen_site, jobs=2) == base
    assert got[0] is not None and len(got[0].frames) == 2


@needs_fork
def test_a_child_that_dies_changes_nothing(gen_site, low_threshold, monkeypatch):
    base = _lint(gen_site, jobs=1)
    monkeypatch.setattr(prescan, "_scan_into", lambda *a: os.kill(os.getpid(), 9))
    got: list = []
    real_take = prescan.Prescan.take
    monkeypatch.setattr(prescan.Prescan, "take", lambda self: got.append(real_take(self)) or got[-1])
    assert _lint(gen_site, jobs=2) == base
    assert got == [None]


@needs_fork
def test_no_child_when_nothing_reads_bodies(gen_site, low_threshold, monkeypatch):
    started = []
    monkeypatch.setattr(prescan, "start", lambda *a: started.append(1))
    _lint(gen_site, jobs=2, settings=Settings(select=("FL0", "FL1", "FL2")))  # front-matter rules only
    one = next(iter(discover.build_site(str(gen_site)).documents))
    _lint(gen_site, jobs=2, paths=[one])  # one file named (a pre-commit run)
    _lint(gen_site, jobs=1)
    assert started == []
    _lint(gen_site, jobs=2)
    assert started == [1]


def _site_pages(root: Path):
    site = discover.build_site(str(root))
    exts = literal_exts_of(site.config.data)
    return site, exts, [d for d in site.documents.values() if d.source.error is None]


def test_packed_form_gives_back_the_same_objects(gen_site):
    for root in (gen_site, EXAMPLE):
        _site, exts, docs = _site_pages(root)
        assert docs
        for d in docs:
            scan = scan_body(d.text, d.body_start)
            links, lit = body_links(d.path, d.text, scan, exts)
            t = prescan.pack(d.path, d.body_start, len(d.text), hash(d.text), scan, links, lit)
            import marshal

            s2, l2, lit2 = prescan.unpack(marshal.loads(marshal.dumps(t)))
            s2._index()  # (the skip index the scan's users build on first use)
            assert (s2, l2, lit2) == (scan, links, lit), d.path


def _scanned(root: Path, paths: list[str], exts) -> prescan.Prescanned:
    """The child's work done here, into a memfd, and read back as take() does."""
    fd = os.memfd_create("t")
    prescan._scan_into(fd, str(root), paths, exts)
    h = prescan.Prescan.__new__(prescan.Prescan)
    h.pid, h.fd, h.paths, h._done = -1, fd, paths, False
    h._stop = lambda: None
    return h.take()


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="memfd_create is Linux only")
def test_a_changed_text_is_scanned_again(gen_site):
    site, exts, docs = _site_pages(gen_site)
    pre = _scanned(gen_site, [d.path for d in docs], exts)
    d = next(d for d in docs if "](" in d.text[d.body_start:])
    assert pre.get(d) is not None
    # the same length, one character changed (the file was edited between the two reads)
    i = d.text.index("](") - 1
    changed = d.text[:i] + ("x" if d.text[i] != "x" else "y") + d.text[i + 1:]
    from dataclasses import replace

    from folio_lint.site import make_document

    d2 = make_document(site.config, replace(d.source, text=changed), d.kind, d.collection)
    assert len(d2.text) == len(d.text) and pre.get(d2) is None
    # a page the child never saw, and one it could not read
    assert pre.get(replace(d, path="nowhere.md")) is None
    broken = replace(d, source=replace(d.source, error="unreadable"))
    assert pre.get(broken) is None


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="memfd_create is Linux only")
def test_take_is_once_and_close_is_safe(gen_site):
    _site, exts, docs = _site_pages(gen_site)
    fd = os.memfd_create("t")
    prescan._scan_into(fd, str(gen_site), [d.path for d in docs[:5]], exts)
    h = prescan.Prescan(-1, fd, [d.path for d in docs[:5]])
    first = h.take()
    assert first is not None and len(first.where) == 5
    assert h.take() is None
    h.close()  # after take: nothing to do, no error
    h2 = prescan.Prescan(-1, os.memfd_create("t"), [])
    h2.close()
    assert h2.take() is None


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="memfd_create is Linux only")
def test_bib_files_parsed_by_the_child(gen_site, tmp_path):
    """The .bib files come first; the parent takes the child's parse of the very same text."""
    from folio_lint.bibtex import parse_bib_text

    site = discover.build_site(str(gen_site))
    bibs = list(site.bib_files)
    assert bibs
    (tmp_path / "broken.bib").write_text("@article{ok,\n title={x}}\n@article{bad\n", encoding="utf-8")
    fd = os.memfd_create("t")
    prescan._parse_bibs(fd, str(gen_site), bibs)
    prescan._scan_into(fd, str(gen_site), [d for d in site.documents][:3], frozenset())
    h = prescan.Prescan(-1, fd, [d for d in site.documents][:3])
    for rel in bibs:
        text = (gen_site / rel).read_text(encoding="utf-8")
        assert h.bib(rel, text) == parse_bib_text(text, rel)
        assert h.bib(rel, text + " ") is None  # another text: parsed again
    assert h.bib("_bibliography/other.bib", "") is None
    got = h.take()  # the bib frame is not a frame of pages
    assert got is not None and sorted(got.where) == sorted([d for d in site.documents][:3])
    # a broken file parses (and fails) the same in the child
    fd2 = os.memfd_create("t")
    prescan._parse_bibs(fd2, str(tmp_path), ["broken.bib"])
    h2 = prescan.Prescan(-1, fd2, [])
    text = (tmp_path / "broken.bib").read_text(encoding="utf-8")
    assert h2.bib("broken.bib", text) == parse_bib_text(text, "broken.bib")
    h2.close()
