"""Precision round 8: false alarms found by the primer on al-folio forks of every era not reviewed
before (2018-2020 copies, the mainstream 2021-2024 forks, al_folio_core gem sites of 2026), each
reduced to a few trimmed lines in tests/fixtures/precision/r8/. Every case keeps the true positive
next to it, so a fix cannot pass by silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

import conftest
from conftest import found


ABOUT = "_pages/about.md"


def test_demo_publication_that_no_page_lists(fixture_site):
    # a 2022 fork: the demo `einstein1956investigations` entry is left in `_bibliography/papers.bib`, but
    # the publications page is deleted and `selected_papers` is commented out: no page renders the file
    root = fixture_site("r8/unshown-bibliography")
    assert found(root, "FL506") == []
    about = (root / ABOUT).read_text(encoding="utf-8")
    # the about page's selected papers turned on: the about layout includes the bibliography
    on = about.replace("# selected_papers: true", "selected_papers: true")
    assert found(fixture_site("r8/unshown-bibliography", **{"_pages__about.md": on}), "FL506") == [
        ("_bibliography/papers.bib", 6, "FL506")]
    # a publications page of the site's own
    pubs = "---\nlayout: page\npermalink: /publications/\ntitle: publications\n---\n{% bibliography %}\n"
    assert found(fixture_site("r8/unshown-bibliography", **{"_pages__publications.md": pubs}), "FL506") == [
        ("_bibliography/papers.bib", 6, "FL506")]
    # a post that cites it
    post = "---\nlayout: post\ntitle: notes\n---\nAs shown in {% cite einstein1956investigations %}.\n"
    assert found(fixture_site("r8/unshown-bibliography", **{"_posts__2024-01-01-notes.md": post}), "FL506") == [
        ("_bibliography/papers.bib", 6, "FL506")]
    # jekyll-scholar writes a details page per entry when its `details_layout` (bibtex.html) exists
    assert found(fixture_site("r8/unshown-bibliography", **{"_layouts__bibtex.html": "---\n---\n{{ page.entry.bibtex }}\n"}),
                 "FL506") == [("_bibliography/papers.bib", 6, "FL506")]
    # the same page under `published: false`: it writes nothing, so the entry is unlisted again
    hidden = pubs.replace("---\nlayout", "---\npublished: false\nlayout", 1)
    assert found(fixture_site("r8/unshown-bibliography", **{"_pages__publications.md": hidden}), "FL506") == []


def messages(root: Path, code: str) -> list[tuple[str, int, str]]:
    return sorted((d["path"], d["line"], d["message"]) for d in conftest.lint(["."], cwd=root) if d["code"] == code)


def test_og_image_on_the_core_gem_follows_its_version(fixture_site):
    # a lab site on al_folio_core 1.0.11 (Gemfile.lock): that version writes `og_image` into `og:image` as
    # it is, so `assets/img/...` is a relative URL there, not `https://lab.example.comassets/...`, and
    # `/assets/img/...` is relative too; 1.0.12 on prepends `url` + `baseurl`, and then only the first is broken
    root = fixture_site("r8/core-gem-og-image")
    got = messages(root, "FL312")
    assert [(p, n) for p, n, _ in got] == [("_config.yml", 6), ("_pages/join.md", 5)]
    assert all("as it is (al_folio_core 1.0.11" in m for _, _, m in got)
    lock = (root / "Gemfile.lock").read_text(encoding="utf-8").replace("1.0.11", "1.0.13")
    gem = (root / "Gemfile").read_text(encoding="utf-8").replace("1.0.11", "1.0.13")
    root = fixture_site("r8/core-gem-og-image", **{"Gemfile.lock": lock, "Gemfile": gem})
    got = messages(root, "FL312")
    assert [(p, n) for p, n, _ in got] == [("_config.yml", 6)]
    assert "has no leading `/`: the template prepends `url` and `baseurl`, giving `https://lab.example.comassets/" in got[0][2]
    # no Gemfile.lock: the exact pin in the Gemfile is the version
    root = fixture_site("r8/core-gem-og-image")
    (root / "Gemfile.lock").unlink()
    assert [(p, n) for p, n, _ in messages(root, "FL312")] == [("_config.yml", 6), ("_pages/join.md", 5)]
    # no version known at all: only what is broken with both (no leading `/`)
    (root / "Gemfile").write_text("source 'https://rubygems.org'\ngem 'al_folio_core'\n", encoding="utf-8")
    assert [(p, n) for p, n, _ in messages(root, "FL312")] == [("_config.yml", 6)]


def test_an_empty_old_key_has_nothing_to_lose(fixture_site):
    # a 2025 upgrade of a 2020 fork: `address: #` (no value) is left under `profile:`; the about layout reads
    # `profile.more_info` now, but no text "silently disappears": there is none
    root = fixture_site("r8/empty-address")
    assert found(root, "FL203") == []
    about = (root / ABOUT).read_text(encoding="utf-8")
    for text in ("address: <p>Office 3.12</p>", "address: >\n    <p>Office 3.12</p>"):
        root = fixture_site("r8/empty-address", **{"_pages__about.md": about.replace("address: #", text)})
        assert found(root, "FL203") == [(ABOUT, 9, "FL203")]
    # a blank string is as empty as no value
    root = fixture_site("r8/empty-address", **{"_pages__about.md": about.replace("address: #", 'address: "  "')})
    assert found(root, "FL203") == []


def test_profile_image_folder_written_before_append(fixture_site):
    # a lab's people layout (2023-2025): `{% assign path ='/assets/img/profiles/' | append: page.profile.image %}`;
    # `profile.image: hehenberger.jpg` is `assets/img/profiles/hehenberger.jpg`, not `assets/img/hehenberger.jpg`
    root = fixture_site("r8/member-profiles")
    assert found(root, "FL401") == []
    page = (root / "_members" / "hehenberger.md").read_text(encoding="utf-8")
    root = fixture_site("r8/member-profiles", **{"_members__merschak.md": page.replace("hehenberger.jpg", "merschak.jpg")})
    assert found(root, "FL401") == [("_members/merschak.md", 6, "FL401")]
    # the plain al-folio layout again (`prepend: 'assets/img/'`): the file is not where it looks
    lay = (root / "_layouts" / "about.html").read_text(encoding="utf-8")
    old = lay.replace("{% assign path ='/assets/img/profiles/' | append: page.profile.image %}",
                      "{% assign path = page.profile.image | prepend: 'assets/img/' %}")
    root = fixture_site("r8/member-profiles", **{"_layouts__about.html": old})
    assert found(root, "FL401") == [("_members/hehenberger.md", 6, "FL401")]


def severity(root: Path, code: str) -> list[tuple[str, int, str]]:
    return sorted((d["path"], d["line"], d["severity"]) for d in conftest.lint(["."], cwd=root) if d["code"] == code)


def test_old_key_whose_successor_the_site_does_not_read_either(fixture_site):
    # a 2024 fork whose own about layout has a news section (`page.news`) but no latest-posts section at all:
    # `latest_posts: true` does nothing there, and `latest_posts: {enabled: true}` would not either
    root = fixture_site("r8/about-no-latest-posts")
    assert severity(root, "FL203") == [(ABOUT, 7, "info"), (ABOUT, 8, "info")]
    d, = [d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL203" and d["line"] == 8]
    assert "only unused" in d["message"]
    # the current about layout reads the new form: the bare `true` shows nothing there, a warning again
    lay = (root / "_layouts" / "about.html").read_text(encoding="utf-8")
    new = lay.replace("  </article>", "    {% if page.latest_posts.enabled %}<h2>latest posts</h2>{% endif %}\n  </article>")
    root = fixture_site("r8/about-no-latest-posts", **{"_layouts__about.html": new})
    assert severity(root, "FL203") == [(ABOUT, 7, "info"), (ABOUT, 8, "warning")]


def test_scholar_owner_name_only_where_a_page_lists_the_bibliography(fixture_site):
    # the same fork with the template's jekyll-scholar owner left in `_config.yml`: the name only bolds
    # the owner in rendered publication lists, and no built page renders one here
    cfg = (Path(conftest.__file__).parent / "fixtures/precision/r8/unshown-bibliography/_config.yml").read_text(encoding="utf-8")
    cfg += "scholar:\n  last_name: [Einstein]\n  first_name: [Albert, A.]\n"
    assert found(fixture_site("r8/unshown-bibliography", **{"_config.yml": cfg}), "FL504") == []
    pubs = "---\nlayout: page\npermalink: /publications/\ntitle: publications\n---\n{% bibliography %}\n"
    bib = "---\n---\n{% if entry.author contains site.scholar.last_name %}<em>{% endif %}{{ entry.title }}\n"
    got = found(fixture_site("r8/unshown-bibliography", **{"_config.yml": cfg, "_layouts__bib.html": bib}), "FL504")
    assert got == []  # the layout shows the name, but no built page renders the bibliography
    got = found(fixture_site("r8/unshown-bibliography", **{"_config.yml": cfg, "_layouts__bib.html": bib,
                                                           "_pages__publications.md": pubs}), "FL504")
    assert [(p, c) for p, _, c in got] == [("_config.yml", "FL504")]
