"""Paths on the command line: an unreadable page is a finding (FL001, exit 1), not a usage error; an output file that cannot be written is a usage error, not a bug."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from conftest import run_cli, write_site

from folio_lint.cli import main_group

PAGE = "---\nlayout: page\ntitle: A\n---\nhello\n"


def test_path_not_rejected_before_linting(tmp_path, monkeypatch):
    # click's default Path(readable=True) turned an unreadable page into "Error: ... is not readable"
    # (exit 2); the linter itself must decide. os.access is what click asks.
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n", "_pages/a.md": PAGE})
    target = str(root / "_pages" / "a.md")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if str(p) == target else real_access(p, mode, *a, **k))
    r = CliRunner().invoke(main_group, ["check", "--no-cache", "--format", "json", target])
    assert "not readable" not in (r.output or "")
    assert r.exit_code in (0, 1), r.output
    assert json.loads(r.output)["summary"]["files_checked"] == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files with mode 000")
def test_unreadable_named_file_is_fl001(tmp_path):
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n", "_pages/a.md": PAGE})
    p = root / "_pages" / "a.md"
    p.chmod(0)
    try:
        r = run_cli("check", "--no-cache", "--format", "concise", "_pages/a.md", cwd=root)
    finally:
        p.chmod(0o644)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "FL001" in r.stdout


def test_output_file_in_missing_folder_is_a_usage_error_not_a_bug(tmp_path):
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n", "_pages/a.md": PAGE})
    r = run_cli("check", "--no-cache", "-o", str(tmp_path / "no" / "such" / "out.json"), cwd=root)
    assert r.returncode == 2
    assert "--output-file" in r.stderr and "internal error" not in r.stderr and "bug" not in r.stderr
