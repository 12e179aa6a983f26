"""A pytest-lsp client for the server tests: the real `python -m folio_lint server` as a subprocess."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from pathlib import Path

from lsprotocol import types as T
from pygls.uris import from_fs_path
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "server" / "site"
WAIT = 30.0  # seconds: the bound of every wait


def make_client() -> LanguageClient:
    from pytest_lsp.client import default_converter

    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # every publishDiagnostics, in order: (uri, version, diagnostics)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: T.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append((params.uri, params.version, params.diagnostics))

    features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    client.registrations = []

    def register(client: LanguageClient, params: T.RegistrationParams):
        client.registrations.extend(params.registrations)
        return None

    features[T.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["FOLIO_LINT_SERVER_DEBUG"] = "1"
    env.pop("GITHUB_ACTIONS", None)
    return env


CONFIG = ClientServerConfig(server_command=[sys.executable, "-m", "folio_lint", "server"],
                            client_factory=make_client, server_env=server_env())


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    """The `client` fixture of the server tests (import it into a test module): the server is
    started for each test and shut down after it."""
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), WAIT)
    except Exception:
        pass


def copy_site(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(FIXTURE, dest)
    return dest


def uri(p: Path) -> str:
    return from_fs_path(str(p))


def capabilities(*, encodings=("utf-16",), pull=False, watch=False, progress=True) -> T.ClientCapabilities:
    return T.ClientCapabilities(
        general=T.GeneralClientCapabilities(position_encodings=[T.PositionEncodingKind(e) for e in encodings]),
        window=T.WindowClientCapabilities(work_done_progress=progress),
        workspace=T.WorkspaceClientCapabilities(
            configuration=True,
            did_change_watched_files=T.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            diagnostics=T.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
        text_document=T.TextDocumentClientCapabilities(
            publish_diagnostics=T.PublishDiagnosticsClientCapabilities(version_support=True, code_description_support=True),
            diagnostic=T.DiagnosticClientCapabilities(dynamic_registration=False) if pull else None,
            completion=T.CompletionClientCapabilities(completion_item=T.ClientCompletionItemOptions(
                documentation_format=[T.MarkupKind.Markdown, T.MarkupKind.PlainText])),
            hover=T.HoverClientCapabilities(content_format=[T.MarkupKind.Markdown]),
            code_action=T.CodeActionClientCapabilities(code_action_literal_support=T.ClientCodeActionLiteralOptions(
                code_action_kind=T.ClientCodeActionKindOptions(value_set=[T.CodeActionKind.QuickFix,
                                                                          T.CodeActionKind.SourceFixAll]))),
        ),
    )


async def start(client: LanguageClient, root: Path, *, options=None, **caps) -> T.InitializeResult:
    return await asyncio.wait_for(client.initialize_session(T.InitializeParams(
        capabilities=capabilities(**caps), root_uri=uri(root),
        workspace_folders=[T.WorkspaceFolder(uri=uri(root), name=root.name)],
        initialization_options=options or {})), WAIT)


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    u = uri(path)
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(
        uri=u, language_id="markdown", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return u


def change_doc(client: LanguageClient, u: str, text: str, version: int) -> None:
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=u, version=version),
        [T.TextDocumentContentChangeWholeDocument(text=text)]))


async def wait_for(pred, timeout: float = WAIT, what: str = "condition"):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        got = pred()
        if got:
            return got
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


async def diags_for(client: LanguageClient, u: str, version: int | None = None, pred=None):
    """The latest diagnostics published for ``u`` (for ``version``, and satisfying ``pred``)."""

    def got():
        for pu, pv, pd in reversed(client.published):
            if pu == u and (version is None or pv == version):
                if pred is None or pred(pd):
                    return [pd]
                return None
        return None

    return (await wait_for(got, what=f"diagnostics for {u} v{version}"))[0]


def codes(diags) -> list[str]:
    return sorted(str(d.code) for d in diags)


def apply_text_edits(text: str, edits: list[T.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP edits as an editor does (positions in the negotiated encoding)."""
    from folio_lint.server.positions import PositionMap

    pm = PositionMap(text, encoding)
    spans = sorted(((pm.offset(e.range.start.line, e.range.start.character),
                     pm.offset(e.range.end.line, e.range.end.character), e.new_text) for e in edits), reverse=True)
    for s, e, new in spans:
        text = text[:s] + new + text[e:]
    return text
