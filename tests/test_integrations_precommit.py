"""The real pre-commit hooks: `.pre-commit-hooks.yaml` installed by real `pre-commit` into a real git repo.

`pre-commit try-repo` runs each hook from this checkout's HEAD commit (pre-commit builds its own
virtualenv and installs folio-lint into it from PyPI dependencies); then `pre-commit install` and
`git commit` show that a bad page stops the commit with the finding printed and a clean page
passes. Skipped, with the reason, when git or pre-commit is missing or PyPI cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / ".pre-commit-hooks.yaml"

CONFIG = "title: Hooked site\nurl: https://hooked.example\nbaseurl:\ninclude: [\"_pages\"]\n"
GOOD = "---\nlayout: page\ntitle: Good\npermalink: /good/\n---\nA fine page.\n"
BAD = "---\nlayout: page\ntitel: Bad\npermalink: /bad/\n---\nA page with a typo key.\n"
BAD2 = "---\nlayout: page\ntitle: Other\ntitle: Twice\npermalink: /other/\n---\nDuplicate key.\n"


def _precommit() -> list[str] | None:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if exe:
        return [exe]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


def test_hooks_file_is_well_formed():
    hooks = yaml.safe_load(HOOKS.read_text())
    ids = {h["id"]: h for h in hooks}
    assert set(ids) == {"folio-lint", "folio-lint-fix"}
    for h in hooks:
        assert h["require_serial"] is True  # one process indexes the whole site once
        assert h["language"] == "python"
        assert h["entry"].startswith("folio-lint check")
        import re

        rx = re.compile(h["files"])
        for name in ("_pages/about.md", "index.markdown", "_layouts/x.html", "_includes/a.liquid", "_config.yml",
                     "_data/cv.yaml", "_bibliography/papers.bib"):
            assert rx.search(name), name
        assert not rx.search("assets/img/prof_pic.jpg")
    assert "--fix" in ids["folio-lint-fix"]["entry"]
    assert "--fix" not in ids["folio-lint"]["entry"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pc = _precommit()
    if pc is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    r = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    home = tmp_path_factory.mktemp("pre-commit-home")
    e = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "FOLIO_LINT_JOBS"):
        e.pop(k, None)
    e.update(PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
             GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", PRE_COMMIT_COLOR="never",
             GIT_CONFIG_NOSYSTEM="1", HOME=str(home))
    return pc, e, r.stdout.strip()


def _site_repo(root: Path, e: dict) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=e)
    (root / "_config.yml").write_text(CONFIG)
    (root / "_pages").mkdir()
    (root / "_pages" / "good.md").write_text(GOOD)
    subprocess.run(["git", "add", "."], cwd=root, check=True, env=e)
    subprocess.run(["git", "commit", "-q", "-m", "site", "--no-verify"], cwd=root, check=True, env=e)
    return root


def _try(pc, e, site: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    r = subprocess.run(pc + ["try-repo", str(REPO), hook, "--ref", "HEAD", "--verbose", "--files", *files],
                       cwd=site, capture_output=True, text=True, env=e, timeout=900)
    out = r.stdout + r.stderr
    if r.returncode != 0 and any(s in out for s in ("Could not find a version", "Temporary failure in name resolution",
                                                    "Failed to establish a new connection", "No matching distribution")):
        pytest.skip("pre-commit could not install folio-lint's dependencies from PyPI (no network)")
    return r


def test_try_repo_check_hook(env, tmp_path):
    """`pre-commit try-repo` against this checkout: the staged bad page fails, a clean one passes."""
    pc, e, _ = env
    site = _site_repo(tmp_path / "site", e)
    (site / "_pages" / "bad.md").write_text(BAD)
    (site / "_pages" / "other.md").write_text(BAD2)
    subprocess.run(["git", "add", "."], cwd=site, check=True, env=e)
    r = _try(pc, e, site, "folio-lint", "_pages/bad.md")
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "_pages/bad.md:3:1: FL202" in out and "did you mean `title`" in out
    assert "other.md" not in out  # only the files pre-commit passes are reported


@pytest.fixture(scope="module")
def installed(env, tmp_path_factory):
    """A site repository with both hooks installed from this checkout's HEAD (one environment, reused)."""
    pc, e, head = env
    site = _site_repo(tmp_path_factory.mktemp("hooked") / "site", e)
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO.as_posix()}\n    rev: {head}\n    hooks:\n      - id: folio-lint\n"
        "      - id: folio-lint-fix\n        stages: [manual]\n")
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=site, check=True, env=e)
    subprocess.run(["git", "commit", "-q", "-m", "hooks", "--no-verify"], cwd=site, check=True, env=e)
    r = subprocess.run(pc + ["install", "--install-hooks"], cwd=site, capture_output=True, text=True, env=e,
                       timeout=900)
    out = r.stdout + r.stderr
    if r.returncode != 0 and any(s in out for s in ("No matching distribution", "Temporary failure in name resolution",
                                                    "Failed to establish a new connection")):
        pytest.skip("pre-commit could not install folio-lint's dependencies from PyPI (no network)")
    assert r.returncode == 0, out
    return pc, e, site


def test_installed_hook_blocks_a_bad_commit(installed):
    pc, e, site = installed
    (site / "_pages" / "bad.md").write_text(BAD)
    (site / "_pages" / "other.md").write_text(BAD2)  # not staged: not reported
    subprocess.run(["git", "add", "_pages/bad.md"], cwd=site, check=True, env=e)
    r = subprocess.run(["git", "commit", "-m", "bad page"], cwd=site, capture_output=True, text=True, env=e, timeout=900)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "_pages/bad.md:3:1: FL202" in out and "other.md" not in out
    log = subprocess.run(["git", "log", "--oneline"], cwd=site, capture_output=True, text=True, env=e).stdout
    assert "bad page" not in log

    (site / "_pages" / "bad.md").write_text(BAD.replace("titel:", "title:"))
    subprocess.run(["git", "add", "_pages/bad.md"], cwd=site, check=True, env=e)
    r = subprocess.run(["git", "commit", "-m", "fixed page"], cwd=site, capture_output=True, text=True, env=e, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    (site / "_pages" / "other.md").unlink()


def test_installed_fix_hook(installed):
    pc, e, site = installed
    typo = BAD.replace("/bad/", "/typo/")
    (site / "_pages" / "typo.md").write_text(typo)
    subprocess.run(["git", "add", "_pages/typo.md"], cwd=site, check=True, env=e)
    cmd = pc + ["run", "folio-lint-fix", "--hook-stage", "manual", "--files", "_pages/typo.md"]
    r = subprocess.run(cmd, cwd=site, capture_output=True, text=True, env=e, timeout=900)
    assert r.returncode == 1, r.stdout + r.stderr  # a file was modified: pre-commit fails the hook
    assert "files were modified by this hook" in r.stdout + r.stderr
    assert (site / "_pages" / "typo.md").read_text() == typo.replace("titel:", "title:")
    r = subprocess.run(cmd, cwd=site, capture_output=True, text=True, env=e, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
