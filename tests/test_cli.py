"""The command line as a user runs it: entry points, formats, exit codes, errors without tracebacks."""

from __future__ import annotations

import json

from conftest import EXAMPLES, REPO, run_cli, write_site


def test_version():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("folio-lint ")


def test_help_lists_commands():
    r = run_cli("--help")
    assert r.returncode == 0 and "check" in r.stdout and "rules" in r.stdout


def test_example_site_text_report_has_code_frames():
    r = run_cli("check", "examples/site", cwd=REPO, env={"NO_COLOR": "1"})
    assert r.returncode == 1, r.stderr
    out = r.stdout
    assert "examples/site/_pages/syntax-error.md:3:15: FL002 [yaml-syntax-error] error:" in out
    assert "3 | title: 'Moore's law, revisited'" in out
    assert "^^^" in out and "= hint:" in out
    assert "\x1b[" not in out  # no colour in a pipe
    assert out.rstrip().splitlines()[-1].startswith("Found ")


def test_clean_site_exits_zero():
    r = run_cli("check", str(EXAMPLES / "clean-site"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All clear" in r.stdout


def test_json_format_and_relative_paths(tmp_path):
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n", "_pages/a.md": "---\ntitle: a: b\n---\n"})
    r = run_cli("check", "--format", "json", cwd=root)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["version"] == 1
    (d,) = data["diagnostics"]
    assert (d["path"], d["line"], d["column"], d["code"], d["severity"]) == ("_pages/a.md", 2, 9, "FL002", "error")
    assert data["summary"]["errors"] == 1


def test_file_argument_is_linted_in_its_site_and_only_it_reported(tmp_path):
    root = write_site(tmp_path, {
        "_config.yml": "include: [_pages]\n",
        "_pages/a.md": "---\ntitle: a: b\n---\n",
        "_pages/b.md": "---\ntitle: a: b\n---\n",
    })
    r = run_cli("check", "--format", "concise", "_pages/b.md", cwd=root)
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "_pages/b.md:2:9: FL002 [yaml-syntax-error] error: YAML error in the front matter: a `: ` inside the value "
        "of `title` makes YAML read a second key on this line"]
    r = run_cli("check", "--format", "concise", str(root / "_pages" / "a.md"), cwd=tmp_path.parent)
    assert r.stdout.count("FL002") == 1 and "a.md" in r.stdout


def test_warnings_exit_zero_unless_strict(tmp_path):
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n", "_pages/a.md": "---\nroom: 0755\n---\n"})
    assert run_cli("check", cwd=root).returncode == 0
    assert run_cli("check", "--strict", cwd=root).returncode == 1
    bad = write_site(tmp_path / "b", {"_config.yml": "include: [_pages]\n", "_pages/a.md": "---\nx: a: b\n---\n"})
    assert run_cli("check", "--exit-zero", cwd=bad).returncode == 0


def test_usage_errors_exit_two_without_traceback(tmp_path):
    r = run_cli("check", "no/such/path", cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("check", "--select", "FL0xyz-nothing", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run_cli("check", "--format", "yaml", cwd=tmp_path)
    assert r.returncode == 2


def test_select_and_ignore(tmp_path):
    root = write_site(tmp_path, {"_config.yml": "include: [_pages]\n",
                                 "_pages/a.md": "---\nroom: 0755\nx: 1\nx: 2\n---\n"})
    r = run_cli("check", "--format", "json", "--ignore", "FL003", cwd=root)
    assert [d["code"] for d in json.loads(r.stdout)["diagnostics"]] == ["FL005"]
    r = run_cli("check", "--format", "json", "--select", "duplicate-key", cwd=root)
    assert [d["code"] for d in json.loads(r.stdout)["diagnostics"]] == ["FL003"]


def test_standalone_file_without_site(tmp_path):
    (tmp_path / "page.md").write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    (tmp_path / "plain.md").write_text("No front matter: not a page.\n", encoding="utf-8")
    r = run_cli("check", "--format", "concise", "page.md", "plain.md", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("page.md:2:9: FL002")
    assert "plain.md" not in r.stdout


def test_rules_and_rule_docs():
    r = run_cli("rules")
    assert r.returncode == 0 and "FL002" in r.stdout and "yaml-syntax-error" in r.stdout
    r = run_cli("rule", "FL002")
    assert r.returncode == 0 and "Why it matters" in r.stdout
    r = run_cli("rules", "--format", "json")
    codes = [x["code"] for x in json.loads(r.stdout)]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
