"""Fragments into pages whose layout renders more than the body (about, cv, custom layouts): the
ids the site's own layout chain writes, checked against real Jekyll output when it is installed."""

from __future__ import annotations

import re

import pytest

from conftest import JEKYLL, jekyll_build, lint, write_site


DEFAULT = """<!doctype html>
<html>
  <head>{% include head.liquid %}</head>
  <body>
    {% include header.liquid %}
    <div class="container" role="main" id="main">
      {% if page.toc and page.toc.sidebar %}
        <nav id="toc-sidebar" class="sticky-top"></nav>
      {% endif %}
      {{ content }}
    </div>
    {%- include footer.liquid -%}
    <script>
      document.querySelectorAll("table").forEach(function (t) { t.classList.add("table"); });
    </script>
  </body>
</html>
"""
HEAD = '<meta charset="utf-8">\n<title>{{ page.title }} | {{ site.title }}</title>\n'
HEADER = """<header>
  <nav id="navbar" class="navbar">
    <a class="navbar-brand" href="{{ '/' | relative_url }}">{{ site.title }}</a>
    <ul id="navbarNav">
      {% for p in site.pages %}{% if p.nav %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a></li>{% endif %}{% endfor %}
    </ul>
  </nav>
</header>
"""
FOOTER = ('<footer id="footer">{% if site.footer_text %}<p id="footer-text">{{ site.footer_text }}</p>{% endif %}</footer>\n'
          '{% raw %}<div id="raw-id"></div>{% endraw %}{% comment %}<div id="commented">{% endcomment %}\n'
          '{% highlight html %}<div id="code-id"></div>{% endhighlight %}\n')
ABOUT = """---
layout: default
---
<div class="post">
  <header class="post-header"><h1 class="post-title">{{ site.title }}</h1></header>
  <article>
    {% if page.profile %}
      <div class="profile" id="profile">{% if page.profile.more_info %}<div class="more-info">x</div>{% endif %}</div>
    {% endif %}
    <div class="clearfix">{{ content }}</div>
    {% if page.announcements and page.announcements.enabled %}
      <h2 id="news">news</h2>
      {% include news.liquid %}
    {% endif %}
    {% unless page.social == false %}
      <div class="social" id="contact">{{ site.contact_note }}</div>
    {% endunless %}
  </article>
</div>
"""
NEWS = '<div class="news">{% for item in site.news %}<div class="item">{{ item.content }}</div>{% endfor %}</div>\n'
CV = """---
layout: default
---
<div class="cv">{% for entry in site.data.cv %}<h2 id="{{ entry.title | slugify }}">{{ entry.title }}</h2>{% endfor %}</div>
{{ content }}
"""


def _files(about_extra: str = "") -> dict[str, str]:
    return {
        "_config.yml": "title: demo\nplugins: []\ninclude: [_pages]\nfooter_text: hello\n"
                       "collections:\n  news:\n    output: false\n",
        "_layouts/default.liquid": DEFAULT,
        "_layouts/about.liquid": ABOUT,
        "_layouts/cv.liquid": CV,
        "_includes/head.liquid": HEAD,
        "_includes/header.liquid": HEADER,
        "_includes/footer.liquid": FOOTER,
        "_includes/news.liquid": NEWS,
        "_data/cv.yml": "- title: Education\n- title: Work\n",
        "_news/one.md": "---\ndate: 2024-01-01\n---\n## Hidden heading\n",
        "_pages/about.md": "---\nlayout: about\ntitle: about\npermalink: /\nprofile:\n  align: right\n"
                           + about_extra + "---\n\n## Biography\n\nText.\n",
        "_pages/with-news.md": "---\nlayout: about\ntitle: with news\npermalink: /with-news/\n"
                               "announcements:\n  enabled: true\n---\n\n## Biography\n",
        "_pages/cv.md": "---\nlayout: cv\ntitle: cv\npermalink: /cv/\n---\n\n## Summary\n",
        "_pages/links.md": "---\nlayout: page\ntitle: links\npermalink: /links/\n---\n\n"
                           "[a](/#biography) [b](/#contact) [c](/#navbar) [d](/#footer-text) [e](/#news) [f](/#profile)\n\n"
                           "[g](/with-news/#news) [h](/with-news/#nothing-here) [i](/cv/#education) [j](/cv/#nope)\n",
        "_layouts/page.liquid": "---\nlayout: default\n---\n<div class=\"post\">{{ content }}</div>\n",
    }


