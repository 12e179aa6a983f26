"""The server's lint path (held index, site rules reused while a page's links and front matter stay) gives
exactly what `engine.lint_text` — the CLI's path — gives, edit after edit."""

from __future__ import annotations

from pathlib import Path

from folio_lint.engine import lint_text
from folio_lint.server.service import SiteState, fix_all, site_signature
from folio_lint.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def _key(diags):
    return [(d.code, d.start_offset, d.end_offset, d.message, d.fix) for d in diags]


def _site(tmp_path: Path) -> Path:
    files = {
        "_config.yml": "title: t\ninclude: [_pages]\n",
        "_pages/a.md": "---\nlayout: page\ntitle: A\npermalink: /same/\n---\n[gone](/missing/)\n",
        "_pages/b.md": "---\nlayout: page\ntitle: B\npermalink: /same/\n---\nIntro.\n\n[gone](/missing/) and more text.\n",
    }
    for i in range(6):
        files[f"_pages/c{i}.md"] = f"---\nlayout: page\ntitle: C{i}\n---\n[gone](/missing/)\n"
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def test_edits_match_lint_text(tmp_path):
    root = _site(tmp_path)
    st = SiteState(str(root), Settings(), use_cache=False)
    st.build()
    text = (root / "_pages/b.md").read_text(encoding="utf-8")
    edits = [
        text,
        text.replace("Intro.", "Intro, longer now."),  # prose before a link: site findings shift
        text.replace("Intro.", "Intro, longer now.").replace("more text", "more words"),  # after the link
        text.replace("title: B", "title: B, longer"),  # front matter: everything re-run
        text.replace("/missing/", "/same/"),  # the link itself
        text.replace("permalink: /same/", "permalink: /other/"),
        text + "\n## A heading\n",
        "no front matter any more\n",
        text,
    ]
    runs = []
    for i, t in enumerate(edits):
        got = st.lint("_pages/b.md", t, i)
        runs.append(st.site_runs)
        want = lint_text(st.site, "_pages/b.md", t, st.settings, cwd=str(root))[1]
        assert _key(got) == _key(want), (i, [d.code for d in got], [d.code for d in want])
    codes = {d.code for d in st.lint("_pages/b.md", text, 99)}
    assert {"FL308", "FL301"} <= codes, codes  # a site rule's finding and a page rule's
    # prose edits reused the site rules' findings; the others re-ran them
    assert runs[1] == runs[0] and runs[2] == runs[1] and runs[3] > runs[2]


def test_example_site_pages_match_lint_text_and_fix_all():
    root = REPO / "examples" / "site"
    st = SiteState(str(root), Settings(), use_cache=False)
    st.build()
    for path in sorted(st.site.documents):
        src = st.site.documents[path].source
        if src.error:
            continue
        got = st.lint(path, src.text, 1)
        want = lint_text(st.site, path, src.text, st.settings, cwd=str(root))[1]
        assert _key(got) == _key(want), path
        fixed = fix_all(st, path, src.text)
        assert isinstance(fixed, str)


def test_site_signature_sees_links_not_prose():
    a = "---\ntitle: x\n---\nSome text [l](/a/) more.\n"
    assert site_signature(a) == site_signature(a.replace("Some text", "Other words"))
    assert site_signature(a) != site_signature(a.replace("/a/", "/b/"))
    assert site_signature(a) != site_signature(a.replace("more.", "{% link x.md %}"))
    assert site_signature(a) != site_signature(a.replace("title: x", "title: y"))


def test_shifting_findings_past_an_edit():
    from folio_lint.diagnostics import Edit, Finding, Fix
    from folio_lint.server.service import _shift_findings

    old = "0123456789"
    new = "01234xx56789"  # "xx" inserted at 5
    before = Finding("p", 1, 3, "m", fix=Fix("t", (Edit(1, 3, "a"),)))
    after = Finding("p", 6, 8, "m", fix=Fix("t", (Edit(6, 8, "b"),)))
    got = _shift_findings([before, after], old, new)
    assert [(f.start, f.end) for f in got] == [(1, 3), (8, 10)]
    assert got[1].fix.edits[0] == Edit(8, 10, "b")
    assert _shift_findings([Finding("p", 4, 6, "m")], old, new) is None  # the edit is inside it: re-run


