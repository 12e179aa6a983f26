"""CI outputs: GitHub annotations, SARIF 2.1.0 (validated against the official schema), JUnit XML."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from folio_lint.commands import CheckOptions, choose_format, run_check
from folio_lint.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Severity
from folio_lint.reporters import Report, render
from folio_lint.source import source_from_text

HERE = Path(__file__).resolve().parent
SARIF_SCHEMA = HERE / "fixtures" / "integrations" / "sarif-schema-2.1.0.json"

# https://docs.github.com/actions/reference/workflow-commands-for-github-actions
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=(?P<file>[^,:]+),line=(?P<line>\d+),endLine=(?P<endLine>\d+),"
    r"col=(?P<col>\d+)(?:,endColumn=(?P<endColumn>\d+))?,title=(?P<title>[^:,]+)::(?P<msg>[^\r\n]*)$"
)

TEXT = "---\nlayout: page\ntitel: Café, 50% done\n---\nBody: 100%\n"


def _diag(code="FL202", sev=Severity.ERROR, line=3, col=1, end_col=6, msg="`titel` is not a key; did you mean `title`?",
          hint="rename it: `title`", fix=True, path="_pages/p.md") -> Diagnostic:
    s = 4 + len("layout: page\n")
    f = Fix("Rename `titel` to `title`", (Edit(s, s + 5, "title"),), Applicability.SAFE) if fix else None
    return Diagnostic(path, path, Position(line, col), Position(line, end_col), s, s + 5, code, "misspelled-key", sev,
                      msg, hint, f)


def _report(diags) -> Report:
    return Report(diags, 3, 0.01, {"_pages/p.md": source_from_text("_pages/p.md", TEXT)})


def _render(fmt, diags) -> str:
    buf = io.StringIO()
    render(fmt, _report(diags), buf)
    return buf.getvalue()


# ---------------------------------------------------------------------- github
def test_github_annotations_match_the_documented_syntax():
    diags = [
        _diag(),
        _diag("FL201", Severity.WARNING, msg="odd key, with: commas\nand a newline"),
        _diag("FL310", Severity.INFO, msg="100% info", fix=False),
    ]
    out = _render("github", diags).splitlines()
    anns = [l for l in out if l.startswith("::")]
    assert len(anns) == 3
    for a in anns:
        m = ANNOTATION.match(a)
        assert m, a
        assert m["file"] == "_pages/p.md" and m["line"] == "3" and m["col"] == "1" and m["endColumn"] == "6"
    assert anns[0].startswith("::error ") and anns[1].startswith("::warning ") and anns[2].startswith("::notice ")
    assert "title=FL202 misspelled-key::FL202 " in anns[0]
    assert "%0Ahint: rename it" in anns[0]  # the hint on a second line of the annotation
    assert "with: commas%0Aand a newline" in anns[1]  # newlines escaped in the message
    assert "100%25 info" in anns[2]
    assert out[-1].startswith("Found ")


def test_github_property_values_are_escaped():
    d = _diag(path="_pages/a,b:c.md")
    d = Diagnostic(d.path, d.path, d.start, d.end, d.start_offset, d.end_offset, d.code, d.rule, d.severity, d.message)
    line = _render("github", [d]).splitlines()[0]
    assert "file=_pages/a%2Cb%3Ac.md," in line


def test_github_paths_are_relative_to_the_workspace(tmp_path):
    from folio_lint.reporters.github import repo_path

    ws = tmp_path / "repo"
    site = ws / "site"
    site.mkdir(parents=True)
    env = {"GITHUB_WORKSPACE": str(ws)}
    assert repo_path("_pages/p.md", env, cwd=str(site)) == "site/_pages/p.md"
    assert repo_path("site/_pages/p.md", env, cwd=str(ws)) == "site/_pages/p.md"
    assert repo_path("_pages/p.md", {}, cwd=str(site)) == "_pages/p.md"
    assert repo_path("../x.md", env, cwd=str(ws)) == "../x.md"  # outside the checkout: as it was


def test_github_is_chosen_under_github_actions():
    assert choose_format(None, {"GITHUB_ACTIONS": "true"}) == "github"
    assert choose_format(None, {}) == "full"
    assert choose_format("json", {"GITHUB_ACTIONS": "true"}) == "json"


def test_github_format_automatic_through_the_cli(tmp_path):
    from conftest import run_cli, write_site

    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
                          "_pages/p.md": "---\nlayout: page\ntitel: P\n---\nx\n"})
    env = dict(os.environ, GITHUB_ACTIONS="true")
    r = run_cli("check", "--isolated", "--no-progress", cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert ANNOTATION.match(r.stdout.splitlines()[0]), r.stdout
    r = run_cli("check", "--isolated", "--format", "concise", cwd=tmp_path, env=env)
    assert r.stdout.startswith("_pages/p.md:3:1: FL202")


# ---------------------------------------------------------------------- sarif
@pytest.fixture(scope="module")
def sarif_validator():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(sarif_validator):
    diags = [_diag(), _diag("FL201", Severity.WARNING, fix=False), _diag("FL310", Severity.INFO, fix=False)]
    doc = json.loads(_render("sarif", diags))
    errors = sorted(sarif_validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "FL202" in ids and "FL701" in ids
    for r in rules:  # metadata from the docstrings, with help URIs
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert r["helpUri"].startswith("https://") and r["helpUri"].endswith("#" + r["id"].lower())
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    res = run["results"]
    assert [x["level"] for x in res] == ["error", "warning", "note"]
    assert all(rules[x["ruleIndex"]]["id"] == x["ruleId"] for x in res)
    region = res[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 1, 3, 6)
    fix = res[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["deletedRegion"] == {"charOffset": 17, "charLength": 5} and fix["insertedContent"]["text"] == "title"


def test_sarif_of_a_clean_run_is_valid(sarif_validator):
    doc = json.loads(_render("sarif", []))
    assert not list(sarif_validator.iter_errors(doc))
    assert doc["runs"][0]["results"] == []


def test_sarif_from_a_real_run_is_valid(sarif_validator, tmp_path):
    from conftest import write_site

    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
                          "_pages/p.md": "---\nlayout: page\ntitel: P\ntitle: Ü\n---\n[x](/nowhere/)\n"})
    out = tmp_path / "report.sarif"
    code = run_check(CheckOptions(paths=(str(tmp_path),), fmt="sarif", output_file=str(out), isolated=True,
                                  no_cache=True, progress=False), io.StringIO(), io.StringIO())
    assert code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert not list(sarif_validator.iter_errors(doc))
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"FL202", "FL301"}


# ---------------------------------------------------------------------- junit
def test_junit_parses_and_counts():
    diags = [_diag(), _diag("FL201", Severity.WARNING, msg="bad \x07 char", fix=False),
             _diag(path="_pages/q.md", fix=False)]
    root = ET.fromstring(_render("junit", diags).split("\n", 1)[1])
    # one test per file checked (3), a failure per file with an error (2)
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "2"
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["_pages/p.md", "_pages/q.md", "1 file without findings"]
    f = cases[0].find("failure")
    assert f.get("type") == "error" and f.get("message").startswith("1 error, 1 warning; line 3: FL202 ")
    assert f.text.splitlines()[0] == "3:1 FL202 [misspelled-key] error: `titel` is not a key; did you mean `title`?"
    assert "\\x07" in f.text


def test_junit_of_a_clean_run_has_one_passing_case():
    root = ET.fromstring(_render("junit", []).split("\n", 1)[1])
    assert root.get("failures") == "0" and root.get("tests") == "3"
    cases = root.findall(".//testcase")
    assert len(cases) == 1 and cases[0].find("failure") is None


# ---------------------------------------------------------------------- text extras
def test_statistics_and_output_file(tmp_path):
    from conftest import write_site

    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
                          "_pages/p.md": "---\nlayout: page\ntitel: P\n---\n[x](/a/) [y](/b/)\n"})
    out = tmp_path / "out.txt"
    code = run_check(CheckOptions(paths=(str(tmp_path),), fmt="full", output_file=str(out), statistics=True,
                                  isolated=True, no_cache=True, progress=False, color="auto"),
                     io.StringIO(), io.StringIO())
    text = out.read_text()
    assert code == 1
    assert "\x1b[" not in text  # colour only on a terminal
    assert re.search(r"^\s+2\s+FL301\s+error\s+broken-link$", text, re.M), text
    assert "= fix (fixable with `--fix`): Rename `titel` to `title`" in text
