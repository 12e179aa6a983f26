"""Precision round 6: false alarms found by the primer on real sites not reviewed before (an
AcadHomepage copy of minimal-mistakes, an Allan Lab template lab site, an old lab site that keeps a
`name:` nothing shows), each reduced to a few trimmed lines in tests/fixtures/precision/, and the
message corrections round 5 noted. Every case keeps the true positive next to it, so a fix cannot
pass by silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

import conftest
from conftest import found

FIXTURES = Path(__file__).parent / "fixtures" / "precision"


def messages(root: Path, code: str) -> list[str]:
    return [d["message"] for d in conftest.lint(["."], cwd=root) if d["code"] == code]


def test_acad_homepage_is_a_minimal_mistakes_copy(fixture_site):
    # one `default` layout, but the includes of minimal-mistakes: `author:` is its mapping, not al-folio's text
    root = fixture_site("acad-homepage")
    assert found(root, "FL603", "FL106", "FL401") == [("_config.yml", 1, "FL106"), ("_pages/about.md", 9, "FL401")]
    # without minimal-mistakes' includes it is judged as al-folio: no al-folio template reads `site.author`,
    # and jekyll-feed / jekyll-seo-tag take the `{name, email, ...}` mapping, so it is still fine (round 11);
    # a list is neither form and is reported
    (root / "_includes" / "masthead.html").unlink()
    assert found(root, "FL603") == []
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(cfg.replace("author:\n", "author:\n  - Example Author\nold_author:\n", 1), encoding="utf-8")
    assert found(root, "FL603") == [("_config.yml", 4, "FL603")]


def test_allan_lab_template_is_another_theme(fixture_site):
    # gridlay/homelay/textlay: the CV block's `name: Your Name` is not al-folio's owner placeholder
    root = fixture_site("allan-lab")
    assert found(root, "FL504", "FL106", "FL301") == [("_config.yml", 1, "FL106"), ("_pages/allnews.md", 7, "FL301")]
    # with al-folio's own layouts mixed in, the site is judged as al-folio again
    (root / "_layouts" / "bib.html").write_text("---\nlayout: default\n---\n{{ content }}\n", encoding="utf-8")
    (root / "_layouts" / "about.html").write_text("---\nlayout: default\n---\n{{ site.name }}{{ content }}\n",
                                                  encoding="utf-8")
    assert ("_config.yml", 5, "FL504") in found(root, "FL504")


def test_an_owner_placeholder_nothing_shows_is_not_reported(fixture_site):
    # the site carries all its templates; none reads `site.name`, so "Your Name" is never published
    root = fixture_site("v0-name-unshown")
    assert found(root, "FL504") == []
    layout = "<!DOCTYPE html>\n<html><body><header>{{ site.name }}</header>{{ content }}</body></html>\n"
    root = fixture_site("v0-name-unshown", **{"_layouts__default.html": layout})
    assert found(root, "FL504") == [("_config.yml", 5, "FL504")]


# ---------------------------------------------------------------------- messages round 5 noted
ABOUT = """---
layout: about
title: about
permalink: /
profile:
  align: right
  more_info: >
    <p>Room 12, Physics Building</p>
{lines}
---

