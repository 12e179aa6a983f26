"""The rule index (``folio_lint/data/rules_index.json``): a run knows every rule before it imports
any rule module, and imports only the modules whose rules it runs.

``scripts/generate_rule_docs.py --check`` (tests/test_integrations_docs.py) keeps the index equal
to what the rule modules register; these tests check that a run with only some modules imported
says exactly what a run with all of them imported says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "examples" / "site"

_RUN = r"""
import contextlib, io, json, sys
preload = sys.argv[1] == "all"
from folio_lint import registry
if preload:
    registry.load_rules()
from folio_lint import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        cli.main(["check", "--no-cache", "--jobs", "1", "--format", "json"] + sys.argv[2:])
        code = 0
    except SystemExit as e:
        code = e.code
mods = sorted(m.rsplit(".", 1)[-1] for m in sys.modules if m.startswith("folio_lint.rules."))
print(json.dumps({"code": code, "out": json.loads(out.getvalue()), "modules": mods}))
"""


def _run(preload: str, *args: str, cwd: Path = SITE) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    r = subprocess.run([sys.executable, "-c", _RUN, preload, *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def _strip(report: dict) -> dict:
    report = dict(report, summary=dict(report["summary"]))
    report["summary"].pop("elapsed_seconds", None)
    return report


@pytest.mark.parametrize("select", [
    ["--select", "FL0,FL1,FL2"],
    ["--select", "FL3"],
    ["--select", "FL7"],  # suppression comments naming rules whose modules are not imported
    ["--select", "FL5,broken-link"],
    ["--select", "FL1", "--ignore", "FL101"],
    [],
])
def test_a_run_says_the_same_with_only_the_modules_it_needs(select):
    lazy = _run("lazy", *select, ".")
    full = _run("all", *select, ".")
    assert lazy["code"] == full["code"]
    assert _strip(lazy["out"]) == _strip(full["out"])
    from folio_lint.rules import MODULES

    assert len(full["modules"]) == len(MODULES)


def test_front_matter_rules_do_not_import_the_links_or_boilerplate_rules():
    got = _run("lazy", "--select", "FL0,FL1,FL2", ".")
    assert not {"links", "html_blocks", "boilerplate"} & set(got["modules"]), got["modules"]
    assert got["out"]["diagnostics"], "the example site has front-matter findings"


def test_unknown_selector_is_still_a_usage_error_and_names_are_known_before_import():
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    r = subprocess.run([sys.executable, "-m", "folio_lint", "check", "--select", "broken-lnk", "."], cwd=SITE, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "broken-link" in r.stderr


def test_the_index_lists_every_registered_rule_with_its_module():
    from folio_lint import registry

    registry.load_rules()
    index = json.loads((REPO / "folio_lint" / "data" / "rules_index.json").read_text(encoding="utf-8"))["rules"]
    codes = [e["code"] for e in index]
    assert codes == [e["code"] for e in registry.index_entries()]
    assert not [r for r in registry.RULES.values() if r.placeholder]
    for e in index:
        r = registry.RULES[e["code"]]
        assert (r.name, str(r.severity), r.scope, r.module) == (e["name"], e["severity"], e["scope"], e["module"])
        assert r.module in __import__("folio_lint.rules", fromlist=["MODULES"]).MODULES
