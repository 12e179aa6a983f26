"""FL1xx/FL2xx/FL6xx: schema checks on small sites, with positions, messages, fixes and era awareness."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "schema"
MINE = ("FL1", "FL2", "FL6")


def lint(paths, *, cwd=None, settings=None):
    """conftest.lint plus each finding's machine-readable ``data`` (suggestions, keys)."""
    import os

    from folio_lint.reporters.json import to_dict
    from folio_lint.runner import run
    from folio_lint.settings import Settings

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        report, _ = run([str(p) for p in paths], settings or Settings())
        out = to_dict(report)["diagnostics"]
        for d, diag in zip(out, report.diagnostics):
            d["data"] = diag.data or {}
        return out
    finally:
        os.chdir(old)


def mine(diags, *, levels=("error", "warning", "info")):
    return [d for d in diags if d["code"].startswith(MINE) and d["code"] != "FL600" and d["severity"] in levels]


def codes(diags):
    return sorted((d["path"], d["line"], d["code"]) for d in mine(diags))


def page(fm: str, body: str = "Text.\n") -> str:
    return f"---\n{fm.strip()}\n---\n\n{body}"


def apply_fix(text: str, fix: dict) -> str:
    for e in sorted(fix["edits"], key=lambda e: e["start_offset"], reverse=True):
        text = text[: e["start_offset"]] + e["content"] + text[e["end_offset"]:]
    return text


# --------------------------------------------------------------------------- seeds
def test_seed_000_image_cicular_with_suggestion_at_its_line():
    diags = lint([SEEDS / "000.md"], cwd=SEEDS)
    d = [x for x in diags if "image_cicular" in x["message"]]
    assert len(d) == 1
    d = d[0]
    assert (d["line"], d["column"], d["code"], d["severity"]) == (13, 3, "FL202", "error")
    assert "image_circular" in d["message"]
    assert d["data"]["suggestions"] == ["image_circular"]
    assert d["fix"]["applicability"] == "safe" and d["fix"]["edits"][0]["content"] == "image_circular"
    errors = [x for x in diags if x["severity"] == "error"]
    assert errors == [d]  # otherwise clean at error level
    got = {(x["line"], x["code"]) for x in mine(diags)}
    assert (14, "FL203") in got and (16, "FL203") in got  # profile.address, news: true


def test_seed_001_is_clean_at_error_level():
    diags = lint([SEEDS / "001.md"], cwd=SEEDS)
    assert [x for x in diags if x["severity"] == "error"] == []
    assert {(x["line"], x["code"]) for x in mine(diags)} >= {(16, "FL203"), (17, "FL203")}
    latest = next(x for x in diags if "latest_posts" in x["message"])
    assert latest["severity"] == "info"  # `latest_posts: false` switches off what is gone anyway


def test_seed_004_academicpages_gets_one_info_only():
    diags = lint([SEEDS / "004.md"], cwd=SEEDS)
    assert [x for x in diags if x["severity"] in ("error", "warning")] == []
    assert [x["code"] for x in mine(diags)] == ["FL106"]


# --------------------------------------------------------------------------- unknown and misspelled keys
@pytest.mark.parametrize("layout,key,good,line", [
    ("page", "permlink: /x/", "permalink", 4),
    ("page", "decription: hi", "description", 4),
    ("post", "giscus_coments: true", "giscus_comments", 4),
    ("page", "nav_ordr: 2", "nav_order", 4),
    ("post", "catagories: a", "categories", 4),
    ("page", "Title: Big", "title", 3),
])
def test_typo_keys_are_errors_with_a_safe_rename(site, layout, key, good, line):
    root = site({"_pages/a.md": page(f"layout: {layout}\ntitle: a\n{key}" if not key.startswith("Title") else f"layout: {layout}\n{key}")})
    diags = mine(lint(["."], cwd=root))
    assert len(diags) == 1, diags
    d = diags[0]
    assert d["code"] == "FL202" and d["severity"] == "error" and d["line"] == line
    assert d["data"]["suggestions"][0] == good
    fixed = apply_fix((root / "_pages/a.md").read_text(), d["fix"])
    assert f"\n{good}:" in fixed and d["fix"]["applicability"] == "safe"
    assert lint(["."], cwd=_rewrite(root, "_pages/a.md", fixed)) == [] or not mine(lint(["."], cwd=root))


