"""Hostile input: findings, never crashes; bounded time and memory; the other files still checked.

The corpus is generated at test time by ``tests/hostile.py`` (50 MB files, 100,000-line front
matter, alias bombs, 10,000-deep nesting, UTF-16, NUL bytes, pipes, symlink loops, ...).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402

from folio_lint import yamlload  # noqa: E402
from folio_lint.discover import build_site  # noqa: E402
from folio_lint.engine import lint_site  # noqa: E402
from folio_lint.source import LineIndex, read_source, source_from_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 180  # seconds for the whole hostile site (about 15 s on a 2-core machine)
MEMORY_LIMIT_MB = 2000  # peak RSS of that run (about 0.8 GB: one 50 MB page held as bytes and text)


def _cli(args: list[str], cwd: Path, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "folio_lint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def check_positions(diags: list[dict], root: Path) -> None:
    """Every finding's line/column lies inside its file (column may point just past the line's end)."""
    texts: dict[str, LineIndex | None] = {}
    for d in diags:
        p = d["path"]
        if p not in texts:
            src = read_source(p, str(root / p)) if (root / p).is_file() else None
            texts[p] = LineIndex(src.text) if src is not None and src.error is None else None
        li = texts[p]
        assert d["line"] >= 1 and d["column"] >= 1, d
        assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"]), d
        if li is None:  # unreadable file: the finding is at 1:1
            assert (d["line"], d["column"]) == (1, 1), d
            continue
        n = li.line_count()
        for line, col in ((d["line"], d["column"]), (d["end_line"], d["end_column"])):
            assert line <= n, (d, n)
            s, e = li.line_bounds(line - 1)
            assert col <= e - s + 1, (d, e - s)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    site = base / "site"
    made = hostile.build_site(site)
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = _cli(["check", "--format", "json", "--no-cache", "."], cwd=site)
    elapsed = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    yield {"site": site, "base": base, "made": made, "proc": r, "elapsed": elapsed,
           "peak_mb": max(peak_kb, before) / 1024}
    hostile.restore_permissions(base)


def _by_path(run) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in json.loads(run["proc"].stdout)["diagnostics"]:
        out.setdefault(d["path"], set()).add(d["code"])
    return out


def test_hostile_site_exit_code_and_no_crash(hostile_run):
    r = hostile_run["proc"]
    assert r.returncode in (0, 1), r.stderr[-3000:]
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr[-3000:]
    data = json.loads(r.stdout)
    internal = [d for d in data["diagnostics"] if d["code"] == "FL999"]
    assert not internal, internal[:5]


def test_hostile_site_bounded_time_and_memory(hostile_run):
    assert hostile_run["elapsed"] < TIME_LIMIT
    assert hostile_run["peak_mb"] < MEMORY_LIMIT_MB, f"peak RSS {hostile_run['peak_mb']:.0f} MB"


def test_hostile_site_positions_inside_files(hostile_run):
    check_positions(json.loads(hostile_run["proc"].stdout)["diagnostics"], hostile_run["site"])


def test_hostile_site_expected_findings(hostile_run):
    got = _by_path(hostile_run)
    for path, case in hostile_run["made"].items():
        if case.expect is None:
            continue
        if path == "_pages/unreadable.md" and hostile.is_root():
            continue
        codes = got.get(path, set())
        if case.expect:
            assert case.expect <= codes, (path, case.note, codes)
        else:
            assert not codes, (path, case.note, codes)


def test_hostile_neighbours_still_checked(hostile_run):
    """A hostile file next to an ordinary broken page does not hide the ordinary page's finding."""
    got = _by_path(hostile_run)
    assert "FL002" in got.get("_pages/broken-yaml.md", set())
    assert "FL010" in got.get("_posts/odd name with spaces & ünïcode.md", set())


