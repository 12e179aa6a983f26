"""`links: served-elsewhere:` in `.folio-lint.yml`: paths of the site's domain that something other
than the source serves (another repository's GitHub Pages, a folder a Makefile rsyncs to the server)
are not checked — no FL301/FL401/FL304/FL312 and no FL311 summary — and nothing else changes."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, write_site
from folio_lint.commands import CheckOptions, run_check
from folio_lint.config import ConfigError, load, served_elsewhere_prefix, to_settings

PAGE = "---\nlayout: page\ntitle: {t}\npermalink: /{t}/\n---\n"

SITE = {
    "_config.yml": "title: t\ninclude: [_pages]\n",
    "_pages/a.md": PAGE.format(t="a") + (
        "[lib](/cdn/lib.js)\n\n"                          # line 6: FL401 without the setting
        "![logo](/cdn/img/logo.png)\n\n"                  # line 8: FL401
        '<img src="{{ \'/cdn/img/b.png\' | relative_url }}">\n\n'  # line 10: FL401 (through relative_url)
        "[slides](/cdn/talks/2024/)\n\n"                  # line 12: FL301
        "[root of it](/cdn)\n\n"                          # line 14: FL301 (the prefix itself)
        "[near miss](/cdnx/a.png)\n\n"                    # line 16: FL401 always (not under /cdn/)
        "[shared](/cdn/shared/)\n"                        # line 18: FL301, and the FL311 summary
    ),
    "_pages/b.md": PAGE.format(t="b") + "[shared](/cdn/shared/)\n\n[anchor](/c/#nope)\n\n[rel](../cdn/rel.png)\n",
    "_pages/c.md": PAGE.format(t="c") + "[shared](/cdn/shared/)\n",
}


def check(root: Path, config: str | None = None) -> tuple[list[tuple[str, int, str]], int, list[dict]]:
    cfg = root / ".folio-lint.yml"
    if config is None:
        if cfg.exists():
            cfg.unlink()
    else:
        cfg.write_text(config, encoding="utf-8")
    out = io.StringIO()
    old = os.getcwd()
    os.chdir(root)
    try:
        code = run_check(CheckOptions(paths=(".",), fmt="json", no_cache=True, progress=False), out, io.StringIO())
    finally:
        os.chdir(old)
    diags = json.loads(out.getvalue())["diagnostics"]
    return sorted((d["path"], d["line"], d["code"]) for d in diags), code, diags


@pytest.fixture
def cdn_site(tmp_path):
    return write_site(tmp_path / "site", SITE)


def test_links_into_a_missing_folder_are_reported_without_the_setting(cdn_site):
    got, code, _ = check(cdn_site)
    codes = {(p, line): c for p, line, c in got}
    assert code == 1
    for line in (6, 8, 10, 16):
        assert codes[("_pages/a.md", line)] == "FL401", got
    for line in (12, 14):
        assert codes[("_pages/a.md", line)] == "FL301", got
    assert ("_pages/a.md", 18, "FL311") in got  # three pages link to /cdn/shared/
    assert ("_pages/b.md", 10, "FL401") in got  # the relative link resolves to /cdn/rel.png


@pytest.mark.parametrize("config", [
    "links: {served-elsewhere: [/cdn/]}\n",
    "links: {served-elsewhere: [/cdn]}\n",
    "links: {served-elsewhere: [cdn/]}\n",
    "links: {served-elsewhere: cdn}\n",                    # a bare string is a one-item list
    "links:\n  served-elsewhere:\n    - /files/\n    - '/cdn/**'\n",
])
def test_the_setting_silences_links_under_the_prefix_only(cdn_site, config):
    got, code, _ = check(cdn_site, config)
    # the near miss /cdnx/ is still a missing file; the anchor into this site's own page is still checked
    assert got == [("_pages/a.md", 16, "FL401"), ("_pages/b.md", 8, "FL304")], got
    assert code == 1


def test_pyproject_table_works_too(cdn_site):
    (cdn_site / "pyproject.toml").write_text('[tool.folio-lint.links]\nserved-elsewhere = ["/cdn/"]\n')
    got, _, _ = check(cdn_site)
    assert got == [("_pages/a.md", 16, "FL401"), ("_pages/b.md", 8, "FL304")], got


def test_a_fragment_into_a_path_served_elsewhere_is_not_checked(tmp_path):
    # a source copy of a page that another server really serves: its ids are not the source's
    root = write_site(tmp_path / "s", {
        "_config.yml": "title: t\ninclude: [_pages]\n",
        "_pages/a.md": PAGE.format(t="a") + "[x](/docs/guide/#no-such-heading)\n",
        "_pages/g.md": "---\nlayout: page\ntitle: g\npermalink: /docs/guide/\n---\n## Intro\n",
    })
    got, _, _ = check(root)
    assert got == [("_pages/a.md", 6, "FL304")]
    got, _, _ = check(root, "links: {served-elsewhere: [/docs/]}\n")
    assert got == []
    got, _, _ = check(root, "links: {served-elsewhere: [/doc/]}\n")  # (a prefix of the name, not a folder)
    assert got == [("_pages/a.md", 6, "FL304")]


def test_prefixes_are_matched_with_the_baseurl(tmp_path):
    """The prefix is the path the browser requests on the domain: with `baseurl: /blog`,
    `{{ '/cdn/x.png' | relative_url }}` requests `/blog/cdn/x.png`, a raw `/cdn/y.png` requests `/cdn/y.png`."""
    root = write_site(tmp_path / "s", {
        "_config.yml": "title: t\nbaseurl: /blog\ninclude: [_pages]\n",
        "_pages/a.md": PAGE.format(t="a") + "![x]({{ '/cdn/x.png' | relative_url }})\n\n![y](/cdn/y.png)\n\n"
                                            "![z](/blog/cdn/z.png)\n",
    })
    got, _, _ = check(root)
    assert got == [("_pages/a.md", 6, "FL401"), ("_pages/a.md", 8, "FL401"), ("_pages/a.md", 10, "FL401")]
    got, _, diags = check(root, "links: {served-elsewhere: [/cdn/]}\n")
    assert got == [("_pages/a.md", 6, "FL401"), ("_pages/a.md", 10, "FL401")]
    hints = {d["line"]: d.get("hint") or "" for d in diags}
    assert "the browser requests `/blog/cdn/x.png`" in hints[6] and "list `/blog/cdn/`" in hints[6], hints
    got, _, _ = check(root, "links: {served-elsewhere: [/blog/cdn/]}\n")
    assert got == [("_pages/a.md", 8, "FL401")]
    got, _, _ = check(root, "links: {served-elsewhere: [/blog/cdn/, /cdn/]}\n")
    assert got == []


def test_link_and_post_url_tags_are_still_checked(tmp_path):
    root = write_site(tmp_path / "s", {
        "_config.yml": "title: t\ninclude: [_pages]\n",
        "_pages/a.md": PAGE.format(t="a") + "[x]({% link cdn/x.md %})\n",
    })
    got, _, _ = check(root, "links: {served-elsewhere: [/cdn/]}\n")
    assert got == [("_pages/a.md", 6, "FL302")]


def test_og_image_under_the_prefix_is_not_a_missing_file(tmp_path):
    root = write_site(tmp_path / "s", {
        "_config.yml": "title: t\nurl: https://x.example\nserve_og_meta: true\ninclude: [_pages]\n",
        "_includes/metadata.liquid": '<meta property="og:image" content="{{ page.og_image | prepend: site.baseurl '
                                     '| prepend: site.url }}">\n',
        "_layouts/page.liquid": "{% include metadata.liquid %}{{ content }}\n",
        "_pages/a.md": "---\nlayout: page\ntitle: a\npermalink: /a/\nog_image: /cdn/card.png\n---\n",
    })
    got, _, _ = check(root)
    assert got == [("_pages/a.md", 5, "FL312")]
    got, _, _ = check(root, "links: {served-elsewhere: /cdn/}\n")
    assert got == []


# ---------------------------------------------------------------------- the setting's shapes
@pytest.mark.parametrize("value,prefix", [
    ("/cdn/", "/cdn/"), ("/cdn", "/cdn/"), ("cdn", "/cdn/"), ("cdn/", "/cdn/"), (" /cdn/ ", "/cdn/"),
    ("/cdn/*", "/cdn/"), ("/cdn/**", "/cdn/"), ("/a/b", "/a/b/"), ("/my%20files/", "/my files/"),
    ("/files/report.pdf", "/files/report.pdf/"),
])
def test_prefix_normalisation(value, prefix):
    assert served_elsewhere_prefix(value) == (prefix, None)


def test_settings_hold_sorted_unique_prefixes(tmp_path):
    p = tmp_path / ".folio-lint.yml"
    p.write_text("links:\n  served-elsewhere: [/files/, cdn, /cdn/, /cdn/**]\n")
    assert to_settings(load(str(p))).option("served-elsewhere") == ("/cdn/", "/files/")
    p.write_text("links: {served-elsewhere: /cdn/}\n")
    assert to_settings(load(str(p))).option("served-elsewhere") == ("/cdn/",)
    p.write_text("links: {}\n")
    assert to_settings(load(str(p))).option("served-elsewhere") is None


def test_extends_merges_the_links_table(tmp_path):
    (tmp_path / "base.yml").write_text("links: {served-elsewhere: [/cdn/]}\nignore: [FL5]\n")
    p = tmp_path / ".folio-lint.yml"
    p.write_text("extends: ./base.yml\nignore: [FL6]\n")
    assert to_settings(load(str(p))).option("served-elsewhere") == ("/cdn/",)
    p.write_text("extends: ./base.yml\nlinks: {served-elsewhere: [/files/]}\n")
    assert to_settings(load(str(p))).option("served-elsewhere") == ("/files/",)  # this file wins


@pytest.mark.parametrize("text,expect", [
    ("links: {served-elsewhere: 3}\n", ".folio-lint.yml:1:27: `links.served-elsewhere`: `3` has the wrong shape"),
    ("links: {served-elsewhere: [/cdn/, 3]}\n", "`links.served-elsewhere`: `['/cdn/', 3]` has the wrong shape"),
    ("links: {served-elsewhere: {a: b}}\n", "`links.served-elsewhere`"),
    ("links: {served-elsewhere: ['']}\n", "`links.served-elsewhere`"),
    ("links: [/cdn/]\n", "`links`: must be an object"),
    ("links: {served_elsewhere: [/cdn/]}\n", "unknown option `served_elsewhere` in `links` (did you mean `served-elsewhere`?)"),
    ("links:\n  served-elsewhere:\n    - /cdn/\n    - /\n", ".folio-lint.yml:4:7: `links.served-elsewhere`: `/` would leave every internal link unchecked"),
    ("links: {served-elsewhere: ['https://x.example/cdn/']}\n", "is a URL; give the path on this site's own domain"),
    ("links: {served-elsewhere: ['/c*n/']}\n", "is a path prefix, not a pattern"),
])
def test_a_wrong_value_is_a_configuration_error(tmp_path, text, expect):
    write_site(tmp_path, {"_config.yml": "title: t\n"})
    (tmp_path / ".folio-lint.yml").write_text(text)
    with pytest.raises(ConfigError) as e:
        load(str(tmp_path / ".folio-lint.yml"))
    assert expect.replace(".folio-lint.yml:", "") in str(e.value), str(e.value)
    r = run_cli("check", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert expect in r.stderr, r.stderr


def test_folio_lint_config_prints_it(cdn_site):
    (cdn_site / ".folio-lint.yml").write_text("links: {served-elsewhere: [cdn, /files]}\n")
    r = run_cli("config", cwd=cdn_site)
    assert r.returncode == 0, r.stderr
    assert "\nlinks:\n  served-elsewhere: [/cdn/, /files/]\n" in r.stdout, r.stdout  # (as the file writes it)
    r = run_cli("config", "--format", "json", cwd=cdn_site)
    assert json.loads(r.stdout)["links"] == {"served-elsewhere": ["/cdn/", "/files/"]}


# ---------------------------------------------------------------------- nothing else changes
def test_the_example_site_is_unchanged_by_a_prefix_it_does_not_use(tmp_path):
    src = EXAMPLES / "site"
    if not src.is_dir():
        pytest.skip("examples/site not there")
    root = tmp_path / "site"
    shutil.copytree(src, root, ignore=shutil.ignore_patterns(".folio-lint-cache"))
    own = (root / ".folio-lint.yml").read_text(encoding="utf-8") if (root / ".folio-lint.yml").exists() else ""
    before, code_before, diags_before = check(root, own)
    assert before  # the example site holds one fault of every kind
    after, code_after, diags_after = check(root, own + "\nlinks:\n  served-elsewhere: [/served-by-someone-else/]\n")
    assert (after, code_after) == (before, code_before)
    assert [d["message"] for d in diags_after] == [d["message"] for d in diags_before]
    assert [d.get("hint") for d in diags_after] == [d.get("hint") for d in diags_before]


# ---------------------------------------------------------------------- the hint that names the setting
def hints(root: Path) -> dict[int, str]:
    _, _, diags = check(root)
    return {d["line"]: d.get("hint") or "" for d in diags if d["path"] == "_pages/a.md"}


def test_a_missing_file_under_a_folder_the_site_lacks_names_the_setting(tmp_path):
    root = write_site(tmp_path / "s", {
        "_config.yml": "title: t\ninclude: [_pages]\n",
        "assets/img/me.png": "x",
        "papers/index.md": "---\nlayout: page\ntitle: p\n---\n",
        "_pages/w.md": "---\nlayout: page\ntitle: w\npermalink: /research/2024/w/\n---\n",
        "_pages/a.md": PAGE.format(t="a") + (
            "![x](/cdn/img/x.png)\n\n"     # line 6: no `cdn` anywhere in the site: the hint names the setting
            "[y](/cdn/talks/2024/)\n\n"    # line 8: a page URL (rather a lost page): no such note
            "![z](/asset/img/z.png)\n\n"   # line 10: a misspelt `assets`: no note
            "![p](/papers/p.pdf)\n\n"      # line 12: `papers/` exists: no note
            "![w](/research/w.pdf)\n\n"    # line 14: pages have URLs under /research/: no note
            "![m](/me.png)\n"              # line 16: at the top: no folder to name
        ),
    })
    h = hints(root)
    assert "if something else serves `/cdn/` on this domain" in h[6], h[6]
    assert "`links: {served-elsewhere: [/cdn/]}`" in h[6]
    for line in (8, 10, 12, 14, 16):
        assert "served-elsewhere" not in h[line], (line, h[line])
    # with a baseurl, the prefix named is what the browser requests
    (root / "_config.yml").write_text("title: t\nbaseurl: /blog\ninclude: [_pages]\n")
    (root / "_pages/a.md").write_text(PAGE.format(t="a") + "![x](/cdn/img/x.png)\n\n![x]({{ '/cdn/img/y.png' | relative_url }})\n")
    h = hints(root)
    assert "`links: {served-elsewhere: [/cdn/]}`" in h[6], h[6]  # a raw /cdn/... leaves the baseurl
    assert "`links: {served-elsewhere: [/blog/cdn/]}`" in h[8], h[8]
