"""QA session 5 (second round): leftovers noticed earlier, each with the case that showed it."""

from __future__ import annotations

import pytest
from conftest import lint, write_site


def codes(diags, path=None):
    return sorted((d["path"], d["line"], d["code"]) for d in diags if path is None or d["path"] == path)


# ---------------------------------------------------------------------- 1. al_folio_core's version is read in discovery
def test_the_core_gem_version_is_read_by_discovery_not_by_the_og_image_rule(fixture_site):
    """FL312 depends on the al_folio_core version (1.0.11 writes og_image as it is, 1.0.12 on prepends the
    url). The rule opened Gemfile.lock/Gemfile itself; discovery reads them once now and the rule (and
    the editor path) reads only the index."""
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site, lint_text

    root = fixture_site("r8/core-gem-og-image")
    site = build_site(str(root))
    assert site.al_folio_core_version == (1, 0, 11)
    (root / "Gemfile.lock").unlink()  # what the index says counts, not what the disk says later
    (root / "Gemfile").unlink()
    got = [d for d in lint_site(site).diagnostics if d.code == "FL312"]
    assert sorted((d.path, d.start.line) for d in got) == [("_config.yml", 6), ("_pages/join.md", 5)]
    assert all("al_folio_core 1.0.11" in d.message for d in got)
    path = "_pages/join.md"
    new, diags = lint_text(site, path, site.documents[path].source.text)
    assert new.al_folio_core_version == (1, 0, 11)
    assert [d.start.line for d in diags if d.code == "FL312"] == [5]
    # the exact pin in the Gemfile when there is no Gemfile.lock; neither: not known
    root = fixture_site("r8/core-gem-og-image")
    (root / "Gemfile.lock").unlink()
    assert build_site(str(root)).al_folio_core_version == (1, 0, 11)
    (root / "Gemfile").write_text("source 'https://rubygems.org'\ngem 'al_folio_core'\n", encoding="utf-8")
    assert build_site(str(root)).al_folio_core_version is None


# ---------------------------------------------------------------------- 2. the build's output folder is not walked
CFG = "title: t\nurl: https://x.example\ninclude: [\"_pages\"]\n"
FM = "---\nlayout: page\ntitle: P\npermalink: /p/\n---\n"


def test_the_output_folder_is_not_walked(tmp_path):
    """Jekyll never reads its destination (`_site/`, or `destination:`) as source: discovery does not
    list its files (an old build of thousands of files cost time, and links could resolve to them);
    a link into it still says what that folder is."""
    from folio_lint.discover import build_site

    built = {f"_site/assets/img/{i}.png": "x" for i in range(20)}
    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "[a](/_site/assets/img/3.png)\n[b](/_site/p/)\n",
                          "_site/p/index.html": "x", "_site/feed.xml": "x", **built})
    site = build_site(str(tmp_path))
    assert not [p for p in site.all_paths if p.startswith("_site/")]
    got = {d["line"]: d for d in lint([tmp_path], cwd=tmp_path) if d["path"] == "_pages/p.md"}
    assert sorted((k, d["code"]) for k, d in got.items()) == [(6, "FL401"), (7, "FL301")]
    assert all("the folder Jekyll writes the built site to" in d["message"] for d in got.values())
    assert "`/assets/img/3.png`" in got[6]["hint"] and "`/p/`" in got[7]["hint"]
    # `destination: out`: `out/` is the output folder, and `_site/` an ordinary skipped folder again
    write_site(tmp_path, {"_config.yml": CFG + "destination: out\n", "out/x.html": "x", "out/y/z.css": "x"})
    site = build_site(str(tmp_path))
    assert not [p for p in site.all_paths if p.startswith("out/")]
    assert [p for p in site.all_paths if p.startswith("_site/")]



def test_a_page_named_inside_the_output_folder_says_it_is_the_output_folder(tmp_path):
    """A page named on the command line inside the build's output folder is not built (FL013), and
    the reason names that folder; `destination:` is read by one reader, also as an absolute path."""
    page = FM + "hi\n"
    for dest, folder in (("", "_site"), ("destination: out\n", "out"), (f"destination: {tmp_path / 'abs'}\n", "abs")):
        write_site(tmp_path, {"_config.yml": CFG + dest, f"{folder}/a.md": page})
        got = [d for d in lint([tmp_path / folder / "a.md"], cwd=tmp_path) if d["code"] == "FL013"]
        assert [d["path"] for d in got] == [f"{folder}/a.md"], dest
        assert f"`{folder}/` is the folder Jekyll writes the built site to" in got[0]["message"], dest