def _rewrite(root: Path, rel: str, text: str) -> Path:
    (root / rel).write_text(text, encoding="utf-8")
    return root


def test_nested_typo_and_old_name_typo(site):
    root = site({"_pages/about.md": page("layout: about\npermalink: /\nprofile:\n  image_circluar: true\n  adress: <p>x</p>")})
    diags = mine(lint(["."], cwd=root))
    by = {d["line"]: d for d in diags}
    assert by[5]["code"] == "FL202" and by[5]["column"] == 3 and by[5]["data"]["suggestions"][0] == "image_circular"
    assert by[6]["code"] == "FL202" and "`address` (now `more_info`)" in by[6]["message"]


def test_unknown_key_warning_other_layout_info_and_extra_keys(site):
    root = site({"_pages/a.md": page("layout: page\ntitle: a\nmath: true\nsubtitle: hi\nmy_data: [1, 2]")})
    got = {(d["line"], d["code"], d["severity"]) for d in mine(lint(["."], cwd=root))}
    assert got == {(4, "FL201", "warning"), (5, "FL204", "info"), (6, "FL201", "warning")}
    from folio_lint.settings import Settings

    s = Settings(options={"extra-keys": {"page": ["my_data"], "*": ["math"]}})
    got = {(d["line"], d["code"]) for d in mine(lint(["."], cwd=root, settings=s))}
    assert got == {(5, "FL204")}


def test_keys_read_by_the_page_body_are_known(site):
    root = site({"_pages/a.md": page("layout: page\ntitle: a\nroom: 12", "We meet in room {{ page.room }}.\n")})
    assert mine(lint(["."], cwd=root)) == []


# --------------------------------------------------------------------------- types and values
def test_wrong_types_at_the_value(site):
    root = site({
        "_pages/a.md": page('layout: page\ntitle: a\nnav: "yes"\nnav_order: three'),
        "_projects/p.md": page("layout: page\ntitle: p\nimportance: high\nimg:"),
        "_posts/2024-01-01-x.md": page("layout: post\ndate: not a date\ntags: [a, b]"),
        "_pages/about.md": page("layout: about\npermalink: /\ntitle: no\nannouncements:\n  enabled: true\n  limit: five"),
    })
    diags = mine(lint(["."], cwd=root))
    got = {(d["path"], d["line"], d["column"], d["code"]) for d in diags}
    assert got == {
        ("_pages/a.md", 4, 6, "FL101"), ("_pages/a.md", 5, 12, "FL101"),
        ("_projects/p.md", 4, 13, "FL101"),
        ("_posts/2024-01-01-x.md", 3, 7, "FL105"),
        ("_pages/about.md", 4, 8, "FL101"), ("_pages/about.md", 7, 10, "FL101"),
    }
    msg = {(d["path"], d["line"]): d for d in diags}
    assert "not the text \"yes\"" in msg[("_pages/a.md", 4)]["message"]
    assert msg[("_pages/a.md", 4)]["fix"]["applicability"] == "unsafe"
    assert "YAML 1.1" in msg[("_pages/about.md", 4)]["message"]
    assert msg[("_pages/about.md", 4)]["fix"]["edits"][0]["content"] == '"no"'
    assert "a number" in msg[("_projects/p.md", 4)]["message"]
    assert "jsonschema" not in " ".join(d["message"] for d in diags)


def test_enum_value_did_you_mean(site):
    root = site({"_pages/cv.md": page("layout: cv\ntitle: cv\ncv_format: render-cv\ntoc:\n  sidebar: rigth")})
    diags = {d["line"]: d for d in mine(lint(["."], cwd=root))}
    assert diags[4]["code"] == "FL102" and diags[4]["data"]["suggestions"] == ["rendercv"]
    assert diags[6]["code"] == "FL102" and diags[6]["severity"] == "warning"
    assert diags[6]["fix"]["edits"][0]["content"] == "right"


