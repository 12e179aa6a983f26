"""Valid sites of different al-folio eras (2019 v0 with .html includes, v1 gem starter) give no link
findings; the same sites with one injected fault give exactly that finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parent / "fixtures" / "links"


def _lint(root):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    site = build_site(str(root))
    return lint_site(site, Settings(select=("FL3", "FL4"))).diagnostics


@pytest.mark.parametrize("era", ["era-2019", "era-v1"])
def test_valid_sites_have_no_link_findings(era):
    diags = _lint(FIX / era)
    assert diags == [], [(d.path, d.start.line, d.code, d.message) for d in diags]


def _copy(tmp_path, era):
    dst = tmp_path / era
    shutil.copytree(FIX / era, dst)
    return dst


def test_include_renamed_in_2024_is_fixed_to_the_existing_file(tmp_path):
    root = _copy(tmp_path, "era-2019")
    p = root / "_projects" / "1_project.md"
    p.write_text(p.read_text().replace("figure.html", "figure.liquid"))
    diags = _lint(root)
    assert [(d.path, d.code) for d in diags] == [("_projects/1_project.md", "FL402")]
    assert diags[0].fix.edits[0].content == "figure.html" and diags[0].fix.applicability.name == "SAFE"


def test_project_site_raw_links_need_the_baseurl(tmp_path):
    root = _copy(tmp_path, "era-2019")
    p = root / "_pages" / "about.md"
    p.write_text(p.read_text().replace("(/homepage/publications/)", "(/publications/)"))
    diags = _lint(root)
    assert [(d.path, d.code) for d in diags] == [("_pages/about.md", "FL305")]


def test_v1_gem_includes_are_not_checked_but_content_is(tmp_path):
    root = _copy(tmp_path, "era-v1")
    p = root / "_pages" / "about.md"
    p.write_text(p.read_text().replace("(/teaching/intro/)", "(/teaching/intro-old/)").replace("doe2025", "doe2024"))
    diags = _lint(root)
    assert sorted(d.code for d in diags) == ["FL301", "FL403"]


def test_v1_near_miss_of_a_gem_include_is_a_warning_with_its_name(tmp_path):
    root = _copy(tmp_path, "era-v1")
    p = root / "_pages" / "about.md"
    p.write_text(p.read_text() + '\n{% include figrue.liquid path="assets/img/x.jpg" %}\n'
                 "{% include my_own_widget.liquid %}\n{% include video.liquid path=\"x.mp4\" %}\n")
    diags = [d for d in _lint(root) if d.code == "FL402"]
    assert [(d.severity.name, d.message.split(";")[0]) for d in diags] == [
        ("WARNING", "`{% include figrue.liquid %}`: neither `_includes/` nor the al_folio_core gem has `figrue.liquid`")]
    assert diags[0].fix is not None and diags[0].fix.edits[0].content == "figure.liquid"