def test_hostile_nothing_outside_read_or_run(hostile_run):
    out = hostile_run["proc"].stdout + hostile_run["proc"].stderr
    assert "SECRET-OUTSIDE-THE-SITE" not in out  # symlinked files outside the site are never read
    assert not (hostile_run["site"] / "PWNED").exists() and not (hostile_run["site"] / "_pages" / "PWNED").exists()
    got = _by_path(hostile_run)
    assert "FL012" in got.get("_pages/link-outside.md", set())
    assert "FL012" in got.get("_pages/link-etc", set())
    assert not any(p.startswith(("..", "/")) for p in got)


def test_unreadable_file_is_a_finding(tmp_path, monkeypatch):
    """chmod 000 (or, as root, where chmod does not stop reads: a refused open) gives FL001."""
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_config.yml").write_text("include: [_pages]\n")
    p = site / "_pages" / "secret.md"
    p.write_bytes(hostile.GOOD_PAGE)
    (site / "_pages" / "bad.md").write_bytes(hostile.BAD_PAGE)
    if hostile.is_root():
        real_open = os.open

        def refusing_open(path, flags, *a, **k):
            if str(path).endswith("secret.md"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *a, **k)

        monkeypatch.setattr(os, "open", refusing_open)
    else:
        os.chmod(p, 0)
    try:
        res = lint_site(build_site(str(site)))
    finally:
        os.chmod(p, 0o644)
    codes = {(d.path, d.code) for d in res.diagnostics}
    assert ("_pages/secret.md", "FL001") in codes
    assert ("_pages/bad.md", "FL002") in codes
    msg = [d.message for d in res.diagnostics if d.path == "_pages/secret.md"][0]
    assert "cannot be read" in msg


@pytest.mark.parametrize("name", sorted(hostile.CONFIG_CASES))
def test_hostile_config(tmp_path, name):
    """A `_config.yml` of any shape: no crash, pages still checked, nothing read outside."""
    site = tmp_path / "site"
    hostile.build_config_site(site, name)
    (tmp_path / "_posts").mkdir()  # outside the site: `collections_dir: ../..` must not reach it
    (tmp_path / "_posts" / "2024-01-01-secret.md").write_text("---\ntitle: SECRET-OUTSIDE-THE-SITE\n---\n")
    t0 = time.perf_counter()
    res = lint_site(build_site(str(site)))
    assert time.perf_counter() - t0 < 20
    assert not [d for d in res.diagnostics if d.code == "FL999"], [d.message for d in res.diagnostics if d.code == "FL999"]
    codes = {(d.path, d.code) for d in res.diagnostics}
    assert ("bad.md", "FL002") in codes, sorted(codes)
    assert all(not d.path.startswith("..") for d in res.diagnostics)
    assert all("SECRET-OUTSIDE-THE-SITE" not in d.message for d in res.diagnostics)
    if name in ("list", "scalar", "number", "invalid-yaml", "utf16", "binary", "nul", "bomb", "deep", "tags",
                "collections-scalar", "defaults-dict", "defaults-scalar", "defaults-bad-entries", "dup-keys"):
        assert any(d.path == "_config.yml" for d in res.diagnostics), (name, sorted(codes))


# ---------------------------------------------------------------------- YAML bounds, in process
def _load(text: str):
    return yamlload.load_yaml(text, LineIndex(text))


def test_alias_bomb_bounded_time_and_memory():
    text = hostile._billion_laughs(levels=12, width=12).decode()[4:-4]  # 12**12 values if expanded
    tracemalloc.start()
    t0 = time.perf_counter()
    res = _load(text)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.kind for p in res.problems] == ["bomb"]
    assert elapsed < 2 and peak < 50 * 1024 * 1024


@pytest.mark.parametrize("make", [hostile._deep_flow, hostile._deep_flow_map, hostile._deep_dash])
@pytest.mark.parametrize("n", [1_001, 10_000, 200_000])
def test_deep_nesting_is_a_finding(make, n):
    text = make(n).decode()[4:-4]
    res = _load(text)
    assert any(p.kind == "depth" for p in res.problems), res.problems[:2]


