"""Precision round 3: false alarms found by the primer on al-folio forks and other themes not reviewed
before (2017-2026), each reduced to a few trimmed lines in tests/fixtures/precision/. Every case keeps
the true positive next to it, so a fix cannot pass by silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest

FIXTURES = Path(__file__).parent / "fixtures" / "precision"


def found(root: Path, *codes: str) -> list[tuple[str, int, str, str]]:
    return sorted((d["path"], d["line"], d["code"], d["severity"]) for d in conftest.lint(["."], cwd=root)
                  if not codes or d["code"] in codes)


def test_a_mapping_the_sites_own_sitemap_reads_is_not_a_wrong_type(fixture_site):
    # le4ker/personal-jekyll-theme: `sitemap: {priority: ...}` is read by the site's own sitemap.xml
    # (`page.sitemap.priority`); jekyll-sitemap's `sitemap: false` is not the only shape then
    assert found(fixture_site("own-sitemap")) == []
    # a value the site cannot use is still named
    root = fixture_site("own-sitemap", **{"about.md": "---\nlayout: post\ntitle: a\nsitemap: \"false\"\n---\n"})
    assert found(root, "FL101") == [("about.md", 4, "FL101", "error")]


def test_paginate_is_live_when_jekyll_paginate_is_loaded(fixture_site):
    assert found(fixture_site("own-sitemap"), "FL604") == []
    cfg = (FIXTURES / "own-sitemap" / "_config.yml").read_text(encoding="utf-8").replace("  - jekyll-paginate\n", "  - jekyll-feed\n")
    got = found(fixture_site("own-sitemap", **{"_config.yml": cfg}), "FL604")
    assert [(p, c) for p, _, c, _ in got] == [("_config.yml", "FL604"), ("_config.yml", "FL604")]


def test_a_setting_read_only_by_an_output_liquid_of_a_stylesheet(fixture_site):
    # `{{ site.syntax_theme }}` in css/main.scss (front matter, no `{% %}`) reads the setting
    assert found(fixture_site("own-sitemap"), "FL601") == []
    cfg = (FIXTURES / "own-sitemap" / "_config.yml").read_text(encoding="utf-8") + "unused_flag_xyz: true\n"
    assert found(fixture_site("own-sitemap", **{"_config.yml": cfg}), "FL601") == [("_config.yml", 8, "FL601", "info")]


def test_a_project_image_the_sites_own_listing_never_shows(fixture_site):
    # ScottClaessens (2018): the projects page lists `project.title` only; `img:` is never linked
    assert found(fixture_site("v0-2018-projects")) == []
    listing = ("---\nlayout: page\ntitle: projects\npermalink: /projects/\n---\n"
               "{% for project in site.projects %}<img src=\"{{ project.img | relative_url }}\">{% endfor %}\n")
    root = fixture_site("v0-2018-projects", **{"_pages__3_projects.md": listing})
    assert found(root) == [("_projects/1_survivalgame.markdown", 5, "FL401", "error")]


def test_backslashes_in_a_link_are_slashes_to_a_browser(fixture_site):
    # atan4583 (2020): `href="\images\...\x.html"` is `/images/.../x.html` (WHATWG URL parsing)
    root = fixture_site("backslash-href")
    assert found(root) == []
    (root / "images" / "Project4" / "report.slides.html").unlink()
    assert found(root) == [("_posts/2019-04-13-Project 4-DataWrangling.md", 6, "FL301", "error")]


def test_a_cv_pdf_the_sites_layout_places_by_language(fixture_site):
    # marcorosso768 (2026): `page.cv_pdf | prepend: site.active_lang | prepend: '/assets/pdf/'`
    assert found(fixture_site("multilang-cv")) == []
    stock = "---\nlayout: default\n---\n<a href=\"{{ page.cv_pdf | prepend: 'assets/pdf/' | relative_url }}\">PDF</a>\n"
    root = fixture_site("multilang-cv", **{"_layouts__cv.liquid": stock})
    assert found(root) == [("_pages/cv.md", 5, "FL401", "error")]


def test_demo_data_no_built_page_shows_and_a_dropdown_out_of_the_navbar(fixture_site):
    # Andrei1998 (2026): the repositories page lives in _drafts/; the demo dropdown has `nav: false`;
    # JunjieHu (2026): demo news with `output: false`, the about page's news list off
    assert found(fixture_site("unshown-demo-data")) == []
    page = (FIXTURES / "unshown-demo-data" / "_drafts" / "_pages" / "repositories.md").read_text(encoding="utf-8")
    dropdown = (FIXTURES / "unshown-demo-data" / "_pages" / "dropdown.md").read_text(encoding="utf-8").replace("nav: false", "nav: true")
    about = (FIXTURES / "unshown-demo-data" / "_pages" / "about.md").read_text(encoding="utf-8").replace("enabled: false", "enabled: true")
    root = fixture_site("unshown-demo-data", **{"_pages__repositories.md": page, "_pages__dropdown.md": dropdown,
                                                "_pages__about.md": about})
    assert found(root, "FL503", "FL505") == [("_data/repositories.yml", 2, "FL505", "warning"),
                                             ("_news/announcement_1.md", 7, "FL503", "warning"),
                                             ("_pages/dropdown.md", 3, "FL503", "warning")]


def test_polyglot_language_folders_and_navbars(fixture_site):
    # marcorosso768 (2026): `/es/investigacion/` is written by jekyll-polyglot; each language has its navbar
    assert found(fixture_site("polyglot-nav")) == []
    about = (FIXTURES / "polyglot-nav" / "_pages" / "es" / "about.md").read_text(encoding="utf-8")
    teaching = "---\nlayout: page\npermalink: /teaching/\ntitle: teaching\nnav: true\nnav_order: 1\nlang: en\n---\n"
    root = fixture_site("polyglot-nav", **{"_pages__es__about.md": about.replace("/es/investigacion/", "/es/nada/"),
                                           "_pages__en__teaching.md": teaching})
    assert found(root) == [("_pages/en/teaching.md", 6, "FL310", "info"), ("_pages/es/about.md", 7, "FL301", "error")]


def test_a_listing_key_the_sites_liquid_puts_under_a_folder(fixture_site):
    # mcqll (2025): `person.img | prepend: '/assets/img/'`; `scholar.sort_by: [year, month, day]` is
    # jekyll-scholar's list form (it reads Array(sort_by))
    assert found(fixture_site("lab-people")) == []
    person = (FIXTURES / "lab-people" / "_people" / "adachi-kriege.graham.md").read_text(encoding="utf-8")
    root = fixture_site("lab-people", **{"_people__chen.md": person.replace("grahamak.jpg", "searachen.jpg")})
    assert found(root) == [("_people/chen.md", 6, "FL401", "error")]
    cfg = (FIXTURES / "lab-people" / "_config.yml").read_text(encoding="utf-8").replace("order: descending", "order: {a: 1}")
    assert found(fixture_site("lab-people", **{"_config.yml": cfg}), "FL603") == [("_config.yml", 11, "FL603", "warning")]


def test_a_stock_file_in_the_build_output_folder_is_not_in_the_site(fixture_site):
    # JunjieHu (2026) commits its `_site/`: the built copies of the demo images are not files of the site
    stock = (Path(__file__).parent.parent / "examples" / "site" / "assets" / "bibliography" / "2018-12-22-distill.bib")
    if not stock.is_file():
        pytest.skip("examples/site has no stock distill bibliography")
    text = stock.read_text(encoding="utf-8")
    root = fixture_site("lab-people", **{"_site__assets__bibliography__2018-12-22-distill.bib": text})
    assert found(root, "FL507") == []
    root = fixture_site("lab-people", **{"assets__bibliography__2018-12-22-distill.bib": text})
    assert found(root, "FL507") == [("assets/bibliography/2018-12-22-distill.bib", 1, "FL507", "info")]