Hello.
"""


def test_the_placeholder_address_named_is_the_one_left(site):
    only_street = "    <p>123 your address street</p>\n    <p>Your City, State 12345</p>"
    root = site({"_pages/about.md": ABOUT.format(lines=only_street)})
    assert messages(root, "FL501") == [
        "template value left in `profile.more_info`: al-folio's placeholder address (\"123 your address street…\")"]
    root = site({"_pages/about.md": ABOUT.format(lines="    <p>555 your office number</p>\n" + only_street)})
    assert messages(root, "FL501") == [
        "template value left in `profile.more_info`: al-folio's placeholder address (\"555 your office number…\")"]


def test_an_empty_moved_setting_is_not_reported(site):
    # `email:` with nothing after it shows nothing in any era; a filled one still has to move to _data/socials.yml
    assert found(site({"_config.yml": "title: t\nemail:\n"}), "FL604") == []
    assert found(site({"_config.yml": "title: t\nemail: jane@example.edu\n"}), "FL604") == [("_config.yml", 2, "FL604")]


class _Ctx:
    """The part of a rule context the FL507 wording reads (a per-run memo)."""

    def __init__(self):
        self.memo = {}

    def cached(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def test_the_demo_resume_hint_fits_the_era(site):
    # before 2026 the CV layout shows resume.json whenever jekyll-get-json loads it: there is no `cv_format`
    from folio_lint.discover import build_site
    from folio_lint.rules.boilerplate import _resume_json_words

    cfg = "title: t\ninclude: [_pages]\njekyll_get_json:\n  - data: resume\n    json: assets/json/resume.json\n"
    cv = "---\nlayout: cv\ntitle: cv\npermalink: /cv/\n{extra}---\n"
    files = {"_config.yml": cfg, "_layouts/cv.liquid": "{% for d in site.data.resume %}{{ d[0] }}{% endfor %}",
             "_pages/cv.md": cv.format(extra=""), "assets/json/resume.json": "{}"}
    msg, hint, shown = _resume_json_words(build_site(str(site(files))), _Ctx(), "m")
    assert shown and "cv_format" not in hint and "jekyll_get_json" in hint
    # 2026: the CV page picks its data with `cv_format:`
    files["_pages/cv.md"] = cv.format(extra="cv_format: jsonresume\n")
    msg, hint, shown = _resume_json_words(build_site(str(site(files))), _Ctx(), "m")
    assert shown and "cv_format: rendercv" in hint
    # ... and with `rendercv` the page shows `_data/cv.yml`: the demo file is only published, not shown
    files["_pages/cv.md"] = cv.format(extra="cv_format: rendercv\n")
    msg, hint, shown = _resume_json_words(build_site(str(site(files))), _Ctx(), "m")
    assert not shown and "`cv_format: rendercv`" in msg
    # no page with the cv layout (a CV page that only links a PDF): the file is published, not shown
    files["_pages/cv.md"] = "---\nlayout: null\npermalink: /cv/\n---\n"
    msg, hint, shown = _resume_json_words(build_site(str(site(files))), _Ctx(), "m")
    assert not shown and "no page with the `cv` layout" in msg


def test_a_draft_stops_only_a_build_with_drafts(site):
    page = "---\nlayout: post\ntitle: d\n---\nSee [x]({% post_url 2020-01-01-missing %}).\n\n{% include missing.html %}\n"
    files = {"_config.yml": "title: t\n", "_layouts/post.html": "---\n---\n{{ content }}\n",
             "_includes/other.html": "x\n", "_drafts/idea.md": page, "_posts/2021-01-01-real.md": page}
    got = [(d["path"], d["code"], d["severity"], d["message"].split("; ")[-1])
           for d in conftest.lint(["."], cwd=site(files)) if d["code"] in ("FL303", "FL402")]
    drafts = "Jekyll stops a build with `--drafts` (this draft is not built otherwise)"
    assert sorted(got) == [("_drafts/idea.md", "FL303", "warning", drafts), ("_drafts/idea.md", "FL402", "warning", drafts),
                           ("_posts/2021-01-01-real.md", "FL303", "error", "Jekyll stops the build"),
                           ("_posts/2021-01-01-real.md", "FL402", "error", "Jekyll stops the build")]


def test_the_blog_description_is_shown_only_by_a_blog_page_that_reads_it(site):
    # v1: al_folio_core's layouts never read `blog_description`; the starter's _pages/blog.md does
    cfg = "title: t\ntheme: al_folio_core\ninclude: [_pages]\nblog_description: a simple whitespace theme for academics\n"
    own = "---\nlayout: page\ntitle: Blog\npermalink: /blog/\n---\n# Blog\n"
    assert found(site({"_config.yml": cfg, "_pages/blog.md": own}), "FL504") == []
    starter = "---\nlayout: default\npermalink: /blog/\n---\n<h2>{{ site.blog_description }}</h2>\n"
    assert found(site({"_config.yml": cfg, "_pages/blog.md": starter}), "FL504") == [("_config.yml", 4, "FL504")]


def test_a_key_repeated_with_the_same_value_loses_nothing(site):
    post = "---\nlayout: post\ntitle: t\ncategories: research\nimage: /a.png\ncategories: research\n---\nx\n"
    got = [(d["line"], d["severity"]) for d in conftest.lint(["."], cwd=site({"_posts/2022-07-07-a.md": post}))
           if d["code"] == "FL003"]
    assert got == [(6, "warning")]
    post = post.replace("categories: research\n---", "categories: teaching\n---")
    got = [(d["line"], d["severity"]) for d in conftest.lint(["."], cwd=site({"_posts/2022-07-07-a.md": post}))
           if d["code"] == "FL003"]
    assert got == [(6, "error")]


def test_a_pages_listing_key_is_a_link_only_where_something_shows_it(site):
    # a blog theme's index lists `post.thumbnail` of posts; its root `template.md` (a page) keeps a
    # placeholder `thumbnail:` that no listing and no layout shows
    index = ("---\nlayout: default\n---\n{% for post in paginator.posts %}"
             "<div style=\"background-image:url({{ post.thumbnail }});\"></div>{% endfor %}\n")
    files = {"_config.yml": "title: t\n", "Gemfile": "gem \"minima\"\n", "_layouts/default.html": "{{ content }}\n",
             "_layouts/post.html": "---\nlayout: default\n---\n{{ content }}\n", "index.html": index,
             "template.md": "---\nlayout: post\ntitle: title\nthumbnail: /style/image/paper.jpg   tech.jpg\n---\n",
             "_posts/2020-01-01-a.md": "---\nlayout: post\ntitle: a\nthumbnail: /style/image/missing.jpg\n---\nx\n"}
    assert found(site(files), "FL401") == [("_posts/2020-01-01-a.md", 4, "FL401")]
    # a layout that shows `page.thumbnail` makes it the page's image too
    files["_layouts/post.html"] = "---\nlayout: default\n---\n<img src=\"{{ page.thumbnail }}\">{{ content }}\n"
    assert found(site(files), "FL401") == [("_posts/2020-01-01-a.md", 4, "FL401"), ("template.md", 4, "FL401")]