def test_polymorphic_values_of_the_template_pass(site):
    files = {
        "_pages/404.md": page("layout: page\npermalink: /404.html\ntitle: Page not found\nredirect: true"),
        "_posts/2018-12-22-distill.md": page("layout: distill\ntitle: d\ndate: 2018-12-22\ndescription: x\ntags: distill formatting\n"
                                             "categories: sample-posts\nauthors:\n  - name: Albert Einstein\n    url: https://e.org\n"
                                             "    affiliations:\n      name: IAS, Princeton\nbibliography: 2018-12-22-distill.bib\n"
                                             "toc:\n  - name: Equations\n  - name: Citations\n    subsections:\n      - name: x\n"
                                             "featured: true\nthumbnail: assets/img/9.jpg"),
        "_posts/2024-01-27-vega.md": page("layout: post\ntitle: v\ndate: 2024-01-27 00:20:00\nlast_modified_at: 2024-04-14 23:30:00\n"
                                          "chart:\n  vega_lite: true\ncitation: true\nrelated_posts: false\ntoc:\n  beginning: true"),
        "_projects/4_project.md": page("layout: page\ntitle: project 4\ndescription: another without an image\nimg:\nimportance: 3\ncategory: fun"),
        "_pages/profiles.md": page("layout: profiles\npermalink: /people/\ntitle: people\nnav: true\nnav_order: 7\nprofiles:\n"
                                   "  - align: right\n    image: prof_pic.jpg\n    content: about_einstein.md\n    image_circular: false\n"
                                   "    more_info: <p>x</p>"),
        "_pages/books.md": page("layout: book-shelf\ntitle: bookshelf\npermalink: /books/\nnav: false\ncollection: books"),
        "_pages/cv.md": page("layout: cv\npermalink: /cv/\ntitle: CV\nnav: true\nnav_order: 5\ncv_pdf: /assets/pdf/example_pdf.pdf\n"
                             "cv_format: rendercv\ndescription: x\ntoc:\n  sidebar: left"),
        "_pages/teaching.md": page("layout: page\npermalink: /teaching/\ntitle: teaching\nnav: true\nnav_order: 6\ncalendar: true"),
        "_pages/dropdown.md": page("layout: page\ntitle: submenus\nnav: true\nnav_order: 8\ndropdown: true\nchildren:\n"
                                   "  - title: bookshelf\n    permalink: /books/\n  - title: divider\n  - title: blog\n    permalink: /blog/"),
        "_pages/blog.md": page("layout: default\npermalink: /blog/\ntitle: blog\nnav: true\nnav_order: 1\npagination:\n  enabled: true\n"
                               "  collection: posts\n  permalink: /page/:num/\n  per_page: 5\n  sort_field: date\n  sort_reverse: true\n"
                               "  trail:\n    before: 1\n    after: 3"),
        "_books/the_godfather.md": page("layout: book-review\ntitle: The Godfather\nauthor: Mario Puzo\ncover: assets/img/book_covers/the_godfather.jpg\n"
                                        "olid: OL43499941M\nisbn: 7539967447\ncategories: classics\ntags: top100\nbuy_link: https://www.amazon.com/x\n"
                                        "date: 2025-01-01\nstarted: 2025-01-01\nfinished:\nreleased: 1969\nstars: 5\ngoodreads_review: 6318556633\nstatus: finished"),
        "_teachings/intro.md": page("layout: course\ntitle: Intro\ndescription: x\ninstructor: Prof. Example\nyear: 2025\nterm: Fall\n"
                                    "location: Room 1\ntime: MWF 10\ncourse_id: intro\nschedule:\n  - week: 1\n    date: Feb 5\n    topic: a\n"
                                    "    description: b\n    materials:\n      - name: Slides\n        url: /assets/pdf/example_pdf.pdf"),
        "_news/announcement_1.md": page("layout: post\ndate: 2015-10-22 15:59:00-0400\ninline: true\nrelated_posts: false"),
        "_pages/about.md": page("layout: about\ntitle: about\npermalink: /\nsubtitle: x\nprofile:\n  align: right\n  image: prof_pic.jpg\n"
                                "  image_circular: false\n  more_info: >\n    <p>x</p>\nselected_papers: true\nsocial: true\nannouncements:\n"
                                "  enabled: true\n  scrollable: true\n  limit: 5\nlatest_posts:\n  enabled: true\n  scrollable: true\n  limit:"),
    }
    cfg = ("title: blank\ninclude: [_pages]\ncollections:\n  books: {output: true}\n  news: {defaults: {layout: post}, output: true}\n"
           "  projects: {output: true}\n  teachings: {output: true}\n")
    root = site({"_config.yml": cfg, **files})
    assert mine(lint(["."], cwd=root)) == []


