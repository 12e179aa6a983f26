"""Protocol-level server fixes from QA (issue 11), over a raw JSON-RPC connection to the real
`python -m folio_lint server` process: huge pages of one broken link, requests the LSP types reject,
requests on files never opened, and a server whose client is gone."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")

sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # the raw client, shared with the bench
from jsonrpc_client import Client  # noqa: E402
from server_client import WAIT, copy_site, server_env  # noqa: E402


def Raw(cwd: Path) -> Client:
    """The real server process over a raw JSON-RPC connection (bench/jsonrpc_client.py), with the tests' wait."""
    return Client(cwd, server_env(), wait=WAIT)


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path)


def _many_links(site: Path, lines: int) -> Path:
    page = site / "_pages" / "many.md"
    page.write_text("---\nlayout: page\ntitle: Many\n---\n" + ("[a](/x/) " * 100 + "\n") * lines, encoding="utf-8")
    return page


def test_a_page_of_20000_links_to_one_missing_target_gets_diagnostics_and_hover(site):
    # QA: 109 s before (a position map of the whole page built per related location, and every
    # broken link scanned the whole table of places); the bound here is the tests' usual wait.
    page = _many_links(site, 200)
    c = Raw(site)
    try:
        c.start(site)
        u = c.open(page)
        h = c.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 2}})
        got = c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u
                      and any(d.get("code") == "FL301" for d in m["params"]["diagnostics"]), what="diagnostics")
        diags = got["params"]["diagnostics"]
        assert all(len(d.get("relatedInformation") or []) <= 20 for d in diags)
        assert any(d.get("relatedInformation") for d in diags)  # the other places are still named
        rel = next(d for d in diags if d.get("relatedInformation"))["relatedInformation"][0]
        assert rel["location"]["uri"] == u and rel["location"]["range"]["start"]["line"] >= 4
        c.until(lambda m: m.get("id") == h, what="the hover answer")
    finally:
        c.close()


def test_a_request_with_invalid_params_is_answered_with_an_error(site):
    c = Raw(site)
    try:
        c.start(site)
        u = c.open(site / "_pages" / "about.md")
        bad = {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}
        i = c.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": bad,
                                                  "context": {"diagnostics": []}})
        m = c.until(lambda m: m.get("id") == i, what="an answer to the invalid request")
        assert m.get("error", {}).get("code") == -32602, m
        # and the server goes on serving
        j = c.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 1}})
        m = c.until(lambda m: m.get("id") == j, what="the next answer")
        assert "error" not in m, m
    finally:
        c.close()


def test_completion_and_hover_on_a_file_never_opened(site, tmp_path):
    c = Raw(site)
    try:
        c.start(site)
        gone = (tmp_path / "nonexist" / "x.md").as_uri()
        i = c.request("textDocument/completion", {"textDocument": {"uri": gone}, "position": {"line": 0, "character": 0}})
        m = c.until(lambda m: m.get("id") == i, what="the completion answer")
        assert "error" not in m, m
        assert m["result"] is None or m["result"] == [] or m["result"].get("items") == [], m
        j = c.request("textDocument/hover", {"textDocument": {"uri": gone}, "position": {"line": 0, "character": 0}})
        m = c.until(lambda m: m.get("id") == j, what="the hover answer")
        assert "error" not in m and m["result"] is None, m
        # a file on disk that was never opened: read from disk
        about = (site / "_pages" / "about.md").as_uri()
        k = c.request("textDocument/completion", {"textDocument": {"uri": about}, "position": {"line": 1, "character": 0}})
        m = c.until(lambda m: m.get("id") == k, what="the completion answer")
        assert "error" not in m, m
    finally:
        c.close()


def test_the_server_exits_when_its_client_process_is_gone(site):
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    c = Raw(site)
    try:
        c.start(site, pid=parent.pid)
        i = c.request("textDocument/hover", {"textDocument": {"uri": (site / "_pages" / "about.md").as_uri()},
                                             "position": {"line": 1, "character": 1}})
        c.until(lambda m: m.get("id") == i, what="the hover answer")  # `initialized` handled: the watch runs
        assert c.p.poll() is None  # the client is alive: the server stays
        parent.kill()
        parent.wait()
        c.p.wait(WAIT)  # stdin still open: only the check of the client process ends it
        assert c.p.returncode == 0
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if c.p.poll() is None:
            c.p.kill()
            c.p.wait()


def test_the_server_exits_when_stdin_closes_during_a_long_lint(site):
    page = _many_links(site, 2000)
    c = Raw(site)
    try:
        c.start(site)
        c.open(page)
        time.sleep(0.5)
        c.p.stdin.close()
        c.p.wait(WAIT)
    finally:
        if c.p.poll() is None:
            c.p.kill()
            c.p.wait()
