"""Protocol-level server fixes from QA (issue 11), over a raw JSON-RPC connection to the real
`python -m folio_lint server` process: huge pages of one broken link, requests the LSP types reject,
requests on files never opened, and a server whose client is gone."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")

from server_client import WAIT, copy_site, server_env  # noqa: E402


class Raw:
    """A minimal LSP client: messages read on a thread into a queue; server requests answered with null."""

    def __init__(self, cwd: Path):
        self.p = subprocess.Popen([sys.executable, "-m", "folio_lint", "server"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(cwd), env=server_env())
        self.q: queue.Queue = queue.Queue()
        self.n = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            h = b""
            while not h.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.q.put(None)
                    return
                h += c
            n = int([ln for ln in h.split(b"\r\n") if ln.lower().startswith(b"content-length")][0].split(b":")[1])
            msg = json.loads(out.read(n))
            if "id" in msg and "method" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            self.q.put(msg)

    def send(self, obj):
        b = json.dumps(obj).encode()
        with self.lock:
            try:
                self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
                self.p.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass

    def request(self, method, params):
        self.n += 1
        self.send({"jsonrpc": "2.0", "id": self.n, "method": method, "params": params})
        return self.n

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def until(self, pred, timeout=WAIT, what="a message"):
        t_end = time.monotonic() + timeout
        while True:
            left = t_end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
            try:
                m = self.q.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                raise AssertionError(f"the server closed the connection while waiting for {what}")
            if pred(m):
                return m

    def start(self, root: Path, pid=None):
        uri = root.as_uri()
        i = self.request("initialize", {"processId": pid, "rootUri": uri,
                                        "workspaceFolders": [{"uri": uri, "name": "site"}],
                                        "initializationOptions": {"debounce": 0},
                                        "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
        self.until(lambda m: m.get("id") == i, what="initialize")
        self.notify("initialized", {})

    def open(self, path: Path, text: str | None = None) -> str:
        u = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": u, "languageId": "markdown", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return u

    def close(self):
        try:
            i = self.request("shutdown", None)
            self.until(lambda m: m.get("id") == i, timeout=10, what="shutdown")
            self.notify("exit", None)
            self.p.wait(10)
        except Exception:
            pass
        finally:
            if self.p.poll() is None:
                self.p.kill()
                self.p.wait()


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