# --------------------------------------------------------------------------- required keys and defaults
def test_nav_page_needs_a_title_unless_defaults_give_one(site):
    root = site({"_pages/a.md": page("layout: page\npermalink: /a/\nnav: true")})
    d = mine(lint(["."], cwd=root))
    assert [(x["line"], x["code"]) for x in d] == [(4, "FL104")]
    cfg = ("title: t\ninclude: [_pages]\ndefaults:\n  - scope: {path: _pages}\n    values:\n      title: From defaults\n")
    root2 = site({"_config.yml": cfg, "_pages/a.md": page("layout: page\npermalink: /a/\nnav: true")})
    assert mine(lint(["."], cwd=root2)) == []


def test_an_empty_title_is_named_empty_at_its_key(site):
    root = site({"_pages/a.md": page("layout: page\npermalink: /a/\nnav: true\ntitle:")})
    d = mine(lint(["."], cwd=root))
    assert [(x["line"], x["column"], x["code"]) for x in d] == [(5, 1, "FL104")]
    assert d[0]["message"].startswith("`title` is empty: it is needed with `nav: true`")
    assert d[0]["hint"] == "give `title` a value"
    root = site({"_pages/a.md": page("layout: page\npermalink: /a/\nnav: true")})
    assert mine(lint(["."], cwd=root))[0]["message"].startswith("`title` is missing: it is needed with `nav: true`")
    for blank in ('""', "'  '", "~"):  # an empty label all the same
        root = site({"_pages/a.md": page(f"layout: page\npermalink: /a/\nnav: true\ntitle: {blank}")})
        d = mine(lint(["."], cwd=root))
        assert [(x["line"], x["code"]) for x in d] == [(5, "FL104")], blank
        assert d[0]["message"].startswith("`title` is empty")


def test_posts_do_not_need_a_title(site):
    root = site({"_posts/2024-01-01-x.md": page("layout: post\ndate: 2024-01-01")})
    assert mine(lint(["."], cwd=root)) == []


def test_value_from_defaults_points_into_config(site):
    cfg = 'title: t\ninclude: [_pages]\ndefaults:\n  - scope: {path: _pages}\n    values:\n      layout: page\n      nav: "yes"\n'
    root = site({"_config.yml": cfg, "_pages/a.md": page("title: a"), "_pages/b.md": page("title: b")})
    d = mine(lint(["."], cwd=root))
    assert [(x["path"], x["line"], x["code"]) for x in d] == [("_config.yml", 7, "FL101")]


def test_unknown_layout_with_suggestion(site):
    root = site({"_layouts/about.liquid": "<html>{{ content }}</html>\n", "_layouts/default.liquid": "x\n",
                 "_pages/a.md": page("layout: abuot\ntitle: a")})
    d = mine(lint(["."], cwd=root))
    assert [(x["line"], x["column"], x["code"], x["severity"]) for x in d] == [(2, 9, "FL103", "error")]
    assert d[0]["data"]["suggestions"] == ["about"]


