"""`initialize` is answered before pygls loads: the answer must be exactly what pygls would send."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")

from folio_lint.server import fastinit  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _client_specs():
    import pytest_lsp

    d = Path(pytest_lsp.__file__).parent / "clients"
    return sorted(p for p in d.glob("*.json"))


def _pygls_caps(params: dict) -> dict:
    from lsprotocol import types as T
    from pygls.capabilities import ServerCapabilitiesBuilder

    from folio_lint.server.server import create_server

    ls = create_server()
    conv = ls.protocol._converter
    cc = conv.structure(params.get("capabilities") or {}, T.ClientCapabilities)
    enc = ServerCapabilitiesBuilder.choose_position_encoding(cc)
    fm = ls.protocol.fm
    sc = ServerCapabilitiesBuilder(cc, set({**fm.features, **fm.builtin_features}.keys()), fm.feature_options,
                                   list(fm.commands.keys()), ls._text_document_sync_kind, ls._notebook_document_sync,
                                   enc).build()
    return json.loads(json.dumps(conv.unstructure(sc)))


@pytest.mark.parametrize("debug", [False, True])
def test_capabilities_equal_pygls(monkeypatch, debug):
    pytest.importorskip("pytest_lsp")
    if debug:
        monkeypatch.setenv("FOLIO_LINT_SERVER_DEBUG", "1")
    else:
        monkeypatch.delenv("FOLIO_LINT_SERVER_DEBUG", raising=False)
    variants = [{}, {"capabilities": {}},
                {"capabilities": {"general": {"positionEncodings": ["utf-32", "utf-8"]}}},
                {"capabilities": {"general": {"positionEncodings": ["latin-1"]}}},
                {"capabilities": {"textDocument": {"synchronization": {"willSave": True}}}}]
    for spec in _client_specs():
        data = json.loads(spec.read_text(encoding="utf-8"))
        variants.append({"capabilities": data.get("capabilities", data)})
    for params in variants:
        assert fastinit.capabilities(params) == _pygls_caps(params), params


def _frame(obj) -> bytes:
    b = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def test_replay_and_drop():
    first = _frame({"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": {}})
    stream = io.BytesIO(first + _frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    raw, msg = fastinit.read_message(stream)
    assert raw == first and msg["id"] == 7
    r = fastinit.ReplayReader(raw, stream)
    assert r.readline().startswith(b"Content-Length")
    assert r.readline() == b"\r\n"
    body = r.read(len(first) - first.index(b"\r\n\r\n") - 4)
    assert json.loads(body)["method"] == "initialize"
    assert r.readline().startswith(b"Content-Length")  # the next message, from the stream itself
    out = io.BytesIO()
    w = fastinit.DropFirstResponse(out, 7)
    w.write(_frame({"jsonrpc": "2.0", "method": "window/logMessage", "params": {}}))
    w.write(_frame({"jsonrpc": "2.0", "id": 7, "result": {}}))  # dropped
    w.write(_frame({"jsonrpc": "2.0", "id": 7, "result": {"x": 1}}))  # a later one with that id is not
    assert out.getvalue().count(b"Content-Length") == 2


def _initialize(env_extra: dict) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), **env_extra)
    p = subprocess.Popen([sys.executable, "-m", "folio_lint", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    try:
        params = {"processId": None, "rootUri": None, "capabilities": {"general": {"positionEncodings": ["utf-8"]}}}
        p.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params}))
        p.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        p.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        p.stdin.flush()
        out, _ = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    msgs = []
    while out:
        i = out.index(b"\r\n\r\n")
        n = int(out[:i].split(b":")[1].split(b"\r\n")[0])
        msgs.append(json.loads(out[i + 4:i + 4 + n]))
        out = out[i + 4 + n:]
    return msgs


def test_one_answer_per_request_fast_or_not():
    fast = _initialize({})
    slow = _initialize({"FOLIO_LINT_SERVER_NO_FAST": "1"})
    for msgs in (fast, slow):
        ids = [m.get("id") for m in msgs if "method" not in m]
        assert ids == [1, 2], msgs
    assert fast[0]["result"] == next(m for m in slow if m.get("id") == 1)["result"]
    assert fast[0]["result"]["capabilities"]["positionEncoding"] == "utf-8"
