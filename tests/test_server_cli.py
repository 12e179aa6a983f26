"""`folio-lint server` without the optional libraries: a clear install hint, exit code 2."""

from __future__ import annotations

from click.testing import CliRunner

import folio_lint.server as server
from folio_lint.cli import main_group


def test_missing_pygls_gives_an_install_hint(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name.startswith("pygls") else real(name, *a))
    assert "pygls" in (server.available() or "")
    r = CliRunner().invoke(main_group, ["server"])
    assert r.exit_code == 2
    assert "pip install 'folio-lint[server]'" in r.output


def test_server_help():
    r = CliRunner().invoke(main_group, ["server", "--help"])
    assert r.exit_code == 0 and "language server" in r.output.lower()
