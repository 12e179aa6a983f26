"""``--diff`` passes re-lint the site through an overlay (:func:`folio_lint.fixer.apply_overlay`): the
facts discovery made from the file tree (symlinks out of the site, unreadable folders, named files
Jekyll does not build) must survive it, so the last pass of ``--diff`` reports what ``--fix`` (which
writes, then re-reads the disk) reports; facts made from texts the overlay changed are made again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import unprivileged_prefix, write_site

from folio_lint.fixer import apply_overlay, fix_run
from folio_lint.settings import Settings

REPO = Path(__file__).resolve().parents[1]

PAGE_TYPO = "---\nlayout: page\ntitle: A\npermalink: /a/\ndescripton: typo\n---\nhi [b](/b/)\n"
PAGE = "---\nlayout: page\ntitle: {t}\npermalink: /{t}/\n---\nhi\n"
CONFIG = "title: t\ninclude: [_pages]\n"
CONFIG_TYPO = "title: t\ninclude: [_pages]\nbaseurll: ''\n"


def _site(root: Path, outside: Path, config: str) -> Path:
    write_site(root, {
        "_config.yml": config,
        "_pages/a.md": PAGE_TYPO,
        "_pages/b.md": PAGE.format(t="b"),
        "_hidden/h.md": PAGE.format(t="h"),  # front matter, but Jekyll skips `_hidden/` (FL013 when named)
    })
    outside.mkdir(exist_ok=True)
    (outside / "cv.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(outside / "cv.pdf", root / "cv.pdf")  # FL012
    return root


def _key(report):
    return sorted((d.display_path, d.start.line, d.start.column, d.code, d.message) for d in report.diagnostics)


def _final(root: Path, args: list[str], *, write: bool):
    old = os.getcwd()
    os.chdir(root)
    try:
        report, _results, outcome = fix_run(args, Settings(), write=write, cwd=str(root))
    finally:
        os.chdir(old)
    return report, outcome


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")
@pytest.mark.parametrize("config", [CONFIG, CONFIG_TYPO], ids=["page-fix", "page-and-config-fix"])
@pytest.mark.parametrize("args", [["."], ["_pages/a.md", "_hidden/h.md", "cv.pdf", "_config.yml"]],
                         ids=["site", "named-files"])
def test_diff_reports_what_fix_reports(tmp_path, config, args):
    diff_site = _site(tmp_path / "d" / "site", tmp_path / "outside", config)
    fix_site = tmp_path / "f" / "site"
    fix_site.parent.mkdir()
    shutil.copytree(diff_site, fix_site, symlinks=True)

    diffed, d_out = _final(diff_site, args, write=False)  # overlay passes: nothing written
    fixed, f_out = _final(fix_site, args, write=True)  # written, then read back from the disk
    assert d_out.fixed == f_out.fixed >= (2 if config is CONFIG_TYPO else 1)
    assert (diff_site / "_pages/a.md").read_text() == PAGE_TYPO  # (--diff really left the disk alone)
    codes = {c for *_, c, _m in _key(diffed)}
    assert "FL012" in codes  # the symlink out of the site
    if "_hidden/h.md" in args:
        assert "FL013" in codes  # the named page Jekyll does not build
    assert _key(diffed) == _key(fixed)


# ---------------------------------------------------------------------- which facts are kept
def _extras_site(tmp_path, outside):
    from folio_lint.discover import build_site

    root = _site(tmp_path / "site", outside, CONFIG)
    write_site(root, {"_bibliography/papers.bib": "@article{k1, title={T}}\n",
                      "_pages/pubs.md": "---\nlayout: page\ntitle: P\npermalink: /p/\n---\n{% cite k1 %}\n"})
    site = build_site(str(root))
    from folio_lint.assets import template_files
    from folio_lint.bibtex import scholar
    from folio_lint.urls import url_map

    site.extras["not_built"] = [("_hidden/h.md", "why")]
    site.extras["unreadable_dirs"] = (("closed", "Permission denied"),)
    scholar(site), template_files(site), url_map(site)
    return root, site


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")
def test_overlay_keeps_tree_facts_and_drops_text_facts(tmp_path):
    root, site = _extras_site(tmp_path, tmp_path / "outside")
    tree = {k: site.extras[k] for k in ("outside_links", "unreadable_dirs", "not_built")}
    assert tree["outside_links"] == ("cv.pdf",)

    page = str(root / "_pages" / "a.md")
    out = apply_overlay(site, {page: PAGE.format(t="a")})
    assert out is not site and out.documents["_pages/a.md"].source.text == PAGE.format(t="a")
    assert {k: out.extras.get(k) for k in tree} == tree
    assert out.extras.get("scholar") is site.extras["scholar"]  # no .bib and no _config.yml changed
    assert out.extras.get("template_files") is site.extras["template_files"]
    assert "urls" not in out.extras  # made again from the new front matter
    assert "urls" in site.extras and site.extras["outside_links"] == ("cv.pdf",)  # the original is untouched

    cfg = str(root / "_config.yml")
    out = apply_overlay(site, {cfg: CONFIG + "scholar:\n  source: /elsewhere\n"})
    # the walk is kept (as the documents are), checked again against the new configuration
    assert out.extras["outside_links"] == tree["outside_links"] and out.extras["unreadable_dirs"] == tree["unreadable_dirs"]
    assert [p for p, _ in out.extras["not_built"]] == ["_hidden/h.md"]  # (its reason is said again)
    out = apply_overlay(site, {cfg: CONFIG + "exclude: [closed, cv.pdf, _hidden]\n"})
    assert out.extras["outside_links"] == () and out.extras["unreadable_dirs"] == ()
    assert [p for p, _ in out.extras["not_built"]] == ["_hidden/h.md"]
    assert "scholar" not in out.extras and "urls" not in out.extras  # both read _config.yml

    bib = str(root / "_bibliography" / "papers.bib")
    assert "_bibliography/papers.bib" in site.sources  # (read by discovery: an overlay can change it)
    out = apply_overlay(site, {bib: "@article{k2, title={T}}\n"})
    assert "scholar" not in out.extras
    assert "template_files" not in out.extras  # (a .bib can be a stock file: al-folio's papers.bib)
    assert {k: out.extras.get(k) for k in tree} == tree


# ---------------------------------------------------------------------- an unreadable folder (FL014)


_SCRIPT = """
import sys
from folio_lint.fixer import fix_run
from folio_lint.settings import Settings
report, _, outcome = fix_run(sys.argv[2:], Settings(), write=sys.argv[1] == "fix", cwd=".")
print(outcome.fixed)
for d in sorted(report.diagnostics, key=lambda d: d.sort_key):
    print(d.display_path, d.start.line, d.start.column, d.code, d.message)
