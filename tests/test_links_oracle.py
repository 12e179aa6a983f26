"""Oracle test: folio-lint's URL for every document equals the file real Jekyll writes to _site/.

Needs the `jekyll` executable (Debian: `apt-get install -y --no-install-recommends jekyll`);
skipped with a reason when it is absent. Sites are small, use no plugins and no layouts, so the
build is Jekyll's core URL logic plus kramdown (for the heading-id comparison).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import JEKYLL, jekyll_build, write_site

pytestmark = pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (apt-get install jekyll)")

POST = "---\n{fm}---\n\nbody\n"


def _fm(**kv) -> str:
    out = []
    for k, v in kv.items():
        out.append(f"{k}: {v}\n")
    return "".join(out)


def _site(permalink: str, tz: str = "Etc/UTC", extra_cfg: str = "") -> dict[str, str | bytes]:
    cfg = f"""title: oracle
permalink: {permalink}
timezone: {tz}
baseurl: ""
plugins: []
include: ["_pages"]
exclude: ["excluded.md", "private/"]
collections:
  news:
    output: true
    permalink: /news/:path/
  projects:
    output: true
  books:
    output: false
  talks:
    output: true
    permalink: /talks/:year/:name:output_ext
  notes:
    output: true
    permalink: /notes/:title/
{extra_cfg}"""
    files: dict[str, str | bytes] = {
        "_config.yml": cfg,
        "index.md": POST.format(fm=_fm(title="home")),
        "about.md": POST.format(fm=_fm(title="about")),
        "contact.html": POST.format(fm=_fm(title="contact")),
        "feed.xml": POST.format(fm=_fm(title="feed")),
        "style.scss": "---\n---\nbody { color: red; }\n",
        "docs/index.md": POST.format(fm=_fm(title="docs")),
        "docs/guide.md": POST.format(fm=_fm(title="guide")),
        "docs/deep/page.markdown": POST.format(fm=_fm(title="deep")),
        "docs/perm.md": POST.format(fm=_fm(permalink="/custom/perm/")),
        "docs/noslash.md": POST.format(fm=_fm(permalink="/custom/noslash")),
        "docs/withext.md": POST.format(fm=_fm(permalink="/files/report.pdf")),
        "docs/placeholders.md": POST.format(fm=_fm(permalink="/p/:basename/")),
        "_pages/cv.md": POST.format(fm=_fm(title="cv", permalink="/cv/")),
        "_pages/nopermalink.md": POST.format(fm=_fm(title="x")),
        "_pages/hidden.md": POST.format(fm=_fm(title="hidden", published="false", permalink="/hidden/")),
        "excluded.md": POST.format(fm=_fm(title="excluded")),
        "private/secret.md": POST.format(fm=_fm(title="secret")),
        "assets/img/a.jpg": b"\xff\xd8\xff",
        "assets/pdf/My Paper.pdf": b"%PDF",
        "notes.txt": "plain static file\n",
        "_posts/2020-01-02-first-post.md": POST.format(fm=_fm(title="first")),
        "_posts/2020-03-04-Cased-Title.md": POST.format(fm=_fm(title="cased")),
        "_posts/2021-05-06-with-slug.md": POST.format(fm=_fm(slug="Custom Slug!")),
        "_posts/2021-07-08-cats.md": POST.format(fm=_fm(categories="Research Notes")),
        "_posts/2021-07-09-catlist.md": POST.format(fm=_fm(categories="[ML, Deep-Learning]", category="extra")),
        "_posts/2021-09-10-dated.md": POST.format(fm=_fm(date="2021-12-31 23:30:00 -0500")),
        "_posts/2022-01-01-own-permalink.md": POST.format(fm=_fm(permalink="/special/:year/:title/")),
        "_posts/sub/2022-02-02-in-subfolder.md": POST.format(fm=_fm(title="sub")),
        "es/_posts/2022-03-03-spanish.md": POST.format(fm=_fm(title="es")),
        "_posts/2022-04-04-unpublished.md": POST.format(fm=_fm(published="false")),
        "_posts/2099-01-01-future.md": POST.format(fm=_fm(title="future")),
        "_posts/2023-05-05-html-post.html": POST.format(fm=_fm(title="html post")),
        "_posts/2023-06-06-dots...md": POST.format(fm=_fm(title="dots")),
        "_posts/2023-07-07-unicode-café.md": POST.format(fm=_fm(title="unicode")),
        "_posts/2020-05-05-broken-yaml.md": "---\ntitle: a: b\npermalink: /never/\n---\n\nbody\n",
        "_pages/broken.md": "---\ntitle: 'it's'\npermalink: /broken/\n---\n\nbody\n",
        "_drafts/a-draft.md": POST.format(fm=_fm(title="draft")),
        "_news/announcement_1.md": POST.format(fm=_fm(date="2020-01-01")),
        "_news/2020/announcement_2.md": POST.format(fm=_fm(date="2020-02-01")),
        "_projects/1_project.md": POST.format(fm=_fm(title="p1")),
        "_projects/sub/2_project.html": POST.format(fm=_fm(title="p2")),
        "_projects/3_project.md": POST.format(fm=_fm(permalink="/portfolio/three/")),
        "_projects/static.txt": "static in a collection\n",
        "_books/a_book.md": POST.format(fm=_fm(title="book")),
        "_talks/2019-10-10-keynote.md": POST.format(fm=_fm(title="keynote")),
        "_talks/invited.md": POST.format(fm=_fm(date="2018-04-05")),
        "_notes/My Note.md": POST.format(fm=_fm(title="note")),
        "_notes/2020-02-02-dated-note.md": POST.format(fm=_fm(slug="renamed")),
    }
    return files


VARIANTS = [
    ("/blog/:year/:title/", "Etc/UTC", ""),
    ("pretty", "Etc/UTC", ""),
    ("date", "America/New_York", ""),
    ("none", "Asia/Tokyo", ""),
    ("/:categories/:year/:month/:day/:title:output_ext", "Etc/UTC", ""),
    ("ordinal", "Etc/UTC", ""),
    ("/:categories/:slug/", "Etc/UTC", ""),
]

GENERATED = {"style.css.map"}  # the Sass converter's source map


def _built(site_dir: Path) -> set[str]:
    out = set()
    for dirpath, _dirs, files in os.walk(site_dir):
        for f in files:
            out.add(os.path.relpath(os.path.join(dirpath, f), site_dir).replace(os.sep, "/"))
    return out


@pytest.mark.parametrize("permalink,tz,extra", VARIANTS)
def test_urls_match_jekyll(tmp_path, permalink, tz, extra):
    from folio_lint.discover import build_site
    from folio_lint.urls import build_url_map

    root = write_site(tmp_path / "site", _site(permalink, tz, extra))
    dest = jekyll_build(root)
    built = _built(dest)
    site = build_site(str(root))
    m = build_url_map(site)
    ours = {}
    for e in list(m.entries.values()) + list(m.statics.values()):
        if e.published and e.path:
            ours[e.output] = e.path
    # every file Jekyll wrote is predicted, and every predicted file was written
    missing = sorted(set(ours) - built)
    extra_files = sorted(built - set(ours) - GENERATED)
    assert not missing, f"predicted but not built: {[(o, ours[o]) for o in missing]}\nbuilt: {sorted(built)}"
    assert not extra_files, f"built but not predicted: {extra_files}\npredicted: {sorted(ours)}"
    # unpublished ones were not written
    for e in m.entries.values():
        if not e.published:
            assert e.output not in built or e.output in ours, (e.path, e.output, e.reason)


HEADINGS = """---
title: ids
---