# ---------------------------------------------------------------------- 3. a URL in other letter case
def test_a_url_differing_only_in_case_says_so(tmp_path):
    """GitHub Pages serves URLs case-sensitively: `/Publications/` is broken when the page is
    `/publications/`, and the message says it differs only in case (the fix writes the page's URL)."""
    pubs = "---\nlayout: page\ntitle: Pubs\npermalink: /publications/\n---\nx\n"
    page = FM + "[a](/Publications/)\n[b](/PUBLICATIONS)\n[c]({{ '/Publications/#2024' | relative_url }})\n[d](/Pubs/)\n"
    write_site(tmp_path, {"_config.yml": CFG, "_pages/publications.md": pubs, "_pages/p.md": page})
    got = {d["line"]: d for d in lint([tmp_path], cwd=tmp_path) if d["path"] == "_pages/p.md"}
    assert sorted((k, d["code"]) for k, d in got.items()) == [(6, "FL301"), (7, "FL301"), (8, "FL301"), (9, "FL301")]
    for n in (6, 7, 8):
        assert "differs only in case from `/publications/`" in got[n]["message"], got[n]["message"]
        assert got[n]["fix"]["edits"][0]["content"] == "/publications/"
    assert "differs only in case" not in got[9]["message"]


# ---------------------------------------------------------------------- 4. FL504 on a huge config
def _aliased_config(extra: str = "") -> str:
    """~60,000 values through YAML aliases (100 keys, 30 copies, 20 copies of those), and al-folio's host."""
    lines = ["title: t", "url: https://alshedivat.github.io", "include: [_pages]", "theme: al_folio_core", "base: &b"]
    lines += [f"  k{i}: value {i}" for i in range(100)]
    lines += ["l1: &l1"] + ["  - *b"] * 30 + ["l2:"] + ["  - *l1"] * 20
    return "\n".join(lines) + "\n" + extra


def test_fl504_looks_only_at_the_keys_its_patterns_name(tmp_path, monkeypatch):
    """FL504 tested every `_config.yml` value against every placeholder's key (an alias-expanded
    config of ~60k values took seconds); it looks only at the values under the keys the patterns
    name, and still finds the placeholders among them."""
    import folio_lint.boilerplate as bp
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site

    extra = "scholar:\n  last_name: [Einstein]\n  first_name: [Albert, A.]\ngiscus:\n  repo: alshedivat/al-folio\n"
    write_site(tmp_path, {"_config.yml": _aliased_config(extra), "_pages/p.md": FM + "x\n"})
    site = build_site(str(tmp_path))
    assert len(site.config.yaml.nodes) > 60_000
    calls = [0]
    real = bp.key_matches

    def counting(pattern, path):
        calls[0] += 1
        return real(pattern, path)

    monkeypatch.setattr(bp, "key_matches", counting)
    got = [d for d in lint_site(site).diagnostics if d.code == "FL504"]
    assert [d.start.line for d in got] == [2], [(d.start.line, d.message) for d in got]
    assert calls[0] < 1_000, calls[0]


# ---------------------------------------------------------------------- 5. FL507 and an unpublished CV page
def test_a_stock_file_is_not_said_to_be_used_by_an_unpublished_page(tmp_path):
    """FL507 names the page whose `cv_pdf:` shows a stock file; a CV page with `published: false` (or a
    draft) is no reader: the file is then reported as published and unused (an info), not at that page."""
    from folio_lint.assets import EXTRAS_KEY
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site

    cv = "---\nlayout: cv\ntitle: cv\npermalink: /cv/\ncv_pdf: example_pdf.pdf\n---\n"
    for published, where in (("", ("_pages/cv.md", 5)), ("published: false\n", ("assets/pdf/example_pdf.pdf", 1))):
        root = tmp_path / (published and "unpublished" or "published")
        write_site(root, {"_config.yml": CFG + "collections:\n  news:\n    output: true\n",
                          "_pages/cv.md": cv.replace("---\nlayout", "---\n" + published + "layout", 1),
                          "assets/pdf/example_pdf.pdf": b"%PDF stock"})
        site = build_site(str(root))
        site.extras[EXTRAS_KEY] = {"assets/pdf/example_pdf.pdf": ("asset.example-pdf", "0" * 64)}  # as if stock
        got = [d for d in lint_site(site).diagnostics if d.code == "FL507"]
        assert [(d.path, d.start.line) for d in got] == [where], [(d.path, d.start.line, d.message) for d in got]
        if published:
            assert "uses it" not in got[0].message and got[0].severity.name == "INFO"
    # a draft CV page is no reader either
    root = tmp_path / "draft"
    write_site(root, {"_config.yml": CFG, "_drafts/cv.md": cv, "assets/pdf/example_pdf.pdf": b"%PDF stock"})
    site = build_site(str(root))
    site.extras[EXTRAS_KEY] = {"assets/pdf/example_pdf.pdf": ("asset.example-pdf", "0" * 64)}
    got = [d for d in lint_site(site).diagnostics if d.code == "FL507"]
    assert [(d.path, d.start.line) for d in got] == [("assets/pdf/example_pdf.pdf", 1)]


