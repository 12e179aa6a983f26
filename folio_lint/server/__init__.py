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
    """None when the server can start, else why not."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
        from pygls.lsp.server import LanguageServer  # noqa: F401  (pygls 2.x)
    except ImportError as e:
        return f"{e}"
    return None


def run() -> None:
    from .server import main

    main()
