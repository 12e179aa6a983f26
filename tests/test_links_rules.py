"""Link, include, anchor and citation rules on small hand-written sites: real findings and no false alarms."""

from __future__ import annotations

import pytest

from conftest import write_site

CFG = """title: t
permalink: /blog/:year/:title/
baseurl: {baseurl}
include: ["_pages"]
collections:
  news:
    output: true
    permalink: /news/:path/
  projects:
    output: true
scholar:
  source: /_bibliography/
  bibliography: papers.bib
"""
BIB = "---\n---\n@string{aps = {American Physical Society,}}\n@article{smith2020, title={A}, year={2020}}\n@misc{doe2021x, title={B}}\n"


def _lint(tmp_path, files, baseurl="", codes=("FL3", "FL4")):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    base = {"_config.yml": CFG.format(baseurl=baseurl), "_bibliography/papers.bib": BIB,
            "assets/img/a.jpg": b"\xff\xd8", "assets/pdf/cv.pdf": b"%PDF",
            "_pages/about.md": "---\nlayout: about\npermalink: /\nprofile:\n  image: a.jpg\n---\nHi\n",
            "_pages/pubs.md": "---\nlayout: page\npermalink: /publications/\n---\n## Selected Papers\n\ntext\n",
            "_posts/2021-03-04-hello-world.md": "---\nlayout: post\ntitle: hi\n---\n# Intro\n\n## What's new?\n",
            "_includes/figure.liquid": "<img>", "_includes/video.liquid": "<video>"}
    base.update(files)
    root = write_site(tmp_path / "site", base)
    site = build_site(str(root))
    res = lint_site(site, Settings(select=codes))
    return sorted((d.path, d.start.line, d.code) for d in res.diagnostics), res.diagnostics, site


def test_valid_links_of_every_form_are_quiet(tmp_path):
    body = """---
layout: page
permalink: /ok/
---
[a](/publications/) [b](/publications) [c](/publications/index.html) [d]({{ '/publications/' | relative_url }})
[e]({% link _pages/pubs.md %}) [f]({% post_url 2021-03-04-hello-world %}) [g](/blog/2021/hello-world/#whats-new)
![i](/assets/img/a.jpg) <img src="{{ '/assets/img/a.jpg' | relative_url }}"> <a href="{{ site.baseurl }}/assets/pdf/cv.pdf">cv</a>
{% include figure.liquid path="assets/img/a.jpg" class="x" %} {% include figure.liquid path=page.img %}
[ref][r1] [same page](#section-two) <img srcset="/assets/img/a.jpg 1x, /assets/img/a.jpg 2x">
[ext](https://example.org/x) [mail](mailto:a@b.c) [liquid]({{ page.url }}) [loop]({{ p.url | relative_url }})
{% cite smith2020 %} {% cite smith2020 doe2021x %} {% reference doe2021x %} {% bibliography --file papers %}

## Section two

[r1]: /publications/
"""
    got, _, _ = _lint(tmp_path, {"_pages/ok.md": body})
    assert got == []


def test_not_links_in_code_comments_and_raw(tmp_path):
    body = """---
layout: page
---
`[x](/missing-inline/)` and <!-- [y](/missing-comment/) ![z](/assets/img/nope.jpg) -->

```markdown
[w](/missing-fence/) {% cite nokey %} {% include nothing.liquid %}
```

{% raw %}[v](/missing-raw/){% endraw %}
{% comment %}[u](/missing-liquid-comment/){% endcomment %}
<pre>[t](/missing-pre/)</pre>
"""
    got, _, _ = _lint(tmp_path, {"_pages/code.md": body})
    assert got == []


def test_each_fault_is_found_with_what_was_looked_for(tmp_path):
    body = """---
layout: page
permalink: /bad/
img: assets/img/missing-card.jpg
---
[a](/publicatons/)
![b](/assets/img/b.jpg)
[c]({% link _pages/nothere.md %})
[d]({% post_url 2021-03-05-hello-world %})
{% include figure.html path="assets/img/a.jpg" %}
{% cite smith2021 %}
[e](#no-such-section)
[f](/blog/2021/hello-world/#whats-old)
"""
    rel = "---\nlayout: page\n---\n{% include_relative missing.md %}\n"
    got, diags, _ = _lint(tmp_path, {"_pages/bad.md": body, "_pages/rel.md": rel})
    assert got == [("_pages/bad.md", 4, "FL401"), ("_pages/bad.md", 6, "FL301"), ("_pages/bad.md", 7, "FL401"),
                   ("_pages/bad.md", 8, "FL302"), ("_pages/bad.md", 9, "FL303"), ("_pages/bad.md", 10, "FL402"),
                   ("_pages/bad.md", 11, "FL403"), ("_pages/bad.md", 12, "FL304"), ("_pages/bad.md", 13, "FL304"),
                   ("_pages/rel.md", 4, "FL405")]
    by = {d.start.line: d for d in diags if d.path == "_pages/bad.md"}
    assert "closest existing URL: `/publications/`" in by[6].hint
    assert by[6].fix is not None and by[6].fix.edits[0].content == "/publications/"
    assert "checked `assets/img/b.jpg` relative to the site root" in by[7].message
    assert by[9].hint and "2021-03-04-hello-world" in by[9].hint
    assert by[10].fix.edits[0].content == "figure.liquid" and by[10].fix.applicability.name == "SAFE"
    assert "smith2020" in by[11].hint
    assert "whats-new" in by[13].hint


