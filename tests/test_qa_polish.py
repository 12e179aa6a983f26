"""QA leftovers: JUnit per file, text frames, config paths outside the site, dangling symlinks, atomic writes."""

from __future__ import annotations

import io
import os
import stat
import xml.etree.ElementTree as ET

import pytest
from conftest import lint, write_site

from folio_lint.atomic import replace_file
from folio_lint.commands import CheckOptions, run_check
from folio_lint.diagnostics import Diagnostic, Position, Severity
from folio_lint.reporters import Report, render


def _d(path, sev=Severity.ERROR, line=1, code="FL202", msg="m", hint=None) -> Diagnostic:
    return Diagnostic(path, path, Position(line, 1), Position(line, 2), 0, 1, code, "rule-name", sev, msg, hint)


def _junit(report: Report) -> ET.Element:
    buf = io.StringIO()
    render("junit", report, buf)
    return ET.fromstring(buf.getvalue().split("\n", 1)[1])


# ---------------------------------------------------------------------- 1. JUnit: one test per file
def test_junit_one_case_per_checked_file_when_paths_are_known():
    diags = [_d("a.md", line=2, hint="do this"), _d("a.md", Severity.WARNING, line=5, code="FL201"),
             _d("b.md", Severity.WARNING), _d("c.md", Severity.INFO)]
    rep = Report(diags, 4, 0.5, checked_paths=["a.md", "b.md", "c.md", "d.md"])
    root = _junit(rep)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "0")
    suite = root.find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ["a.md", "b.md", "c.md", "d.md"]
    assert all(c.get("classname") == "folio-lint" and c.get("file") == c.get("name") for c in cases.values())
    fail = cases["a.md"].find("failure")
    assert fail.get("type") == "error"
    assert fail.text.splitlines() == ["2:1 FL202 [rule-name] error: m", "    hint: do this",
                                      "5:1 FL201 [rule-name] warning: m"]
    # warnings and infos only: the file passes, its findings are its output
    for name in ("b.md", "c.md"):
        assert cases[name].find("failure") is None and cases[name].find("skipped") is None
    assert cases["b.md"].find("system-out").text == "1:1 FL202 [rule-name] warning: m"
    assert list(cases["d.md"]) == []


def test_junit_strict_makes_warnings_failures():
    rep = Report([_d("b.md", Severity.WARNING), _d("c.md", Severity.INFO)], 2, 0.1, fail_at=Severity.WARNING)
    root = _junit(rep)
    assert root.get("failures") == "1"
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["b.md"].find("failure").get("type") == "warning"
    assert cases["c.md"].find("failure") is None


def test_junit_from_a_run_lists_every_checked_file(tmp_path):
    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
                          "_pages/p.md": "---\nlayout: page\ntitle: P\n---\n[x](/nowhere/)\n",
                          "_pages/q.md": "---\nlayout: page\ntitle: Q\n---\nfine\n",
                          "_pages/r.md": "---\nlayout: page\ntitle: R\n---\nfine\n"})
    out = io.StringIO()
    rc = run_check(CheckOptions(paths=(str(tmp_path),), fmt="junit", isolated=True, no_cache=True, progress=False),
                   out, io.StringIO())
    assert rc == 1
    root = ET.fromstring(out.getvalue().split("\n", 1)[1])
    cases = root.findall("testsuite/testcase")
    names = [c.get("name").rsplit("/", 2)[-2:] for c in cases]
    assert names == [["_pages", "p.md"], ["_pages", "q.md"], ["_pages", "r.md"]]
    assert cases[0].find("failure") is not None and list(cases[1]) == list(cases[2]) == []
    assert root.get("failures") == "1" and root.get("tests") == "3"
    # the same list from the cache (a second run with nothing changed)
    runs = []
    for _ in range(2):
        out = io.StringIO()
        run_check(CheckOptions(paths=(str(tmp_path),), fmt="junit", isolated=True, progress=False), out, io.StringIO())
        runs.append([c.get("name") for c in ET.fromstring(out.getvalue().split("\n", 1)[1]).iter("testcase")])
    assert runs[0] == runs[1] == [c.get("name") for c in cases]
    assert (tmp_path / ".folio-lint-cache").is_dir()


def test_junit_without_paths_counts_files_checked():
    rep = Report([_d("a.md", Severity.ERROR)], 3, 0.1)  # a Report that names no checked paths
    root = _junit(rep)
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["a.md", "2 files without findings"]
    assert root.get("tests") == "3" and root.get("failures") == "1"


# ---------------------------------------------------------------------- 2. text frames like ruff
def _text_report(diags, text):
    from folio_lint.source import source_from_text

    buf = io.StringIO()
    render("text", Report(diags, 1, 0.0, {"p.md": source_from_text("p.md", text)}, quiet=True), buf)
    return buf.getvalue().split("\n\n")[:-1]


def test_text_frame_gutter_is_the_widest_line_number_and_hints_sit_under_the_bar():
    text = "".join(f"line {i}\n" for i in range(1, 13)).replace("line 8\n", "\n")
    blocks = _text_report([_d("p.md", line=6, hint="h6"), _d("p.md", line=9, hint="h9"),
                           _d("p.md", line=12, hint="h12")], text)
    frames = [b.splitlines()[1:] for b in blocks]
    assert frames[0] == ["  |", "5 | line 5", "6 | line 6", "  | ^", "7 | line 7", "  = hint: h6"]
    assert frames[1] == ["   |", " 8 |", " 9 | line 9", "   | ^", "10 | line 10", "   = hint: h9"]
    assert frames[2] == ["   |", "11 | line 11", "12 | line 12", "   | ^", "   = hint: h12"]
    for f in frames:
        bars = {line.index("|") for line in f if "|" in line}
        assert bars == {f[-1].index("=")}
        assert not [line for line in f if line != line.rstrip()]


