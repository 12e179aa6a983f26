"""Inline suppressions: every directive form, unused and unknown suppressions, and what is not a directive."""

from __future__ import annotations

import pytest

from conftest import lint, write_site

CFG = "title: t\nurl: https://x.example\ninclude: [\"_pages\"]\n"
FM = "---\nlayout: page\ntitle: P\npermalink: /p/\n---\n"


def run(tmp_path, body: str, fm: str = FM, extra: dict | None = None):
    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": fm + body, **(extra or {})})
    return [(d["line"], d["code"]) for d in lint([tmp_path], cwd=tmp_path) if d["path"] == "_pages/p.md"]


def test_no_directive_baseline(tmp_path):
    assert run(tmp_path, "[a](/x/)\n[b](/y/)\n") == [(6, "FL301"), (7, "FL301")]


def test_disable_next_line(tmp_path):
    got = run(tmp_path, "<!-- folio-lint-disable-next-line FL301 -->\n[a](/x/)\n[b](/y/)\n")
    assert got == [(8, "FL301")]


def test_disable_line_and_space_form(tmp_path):
    got = run(tmp_path, "[a](/x/) <!-- folio-lint disable-line broken-link -->\n[b](/y/)\n")
    assert got == [(7, "FL301")]


def test_disable_enable_range_by_prefix(tmp_path):
    body = "<!-- folio-lint-disable FL3 -->\n[a](/x/)\n[b](/y/)\n<!-- folio-lint-enable FL3 -->\n[c](/z/)\n"
    assert run(tmp_path, body) == [(10, "FL301")]


def test_bare_disable_until_the_end(tmp_path):
    assert run(tmp_path, "[a](/x/)\n<!-- folio-lint-disable -->\n[b](/y/)\n[c](/z/)\n") == [(6, "FL301")]


def test_disable_file_reaches_the_front_matter(tmp_path):
    fm = "---\nlayout: page\ntitel: P\npermalink: /p/\n---\n"
    got = run(tmp_path, "[a](/x/)\n<!-- folio-lint-disable-file FL202, FL301 -->\n", fm=fm)
    assert got == []


def test_front_matter_comment(tmp_path):
    fm = "---\nlayout: page\ntitle: P\ntitel: Q # folio-lint: disable=FL202\nseries: x  # folio-lint: disable=unknown-key\npermalink: /p/\n---\n"
    assert run(tmp_path, "ok\n", fm=fm) == []


def test_front_matter_next_line_and_file(tmp_path):
    fm = "---\n# folio-lint: disable-next-line=FL202\ntitel: Q\nlayout: page\ntitle: P\nseries: x\npermalink: /p/\n---\n"
    assert run(tmp_path, "ok\n", fm=fm) == [(6, "FL201")]
    fm = "---\n# folio-lint: disable-file=FL2\ntitel: Q\nlayout: page\ntitle: P\nseries: x\npermalink: /p/\n---\n"
    assert run(tmp_path, "ok\n", fm=fm) == []


def test_config_yml_comment(tmp_path):
    write_site(tmp_path, {"_config.yml": CFG + "last_nme: X  # folio-lint: disable=FL602\n",
                          "_pages/p.md": FM + "ok\n"})
    assert [d for d in lint([tmp_path], cwd=tmp_path) if d["code"] == "FL602"] == []


def test_unused_suppressions_are_reported_with_a_fix(tmp_path):
    body = "<!-- folio-lint-disable-next-line FL301 -->\nfine text\n<!-- folio-lint-enable -->\n"
    got = run(tmp_path, body)
    assert got == [(6, "FL701"), (8, "FL701")]


def test_partly_used_directive_reports_only_the_unused_code(tmp_path):
    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "[a](/x/) <!-- folio-lint-disable-line FL301, FL5 -->\n"})
    d = [x for x in lint([tmp_path], cwd=tmp_path) if x["path"] == "_pages/p.md"]
    assert [(x["code"], x["line"]) for x in d] == [("FL701", 6)]
    assert "`FL5`" in d[0]["message"]
    assert d[0]["fix"]["applicability"] == "safe" and d[0]["fix"]["edits"][0]["content"] == "FL301"


def test_unused_not_reported_for_rules_that_did_not_run(tmp_path):
    from folio_lint.settings import Settings

    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "<!-- folio-lint-disable-next-line FL301 -->\nok\n"})
    got = [x["code"] for x in lint([tmp_path], cwd=tmp_path, settings=Settings(select=("FL7",)))]
    assert got == []


def test_bare_unused_not_judged_with_a_partial_selection(tmp_path):
    from folio_lint.settings import Settings

    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "<!-- folio-lint-disable-next-line -->\nok\n"})
    assert [x["code"] for x in lint([tmp_path], cwd=tmp_path)] == ["FL701"]
    assert lint([tmp_path], cwd=tmp_path, settings=Settings(select=("FL1", "FL7"))) == []


def test_unknown_code_and_unknown_directive(tmp_path):
    body = "<!-- folio-lint-disable-next-line FL3O1 -->\n[a](/x/)\n<!-- folio-lint-disabel FL301 -->\n"
    got = run(tmp_path, body)
    assert (6, "FL702") in got and (8, "FL703") in got and (7, "FL301") in got