def test_custom_layout_builds_on_an_al_folio_layout(site):
    root = site({
        "_layouts/page.liquid": "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ page.description }}\n",
        "_layouts/default.liquid": "<html>{{ content }}</html>\n",
        "_layouts/talk.liquid": "---\nlayout: page\n---\n{{ page.venue }} {{ page.slides_url }}\n",
        "_pages/t.md": page("layout: talk\ntitle: a talk\nvenue: ICML\nslides_url: /x.pdf\npermlink: /t/"),
    })
    d = mine(lint(["."], cwd=root))
    assert [(x["line"], x["code"]) for x in d] == [(6, "FL202")]


# --------------------------------------------------------------------------- deprecations and eras
OLD_ABOUT_LAYOUT = ("---\nlayout: default\n---\n{% if page.news %}{% include news.html %}{% endif %}\n"
                    "<img class=\"{% if page.profile.image_cicular %}rounded-circle{% endif %}\">{{ page.profile.address }}\n")
NEW_ABOUT_LAYOUT = ("---\nlayout: default\n---\n{% if page.announcements and page.announcements.enabled %}{% include news.liquid %}{% endif %}\n"
                    "{{ page.profile.more_info }}{% if page.profile.image_circular %}x{% endif %}\n")
OLD_ABOUT = page("layout: about\npermalink: /\ntitle: about\nprofile:\n  image: p.jpg\n  image_cicular: true\n  address: <p>x</p>\nnews: true")


def test_old_keys_on_a_site_whose_layouts_still_read_them_are_info(site):
    root = site({"_layouts/about.html": OLD_ABOUT_LAYOUT, "_layouts/default.html": "<html>{{ content }}</html>\n",
                 "_includes/news.html": "{% for item in site.news %}{{ item.title }}{% endfor %}\n", "_pages/about.md": OLD_ABOUT})
    d = mine(lint(["."], cwd=root))
    assert {(x["line"], x["code"], x["severity"]) for x in d} == {(7, "FL203", "info"), (8, "FL203", "info"), (9, "FL203", "info")}
    assert all(x["fix"] is None for x in d)


def test_old_keys_on_a_current_site_are_warnings_with_fixes(site):
    root = site({"_layouts/about.liquid": NEW_ABOUT_LAYOUT, "_layouts/default.liquid": "<html>{{ content }}</html>\n",
                 "_pages/about.md": OLD_ABOUT})
    d = {x["line"]: x for x in mine(lint(["."], cwd=root))}
    assert (d[7]["code"], d[7]["severity"]) == ("FL202", "error")
    assert (d[8]["code"], d[8]["severity"]) == ("FL203", "warning")
    assert (d[9]["code"], d[9]["severity"]) == ("FL203", "warning")
    text = (root / "_pages/about.md").read_text()
    assert apply_fix(text, d[9]["fix"]).endswith("announcements:\n  enabled: true\n---\n\nText.\n")
    assert "\n  more_info: <p>x</p>" in apply_fix(text, d[8]["fix"])
    # no own layouts (v1 / gem): the same
    root2 = site({"_config.yml": "theme: al_folio_core\ninclude: [_pages]\n", "_pages/about.md": OLD_ABOUT})
    d2 = {x["line"]: x["severity"] for x in mine(lint(["."], cwd=root2))}
    assert d2 == {7: "error", 8: "warning", 9: "warning"}


