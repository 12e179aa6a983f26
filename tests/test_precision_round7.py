"""Precision round 7: false alarms found by the primer on real sites not reviewed before (a Chirpy
2.x copy without `refactor-content.html`, a government agency's own Jekyll theme with
jekyll-paginate-v2 listings and `tag:` on posts), each reduced to a few trimmed lines in
tests/fixtures/precision/. Every case keeps the true positive next to it, so a fix cannot pass by
silencing the rule.
"""

from __future__ import annotations


from conftest import found


def test_an_old_chirpy_copy_is_another_theme(fixture_site):
    # Chirpy 2.x: sidebar/topbar/panel/trending-tags includes; `toc: true` and `google_analytics: {id, pv}` are its own
    root = fixture_site("chirpy2-copy")
    assert found(root, "FL101", "FL603", "FL106", "FL301") == [
        ("_config.yml", 1, "FL106"), ("_posts/2022-11-05-notes.md", 5, "FL301")]
    # without Chirpy's includes the site is judged as al-folio, and `toc: true` is reported again
    for name in ("trending-tags.html", "panel.html"):
        (root / "_includes" / name).unlink()
    assert ("_posts/2022-11-05-notes.md", 3, "FL101") in found(root, "FL101")


def test_include_relative_in_a_branch_the_config_turns_off(fixture_site):
    # `{% if site.google_analytics.pv.cache and ...enabled %}` with both `false`: Jekyll never reads the file
    root = fixture_site("chirpy2-copy")
    assert found(root, "FL405") == []
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    on = cfg.replace("enabled: false", "enabled: true").replace("cache: false", "cache: true")
    root = fixture_site("chirpy2-copy", **{"_config.yml": on})
    assert found(root, "FL405") == [("assets/data/pv-data.json", 6, "FL405")]
    # a key the config does not give (a theme gem's config may) is not judged: still a warning
    root = fixture_site("chirpy2-copy", **{"_config.yml": on.replace("    cache: true\n", "")})
    assert found(root, "FL405") == [("assets/data/pv-data.json", 6, "FL405")]


def test_a_paginator_sort_field_and_a_singular_tag_are_read(fixture_site):
    # `pagination: {sort_field: order}` sorts the members by `order:`; Jekyll reads `tag:` as the post's one tag
    root = fixture_site("paginated-members")
    assert found(root, "FL201", "FL202", "FL203") == [("_posts/2025-06-14-other.md", 4, "FL202")]
    # without the paginated listing, nothing reads `order:` and the old navbar key is reported
    (root / "council-members" / "index.html").unlink()
    assert found(root, "FL203") == [("_council-members/a-member.md", 4, "FL203")]


def test_unpublished_demo_pages_are_not_reported(fixture_site):
    # `published: false` demo pages: their placeholder text and their dropdown entries are never built
    root = fixture_site("unpublished-demo-pages")
    assert found(root, "FL501", "FL503", "FL307") == [("_pages/repositories.md", 5, "FL501")]
    # published again, both are reported
    for name in ("projects.md", "dropdown.md"):
        p = root / "_pages" / name
        p.write_text(p.read_text(encoding="utf-8").replace("published: false\n", ""), encoding="utf-8")
    assert ("_pages/projects.md", 5, "FL501") in found(root, "FL501")
    root = fixture_site("unpublished-demo-pages", **{"_pages__dropdown.md": (
        root / "_pages" / "dropdown.md").read_text(encoding="utf-8")})
    assert found(root, "FL307") == [("_pages/dropdown.md", 8, "FL307")]
