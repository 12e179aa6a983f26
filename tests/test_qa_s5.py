"""QA session 5: the leftovers of session 4, each with the case that showed it."""

from __future__ import annotations

from conftest import lint, write_site

CFG = "title: t\nurl: https://x.example\ninclude: [\"_pages\"]\n"
FM = "---\nlayout: page\ntitle: P\npermalink: /p/\n---\n"


def codes(diags, path=None):
    return sorted((d["path"], d["line"], d["code"]) for d in diags if path is None or d["path"] == path)


# ---------------------------------------------------------------------- 1. directives inside YAML values
def test_directive_text_inside_a_block_scalar_is_a_value_not_a_directive(tmp_path):
    """`# folio-lint: ...` inside a `|`/`>` value (or a quoted one) is text: it neither silences
    anything nor is reported as an unused or unknown directive (FL701/FL703/FL704)."""
    cfg = CFG + ("my_flag: 1\n"
                 "footer_text: >\n  Built with Jekyll.\n  # folio-lint: disable-file=FL601\n"
                 "note: |\n  a\n  # folio-lint: frobnicate=FL1\n"
                 "quoted: \"a\n  # folio-lint: disable-file=FL601\"\n")
    fm = ("---\nlayout: page\ntitle: P\npermalink: /p/\ndescription: |\n  Hello\n"
          "  # folio-lint: disable-file=FL301\n  # folio-lint: frobnicate=FL1\n---\n")
    write_site(tmp_path, {"_config.yml": cfg, "_pages/p.md": fm + "[a](/missing/)\n"})
    got = codes(lint([tmp_path], cwd=tmp_path))
    assert ("_config.yml", 4, "FL601") in got  # not silenced by the text in footer_text
    assert ("_pages/p.md", 10, "FL301") in got  # not silenced by the text in description
    assert not [c for c in got if c[2] in ("FL701", "FL703", "FL704")], got


def test_a_comment_on_a_block_scalar_header_line_is_still_a_directive(tmp_path):
    cfg = CFG + "my_flag: | # folio-lint: disable=FL601\n  text\n# folio-lint: disable-next-line=FL601\nother_flag: 2\n"
    write_site(tmp_path, {"_config.yml": cfg, "_pages/p.md": FM + "hi\n"})
    assert codes(lint([tmp_path], cwd=tmp_path)) == []


# ---------------------------------------------------------------------- 3. key checks on a _config.yml with a YAML error
def test_config_key_checks_run_on_the_keys_read_from_a_config_with_a_syntax_error(tmp_path):
    """Discovery reads the top-level keys of a broken `_config.yml` one by one; FL601-FL604 (and
    FL605) check those keys; the broken part is FL002, once."""
    cfg = ("title: Test\nenable_darkmod: true\nnews_limit: 5\ninclude: _pages\nmy_flag: 1\nbroken: [a, b\n"
           "collections_dir: ../x\n")
    write_site(tmp_path, {"_config.yml": cfg, "_pages/about.md": FM + "hi\n"})
    got = [(line, code) for path, line, code in codes(lint([tmp_path], cwd=tmp_path)) if path == "_config.yml"]
    assert got == [(2, "FL602"), (3, "FL604"), (4, "FL603"), (5, "FL601"), (6, "FL002"), (7, "FL605")]


def test_a_config_with_a_syntax_error_and_nothing_readable_is_only_fl002(tmp_path):
    write_site(tmp_path, {"_config.yml": "my_flag: [a\n", "_pages/about.md": FM + "hi\n"})
    got = [(line, code) for path, line, code in codes(lint([tmp_path], cwd=tmp_path)) if path == "_config.yml"]
    assert got == [(1, "FL002")]


# ---------------------------------------------------------------------- 4. FL016's same-value duplicate
def test_a_data_file_key_repeated_with_the_same_value_is_worded_as_in_front_matter(tmp_path):
    data = "einstein:\n  url: https://a.example\nsmith: https://b.example\nsmith: https://b.example\ndoe: 1\ndoe: 2\n"
    fm = "---\nlayout: page\ntitle: P\npermalink: /p/\ncategories: research\ncategories: research\n---\nhi\n"
    write_site(tmp_path, {"_config.yml": CFG, "_data/coauthors.yml": data, "_pages/p.md": fm})
    got = {(d["path"], d["line"]): d for d in lint([tmp_path], cwd=tmp_path) if d["code"] == "FL003"}
    same, other, page = got[("_data/coauthors.yml", 4)], got[("_data/coauthors.yml", 6)], got[("_pages/p.md", 6)]
    assert same["severity"] == page["severity"] == "warning"
    assert same["message"] == page["message"].replace("categories", "smith").replace("line 5", "line 3")
    assert "nothing is lost" in same["message"] and "lost" not in same["message"].replace("nothing is lost", "")
    assert "the first entry is lost" in other["message"] and other["severity"] == "warning"


