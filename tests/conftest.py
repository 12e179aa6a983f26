"""Shared test helpers: build a site from a dict of files, lint it, locate shared data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode("utf-8"))
    return root


def lint(paths, *, cwd=None, settings=None):
    """Lint in-process; returns the list of diagnostics (as in the JSON output)."""
    from folio_lint.reporters import Report
    from folio_lint.reporters.json import to_dict
    from folio_lint.runner import run
    from folio_lint.settings import Settings

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        report, _ = run([str(p) for p in paths], settings or Settings())
        return to_dict(report)["diagnostics"]
    finally:
        os.chdir(old)


def run_cli(*args, cwd=None, env=None, input=None):
    """Run ``python -m folio_lint`` in a subprocess (the real entry point)."""
    e = dict(os.environ)
    e.pop("GITHUB_ACTIONS", None)
    e["PYTHONPATH"] = str(REPO) + os.pathsep + e.get("PYTHONPATH", "")
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-m", "folio_lint", *args], cwd=cwd, env=e, capture_output=True,
                          text=True, input=input, timeout=600)


def short(diags, with_col=False):
    """Diagnostics as 'path:line CODE' strings (or 'path:line:col CODE')."""
    out = []
    for d in diags:
        loc = f"{d['path']}:{d['line']}" + (f":{d['column']}" if with_col else "")
        out.append(f"{loc} {d['code']}")
    return out


@pytest.fixture
def site(tmp_path):
    """``site({"_config.yml": ..., "_pages/a.md": ...})`` → the site folder."""

    def make(files: dict[str, str | bytes], with_config: bool = True) -> Path:
        if with_config and "_config.yml" not in files:
            files = {"_config.yml": "title: test\ninclude: [_pages]\ncollections:\n  news:\n    output: true\n  projects:\n    output: true\n", **files}
        return write_site(tmp_path / "site", files)

    return make


def shared_or_skip(*parts) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared data not available: {p.relative_to(SHARED.parent)}")
    return p


def load_json(s: str):
    return json.loads(s)