# ---------------------------------------------------------------------- 6. attribute names are ASCII
@pytest.mark.parametrize("text, raws", [
    ('<a ſrc="/long-s">', []),  # U+017F: `re.I` matched it as `s`; an HTML attribute named `ſrc` is no `src`
    ('<img ſrcset="/a.png 1x">', []),
    ('<a hreF="/upper">', ["/upper"]),  # ASCII case is still folded
    ('<img SRC="/up.png" poſter="/p.jpg">', ["/up.png"]),
    ('<a\u00a0href="/nbsp">', []),  # a no-break space is no attribute separator in HTML (ASCII whitespace only)
    ('<a\thref="/tab">', ["/tab"]),
])
def test_attribute_names_are_matched_in_ascii_only(text, raws):
    """HTML folds only ASCII letters in attribute names: the fast scanner and the reference agree."""
    import sys
    from pathlib import Path

    from folio_lint.body import scan_body
    from folio_lint.links import extract_body_links

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import links_reference as ref

    scan = scan_body(text)
    fast = [lk.raw for lk in extract_body_links(text, scan)]
    assert fast == [lk.raw for lk in ref.extract_body_links(text, scan)] == raws


# ---------------------------------------------------------------------- 7. a config broken at include:/collections:
PUB = "---\nlayout: page\ntitle: P\n---\nx\n"


@pytest.mark.parametrize("broken", [
    "include: [\"_pages\"\nurl: https://x.example\ncollections:\n  projects:\n    output: true\n",  # never closed
    "include: [\"_pages\"]\ncollections:\n  projects:\n    output: true\n  bad: [\n",  # the collections block
])
def test_links_into_pages_an_unreadable_key_decides_are_unknown(tmp_path, broken):
    """`_config.yml` does not parse (FL002, Jekyll stops) exactly at `include:` or `collections:`: which
    pages exist is unknown, so a link to one is no FL301/FL302 (said before: `/about/` and
    `/projects/one/` "not the URL of any page"); a setting that decides no page leaves links checked."""
    page = ("---\nlayout: page\ntitle: Home\n---\n[a](/about/)\n[p](/projects/one/)\n[m](/missing/)\n"
            "{% link _projects/one.md %}\n{% link _pages/gone.md %}\n")
    files = {"_config.yml": "title: t\n" + broken, "index.md": page, "_pages/about.md": PUB.replace("title: P", "permalink: /about/"),
             "_projects/one.md": PUB}
    write_site(tmp_path, files)
    got = codes(lint([tmp_path], cwd=tmp_path))
    assert [c for c in got if c[0] == "_config.yml"][:1] and all(c[2] == "FL002" for c in got if c[0] == "_config.yml")
    assert [c for c in got if c[0] == "index.md"] == [("index.md", 9, "FL302")]  # that file does not exist at all


def test_a_config_broken_elsewhere_still_checks_links(tmp_path):
    cfg = ("title: t\ninclude: [\"_pages\"]\ncollections:\n  projects:\n    output: true\n"
           "description: [never closed\n")
    page = "---\nlayout: page\ntitle: Home\n---\n[a](/about/)\n[p](/projects/one/)\n[m](/missing/)\n"
    write_site(tmp_path, {"_config.yml": cfg, "index.md": page,
                          "_pages/about.md": PUB.replace("title: P", "permalink: /about/"), "_projects/one.md": PUB})
    got = codes(lint([tmp_path], cwd=tmp_path))
    assert [c for c in got if c[0] == "index.md"] == [("index.md", 7, "FL301")]