def test_baseurl_rules(tmp_path):
    body = """---
layout: page
permalink: /b/
---
[raw](/publications/)
[ok](/repo/publications/)
[ok2]({{ '/publications/' | relative_url }})
[doubled]({{ '/repo/publications/' | relative_url }})
[doubled-tag]({{ site.baseurl }}{% link _pages/pubs.md %})
"""
    got, _, _ = _lint(tmp_path, {"_pages/b.md": body}, baseurl="/repo")
    assert got == [("_pages/b.md", 5, "FL305"), ("_pages/b.md", 8, "FL306"), ("_pages/b.md", 9, "FL306")]


def test_template_al_folio_baseurl_residue(tmp_path):
    body = "---\nlayout: page\n---\nRender your [publications page](/al-folio/publications/) automatically.\n"
    got, diags, _ = _lint(tmp_path, {"_pages/x.md": body})
    assert got == [("_pages/x.md", 4, "FL301")]
    assert "/al-folio" in diags[0].message and "`/publications/` exists" in diags[0].message


def test_page_that_lost_its_permalink_breaks_links_to_it(tmp_path):
    files = {
        "_pages/moved.md": "---\ntitle: 'it's'\npermalink: /moved/\n---\n",  # YAML error: no permalink
        "_pages/linker.md": "---\nlayout: page\n---\n[m](/moved/) [n]({% link _pages/moved.md %})\n",
    }
    got, diags, _ = _lint(tmp_path, files)
    assert got == [("_pages/linker.md", 4, "FL301")]


def test_unpublished_future_and_collection_without_output(tmp_path):
    files = {
        "_posts/2999-01-01-future.md": "---\ntitle: f\n---\n",
        "_drafts/draft.md": "---\ntitle: d\n---\n",
        "_pages/hidden.md": "---\npermalink: /hidden/\npublished: false\n---\n",
        "_pages/l.md": "---\nlayout: page\n---\n[f](/blog/2999/future/) [h](/hidden/)\n",
    }
    got, diags, _ = _lint(tmp_path, files)
    assert got == [("_pages/l.md", 4, "FL307"), ("_pages/l.md", 4, "FL307")]
    assert any("future" in d.message for d in diags) and any("published: false" in d.message for d in diags)


def test_missing_folder_is_reported_once_per_target(tmp_path):
    files = {f"_pages/p{i}.md": f"---\nlayout: page\n---\n![x](/assets/slides/s{i % 2}.pdf)\n" for i in range(6)}
    files["_pages/z.md"] = "---\nlayout: page\nthumbnail: assets/slides/s0.pdf\n---\n"
    got, diags, _ = _lint(tmp_path, files)
    assert got == [("_pages/p0.md", 4, "FL401"), ("_pages/p1.md", 4, "FL401")]
    m0 = next(d.message for d in diags if d.path == "_pages/p0.md")
    assert "the folder `assets/slides/` does not exist" in m0
    assert "4 places link to this file" in m0 and "7 links point into the folder" in m0


def test_shared_missing_target_summary(tmp_path):
    files = {f"_pages/p{i}.md": f"---\nlayout: page\n---\n[x](/old-page/)\n" for i in range(4)}
    got, _, _ = _lint(tmp_path, files, codes=("FL301", "FL311"))
    assert [c for _, _, c in got].count("FL301") == 4 and [c for _, _, c in got].count("FL311") == 1


def test_shared_missing_target_summary_selected_alone(tmp_path):
    # no page rule reads the links in this run: the summary computes what it needs itself
    files = {f"_pages/p{i}.md": f"---\nlayout: page\n---\n[x](/old-page/)\n" for i in range(4)}
    got, _, _ = _lint(tmp_path, files, codes=("FL311",))
    assert got == [("_pages/p0.md", 4, "FL311")]


