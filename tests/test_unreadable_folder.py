"""A folder of the site that cannot be listed is a finding (FL014, exit 1), never skipped in silence.

Root reads every folder, so as root the check runs under ``setpriv`` with the permission-override
capabilities dropped (as a normal user it runs directly); without either it is skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import unprivileged_prefix, write_site

REPO = Path(__file__).resolve().parents[1]
PAGE = "---\nlayout: page\ntitle: {t}\npermalink: /{t}/\n---\n{body}\n"


PREFIX = unprivileged_prefix()
pytestmark = pytest.mark.skipif(PREFIX is None, reason="needs a non-root user or setpriv to make a folder unreadable")


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(PREFIX + [sys.executable, "-m", "folio_lint", "check", "--no-cache", "--format", "concise", *args],
                          cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture
def site(tmp_path):
    root = write_site(tmp_path, {
        "_config.yml": "title: t\ninclude: [_pages]\nexclude: [closed-but-excluded]\n",
        "_pages/a.md": PAGE.format(t="a", body="[r](/r/)"),
        "priv/r.md": PAGE.format(t="r", body="hi"),
        "closed-but-excluded/x.md": PAGE.format(t="x", body="hi"),
    })
    for d in ("priv", "closed-but-excluded"):
        (root / d).chmod(0)
    yield root
    for d in ("priv", "closed-but-excluded"):
        (root / d).chmod(0o755)


def test_whole_site(site):
    r = _check(site, ".")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "priv:1:1: FL014 [unreadable-folder] error: the folder `priv/` cannot be read" in r.stdout
    assert "closed-but-excluded" not in r.stdout  # excluded: Jekyll never opens it either


def test_the_folder_or_a_file_in_it_named(site):
    for arg in ("priv", "priv/r.md"):
        r = _check(site, arg)
        assert r.returncode == 1, (arg, r.stdout + r.stderr)
        assert "FL014" in r.stdout and "no such file" not in r.stderr, arg


def test_a_file_elsewhere_is_not_blamed(site):
    r = _check(site, "_pages/a.md")
    assert "FL014" not in r.stdout