def test_a_change_in_one_page_reaches_the_site_findings_of_another(tmp_path):
    root = _site(tmp_path)
    st = SiteState(str(root), Settings(), use_cache=False)
    st.build()
    a = (root / "_pages/a.md").read_text(encoding="utf-8")
    b = (root / "_pages/b.md").read_text(encoding="utf-8")
    st.lint("_pages/a.md", a, 1)
    assert "FL308" in {d.code for d in st.lint("_pages/b.md", b, 1)}
    st.lint("_pages/a.md", a.replace("/same/", "/elsewhere/"), 2)
    got = st.lint("_pages/b.md", b, 1)  # b itself did not change
    assert "FL308" not in {d.code for d in got}
    assert _key(got) == _key(lint_text(st.site, "_pages/b.md", b, st.settings, cwd=str(root))[1])
    st.lint("_pages/a.md", a, 3)
    assert "FL308" in {d.code for d in st.lint("_pages/b.md", b, 1)}


def test_disable_actions_silence_exactly_their_finding():
    from folio_lint.server.service import suppression_edits

    root = REPO / "tests" / "fixtures" / "server" / "site"
    st = SiteState(str(root), Settings(), use_cache=False)
    st.build()
    text = (root / "_pages" / "about.md").read_text(encoding="utf-8").replace("(/target/)", "(/targte/)")
    diags = st.lint("_pages/about.md", text, 1)
    assert {d.code for d in diags} == {"FL202", "FL301"}
    for d in diags:
        for whole in (False, True):
            e = suppression_edits(text, d, whole_file=whole)
            after = {x.code for x in st.lint_pure("_pages/about.md", text[:e.start] + e.content + text[e.end:])}
            assert after == {"FL202", "FL301"} - {d.code}, (d.code, whole, e)


def test_completion_reads_the_live_layout_and_extra_keys():
    from folio_lint.server.service import complete

    root = REPO / "tests" / "fixtures" / "server" / "site"
    st = SiteState(str(root), use_cache=False, settings=Settings(options={"extra-keys": {"about": ["lab_motto"]}}))
    st.build()
    # target.md is `layout: page` in the index; the buffer (not linted yet) says about
    text = "---\nlayout: about\npro\nla\n---\n"
    labels = {i.label for i in complete(st, "_pages/target.md", text, text.index("pro\n") + 3)}
    assert "profile" in labels
    labels = {i.label for i in complete(st, "_pages/target.md", text, text.index("la\n") + 2)}
    assert {"latest_posts", "lab_motto"} <= labels and "layout" not in labels


def _scan(st: SiteState) -> None:
    for _ in range(10_000):
        if st.scan_places(budget=1.0, settle=0)[0]:
            return
    raise AssertionError("the scan never completed")


def _shared(diags):
    return sorted((d.path, d.start_offset, d.end_offset, d.message) for d in diags if d.code == "FL311")


def test_fl311_counts_every_page_as_the_cli(tmp_path):
    """`folio-lint check` of the whole site reports one FL311 at the first of the 8 places; the
    editor gives the same once its background scan has read every page, edit after edit."""
    from folio_lint.engine import lint_site

    root = _site(tmp_path)
    st = SiteState(str(root), Settings(), use_cache=False)
    st.build()
    b = (root / "_pages/b.md").read_text(encoding="utf-8")
    assert _shared(st.lint("_pages/b.md", b, 1)) == []  # the table holds b's links only: nothing to say yet
    _scan(st)
    assert st.places_version == 1

    def check():
        want = _shared(lint_site(st.site, st.settings, cwd=str(root)).diagnostics)
        got = []
        for p in sorted(st.site.documents):
            got += _shared(st.lint(p, st.site.documents[p].text, 1))
        assert got == want, (got, want)
        return want

    want = check()
    assert len(want) == 1 and want[0][0] == "_pages/a.md" and "8 links in 8 files" in want[0][3]
    # the FL301 on b lists the other 7 places as related information
    d = next(d for d in st.lint("_pages/b.md", b, 2) if d.code == "FL301")
    rel = st.related_info["_pages/b.md"][(d.start_offset, d.end_offset, d.code)]
    assert sorted(p for p, *_ in rel) == sorted(p for p in st.site.documents if p != "_pages/b.md")
    # b links elsewhere now: 7 places (its own lint updates the table at once)
    st.lint("_pages/b.md", b.replace("/missing/", "/same/"), 3)
    assert "7 links in 7 files" in check()[0][3]
    # a page takes the URL /missing/: every link resolves; the scan reads all pages again
    c0 = st.site.documents["_pages/c0.md"].text
    st.lint("_pages/c0.md", c0.replace("title: C0\n", "title: C0\npermalink: /missing/\n"), 2)
    _scan(st)
    assert check() == []
