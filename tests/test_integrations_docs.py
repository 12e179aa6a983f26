"""Rule documentation comes from the docstrings: `folio-lint rule(s)`, docs/rules.md, SARIF help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_current():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_rule_docs.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr + "\n(regenerate with: python scripts/generate_rule_docs.py)"


def test_every_rule_documents_what_and_why():
    from folio_lint.ruledocs import all_docs

    for d in all_docs():
        assert d.summary, d.code
        assert d.section("What it checks"), f"{d.code} has no `## What it checks` section"
        assert d.section("Why it matters"), f"{d.code} has no `## Why it matters` section"


def test_rule_command_renders_sections_and_fix_safety():
    r = run_cli("rule", "FL202", "--color", "never")
    assert r.returncode == 0
    out = r.stdout
    assert out.startswith("FL202 misspelled-key\n")
    for heading in ("What it checks", "Why it matters"):
        assert f"\n{heading}\n" in out  # rendered as plain headings, not Markdown
    assert "## " not in out and "```" not in out
    assert "Fix: " in out and "--fix" in out
    assert "Docs: https://" in out and "#fl202" in out


def test_rule_by_name_and_json():
    r = run_cli("rule", "unused-suppression", "--format", "json")
    d = json.loads(r.stdout)
    assert d["code"] == "FL701" and d["fixable"] == "always" and "safe" in d["fix_safety"].lower()
    assert set(d["sections"]) >= {"What it checks", "Why it matters", "Example", "Fix"}


def test_unknown_rule_suggests():
    r = run_cli("rule", "FL2O2")
    assert r.returncode == 2 and "did you mean `FL202`" in r.stderr


def test_rules_list_text_and_json():
    r = run_cli("rules", "--color", "never")
    assert r.returncode == 0 and "folio-lint directives" in r.stdout
    assert "FL701 * warning" in r.stdout
    r = run_cli("rules", "--format", "json")
    rules = json.loads(r.stdout)
    codes = [x["code"] for x in rules]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert all(x["url"].endswith("#" + x["code"].lower()) for x in rules)
    assert all("fix_safety" in x and "sections" in x for x in rules)


def test_fix_safety_words():
    from folio_lint.registry import RULES, load_rules
    from folio_lint.ruledocs import parse_doc

    load_rules()
    assert parse_doc(RULES["FL001"]).fix_safety == "Not fixable automatically."
    assert "--unsafe-fixes" in parse_doc(RULES["FL703"]).fix_safety
    assert "`--fix`" in parse_doc(RULES["FL702"]).fix_safety
