"""``folio-lint server``: a Language Server Protocol server over stdio (pygls 2, lsprotocol types).

Design:

* ``initialize`` is answered at once; each site is indexed after ``initialized``, on one worker
  thread, with ``window/workDoneProgress`` when the client supports it. All work on a site's
  held index (indexing, linting, fixes, completion) runs on that one worker thread, in the order
  it was asked for, so the index is never changed by two threads.
* Diagnostics are debounced per document; a result computed for an older version is dropped.
  A lint that changes what other pages can see (front matter, headings) re-lints the other
  open pages of the site. Clients that offer pull diagnostics are served by
  ``textDocument/diagnostic`` (and ``workspace/diagnostic/refresh``) instead of pushes.
* Every request handler is guarded: an exception is logged with ``window/logMessage`` and
  answered with an error; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import os
import time
import traceback
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..diagnostics import Applicability, Diagnostic, Severity
from . import service as S
from .fastinit import TRIGGERS
from .positions import UTF16, PositionMap

log = logging.getLogger("folio_lint.server")

NAME = "folio-lint"
FIX_ALL_KIND = "source.fixAll.folio-lint"
DEFAULT_DEBOUNCE = 0.2  # seconds
PARENT_POLL = 2.0  # seconds between checks that the client process is alive
WAIT_LINT = 120.0  # seconds a request waits for the lint under way of its document
MAX_RELATED = 20  # related locations per diagnostic (a target linked 20,000 times lists 20)
SETTINGS_FILES = (".folio-lint.yml", ".folio-lint.yaml", "pyproject.toml")  # folio-lint's own configuration files
_SEVERITY = {Severity.ERROR: T.DiagnosticSeverity.Error, Severity.WARNING: T.DiagnosticSeverity.Warning,
             Severity.INFO: T.DiagnosticSeverity.Information}


def _rule_url(code: str) -> str | None:
    try:
        from ..ruledocs import rule_url
    except ImportError:
        return None
    return rule_url(code)


class _Unanswerable:
    """What a request that could not be read becomes after its error response was sent: ignored."""

    jsonrpc = None


class FolioProtocol(LanguageServerProtocol):
    """pygls's protocol, except that a request whose params do not fit the LSP types (a position
    with ``line: -1``) is answered with a JSON-RPC error (-32602 Invalid params) instead of being
    logged and left unanswered (the client would wait forever)."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if not (isinstance(data, dict) and "id" in data and "method" in data):
                raise  # a notification (nothing to answer) or a response
            msg = f"invalid params for {data.get('method')}" if isinstance(exc, JsonRpcInvalidParams) else str(exc)
            code = exc.code if isinstance(getattr(exc, "code", None), int) else JsonRpcInvalidParams.CODE
            try:
                self._send_response(data["id"], error=T.ResponseError(code=code, message=msg))
            except Exception:  # pragma: no cover - the connection is gone
                log.exception("cannot answer")
            return _Unanswerable()

    def handle_message(self, message):
        if isinstance(message, _Unanswerable):
            return None
        return super().handle_message(message)


class FolioServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=T.TextDocumentSyncKind.Incremental,
                         protocol_cls=FolioProtocol)
        self.worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="folio-lint")
        self.options: dict[str, Any] = {}
        self.states: dict[str, S.SiteState] = {}  # site root -> state
        self.folders: list[str] = []
        self.pending: dict[str, asyncio.Task] = {}  # uri -> debounced lint
        self.rebuilds: dict[str, asyncio.Task] = {}  # root -> debounced re-index
        self.watching = False
        self.pull = False
        self.debounce = DEFAULT_DEBOUNCE
        self.published: dict[str, tuple] = {}  # uri -> (version, result id) of the last publish
        self.indexing: dict[str, asyncio.Future] = {}
        self.roots: dict[str, str | None] = {}  # folder -> its site root (cache; cleared on file events)
        self.scans: dict[str, asyncio.Task] = {}  # root -> background scan of the missing link targets (FL311)

    # ------------------------------------------------------------------ helpers
    @property
    def encoding(self) -> str:
        try:
            e = self.workspace.position_encoding
        except RuntimeError:
            return UTF16
        return str(getattr(e, "value", e) or UTF16)

    def log_msg(self, text: str, level: T.MessageType = T.MessageType.Info) -> None:
        try:
            self.window_log_message(T.LogMessageParams(type=level, message=text))
        except Exception:  # pragma: no cover - the connection is gone
            log.exception("cannot log")

    async def in_worker(self, fn, *args):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, functools.partial(fn, *args))

    def caps(self, dotted: str):
        obj: Any = self.client_capabilities
        for part in dotted.split("."):
            obj = getattr(obj, part, None) if obj is not None else None
        return obj

    def text_of(self, uri: str) -> str | None:
        """The document's text: the open buffer, else the file on disk; None when there is neither."""
        try:
            return self.workspace.get_text_document(uri).source
        except (OSError, ValueError, UnicodeError):
            return None

    def posmap(self, text: str) -> PositionMap:
        shift = 1 if text.startswith("\ufeff") else 0
        return PositionMap(text, self.encoding, shift=shift)

    # ------------------------------------------------------------------ sites
    def state_for_path(self, abspath: str) -> tuple[S.SiteState, str, bool]:
        """(state, site-relative path, new) for a file; creates (not indexes) the state of a new site."""
        from ..discover import find_site_root

        abspath = os.path.abspath(abspath)
        d = os.path.dirname(abspath)
        root = self.roots.get(d, False)
        if root is False:
            root = self.roots[d] = find_site_root(d)
        if root is None:  # not in a Jekyll site: a state that already holds it, else its folder's
            for r, st in sorted(self.states.items(), key=lambda kv: -len(kv[0])):
                if abspath.startswith(r.rstrip(os.sep) + os.sep):
                    return st, st.relpath(abspath), False
            root = next((f for f in self.folders if abspath.startswith(f.rstrip(os.sep) + os.sep)), None)
            if root is None:
                from ..discover import guess_standalone_root

                root = guess_standalone_root(abspath)
        st = self.states.get(root)
        new = st is None
        if st is None:
            st = self.states[root] = S.SiteState(root, self.settings_for(root),
                                                 use_cache=bool(self.options.get("cache", True)))
        return st, st.relpath(abspath), new

    async def index(self, st: S.SiteState, *, title: str = "Indexing site") -> None:
        token = None
        if self.caps("window.work_done_progress"):
            token = f"folio-lint-index-{id(st)}-{time.monotonic_ns()}"
            try:
                await asyncio.wait_for(self.work_done_progress.create_async(token), 5)
                self.work_done_progress.begin(token, T.WorkDoneProgressBegin(
                    title=f"folio-lint: {title}", message=os.path.basename(st.root) or st.root, cancellable=False))
            except Exception:
                token = None
        try:
            await self.in_worker(_build_and_freeze, st)
        except Exception as e:
            self.log_msg(f"folio-lint: indexing {st.root} failed: {type(e).__name__}: {e}\n{traceback.format_exc()}",
                         T.MessageType.Error)
        finally:
            n = len(st.site.documents) if st.site is not None else 0
            self.log_msg(f"folio-lint: indexed {st.root}: {n} documents in {st.index_seconds * 1000:.0f} ms")
            if token is not None:
                self.work_done_progress.end(token, T.WorkDoneProgressEnd(message=f"{n} documents"))
        self.start_scan(st)

    def start_scan(self, st: S.SiteState) -> None:
        """Scan every page's links for missing targets in the background (FL311 counts the whole
        site): in small steps on the worker, so edits queued meanwhile are linted first."""
        t = self.scans.get(st.root)
        if st.site is not None and (t is None or t.done()):
            self.scans[st.root] = asyncio.ensure_future(self._scan(st))

    async def _scan(self, st: S.SiteState) -> None:
        t0, steps = time.monotonic(), 0
        try:
            while True:
                done, changed = await self.in_worker(st.scan_places)
                steps += not st.scan_waiting
                if changed:
                    self.relint_open(st)
                if done:
                    if steps > 1:
                        self.log_msg(f"folio-lint: scanned the links of {st.root} for missing targets in "
                                     f"{(time.monotonic() - t0) * 1000:.0f} ms")
                    return
                await asyncio.sleep(0.1 if st.scan_waiting else 0)
        except asyncio.CancelledError:
            pass
        except RuntimeError:  # the worker is shut down
            pass
        except Exception as e:
            self.log_msg(f"folio-lint: scanning {st.root} failed: {type(e).__name__}: {e}\n{traceback.format_exc()}",
                         T.MessageType.Error)

    async def ensure_index(self, st: S.SiteState) -> None:
        """Index a site once; callers arriving while it is being indexed wait for the same run."""
        if st.site is not None:
            return
        t = self.indexing.get(st.root)
        if t is None or t.done():
            t = self.indexing[st.root] = asyncio.ensure_future(self.index(st))
        await asyncio.shield(t)

    # ------------------------------------------------------------------ diagnostics
    def to_lsp(self, d: Diagnostic, pm: PositionMap, related: list | None = None) -> T.Diagnostic:
        (l0, c0), (l1, c1) = pm.range(d.start_offset, d.end_offset)
        msg = d.message + (f"\n{d.hint}" if d.hint else "")
        url = _rule_url(d.code)
        return T.Diagnostic(
            related_information=related or None,
            range=T.Range(T.Position(l0, c0), T.Position(l1, c1)),
            message=msg,
            severity=_SEVERITY.get(d.severity, T.DiagnosticSeverity.Warning),
            code=d.code,
            code_description=T.CodeDescription(href=url) if url else None,
            source=NAME,
            data={"rule": d.rule, "fixable": d.fix is not None},
        )

    def lsp_items(self, uri: str, text: str, diags: list[Diagnostic]) -> list[T.Diagnostic]:
        """The LSP form of a document's diagnostics; a broken link whose target other places link
        to as well (FL311's shared missing target) lists those places as related information."""
        pm = self.posmap(text)
        info: dict = {}
        p = uri_path(uri)
        st = None
        if p is not None:
            st, rel, _ = self.state_for_path(p)
            info = st.related_info.get(rel) or {}
        out = []
        maps: dict[str, tuple[str | None, PositionMap]] = {}  # other file -> (uri, its position map): one per lint
        made: dict[tuple, T.DiagnosticRelatedInformation | None] = {}
        for d in diags:
            related = None
            places = info.get((d.start_offset, d.end_offset, d.code))
            if places and st is not None:
                related = []
                for op, s, e, otext in places[:MAX_RELATED]:
                    ri = made.get((op, s, e), False)
                    if ri is False:  # the places of one target come again for each of its links here
                        got = maps.get(op)
                        if got is None:
                            got = maps[op] = (from_fs_path(os.path.join(st.root, op)), PositionMap(otext, self.encoding))
                        ou, opm = got
                        ri = made[(op, s, e)] = None if ou is None else T.DiagnosticRelatedInformation(
                            location=T.Location(uri=ou, range=_rng(opm, s, e)),
                            message=f"also links to this missing target ({op})")
                    if ri is not None:
                        related.append(ri)
            out.append(self.to_lsp(d, pm, related))
        return out

    def publish(self, uri: str, version: int | None, text: str, diags: list[Diagnostic]) -> None:
        items = self.lsp_items(uri, text, diags)
        rid = result_id(items)
        if self.published.get(uri) == (version, rid):
            return  # said already (a re-lint after the link scan that changed nothing here)
        self.published[uri] = (version, rid)
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version))

    def schedule(self, uri: str, delay: float | None = None) -> None:
        t = self.pending.pop(uri, None)
        if t is not None and not t.done():
            t.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, self.debounce if delay is None else delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self.lint_uri(uri)
        except asyncio.CancelledError:
            pass
        except Exception as e:
            self.log_msg(f"folio-lint: linting {uri} failed: {type(e).__name__}: {e}\n{traceback.format_exc()}",
                         T.MessageType.Error)

    async def lint_uri(self, uri: str, *, publish: bool = True) -> list[Diagnostic] | None:
        path = uri_path(uri)
        if path is None:
            return None
        try:
            doc = self.workspace.get_text_document(uri)
            version, text = doc.version, doc.source
        except Exception:
            return None
        st, rel, _ = self.state_for_path(path)
        await self.ensure_index(st)
        diags, others = await self.in_worker(self._lint_job, st, rel, text, version)
        if diags is None:
            return None  # a site file whose buffer is not saved yet: its findings come on save
        cur = self.workspace.get_text_document(uri)
        if cur.version != version or cur.source != text:
            return None  # an older version: dropped
        if publish and not self.pull:
            self.publish(uri, version, text, diags)
        self.start_scan(st)
        if others:
            if self.pull:
                if self.caps("workspace.diagnostics.refresh_support"):
                    self.workspace_diagnostic_refresh(None)
            else:
                for o in others:
                    ou = from_fs_path(os.path.join(st.root, o))
                    if ou is not None and ou in self.workspace.text_documents:
                        self.schedule(ou, 0)
        return diags

    @staticmethod
    def _lint_job(st: S.SiteState, rel: str, text: str, version):
        if not st.is_page(rel, text):
            return st.lint_file(rel, text, version), []
        old = st.open.get(rel)
        old_sig = old.signature if old is not None else None
        diags = st.lint(rel, text, version)
        changed = old_sig is not None and old_sig != st.open[rel].signature
        others = [p for p in st.open if p != rel] if changed or old is None else []
        return diags, others

    # ------------------------------------------------------------------ files on disk
    def settings_file_changed(self, path: str) -> set[str]:
        """A `.folio-lint.yml`/`pyproject.toml` changed: re-read the settings of every indexed site it
        may configure (the site's own folder or any folder above it); returns their roots."""
        d = os.path.dirname(os.path.abspath(path)).rstrip(os.sep)
        roots = set()
        for root, st in self.states.items():
            if st.site is not None and (root == d or root.startswith(d + os.sep)):
                st.settings = self.settings_for(root)
                roots.add(root)
        return roots

    def on_disk_change(self, changes: list[tuple[str, int]]) -> None:
        self.roots.clear()  # a _config.yml may have come or gone
        roots: set[str] = set()
        for path, _kind in changes:
            if os.path.basename(path) in SETTINGS_FILES:
                roots |= self.settings_file_changed(path)
                continue
            st, rel, new = self.state_for_path(path)
            if new:
                continue  # a site nobody looks at yet
            od = st.open.get(rel)
            if od is not None and st.is_page(rel, od.text):
                continue  # the buffer is the truth
            roots.add(st.root)
        for r in roots:
            self.schedule_rebuild(self.states[r], 0.3)

    def schedule_rebuild(self, st: S.SiteState, delay: float) -> None:
        t = self.rebuilds.pop(st.root, None)
        if t is not None and not t.done():
            t.cancel()
        self.rebuilds[st.root] = asyncio.ensure_future(self._rebuild_later(st, delay))

    async def _rebuild_later(self, st: S.SiteState, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            await self.index(st, title="Re-indexing site")
            self.relint_open(st)
        except asyncio.CancelledError:
            pass

    def relint_open(self, st: S.SiteState) -> None:
        if self.pull:
            if self.caps("workspace.diagnostics.refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for rel in list(st.open):
            u = from_fs_path(os.path.join(st.root, rel))
            if u is not None and u in self.workspace.text_documents:
                self.schedule(u, 0)

    async def pull_config(self) -> None:
        if not self.caps("workspace.configuration"):
            return
        try:
            got = await asyncio.wait_for(self.workspace_configuration_async(
                T.ConfigurationParams(items=[T.ConfigurationItem(section=NAME)])), 5)
        except Exception as e:
            self.log_msg(f"folio-lint: workspace/configuration failed: {e}", T.MessageType.Warning)
            return
        if got and isinstance(got[0], dict):
            self.apply_options({**self.options, **got[0]})

    def apply_options(self, opts: dict) -> None:
        self.options = opts or {}
        try:
            self.debounce = max(0.0, float(self.options.get("debounce", self.options.get("debounceMs", DEFAULT_DEBOUNCE * 1000))) / 1000)
        except (TypeError, ValueError):
            self.debounce = DEFAULT_DEBOUNCE
        for st in self.states.values():
            st.settings = self.settings_for(st.root)

    def settings_for(self, root: str):
        """The site's settings (configuration file + client options); defaults when the file is wrong
        (said in the log and, once per distinct problem, as a message the editor shows)."""
        try:
            return S.settings_from(self.options, root)
        except Exception as e:
            text = f"folio-lint: configuration for {root}: {e}; using the defaults"
            self.log_msg(text, T.MessageType.Warning)
            shown = self.__dict__.setdefault("_shown_config_problems", set())
            if text not in shown:
                shown.add(text)
                try:
                    self.window_show_message(T.ShowMessageParams(type=T.MessageType.Warning, message=text))
                except Exception:  # pragma: no cover - the connection is gone
                    log.exception("cannot show a message")
            from ..settings import Settings

            return Settings()


def _build_and_freeze(st: S.SiteState) -> None:
    """Index with the cycle collector paused, then move the (long-lived) index out of its way.

    Building a 10,000-page index allocates millions of objects that all stay alive: the automatic
    collections it triggers would traverse them (and every LSP type class) again and again, for
    nothing (about a quarter of the build). Afterwards the index is frozen (``gc.freeze``): a full
    collection otherwise pauses an edit's re-lint for a few hundred milliseconds.
    """
    import gc

    again = st.site is not None
    was = gc.isenabled()
    gc.disable()
    try:
        st.build()
    finally:
        if again:  # the replaced index may hold cycles: collect them once, then freeze what lives
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        if was:
            gc.enable()


def result_id(items: list[T.Diagnostic]) -> str:
    """The ``resultId`` of a pull report: the same items, the same id (across versions and runs)."""
    import hashlib

    return hashlib.blake2b(repr(items).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def uri_path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    p = to_fs_path(uri)
    return p if p else unquote(urlparse(uri).path)


# ---------------------------------------------------------------------- handlers
def guarded(server: FolioServer, *, request: bool):
    """Log (window/logMessage) any exception; requests answer with an error, notifications go on."""

    def deco(fn):
        def failed(e: Exception) -> None:
            server.log_msg(f"folio-lint: {fn.__name__} failed: {type(e).__name__}: {e}\n{traceback.format_exc()}",
                           T.MessageType.Error)
            if request:
                raise e

        if asyncio.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def aw(*args):
                try:
                    return await fn(*args)
                except asyncio.CancelledError:
                    raise
                except Exception as e:
                    failed(e)
            return aw

        @functools.wraps(fn)
        def w(*args):
            try:
                return fn(*args)
            except Exception as e:
                failed(e)
        return w

    return deco


def create_server() -> FolioServer:
    ls = FolioServer()
    req = functools.partial(guarded, ls, request=True)
    note = functools.partial(guarded, ls, request=False)

    @ls.feature(T.INITIALIZE)
    @req()
    def initialize(params: T.InitializeParams):
        opts = params.initialization_options
        ls.apply_options(opts if isinstance(opts, dict) else {})
        folders = []
        for f in params.workspace_folders or []:
            p = uri_path(f.uri)
            if p:
                folders.append(os.path.abspath(p))
        if not folders and params.root_uri:
            p = uri_path(params.root_uri)
            if p:
                folders.append(os.path.abspath(p))
        elif not folders and params.root_path:
            folders.append(os.path.abspath(params.root_path))
        ls.folders = folders
        mode = str(ls.options.get("diagnosticMode", "auto"))
        offered = ls.caps("text_document.diagnostic") is not None
        ls.pull = mode == "pull" or (mode == "auto" and offered)

    async def watch_parent(pid: int) -> None:
        """LSP: the server exits when the process that started it (``processId``) is gone."""
        while True:
            await asyncio.sleep(PARENT_POLL)
            if not parent_alive(pid):
                log.warning("the client (process %s) is gone: exiting", pid)
                os._exit(0)

    @ls.feature(T.INITIALIZED)
    @note()
    async def initialized(params: T.InitializedParams):
        pid = getattr(ls, "process_id", None)
        if isinstance(pid, int) and pid > 0 and parent_alive(pid):
            # (a client whose id this process cannot see, e.g. from outside a container, is not watched)
            ls.parent_watch = asyncio.ensure_future(watch_parent(pid))
        await ls.pull_config()
        if ls.caps("workspace.did_change_watched_files.dynamic_registration"):
            try:
                await asyncio.wait_for(ls.client_register_capability_async(T.RegistrationParams(registrations=[
                    T.Registration(id="folio-lint-watch", method=T.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                   register_options=T.DidChangeWatchedFilesRegistrationOptions(
                                       watchers=[T.FileSystemWatcher(glob_pattern="**/*")]))])), 5)
                ls.watching = True
            except Exception as e:
                ls.log_msg(f"folio-lint: cannot watch files ({e}); the index is re-read on save", T.MessageType.Warning)
        from ..discover import find_site_root

        for f in ls.folders:
            root = find_site_root(f)
            if root is None:
                continue  # not (inside) a Jekyll site: a site is indexed when one of its files is opened
            st, _, _ = ls.state_for_path(os.path.join(root, "_config.yml"))
            await ls.ensure_index(st)

    @ls.feature(T.SHUTDOWN)
    @note()
    def shutdown(params):
        for t in list(ls.pending.values()) + list(ls.rebuilds.values()) + list(ls.scans.values()):
            t.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)  # queued lints are dropped, not run

    @ls.feature(T.TEXT_DOCUMENT_DID_OPEN)
    @note()
    def did_open(params: T.DidOpenTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @ls.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    @note()
    def did_change(params: T.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @ls.feature(T.TEXT_DOCUMENT_DID_SAVE)
    @note()
    def did_save(params: T.DidSaveTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)
        if not ls.watching:
            p = uri_path(params.text_document.uri)
            if p and os.path.basename(p) in SETTINGS_FILES:  # (with a watcher, on_disk_change does this)
                for root in ls.settings_file_changed(p):
                    ls.schedule_rebuild(ls.states[root], 1.0)
            elif p:
                st, _, new = ls.state_for_path(p)
                if not new and st.site is not None:
                    ls.schedule_rebuild(st, 1.0)

    @ls.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    @note()
    async def did_close(params: T.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        t = ls.pending.pop(uri, None)
        if t is not None:
            t.cancel()
        p = uri_path(uri)
        if p:
            st, rel, _ = ls.state_for_path(p)
            await ls.in_worker(st.close, rel)
            ls.published.pop(uri, None)
            if not ls.pull:
                ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @ls.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @note()
    def did_change_watched(params: T.DidChangeWatchedFilesParams):
        ch = []
        for c in params.changes:
            p = uri_path(c.uri)
            if p:
                ch.append((p, int(c.type)))
        ls.on_disk_change(ch)

    @ls.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @note()
    async def did_change_config(params: T.DidChangeConfigurationParams):
        s = params.settings
        if isinstance(s, dict) and isinstance(s.get(NAME), dict):
            ls.apply_options({**ls.options, **s[NAME]})
        else:
            await ls.pull_config()
        for st in ls.states.values():
            ls.relint_open(st)

    @ls.feature(T.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @note()
    async def did_change_folders(params: T.DidChangeWorkspaceFoldersParams):
        for f in params.event.added:
            p = uri_path(f.uri)
            if p:
                ls.folders.append(os.path.abspath(p))
                from ..discover import find_site_root

                if find_site_root(p) is not None:
                    st, _, _ = ls.state_for_path(os.path.join(find_site_root(p), "_config.yml"))
                    await ls.ensure_index(st)

    @ls.feature(T.TEXT_DOCUMENT_DIAGNOSTIC, T.DiagnosticOptions(identifier=NAME, inter_file_dependencies=True,
                                                                workspace_diagnostics=False))
    @req()
    async def pull_diagnostics(params: T.DocumentDiagnosticParams):
        """A full report with a ``resultId`` (a hash of what it says), or ``unchanged`` when the
        client's ``previousResultId`` is that of what it would say now."""
        uri = params.text_document.uri
        diags = await current_diags(uri)
        text = ls.text_of(uri)
        items = ls.lsp_items(uri, text, diags) if diags and text is not None else []
        rid = result_id(items)
        if params.previous_result_id == rid:
            return T.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return T.RelatedFullDocumentDiagnosticReport(items=items, result_id=rid)

    async def current_diags(uri: str) -> list[Diagnostic] | None:
        """The diagnostics of the document's current text (computed now if needed)."""
        p = uri_path(uri)
        if p is None:
            return None
        text = ls.text_of(uri)
        if text is None:
            return None
        st, rel, _ = ls.state_for_path(p)
        await ls.ensure_index(st)
        got = st.fresh(rel, text)
        if got is not None:
            return got
        t = ls.pending.get(uri)
        if t is not None and not t.done():  # a lint of this document is under way: its result, not a second run
            try:
                await asyncio.wait_for(asyncio.shield(t), WAIT_LINT)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
            got = st.fresh(rel, ls.text_of(uri) or "")
            if got is not None:
                return got
        for _ in range(3):
            diags = await ls.lint_uri(uri, publish=False)
            if diags is not None:
                return diags
        got = st.diags.get(rel)
        return got[2] if got is not None and got[1] == ls.text_of(uri) else []

    @ls.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(
        code_action_kinds=[T.CodeActionKind.QuickFix, T.CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolve_provider=False))
    @req()
    async def code_action(params: T.CodeActionParams):
        uri = params.text_document.uri
        p = uri_path(uri)
        if p is None:
            return None
        diags = await current_diags(uri) or []
        text = ls.text_of(uri)
        if text is None:
            return []
        pm = ls.posmap(text)
        st, rel, _ = ls.state_for_path(p)
        only = [str(getattr(k, "value", k)) for k in (params.context.only or [])]

        def wanted(kind: str) -> bool:
            return not only or any(kind == o or kind.startswith(o + ".") for o in only)

        out: list[T.CodeAction] = []
        a = pm.offset(params.range.start.line, params.range.start.character)
        b = pm.offset(params.range.end.line, params.range.end.character)
        bom = text.startswith("\ufeff")
        body = text[1:] if bom else text
        if wanted(T.CodeActionKind.QuickFix.value):
            for d in diags:
                if d.path != rel or not (d.start_offset <= b and a <= max(d.end_offset, d.start_offset)):
                    continue
                ld = ls.to_lsp(d, pm)
                if d.fix is not None and d.fix.applicability != Applicability.DISPLAY:
                    edits = [T.TextEdit(range=_rng(pm, e.start, e.end), new_text=e.content) for e in d.fix.edits]
                    safe = d.fix.applicability == Applicability.SAFE
                    out.append(T.CodeAction(
                        title=f"{d.fix.title} ({d.code})" + ("" if safe else " (unsafe)"),
                        kind=T.CodeActionKind.QuickFix, diagnostics=[ld], is_preferred=safe,
                        edit=T.WorkspaceEdit(changes={uri: edits})))
                for whole in (False, True):
                    e = S.suppression_edits(body, d, whole_file=whole, bom=bom)
                    if e is None:
                        continue
                    out.append(T.CodeAction(
                        title=f"Disable {d.code} ({d.rule}) for this {'file' if whole else 'line'}",
                        kind=T.CodeActionKind.QuickFix, diagnostics=[ld],
                        edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(range=_rng(pm, e.start, e.end), new_text=e.content)]})))
        if wanted(FIX_ALL_KIND) and any(d.fix is not None and d.fix.applicability == Applicability.SAFE for d in diags):
            fixed = await ls.in_worker(S.fix_all, st, rel, text)
            if fixed != text:
                s, e, content = S.minimal_edit(text, fixed)
                full = PositionMap(text, ls.encoding)  # the whole buffer (BOM included) here
                out.append(T.CodeAction(
                    title="Fix all safe folio-lint findings", kind=FIX_ALL_KIND,
                    edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(range=_rng(full, s, e), new_text=content)]})))
        return out

    async def cursor(params: T.TextDocumentPositionParams) -> tuple | None:
        """(state, site path, position map, offset, text without BOM) at a request's position."""
        p = uri_path(params.text_document.uri)
        if p is None:
            return None
        text = ls.text_of(params.text_document.uri)
        if text is None:
            return None  # never opened and not on disk: nothing to say
        st, rel, _ = ls.state_for_path(p)
        await ls.ensure_index(st)
        pm = ls.posmap(text)
        off = pm.offset(params.position.line, params.position.character)
        return st, rel, pm, off, text[1:] if text.startswith("\ufeff") else text

    @ls.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=list(TRIGGERS)))
    @req()
    async def completion(params: T.CompletionParams):
        at = await cursor(params)
        if at is None:
            return T.CompletionList(is_incomplete=False, items=[])
        st, rel, pm, off, body = at
        items = await ls.in_worker(S.complete, st, rel, body, off)
        kinds = {"key": T.CompletionItemKind.Property, "value": T.CompletionItemKind.Value,
                 "layout": T.CompletionItemKind.EnumMember, "file": T.CompletionItemKind.File,
                 "url": T.CompletionItemKind.Reference}
        out = []
        for it in items:
            out.append(T.CompletionItem(
                label=it.label, kind=kinds.get(it.kind), detail=it.detail,
                documentation=T.MarkupContent(kind=T.MarkupKind.Markdown, value=it.documentation) if it.documentation else None,
                sort_text=it.sort or None, filter_text=it.label,
                text_edit=T.TextEdit(range=_rng(pm, it.start, it.end), new_text=it.insert or it.label)))
        return T.CompletionList(is_incomplete=False, items=out)

    async def hover_diags(uri: str) -> list[Diagnostic]:
        """The diagnostics a hover names: the last ones computed for this very text will do (what
        changed since elsewhere in the site does not change which rules sit under the cursor)."""
        p, text = uri_path(uri), ls.text_of(uri)
        if p is None or text is None:
            return []
        st, rel, _ = ls.state_for_path(p)
        for wait in (True, False):
            got = st.diags.get(rel)
            if got is not None and got[1] == text:
                return got[2]
            t = ls.pending.get(uri)
            if not wait or t is None or t.done():
                break
            try:  # the lint under way of this document
                await asyncio.wait_for(asyncio.shield(t), WAIT_LINT)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                break
        return await current_diags(uri) or []

    @ls.feature(T.TEXT_DOCUMENT_HOVER)
    @req()
    async def hover(params: T.HoverParams):
        if uri_path(params.text_document.uri) is None:
            return None
        diags = await hover_diags(params.text_document.uri)
        at = await cursor(params)
        if at is None:
            return None
        st, rel, pm, off, body = at
        got = await ls.in_worker(S.hover, st, rel, body, off, diags)
        if got is None:
            return None
        md, s, e = got
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=md), range=_rng(pm, s, e))

    @ls.command("folio-lint.showRule")
    @req()
    def show_rule(*args):
        """The documentation of a rule (what `folio-lint rule CODE` prints)."""
        return S.rule_text(str(args[0]) if args else "")

    @ls.command("folio-lint.reindex")
    @req()
    async def reindex(*args):
        for st in list(ls.states.values()):
            await ls.index(st, title="Re-indexing site")
            ls.relint_open(st)

    if os.environ.get("FOLIO_LINT_SERVER_DEBUG"):
        @ls.command("folio-lint.debug.raise")
        @req()
        def debug_raise(*args):
            raise RuntimeError("a deliberate failure (folio-lint.debug.raise)")

    return ls


def _rng(pm: PositionMap, s: int, e: int) -> T.Range:
    (l0, c0), (l1, c1) = pm.range(s, e)
    return T.Range(T.Position(l0, c0), T.Position(l1, c1))


def main() -> None:
    from . import run

    run()


def parent_alive(pid: int) -> bool:
    """Is the process ``pid`` (the client's, from ``initialize``) still there? True when unknown."""
    if pid <= 0 or pid == os.getpid():
        return True
    if os.name == "nt":
        try:
            import ctypes

            k32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            h = k32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
            if not h:
                return False
            code = ctypes.c_ulong()
            ok = k32.GetExitCodeProcess(h, ctypes.byref(code))
            k32.CloseHandle(h)
            return not ok or code.value == 259  # STILL_ACTIVE
        except Exception:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
