"""QA session 4 (a new user and CI): colour, output files, pipes, paths, line ends, the server."""

from __future__ import annotations

import io
import os

from click.testing import CliRunner
from conftest import EXAMPLES, write_site

from folio_lint.cli import main_group
from folio_lint.commands import CheckOptions, run_check

ESC = "\x1b["


# ---------------------------------------------------------------------- colour
def test_rules_and_rule_keep_colour_when_asked_for_in_a_pipe():
    """`--color always` (or FORCE_COLOR) on `rules`/`rule`: click.echo used to strip the codes off a pipe."""
    r = CliRunner().invoke(main_group, ["rule", "FL301", "--color", "always"])
    assert r.exit_code == 0 and ESC in r.output
    r = CliRunner().invoke(main_group, ["rules", "--color", "always"])
    assert r.exit_code == 0 and ESC in r.output
    r = CliRunner(env={"FORCE_COLOR": "1"}).invoke(main_group, ["rule", "FL301"])
    assert ESC in r.output
    r = CliRunner(env={"FORCE_COLOR": "1"}).invoke(main_group, ["rule", "FL301", "--color", "never"])
    assert ESC not in r.output


def test_output_file_gets_no_colour_from_force_color(tmp_path, monkeypatch):
    """FORCE_COLOR is for terminals and CI logs; a report written with -o is a file to read or parse."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = tmp_path / "report.txt"
    code = run_check(CheckOptions(paths=(str(EXAMPLES / "clean-site"), str(EXAMPLES / "site")), output_file=str(out),
                                  no_cache=True, progress=False), io.StringIO(), io.StringIO())
    assert code == 1
    assert ESC not in out.read_text(encoding="utf-8")
    code = run_check(CheckOptions(paths=(str(EXAMPLES / "site"),), output_file=str(out), color="always",
                                  no_cache=True, progress=False), io.StringIO(), io.StringIO())
    assert ESC in out.read_text(encoding="utf-8")  # asked for explicitly

