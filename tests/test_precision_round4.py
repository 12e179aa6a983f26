"""Precision round 4: false alarms found by the primer on real sites not reviewed before (an
academicpages fork, an al-folio lab site, an ICLR blog-post fork), each reduced to a few trimmed lines
in tests/fixtures/precision/. Every case keeps the true positive next to it, so a fix cannot pass by
silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

from conftest import found

FIXTURES = Path(__file__).parent / "fixtures" / "precision"


def test_a_glob_bibliography_reads_every_matching_bib_file(fixture_site):
    # jekyll-scholar: `bibliography: '*.bib'` globs inside `scholar.source` and reads all matches
    assert found(fixture_site("scholar-glob"), "FL403", "FL404") == []
    page = "---\nlayout: default\n---\n{% cite Villarreal2019slcc %} {% cite x --file nothere %}\n"
    got = found(fixture_site("scholar-glob", **{"_research-themes__bad.md": page}), "FL403", "FL404")
    assert got == [("_research-themes/bad.md", 4, "FL403"), ("_research-themes/bad.md", 4, "FL404")]


def test_a_glob_that_matches_no_file_is_still_a_missing_bibliography(fixture_site):
    cfg = (FIXTURES / "scholar-glob" / "_config.yml").read_text(encoding="utf-8").replace("'*.bib'", "'refs-*.bib'")
    got = found(fixture_site("scholar-glob", **{"_config.yml": cfg}), "FL403", "FL404")
    assert [c for _, _, c in got] == ["FL404", "FL404"]


def test_an_underscore_file_inside_an_included_folder_is_not_built(fixture_site):
    # Jekyll tests `include:` against each entry's own name: `include: [_pages]` brings in the folder,
    # not `_pages/_projects.md` (Jekyll 4.3 builds only reading.md here), so nothing collides
    assert found(fixture_site("underscore-page"), "FL308") == []
    clash = "---\nlayout: page\npermalink: /projects/\n---\nx\n"
    assert found(fixture_site("underscore-page", **{"_pages__other.md": clash}), "FL308") != []
    # naming the file itself in `include:` does bring it in (Jekyll matches the entry's name)
    cfg = "title: t\ninclude: ['_pages', '_projects.md']\n"
    assert found(fixture_site("underscore-page", **{"_config.yml": cfg}), "FL308") != []


def test_an_image_kept_in_posts_is_not_a_post_without_a_date(fixture_site):
    # a file without front matter in _posts/ is not a post: Jekyll ignores it, FL010 says nothing
    assert found(fixture_site("images-in-posts"), "FL010") == []
    got = found(fixture_site("images-in-posts", **{"_posts__notes.md": "---\ntitle: notes\n---\nx\n"}), "FL010")
    assert got == [("_posts/notes.md", 1, "FL010")]


def test_an_excluded_page_inside_an_included_folder_stays_out(fixture_site):
    # al-folio forks list the demo pages in `exclude:` next to `include: [_pages]`: Jekyll tests the
    # exclusion on the full path and the inclusion on the name, so `_pages/reading.md` is not built
    cfg = "title: t\ninclude: ['_pages']\nexclude: ['_pages/reading.md']\n"
    clash = "---\nlayout: page\npermalink: /projects/\n---\nx\n"
    root = fixture_site("underscore-page", **{"_config.yml": cfg, "_pages__other.md": clash, "_pages__more.md": clash})
    paths = {p for p, _, _ in found(root, "FL308")}
    assert paths and paths <= {"_pages/other.md", "_pages/more.md"}  # the two kept pages still clash


def test_a_file_named_in_include_is_read_wherever_it_is(fixture_site):
    # Jekyll's read_included_excludes: `include: [_pages/_projects.md]` builds that file even though
    # the walk skips names starting with `_`; it then clashes with reading.md
    cfg = "title: t\ninclude: ['_pages', '_pages/_projects.md']\n"
    assert found(fixture_site("underscore-page", **{"_config.yml": cfg}), "FL308") != []
