"""folio-lint's language server (``folio-lint server``).

The LSP machinery (pygls, lsprotocol) is an optional dependency: ``pip install 'folio-lint[server]'``.
Nothing here is imported by ``folio-lint check``.
"""

from __future__ import annotations

INSTALL_HINT = (
    "folio-lint server needs the language-server libraries (pygls 2 and lsprotocol).\n"
    "Install them with:  pip install 'folio-lint[server]'   (or: pip install 'pygls>=2,<3')"
)


def available() -> str | None:
    """None when the server can start, else why not (found without importing the libraries: that is slow)."""
    from importlib.util import find_spec

    for mod in ("pygls", "lsprotocol", "pygls.lsp"):  # pygls.lsp: pygls 2.x
        try:
            if find_spec(mod) is None:
                return f"No module named '{mod}'"
        except (ImportError, ValueError) as e:
            return f"{e}"
    return None


def run() -> None:
    """Serve LSP over stdio. ``initialize`` is answered before pygls is imported (see ``fastinit``)."""
    import logging
    import os
    import sys

    from .fastinit import serve

    logging.basicConfig(level=os.environ.get("FOLIO_LINT_LOG", "WARNING").upper(), format="folio-lint server: %(message)s")
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    finally:
        # The client is gone (exit, or stdin closed): end now. A normal interpreter exit would first
        # wait for the worker thread to finish its lint and every lint queued behind it.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        os._exit(0)