def test_news_fix_keeps_crlf_and_indentation_and_comment(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site

    (tmp_path / "_config.yml").write_text("theme: al_folio_core\ninclude: [_pages]\n")
    (tmp_path / "_pages").mkdir()
    text = "---\r\nlayout: about\r\npermalink: /\r\nnews: true # includes news\r\n---\r\nx\r\n"
    (tmp_path / "_pages/about.md").write_bytes(text.encode())
    res = lint_site(build_site(str(tmp_path)))
    (d,) = [x for x in res.diagnostics if x.code == "FL203"]
    (e,) = d.fix.edits
    src = res.site.source("_pages/about.md").text
    out = src[: e.start] + e.content + src[e.end:]
    assert out == "---\r\nlayout: about\r\npermalink: /\r\nannouncements:\r\n  enabled: true # includes news\r\n---\r\nx\r\n"
    assert d.fix.applicability.value == "safe"


def test_latest_posts_true_and_about_description(site):
    root = site({"_config.yml": "theme: al_folio_core\ninclude: [_pages]\n",
                 "_pages/about.md": page("layout: about\npermalink: /\ndescription: <b>Professor</b>\nlatest_posts: true")})
    d = {x["line"]: x for x in mine(lint(["."], cwd=root))}
    assert (d[4]["code"], d[4]["severity"]) == ("FL203", "info")  # description -> subtitle
    assert d[4]["fix"]["applicability"] == "unsafe"
    assert (d[5]["code"], d[5]["severity"]) == ("FL203", "warning")
    assert d[5]["fix"]["edits"][0]["content"] == "latest_posts:\n  enabled: true"


def test_comments_and_order_are_deprecated_with_unsafe_fixes(site):
    root = site({"_posts/2020-01-01-x.md": page("layout: post\ncomments: true"),
                 "_pages/a.md": page("layout: page\ntitle: a\norder: 2")})
    d = {(x["path"], x["line"]): x for x in mine(lint(["."], cwd=root))}
    assert d[("_posts/2020-01-01-x.md", 3)]["code"] == "FL203"
    assert d[("_posts/2020-01-01-x.md", 3)]["fix"]["applicability"] == "unsafe"
    assert d[("_pages/a.md", 4)]["fix"]["edits"][0]["content"] == "nav_order"


def test_templates_win_for_custom_keys(site):
    root = site({"_layouts/page.liquid": "---\nlayout: default\n---\n{{ page.banner.image }} {% for t in page.talks %}{{ t.venue }}{% endfor %}\n",
                 "_layouts/default.liquid": "x\n",
                 "_pages/a.md": page("layout: page\ntitle: a\nbanner:\n  image: b.jpg\ntalks:\n  - venue: ICML\n  - venu: NeurIPS")})
    d = mine(lint(["."], cwd=root))
    assert [(x["line"], x["code"], x["data"]["suggestions"][0]) for x in d] == [(8, "FL202", "venue")]


# --------------------------------------------------------------------------- other themes
def test_other_theme_site_gets_yaml_checks_only(site):
    root = site({"_config.yml": "remote_theme: mmistakes/minimal-mistakes\ninclude: [_pages]\n",
                 "_pages/a.md": page("layout: single\nauthor_profile: true\nheader:\n  overlay_image: x.jpg\npermlink: /a/"),
                 "_pages/b.md": page("layout: single\ntitle: 'it''s fine'\nnav: yes please")})
    d = mine(lint(["."], cwd=root))
    assert [(x["path"], x["code"], x["severity"]) for x in d] == [("_config.yml", "FL106", "info")]


def test_lone_other_theme_page(tmp_path):
    p = tmp_path / "_pages" / "p.md"
    p.parent.mkdir()
    p.write_text(page("layout: single\ntitle: x\nclasses: wide\nsidebar:\n  - title: a"))
    d = mine(lint([p], cwd=tmp_path))
    assert [(x["code"], x["severity"]) for x in d] == [("FL106", "info")]


# --------------------------------------------------------------------------- _config.yml
def test_config_keys(site):
    cfg = ("title: t\ninclude: [_pages]\nenable_darkmod: true\nenable_mansory: true\nnews_limit: 5\nenable_math: \"yes\"\n"
           "max_author_limit: many\nlang: no\ngiscus:\n  theme: dark\ngithub_username: me\nmy_flag: 1\njekyll-archives: {}\n"
           "baseurl:\nimpressum_path:\n")
    root = site({"_config.yml": cfg, "_pages/a.md": page("layout: page\ntitle: a")})
    d = {x["line"]: x for x in mine(lint(["."], cwd=root))}
    assert {k: (v["code"], v["severity"]) for k, v in d.items()} == {
        3: ("FL602", "warning"), 4: ("FL602", "warning"), 5: ("FL604", "warning"), 6: ("FL603", "warning"),
        7: ("FL603", "warning"), 8: ("FL603", "warning"), 10: ("FL604", "warning"), 11: ("FL604", "warning"),
        12: ("FL601", "info")}
    assert d[3]["fix"]["edits"][0]["content"] == "enable_darkmode"
    assert d[4]["fix"]["edits"][0]["content"] == "enable_masonry"


def test_config_keys_read_by_own_templates_are_fine(site):
    cfg = "title: t\ninclude: [_pages]\nmy_flag: 1\ngithub_username: me\nnews_limit: 3\n"
    root = site({"_config.yml": cfg, "_layouts/default.html": "{{ site.my_flag }} {{ site.github_username }} {{ site.news_limit }}\n",
                 "_pages/a.md": page("layout: default\ntitle: a")})
    assert mine(lint(["."], cwd=root)) == []


def test_generated_site_config_is_clean(tmp_path):
    from conftest import shared_or_skip
    import subprocess
    import sys

    gen = shared_or_skip("bench", "gen_site.py")
    out = tmp_path / "g"
    subprocess.run([sys.executable, str(gen), str(out), "--pages", "30", "--seed", "3", "--fault-rate", "0", "-q"], check=True)
    assert mine(lint(["_config.yml"], cwd=out)) == []


def test_collection_keys_read_by_loops_in_templates(site):
    root = site({"_layouts/page.liquid": "---\nlayout: default\n---\n{{ page.title }}\n", "_layouts/default.liquid": "x\n",
                 "_includes/projects.liquid": "{% for project in site.projects %}{{ project.year }} {{ project.links.code }}{% endfor %}\n",
                 "_projects/p.md": page("layout: page\ntitle: p\nyear: 2023\nlinks:\n  code: https://x.org\nyaer: 2"),
                 "_pages/a.md": page("layout: page\ntitle: a\nyear: 2023")})
    got = {(x["path"], x["line"], x["code"]) for x in mine(lint(["."], cwd=root))}
    assert ("_projects/p.md", 7, "FL202") in got  # `yaer` is still a typo
    assert not any(p == "_projects/p.md" and line in (4, 5) for p, line, _ in got)
    assert ("_pages/a.md", 4, "FL204") in got  # a page is not in the loop


@pytest.mark.parametrize("fm", [
    "layout: post\ntitle: x\nheader-img: img/bg.jpg\ncatalog: true\nmathjax: true",
    "layout: post\ntitle: x\nimage:\n  background: triangular.png",
    "layout: post\ntitle: x\ncover-img: /a.jpg\ngh-repo: a/b",
])
def test_lone_pages_of_other_blog_themes(tmp_path, fm):
    p = tmp_path / "_posts" / "2020-01-01-p.md"
    p.parent.mkdir()
    p.write_text(page(fm))
    d = mine(lint([p], cwd=tmp_path))
    assert [(x["code"], x["severity"]) for x in d] == [("FL106", "info")]


def test_user_schemas_from_settings(site, tmp_path):
    import json as _json

    from folio_lint.settings import Settings

    talk = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "allOf": [{"$ref": "layout-page.schema.json"}],
            "properties": {"venue": {"description": "Where the talk was given.", "type": "string"},
                           "slides": {"description": "Slides PDF.", "type": "string"}}}
    bad = {"type": "object", "propertyNames": {"pattern": "^x"}}
    (tmp_path / "talk.json").write_text(_json.dumps(talk))
    (tmp_path / "bad.json").write_text(_json.dumps(bad))
    root = site({"_layouts/talk.liquid": "---\nlayout: page\n---\n{{ content }}\n", "_layouts/page.liquid": "x\n",
                 "_layouts/default.liquid": "x\n", "_layouts/about.liquid": "x\n",
                 "_pages/t.md": page("layout: talk\ntitle: t\nvenue: 3\nslids: a.pdf\npermalink: /t/"),
                 "_pages/about.md": page("layout: about\npermalink: /\nsubtitle: x")})
    s = Settings(options={"schemas": {"layouts": {"talk": str(tmp_path / "talk.json"), "about": str(tmp_path / "bad.json")}},
                          "extra-keys": {"all": frozenset({"nothing"})}})
    got = {(x["path"], x["line"], x["code"]) for x in mine(lint(["."], cwd=root, settings=s))}
    assert got == {("_pages/t.md", 4, "FL101"), ("_pages/t.md", 5, "FL202")}


