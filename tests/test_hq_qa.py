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


# ---------------------------------------------------------------------- a report that cannot be written
def test_a_full_disk_is_an_error_not_a_bug_report(tmp_path):
    """`-o /dev/full` or stdout on a full disk: "cannot write", exit 2 -- not "internal error ... a bug"."""
    from conftest import run_cli

    if not os.path.exists("/dev/full"):
        import pytest

        pytest.skip("no /dev/full on this system")
    page = EXAMPLES / "site" / "_pages" / "about.md"
    r = run_cli("check", "--no-cache", "-o", "/dev/full", str(page))
    assert r.returncode == 2
    assert "internal error" not in r.stderr and "cannot write" in r.stderr and "/dev/full" in r.stderr
    with open("/dev/full", "w") as full:
        for args in (["check", "--no-cache", "--format", "json", str(page)], ["rules"], ["rule", "FL301"]):
            import subprocess
            import sys

            env = dict(os.environ, PYTHONPATH=str(EXAMPLES.parent))
            p = subprocess.run([sys.executable, "-m", "folio_lint", *args], stdout=full, stderr=subprocess.PIPE,
                               text=True, env=env, timeout=120)
            assert p.returncode == 2, (args, p.stderr)
            assert "internal error" not in p.stderr and "cannot write" in p.stderr, (args, p.stderr)


def test_a_closed_stdout_is_no_internal_error():
    import subprocess
    import sys

    page = EXAMPLES / "site" / "_pages" / "about.md"
    env = dict(os.environ, PYTHONPATH=str(EXAMPLES.parent))
    p = subprocess.run([sys.executable, "-m", "folio_lint", "check", "--no-cache", str(page)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env, timeout=120, close_fds=True,
                       preexec_fn=lambda: os.close(1))
    assert "internal error" not in p.stderr and p.returncode in (0, 1), p.stderr


# ---------------------------------------------------------------------- --fix and --diff
def _copy_example(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(EXAMPLES / "site", site, ignore=shutil.ignore_patterns(".folio-lint-cache"))
    return site


def test_fix_report_times_the_whole_run(tmp_path, monkeypatch):
    """The summary after --fix gave the time of the last re-lint only (`(0.00s)`)."""
    import time

    from folio_lint import runner

    real = runner._run

    def slow(*a, **k):
        time.sleep(0.2)
        return real(*a, **k)

    monkeypatch.setattr(runner, "_run", slow)
    site = _copy_example(tmp_path)
    monkeypatch.chdir(site)
    out, err = io.StringIO(), io.StringIO()
    run_check(CheckOptions(paths=("_pages/contact.md",), fix=True, no_cache=True, progress=False, color="never"), out, err)
    import re

    secs = float(re.search(r"\((\d+\.\d+)s\)", out.getvalue()).group(1))
    assert secs >= 0.4, out.getvalue()  # the first lint and the re-lint after the fix


def test_diff_goes_to_the_output_file(tmp_path, monkeypatch):
    site = _copy_example(tmp_path)
    monkeypatch.chdir(site)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "fixes.diff"
    code = run_check(CheckOptions(paths=("_pages/more-links.md",), diff=True, output_file=str(target), no_cache=True,
                                  progress=False), out, err)
    assert code == 1
    text = target.read_text(encoding="utf-8")
    assert text.startswith("--- a/_pages/more-links.md") and "+{% include figure.liquid" in text
    assert out.getvalue() == ""


# ---------------------------------------------------------------------- configuration files
def test_broken_pyproject_with_a_folio_lint_table_is_an_error(tmp_path, monkeypatch):
    """A pyproject.toml that is not valid TOML but holds [tool.folio-lint] was skipped silently: the
    user's select/ignore were dropped without a word. Another project's broken pyproject is still not ours."""
    from folio_lint.discover import FolioLintError

    site = write_site(tmp_path / "site", {"_config.yml": "title: x\ninclude: [_pages]\n",
                                          "_pages/a.md": "---\nlayout: page\ntitle: A\npermalnk: /a/\n---\n"})
    (site / "pyproject.toml").write_text("[tool.folio-lint]\nignore = [\"FL202\"\n", encoding="utf-8")
    monkeypatch.chdir(site)
    opts = CheckOptions(paths=("_pages/a.md",), no_cache=True, progress=False)
    import pytest

    from folio_lint.commands import Configurer  # noqa: F401  (the CLI path)

    with pytest.raises(FolioLintError, match="pyproject.toml.*TOML"):
        run_check(opts, io.StringIO(), io.StringIO())
    (site / "pyproject.toml").write_text("[project\nname = 'x'\n", encoding="utf-8")
    assert run_check(opts, io.StringIO(), io.StringIO()) == 1  # not folio-lint's: ignored, FL202 reported


def test_an_unreadable_config_does_not_claim_pages_are_not_included(tmp_path):
    """FL015 said "`_pages` is not in `include:`" when `_config.yml` could not be parsed (it is in it) or
    was a list (Jekyll stops on both)."""
    from conftest import lint

    cfg = "title: x\ntheme: al_folio_core\ninclude: [_pages]\n"
    page = "---\nlayout: page\ntitle: A\n---\nhi\n"
    for broken in ("bad: [unclosed\n", None, "a0: &a0 [" + ", ".join(["x"] * 60) + "]\n"
                   + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 60) + "]\n" for i in range(1, 4))):
        text = "- title: x\n- theme: al_folio_core\n" if broken is None else cfg + broken  # (a list: FL600)
        site = write_site(tmp_path / str(len(text)), {"_config.yml": text, "_pages/a.md": page})
        got = {d["code"] for d in lint([site])}
        assert "FL015" not in got and got & {"FL002", "FL009", "FL600"}, got
    site = write_site(tmp_path / "ok", {"_config.yml": "title: x\ntheme: al_folio_core\n", "_pages/a.md": page})
    assert "FL015" in {d["code"] for d in lint([site])}


