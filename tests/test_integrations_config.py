""".folio-lint.yml: discovery, extends/presets, every option, validation with positions and did-you-mean."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from conftest import run_cli, write_site
from folio_lint.commands import CheckOptions, run_check
from folio_lint.config import CliOverrides, ConfigError, find_config, load, settings_for, to_settings

SITE = {
    "_config.yml": "title: t\nurl: https://x.example\ninclude: [\"_pages\"]\n",
    "_pages/p.md": "---\nlayout: page\ntitle: P\npermalink: /p/\nseries: robots\ntitel: x\n---\n[gone](/nowhere/)\n",
    "_pages/q.md": "---\nlayout: page\ntitle: Q\npermalink: /q/\n---\n[gone](/nowhere/)\n",
}


def codes(tmp_path, *, config: str | None = None, **kw) -> list[tuple[str, int, str]]:
    if config is not None:
        (tmp_path / ".folio-lint.yml").write_text(config)
    out = io.StringIO()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = run_check(CheckOptions(paths=(".",), fmt="json", no_cache=True, progress=False, **kw), out, io.StringIO())
    finally:
        os.chdir(old)
    data = json.loads(out.getvalue())
    return [(d["path"], d["line"], d["code"], d["severity"]) for d in data["diagnostics"]], code


@pytest.fixture
def site(tmp_path):
    write_site(tmp_path, SITE)
    return tmp_path


def test_no_config_gives_the_default_set(site):
    got, code = codes(site)
    assert {c for _, _, c, _ in got} == {"FL201", "FL202", "FL301"}
    assert code == 1


def test_select_ignore_severity_per_file_ignores(site):
    got, code = codes(site, config="""
select: [FL2, broken-link]
ignore: [unknown-key]
severity:
  FL301: warning
per-file-ignores:
  "_pages/q.md": [FL3]