@pytest.mark.parametrize("n", [1_001, 10_000, 200_000])
def test_deep_nesting_without_libyaml_bound(monkeypatch, n):
    """An older libyaml without its 1,000-level bound: the cheap pre-check refuses the text
    before the C composer can recurse."""
    monkeypatch.setattr(yamlload, "_LIBYAML_BOUNDS_DEPTH", False)
    for make in (hostile._deep_flow, hostile._deep_flow_map, hostile._deep_dash):
        res = _load(make(n).decode()[4:-4])
        assert [p.kind for p in res.problems] == ["depth"]
    assert not _load("a: [[1, 2], {b: [3]}]\n" * 2000).problems  # many shallow brackets are fine
    assert not _load("a: '" + "[" * 5000 + "'\n").problems  # quoted brackets are text


def test_deep_nesting_pure_python_loader(monkeypatch):
    import yaml

    monkeypatch.setattr(yamlload, "_Loader", yaml.SafeLoader)
    res = _load(hostile._deep_flow(5000).decode()[4:-4])
    assert res.problems and res.problems[0].kind == "depth"


def test_long_front_matter_is_linear():
    def t(n):
        text = hostile._long_front_matter(n).decode()[4:]
        text = text[: text.index("---\n")]
        t0 = time.perf_counter()
        r = _load(text)
        assert len(r.data) == n + 1
        return time.perf_counter() - t0

    small, big = t(10_000), t(100_000)
    assert big < max(20 * small, 0.5), (small, big)


def test_unknown_tags_are_never_constructed(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    for text in ("a: !!python/object/apply:os.system ['touch PWNED']\n", "a: !!python/name:os.system\n",
                 "a: !!python/object/new:os.system [x]\n", "a: !ruby/object:Gem::Installer {i: x}\n"):
        res = _load(text)
        assert [p.kind for p in res.problems] == ["tag"]
    assert not calls


@pytest.mark.parametrize("text", [
    "x: !!bool maybe\n", "x: !!int abc\n", "x: !!float zz\n", "x: !!timestamp soon\n", "x: !!binary '***'\n",
    "x: " + "9" * 5000 + "\n", "x: " + ":".join(["59"] * 3000) + "\n", "x: 0o" + "7" * 3000 + "\n",
    "x: \ud800\n",  # a lone surrogate from an editor buffer
    "x: a\x07b\n", "\ufeffx: 1\n", "x: 1\r\ny: 2\r\n", "x: 1\ry: 2\r",
])
def test_odd_scalars_never_raise(text):
    res = _load(text)
    for p in res.problems:
        assert 0 <= p.start <= p.end <= len(text)


def test_fifo_does_not_block(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    p = tmp_path / "pipe.md"
    os.mkfifo(p)
    t0 = time.perf_counter()
    src = read_source("pipe.md", str(p))
    assert time.perf_counter() - t0 < 2
    assert src.error and "not a regular file" in src.error


def test_directory_read_as_file(tmp_path):
    src = read_source("d.md", str(tmp_path))
    assert src.error and "directory" in src.error


def test_binary_without_dashes_is_not_a_page(tmp_path):
    """A binary file named .md that does not start with `---` is a static file to Jekyll: silence."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: x\n")
    (site / "blob.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    (site / "page.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    res = lint_site(build_site(str(site)))
    paths = {d.path for d in res.diagnostics}
    assert "blob.md" not in paths and "page.md" in paths


def test_editor_buffer_with_hostile_text():
    """The editor entry point gets arbitrary text (lone surrogates, NUL, CR-only...)."""
    from folio_lint.engine import lint_text

    site = build_site(None, standalone_files=[])
    for text in ("---\ntitle: \ud800\n---\n", "---\r---\r", "---\n\x00\n---\n", "---\n" + "[" * 5000 + "\n---\n",
                 "---\ntitle: x\n---\n{% include_relative ../../../../etc/passwd %}\n", ""):
        _, diags = lint_text(site, "_pages/x.md", text)
        assert not [d for d in diags if d.code == "FL999"], [d.message for d in diags]
        src = source_from_text("_pages/x.md", text)
        for d in diags:
            assert 1 <= d.start.line <= src.lines.line_count()