# ---------------------------------------------------------------------- 5. Jekyll's version is read in discovery
def test_the_jekyll_version_is_read_by_discovery_not_by_the_link_rule(fixture_site):
    """FL306 (`{{ site.baseurl }}{% link %}`) depends on Jekyll 3 vs 4; the rule read Gemfile.lock
    and the Gemfile itself. Discovery reads them now; the rule (and the editor path) only reads the index."""
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site, lint_text

    lock = "GEM\n  specs:\n    jekyll (3.9.3)\n      addressable (~> 2.4)\n"
    root = fixture_site("github-pages", Gemfile="gem 'jekyll'\n", **{"Gemfile.lock": lock})
    site = build_site(str(root))
    assert site.jekyll_major == 3
    (root / "Gemfile.lock").unlink()  # what the index says counts, not what the disk says later
    (root / "Gemfile").unlink()
    assert not [d for d in lint_site(site).diagnostics if d.code == "FL306"]
    path = next(p for p, d in site.documents.items() if "site.baseurl" in d.source.text and "{% link" in d.source.text)
    new, diags = lint_text(site, path, site.documents[path].source.text)
    assert new.jekyll_major == 3 and not [d for d in diags if d.code == "FL306"]
    root4 = fixture_site("github-pages", Gemfile="gem 'jekyll', '~> 4.3'\n")
    site4 = build_site(str(root4))
    assert site4.jekyll_major is None and [d.code for d in lint_site(site4).diagnostics if d.code == "FL306"] == ["FL306"]


# ---------------------------------------------------------------------- 8. collections_dir leading out of the site
def test_collections_dir_out_of_the_site_reads_the_collections_where_jekyll_does(tmp_path):
    """`collections_dir: ../x`: Jekyll 4.3 (checked with `jekyll build`) reads the collections from the
    site's `x/` folder and no posts at all. A link to a document of `x/_projects/` is not broken; a
    `{% post_url %}` to `x/_posts/` is (Jekyll stops), and FL605 names the setting."""
    cfg = "title: t\ninclude: [_pages]\ncollections_dir: ../x\ncollections:\n  projects:\n    output: true\n    permalink: /projects/:path/\n"
    page = (FM + "[proj](/projects/one/)\n{% link _projects/one.md %}\n{% post_url 2024-01-01-hello %}\n"
            "[gone](/projects/two/)\n")
    write_site(tmp_path, {"_config.yml": cfg, "_pages/p.md": page,
                          "x/_projects/one.md": "---\nlayout: page\ntitle: One\n---\nhi\n",
                          "x/_posts/2024-01-01-hello.md": "---\nlayout: post\ntitle: Hello\n---\nhi\n"})
    got = [(p, line, c) for p, line, c in codes(lint([tmp_path], cwd=tmp_path))]
    assert got == [("_config.yml", 3, "FL605"), ("_pages/p.md", 8, "FL303"), ("_pages/p.md", 9, "FL301")], got


def test_link_tag_names_a_collection_document_from_collections_dir(tmp_path):
    """Jekyll's `{% link %}` compares a document's `relative_path`, which is relative to `collections_dir`
    (`{% link _projects/one.md %}` for `x/_projects/one.md`; `x/_projects/one.md` stops the build:
    checked with Jekyll 4.3); pages keep their path from the site root."""
    cfg = "title: t\ninclude: [_pages]\ncollections_dir: x\ncollections:\n  projects:\n    output: true\n"
    page = FM + "{% link _projects/one.md %}\n{% link x/_projects/one.md %}\n{% link _pages/q.md %}\n{% link _posts/2024-01-01-hello.md %}\n"
    write_site(tmp_path, {"_config.yml": cfg, "_pages/p.md": page, "_pages/q.md": FM + "q\n",
                          "x/_projects/one.md": "---\nlayout: page\ntitle: One\n---\nhi\n",
                          "x/_posts/2024-01-01-hello.md": "---\nlayout: post\ntitle: Hello\n---\nhi\n"})
    got = [(p, line, c) for p, line, c in codes(lint([tmp_path], cwd=tmp_path)) if p == "_pages/p.md"]
    assert got == [("_pages/p.md", 7, "FL302")], got


# ---------------------------------------------------------------------- 7. --fix-only's summary
def test_fix_only_says_what_was_fixed_and_how_many_unsafe_fixes_are_left(tmp_path):
    """As ruff's `--fix-only` ("Fixed N errors (K additional fixes available with `--unsafe-fixes`)"):
    no report on stdout; on stderr what was fixed and how many of the findings left `--unsafe-fixes` would fix."""
    import io
    import shutil

    from conftest import EXAMPLES

    from folio_lint.commands import CheckOptions, run_check

    root = tmp_path / "site"
    shutil.copytree(EXAMPLES / "site", root)

    def fix_only(**kw):
        out, err = io.StringIO(), io.StringIO()
        code = run_check(CheckOptions(paths=(str(root),), no_cache=True, progress=False, color="never", fix_only=True,
                                      **kw), out, err)
        return code, out.getvalue(), err.getvalue()

    code, out, err = fix_only()
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert lines[-2].startswith("Fixed ") and " finding" in lines[-2]
    left = [d for d in lint([root], cwd=root)]
    unsafe = [d for d in left if d["fix"] and d["fix"]["applicability"] == "unsafe"]
    assert unsafe and lines[-1] == f"{len(left)} findings left ({len(unsafe)} fixable with `--unsafe-fixes`)."
    code, out, err = fix_only(unsafe_fixes=True)
    assert code == 0 and out == "" and err.splitlines()[-1].endswith("findings left (not fixable automatically).")


