"""External link checks against a local HTTP server on loopback only (never the internet)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("httpx")

from folio_lint.external import Options, check_urls  # noqa: E402

HITS: dict[str, int] = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _send(self, code, headers=None, body=b""):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        p = self.path
        HITS[p] = HITS.get(p, 0) + 1
        if p == "/ok":
            return self._send(200, body=b"ok")
        if p == "/missing":
            return self._send(404)
        if p == "/gone":
            return self._send(410)
        if p == "/moved":
            return self._send(301, {"Location": "/ok"})
        if p == "/temp":
            return self._send(302, {"Location": "/ok"})
        if p == "/forbidden":
            return self._send(403)
        if p == "/nohead":
            return self._send(405 if self.command == "HEAD" else 200)
        if p == "/slow":
            time.sleep(1.5)
            return self._send(200)
        if p == "/limited":
            if HITS[p] == 1:
                return self._send(429, {"Retry-After": "1"})
            return self._send(200)
        if p == "/loop":
            return self._send(302, {"Location": "/loop"})
        return self._send(500)

    do_GET = do_HEAD = _route


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(k, raising=False)


def test_statuses_redirects_and_retries(server, tmp_path):
    HITS.clear()
    urls = [server + p for p in ("/ok", "/missing", "/gone", "/moved", "/temp", "/forbidden", "/nohead",
                                 "/slow", "/limited", "/loop")]
    opts = Options(timeout=0.5, retries=1, backoff=0.05, delay=0.0, max_redirects=3, cache=False)
    t0 = time.monotonic()
    res = check_urls(urls + [server + "/ok#frag"], opts=opts)
    took = time.monotonic() - t0
    v = {u[len(server):]: r for u, r in res.items()}
    assert v["/ok"].verdict == "ok" and v["/ok"].status == 200
    assert v["/missing"].verdict == "broken" and v["/missing"].status == 404
    assert v["/gone"].verdict == "broken"
    assert v["/moved"].verdict == "ok" and v["/moved"].permanent_redirect and v["/moved"].final_url == server + "/ok"
    assert v["/temp"].verdict == "ok" and not v["/temp"].permanent_redirect
    assert v["/forbidden"].verdict == "unverified"
    assert v["/nohead"].verdict == "ok"
    assert v["/slow"].verdict == "unverified"  # timed out: not called broken
    assert v["/limited"].verdict == "ok" and HITS["/limited"] >= 2  # retried after Retry-After
    assert v["/loop"].verdict == "broken"
    assert "/ok#frag" not in v  # fragments are dropped, the URL is checked once
    assert took < 20


def test_cache_is_used(server, tmp_path):
    HITS.clear()
    opts = Options(timeout=2, delay=0.0, retries=0)
    check_urls([server + "/ok", server + "/missing"], cache_root=str(tmp_path), opts=opts)
    n = dict(HITS)
    res = check_urls([server + "/ok", server + "/missing"], cache_root=str(tmp_path), opts=opts)
    assert HITS == n  # nothing requested again
    assert res[server + "/missing"].verdict == "broken"
    assert (tmp_path / ".folio-lint-cache" / "external.json").exists()


def test_per_host_limit(server):
    HITS.clear()
    opts = Options(timeout=5, per_host=1, delay=0.2, retries=0, cache=False)
    t0 = time.monotonic()
    check_urls([server + f"/ok?{i}" for i in range(4)], opts=opts)
    assert time.monotonic() - t0 >= 0.55  # one at a time, 0.2 s apart


def test_rule_reports_from_results(server, tmp_path):
    from conftest import write_site
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.external import check_site_external
    from folio_lint.settings import Settings

    root = write_site(tmp_path / "s", {
        "_config.yml": "title: x\n",
        "index.md": f"---\ntitle: home\n---\n\n[a]({server}/missing) [b]({server}/moved) [c]({server}/ok)\n"
                    f"`[d]({server}/missing)` <!-- [e]({server}/missing) -->\n",
    })
    site = build_site(str(root))
    check_site_external(site, opts=Options(timeout=2, delay=0.0, retries=0, cache=False))
    diags = lint_site(site, Settings(select=("FL320", "FL321", "FL322"))).diagnostics
    got = sorted((d.code, d.start.line) for d in diags)
    assert got == [("FL320", 5), ("FL322", 5)]
    fix = next(d for d in diags if d.code == "FL322").fix
    assert fix is not None and fix.edits[0].content == server + "/ok"


def test_offline_by_default(tmp_path):
    from conftest import write_site
    from folio_lint.discover import build_site
    from folio_lint.engine import lint_site
    from folio_lint.settings import Settings

    root = write_site(tmp_path / "s", {"_config.yml": "title: x\n",
                                       "index.md": "---\ntitle: t\n---\n[a](http://127.0.0.1:9/nothing)\n"})
    site = build_site(str(root))
    assert [d for d in lint_site(site, Settings()).diagnostics if d.code.startswith("FL32")] == []


def test_options_from_config_ignore_and_accept(server):
    from folio_lint.external import options_from
    from folio_lint.settings import Settings

    o = options_from(Settings(options={"external-links": {"timeout": 2, "concurrency": 3, "retries": 0,
                                                          "cache-ttl": 60, "ignore": [server + "/gone*"],
                                                          "accept": [403], "bogus": 1}}))
    assert (o.timeout, o.total, o.retries, o.max_age) == (2.0, 3, 0, 60.0)
    o.cache, o.delay = False, 0.0
    res = check_urls([server + "/gone", server + "/forbidden"], opts=o)
    assert server + "/gone" not in res
    assert res[server + "/forbidden"].verdict == "ok"
