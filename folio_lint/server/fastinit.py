"""Answer ``initialize`` before the LSP libraries are imported.

Importing lsprotocol's types takes ~0.3 s (thousands of attrs classes), more than the whole budget
for answering ``initialize`` (issue 11: ≤ 300 ms). The answer itself is static: the capabilities
of this server and the negotiated position encoding. So the first message is read here with
the standard library only, answered at once, and then handed to pygls like any other message;
pygls's own answer to it (the same capabilities, checked by tests/test_server_fastinit.py) is
dropped. Every later message goes through pygls untouched.

Set ``FOLIO_LINT_SERVER_NO_FAST=1`` to let pygls answer ``initialize`` itself.
"""

from __future__ import annotations

import json
import os
import re
from typing import BinaryIO

from .. import __version__

_SUPPORTED = ("utf-8", "utf-16", "utf-32")
_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.I)

TRIGGERS = [":", "/", "\"", "'", "(", " "]
COMMANDS = ["folio-lint.showRule", "folio-lint.reindex"]
DEBUG_COMMANDS = ["folio-lint.debug.raise"]


def debug_enabled() -> bool:
    return bool(os.environ.get("FOLIO_LINT_SERVER_DEBUG"))


def choose_encoding(params: dict) -> str:
    """pygls's choice: the first of the client's ``general.positionEncodings`` it supports, else UTF-16."""
    encs = ((params.get("capabilities") or {}).get("general") or {}).get("positionEncodings")
    for e in encs or ():
        if e in _SUPPORTED:
            return e
    return "utf-16"


def capabilities(params: dict) -> dict:
    """The ``InitializeResult.capabilities`` pygls computes for this server and this client."""
    sync_caps = (((params.get("capabilities") or {}).get("textDocument") or {}).get("synchronization") or {})
    sync: dict = {"openClose": True, "change": 2, "save": True}
    if sync_caps.get("willSave") is not None:
        sync["willSave"] = False
    if sync_caps.get("willSaveWaitUntil") is not None:
        sync["willSaveWaitUntil"] = False
    return {
        "positionEncoding": choose_encoding(params),
        "textDocumentSync": sync,
        "completionProvider": {"triggerCharacters": TRIGGERS},
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll", "source.fixAll.folio-lint"],
                               "resolveProvider": False},
        "executeCommandProvider": {"commands": COMMANDS + (DEBUG_COMMANDS if debug_enabled() else [])},
        "diagnosticProvider": {"interFileDependencies": True, "workspaceDiagnostics": False, "identifier": "folio-lint"},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
    }


def read_message(stream: BinaryIO) -> tuple[bytes, dict | None]:
    """One framed message: (its raw bytes, the parsed body or None)."""
    raw = b""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return raw, None
        raw += line
        m = _LENGTH.match(line.strip())
        if m:
            length = int(m.group(1))
        if line in (b"\r\n", b"\n") and length is not None:
            break
    body = stream.read(length)
    raw += body
    try:
        return raw, json.loads(body)
    except ValueError:
        return raw, None


class ReplayReader:
    """A stdin that first gives back the bytes already read."""

    def __init__(self, prefix: bytes, stream: BinaryIO):
        self.prefix = prefix
        self.stream = stream

    def readline(self, limit: int = -1) -> bytes:
        if self.prefix:
            i = self.prefix.find(b"\n")
            cut = len(self.prefix) if i < 0 else i + 1
            out, self.prefix = self.prefix[:cut], self.prefix[cut:]
            if i < 0:
                out += self.stream.readline()
            return out
        return self.stream.readline()

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            out, self.prefix = self.prefix[:n], self.prefix[n:]
            if len(out) < n:
                out += self.stream.read(n - len(out))
            return out
        return self.stream.read(n)

    def close(self) -> None:
        self.stream.close()


class DropFirstResponse:
    """A stdout that swallows pygls's answer to the request already answered here."""

    def __init__(self, stream: BinaryIO, request_id):
        self.stream = stream
        self.request_id = request_id
        self.pending = True

    def write(self, data: bytes) -> int:
        if self.pending:
            i = data.find(b"\r\n\r\n")
            try:
                msg = json.loads(data[i + 4:] if i >= 0 else data)
            except ValueError:
                msg = None
            if isinstance(msg, dict) and msg.get("id") == self.request_id and "method" not in msg:
                self.pending = False
                if "error" not in msg:
                    return len(data)
        return self.stream.write(data)

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()


def answer(stream: BinaryIO, request_id, params: dict) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": {
        "capabilities": capabilities(params), "serverInfo": {"name": "folio-lint", "version": __version__}}})
    data = body.encode("utf-8")
    stream.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    stream.flush()


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Run the server on these streams, answering ``initialize`` first when it comes first."""
    out: BinaryIO = stdout
    prefix = b""
    if not os.environ.get("FOLIO_LINT_SERVER_NO_FAST"):
        prefix, msg = read_message(stdin)
        if isinstance(msg, dict) and msg.get("method") == "initialize" and "id" in msg:
            answer(stdout, msg["id"], msg.get("params") or {})
            out = DropFirstResponse(stdout, msg["id"])
    from .server import create_server

    create_server().start_io(ReplayReader(prefix, stdin), out)