# Introduction

## 2024 Update

## What's new? (really)

## Results

## Results

## Multiple   spaces

## `code` and *emphasis* and [a link](/x/)

## Ünïcödé Straße

## Custom {#my-custom}

## Entities &amp; more

Setext heading
--------------

## snake_case_words

## Trailing hashes ##

## C++ / C#

## Émoji 🎉 here

<div id="html-id">raw</div>

Paragraph with an IAL.
{: #para-id}
"""


def test_heading_ids_match_kramdown(tmp_path):
    from folio_lint.body import scan_body
    from folio_lint.links import heading_ids
    from folio_lint.source import split_front_matter

    files = {
        "_config.yml": "title: ids\nplugins: []\nmarkdown: kramdown\nkramdown:\n  input: GFM\n",
        "ids.md": HEADINGS,
    }
    root = write_site(tmp_path / "site", files)
    dest = jekyll_build(root)
    html = (dest / "ids.html").read_text(encoding="utf-8")
    want = set(re.findall(r'\sid="([^"]*)"', html))
    sp = split_front_matter(HEADINGS)
    ids, complete = heading_ids(HEADINGS, scan_body(HEADINGS, sp.body_start))
    assert complete
    assert ids == want, f"ours - kramdown: {sorted(ids - want)}; kramdown - ours: {sorted(want - ids)}"


def test_collections_dir_and_defaults_match_jekyll(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.urls import build_url_map

    files = {
        "_config.yml": "title: c\nplugins: []\ntimezone: Etc/UTC\ncollections_dir: my\npermalink: pretty\n"
                       "collections:\n  news:\n    output: true\n  talks:\n    output: true\n    permalink: /t/:title:output_ext\n"
                       "defaults:\n  - scope: {path: 'my/_news'}\n    values: {permalink: '/n/:name/'}\n"
                       "  - scope: {path: '', type: posts}\n    values: {categories: [from-defaults]}\n",
        "index.md": POST.format(fm=_fm(title="home")),
        "my/_posts/2021-01-01-a.md": POST.format(fm=_fm(title="a")),
        "my/_posts/2021-01-02-b.md": POST.format(fm=_fm(categories="own")),
        "my/_news/first.md": POST.format(fm=_fm(title="first")),
        "my/_news/second.md": POST.format(fm=_fm(permalink="/override/")),
        "my/_talks/Some Talk.md": POST.format(fm=_fm(title="t")),
    }
    root = write_site(tmp_path / "site", files)
    built = _built(jekyll_build(root))
    m = build_url_map(build_site(str(root)))
    ours = {e.output for e in list(m.entries.values()) + list(m.statics.values()) if e.published and e.path}
    assert ours == built, (sorted(ours - built), sorted(built - ours))


def test_undated_drafts_are_dated_by_their_modification_time(tmp_path):
    """`jekyll build --drafts`: a draft without a date gets its file's mtime, in the site's timezone."""
    import datetime as dt

    from folio_lint.discover import build_site
    from folio_lint.settings import Settings
    from folio_lint.urls import build_url_map

    files = {
        "_config.yml": "title: d\nplugins: []\ntimezone: Asia/Tokyo\npermalink: /blog/:year/:month/:day/:title/\n"
                       "collections:\n  posts:\n    output: true\n",
        "index.md": POST.format(fm=_fm(title="home")),
        "_drafts/late-night.md": POST.format(fm=_fm(title="late")),
        "_drafts/sub/old-one.md": POST.format(fm=_fm(title="old")),
        "_drafts/own-date.md": POST.format(fm=_fm(date="2019-06-07")),
        "_drafts/2018-01-02-named.md": POST.format(fm=_fm(title="named")),
    }
    root = write_site(tmp_path / "site", files)
    # 23:30 UTC is the next day in Tokyo
    t1 = dt.datetime(2021, 3, 4, 23, 30, tzinfo=dt.timezone.utc).timestamp()
    t2 = dt.datetime(2015, 12, 31, 12, 0, tzinfo=dt.timezone.utc).timestamp()
    for rel, t in (("_drafts/late-night.md", t1), ("_drafts/sub/old-one.md", t2), ("_drafts/own-date.md", t1),
                   ("_drafts/2018-01-02-named.md", t1)):
        os.utime(root / rel, (t, t))
    built = _built(jekyll_build(root, "--drafts"))
    m = build_url_map(build_site(str(root)), Settings(drafts=True))
    drafts = {p: e for p, e in m.entries.items() if e.kind == "draft"}
    assert len(drafts) == 4 and all(e.certain and e.published for e in drafts.values()), drafts
    assert drafts["_drafts/late-night.md"].url == "/blog/2021/03/05/late-night/"
    assert {e.output for e in drafts.values()} <= built, (sorted(e.output for e in drafts.values()), sorted(built))
