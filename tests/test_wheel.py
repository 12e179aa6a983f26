"""Build the wheel, install it into a fresh venv, and lint the example site from there.

Proves that the schemas and data files ship inside the wheel and load through importlib.resources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "folio-lint"
    # build from a clean copy of the tracked tree, so stray local files cannot leak in
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "dist",
                                                            "__pycache__", ".pytest_cache", ".folio-lint-cache"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(src)],
                       capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        pytest.fail(f"wheel build failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    (whl,) = out.glob("folio_lint-*.whl")
    return whl


def test_wheel_contains_schemas_and_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    schemas = [n for n in names if n.startswith("folio_lint/schemas/") and n.endswith(".json")]
    assert "folio_lint/schemas/folio-lint-output.schema.json" in names
    repo_schemas = sorted(p.name for p in (REPO / "schemas").glob("*.json"))
    assert sorted(Path(n).name for n in schemas) == repo_schemas
    repo_data = sorted(str(p.relative_to(REPO)).replace(os.sep, "/") for p in (REPO / "folio_lint" / "data").rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts)
    assert all(d in names for d in repo_data), set(repo_data) - set(names)
    pkgs = {str(p.parent.relative_to(REPO)).replace(os.sep, ".") for p in (REPO / "folio_lint").rglob("*.py")}
    assert all(any(n.startswith(pk.replace(".", "/") + "/") for n in names) for pk in pkgs), "a subpackage is missing from pyproject"


def test_installed_wheel_lints_example_site(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    r = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], capture_output=True,
                       text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    exe = bindir / "folio-lint"
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("folio-lint ")
    r = subprocess.run([str(exe), "check", "--format", "json", str(EXAMPLES / "site")], capture_output=True,
                       text=True, env=env, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert {d["code"] for d in data["diagnostics"]} >= {"FL002", "FL003"}
    # the schemas load from the installed package, not from a source tree
    code = ("import folio_lint.resources as r, json, sys; "
            "f = r.schema_file('folio-lint-output.schema.json'); "
            "print(str(f)); json.loads(f.read_text()); print(len(r.schema_names()))")
    r = subprocess.run([str(bindir / "python"), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    where, count = r.stdout.split()
    assert "site-packages" in where and int(count) >= 1
    r = subprocess.run([str(bindir / "python"), "-m", "folio_lint", "check", str(EXAMPLES / "clean-site")],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