def test_site_rules(tmp_path):
    files = {
        "_pages/one.md": "---\npermalink: /same/\nnav: true\nnav_order: 1\ntitle: one\n---\n",
        "_pages/two.md": "---\npermalink: /same/\nnav: true\nnav_order: 1\ntitle: two\n---\n",
        "_pages/three.md": "---\npermalink: /three/\nredirect_from:\n  - /publications/\n---\n",
    }
    got, _, _ = _lint(tmp_path, files, codes=("FL308", "FL309", "FL310"))
    assert ("_pages/two.md", 2, "FL308") in got
    assert ("_pages/three.md", 3, "FL309") in got
    assert ("_pages/two.md", 4, "FL310") in got


def test_redirect_from_urls_are_link_targets(tmp_path):
    files = {"_pages/r.md": "---\npermalink: /new/\nredirect_from: /old/\n---\n",
             "_pages/l.md": "---\nlayout: page\n---\n[o](/old/)\n"}
    got, _, _ = _lint(tmp_path, files)
    assert got == []


def test_standalone_file_reports_no_site_relative_links(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    p = tmp_path / "loose" / "_pages" / "x.md"
    p.parent.mkdir(parents=True)
    p.write_text("---\nlayout: page\n---\n[a](/nowhere/) ![b](/assets/img/none.jpg) {% cite nokey %}\n"
                 "{% include nothing.liquid %}\n")
    site = build_site(None, standalone_files=[str(p)])
    assert [d for d in lint_site(site, Settings(select=("FL3", "FL4"))).diagnostics] == []


def test_other_theme_and_no_front_matter(tmp_path):
    files = {
        "_config.yml": "title: mm\nremote_theme: mmistakes/minimal-mistakes\n",
        "index.md": "---\nlayout: single\n---\n{% include author-profile.html %}\n![l](/assets/images/logo.png)\n[p](/about/)\n",
        "about.md": "---\ntitle: about\n---\n",
        "notes.md": "No front matter: [x](/nope/) ![y](/missing.jpg)\n",
    }
    root = write_site(tmp_path / "mm", files)
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    site = build_site(str(root))
    assert lint_site(site, Settings(select=("FL3", "FL4"))).diagnostics == []


def test_editor_buffer_relints_against_patched_url_map(tmp_path):
    from folio_lint.engine import lint_text
    from folio_lint.urls import url_map

    _, _, site = _lint(tmp_path, {"_pages/l.md": "---\nlayout: page\n---\n[a](/publications/)\n"})
    url_map(site)
    new_site, diags = lint_text(site, "_pages/l.md", "---\nlayout: page\n---\n[a](/publicatons/)\n")
    assert [d.code for d in diags if d.code.startswith("FL3")] == ["FL301"]
    # the page linked to moves: links to its old URL break, in the next buffer
    s2, _ = lint_text(new_site, "_pages/pubs.md", "---\nlayout: page\npermalink: /papers/\n---\n")
    _, diags = lint_text(s2, "_pages/l.md", "---\nlayout: page\n---\n[a](/publications/) [b](/papers/)\n")
    assert [(d.code, d.start.column) for d in diags if d.code.startswith("FL3")] == [("FL301", 5)]


def test_bibtex_parse_keys_and_lines():
    from folio_lint.bibtex import parse_bib_text

    bf = parse_bib_text(BIB, "_bibliography/papers.bib")
    assert bf.ok and set(bf.keys) == {"smith2020", "doe2021x"}
    assert bf.keys["smith2020"] == 4


@pytest.mark.parametrize("dest,kind,target,frag", [
    ("/a/b/#x", "root", "/a/b/", "x"),
    ("{{ '/a/' | relative_url }}", "site", "/a/", None),
    ("{{ \"/a/#y\" | absolute_url }}", "site", "/a/", "y"),
    ("{{ site.baseurl }}/a/c.pdf", "site", "/a/c.pdf", None),
    ("{{ site.url }}{{ site.baseurl }}/a/", "site", "/a/", None),
    ("{{ '/a/' | prepend: site.baseurl }}", "site", "/a/", None),
    ("{% link _pages/a.md %}", "source", "_pages/a.md", None),
    ("{{ page.x }}", "unknown", "", None),
    ("https://x.org/a", "external", "https://x.org/a", None),
    ("mailto:a@b", "other", "mailto:a@b", None),
    ("img/x%20y.png", "relative", "img/x y.png", None),
    ("#top", "fragment", "", "top"),
])
def test_classify_dest(dest, kind, target, frag):
    from folio_lint.links import classify_dest

    k, t, f, _ = classify_dest(dest)
    assert (k, t, f) == (kind, target, frag)


def test_front_matter_paths(tmp_path):
    files = {
        "_pages/cv.md": "---\nlayout: cv\npermalink: /cv/\ncv_pdf: cv.pdf\n---\n",
        "_pages/cv2.md": "---\nlayout: cv\npermalink: /cv2/\ncv_pdf: /assets/pdf/cv.pdf\n---\n",
        "_pages/cv3.md": "---\nlayout: cv\npermalink: /cv3/\ncv_pdf: resume.pdf\n---\n",
        "_pages/r.md": "---\nlayout: page\npermalink: /r/\nredirect: /publications/\n---\n",
        "_pages/r2.md": "---\nlayout: page\npermalink: /r2/\nredirect: /assets/pdf/gone.pdf\n---\n",
        "_pages/r3.md": "---\nlayout: page\npermalink: /r3/\nredirect: https://example.org/\n---\n",
        "_pages/r4.md": "---\nlayout: page\npermalink: /r4/\nredirect: true\n---\n",
        "_pages/me.md": "---\nlayout: about\npermalink: /me/\nprofile:\n  image: nobody.jpg\n---\n",
    }
    got, diags, _ = _lint(tmp_path, files)
    assert got == [("_pages/cv3.md", 4, "FL401"), ("_pages/me.md", 5, "FL401"), ("_pages/r2.md", 4, "FL401")]
    me = next(d for d in diags if d.path == "_pages/me.md")
    assert "assets/img/nobody.jpg" in me.message


def test_template_baseurl_residue_on_a_project_site(tmp_path):
    body = "---\nlayout: page\n---\nRender your [publications page](/al-folio/publications/) automatically.\n"
    got, diags, _ = _lint(tmp_path, {"_pages/x.md": body}, baseurl="/my-site")
    assert got == [("_pages/x.md", 4, "FL301")]
    assert "`/my-site`" in diags[0].message and diags[0].fix.edits[0].content == "{{ '/publications/' | relative_url }}"


def test_generated_archive_pages_are_not_reported(tmp_path):
    cfg = CFG.format(baseurl="") + ("jekyll-archives:\n  enabled: [year, tags]\n  permalinks:\n    year: /blog/:year/\n"
                                    "    tag: /blog/tag/:name/\n")
    body = "---\nlayout: page\n---\n[y](/blog/2021/) [t](/blog/tag/ml/) [p](/blog/2021/no-such-post/) [f](/feed.xml)\n"
    got, _, _ = _lint(tmp_path, {"_config.yml": cfg, "_pages/a.md": body})
    assert got == [("_pages/a.md", 4, "FL301")]


def test_case_mismatch_is_named(tmp_path):
    got, diags, _ = _lint(tmp_path, {"_pages/c.md": "---\nlayout: page\n---\n![x](/assets/img/A.JPG)\n"})
    assert got == [("_pages/c.md", 4, "FL401")]
    assert "differs only in upper/lower case" in diags[0].message and diags[0].fix.edits[0].content == "/assets/img/a.jpg"


def test_fixes_keep_liquid_filters(tmp_path):
    body = ("---\nlayout: page\n---\n[a]({{ '/publicatons/' | relative_url }})\n"
            "![b]({{ site.baseurl }}/assets/img/A.jpg)\n{% include figure.liquid path=\"assets/img/A.jpg\" %}\n")
    got, diags, site = _lint(tmp_path, {"_pages/f.md": body})
    assert [g[1] for g in got] == [4, 5, 6]
    text = site.documents["_pages/f.md"].text
    out = {}
    for d in diags:
        e = d.fix.edits[0]
        out[d.start.line] = text[:e.start] + e.content + text[e.end:]
    assert "[a]({{ '/publications/' | relative_url }})" in out[4]
    assert "![b]({{ site.baseurl }}/assets/img/a.jpg)" in out[5]
    assert 'path="assets/img/a.jpg"' in out[6]


def test_drafts_are_published_with_drafts_setting(tmp_path):
    import datetime

    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    year = datetime.datetime.now(datetime.timezone.utc).year
    files = {"_drafts/idea.md": "---\ntitle: idea\n---\n",
             "_pages/l.md": f"---\nlayout: page\n---\n[d](/blog/{year}/idea/)\n"}
    got, _, _ = _lint(tmp_path, files)
    assert got == [("_pages/l.md", 4, "FL307")]
    site = build_site(str(tmp_path / "site"))
    diags = lint_site(site, Settings(select=("FL3", "FL4"), drafts=True)).diagnostics
    assert diags == []
