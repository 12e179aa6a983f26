"""Security: nothing outside the site root is read (links, includes, `include_relative`, `../`,
symlinks, `_config.yml` paths), no network unless `--external`, no code from the site is run,
external checks send no credentials.

The real command runs in a subprocess with an audit hook (``sys.addaudithook``, installed by a
``sitecustomize`` module) that logs every file opened, every socket connection and name lookup,
and every process started.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

AUDIT = r'''
import os, sys, json
_log = os.environ.get("FOLIO_AUDIT_LOG")
if _log:
    _fh = open(_log, "a", encoding="utf-8")
    def _hook(event, args):
        if event == "open":
            p = args[0]
            if isinstance(p, (str, bytes, os.PathLike)):
                _fh.write(json.dumps(["open", os.fsdecode(os.path.abspath(os.fsdecode(p)))]) + "\n")
        elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "subprocess.Popen",
                       "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile"):
            _fh.write(json.dumps([event, repr(args)[:300]]) + "\n")
        elif event in ("os.listdir", "os.scandir"):
            p = args[0] if args else None
            if isinstance(p, (str, bytes, os.PathLike)):
                _fh.write(json.dumps(["list", os.fsdecode(os.path.abspath(os.fsdecode(p)))]) + "\n")
        _fh.flush()
    sys.addaudithook(_hook)
'''

ESCAPES = """---
layout: page
title: Escapes
permalink: /escapes/
bibliography: ../../../secret.bib
profile:
  image: ../../../secret.jpg