"""


@pytest.mark.skipif(unprivileged_prefix() is None, reason="needs a non-root user or setpriv to make a folder unreadable")
@pytest.mark.parametrize("args", [["."], ["_pages/a.md", "priv/r.md"]], ids=["site", "named-files"])
def test_diff_keeps_the_unreadable_folder(tmp_path, args):
    prefix = unprivileged_prefix()
    outs = {}
    for mode in ("diff", "fix"):
        root = write_site(tmp_path / mode, {
            "_config.yml": CONFIG, "_pages/a.md": PAGE_TYPO, "_pages/b.md": PAGE.format(t="b"),
            "priv/r.md": PAGE.format(t="r"),
        })
        (root / "priv").chmod(0)
        try:
            env = dict(os.environ, PYTHONPATH=str(REPO))
            r = subprocess.run(prefix + [sys.executable, "-c", _SCRIPT, mode, *args], cwd=root, env=env,
                               capture_output=True, text=True, timeout=120)
        finally:
            (root / "priv").chmod(0o755)
        assert r.returncode == 0, r.stderr
        outs[mode] = r.stdout
    assert outs["diff"].splitlines()[0] == "1"
    assert " FL014 " in outs["diff"]
    assert outs["diff"] == outs["fix"]


# ---------------------------------------------------------------------- a fix to _config.yml's include/exclude
def _codes(report, codes):
    return sorted(k for k in _key(report) if k[3] in codes)


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")
@pytest.mark.parametrize("args", [["."], ["_config.yml", "_pages/a.md"]], ids=["site", "named-files"])
def test_config_fix_renews_the_config_made_tree_facts(tmp_path, args):
    # FL602 renames `inclde:` / `exclde:`: the fixed _config.yml builds `_pages/` (no FL013 for a named
    # page there) and excludes `vendor/` (no FL012 for the symlink in it), as a run on the fixed site says
    outs = {}
    for mode in ("diff", "fix"):
        root = write_site(tmp_path / mode, {
            "_config.yml": "title: t\ninclde: [_pages]\nexclde: [vendor]\n",
            "_pages/a.md": PAGE.format(t="a"),
            "vendor/keep.txt": "x\n",
        })
        (tmp_path / "outside").mkdir(exist_ok=True)
        os.symlink(tmp_path / "outside", root / "vendor" / "out")
        os.symlink(tmp_path / "outside", root / "out-link")
        report, outcome = _final(root, args, write=mode == "fix")
        assert outcome.fixed == 2
        outs[mode] = _codes(report, ("FL012", "FL013", "FL014"))
    assert outs["diff"] == outs["fix"]
    assert not any(k[0].startswith("vendor/") or k[3] == "FL013" for k in outs["diff"]), outs["diff"]
    if args == ["."]:
        assert [k[0] for k in outs["diff"]] == ["out-link"]  # (the one outside vendor/ is still reported)
