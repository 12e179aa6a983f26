"""A raw JSON-RPC (LSP over stdio) client of the real ``python -m folio_lint server`` process.

Standard library only. Used by ``bench/server_bench.py`` (a script: it imports this file from its
own folder) and by ``tests/test_server_protocol.py`` (which puts this folder on ``sys.path``).
Messages are read on a thread into a queue; requests from the server (``window/workDoneProgress/
create``, ``client/registerCapability``) are answered with ``null``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

WAIT = 120.0  # seconds: the default bound of every wait


class WaitFailed(AssertionError):
    """A wait timed out or the server closed the connection (an AssertionError: a test fails, not errors)."""


class Client:
    """One server process. ``t0``: when it was started (the bench times ``initialize`` from it);
    ``wait``: the default bound of :meth:`until` (seconds)."""

    def __init__(self, cwd: str | Path, env: dict[str, str] | None = None, *, wait: float = WAIT):
        self.wait = wait
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen([sys.executable, "-m", "folio_lint", "server"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(cwd),
                                  env=os.environ.copy() if env is None else env)
        self.q: queue.Queue = queue.Queue()
        self.n = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        try:
            while True:
                h = b""
                while not h.endswith(b"\r\n\r\n"):
                    c = out.read(1)
                    if not c:
                        return
                    h += c
                n = int(next(ln for ln in h.split(b"\r\n") if ln.lower().startswith(b"content-length")).split(b":")[1])
                msg = json.loads(out.read(n))
                if "id" in msg and "method" in msg:  # a request from the server: answer it
                    self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                self.q.put(msg)
        except (OSError, ValueError):
            return
        finally:
            self.q.put(None)  # the connection is closed

    def send(self, obj):
        b = json.dumps(obj).encode()
        with self.lock:
            try:
                self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
                self.p.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass  # the server is gone (or its stdin closed on purpose): a wait says so

    def request(self, method, params) -> int:
        self.n += 1
        self.send({"jsonrpc": "2.0", "id": self.n, "method": method, "params": params})
        return self.n

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def until(self, pred, timeout: float | None = None, what: str = "a message"):
        """The next message for which ``pred`` is true (the ones before it are dropped)."""
        timeout = self.wait if timeout is None else timeout
        t_end = time.monotonic() + timeout
        while True:
            left = t_end - time.monotonic()
            if left <= 0:
                raise WaitFailed(f"timed out after {timeout:.0f} s waiting for {what}")
            try:
                m = self.q.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                self.q.put(None)  # later waits see it too
                raise WaitFailed(f"the server closed the connection while waiting for {what}")
            if pred(m):
                return m

    def initialize(self, root: str | Path, *, pid: int | None = None, options: dict | None = None,
                   progress: bool = False, timeout: float | None = None) -> float:
        """Send ``initialize`` and wait for its answer; returns the seconds since the process started."""
        uri = Path(root).as_uri()
        caps: dict = {"general": {"positionEncodings": ["utf-16"]}}
        if progress:
            caps["window"] = {"workDoneProgress": True}
        i = self.request("initialize", {"processId": pid, "rootUri": uri,
                                        "workspaceFolders": [{"uri": uri, "name": "site"}],
                                        "initializationOptions": options or {}, "capabilities": caps})
        self.until(lambda m: m.get("id") == i, timeout=timeout, what="initialize")
        return time.perf_counter() - self.t0

    def start(self, root: str | Path, *, pid: int | None = None, options: dict | None = None, progress: bool = False):
        """``initialize`` (``debounce: 0`` unless ``options`` say otherwise), then ``initialized``."""
        self.initialize(root, pid=pid, options={"debounce": 0} if options is None else options, progress=progress)
        self.notify("initialized", {})

    def open(self, path: Path, text: str | None = None) -> str:
        """``didOpen`` of a file (its text from disk unless given); returns its URI."""
        u = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": u, "languageId": "markdown", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return u

    def close(self):
        """``shutdown`` (answered), ``exit``; the process is killed if it does not end in 10 s."""
        try:
            with contextlib.suppress(OSError, WaitFailed, subprocess.TimeoutExpired):
                i = self.request("shutdown", None)
                self.until(lambda m: m.get("id") == i, timeout=10, what="shutdown")
                self.notify("exit", None)
                self.p.wait(10)
        finally:
            if self.p.poll() is None:
                self.p.kill()
                self.p.wait()
