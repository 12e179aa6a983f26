"""`folio-lint check` run as a program ends with ``os._exit`` (no interpreter teardown): nothing
it writes may be lost (report on stdout or in --output-file, the cache, the exit code), and a
call of ``cli.main`` with arguments (tests, other programs) returns through ``SystemExit``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from folio_lint import cli

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "examples" / "site"
CLEAN = REPO / "examples" / "clean-site"


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "folio_lint", "check", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_report_cache_and_code_survive_the_fast_exit(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns(".folio-lint-cache"))
    r = _run("--format", "json", cwd=site)
    assert r.returncode == 1
    doc = json.loads(r.stdout)  # the whole report arrived, its last buffer too
    assert len(r.stdout) > 8192 and doc["diagnostics"]  # more than one buffer of output
    assert (site / ".folio-lint-cache").is_dir() and any((site / ".folio-lint-cache").rglob("*"))
    out = tmp_path / "out.json"
    r2 = _run("--format", "json", "-o", str(out), cwd=site)  # from the cache, into a file
    assert r2.returncode == 1 and r2.stdout == ""
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["diagnostics"] == doc["diagnostics"]
    r3 = _run("--no-cache", cwd=CLEAN)
    assert r3.returncode == 0 and "All clear" in r3.stdout
    r4 = _run("--no-cache", str(tmp_path / "absent"), cwd=tmp_path)
    assert r4.returncode == 2 and "no such file" in r4.stderr


def test_main_with_arguments_does_not_end_the_process(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["check", "--no-cache", str(CLEAN)])
    assert e.value.code == 0
    assert "All clear" in capsys.readouterr().out
    assert cli._FAST_EXIT is False
