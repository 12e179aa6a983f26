"""Shared test helpers: build a site from a dict of files, lint it, locate shared data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_bytes(content.encode("utf-8"))
    return root


def lint(paths, *, cwd=None, settings=None):
    """Lint in-process; returns the list of diagnostics (as in the JSON output)."""
    from folio_lint.reporters.json import to_dict
    from folio_lint.runner import run
    from folio_lint.settings import Settings

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        report, _ = run([str(p) for p in paths], settings or Settings())
        return to_dict(report)["diagnostics"]
    finally:
        os.chdir(old)


def found(root: Path, *codes: str) -> list[tuple[str, int, str]]:
    """(path, line, code) of every finding a check of the site ``root`` gives (only ``codes`` if named)."""
    return sorted((d["path"], d["line"], d["code"]) for d in lint(["."], cwd=root)
                  if not codes or d["code"] in codes)


def run_cli(*args, cwd=None, env=None, input=None):
    """Run ``python -m folio_lint`` in a subprocess (the real entry point)."""
    e = dict(os.environ)
    e.pop("GITHUB_ACTIONS", None)
    e["PYTHONPATH"] = str(REPO) + os.pathsep + e.get("PYTHONPATH", "")
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-m", "folio_lint", *args], cwd=cwd, env=e, capture_output=True,
                          text=True, input=input, timeout=600)


def short(diags, with_col=False):
    """Diagnostics as 'path:line CODE' strings (or 'path:line:col CODE')."""
    out = []
    for d in diags:
        loc = f"{d['path']}:{d['line']}" + (f":{d['column']}" if with_col else "")
        out.append(f"{loc} {d['code']}")
    return out


PRECISION_FIXTURES = Path(__file__).parent / "fixtures" / "precision"


@pytest.fixture
def fixture_site(tmp_path):
    """``make(name, **overrides)``: a copy of ``tests/fixtures/precision/<name>`` (a trimmed real site),
    with files replaced or added (``_pages__x.md`` is ``_pages/x.md``)."""
    made = []

    def make(name: str, **overrides: str) -> Path:
        made.append(name)
        root = tmp_path / f"{len(made)}" / name
        shutil.copytree(PRECISION_FIXTURES / name, root)
        for rel, text in overrides.items():
            p = root / rel.replace("__", "/")
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def site(tmp_path):
    """``site({"_config.yml": ..., "_pages/a.md": ...})`` → the site folder."""

    def make(files: dict[str, str | bytes], with_config: bool = True) -> Path:
        if with_config and "_config.yml" not in files:
            files = {"_config.yml": "title: test\ninclude: [_pages]\ncollections:\n  news:\n    output: true\n  projects:\n    output: true\n", **files}
        return write_site(tmp_path / "site", files)

    return make


JEKYLL = shutil.which("jekyll")  # the URL/HTML oracle (Debian: apt-get install jekyll)


def jekyll_build(root: Path, *extra: str) -> Path:
    """``jekyll build --safe`` of ``root`` into ``root/_site`` (plugins off, production, UTF-8); the output folder."""
    dest = root / "_site"
    env = dict(os.environ, JEKYLL_ENV="production", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    r = subprocess.run([JEKYLL, "build", "--safe", *extra, "-s", str(root), "-d", str(dest)], capture_output=True,
                       text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return dest


def shared_or_skip(*parts) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared data not available: {p.relative_to(SHARED.parent)}")
    return p


PERF_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "performance" / "site"


def generated_or_fixture_site(out: Path, *, seed: int, fault_rate: float, pages: int = 300) -> Path:
    """A site from ``../shared/bench/gen_site.py`` at ``out`` (faults of every kind), or the small
    committed fixture when the generator is absent."""
    gen = SHARED / "bench" / "gen_site.py"
    if gen.is_file():
        subprocess.run([sys.executable, str(gen), str(out), "--pages", str(pages), "--seed", str(seed),
                        "--fault-rate", str(fault_rate), "-q"], check=True)
    else:
        shutil.copytree(PERF_FIXTURE, out)
    return out


def unprivileged_prefix() -> list[str] | None:
    """A command prefix that runs a process without the right to read mode-000 folders: [] for a
    non-root user, ``setpriv`` dropping root's read overrides, or None when neither is possible."""
    if not hasattr(os, "geteuid"):
        return None
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    drop = "-dac_override,-dac_read_search"
    probe = subprocess.run(["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", "true"], capture_output=True)
    return ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"] if probe.returncode == 0 else None


def load_json(s: str):
    return json.loads(s)


# ---------------------------------------------------------------------- no network in tests
def pytest_configure(config):
    config.addinivalue_line("markers", "network: the test may reach hosts other than this machine")


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_loopback(host) -> bool:
    import ipaddress

    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


@pytest.fixture(autouse=True)
def _no_network(request):
    """folio-lint never touches the network unless `--external`, and tests serve on loopback:
    any connection or name lookup to another host from inside the test process fails the test
    (even where folio-lint catches the error). Mark a test ``@pytest.mark.network`` to allow it."""
    if request.node.get_closest_marker("network"):
        yield
        return
    import socket

    attempts: list = []
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and not _is_loopback(address[0]):
            attempts.append(address)
            raise OSError(f"network access to {address!r} during a test")

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *a, **k):
        if not _is_loopback(host):
            attempts.append(host)
            raise socket.gaierror(socket.EAI_NONAME, f"name lookup of {host!r} during a test")
        return real_getaddrinfo(host, *a, **k)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = real_connect, real_connect_ex, real_getaddrinfo
    assert not attempts, f"the test tried to reach the network: {attempts[:5]}"
