"""QA of session 3: JUnit paths from inside the site, the rule index with partial module loads, ..."""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET

import pytest
from conftest import write_site
from test_integrations_precommit import _site_repo, _try, env  # noqa: F401 - env is a fixture

from folio_lint.commands import CheckOptions, run_check

SITE = {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
        "_pages/p.md": "---\nlayout: page\ntitle: P\n---\n[x](/nowhere/)\n",
        "_pages/q.md": "---\nlayout: page\ntitle: Q\n---\nfine\n",
        "_posts/2024-01-01-r.md": "---\nlayout: post\ntitle: R\n---\nfine\n"}


def _junit_cases(paths, **kw) -> list[tuple[str, bool]]:
    out = io.StringIO()
    run_check(CheckOptions(paths=tuple(paths), fmt="junit", isolated=True, progress=False, **kw), out, io.StringIO())
    root = ET.fromstring(out.getvalue().split("\n", 1)[1])
    return [(c.get("name"), c.find("failure") is not None) for c in root.iter("testcase")]


def test_junit_names_files_as_findings_do_when_run_inside_the_site(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    monkeypatch.chdir(tmp_path / "_pages")
    want = [("../_posts/2024-01-01-r.md", False), ("p.md", True), ("q.md", False)]
    assert _junit_cases(["p.md", "q.md", "../_posts"], no_cache=True) == want
    # twice with the cache: written, then read back
    assert _junit_cases(["p.md", "q.md", "../_posts"]) == want
    assert _junit_cases(["p.md", "q.md", "../_posts"]) == want
    assert _junit_cases(["."], no_cache=True) == [("p.md", True), ("q.md", False)]


def _concise(paths, **kw) -> tuple[int, list[str]]:
    out = io.StringIO()
    opts = {"isolated": True, "progress": False, "no_cache": True, **kw}
    rc = run_check(CheckOptions(paths=tuple(paths), fmt="concise", **opts), out, io.StringIO())
    return rc, out.getvalue().splitlines()


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symbolic links")
def test_a_loop_of_symbolic_links_is_fl001_in_the_walk_and_when_named(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    os.symlink("loop-b.md", tmp_path / "_pages" / "loop-a.md")
    os.symlink("loop-a.md", tmp_path / "_pages" / "loop-b.md")
    monkeypatch.chdir(tmp_path)
    msg = "FL001 [unreadable-file] error: the file is a symbolic link to `{}`, which leads back to it (a loop of links)"
    rc, lines = _concise(["."])
    assert rc == 1
    assert [ln for ln in lines if "FL001" in ln] == [f"_pages/loop-a.md:1:1: {msg.format('loop-b.md')}",
                                                   f"_pages/loop-b.md:1:1: {msg.format('loop-a.md')}"]
    # named on the command line (pre-commit passes the staged paths): checked, not "0 files checked"
    rc, lines = _concise(["_pages/loop-a.md"])
    assert rc == 1 and lines == [f"_pages/loop-a.md:1:1: {msg.format('loop-b.md')}"]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symbolic links")
def test_precommit_passes_a_staged_dangling_symlink_to_the_hook(env, tmp_path):
    """pre-commit tags a symbolic link `symlink`, not `text`: with `types: [text]` a staged page that
    is a dangling link was never passed, so the commit went through and Jekyll's build failed."""
    import subprocess

    pc, e, _ = env
    site = _site_repo(tmp_path / "site", e)
    os.symlink("nowhere.md", site / "_pages" / "dead.md")
    subprocess.run(["git", "add", "_pages/dead.md"], cwd=site, check=True, env=e)
    r = _try(pc, e, site, "folio-lint", "_pages/dead.md")
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "_pages/dead.md:1:1: FL001" in out and "symbolic link to `nowhere.md`, which does not exist" in out


def test_text_frame_carets_sit_under_wide_characters_as_a_terminal_shows_them():
    from folio_lint.diagnostics import Diagnostic, Position, Severity
    from folio_lint.reporters import Report, render
    from folio_lint.source import source_from_text

    line = "中文中文 [a](/nope/) 😀 [b](/x/)"
    text = "---\ntitle: t\n---\n" + line + "\n"
    s = line.index("/nope/")
    i = line.index("😀")
    diags = [Diagnostic("p.md", "p.md", Position(4, s + 1), Position(4, s + 7), 0, 0, "FL301", "broken-link",
                        Severity.ERROR, "m", None),
             Diagnostic("p.md", "p.md", Position(4, i + 1), Position(4, i + 3), 0, 0, "FL301", "broken-link",
                        Severity.ERROR, "m", None)]
    buf = io.StringIO()
    render("text", Report(diags, 1, 0.0, {"p.md": source_from_text("p.md", text)}, quiet=True), buf)
    frames = [b.splitlines() for b in buf.getvalue().split("\n\n")[:-1]]
    # 中 and 😀 take two columns on a terminal (East Asian Wide): the carets count columns, not characters
    assert frames[0][3] == "4 | " + line
    assert frames[0][4] == "  | " + " " * 13 + "^" * 6
    assert frames[1][4] == "  | " + " " * 21 + "^^^"  # the emoji (two columns) and the blank after it


SUPPRESSED_IMAGE = {
    "_config.yml": "title: t\ninclude: [\"_pages\"]\n",
    "_pages/p.md": "---\nlayout: page\ntitle: P\npermalink: /p/\n---\n<!-- folio-lint-disable FL4 -->\n"
                   "![img](/assets/img/missing.png)\n<!-- folio-lint-enable FL4 -->\n",
}


def test_a_prefix_suppression_is_not_unused_when_the_rule_it_silences_did_not_run(tmp_path):
    from conftest import lint

    from folio_lint.settings import Settings

    root = write_site(tmp_path, SUPPRESSED_IMAGE)
    codes = lambda s: [(d["line"], d["code"]) for d in lint(["."], cwd=root, settings=s)]  # noqa: E731
    assert codes(Settings()) == []  # the directive silences the FL401 of the missing image
    # FL401 did not run (other FL4 rules did): `FL4` may be there for it, so it is not judged unused
    assert codes(Settings(ignore=("FL401",))) == []
    assert codes(Settings(select=("FL402", "FL403", "FL701"))) == []
    # every FL4 rule ran and none needed it: unused
    (root / "_pages" / "p.md").write_text(SUPPRESSED_IMAGE["_pages/p.md"].replace("![img](/assets/img/missing.png)", "x"))
    assert codes(Settings()) == [(6, "FL701")]
    assert codes(Settings(select=("FL4", "FL701"))) == [(6, "FL701")]


def test_fix_with_a_partial_selection_keeps_a_prefix_suppression_another_rule_needs(tmp_path, monkeypatch):
    root = write_site(tmp_path, SUPPRESSED_IMAGE)
    monkeypatch.chdir(root)
    before = (root / "_pages" / "p.md").read_text()
    rc, lines = _concise(["."], select=("FL402", "FL701"), fix=True)
    assert (root / "_pages" / "p.md").read_text() == before
    assert rc == 0 and not [ln for ln in lines if "FL701" in ln]


def test_server_options_naming_no_rule_are_refused_like_the_command_line(tmp_path):
    """`"select": ["FL3O1"]` in the editor's settings selected nothing: every page looked clean."""
    pytest.importorskip("pygls", reason="the server extra is not installed")
    from folio_lint.discover import FolioLintError
    from folio_lint.server.service import settings_from

    root = write_site(tmp_path, SITE)
    with pytest.raises(FolioLintError, match="no rule matches `FL3O1`; did you mean `FL301`"):
        settings_from({"select": ["FL3O1"]}, str(root))
    with pytest.raises(FolioLintError, match="no rule matches `nosuch-rule`"):
        settings_from({"ignore": "FL3, nosuch-rule"}, str(root))
    s = settings_from({"select": "broken-link, FL7", "extendSelect": ["template-stock-text"]}, str(root))
    assert s.enabled("FL301") and s.enabled("FL701") and s.enabled("FL508") and not s.enabled("FL201")


def test_a_schema_file_named_in_the_configuration_must_exist(tmp_path, monkeypatch):
    """`schemas: {layouts: {page: ./nope.json}}` was silently ignored: the shipped schema was used."""
    write_site(tmp_path, {**SITE, ".folio-lint.yml": "schemas:\n  layouts:\n    page: ./nope.json\n"
                                                      "  collections:\n    posts: {$ref: ./bad.json}\n",
                          "bad.json": "{not json"})
    monkeypatch.chdir(tmp_path)
    from folio_lint.config import ConfigError

    with pytest.raises(ConfigError) as e:  # the command line prints it and exits 2
        run_check(CheckOptions(paths=(".",), fmt="concise", progress=False, no_cache=True), io.StringIO(), io.StringIO())
    msg = str(e.value)
    assert ".folio-lint.yml:3:11: `schemas.layouts.page`: `./nope.json` does not exist (relative to this file)" in msg
    assert ".folio-lint.yml:5:19: `schemas.collections.posts`: `./bad.json` is not JSON (" in msg
    # a schema that exists is used
    (tmp_path / ".folio-lint.yml").write_text("schemas:\n  layouts:\n    page: ./title-number.json\n")
    (tmp_path / "title-number.json").write_text('{"type": "object", "properties": {"title": {"type": "integer"}}}')
    rc, lines = _concise(["_pages/q.md"], isolated=False)
    assert rc == 1 and any("FL101" in ln and "`title` should be a whole number" in ln for ln in lines)


def test_a_schema_folio_lint_cannot_use_is_a_configuration_error_not_a_crash_per_page(tmp_path, monkeypatch):
    """`{"type": 5}` was FL999 on every page; unsupported keywords left the schema out silently."""
    from folio_lint.config import ConfigError

    write_site(tmp_path, {**SITE, ".folio-lint.yml": "schemas:\n  layouts:\n    page: ./s.json\n"})
    monkeypatch.chdir(tmp_path)
    for doc, why in (('{"type": 5}', "`type` 5 in layout-page.schema.json: use one of array, boolean"),
                     ('{"type": "object", "patternProperties": {}}', "unsupported schema keyword(s) ['patternProperties']"),
                     ('{"type": "object", "properties": {"title": 5}}', "schema node 5 is not an object")):
        (tmp_path / "s.json").write_text(doc)
        with pytest.raises(ConfigError) as e:
            run_check(CheckOptions(paths=(".",), fmt="concise", progress=False, no_cache=True), io.StringIO(), io.StringIO())
        assert "`schemas.layouts.page`: `./s.json` is not a schema folio-lint can use: " + why in str(e.value), doc


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symbolic links")
def test_a_configuration_file_that_is_a_dangling_link_is_an_error_not_the_defaults(tmp_path, monkeypatch):
    from folio_lint.config import ConfigError

    write_site(tmp_path, SITE)
    os.symlink("shared/folio-lint.yml", tmp_path / ".folio-lint.yml")  # e.g. a config shared from a folder not checked out
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"\.folio-lint\.yml: the file is a symbolic link to `shared/folio-lint\.yml`, "
                                          r"which does not exist"):
        run_check(CheckOptions(paths=(".",), fmt="concise", progress=False, no_cache=True), io.StringIO(), io.StringIO())


def test_config_and_isolated_together_are_a_usage_error(tmp_path, monkeypatch):
    from folio_lint.runner import FolioLintError

    write_site(tmp_path, {**SITE, ".folio-lint.yml": "select: [FL1]\n"})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FolioLintError, match="--config and --isolated cannot be used together"):
        run_check(CheckOptions(paths=(".",), fmt="concise", progress=False, no_cache=True, isolated=True,
                               config=".folio-lint.yml"), io.StringIO(), io.StringIO())