# ---------------------------------------------------------------------- 2. FORCE_COLOR=0
def test_force_color_follows_the_common_convention(monkeypatch):
    """FORCE_COLOR=0 forces colour, as force-color.org, rich (Console.is_terminal), pytest
    (should_do_markup) and ruff (main.rs) read it (click ignores FORCE_COLOR; only Node's
    supports-color reads `0` as off). Empty values are unset; NO_COLOR wins; --color wins over both."""
    import io

    from click.testing import CliRunner

    from folio_lint.cli import main_group
    from folio_lint.commands import color_wanted

    pipe = io.StringIO()
    for env, choice, want in [({}, "auto", False), ({"FORCE_COLOR": "0"}, "auto", True), ({"FORCE_COLOR": "1"}, "auto", True),
                              ({"FORCE_COLOR": ""}, "auto", False), ({"FORCE_COLOR": "0", "NO_COLOR": "1"}, "auto", False),
                              ({"FORCE_COLOR": "0", "NO_COLOR": ""}, "auto", True), ({"FORCE_COLOR": "0"}, "never", False),
                              ({"NO_COLOR": "1"}, "always", True)]:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.delenv("NO_COLOR", raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        assert color_wanted(choice, pipe) is want, (env, choice)
    monkeypatch.delenv("NO_COLOR", raising=False)
    r = CliRunner(env={"FORCE_COLOR": "0", "NO_COLOR": None}).invoke(main_group, ["rule", "FL301"])
    assert "\x1b[" in r.output


# ---------------------------------------------------------------------- 9. the built output folder
def test_no_link_resolves_to_a_file_of_the_built_output_folder(tmp_path):
    """Files under `_site/` (an old build) are listed among the site's other files, but Jekyll never
    reads its destination: no link resolves to them, and a link into `_site/` says what that folder is."""
    page = FM + ("[cv](/assets/pdf/cv.pdf)\n[cv2](/_site/assets/pdf/cv.pdf)\n[old](/old.html)\n[about](/about/)\n"
                 "{% link _site/old.html %}\n[out](/out/x.html)\n")
    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": page, "_site/assets/pdf/cv.pdf": "pdf",
                          "_site/about/index.html": "x", "_site/old.html": "x", "out/x.html": "x"})
    got = {d["line"]: d for d in lint([tmp_path], cwd=tmp_path) if d["path"] == "_pages/p.md"}
    assert sorted((k, d["code"]) for k, d in got.items()) == [(6, "FL401"), (7, "FL401"), (8, "FL301"), (9, "FL301"),
                                                              (10, "FL302")]
    assert "the folder Jekyll writes the built site to" in got[7]["message"] and "`/assets/pdf/cv.pdf`" in got[7]["hint"]
    write_site(tmp_path, {"_config.yml": CFG + "destination: out\n"})  # another destination: the same for `out/`
    got = {d["line"]: d for d in lint([tmp_path], cwd=tmp_path) if d["path"] == "_pages/p.md"}
    assert "the folder Jekyll writes the built site to" in got[11]["message"]


# ---------------------------------------------------------------------- 6. Decap CMS admin pages
DECAP = ('<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8" />\n  <title>Content Manager</title>\n</head>\n<body>\n'
         '  <script src="https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js"></script>\n</body>\n</html>\n')


def test_decap_cms_admin_pages_as_written_in_the_wild_say_nothing(tmp_path):
    """Decap/Netlify CMS's `admin/index.html` (decapcms.org's Jekyll guide: no front matter; or
    `layout: null` between two `---` lines) and its `admin/config.yml` are fine. A file that opens
    with `---` and never closes it is FL008: Jekyll 4.3 builds it, but prints the `---` line (and
    everything after it) as the page's text, before `<!doctype html>`."""
    write_site(tmp_path, {"_config.yml": CFG, "admin/index.html": DECAP,
                          "admin2/index.html": "---\nlayout: null\n---\n" + DECAP,
                          "admin/config.yml": "backend:\n  name: git-gateway\n  branch: main\nmedia_folder: assets/uploads\n",
                          "admin3/index.html": "---\n" + DECAP})
    assert codes(lint([tmp_path], cwd=tmp_path)) == [("admin3/index.html", 1, "FL008")]