def test_layout_ids_and_completeness(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.layout_ids import layout_ids

    site = build_site(str(write_site(tmp_path / "s", _files())))
    ids, complete = layout_ids(site, "about", site.documents["_pages/about.md"].data)
    assert complete
    assert {"main", "navbar", "navbarNav", "footer", "footer-text", "profile", "contact"} <= ids
    assert "news" not in ids and "toc-sidebar" not in ids  # branches the page's data turns off
    _ids, complete = layout_ids(site, "about", site.documents["_pages/with-news.md"].data)
    assert not complete  # news items' own content (with their heading ids) is rendered
    _ids, complete = layout_ids(site, "cv", site.documents["_pages/cv.md"].data)
    assert not complete  # id="{{ entry.title | slugify }}"
    assert layout_ids(site, "missing-layout", {}) is None


def test_fragments_into_about_pages_are_checked(tmp_path):
    root = write_site(tmp_path / "s", _files())
    got = sorted((d["line"], d["column"]) for d in lint(["."], cwd=root) if d["code"] == "FL304")
    text = (root / "_pages/links.md").read_text().splitlines()
    frags = sorted(text[line - 1][col - 1:].split(")")[0] for line, col in got)
    # only #news on the page whose announcements are off: every other target is either written by the
    # layout chain, or on a page whose chain is not fully known (news content, computed cv ids)
    assert frags == ["#news"], got


def test_a_script_that_sets_ids_makes_the_target_unknown(tmp_path):
    files = _files()
    files["_includes/footer.liquid"] = FOOTER + "<script>document.querySelector('h2').id = 'x';</script>\n"
    root = write_site(tmp_path / "s", files)
    assert [d for d in lint(["."], cwd=root) if d["code"] == "FL304"] == []


def test_other_layouts_without_files_stay_unchecked(tmp_path):
    files = {k: v for k, v in _files().items() if not k.startswith("_layouts/about")}
    root = write_site(tmp_path / "s", files)
    got = [d for d in lint(["."], cwd=root) if d["code"] == "FL304"]
    assert got == []


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_layout_ids_match_jekyll_output(tmp_path):
    """On the pages whose chain folio-lint calls complete, its ids are exactly the built page's."""
    from folio_lint.discover import build_site
    from folio_lint.layout_ids import layout_ids
    from folio_lint.links import heading_ids
    from folio_lint.body import scan_body

    root = write_site(tmp_path / "s", _files("toc:\n  sidebar: left\n"))
    dest = jekyll_build(root)
    site = build_site(str(root))
    doc = site.documents["_pages/about.md"]
    ids, complete = layout_ids(site, "about", doc.data)
    body_ids, body_complete = heading_ids(doc.text, scan_body(doc.text, doc.body_start))
    assert complete and body_complete
    html = (dest / "index.html").read_text(encoding="utf-8")
    built = set(re.findall(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*"([^"]*)\"""", html))
    assert ids | body_ids == built, (sorted((ids | body_ids) - built), sorted(built - (ids | body_ids)))
    assert "toc-sidebar" in built
    # the page with news renders the news item's heading: an id folio-lint could not have listed
    html2 = (dest / "with-news" / "index.html").read_text(encoding="utf-8")
    assert 'id="hidden-heading"' in html2


def test_a_toc_script_loaded_for_the_page_makes_the_target_unknown(tmp_path):
    files = _files("toc:\n  sidebar: left\n")
    files["_includes/footer.liquid"] = FOOTER + (
        "{% if page.toc and page.toc.sidebar %}<script defer src=\"{{ '/assets/js/bootstrap-toc.min.js' | relative_url }}\">"
        "</script>{% endif %}\n")
    root = write_site(tmp_path / "s", files)
    from folio_lint.discover import build_site
    from folio_lint.layout_ids import layout_ids

    site = build_site(str(root))
    assert not layout_ids(site, "about", site.documents["_pages/about.md"].data)[1]  # toc on: the script runs
    assert layout_ids(site, "about", site.documents["_pages/with-news.md"].data | {"announcements": None})[1]


def test_the_reason_is_kept_and_results_are_shared_by_pages_with_the_same_switches(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.layout_ids import explain

    site = build_site(str(write_site(tmp_path / "s", _files())))
    r = explain(site, "about", site.documents["_pages/with-news.md"].data)
    assert not r.complete and "item.content" in r.why
    again = explain(site, "about", dict(site.documents["_pages/with-news.md"].data, title="another"))
    assert again is r  # `title` is read by no condition of the chain
    off = explain(site, "about", dict(site.documents["_pages/with-news.md"].data, announcements={"enabled": False}))
    assert off is not r and off.complete


def test_raw_text_ids_count_comment_and_highlight_ones_do_not(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.layout_ids import layout_ids

    files = _files()
    files["_includes/footer.liquid"] = FOOTER + (
        '{% raw %}<div id="raw-id">{{ x }}</div>{% endraw %}{% comment %}<div id="commented">{% endcomment %}'
        '{% highlight html %}<div id="code-id">{% endhighlight %}\n')
    site = build_site(str(write_site(tmp_path / "s", files)))
    ids, complete = layout_ids(site, "about", site.documents["_pages/about.md"].data)
    assert complete and "raw-id" in ids and not {"commented", "code-id"} & ids