img: /../../secret.jpg
redirect: ../../secret.md
---
[up](../../secret.md) [root](/../secret.md) [abs](file:///etc/passwd) ![i](../../../secret.jpg)
<a href="../../../secret.md">x</a> <img src="/../../secret.jpg">
{% include_relative ../../secret.md %}
{% include_relative ../../../secret.md %}
{% include ../../secret.md %}
{% include /etc/passwd %}
{% include figure.liquid path="../../secret.jpg" %}
{% link ../secret.md %}
{% link /../secret.md %}
{% post_url ../../secret %}
[ext](https://example.com/page) <https://example.org/> ![img](http://example.net/x.png)
"""


def _write_site(base: Path) -> Path:
    site = base / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_includes").mkdir()
    (site / "_layouts").mkdir()
    (site / "_config.yml").write_text(
        "title: x\ninclude: [_pages]\ncollections_dir: ../outside\nscholar:\n  source: ../../outside\n"
        "collections:\n  news: {output: true}\n")
    (site / "_layouts" / "page.liquid").write_text("{{ content }}")
    (site / "_pages" / "escapes.md").write_text(ESCAPES)
    (site / "_pages" / "link-out.md").symlink_to(base / "secret.md")
    (site / "_includes" / "out.liquid").symlink_to(base / "secret.md")
    (site / "assets").symlink_to(base / "outside", target_is_directory=True)
    for name in ("secret.md", "secret.bib", "secret.jpg"):
        (base / name).write_text("---\ntitle: SECRET-OUTSIDE-THE-SITE\n---\nSECRET-OUTSIDE-THE-SITE\n")
    (base / "outside" / "_news").mkdir(parents=True)
    (base / "outside" / "_news" / "n.md").write_text("---\ntitle: SECRET-OUTSIDE-THE-SITE\n---\n")
    (base / "outside" / "papers.bib").write_text("@article{SECRET-OUTSIDE-THE-SITE, title={x}}\n")
    # code the site might try to get run: a module shadowing folio-lint's own imports
    (site / "yaml.py").write_text("open('PWNED', 'w').write('x')\n")
    (site / "folio_lint").mkdir()
    (site / "folio_lint" / "__init__.py").write_text("open('PWNED', 'w').write('x')\n")
    (site / "_plugins").mkdir()
    (site / "_plugins" / "evil.rb").write_text("File.write('PWNED', 'x')\n")
    return site


def _audited(site: Path, base: Path, *args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, list]:
    hook_dir = base / "hook"
    hook_dir.mkdir(exist_ok=True)
    (hook_dir / "sitecustomize.py").write_text(AUDIT)
    log = base / "audit.log"
    log.write_text("")
    e = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hook_dir), str(ROOT)]), FOLIO_AUDIT_LOG=str(log),
             NO_COLOR="1")
    e.pop("GITHUB_ACTIONS", None)
    e.update(env or {})
    # -P: like the `folio-lint` console script, the current folder (the site) is not on sys.path
    r = subprocess.run([sys.executable, "-P", "-m", "folio_lint", "check", "--format", "json", *args], cwd=site,
                       env=e, capture_output=True, text=True, timeout=300)
    events = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    return r, events


def _outside(events, base: Path, site: Path) -> list:
    """Files opened or folders listed under ``base`` (the test's folder) but not inside the site."""
    b, s = str(base.resolve()), str(site.resolve())
    out = []
    for ev in events:
        if ev[0] not in ("open", "list"):
            continue
        p = os.path.realpath(ev[1])
        if (p == b or p.startswith(b + os.sep)) and not (p == s or p.startswith(s + os.sep)):
            if p.startswith(str((base / "hook").resolve())) or p == str((base / "audit.log").resolve()):
                continue
            out.append(ev)
    return out


@pytest.fixture
def escape_site(tmp_path):
    return _write_site(tmp_path), tmp_path


def test_nothing_outside_the_site_is_read(escape_site):
    site, base = escape_site
    r, events = _audited(site, base, "--no-cache", ".")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert not _outside(events, base, site)
    assert "SECRET-OUTSIDE-THE-SITE" not in r.stdout + r.stderr
    assert not (site / "PWNED").exists()
    diags = json.loads(r.stdout)["diagnostics"]
    assert not [d for d in diags if d["code"] == "FL999"]
    paths = {d["path"] for d in diags}
    assert "_pages/link-out.md" in paths and "assets" in paths  # symlinks out of the site are reported (FL012)
    # the escaping links are findings on the page (they point at nothing inside the site)
    lines = {d["line"] for d in diags if d["path"] == "_pages/escapes.md" and d["code"].startswith(("FL3", "FL4"))}
    assert {7, 8, 9, 11, 12, 13, 14} <= lines, sorted(lines)


def test_include_with_dotdot_is_a_finding(escape_site):
    site, base = escape_site
    r, _ = _audited(site, base, "--no-cache", ".")
    diags = json.loads(r.stdout)["diagnostics"]
    lines = {d["line"] for d in diags if d["path"] == "_pages/escapes.md"}
    assert {15, 16} <= lines, sorted(lines)


def test_single_file_and_fix_stay_inside(escape_site):
    site, base = escape_site
    r, events = _audited(site, base, "--no-cache", "--fix", "_pages/escapes.md", "_pages/link-out.md")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert not _outside(events, base, site)
    assert (base / "secret.md").read_text().count("SECRET") == 2  # never rewritten through the link


def test_no_network_no_processes_offline(escape_site):
    site, base = escape_site
    r, events = _audited(site, base, ".")  # with the cache on, as a user runs it
    assert r.returncode in (0, 1), r.stderr[-2000:]
    net = [e for e in events if e[0].startswith("socket.")]
    procs = [e for e in events if e[0] in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")]
    assert not net, net[:5]
    assert not procs, procs[:5]
    assert not (site / "PWNED").exists()


class _Handler(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_HEAD(self):  # noqa: N802
        self.__class__.seen.append((self.path, dict(self.headers)))
        if self.path == "/redirect-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
        elif self.path == "/redirect-ftp":
            self.send_response(301)
            self.send_header("Location", "ftp://127.0.0.1/x")
        elif self.path == "/cookie":
            self.send_response(302)
            self.send_header("Set-Cookie", "session=SECRET; Path=/")
            self.send_header("Location", "/ok")
        else:
            self.send_response(200)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *a):
        pass


def test_external_sends_no_credentials_and_follows_only_http(tmp_path):
    """`--external`: only the named http(s) hosts are contacted; no Authorization or Cookie header
    is sent (not from `user:pass@` in a URL, not from a cookie a server set); redirects to other
    schemes are not followed."""
    pytest.importorskip("httpx")
    _Handler.seen = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        site = tmp_path / "site"
        (site / "_pages").mkdir(parents=True)
        (site / "_config.yml").write_text("title: x\ninclude: [_pages]\n")
        u = f"http://127.0.0.1:{port}"
        (site / "_pages" / "ext.md").write_text(
            f"---\ntitle: ext\npermalink: /ext/\n---\n[a]({u}/ok) [b](http://user:pa55@127.0.0.1:{port}/auth)\n"
            f"[c]({u}/redirect-file) [d]({u}/redirect-ftp) [e]({u}/cookie) [f]({u}/after-cookie)\n")
        home = tmp_path / "home"
        home.mkdir()
        (home / ".netrc").write_text(f"machine 127.0.0.1\nlogin netrcuser\npassword NETRC-SECRET\n")
        os.chmod(home / ".netrc", 0o600)
        r, events = _audited(site, tmp_path, "--external", "--no-cache", ".",
                             env={"HOME": str(home), "NO_PROXY": "*", "no_proxy": "*"})
        assert r.returncode in (0, 1), r.stderr[-2000:]
        for path, headers in _Handler.seen:
            low = {k.lower(): v for k, v in headers.items()}
            assert "authorization" not in low, (path, headers)
            assert "cookie" not in low, (path, headers)
        hosts = {e[1] for e in events if e[0] == "socket.connect"}
        assert all("127.0.0.1" in h for h in hosts), hosts
        assert not [e for e in events if e[0] == "open" and e[1] == "/etc/passwd"]
    finally:
        srv.shutdown()


class _Evil:
    """Unpickling this runs ``open(<marker>, 'w')``: what a planted cache file could do."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_planted_cache_file_is_not_unpickled(tmp_path):
    """Cache files live in the site: one committed to a repository (or planted by a pull request)
    must never be unpickled. They carry a MAC keyed by a per-user secret kept outside the site."""
    import pickle

    from folio_lint import cache

    site = tmp_path / "site"
    (site / "_bibliography").mkdir(parents=True)
    (site / "_config.yml").write_text("title: x\nscholar:\n  source: /_bibliography/\n")
    (site / "_bibliography" / "papers.bib").write_text("@article{a, title={A}, year={2024}}\n")
    (site / "pubs.md").write_text("---\nlayout: page\ntitle: P\n---\n{% cite a %}\n")
    marker = tmp_path / "PWNED"
    sc = cache.SiteCache(str(site))
    os.makedirs(sc.dir, exist_ok=True)
    # what an attacker can write: the file format with a plain checksum (the key is not theirs)
    import hashlib

    payload = pickle.dumps({"x": _Evil(str(marker))})
    for name in ("facts.bin", "parse.bin"):
        with open(os.path.join(sc.dir, name), "wb") as fh:
            fh.write(cache.MAGIC + hashlib.blake2b(payload, digest_size=16).digest() + payload)
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    subprocess.run([sys.executable, "-P", "-m", "folio_lint", "check", "."], cwd=site, env=e, capture_output=True,
                   text=True, timeout=120)
    assert not marker.exists(), "a planted cache file ran code"


def test_python_m_does_not_import_the_sites_modules(tmp_path):
    """`python -m folio_lint` run inside a site: the site's `yaml.py` or `click/` are not imported
    (the console script `folio-lint`, which pre-commit runs, never had the current folder on sys.path)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: x\n")
    (site / "index.md").write_text("---\nlayout: page\ntitle: x\n---\n")
    marker = tmp_path / "PWNED"
    (site / "yaml.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (site / "click").mkdir()
    (site / "click" / "__init__.py").write_text(f"open({str(marker)!r}, 'w')\n")
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    r = subprocess.run([sys.executable, "-m", "folio_lint", "check", "."], cwd=site, env=e, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert not marker.exists()
