"""Precision round 5: false alarms found by the primer on real sites not reviewed before (a Chirpy 7
blog, a Freelancer-theme portfolio, a minima site with a projects collection, al-folio sites whose CV
page does not show `_data/cv.yml`, a v1 site that excludes the demo assets, lab sites on the Greene
Lab template, a TeXt site's `layout: 404`), each reduced to a few trimmed lines in
tests/fixtures/precision/. Every case keeps the true positive next to it, so a fix cannot pass by
silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest
from conftest import found
from folio_lint.discover import build_site

FIXTURES = Path(__file__).parent / "fixtures" / "precision"
POST = "_posts/2022-10-21-AppProject 및 속성.md"


def test_chirpy_roots_a_relative_image_of_a_post(fixture_site):
    # Chirpy 7's media-url.html writes `<img src="assets/x.png">` as baseurl + media_subpath + `/assets/x.png`:
    # the image of a post at /posts/title/ is found from the site root; one missing everywhere is still missing
    assert found(fixture_site("chirpy-relative-images"), "FL401") == [(POST, 12, "FL401")]


def test_chirpy_media_subpath_is_the_folder_of_relative_images(fixture_site):
    text = (FIXTURES / "chirpy-relative-images" / POST).read_text(encoding="utf-8")
    text = text.replace("categories:", "media_subpath: /assets/img/post\ncategories:").replace("assets/img/post/", "")
    root = fixture_site("chirpy-relative-images", **{POST.replace("/", "__"): text})
    assert found(root, "FL401") == [(POST, 13, "FL401")]


def test_a_relative_image_on_another_theme_is_relative_to_the_page(fixture_site):
    cfg = (FIXTURES / "chirpy-relative-images" / "_config.yml").read_text(encoding="utf-8").replace(
        "jekyll-theme-chirpy", "minima")
    got = found(fixture_site("chirpy-relative-images", **{"_config.yml": cfg}), "FL401")
    assert got == [(POST, 8, "FL401"), (POST, 12, "FL401")]


def test_a_folder_written_before_the_listing_key_is_its_base(fixture_site):
    # Freelancer: `<img src="img/portfolio/{{ post.img }}">`, so `img: jowr.jpg` is img/portfolio/jowr.jpg
    assert found(fixture_site("portfolio-img"), "FL401") == []
    post = (FIXTURES / "portfolio-img" / "_posts" / "2016-01-01-jowr.md").read_text(encoding="utf-8")
    root = fixture_site("portfolio-img", **{"_posts__2016-01-01-jowr.md": post.replace("jowr.jpg", "jowr2.jpg")})
    assert found(root, "FL401") == [("_posts/2016-01-01-jowr.md", 5, "FL401")]


def test_another_themes_gem_never_shows_al_folios_listing_keys(fixture_site):
    # `theme: minima`: nothing reads a project's `img:`, so a missing thumbnail is never linked
    assert found(fixture_site("minima-projects"), "FL401") == []
    # ... unless the site's own Liquid shows it
    listing = "---\nlayout: page\ntitle: Projects\n---\n{% for p in site.projects %}<img src=\"{{ p.img | relative_url }}\">{% endfor %}\n"
    root = fixture_site("minima-projects", **{"projects.md": listing})
    assert found(root, "FL401") == [("_projects/1_kurvedwind.md", 5, "FL401")]


def test_a_cv_page_without_the_cv_layout_does_not_show_the_cv_data(fixture_site):
    assert found(fixture_site("cv-not-shown"), "FL505") == []
    page = "---\nlayout: cv\npermalink: /cv/\ntitle: CV\n---\n"
    no_resume = {"assets__json__resume.json": "", "_config.yml": "title: Wang\nfirst_name: Zhuo\ninclude: ['_pages']\n"}
    root = fixture_site("cv-not-shown", **{"_pages__cv.md": page, **no_resume})
    assert found(root, "FL505") == [("_data/cv.yml", 5, "FL505")]


def test_a_cv_layout_that_shows_the_resume_first_does_not_show_the_cv_data(fixture_site):
    # `{% unless site.data.resume %}` and jekyll-get-json loads assets/json/resume.json: cv.yml is not shown
    page = "---\nlayout: cv\npermalink: /cv/\ntitle: CV\n---\n"
    assert found(fixture_site("cv-not-shown", **{"_pages__cv.md": page}), "FL505") == []
    # the json named by jekyll_get_json is absent: the layout falls back to cv.yml
    import os

    root = fixture_site("cv-not-shown", **{"_pages__cv.md": page})
    os.remove(root / "assets" / "json" / "resume.json")
    assert found(root, "FL505") == [("_data/cv.yml", 5, "FL505")]


def test_v1_cv_data_is_shown_only_by_a_page_with_the_cv_layout(site):
    cv = (FIXTURES / "cv-not-shown" / "_data" / "cv.yml").read_text(encoding="utf-8")
    files = {"_config.yml": "title: t\ntheme: al_folio_core\ninclude: [_pages]\n", "_data/cv.yml": cv,
             "_pages/cv.md": "---\nlayout: page\npermalink: /cv/\ntitle: CV\n---\n[PDF](https://example.org/cv.pdf)\n"}
    assert found(site(files), "FL505") == []
    files["_pages/cv.md"] = "---\nlayout: cv\npermalink: /cv/\ntitle: CV\n---\n"
    assert found(site(files), "FL505") == [("_data/cv.yml", 5, "FL505")]


def test_an_excluded_stock_file_is_not_published(fixture_site):
    # a v1 site lists the demo folders in `exclude:`: Jekyll neither copies nor shows them
    stock = Path(__file__).parent.parent / "examples" / "site" / "assets" / "bibliography" / "2018-12-22-distill.bib"
    if not stock.is_file():
        pytest.skip("examples/site has no stock distill bibliography")
    text = stock.read_text(encoding="utf-8")
    cfg = "title: Wang\nfirst_name: Zhuo\ninclude: ['_pages']\nexclude: [assets/bibliography/]\n"
    root = fixture_site("cv-not-shown", **{"assets__bibliography__2018-12-22-distill.bib": text, "_config.yml": cfg})
    assert found(root, "FL507") == []
    root = fixture_site("cv-not-shown", **{"assets__bibliography__2018-12-22-distill.bib": text})
    assert found(root, "FL507") == [("assets/bibliography/2018-12-22-distill.bib", 1, "FL507")]


def test_the_greene_lab_template_is_not_al_folio(fixture_site):
    # its header sorts pages by `nav.order`: `nav: {order: 5}` is its way, not a wrong al-folio `nav:`
    root = fixture_site("lab-template")
    assert build_site(str(root)).theme == "lab-website-template"
    assert found(root, "FL101") == []


def test_text_theme_copy_is_detected(site):
    root = site({"_config.yml": "title: t\n", **{f"_layouts/{n}.html": "{{ content }}\n" for n in ("article", "articles", "landing", "page")}})
    assert build_site(str(root)).theme == "jekyll-text-theme"


def test_a_numeric_layout_names_a_layout_file(site):
    # Jekyll looks the layout up by its text: `layout: 404` applies _layouts/404.html (checked with Jekyll 4.3)
    files = {"_layouts/404.html": "<h1>{{ content }}</h1>\n", "_layouts/page.html": "{{ content }}\n",
             "404.html": "---\nlayout: 404\npermalink: /404.html\n---\nNot found\n"}
    assert found(site(files), "FL101") == []
    files["404.html"] = "---\nlayout: [404]\npermalink: /404.html\n---\nNot found\n"
    assert found(site(files), "FL101") == [("404.html", 2, "FL101")]


def test_a_gemfile_theme_that_theme_does_not_name_is_not_the_theme(site):
    # Jekyll uses a theme gem only when `theme:` names it: a lab site grown from al-folio keeps `gem "minima"`
    files = {"Gemfile": 'source "https://rubygems.org"\ngem "jekyll", "~> 4.3.2"\ngem "minima", "~> 2.5"\n',
             "_config.yml": "title: Lab\nfirst_name: Ludovic\n# theme: minima\nscholar:\n  style: apa\n",
             "_layouts/default.html": "{{ content }}\n", "_layouts/bib.html": "{{ entry.title }}\n"}
    got = build_site(str(site(files)))
    assert got.theme == "al-folio"
    # without al-folio's settings the Gemfile still tells the lineage of the site's own templates
    files["_config.yml"] = "title: Blog\n"
    assert build_site(str(site(files))).theme == "minima"
    # a commented-out gem line is no evidence at all
    files["Gemfile"] = 'source "https://rubygems.org"\n# gem "minima", "~> 2.5"\n'
    assert build_site(str(site(files))).theme is None


def test_v1_analytics_switches_are_settings(site):
    # the v1 starter's _config.yml (al_analytics gem): Simple Analytics has a switch, no id
    cfg = ("title: t\ntheme: al_folio_core\nanalytics:\n  cloudflare:\nenable_simple_analytics: false\n"
           "enable_cloudflare_analytics: false\n")
    assert found(site({"_config.yml": cfg}), "FL602") == []
    assert found(site({"_config.yml": cfg.replace("enable_simple_", "enable_simpel_")}), "FL602") == [("_config.yml", 5, "FL602")]


def test_a_post_named_by_its_date_alone_is_told_what_is_missing(site):
    # a 2019 fork's `_posts/2018-02-04.markdown`: a date, but no `-title` (Jekyll 4.3 skips it)
    got = conftest.lint(["."], cwd=site({"_posts/2018-02-04.markdown": "---\nlayout: post\n---\nx\n",
                                         "_posts/notes.md": "---\nlayout: post\n---\nx\n"}))
    msgs = sorted((d["path"], d["message"], d["hint"]) for d in got if d["code"] == "FL010")
    assert msgs[0][0] == "_posts/2018-02-04.markdown" and "has a date but no title" in msgs[0][1]
    assert "2018-02-04-title.markdown" in msgs[0][2]
    assert msgs[1][0] == "_posts/notes.md" and "has no date in its name" in msgs[1][1]


def test_the_demo_resume_of_2023_to_2025_is_known():
    # with `_data/cv.yml` no longer reported on CV pages that show `site.data.resume`, the demo resume
    # they show must be: the template's resume.json of 2023-10, 2024-03 and 2024-10..2025-10
    from folio_lint.boilerplate import catalogue

    fp = catalogue().by_id["asset.resume-json"]
    got = {(h.sha256[:12], h.size) for h in fp.hashes}
    assert {("46dcde95bfe0", 2207), ("c0dfd5466fc5", 7378), ("ceb6c03ac13d", 7419)} <= got


def test_v1_al_rtl_reads_the_page_language(site):
    # the v1 starter's RTL demo post: "set `lang` in the page's front matter to an RTL language" (al_rtl gem)
    post = "---\nlayout: post\ntitle: t\ndate: 2022-10-15 10:00:00\nlang: fa\n---\nx\n"
    cfg = "title: t\ntheme: al_folio_core\nplugins:\n  - al_folio_core\n  - al_rtl\n"
    assert found(site({"_config.yml": cfg, "_posts/2022-10-15-rtl.md": post}), "FL201") == []
    cfg = "title: t\ntheme: al_folio_core\nplugins:\n  - al_folio_core\n"
    assert found(site({"_config.yml": cfg, "_posts/2022-10-15-rtl.md": post}), "FL201") == [("_posts/2022-10-15-rtl.md", 5, "FL201")]


def test_the_demo_disqus_forum_matters_only_where_comments_are_shown(fixture_site):
    # al-folio's post layout loads Disqus only with `disqus_comments: true`; no page here has it
    cfg = (FIXTURES / "cv-not-shown" / "_config.yml").read_text(encoding="utf-8") + "disqus_shortname: al-folio # put your disqus shortname\n"
    post = ("---\nlayout: post\n---\n{% if site.disqus_shortname and page.disqus_comments %}"
            "{% include disqus.html %}{% endif %}\n")
    files = {"_config.yml": cfg, "_layouts__post.html": post, "_includes__disqus.html": "var s = '{{ site.disqus_shortname }}';\n",
             "_posts__2015-10-20-hello.md": "---\nlayout: post\ntitle: hello\n---\nx\n"}
    assert found(fixture_site("cv-not-shown", **files), "FL504") == []
    files["_posts__2015-10-20-hello.md"] = "---\nlayout: post\ntitle: hello\ndisqus_comments: true\n---\nx\n"
    assert [c for _, _, c in found(fixture_site("cv-not-shown", **files), "FL504")] == ["FL504"]
    # a layout of the site's own that loads the forum on every page
    files["_posts__2015-10-20-hello.md"] = "---\nlayout: post\ntitle: hello\n---\nx\n"
    files["_layouts__post.html"] = "---\nlayout: default\n---\n{{ content }}{% include disqus.html %}\n"
    assert [c for _, _, c in found(fixture_site("cv-not-shown", **files), "FL504")] == ["FL504"]
