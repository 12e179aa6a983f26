"""Precision round 9: false alarms found by the primer on other themes, non-English and heavily
customised lab sites not reviewed before, each reduced to a few trimmed lines in
tests/fixtures/precision/r9/. Every case keeps the true positive next to it, so a fix cannot pass by
silencing the rule.
"""

from __future__ import annotations


import conftest
from conftest import found


def test_an_include_in_the_else_of_a_branch_that_always_runs(fixture_site):
    # a lab's projects page (al-folio's): `{% if site.enable_project_categories and page.display_categories %}`
    # is true on this page, so the old `.html` includes of its `{% else %}` branch are never looked up
    root = fixture_site("r9/lab-projects")
    assert found(root, "FL402") == []
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    # categories switched off: the else branch runs; `page.horizontal` is true, so only its first include
    root = fixture_site("r9/lab-projects", **{"_config.yml": cfg.replace("categories: true", "categories: false")})
    assert found(root, "FL402") == [("_pages/theses.md", 27, "FL402")]
    page = (root / "_pages" / "theses.md").read_text(encoding="utf-8")
    # without `display_categories:` the condition is no longer known true (one line up: the key is gone)
    root = fixture_site("r9/lab-projects", **{"_pages__theses.md": page.replace("display_categories: [PhD, MS]\n", "")})
    assert found(root, "FL402") == [("_pages/theses.md", 26, "FL402")]
    # and with `horizontal: false` the other include of the else branch may run too
    root = fixture_site("r9/lab-projects", **{"_pages__theses.md": page.replace("display_categories: [PhD, MS]\n", "")
                                              .replace("horizontal: true", "horizontal: false")})
    assert found(root, "FL402") == [("_pages/theses.md", 26, "FL402"), ("_pages/theses.md", 30, "FL402")]
    # a value Liquid reads as true only by accident is not trusted (`""` is true in Liquid, but not judged)
    root = fixture_site("r9/lab-projects", **{"_pages__theses.md": page.replace("[PhD, MS]", '""')})
    assert ("_pages/theses.md", 27, "FL402") in found(root, "FL402")


def test_the_scholar_owner_name_without_a_bibliography(fixture_site):
    # a German community site grown from al-folio: `scholar.last_name: [Einstein]` is left, but there is no
    # `_bibliography/` (only distill's `assets/bibliography/`), so no page lists publications
    root = fixture_site("r9/no-publications")
    assert found(root, "FL504") == []
    bib = "@article{doe2024, title={A paper}, author={Doe, Jane}, year={2024}}\n"
    root = fixture_site("r9/no-publications", **{"_bibliography__papers.bib": bib})
    assert found(root, "FL504") == []  # a `.bib` file, but no built page lists it (as FL506 judges it)
    pubs = "---\nlayout: page\npermalink: /publications/\ntitle: publications\n---\n{% bibliography %}\n"
    root = fixture_site("r9/no-publications", **{"_bibliography__papers.bib": bib, "_pages__publications.md": pubs})
    assert found(root, "FL504") == [("_config.yml", 5, "FL504")]


def test_a_nextjs_site_is_not_a_jekyll_site(fixture_site):
    # a lab's Next.js site (no _config.yml, deployed by a workflow): its old `.mdx` posts have front matter,
    # but GitHub Pages never runs Jekyll on it
    root = fixture_site("r9/nextjs-site")
    assert found(root) == []
    assert conftest.run_cli("check", ".", "--no-cache", cwd=root).returncode == 0
    # the same files without the Next.js project file are judged as Jekyll pages again
    (root / "next.config.mjs").unlink()
    assert ("OLD/data/posts/00003.mdx", 8, "FL202") in found(root, "FL202")


def test_a_jekyll_now_copy_is_another_theme(fixture_site):
    # barryclark/jekyll-now copied into a user site (2023): `footer-links:`, svg-icons.html and meta.html;
    # its `comments: true` posts and `name:`/`avatar:`/`version:` settings are Jekyll Now's, not old al-folio's
    root = fixture_site("r9/jekyll-now")
    assert found(root) == [("_config.yml", 1, "FL106"), ("_config.yml", 11, "FL604"),
                           ("_posts/2023-01-09-lighting.md", 7, "FL301")]  # Jekyll's own `gems:` rename and a broken link stay
    # without Jekyll Now's marks the site is judged as an al-folio copy again
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    root = fixture_site("r9/jekyll-now", **{"_config.yml": cfg.replace("footer-links:", "links:")})
    (root / "_includes" / "meta.html").unlink()
    assert ("_posts/2023-01-09-lighting.md", 4, "FL203") in found(root, "FL203")


def test_an_old_so_simple_copy_is_another_theme(fixture_site):
    # mmistakes/so-simple-theme copied into a user site (2014-2017): the `owner:` block and browser-upgrade.html
    root = fixture_site("r9/so-simple")
    assert found(root) == [("_config.yml", 1, "FL106"), ("_posts/2011-10-13-gis-and-gps-workshop.md", 10, "FL301")]
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    root = fixture_site("r9/so-simple", **{"_config.yml": cfg.replace("owner:", "author:")})
    assert ("_posts/2011-10-13-gis-and-gps-workshop.md", 6, "FL203") in found(root, "FL203")
