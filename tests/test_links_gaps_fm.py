"""Front-matter links: nav `children:`, external front-matter URLs, fixes that keep the value's base."""

from __future__ import annotations

from conftest import lint, write_site

CFG = "title: t\ninclude: [_pages]\nserve_og_meta: true\n"


def test_front_matter_urls_are_external_links(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.external import site_external_links

    root = write_site(tmp_path / "s", {
        "_config.yml": CFG,
        "_pages/menu.md": "---\nlayout: page\ntitle: menu\nnav: true\ndropdown: true\nchildren:\n"
                          "  - title: talks\n    permalink: https://example.org/talks/\n  - title: divider\n"
                          "  - title: local\n    permalink: /menu/\n---\n",
        "_pages/scholar.md": "---\nlayout: page\ntitle: scholar\nnav: true\npermalink: https://scholar.example.org/u\n---\n",
        "_pages/moved.md": "---\nlayout: page\ntitle: moved\npermalink: /moved/\nredirect: https://new.example.org/\n"
                           "og_image: https://cdn.example.org/card.png\n---\n",
        # not a nav page: its permalink is not a link anyone clicks
        "_pages/odd.md": "---\nlayout: page\ntitle: odd\npermalink: https://odd.example.org/\n---\n",
    })
    links = site_external_links(build_site(str(root)))
    assert set(links) == {"https://example.org/talks/", "https://scholar.example.org/u", "https://new.example.org/",
                          "https://cdn.example.org/card.png"}
    text = (root / "_pages/menu.md").read_text()
    (path, s, e), = links["https://example.org/talks/"]
    assert path == "_pages/menu.md" and text[s:e] == "https://example.org/talks/"


def test_fix_of_a_child_permalink_keeps_its_slash(tmp_path):
    root = write_site(tmp_path / "s", {
        "_config.yml": CFG,
        "_pages/pubs.md": "---\nlayout: page\ntitle: publications\npermalink: /publications/\n---\n",
        "_pages/menu.md": "---\nlayout: page\ntitle: menu\nnav: true\ndropdown: true\nchildren:\n"
                          "  - title: pubs\n    permalink: /publication/\n---\n",
    })
    d, = [d for d in lint(["."], cwd=root) if d["code"] == "FL301"]
    assert d["path"] == "_pages/menu.md" and d["line"] == 8
    assert "/publications/" in d["hint"] and "navbar of every page" in d["message"]
    assert d["fix"]["edits"][0]["content"] == "/publications/"


def _og_site(tmp_path, url):
    return write_site(tmp_path / "s", {
        "_config.yml": f"title: t\nurl: {url}\nbaseurl: /repo\nserve_og_meta: true\ninclude: [_pages]\n",
        "_includes/metadata.liquid": '{% if site.serve_og_meta %}<meta property="og:image" content="{{ page.og_image }}">{% endif %}\n',
        "_layouts/page.liquid": "{% include metadata.liquid %}{{ content }}\n",
        "assets/img/card.png": b"x",
        "_pages/a.md": "---\nlayout: page\ntitle: a\npermalink: /a/\nog_image: assets/img/card.png\n---\n",
    })


def test_og_image_fix_is_the_absolute_url_of_the_file(tmp_path):
    d, = [d for d in lint(["."], cwd=_og_site(tmp_path, "https://jane.example.org/")) if d["code"] == "FL312"]
    assert d["fix"]["edits"][0]["content"] == "https://jane.example.org/repo/assets/img/card.png"


def test_og_image_fix_never_offers_the_template_host(tmp_path):
    d, = [d for d in lint(["."], cwd=_og_site(tmp_path, "https://alshedivat.github.io")) if d["code"] == "FL312"]
    assert d.get("fix") is None and "https://…" in d["hint"]
