"""The editor's view of a site: held index, open buffers, linting, fixes, completion and hover.

Everything here is synchronous and free of LSP types: the server (``server.py``) runs it on one
worker thread (so the held index is only ever changed by one thread) and converts the results to
LSP messages. Linting goes through :func:`folio_lint.engine.lint_text`, the same rules, settings,
suppressions and messages as ``folio-lint check``.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Edit, Fix
from ..engine import RuleContext, lint_text  # noqa: F401  (lint_text: the CLI path this mirrors)
from ..settings import Settings
from ..site import V1_BUILTIN_LAYOUTS, SiteIndex
from ..source import BOM, LineIndex, split_front_matter
from .fmcontext import ITEM, FmContext, front_matter_context



# ---------------------------------------------------------------------- settings
def settings_from(options: dict | None, root: str | None = None) -> Settings:
    """Settings as ``folio-lint check`` computes them (``.folio-lint.yml`` found from the site root
    up, or ``pyproject.toml``), with the client's options in the place of command-line flags.

    Options (``initializationOptions`` or the ``folio-lint`` section of ``workspace/configuration``):
    ``config`` (path of a configuration file), ``select``, ``extendSelect``, ``ignore`` (lists of
    selectors, or comma-separated text), ``external`` (bool, off by default), ``drafts`` (bool).
    Raises :class:`folio_lint.discover.FolioLintError` for a configuration file that is wrong, or a
    selector that matches no rule.
    """
    options = options or {}

    def lst(*names) -> tuple[str, ...]:
        for n in names:
            v = options.get(n)
            if isinstance(v, str):
                return tuple(x.strip() for x in v.split(",") if x.strip())
            if isinstance(v, (list, tuple)):
                return tuple(str(x).strip() for x in v if str(x).strip())
        return ()

    from ..config import CliOverrides, settings_for

    cfg = options.get("config") or options.get("configFile") or None
    if cfg and root and not os.path.isabs(cfg):
        cfg = os.path.join(root, cfg)
    cli = CliOverrides(
        select=lst("select"), extend_select=lst("extendSelect", "extend_select", "extend-select"),
        ignore=lst("ignore"), drafts=bool(options.get("drafts", False)),
        external=bool(options.get("external", options.get("externalLinks", False))),
        config=cfg,
    )
    from ..commands import validate_selectors

    validate_selectors(cli.select + cli.extend_select + cli.ignore)  # as the command line: a typo selects nothing
    return settings_for(root, cli)


# ---------------------------------------------------------------------- one site
@dataclass
class OpenDoc:
    path: str  # site-relative
    text: str
    version: int | None
    signature: tuple = ()


@dataclass
class SiteState:
    root: str
    settings: Settings
    site: SiteIndex | None = None
    open: dict[str, OpenDoc] = field(default_factory=dict)
    diags: dict[str, tuple[int | None, str, list[Diagnostic]]] = field(default_factory=dict)  # path -> (version, text, diags)
    site_cache: dict[str, tuple] = field(default_factory=dict)  # path -> (site signature, text, site-rule findings, ...)
    site_runs: int = 0  # how often the site rules ran (tests and the benchmark read it)
    generation: int = 0  # bumped whenever something site rules read changes (a page's signature, a re-index)
    use_cache: bool = True  # share .folio-lint-cache/'s parse cache with `folio-lint check`
    index_seconds: float = 0.0
    # the site-wide table of missing link targets (FL311 counts every page, as `folio-lint check`)
    places: dict[str, tuple[int, tuple]] = field(default_factory=dict)  # path -> (url_gen, ((target, start, end), ...))
    url_gen: int = 0  # bumped when what link resolution reads may have changed (front matter, pages, a re-index)
    places_version: int = 0  # bumped when the background scan changed the table (open pages' FL311 may change)
    url_changed_at: float = 0.0
    linted_at: float = 0.0  # when a buffer was last linted (the background scan waits for a pause in the edits)
    scan_waiting: bool = False  # the last scan step did nothing: edits have not paused yet
    _scan: tuple | None = None  # (url_gen, RuleContext, paths still to look at, changed)
    related_info: dict[str, dict] = field(default_factory=dict)  # path -> {(start, end, code): [(path, start, end, text)]}

    # ------------------------------------------------------------------ index
    def build(self) -> SiteIndex:
        from ..discover import build_site

        t0 = time.perf_counter()
        store = None
        if self.use_cache and not os.environ.get("FOLIO_LINT_NO_CACHE"):
            try:  # the parse cache `folio-lint check` keeps in .folio-lint-cache/ (unchanged pages are not re-parsed)
                from ..cache import SiteCache

                store = SiteCache(self.root)
            except Exception:
                store = None
        parse = (lambda srcs: store.parse_all(srcs, 1)) if store is not None else None  # 1: no fork from a thread
        site = build_site(self.root, stock=not _has_config(self.root), parse=parse)
        if store is not None:
            try:
                store.save_parse()
            except Exception:
                pass
        # open buffers win over what is on disk
        for od in self.open.values():
            site = _with_text(site, od.path, od.text, self.settings)
        try:  # the URL map, computed once now, so the first edit is as fast as the others
            from ..urls import url_map

            url_map(site, self.settings)
        except Exception:
            pass
        self.site = site
        self.generation += 1
        self.url_gen += 1
        self.index_seconds = time.perf_counter() - t0
        return site

    def relpath(self, abspath: str) -> str:
        return os.path.relpath(abspath, self.root).replace(os.sep, "/")

    # ------------------------------------------------------------------ linting
    def lint(self, path: str, text: str, version: int | None) -> list[Diagnostic]:
        """Lint a buffer; the held index takes its text (other pages see it).

        The same rules, settings and suppressions as :func:`folio_lint.engine.lint_text` (the CLI's
        path). Site rules (duplicate URLs, redirects, shared missing targets...) depend on a page
        only through what :func:`site_signature` captures; while that stays the same, their last
        findings are reused (shifted past the edit) instead of re-running them over the whole site.
        """
        assert self.site is not None
        od = self.open.get(path)
        if od is None:
            od = self.open[path] = OpenDoc(path, text, version)
        prev = od.signature if od.text == text and od.signature else None
        before = self.site.documents.get(path)
        before_sig = None
        if before is not None:  # the held text's signature: the last one computed, if it was of that text
            before_sig = od.signature if od.signature and od.text == before.text else None
        od.text, od.version = text, version
        od.signature = prev or site_signature(text)
        self.linted_at = time.monotonic()
        diags = self._lint(path, text, od.signature, before_sig)
        self.diags[path] = (version, text, diags, self.stamp())
        self.related_info[path] = self._related_of(path, diags)
        return diags

    def _related_of(self, path: str, diags: list[Diagnostic]) -> dict:
        """For each broken-link diagnostic (and FL311) of ``path`` whose target is shared: the other
        places linking to it, with their texts (the server turns them into related information)."""
        out: dict = {}
        index: dict | None = None  # target -> its places, built once (a page may hold 20,000 such links)
        for d in diags:
            if d.path != path or d.code not in (SHARED, "FL301", "FL401", "FL307"):
                continue
            if index is None:
                index = self._places_by_target()
            target = (d.data or {}).get("target") if d.code != SHARED else None
            got = self.related(path, d.start_offset, d.end_offset, target if isinstance(target, str) else None,
                               index=index)
            if got:
                docs = self.site.documents if self.site is not None else {}
                out[(d.start_offset, d.end_offset, d.code)] = [(p, s, e, docs[p].text) for p, s, e in got if p in docs]
        return out

    def stamp(self) -> tuple[int, int]:
        """What the diagnostics of a page depend on besides its text."""
        return (self.generation, self.places_version)

    def fresh(self, path: str, text: str) -> list[Diagnostic] | None:
        """The last diagnostics of ``path`` if they are still right for ``text`` and the rest of the site."""
        got = self.diags.get(path)
        if got is not None and got[1] == text and got[3] == self.stamp():
            return got[2]
        return None

    def _lint(self, path: str, text: str, sig: tuple | None = None, before_sig: tuple | None = None) -> list[Diagnostic]:
        from ..engine import collect_findings, finalize, stamp
        from ..source import has_front_matter, source_from_text

        site = self.site
        src = source_from_text(path, text, os.path.join(site.root, path))
        if not has_front_matter(src.text):  # not a Jekyll page (any more): nothing to say (as lint_text)
            if path in site.documents:
                self._urls_changed()
            self.site = _with_text(site, path, text, self.settings)
            self.site_cache.pop(path, None)
            self.places.pop(path, None)
            return []
        if sig is None or src.text != text:
            sig = site_signature(src.text)
        before = site.documents.get(path)
        if before is not None and before_sig is None:
            before_sig = site_signature(before.text)
        if before is None or before_sig != sig:
            self.generation += 1  # what site rules see changed: no page may reuse their old findings
            if before is None or sig[0] != before_sig[0]:
                self._urls_changed()  # its front matter (URL, redirects...): other pages' links may resolve otherwise
        new_site = _with_text(site, path, text, self.settings)
        self.site = new_site
        doc = new_site.documents[path]
        ctx = RuleContext(new_site, self.settings)
        findings = collect_findings(new_site, self.settings, [doc], site_rules=False, ctx=ctx)
        cached = self.site_cache.get(path)
        site_f = None
        if (cached is not None and cached[0] == sig and cached[3] is self.settings and cached[4] is new_site.config
                and cached[5] == self.stamp()):
            site_f = _shift_findings(cached[2], cached[1], src.text)
        if site_f is None:
            all_site = collect_findings(new_site, self.settings, [], site_rules=True, ctx=ctx)
            site_f = [f for f in all_site if f.path == path and f.code != SHARED]
            site_f.extend(self._shared_missing(new_site, ctx, path))
            self.site_runs += 1
        else:
            self.places[path] = (self.url_gen, _missing_places(doc, ctx))  # (offsets moved with the edit)
        self.site_cache[path] = (sig, src.text, site_f, self.settings, new_site.config, self.stamp())
        diags = stamp(new_site, findings + site_f, self.settings, cwd=self.root, report=lambda p: p == path)
        return finalize(new_site, diags, self.settings)

    # ------------------------------------------------------------------ FL311 across the site
    def _urls_changed(self) -> None:
        self.url_gen += 1
        self.url_changed_at = time.monotonic()

    def _shared_missing(self, site: SiteIndex, ctx: RuleContext, path: str) -> list:
        """FL311 for ``path`` as ``folio-lint check`` finds it: the rule itself, run over this page
        and every page the table says links to one of its missing targets (so its counts and its
        first place are the site-wide ones); its other findings are for other pages, dropped."""
        from ..engine import _run
        from ..registry import RULES

        doc = site.documents[path]
        mine = _missing_places(doc, ctx)
        self.places[path] = (self.url_gen, mine)
        rule = RULES.get(SHARED)
        if rule is None or rule.func is None or not self.settings.rule_runs(rule) or not mine:
            return []
        targets = {t for t, _, _ in mine}
        docs = {path: doc}
        for p, (_, pl) in self.places.items():
            if p not in docs and p in site.documents and any(t in targets for t, _, _ in pl):
                docs[p] = site.documents[p]
        view = _SiteView(site.standalone, dict(sorted(docs.items())))
        ctx.pages = list(view.documents.values())  # what the rule counts: these pages
        return [f for f in _run(rule, view, ctx, site.config.path or "_config.yml") if f.path == path]

    def scan_places(self, budget: float = 0.02, settle: float = 0.3) -> tuple[bool, bool]:
        """Bring the table of missing link targets up to date, for about ``budget`` seconds of work.

        Returns (complete, changed): ``changed`` when the scan that just completed found the table
        different from before (the open pages' FL311 may then differ: lint them again). Does
        nothing until edits have paused for ``settle`` seconds (edits are linted first) and, after
        a change of URLs (typing in front matter), starts over.
        """
        site = self.site
        if site is None or site.standalone or not self._wants_places():
            return True, False
        if self._scan is not None and self._scan[0] == self.url_gen and not self._scan[2]:
            return True, False
        self.scan_waiting = time.monotonic() - max(self.url_changed_at, self.linted_at) < settle
        if self.scan_waiting:
            return False, False
        if self._scan is None or self._scan[0] != self.url_gen:
            for p in [p for p in self.places if p not in site.documents]:
                del self.places[p]
            todo = [p for p in sorted(site.documents) if self.places.get(p, (None,))[0] != self.url_gen]
            self._scan = (self.url_gen, RuleContext(site, self.settings), todo, False)
        gen, ctx, todo, changed = self._scan
        t_end = time.perf_counter() + budget
        while todo and time.perf_counter() < t_end:
            for p in todo[-20:]:
                cur = self.site.documents.get(p)
                old = self.places.get(p)
                if cur is None or (old is not None and old[0] == gen):
                    continue  # gone, or linted meanwhile
                new = _missing_places(cur, ctx)
                changed = changed or (tuple(t for t, _, _ in new) != tuple(t for t, _, _ in (old[1] if old else ())))
                self.places[p] = (gen, new)
            del todo[-20:]
        self._scan = (gen, ctx, todo, changed)
        if todo:
            return False, False
        self._scan = (gen, None, [], False)  # done: let go of the context (every page's links)
        if changed:
            self.places_version += 1
        return True, changed

    def _wants_places(self) -> bool:
        """Is the table read? (FL311, or FL301 and its kin for their related places.)"""
        from ..registry import RULES, load_rules

        load_rules()
        return any(r is not None and self.settings.rule_runs(r) for r in (RULES.get(SHARED), RULES.get("FL301")))

    def _places_by_target(self) -> dict[str, list[tuple[str, int, int]]]:
        """Every place (path, start, end) linking to a missing target, by target, in path order."""
        out: dict[str, list] = {}
        for p, (_, pl) in sorted(self.places.items()):
            for t, s, e in pl:
                out.setdefault(t, []).append((p, s, e))
        return out

    def related(self, path: str, start: int, end: int, target: str | None = None, limit: int = 20,
                *, index: dict | None = None) -> list:
        """The other places (path, start, end) linking to the missing target linked at ``start:end``
        of ``path`` when it is shared by 3 places or more (FL311's threshold), else [] (at most ``limit``)."""
        got = self.places.get(path)
        if target is None:
            if got is None:
                return []
            target = next((t for t, s, e in got[1] if s < end and start < e or (s, e) == (start, end)), None)
            if target is None:
                return []
        out = (index if index is not None else self._places_by_target()).get(target, ())
        if len(out) < 3:
            return []
        me = (path, start, end)
        return list(itertools.islice((x for x in out if x != me), limit))

    def lint_file(self, path: str, text: str, version: int | None) -> list[Diagnostic] | None:
        """A site file that is not a page (``_config.yml``, ``_data/*.yml``, a ``.bib``): its findings
        from the index, which holds the saved file. None while the buffer differs from it (unsaved)."""
        from ..engine import lint_site
        from ..source import read_source

        assert self.site is not None
        src = self.site.source(path)
        if src is None:
            ap = os.path.join(self.root, path)
            if not os.path.isfile(ap):
                return None
            src = read_source(path, ap)
        body = text[1:] if text.startswith(BOM) else text
        if src.error is not None or src.text != body:
            return None
        diags = [d for d in lint_site(self.site, self.settings, report_paths={path}, cwd=self.root).diagnostics
                 if d.path == path]
        self.open.setdefault(path, OpenDoc(path, text, version))
        self.diags[path] = (version, text, diags, self.stamp())
        return diags

    def is_page(self, path: str, text: str) -> bool:
        from ..source import has_front_matter

        body = text[1:] if text.startswith(BOM) else text
        return has_front_matter(body) or (self.site is not None and path in self.site.documents)

    def lint_pure(self, path: str, text: str) -> list[Diagnostic]:
        """Lint a text without keeping it (fix-all's intermediate results)."""
        assert self.site is not None
        return lint_text(self.site, path, text, self.settings, cwd=self.root)[1]

    def close(self, path: str) -> None:
        """A closed buffer: the file on disk is the truth again."""
        self.open.pop(path, None)
        self.diags.pop(path, None)
        self.related_info.pop(path, None)
        if self.site is None:
            return
        from ..source import read_source

        ap = os.path.join(self.root, path)
        if os.path.isfile(ap):
            src = read_source(path, ap)
            if src.error is None:
                self.site = _with_text(self.site, path, src.text, self.settings)

    def ctx(self) -> RuleContext:
        assert self.site is not None
        return RuleContext(self.site, self.settings)


SHARED = "FL311"


@dataclass
class _SiteView:
    """What FL311 reads of a site (``standalone``, ``documents``), restricted to some pages."""
    standalone: bool
    documents: dict


def _missing_places(doc, ctx: RuleContext) -> tuple:
    """(target, start, end) of every root-relative link of ``doc`` whose target is missing: the
    places FL311 counts (a superset is harmless: the rule itself decides)."""
    from ..rules.links import doc_links, resolve_link

    if doc is None or doc.source.error:
        return ()
    out = []
    for lk in doc_links(doc, ctx):
        if lk.kind not in ("root", "site"):
            continue
        r = resolve_link(doc, ctx, lk)
        if not (r.ok or r.skip):
            out.append((lk.target, lk.start, lk.end))
    return tuple(out)


def _has_config(root: str) -> bool:
    return any(os.path.isfile(os.path.join(root, n)) for n in ("_config.yml", "_config.yaml"))


def _with_text(site: SiteIndex, path: str, text: str, settings: Settings) -> SiteIndex:
    """The index with ``path`` holding ``text`` (no rules run)."""
    from ..discover import classify
    from ..site import make_document
    from ..source import has_front_matter, source_from_text

    src = source_from_text(path, text, os.path.join(site.root, path))
    old = site.documents.get(path)
    if not has_front_matter(src.text):
        if old is None:
            return site
        new = site.with_document(old)
        del new.documents[path]
        return new
    kind, coll = (old.kind, old.collection) if old is not None else classify(path, site.collections)
    return site.with_document(make_document(site.config, src, kind, coll))


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s|^\s*<h[1-6]|\{:\s*#", re.M)


def _line_at(text: str, i: int) -> str:
    e = text.find("\n", i)
    return text[i:] if e < 0 else text[i:e]


def signature(text: str) -> tuple:
    """What of a page other pages can see: its front matter (URL, title, redirects) and its headings
    (anchors). When it changes, the other open pages are linted again."""
    sp = split_front_matter(text)
    fm = text[: sp.body_start] if sp is not None else None
    heads = tuple(_line_at(text, m.start()) for m in _HEADING.finditer(text))
    return (fm, heads)


# anything in a body that may be (part of) a link, an include or a Liquid expression
_LINKISH = re.compile(r"\]\s*[(\[][^)\]\n]*[)\]]?|\b(?:href|src|srcset)\s*=\s*(?:\"[^\"]*\"?|'[^']*'?|\S+)"
                      r"|\{[%{].*?(?:[%}]\}|$)|<[^>\n]*>|\b[a-z][a-z0-9+.-]*:[^\s)>\]]+|^\s*\[[^\]]*\]:.*$",
                      re.M | re.I)


def site_signature(text: str) -> tuple:
    """What site rules can read of a page: :func:`signature` plus every link-like piece of its body."""
    sp = split_front_matter(text)
    body = text[sp.body_start:] if sp is not None else text
    return signature(text) + (tuple(m.group(0) for m in _LINKISH.finditer(body)),)


def _shift_findings(findings: list, old: str, new: str) -> list | None:
    """Findings of ``old`` moved onto ``new`` (one edited region); None if one touches the edit."""
    if not findings or old == new:
        return list(findings)
    from dataclasses import replace as _replace

    s, e, content = minimal_edit(old, new)
    delta = len(content) - (e - s)

    def move(a: int, b: int):
        if b <= s and not (a == b == s):
            return a, b
        if a >= e and (a > s or e > s):
            return a + delta, b + delta
        return None

    out = []
    for f in findings:
        got = move(f.start, f.end)
        if got is None:
            return None
        fix = f.fix
        if fix is not None:
            edits = []
            for ed in fix.edits:
                m = move(ed.start, ed.end)
                if m is None:
                    return None
                edits.append(Edit(m[0], m[1], ed.content))
            fix = Fix(fix.title, tuple(edits), fix.applicability)
        out.append(_replace(f, start=got[0], end=got[1], fix=fix))
    return out


# ---------------------------------------------------------------------- fixes
def apply_fixes(text: str, diags: list[Diagnostic]) -> str:
    """One ``--fix`` pass over one text: the same selection and edit application as the CLI."""
    from ..fixer import apply_edits, applicable, select_fixes

    chosen, _ = select_fixes([d for d in diags if applicable(d.fix, False)], len(text))
    if not chosen:
        return text
    return apply_edits(text, [e for _, f in chosen for e in f.edits])


def fix_all(state: SiteState, path: str, text: str) -> str:
    """The text after every safe fix, as ``folio-lint check --fix`` writes it (passes repeated until stable)."""
    from ..fixer import MAX_PASSES

    bom = text.startswith(BOM)
    cur = text[1:] if bom else text
    for _ in range(MAX_PASSES):
        diags = [d for d in state.lint_pure(path, cur) if d.path == path]
        new = apply_fixes(cur, diags)
        if new == cur:
            break
        cur = new
    return (BOM + cur) if bom else cur


def minimal_edit(old: str, new: str) -> tuple[int, int, str]:
    """One replacement turning ``old`` into ``new``: (start, end in old, content)."""
    n = min(len(old), len(new))
    i = 0
    while i < n and old[i] == new[i]:
        i += 1
    j = 0
    while j < n - i and old[len(old) - 1 - j] == new[len(new) - 1 - j]:
        j += 1
    # never split a \r\n pair
    if 0 < i < len(old) and old[i - 1] == "\r" and old[i] == "\n":
        i -= 1
    return i, len(old) - j, new[i: len(new) - j]


def suppression_edits(text: str, diag: Diagnostic, *, whole_file: bool, bom: bool = False) -> Edit | None:
    """The edit inserting a suppression comment for ``diag`` (``text`` without BOM; ``bom``: the file
    had one), or None where no comment would silence it."""
    if bom:
        return None  # Jekyll (and folio-lint) read no front matter after a BOM: FL011's fix removes it
    code = diag.code
    lines = LineIndex(text)
    eol = _eol(text)
    sp = split_front_matter(text)
    in_fm = sp is not None and sp.closed and diag.start_offset < sp.body_start
    is_yaml = diag.path.endswith((".yml", ".yaml"))
    if not is_yaml and (sp is None or not sp.closed):
        return None  # not a page (a .bib, an asset) or a page whose front matter never closes: no comment is read there
    if whole_file:
        if sp is not None and sp.closed:
            return Edit(sp.yaml_start, sp.yaml_start, f"# folio-lint: disable-file={code}{eol}")
        if is_yaml:
            return Edit(0, 0, f"# folio-lint: disable-file={code}{eol}")
        return Edit(0, 0, f"<!-- folio-lint-disable-file {code} -->{eol}")
    line0 = lines.position(diag.start_offset).line - 1
    s, e = lines.line_bounds(line0)
    line = text[s:e]
    if in_fm or is_yaml:
        if in_fm and line0 == 0:  # the opening `---`: nothing can be written on it (only the whole-file action)
            return None
        if _inside_multiline_scalar(text, lines, s, sp if in_fm else None):
            return None  # a comment there would be text of the value (a `|` block) or break it: whole-file only
        m = re.search(r"#\s*folio-lint\s*:\s*disable\s*=\s*([^#\r\n]*)$", line)
        if m:
            return Edit(s + m.end(1), s + m.end(1), f",{code}") if m.group(1).strip() else Edit(s + m.end(1), s + m.end(1), code)
        if line.strip() in ("", "---"):
            return Edit(s, s, f"# folio-lint: disable-next-line={code}{eol}")
        return Edit(e, e, f"  # folio-lint: disable={code}")
    stripped = line.strip()
    if len(stripped) > 1 and stripped[0] == "|" and stripped[-1] == "|":
        # a table row: a line before it would end the table (kramdown then shows it as text); inside its
        # last cell the comment is invisible and the table keeps its columns
        j = s + line.rstrip().rfind("|")
        return Edit(j, j, f"<!-- folio-lint-disable-line {code} --> ")
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return Edit(s, s, f"{indent}<!-- folio-lint-disable-next-line {code} -->{eol}")


def _inside_multiline_scalar(text: str, lines: LineIndex, line_start: int, sp) -> bool:
    """Does the line starting at ``line_start`` continue a scalar begun on an earlier line (a `|`/`>`
    block, a quoted or plain value over several lines)? ``sp``: the front matter, None for a YAML file."""
    from ..yamlload import load_yaml

    a, b = (sp.yaml_start, sp.yaml_end) if sp is not None else (0, len(text))
    y = load_yaml(text[a:b], lines, a, text.count("\n", 0, a))
    return any(n.kind == "scalar" and n.start < line_start < n.end for n in y.nodes.values())


def _eol(text: str) -> str:
    i = text.find("\n")
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


# ---------------------------------------------------------------------- completion
@dataclass
class Item:
    label: str
    kind: str  # "key", "value", "layout", "file", "url"
    detail: str | None = None
    documentation: str | None = None
    insert: str | None = None
    start: int = 0  # what the item replaces (offsets in the text without BOM)
    end: int = 0
    sort: str = ""


_LAYOUT_LINE = re.compile(r"^layout:[ \t]*([^\s#]+)", re.M)


def _doc_schema(state: SiteState, path: str, text: str | None = None):
    """The schema of the page at ``path``: its layout (from ``text``, the live buffer, when it names
    one; else from the index, defaults included) and its collection."""
    from ..discover import classify
    from ..schema_catalog import catalog

    doc = state.site.documents.get(path) if state.site else None
    layout = doc.layout if doc is not None else None
    coll = doc.collection if doc is not None else classify(path, state.site.collections)[1] if state.site else None
    if text is not None:
        sp = split_front_matter(text)
        m = _LAYOUT_LINE.search(text, sp.yaml_start, sp.yaml_end) if sp is not None else None
        if m:
            layout = m.group(1).strip("'\"")
    kind = doc.kind if doc is not None else None
    if kind in ("post", "draft") and layout is None:
        layout = "post"
    return catalog().for_document(layout, coll), doc


def _extra_keys(settings: Settings, layout: str | None, collection: str | None) -> set[str]:
    """The site's own keys from ``extra-keys`` (a list for every page, or per layout/collection)."""
    raw = settings.option("extra-keys", None)
    if raw is None:
        raw = settings.option("extra_keys", None)
    if isinstance(raw, (list, tuple, set, frozenset)):
        return {str(x) for x in raw}
    out: set[str] = set()
    if isinstance(raw, dict):
        names = {"*", "all", layout or "", collection or ""}
        for k, v in raw.items():
            if str(k) in names:
                out |= {str(v)} if isinstance(v, str) else {str(x) for x in (v or ())}
    return out


def _props(spec) -> dict:
    if spec is None:
        return {}
    if spec.props:
        return spec.props
    out: dict = {}
    for b in spec.branches or ():
        out.update(_props(b))
    return out


def _items(spec):
    if spec is None:
        return None
    if spec.items is not None:
        return spec.items
    for b in spec.branches or ():
        it = _items(b)
        if it is not None:
            return it
    return None


def spec_at(schema, path: tuple):
    """The compiled spec of a key path (``ITEM`` steps into list items); None when unknown."""
    spec = schema.spec
    for step in path:
        if step == ITEM or isinstance(step, int):
            spec = _items(spec)
        else:
            spec = _props(spec).get(step)
        if spec is None:
            return None
    return spec


def type_words(spec) -> str:
    try:
        ts = spec.expected_types()
    except Exception:
        ts = ()
    return " | ".join(t for t in ts) if ts else "any"


def complete(state: SiteState, path: str, text: str, offset: int) -> list[Item]:
    """Completion items at ``offset`` of the buffer ``text`` (without BOM)."""
    if state.site is None:
        return []
    ctx = front_matter_context(text, offset)
    if ctx is not None:
        return _complete_fm(state, path, ctx, text)
    return _complete_body(state, path, text, offset)


def _complete_fm(state: SiteState, path: str, c: FmContext, text: str | None = None) -> list[Item]:
    schema, doc = _doc_schema(state, path, text)
    out: list[Item] = []
    if c.kind == "key":
        parent = spec_at(schema, c.path) if c.path else schema.spec
        props = _props(parent)
        for k, sp in sorted(props.items()):
            if k in c.siblings:
                continue
            if sp.raw.get("deprecated"):
                continue
            out.append(Item(k, "key", type_words(sp), sp.description, f"{k}: ", c.start, c.end, "0" + k))
        if not c.path:
            for k in sorted(_extra_keys(state.settings, schema.layout, schema.collection) - set(props) - c.siblings):
                out.append(Item(k, "key", "your key (extra-keys in .folio-lint.yml)", None, f"{k}: ", c.start, c.end,
                                "1" + k))
        return out
    key = c.path[-1] if c.path else None
    spec = spec_at(schema, c.path)
    if c.path == ("layout",):
        names = set(state.site.layouts)
        if state.site.era.shape == "v1" or not state.site.layouts:
            names |= set(V1_BUILTIN_LAYOUTS)
        from ..schema_catalog import catalog

        for n in sorted(names):
            sch = catalog().for_document(n, None) if catalog().has_layout(n) else None
            desc = sch.spec.raw.get("description") if sch is not None else None
            where = state.site.layouts.get(n)
            out.append(Item(n, "layout", where or "al-folio layout", desc, n, c.start, c.end, "0" + n))
        return out
    if spec is None:
        return out
    values = spec.suggest_values
    if values:
        for v in values:
            if v is None:
                continue
            s = "true" if v is True else "false" if v is False else str(v)
            out.append(Item(s, "value", type_words(spec), spec.description, s, c.start, c.end, "0" + s))
        return out
    types = set(spec.expected_types())
    if types and types <= {"boolean", "null"}:
        for s in ("true", "false"):
            out.append(Item(s, "value", "boolean", spec.description, s, c.start, c.end, "0" + s))
        return out
    base = spec.raw.get("x-path-base")
    if base is None and key in ("img", "thumbnail", "image", "og_image", "cv_pdf", "pdf"):
        base = ""
    if base is not None:
        base = base.strip("/")
        out.extend(_files(state, base + "/" if base else "", c.prefix, c.start, c.end))
    return out


_IMG_EXT = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".tif", ".tiff", ".bmp", ".ico")


def _files(state: SiteState, base: str, prefix: str, start: int, end: int, *, lead: str = "",
           exts: tuple[str, ...] | None = None, limit: int = 500) -> list[Item]:
    site = state.site
    out: list[Item] = []
    want = base + prefix.lstrip("/") if not prefix.startswith("/") else prefix.lstrip("/")
    for p in sorted(site.static_files):
        if not p.startswith(base) or not p.startswith(want if base else prefix.lstrip("/")):
            continue
        if exts and not p.lower().endswith(exts):
            continue
        rel = p[len(base):]
        label = lead + rel
        out.append(Item(label, "file", p, None, label, start, end, "1" + label))
        if len(out) >= limit:
            break
    return out


_INCLUDE_PATH = re.compile(r"\{%-?\s*include\s+(?:figure|video|audio)\.(?:liquid|html)\b[^%]*?\bpath\s*=\s*(['\"])([^'\"]*)$")
_MD_LINK = re.compile(r"\]\(\s*<?([^\s)>]*)$")
_HREF = re.compile(r"\b(?:href|src)\s*=\s*(['\"])([^'\"]*)$")
_RELURL = re.compile(r"\{\{-?\s*(['\"])([^'\"]*)$")


def _complete_body(state: SiteState, path: str, text: str, offset: int) -> list[Item]:
    ls = text.rfind("\n", 0, offset) + 1
    before = text[ls:offset]
    m = _INCLUDE_PATH.search(before)
    if m:
        typed = m.group(2)
        return _files(state, "", typed, offset - len(typed), offset + _tail(text, offset))
    for rx in (_MD_LINK, _HREF, _RELURL):
        m = rx.search(before)
        if m:
            typed = m.group(m.lastindex)
            if typed.startswith(("http:", "https:", "mailto:", "#")):
                return []
            return _targets(state, typed, offset - len(typed), offset + _tail(text, offset))
    return []


def _tail(text: str, offset: int) -> int:
    m = re.match(r"[^\s'\")>]*", text[offset:])
    return len(m.group(0)) if m else 0


def _targets(state: SiteState, typed: str, start: int, end: int, limit: int = 500) -> list[Item]:
    """Site URLs (pages, posts, collection documents) and static files for a link target."""
    out: list[Item] = []
    try:
        from ..urls import url_map

        m = url_map(state.site, state.settings)
        by_url: dict[str, list[str]] = {}  # one item per URL (two pages may share one: FL308)
        for src_path, e in sorted(m.entries.items(), key=lambda kv: (kv[1].url, kv[0])):
            if not e.published or not e.url.startswith(typed or "/"):
                continue
            if e.url in by_url:
                by_url[e.url].append(src_path)
                continue
            if len(by_url) >= limit:
                break
            by_url[e.url] = [src_path]
        for u, srcs in by_url.items():
            out.append(Item(u, "url", ", ".join(srcs), None, u, start, end, "0" + u))
        if len(out) >= limit:
            return out
    except Exception:
        pass
    for p in sorted(state.site.static_files):
        u = "/" + p
        if u.startswith(typed or "/"):
            out.append(Item(u, "file", p, None, u, start, end, "1" + u))
            if len(out) >= limit:
                break
    return out


# ---------------------------------------------------------------------- hover
def hover(state: SiteState, path: str, text: str, offset: int, diags: list[Diagnostic]) -> tuple[str, int, int] | None:
    """Markdown for the thing at ``offset`` and its span, or None."""
    parts: list[str] = []
    span: tuple[int, int] | None = None
    # a diagnostic under the cursor: its rule's documentation
    codes: list[str] = []
    for d in diags:
        if d.path == path and d.start_offset <= offset <= max(d.end_offset, d.start_offset + 1) and d.code not in codes:
            codes.append(d.code)
            span = span or (d.start_offset, d.end_offset)
    m = _word_at(text, offset, r"FL\d{3}")
    if m is not None and m[0] not in codes:
        codes.append(m[0])
        span = span or (m[1], m[2])
    key = _key_hover(state, path, text, offset)
    if key is not None:
        parts.append(key[0])
        span = span or (key[1], key[2])
    link = _link_hover(state, path, offset)
    if link is not None:
        parts.append(link[0])
        span = span or (link[1], link[2])
    for c in codes:
        doc = rule_text(c)
        if doc:
            parts.append(doc)
    if not parts:
        return None
    return "\n\n---\n\n".join(parts), span[0], span[1]


def rule_text(code: str) -> str | None:
    """What ``folio-lint rule CODE`` prints (the rule's documentation), as Markdown."""
    from ..registry import RULES, load_rules

    load_rules()
    r = RULES.get(code.upper())
    if r is None:
        return None
    return f"**{r.code} {r.name}** (default: {r.severity}; fix: {r.fixable})\n\n{r.doc}"


def _word_at(text: str, offset: int, pattern: str):
    ls = text.rfind("\n", 0, offset) + 1
    le = text.find("\n", offset)
    le = len(text) if le < 0 else le
    for m in re.finditer(pattern, text[ls:le]):
        if m.start() <= offset - ls <= m.end():
            return m.group(0), ls + m.start(), ls + m.end()
    return None


def _key_hover(state: SiteState, path: str, text: str, offset: int):
    sp = split_front_matter(text)
    if sp is None or not (sp.yaml_start <= offset < sp.yaml_end):
        return None
    lines = LineIndex(text)
    line0 = lines.position(offset).line - 1
    s, e = lines.line_bounds(line0)
    line = text[s:e]
    m = re.match(r"^([ ]*(?:-[ ]+)*)([^\s:#'\"][^:#]*?)[ ]*:(?:[ ]|$)", line)
    if m is None:
        return None
    ks, ke = s + m.start(2), s + m.end(2)
    if not (ks <= offset <= ke):
        return None
    # the key's path: the context of a key typed at its end
    c = front_matter_context(text, ks, lines)
    if c is None or c.kind != "key":
        return None
    kp = c.path + (m.group(2).strip(),)
    if state.site is None:
        return None
    schema, doc = _doc_schema(state, path, text)
    spec = spec_at(schema, kp)
    out: list[str] = []
    dotted = ".".join("[]" if x == ITEM else str(x) for x in kp)
    if spec is not None:
        out.append(f"**`{dotted}`** — {type_words(spec)}")
        if spec.description:
            out.append(spec.description)
        if spec.expect:
            out.append(f"Expected: {spec.expect}")
        vals = spec.suggest_values
        if vals:
            out.append("Values: " + ", ".join(f"`{v}`" for v in vals if v is not None))
        base = spec.raw.get("x-path-base")
        if base:
            out.append(f"A path under `{base}`.")
    for dep in _deprecations_for(kp, doc, _fm_data(text, doc)):
        msg = dep.get("migration") or ""
        since = dep.get("version") or dep.get("since") or ""
        out.append(f"**Deprecated**{' since ' + str(since) if since else ''}: " + str(dep.get("message", "")).replace(
            "{value}", "…").replace("{{", "{").replace("}}", "}") + (f"\n\nMigration: {msg}" if msg else ""))
    if not out:
        return None
    return "\n\n".join(out), ks, ke


def _dotted(kp: tuple) -> str:
    """A key path as ``deprecations.yml`` writes it: ``profiles[].address``."""
    out = ""
    for x in kp:
        out += "[]" if x == ITEM else ("." if out else "") + str(x)
    return out


def _fm_data(text: str, doc) -> dict:
    """The front matter of the live buffer (the index's data when the buffer's does not parse)."""
    from ..frontmatter import parse_front_matter
    from ..source import source_from_text

    try:
        fm = parse_front_matter(source_from_text("buffer.md", text))
        data = fm.data if fm is not None else None
    except Exception:
        data = None
    if isinstance(data, dict):
        return data
    got = getattr(doc, "data", None) if doc is not None else None
    return got if isinstance(got, dict) else {}


def _deprecation_applies(e: dict, data: dict) -> bool:
    """Does a front-matter deprecation entry apply to these values? (its ``when``, ``values`` and
    ``requires_absent`` conditions, as FL203 checks them)"""
    from ..rules.schema import _get_path

    hits = _get_path(data, e["path"].split("."))
    if not hits:
        return True  # the key is being typed (no value yet): what the key's history says
    when, vals = e.get("when"), e.get("values")
    for _p, value in hits:
        if when == "bool" and not isinstance(value, bool):
            continue
        if when == "true" and value is not True:
            continue
        try:
            if vals and value not in vals:
                continue
        except TypeError:  # an unhashable value (a mapping) against a list of scalars
            continue
        if any(data.get(a) is not None for a in e.get("requires_absent") or ()):
            continue
        return True
    return False


def _deprecations_for(kp: tuple, doc, data: dict | None = None) -> list[dict]:
    """The front-matter deprecations of the key at ``kp`` that apply to the page's value of it."""
    try:
        from ..schema_catalog import deprecations
    except ImportError:
        return []
    dotted = _dotted(kp)
    layout = doc.layout if doc is not None else None
    coll = doc.collection if doc is not None else None
    if data is None:
        data = getattr(doc, "data", None) or {}
    out = []
    try:
        for d in deprecations():
            if d.get("where") != "front-matter" or d.get("path") != dotted:
                continue
            if d.get("layouts") and layout not in d["layouts"]:
                continue
            if d.get("collections") and coll not in d["collections"]:
                continue
            if not _deprecation_applies(d, data):
                continue
            out.append(d)
    except Exception:
        return []
    return out


def _link_hover(state: SiteState, path: str, offset: int):
    """The link under the cursor: the file it resolves to, or why it does not."""
    site = state.site
    if site is None:
        return None
    doc = site.documents.get(path)
    if doc is None:
        return None
    try:
        from ..rules.links import doc_links, resolve_link
    except ImportError:
        return None
    ctx = state.ctx()
    try:
        links = doc_links(doc, ctx)
    except Exception:
        return None
    link = next((lk for lk in links if lk.start <= offset <= lk.end), None)
    if link is None:
        return None
    if link.kind == "external":
        return f"External link `{link.raw}` (not checked{'' if state.settings.external else '; external checks are off'}).", link.start, link.end
    if link.kind == "fragment":
        return f"Anchor `#{link.fragment or link.target}` on this page.", link.start, link.end
    try:
        r = resolve_link(doc, ctx, link)
    except Exception:
        return None
    if r.skip:  # (a skip that knows why says so: `links: served-elsewhere:`)
        why = r.message or "its target cannot be worked out without building the site"
        return f"`{link.raw}`: not checked ({why}).", link.start, link.end
    if not r.ok:
        hint = f"\n\n{r.hint}" if r.hint else ""
        return f"**Broken:** {r.message}{hint}", link.start, link.end
    target = _target_file(state, doc, link)
    if target:
        return f"`{link.raw}` → `{target}`", link.start, link.end
    return f"`{link.raw}` resolves.", link.start, link.end


def _target_file(state: SiteState, doc, link) -> str | None:
    import posixpath

    from ..urls import url_map

    site = state.site
    if link.kind == "source":
        return posixpath.normpath(link.target.lstrip("/"))
    if link.kind == "post":
        m = url_map(site, state.settings)
        stem = link.target.strip()
        stem = stem[:-3] if stem.endswith(".md") else stem
        return m.posts_by_ref.get(stem) or m.posts_by_ref.get(posixpath.basename(stem))
    if link.form.startswith("fm:") or link.form.startswith("include"):
        base = getattr(link, "base", "root")
        p = link.target.lstrip("/") if base in ("root", "") else posixpath.join(base, link.target)
        p = posixpath.normpath(p)
        if site.exists(p):
            return p
    m = url_map(site, state.settings)
    url = link.target
    b = site.config.baseurl.strip().strip("/")
    if b and (url == "/" + b or url.startswith("/" + b + "/")):
        url = url[len(b) + 1:] or "/"
    if link.kind == "relative":
        me = m.entries.get(doc.path)
        if me is None:
            return None
        basedir = me.url if me.url.endswith("/") else me.url[: me.url.rfind("/") + 1]
        url = posixpath.normpath(posixpath.join(basedir, url))
    got = m.resolve(url)
    if got:
        return got[0].path or got[0].output
    return None