def test_al_folio_version_pin_decides_the_era(site):
    from folio_lint.settings import Settings

    root = site({"_config.yml": "theme: al_folio_core\ninclude: [_pages]\nnews_limit: 3\n", "_pages/about.md": OLD_ABOUT})
    old = {(x["line"], x["code"], x["severity"]) for x in mine(lint(["."], cwd=root, settings=Settings(options={"al-folio-version": "v0.12.1"})))}
    # news: true (changed in v0.14) still works on v0.12; profile.address (2023-09), news_limit (2023-04) and
    # image_cicular (fixed 2022-08) were already gone by v0.12
    assert old == {(3, "FL604", "warning"), (7, "FL202", "error"), (8, "FL203", "warning"), (9, "FL203", "info")}
    new = {(x["line"], x["severity"]) for x in mine(lint(["."], cwd=root, settings=Settings(options={"al-folio-version": "0.16"})))}
    assert (9, "warning") in new and any(c == "FL604" for _, _, c in codes(lint(["."], cwd=root)))


def test_plugin_keys(site):
    files = {"_pages/a.md": page("layout: page\ntitle: a\nredirect_from: [/old/]\ntoc: true")}
    d = {x["line"]: x for x in mine(lint(["."], cwd=site(files)))}
    assert d[4]["code"] == "FL201" and "jekyll-redirect-from" in d[4]["message"]
    assert (d[5]["code"], d[5]["severity"]) == ("FL101", "warning")