""")
    assert sorted(got) == [("_pages/p.md", 6, "FL202", "error"), ("_pages/p.md", 8, "FL301", "warning")]


def test_severity_off_and_exclude(site):
    got, _ = codes(site, config="severity: {FL202: off}\nexclude: [_pages/q.md]\n")
    assert {(p, c) for p, _, c, _ in got} == {("_pages/p.md", "FL201"), ("_pages/p.md", "FL301")}


def test_extra_keys_silence_unknown_key(site):
    got, _ = codes(site, config="extra-keys: [series]\n")
    assert "FL201" not in {c for _, _, c, _ in got}
    got, _ = codes(site, config="extra-keys:\n  page: [series]\n")
    assert "FL201" not in {c for _, _, c, _ in got}
    got, _ = codes(site, config="extra-keys:\n  post: [series]\n")
    assert "FL201" in {c for _, _, c, _ in got}


def test_strict_preset_fails_on_warnings(site):
    (site / "_pages" / "p.md").write_text("---\nlayout: page\ntitle: P\npermalink: /p/\nseries: x\n---\nok\n")
    (site / "_pages" / "q.md").write_text("---\nlayout: page\ntitle: Q\npermalink: /q/\n---\nok\n")
    got, code = codes(site)
    assert [c for _, _, c, _ in got] == ["FL201"] and code == 0
    got, code = codes(site, config="extends: strict\n")
    assert code == 1


def test_extends_a_file_and_cli_wins(site):
    (site / "base.yml").write_text("ignore: [FL201]\nseverity: {FL301: info}\n")
    (site / ".folio-lint.yml").write_text("extends: [recommended, ./base.yml]\nignore: [FL202]\n")
    got, code = codes(site)
    assert {(c, s) for _, _, c, s in got} == {("FL301", "info")} and code == 0
    got, _ = codes(site, select=("FL202",))
    assert {c for _, _, c, _ in got} == {"FL202"}  # --select replaces the file's selection
    got, _ = codes(site, isolated=True)
    assert {c for _, _, c, _ in got} == {"FL201", "FL202", "FL301"}


def test_found_from_the_site_root_upward(tmp_path):
    site = tmp_path / "repo" / "site"
    write_site(site, SITE)
    (tmp_path / "repo" / ".folio-lint.yml").write_text("ignore: [FL3]\n")
    assert find_config(str(site)) == str(tmp_path / "repo" / ".folio-lint.yml")
    got, _ = codes(site)
    assert "FL301" not in {c for _, _, c, _ in got}


def test_pyproject_table(tmp_path):
    write_site(tmp_path, SITE)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.folio-lint]\nignore = ["FL2"]\n')
    assert find_config(str(tmp_path)).endswith("pyproject.toml")
    got, _ = codes(tmp_path)
    assert {c for _, _, c, _ in got} == {"FL301"}


def test_pyproject_problems_are_positioned_at_their_key(tmp_path):
    from folio_lint.config import _toml_positions

    write_site(tmp_path, SITE)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.folio-lint]\nselect = ["FL"]\n  ignroe = ["FL5"]\n\n'
        '[tool.folio-lint.per-file-ignores]\n"_pages/*.md" = ["FL50"]\n')
    with pytest.raises(ConfigError) as e:
        load(str(tmp_path / "pyproject.toml"))
    assert "pyproject.toml:6:3: unknown option `ignroe`" in str(e.value)
    assert "did you mean `ignore`?" in str(e.value)
    pos = _toml_positions('[tool]\n"folio-lint".select = ["FL1"]\n[tool."folio-lint".options]\nx.y = 1\n')
    assert pos[("select",)] == (2, 1) and pos[("options",)] == (3, 1) and pos[("options", "x", "y")] == (4, 1)


def test_pyproject_without_the_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(str(tmp_path)) is None or not find_config(str(tmp_path)).startswith(str(tmp_path))


def test_config_option_and_per_site_configs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_site(a, SITE)
    write_site(b, SITE)
    (a / ".folio-lint.yml").write_text("ignore: [FL3]\n")
    out = io.StringIO()
    run_check(CheckOptions(paths=(str(a), str(b)), fmt="json", no_cache=True, progress=False), out, io.StringIO())
    diags = json.loads(out.getvalue())["diagnostics"]
    by_site = {(d["path"].split("/")[-3], d["code"]) for d in diags}
    assert ("a", "FL301") not in by_site and ("b", "FL301") in by_site
    (tmp_path / "other.yml").write_text("select: [FL202]\n")
    out = io.StringIO()
    run_check(CheckOptions(paths=(str(a), str(b)), fmt="json", no_cache=True, progress=False,
                           config=str(tmp_path / "other.yml")), out, io.StringIO())
    assert {d["code"] for d in json.loads(out.getvalue())["diagnostics"]} == {"FL202"}


def test_options_reach_settings(tmp_path):
    (tmp_path / "schemas").mkdir()
    for name in ("talk.schema.json", "talks.json"):  # schema files named in the configuration must exist
        (tmp_path / "schemas" / name).write_text('{"type": "object"}')
    p = tmp_path / ".folio-lint.yml"
    p.write_text("""
al-folio-version: v0.14.0
external-links: {enabled: true, timeout: 5, concurrency: 4, cache-ttl: 60, ignore: ["https://example.com/*"], accept: [403]}
schemas:
  layouts: {talk: ./schemas/talk.schema.json}
  collections: {talks: {$ref: schemas/talks.json}}
