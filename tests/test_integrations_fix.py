"""--fix / --diff / --fix-only: golden round trips on every fixable rule, byte-exact (CRLF, BOM), idempotent.

Each folder in ``tests/fixtures/integrations/fix/`` is a case: ``before/`` is a small site, ``after/``
the same site after ``folio-lint check --fix``. Refresh the goldens with
``FOLIO_LINT_UPDATE_GOLDEN=1 pytest tests/test_integrations_fix.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import pytest

from folio_lint.commands import CheckOptions, run_check
from folio_lint.diagnostics import Applicability, Edit, Finding, Fix, Severity
from folio_lint.fixer import FileChangedError, apply_edits, select_fixes, write_atomic

FIX = Path(__file__).resolve().parent / "fixtures" / "integrations" / "fix"
CASES = sorted(p.name for p in FIX.iterdir() if (p / "before").is_dir())
UPDATE = bool(os.environ.get("FOLIO_LINT_UPDATE_GOLDEN"))
TEXT_EXT = (".md", ".yml", ".yaml", ".html", ".liquid", ".bib")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def check(root: Path, *args: str, **kw) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    o = CheckOptions(paths=(str(root),), isolated=True, no_cache=True, progress=False, color="never", **kw)
    old = os.getcwd()
    os.chdir(root)
    try:
        o.paths = (".",)
        code = run_check(o, out, err)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


def transform(files: dict[str, bytes], crlf: bool, bom: bool) -> dict[str, bytes]:
    out = {}
    for k, v in files.items():
        if k.endswith(TEXT_EXT):
            if crlf:
                v = v.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            if bom and k.endswith(".md"):
                v = b"\xef\xbb\xbf" + v
        out[k] = v
    return out


def materialize(root: Path, files: dict[str, bytes]) -> None:
    for k, v in files.items():
        p = root / k
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(v)


@pytest.mark.parametrize("case", CASES)
def test_fix_golden(case, tmp_path):
    before = tree(FIX / case / "before")
    materialize(tmp_path, before)
    code, out, err = check(tmp_path, fix=True)
    got = tree(tmp_path)
    assert got != before, f"{case}: --fix changed nothing\n{out}{err}"
    after_dir = FIX / case / "after"
    if UPDATE:
        shutil.rmtree(after_dir, ignore_errors=True)
        materialize(after_dir, got)
    assert got == tree(after_dir), f"{case}: result differs from the golden files\n{out}"
    # idempotent: a second --fix changes nothing, and --diff has nothing to show
    code2, out2, err2 = check(tmp_path, fix=True)
    assert tree(tmp_path) == got
    assert "Fixing" not in out2 + err2
    code3, out3, _ = check(tmp_path, diff=True)
    assert code3 == 0 and out3 == ""


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("crlf,bom", [(True, False), (True, True), (False, True)], ids=["crlf", "crlf+bom", "bom"])
def test_fix_keeps_line_endings_and_bom(case, crlf, bom, tmp_path):
    before = transform(tree(FIX / case / "before"), crlf, bom)
    expected = transform(tree(FIX / case / "after"), crlf, bom)
    materialize(tmp_path, before)
    check(tmp_path, fix=True)
    assert tree(tmp_path) == expected
    check(tmp_path, fix=True)
    assert tree(tmp_path) == expected


def test_diff_writes_nothing_and_exits_1(tmp_path):
    before = tree(FIX / "typo-key" / "before")
    materialize(tmp_path, before)
    code, out, err = check(tmp_path, diff=True)
    assert code == 1
    assert tree(tmp_path) == before
    assert out.startswith("--- a/_pages/p.md\n+++ b/_pages/p.md\n")
    assert "\n-titel: Projects   # the page title\n+title: Projects   # the page title\n" in out
    assert "Would fix 1 finding" in err


@pytest.mark.parametrize("case", CASES)
def test_diff_equals_fix(case, tmp_path):
    """--diff shows exactly what --fix then writes, settles in memory, and writes nothing."""
    before = tree(FIX / case / "before")
    materialize(tmp_path, before)
    code, out, err = check(tmp_path, diff=True)
    assert code == 1 and "did not settle" not in err
    assert tree(tmp_path) == before
    after = tree(FIX / case / "after")
    changed = sorted(k for k in before if before[k] != after.get(k))
    assert [l[6:] for l in out.splitlines() if l.startswith("+++ b/")] == changed


def test_diff_marks_missing_final_newline(tmp_path):
    materialize(tmp_path, {"_config.yml": b"title: t\ninclude: [\"_pages\"]\n",
                           "_pages/p.md": b"---\nlayout: page\ntitel: P\n---"})
    code, out, _ = check(tmp_path, diff=True)
    assert code == 1 and "\\ No newline at end of file" in out


def test_fix_only_reports_nothing_and_exits_0(tmp_path):
    materialize(tmp_path, tree(FIX / "include-html" / "before"))
    (tmp_path / "_pages" / "q.md").write_text("---\nlayout: page\ntitle: Q\n---\n[gone](/nowhere/)\n")
    code, out, err = check(tmp_path, fix_only=True)
    assert code == 0 and out == ""
    assert "Fixed 1 finding" in err and "left" in err
    assert "figure.liquid" in (tmp_path / "_pages" / "p.md").read_text()


def test_fix_reports_remaining_findings(tmp_path):
    materialize(tmp_path, tree(FIX / "typo-key" / "before"))
    (tmp_path / "_pages" / "q.md").write_text("---\nlayout: page\ntitle: Q\n---\n[gone](/nowhere/)\n")
    code, out, err = check(tmp_path, fix=True, fmt="concise")
    assert code == 1  # the broken link is still there
    assert "FL301" in out and "FL202" not in out
    assert "Fixing _pages/p.md" in err


# ---------------------------------------------------------------------- unsafe fixes, conflicts, runaway fixes
@pytest.fixture
def test_rule():
    """A rule registered for one test only: pages with TESTFIX markers get fixes of the kind asked."""
    from folio_lint import registry
    from folio_lint.registry import PAGE, RULES, BY_NAME, load_rules, rule

    load_rules()
    made = []

    def make(kind: str):
        @rule("FL990", "test-only-fix", Severity.WARNING, PAGE, fixable="always")
        def fn(doc, ctx):
            """Test rule."""
            t = doc.text
            i = t.find("TESTFIX")
            if i < 0:
                return
            if kind == "unsafe":
                yield Finding(doc.path, i, i + 7, "unsafe", fix=Fix("to DONE", (Edit(i, i + 7, "DONE"),), Applicability.UNSAFE))
            elif kind == "conflict":
                yield Finding(doc.path, i, i + 7, "a", fix=Fix("to AAA", (Edit(i, i + 7, "AAA"),)))
                yield Finding(doc.path, i + 2, i + 5, "b", fix=Fix("to BBB", (Edit(i + 2, i + 5, "BBB"),)))
            elif kind == "runaway":
                yield Finding(doc.path, i, i + 7, "grows", fix=Fix("grow", (Edit(i, i, "x"),)))
        made.append(fn)

    yield make
    RULES.pop("FL990", None)
    BY_NAME.pop("test-only-fix", None)
    _ = registry


def _site_with_marker(root: Path):
    materialize(root, {"_config.yml": b"title: t\ninclude: [\"_pages\"]\n",
                       "_pages/p.md": b"---\nlayout: page\ntitle: P\n---\nsee TESTFIX here\n"})


def test_unsafe_fix_needs_the_flag(tmp_path, test_rule):
    test_rule("unsafe")
    _site_with_marker(tmp_path)
    check(tmp_path, fix=True, select=("FL990",))
    assert b"TESTFIX" in (tmp_path / "_pages/p.md").read_bytes()
    check(tmp_path, fix=True, unsafe_fixes=True, select=("FL990",))
    assert (tmp_path / "_pages/p.md").read_bytes().endswith(b"see DONE here\n")


def test_overlapping_fixes_are_skipped_and_reported(tmp_path, test_rule):
    test_rule("conflict")
    _site_with_marker(tmp_path)
    code, out, err = check(tmp_path, fix=True, select=("FL990",), fmt="concise")
    # the first fix wins; the overlapping one is skipped (the marker is gone, so it is not reported again)
    assert (tmp_path / "_pages/p.md").read_bytes().endswith(b"see AAA here\n")


def test_conflicts_in_one_pass():
    text = "0123456789"
    from folio_lint.diagnostics import Diagnostic, Position

    def d(s, e, c, code="FL990"):
        return Diagnostic("p", "p", Position(1, 1), Position(1, 1), s, e, code, "x", Severity.WARNING, "m",
                          fix=Fix("t", (Edit(s, e, c),)))

    chosen, skipped = select_fixes([d(0, 3, "a"), d(2, 4, "b"), d(5, 5, "i"), d(5, 5, "j"), d(7, 9, "z")], len(text))
    assert [f.edits[0].content for _, f in chosen] == ["a", "i", "z"]
    assert len(skipped) == 2
    assert apply_edits(text, [e for _, f in chosen for e in f.edits]) == "a34i56z9"


def test_runaway_fix_stops_after_max_passes(tmp_path, test_rule):
    test_rule("runaway")
    _site_with_marker(tmp_path)
    code, out, err = check(tmp_path, fix=True, select=("FL990",))
    assert "did not settle" in out + err
    assert (tmp_path / "_pages/p.md").read_bytes().count(b"x") == 10


# ---------------------------------------------------------------------- the write path
def test_write_keeps_permissions(tmp_path):
    materialize(tmp_path, tree(FIX / "typo-key" / "before"))
    p = tmp_path / "_pages" / "p.md"
    os.chmod(p, 0o640)
    check(tmp_path, fix=True)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert b"title: Projects" in p.read_bytes()
    assert not list(tmp_path.rglob(".folio-lint-*.tmp"))


def test_symlinked_page_stays_a_link(tmp_path):
    materialize(tmp_path, tree(FIX / "typo-key" / "before"))
    real = tmp_path / "_pages" / "real.txt"
    link = tmp_path / "_pages" / "p.md"
    real.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to("real.txt")
    check(tmp_path, fix=True)
    assert link.is_symlink() and b"title: Projects" in real.read_bytes()


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    p = tmp_path / "f.md"
    p.write_bytes(b"new content")
    with pytest.raises(FileChangedError):
        write_atomic(str(p), b"fixed", b"old content")
    assert p.read_bytes() == b"new content"


def test_failure_mid_write_leaves_the_original(tmp_path, monkeypatch):
    p = tmp_path / "f.md"
    p.write_bytes(b"original")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(str(p), b"fixed", b"original")
    assert p.read_bytes() == b"original"
    assert [x.name for x in tmp_path.iterdir()] == ["f.md"]


def test_fix_run_survives_a_failing_write(tmp_path, monkeypatch):
    from folio_lint import fixer

    materialize(tmp_path, tree(FIX / "typo-key" / "before"))
    before = tree(tmp_path)

    def fail(path, data, expected):
        raise OSError("read-only file system")

    monkeypatch.setattr(fixer, "write_atomic", fail)
    code, out, err = check(tmp_path, fix=True)
    assert tree(tmp_path) == before
    assert "not fixed: read-only file system" in out + err