def test_a_page_whose_own_liquid_reads_old_keys_is_left_alone(site):
    body = ("{% if page.profile %}{% if page.profile.image_cicular %}round{% endif %}\n"
            "{{ page.profile.address }}{% endif %}\nText.\n")
    root = site({"_pages/people.md": page("layout: page\npermalink: /people/\ntitle: people\nnav: true\nnav_order: 2\n"
                                          "profile:\n  align: right\n  image: p.jpg\n  image_cicular: false\n  address: x", body)})
    assert mine(lint(["."], cwd=root)) == []


def test_layout_none_and_layout_with_extension(site):
    root = site({"_layouts/default.liquid": "x\n", "_pages/a.md": page("layout: none\ntitle: a"),
                 "_pages/b.md": page("layout: default.html\ntitle: b")})
    d = mine(lint(["."], cwd=root))
    assert [(x["path"], x["code"], x["data"]["suggestions"]) for x in d] == [("_pages/b.md", "FL103", ["default"])]


def test_findings_from_real_old_sites_stay_precise(site):
    """Cases met on real al-folio sites of 2019-2026 (no false alarms, the right code)."""
    cfg = "title: t\ninclude: [_pages]\nlast_updated: 2021-03-01\ncollections:\n  projects: {output: true}\n"
    root = site({
        "_config.yml": cfg,
        "_layouts/page.html": "---\nlayout: default\n---\n{{ page.title }}\n", "_layouts/default.html": "x\n",
        "_includes/header.html": "{% assign sorted_pages = site.pages | sort: \"order\" %}\n",
        "_pages/publications.md": page("layout: page\ntitle: pubs\norder: 2\nyears: [2024, 2023]",
                                       "{% for y in page.years %}{{ y }}{% endfor %}\n"),
        "_projects/p.md": page("layout: page\ntitle: p\n<!-- redirect: https://x.org/ -->\nimage: a.jpg"),
    })
    got = {(x["path"], x["line"], x["code"], x["severity"]) for x in mine(lint(["."], cwd=root))}
    assert got == {("_projects/p.md", 4, "FL201", "warning"), ("_projects/p.md", 5, "FL204", "info")}
