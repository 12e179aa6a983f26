"""Precision round 11: false alarms found by the primer on al-folio sites not reviewed before (2018-2026
forks, a lab site, personal sites with their own layouts, academicpages sites), each reduced to a few
trimmed lines in tests/fixtures/precision/r11/. Every case keeps the true positive next to it, so a fix
cannot pass by silencing the rule.
"""

from __future__ import annotations


import conftest
from conftest import found


POST = "_posts/2025-06-05-reasoning-models.md"


def test_cited_only_bibliography_of_the_layouts_shows_no_demo_entry(fixture_site):
    # a 2025 lab fork: no publications page, the demo papers.bib kept; al-folio's post and page layouts
    # end with `{% bibliography --cited_in_order %}`, which lists only what the page cites, and no page
    # cites anything: the Einstein entries and `scholar.last_name: [Einstein]` are seen nowhere
    root = fixture_site("r11/cited-only-bib")
    assert found(root) == []
    # a page that cites a demo entry shows it (and the owner's highlighted name): reported again
    page = (root / POST).read_text(encoding="utf-8")
    root = fixture_site("r11/cited-only-bib", **{POST.replace("/", "__"): page.replace(
        "Our vision for AI for science.", "Our vision {% cite einstein1920relativity %}.")})
    assert found(root) == [("_bibliography/papers.bib", 6, "FL506"), ("_bibliography/papers.bib", 13, "FL506"),
                           ("_config.yml", 8, "FL504")]
    # so does a publications page, and a layout's plain `{% bibliography %}` (not limited to cited entries)
    pubs = "---\nlayout: page\ntitle: publications\npermalink: /publications/\n---\n{% bibliography %}\n"
    root = fixture_site("r11/cited-only-bib", **{"_pages__publications.md": pubs})
    assert [c for _, _, c in found(root)] == ["FL506", "FL506", "FL504"]
    layout = (root / "_layouts/post.liquid").read_text(encoding="utf-8")
    root = fixture_site("r11/cited-only-bib", **{"_layouts__post.liquid": layout.replace(" --cited_in_order", "")})
    assert [c for _, _, c in found(root)] == ["FL506", "FL506", "FL504"]


MVP = "_posts/2022-02-07-python-mvp.md"


def test_site_author_mapping_and_post_author_names(fixture_site):
    # a personal site of 2024-26: `author: {name, email}` in _config.yml (the form jekyll-feed and
    # jekyll-seo-tag read; its own metadata include prints `site.author.name`), and posts whose
    # `authors:` is a list of names that its own post layout prints (`{{ author }}`): both are fine
    root = fixture_site("r11/own-post-authors")
    assert found(root) == []
    # a list for the site author is still no text nor mapping
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    root = fixture_site("r11/own-post-authors", **{"_config.yml": cfg.replace(
        "author:\n  name: Jane Roe\n  email: jane@example.com\n", "author:\n  - Jane Roe\n")})
    assert found(root, "FL603") == [("_config.yml", 6, "FL603")]
    # a distill post still needs the `{name, url, affiliations}` mappings its byline reads
    page = (root / MVP).read_text(encoding="utf-8")
    distill = ("---\nlayout: default\n---\n{% for author in page.authors %}<a href=\"{{ author.url }}\">{{ author.name }}</a>"
               "{% endfor %}\n{{ content }}\n")
    root = fixture_site("r11/own-post-authors", **{MVP.replace("/", "__"): page.replace("layout: post", "layout: distill"),
                                                   "_layouts__distill.liquid": distill})
    assert found(root, "FL101") == [(MVP, 7, "FL101")]


def test_og_image_through_absolute_url_needs_no_leading_slash(fixture_site):
    # the site's metadata include writes `page.og_image | absolute_url`: Jekyll's filter puts the `/`
    # between the host and `assets/img/blog/jokic.png`, so the value works as written
    root = fixture_site("r11/own-post-authors")
    assert found(root, "FL312") == []
    page = (root / MVP).read_text(encoding="utf-8")
    # a file that is not there is still reported
    root = fixture_site("r11/own-post-authors", **{MVP.replace("/", "__"): page.replace("jokic.png", "jokic2.png")})
    assert found(root, "FL312") == [(MVP, 5, "FL312")]
    # an include that glues `site.url`, `site.baseurl` and the value (no `/` added) still needs the `/`
    inc = (root / "_includes/metadata.liquid").read_text(encoding="utf-8")
    root = fixture_site("r11/own-post-authors", **{"_includes__metadata.liquid": inc.replace(
        "page.og_image | absolute_url", "page.og_image | prepend: site.baseurl | prepend: site.url")})
    got = [d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL312"]
    assert [(d["line"], "has no leading `/`" in d["message"]) for d in got] == [(5, True)]


HPP = "_projects/hpp/index.html"
UDA = "_projects/7_project.md"


def test_layout_None_and_dot_slash_image(fixture_site):
    # a 2021 fork with hand-made project pages: `layout: None` finds no layout, so Jekyll renders the
    # page bare, as the site's own `none` layout (`{{content}}`) would; a project's `img:
    # ./assets/...` goes through relative_url, and the browser drops the `./`: the file is there
    root = fixture_site("r11/none-layout-dot-img")
    assert found(root) == []
    # a `none` layout that adds something: `None` misses it, reported (did you mean `none`?)
    root = fixture_site("r11/none-layout-dot-img", **{"_layouts__none.html": "<main>{{content}}</main>\n"})
    got = [d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL103"]
    assert [(d["path"], d["line"], d["hint"]) for d in got] == [(HPP, 2, "did you mean `none`?")]
    # another misspelt layout is reported as before
    page = (root / HPP).read_text(encoding="utf-8")
    root = fixture_site("r11/none-layout-dot-img", **{HPP.replace("/", "__"): page.replace("layout: None", "layout: pag")})
    assert found(root, "FL103") == [(HPP, 2, "FL103")]
    # a `./` path to a file that does not exist is still a missing file
    proj = (root / UDA).read_text(encoding="utf-8")
    root = fixture_site("r11/none-layout-dot-img", **{UDA.replace("/", "__"): proj.replace("block.svg", "blocks.svg")})
    assert found(root, "FL401") == [(UDA, 5, "FL401")]


PART2 = "_posts/2019-12-30-2048-part-2.md"


def test_site_url_glued_path_and_include_with_leading_slash(fixture_site):
    # a 2017-2022 blog (Hydejack): `url:` ends with `/`, so `{{site.url}}2019/10/11/2048-part-1/` is the
    # post's address from the root, not a path below the page; `{% include /custom/bokeh_demo.html %}`:
    # Jekyll joins the name onto `_includes/` and finds `_includes/custom/bokeh_demo.html`
    root = fixture_site("r11/site-url-and-slash-include")
    assert found(root) == []
    page = (root / PART2).read_text(encoding="utf-8")
    # a post that is not there, and an include file that is not there, are still reported
    root = fixture_site("r11/site-url-and-slash-include", **{PART2.replace("/", "__"): page.replace(
        "2019/10/11/2048-part-1/", "2019/10/12/2048-part-1/").replace("bokeh_demo.html", "bokeh_demo2.html")})
    assert found(root) == [(PART2, 6, "FL301"), (PART2, 8, "FL402")]
