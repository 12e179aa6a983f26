"""Drafts without a date are dated by their file's modification time, as Jekyll does (oracle:
tests/test_links_oracle.py::test_undated_drafts_are_dated_by_their_modification_time)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from conftest import lint, write_site

CFG = "title: t\ninclude: [_pages]\npermalink: /blog/:year/:title/\n"


def _site(tmp_path, cfg=CFG, when=dt.datetime(2021, 3, 4, 12, 0, tzinfo=dt.timezone.utc)):
    root = write_site(tmp_path / "s", {
        "_config.yml": cfg,
        "_drafts/idea.md": "---\nlayout: post\ntitle: idea\n---\nbody\n",
        "_pages/a.md": "---\nlayout: page\ntitle: a\npermalink: /a/\n---\n[idea](/blog/2021/idea/) [typo](/blog/2021/ideas/)\n",
    })
    t = when.timestamp()
    os.utime(root / "_drafts/idea.md", (t, t))
    return root


def _draft_entry(root, drafts=False):
    from folio_lint.discover import build_site
    from folio_lint.settings import Settings
    from folio_lint.urls import build_url_map

    return build_url_map(build_site(str(root)), Settings(drafts=drafts)).entries["_drafts/idea.md"]


def test_draft_url_comes_from_the_file_time(tmp_path):
    e = _draft_entry(_site(tmp_path, CFG + "timezone: Etc/UTC\n"), drafts=True)
    assert (e.url, e.certain, e.published) == ("/blog/2021/idea/", True, True)


def test_link_to_an_undated_draft_is_a_link_to_an_unpublished_page(tmp_path):
    root = _site(tmp_path, CFG + "timezone: Etc/UTC\n")
    got = sorted((d["code"], d["column"]) for d in lint(["."], cwd=root) if d["path"] == "_pages/a.md")
    # the draft's URL is known exactly: a link to it is FL307 (not built without --drafts), the typo FL301
    assert got == [("FL301", 33), ("FL307", 8)]


def test_without_timezone_a_day_that_depends_on_the_zone_is_uncertain(tmp_path, monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is Unix only")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        late = _draft_entry(_site(tmp_path / "late", when=dt.datetime(2021, 12, 31, 23, 30, tzinfo=dt.timezone.utc)))
        noon = _draft_entry(_site(tmp_path / "noon", when=dt.datetime(2021, 12, 31, 12, 0, tzinfo=dt.timezone.utc)))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert not late.certain  # 2021 in UTC, 2022 in Tokyo: the building machine decides
    assert noon.certain and noon.url == "/blog/2021/idea/"


def test_an_editor_buffer_has_no_file_time(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.site import replace_source
    from folio_lint.source import source_from_text
    from folio_lint.urls import build_url_map

    site = build_site(str(_site(tmp_path, CFG + "timezone: Etc/UTC\n")))
    d = site.documents["_drafts/idea.md"]
    buf = replace_source(d, source_from_text(d.path, d.text + "more\n"), site.config)
    e = build_url_map(site.with_document(buf)).entries["_drafts/idea.md"]
    assert not e.certain


def test_a_link_with_another_year_names_the_page_whose_url_ends_the_same(tmp_path):
    root = _site(tmp_path, CFG + "timezone: Etc/UTC\n")
    (root / "_posts").mkdir()
    (root / "_posts" / "2024-05-01-real-post.md").write_text("---\nlayout: post\ntitle: p\n---\nx\n")
    (root / "_pages" / "b.md").write_text("---\nlayout: page\ntitle: b\npermalink: /b/\n---\n"
                                          "[d](/blog/2019/idea/) [p](/blog/2023/real-post/)\n")
    got = {d["message"].split("`")[1]: d for d in lint(["."], cwd=root) if d["path"] == "_pages/b.md"}
    assert got["/blog/2019/idea/"]["code"] == "FL301"
    assert got["/blog/2019/idea/"]["hint"] == ("`_drafts/idea.md` has a URL ending the same way: `/blog/2021/idea/`; "
                                               "it is a draft (built only with `jekyll build --drafts`)")
    assert got["/blog/2023/real-post/"]["hint"] == ("`_posts/2024-05-01-real-post.md` has a URL ending the same way: "
                                                    "`/blog/2024/real-post/`")
    assert got["/blog/2023/real-post/"]["fix"]["edits"][0]["content"] == "/blog/2024/real-post/"
