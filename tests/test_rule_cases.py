"""Data-driven rule cases: every file under tests/cases/ is a list of mini sites with expected findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import lint, short, write_site

CASES = Path(__file__).parent / "cases"


def _load():
    for f in sorted(CASES.rglob("*.yml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")) or []):
            yield pytest.param(case, id=f"{f.relative_to(CASES).with_suffix('')}[{case.get('name', i)}]")


@pytest.mark.parametrize("case", list(_load()))
def test_case(case, tmp_path):
    from folio_lint.settings import Settings

    files = dict(case["files"])
    if case.get("config", True) and "_config.yml" not in files:
        files["_config.yml"] = "title: test\ninclude: [_pages]\ncollections:\n  news:\n    output: true\n  projects:\n    output: true\n"
    root = write_site(tmp_path / "site", files)
    select = tuple(case.get("select", ()))
    diags = lint(case.get("paths", ["."]), cwd=root, settings=Settings(select=select))
    got = sorted(short(diags, with_col=True))
    want = sorted(case.get("expect") or [])
    assert got == want, "\n".join(f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['message']}" for d in diags)