extra-keys: {"*": [a], all: [b], projects: c}
options: {broken-link: {foo: 1}}
drafts: true
""")
    s = to_settings(load(str(p)))
    assert s.option("al-folio-version") == "v0.14.0"
    assert s.external and s.drafts
    assert s.option("external-links")["timeout"] == 5
    from folio_lint.external import options_from

    o = options_from(s)
    assert (o.timeout, o.total, o.max_age) == (5, 4, 60)
    assert s.option("schemas")["layouts"]["talk"] == str(tmp_path / "schemas" / "talk.schema.json")
    assert s.option("schemas")["collections"]["talks"] == str(tmp_path / "schemas" / "talks.json")
    assert s.option("extra-keys") == {"*": ("a", "b"), "projects": ("c",)}
    assert s.option("rule-options") == {"FL301": {"foo": 1}}
    assert s.config_path == str(p)


# ---------------------------------------------------------------------- bad configurations
@pytest.mark.parametrize("text,expect", [
    ("selct: [FL2]\n", ".folio-lint.yml:1:1: unknown option `selct` at the top level (did you mean `select`?)"),
    ("ignore: FL2\n", ".folio-lint.yml:1:9: `ignore`: must be an array"),
    ("select:\n  - FL2\n  - unknwn-key\n", ".folio-lint.yml:3:5: `unknwn-key` matches no folio-lint rule (did you mean `unknown-key`?)"),
    ("severity: {FL201: loud}\n", "`severity.FL201`: must be one of error, warning, info, off, not `loud`"),
    ("extends: strikt\n", "`extends: strikt` names no built-in preset (did you mean `strict`?)"),
    ("extends: ./missing.yml\n", "`extends: ./missing.yml`: no such file"),
    ("external-links: {timeout: -1, retires: 2}\n", "unknown option `retires` in `external-links` (did you mean `retries`?)"),
    ("external-links: {timeout: -1}\n", ".folio-lint.yml:1:27: `external-links.timeout`: must be at least 0"),
    ("select: [FL2\n", "YAML"),
    ("- FL2\n", "must be a mapping of options"),
    ("ignore: [FL2]\nignore: [FL3]\n", "`ignore` is given twice"),
])
def test_bad_configs_are_usage_errors_with_positions(tmp_path, text, expect):
    write_site(tmp_path, SITE)
    (tmp_path / ".folio-lint.yml").write_text(text)
    r = run_cli("check", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    if expect == "YAML":
        assert ".folio-lint.yml:" in r.stderr and "error: invalid configuration" in r.stderr
    else:
        assert expect in r.stderr, r.stderr


def test_extends_loop(tmp_path):
    (tmp_path / "a.yml").write_text("extends: ./b.yml\n")
    (tmp_path / "b.yml").write_text("extends: ./a.yml\n")
    with pytest.raises(ConfigError, match="loops"):
        load(str(tmp_path / "a.yml"))


def test_missing_config_option_file(tmp_path):
    write_site(tmp_path, SITE)
    r = run_cli("check", "--config", "nope.yml", cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr


def test_config_command_prints_the_effective_configuration(site):
    (site / ".folio-lint.yml").write_text("extends: recommended\nignore: [FL5]\nseverity: {FL201: error}\n")
    r = run_cli("config", cwd=site)
    assert r.returncode == 0, r.stderr
    assert 'config-files: ["preset:recommended", .folio-lint.yml]' in r.stdout
    assert "ignore: [FL5]" in r.stdout and "FL201: error" in r.stdout
    r = run_cli("config", "--format", "json", cwd=site)
    data = json.loads(r.stdout)
    assert "FL501" not in data["enabled-rules"] and "FL201" in data["enabled-rules"]
    assert data["changed-severities"] == {"FL201": "error"}


def test_config_schema_is_valid_json_schema():
    import jsonschema

    from folio_lint.resources import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema("folio-lint-config.schema.json"))


def test_example_site_config_is_valid():
    p = Path(__file__).resolve().parents[1] / "examples" / "site" / ".folio-lint.yml"
    if not p.exists():
        pytest.skip("examples/site/.folio-lint.yml not there")
    s = to_settings(load(str(p)))
    assert s.config_path == str(p)


def test_settings_for_caches_per_file(site):
    (site / ".folio-lint.yml").write_text("ignore: [FL5]\n")
    cache: dict = {}
    a = settings_for(str(site), CliOverrides(), cache=cache)
    b = settings_for(str(site), CliOverrides(), cache=cache)
    assert a is b and a.ignore == ("FL5",)
