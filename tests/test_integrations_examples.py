"""The examples users copy: the GitHub workflow's commands run, and the progress line stays out of CI/pipes."""

from __future__ import annotations

import io
import shlex
import time
from pathlib import Path

import yaml

from conftest import run_cli, write_site
from folio_lint.progress import Progress, wanted

ROOT = Path(__file__).resolve().parents[1]


def test_workflow_commands_are_real(tmp_path):
    wf = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    write_site(tmp_path, {"_config.yml": "title: t\ninclude: [\"_pages\"]\n",
                          "_pages/p.md": "---\nlayout: page\ntitle: P\n---\nok\n"})
    cmds = [s["run"] for job in wf["jobs"].values() for s in job["steps"] if "run" in s and "folio-lint check" in s["run"]]
    assert len(cmds) == 2
    for c in cmds:
        args = shlex.split(c)[1:]
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 0, (c, r.stdout, r.stderr)
    assert (tmp_path / "folio-lint.sarif").is_file()


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_outside_ci():
    assert not wanted(io.StringIO(), {})
    assert wanted(_Tty(), {})
    for var in ("CI", "GITHUB_ACTIONS", "PRE_COMMIT", "FOLIO_LINT_NO_PROGRESS"):
        assert not wanted(_Tty(), {var: "1"})
    assert not wanted(_Tty(), {"TERM": "dumb"})


def test_progress_line_appears_for_long_runs_and_is_erased():
    s = _Tty()
    with Progress(s, enabled=True, delay=0.01, interval=0.01) as p:
        p.stage("checking 10 files")
        time.sleep(0.1)
        p.update(5, 10)
        time.sleep(0.1)
    out = s.getvalue()
    assert "checking 10 files" in out and "5/10" in out
    assert out.endswith("\r\x1b[2K")


def test_fast_runs_print_nothing():
    s = _Tty()
    with Progress(s, enabled=True, delay=5):
        pass
    assert s.getvalue() == ""


def test_cli_in_a_pipe_has_no_progress(tmp_path):
    write_site(tmp_path, {"_config.yml": "title: t\n", "index.md": "---\ntitle: x\n---\nok\n"})
    r = run_cli("check", cwd=tmp_path)
    assert "\r" not in r.stderr and "folio-lint:" not in r.stderr