# ---------------------------------------------------------------------- 3. folders outside the site
def test_config_folders_outside_the_site_are_named_not_read(tmp_path):
    outside = tmp_path / "etc"
    (outside / "_posts").mkdir(parents=True)
    (outside / "_posts" / "2024-01-01-x.md").write_text("---\ntitle: [unclosed\n---\n")  # would be FL002 if read
    (outside / "papers.bib").write_text("@article{a, title={A}}\n")
    root = write_site(tmp_path / "a" / "site", {
        "_config.yml": "title: t\ncollections_dir: ../../etc\nscholar:\n  source: ../../etc\n",
        "index.md": "---\ntitle: home\n---\nhi\n",
    })
    diags = lint(["."], cwd=root)
    assert sorted(d["code"] for d in diags) == ["FL605", "FL605"], diags
    msgs = sorted(d["message"] for d in diags)
    assert msgs[0].startswith("`collections_dir` points outside the site (`../../etc`): Jekyll stays in the site, "
                              "it reads the collections from the site's `etc/` folder and builds no posts at all")
    assert msgs[1].startswith("`scholar.source` points outside the site (`../../etc`): jekyll-scholar would read")
    assert all(d["path"] == "_config.yml" and d["severity"] == "warning" for d in diags)


# ---------------------------------------------------------------------- 4. dangling symbolic links
def _site_with_dead_link(tmp_path):
    """A site whose `_pages/dead.md` is a symbolic link to `nonexist.md` (skipped where links cannot be made)."""
    root = write_site(tmp_path / "site", {"_config.yml": "title: t\ninclude: [_pages]\n",
                                          "_pages/ok.md": "---\ntitle: ok\n---\n"})
    try:
        os.symlink("nonexist.md", root / "_pages" / "dead.md")
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")
    return root


def test_a_dangling_symlink_page_names_its_target(tmp_path):
    from folio_lint.source import read_source

    root = _site_with_dead_link(tmp_path)
    diags = lint(["."], cwd=root)
    assert [(d["path"], d["code"], d["message"]) for d in diags] == [
        ("_pages/dead.md", "FL001", "the file is a symbolic link to `nonexist.md`, which does not exist")]
    # a loop of links, read directly (a path named on the command line, an editor's file)
    os.symlink("loop-b.md", root / "loop-a.md")
    os.symlink("loop-a.md", root / "loop-b.md")
    src = read_source("loop-a.md", str(root / "loop-a.md"))
    assert src.error == "the file is a symbolic link to `loop-b.md`, which leads back to it (a loop of links)"
    # a file that is simply missing (gone between the walk and the read) keeps the plain message
    src = read_source("_pages/gone.md", str(root / "_pages" / "gone.md"))
    assert src.error.startswith("the file cannot be read (")


# ---------------------------------------------------------------------- 5. one atomic write
def test_replace_file_writes_pieces_keeps_a_given_mode_and_cleans_up(tmp_path, monkeypatch):
    p = tmp_path / "f.bin"
    replace_file(str(p), (b"ab", b"cd"), fsync=False)
    assert p.read_bytes() == b"abcd"
    if os.name == "posix":
        assert stat.S_IMODE(p.stat().st_mode) == 0o600  # the cache stays private
        replace_file(str(p), b"new", mode=0o644)
        assert p.read_bytes() == b"new" and stat.S_IMODE(p.stat().st_mode) == 0o644
    synced = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    replace_file(str(p), b"x")
    replace_file(str(p), b"y", fsync=False)
    assert len(synced) == 1

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        replace_file(str(p), b"lost")
    assert p.read_bytes() == b"y" and [x.name for x in tmp_path.iterdir()] == ["f.bin"]


def test_fix_and_cache_both_write_through_replace_file(tmp_path, monkeypatch):
    from folio_lint import atomic

    calls = []
    real = atomic.replace_file

    def spy(path, data, **kw):
        calls.append((os.path.basename(path), kw.get("fsync", True), kw.get("mode")))
        return real(path, data, **kw)

    monkeypatch.setattr("folio_lint.fixer.replace_file", spy)
    monkeypatch.setattr("folio_lint.cache.replace_file", spy)
    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [_pages]\n",
                          "_pages/p.md": "---\nlayout: page\ntitel: P\n---\n"})
    os.chmod(tmp_path / "_pages" / "p.md", 0o640)
    run_check(CheckOptions(paths=(str(tmp_path),), fix=True, isolated=True, progress=False), io.StringIO(), io.StringIO())
    assert ("p.md", True, 0o640) in calls  # the fix: fsync, the file's mode kept
    run_check(CheckOptions(paths=(str(tmp_path),), isolated=True, progress=False), io.StringIO(), io.StringIO())
    assert any(name.endswith(".bin") and fsync is False for name, fsync, _ in calls)  # the cache: no fsync
    assert "title: P" in (tmp_path / "_pages" / "p.md").read_text()


def test_a_dangling_symlink_named_on_the_command_line_is_a_finding_not_a_usage_error(tmp_path):
    root = _site_with_dead_link(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    rc = run_check(CheckOptions(paths=(str(root / "_pages" / "dead.md"), str(root / "_pages" / "ok.md")), fmt="concise",
                                isolated=True, no_cache=True, progress=False), out, err)
    assert rc == 1, err.getvalue()
    assert "FL001" in out.getvalue() and "symbolic link to `nonexist.md`" in out.getvalue()
    with pytest.raises(Exception, match="no such file or directory"):  # a path that is not there at all
        run_check(CheckOptions(paths=(str(root / "_pages" / "gone.md"),), fmt="concise", isolated=True, no_cache=True,
                               progress=False), io.StringIO(), io.StringIO())