def test_a_yaml_error_in_config_does_not_hide_the_rest_of_the_site(tmp_path):
    """One broken line in `_config.yml` (FL002) made the whole file unread: `include: [_pages]` and
    `collections:` were lost, so every page in `_pages/` went unchecked. Each top-level key is now
    read on its own; the broken one stays unread and FL002 is still reported."""
    import shutil

    from conftest import lint

    site = tmp_path / "site"
    shutil.copytree(EXAMPLES / "site", site, ignore=shutil.ignore_patterns(".folio-lint-cache"))
    want = {(d["path"], d["line"], d["column"], d["code"]) for d in lint([site]) if not d["code"].startswith("FL6")}
    cfg = site / "_config.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text + "broken: [unclosed\n", encoding="utf-8")
    got = {(d["path"], d["line"], d["column"], d["code"]) for d in lint([site])}
    n = text.count("\n") + 1
    config_errors = {x for x in got if x[3] == "FL002" and x[0].endswith("_config.yml")}
    assert [(x[1], x[2]) for x in config_errors] == [(n, 9)]
    assert {x for x in got - config_errors if not x[3].startswith("FL6")} == want


def test_a_folder_holding_sites_lints_each_in_its_own_context(tmp_path, monkeypatch):
    """`folio-lint check` in a repository whose site is in a subfolder (no `_config.yml` at the top):
    every page was linted as if in a stock al-folio site, not in its own (its `_config.yml`, its
    collections, its links): 13 errors instead of the example site's 28."""
    import shutil

    from conftest import lint

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "site", repo / "site", ignore=shutil.ignore_patterns(".folio-lint-cache"))
    shutil.copytree(EXAMPLES / "clean-site", repo / "docs" / "other", ignore=shutil.ignore_patterns(".folio-lint-cache"))
    (repo / "node_modules" / "x").mkdir(parents=True)
    (repo / "node_modules" / "x" / "_config.yml").write_text("title: not a site of ours\n", encoding="utf-8")

    def key(diags):
        return sorted((d["path"], d["line"], d["column"], d["code"], d["message"]) for d in diags)

    want = key(lint([repo / "site", repo / "docs" / "other"], cwd=repo))
    assert key(lint([repo], cwd=repo)) == want
    assert key(lint(["."], cwd=repo)) == want
    assert sum(1 for d in want if d[3] in ("FL202", "FL301")) >= 5  # the example site's own findings


def test_suppressions_in_a_yaml_file_that_does_not_parse_are_not_unused(tmp_path):
    """`_config.yml` (or a `_data/*.yml`) with a YAML error: the config rules do not run on it, so every
    `# folio-lint: disable=FL601` there was reported as unused (FL704) and `--fix` deleted it."""
    from conftest import lint

    cfg = "title: x\ntheme: al_folio_core\ninclude: [_pages]\nmy_flag: true  # folio-lint: disable=FL601\n"
    site = write_site(tmp_path / "s", {"_config.yml": cfg, "_pages/a.md": "---\nlayout: page\ntitle: A\n---\n",
                                        "_data/d.yml": "x: 1  # folio-lint: disable=FL505\n"})
    codes = {(d["path"].rsplit("/", 2)[-1], d["code"]) for d in lint([site])}
    assert ("_config.yml", "FL704") not in codes  # (it silences FL601)
    assert ("d.yml", "FL704") in codes  # in a file that parses, an unneeded one is still reported
    (site / "_config.yml").write_text(cfg + "broken: [x\n", encoding="utf-8")
    (site / "_data" / "d.yml").write_text("x: 1  # folio-lint: disable=FL505\nbad: [\n", encoding="utf-8")
    codes = {(d["path"].rsplit("/", 2)[-1], d["code"]) for d in lint([site])}
    assert ("_config.yml", "FL002") in codes
    assert not {c for c in codes if c[1] == "FL704"}, codes