def test_not_directives(tmp_path):
    body = ("<!-- folio-lint is a linter -->\n"
            "```html\n<!-- folio-lint-disable FL301 -->\n```\n"
            "`<!-- folio-lint-disable-file -->`\n"
            "[a](/x/)\n")
    assert run(tmp_path, body) == [(11, "FL301")]


def test_fl701_can_be_ignored(tmp_path):
    from folio_lint.settings import Settings

    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "<!-- folio-lint-disable-next-line FL301 -->\nok\n"})
    assert lint([tmp_path], cwd=tmp_path, settings=Settings(ignore=("FL701",))) == []


def test_only_reported_files_get_unused_findings(tmp_path):
    write_site(tmp_path, {"_config.yml": CFG,
                          "_pages/p.md": FM + "<!-- folio-lint-disable-next-line FL301 -->\nok\n",
                          "_pages/q.md": "---\nlayout: page\ntitle: Q\npermalink: /q/\n---\n[a](/x/)\n"})
    got = lint([tmp_path / "_pages" / "q.md"], cwd=tmp_path)
    assert [x["code"] for x in got] == ["FL301"]


def test_editor_path_applies_suppressions(tmp_path):
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_text

    write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "ok\n"})
    site = build_site(str(tmp_path))
    _, diags = lint_text(site, "_pages/p.md", FM + "<!-- folio-lint-disable-next-line FL301 -->\n[a](/x/)\n", cwd=str(tmp_path))
    assert diags == []
    _, diags = lint_text(site, "_pages/p.md", FM + "[a](/x/)\n", cwd=str(tmp_path))
    assert [d.code for d in diags] == ["FL301"]


def test_internal_errors_are_reported_not_suppressed_and_exit_2(tmp_path):
    import io

    from folio_lint.commands import CheckOptions, run_check
    from folio_lint.registry import BY_NAME, PAGE, RULES, load_rules, rule

    load_rules()

    @rule("FL991", "test-only-crash", scope=PAGE)
    def crash(doc, ctx):
        """Test rule."""
        raise ValueError("boom")

    try:
        write_site(tmp_path, {"_config.yml": CFG, "_pages/p.md": FM + "<!-- folio-lint-disable-file -->\nok\n"})
        out = io.StringIO()
        code = run_check(CheckOptions(paths=(str(tmp_path),), fmt="concise", select=("FL991",), isolated=True,
                                      no_cache=True, progress=False), out, io.StringIO())
        assert code == 2
        assert "FL999 [internal-error] error: internal error in rule FL991" in out.getvalue()
    finally:
        RULES.pop("FL991", None)
        BY_NAME.pop("test-only-crash", None)


def test_hostile_comments_are_cheap(tmp_path):
    import time

    body = "<!-- folio-lint-disable " + " " * 200_000 + "x -->\n" + "<!-- folio-lint-disable-line FL301 -->\n" * 2000
    t0 = time.perf_counter()
    got = run(tmp_path, body + "[a](/x/)\n")
    assert time.perf_counter() - t0 < 10
    assert (2007, "FL301") in got


# ---------------------------------------------------------------------- suppressions in YAML files (FL704)
def _yaml_site(tmp_path):
    cfg = CFG + ("enable_darkmod: true  # folio-lint: disable=FL602\n"   # needed: the typo is suppressed
                 "enable_darkmode: true  # folio-lint: disable=FL602\n"  # nothing to suppress
                 "foo_bar: 1  # folio-lint: disable=FL6O1\n"             # no such code
                 "x: 2  # folio-lint: disabel=FL601\n")                  # no such directive word
    write_site(tmp_path, {"_config.yml": cfg, "_data/x.yml": "a: 1  # folio-lint: disable=FL505\n",
                          "_pages/p.md": FM + "hi\n"})
    return cfg


def test_suppressions_in_config_and_data_files_are_checked(tmp_path):
    _yaml_site(tmp_path)
    got = [(d["path"], d["line"], d["code"]) for d in lint([tmp_path], cwd=tmp_path) if d["code"].startswith("FL7")]
    assert got == [("_config.yml", 5, "FL704"), ("_config.yml", 6, "FL702"), ("_config.yml", 7, "FL703"),
                   ("_data/x.yml", 1, "FL704")]
    assert not [d for d in lint([tmp_path], cwd=tmp_path) if d["code"] == "FL602"]  # line 4's suppression works


def test_yaml_suppressions_are_judged_only_for_rules_that_ran(tmp_path):
    from conftest import run_cli

    _yaml_site(tmp_path)
    r = run_cli("check", "--no-cache", "--format", "concise", "--select", "FL601,FL704", ".", cwd=tmp_path)
    assert "FL704" not in r.stdout  # FL602 and FL505 did not run: their suppressions may be needed


def test_fix_removes_unused_yaml_suppressions_only(tmp_path):
    from conftest import run_cli

    cfg = _yaml_site(tmp_path)
    run_cli("check", "--no-cache", "--fix", ".", cwd=tmp_path)
    after = (tmp_path / "_config.yml").read_text()
    assert after == cfg.replace("enable_darkmode: true  # folio-lint: disable=FL602\n", "enable_darkmode: true\n").replace(
        "foo_bar: 1  # folio-lint: disable=FL6O1\n", "foo_bar: 1\n")
    assert (tmp_path / "_data/x.yml").read_text() == "a: 1\n"
