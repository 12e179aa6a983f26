"""The engine: run rules over a site index, stamp findings into diagnostics, filter them.

Two entry points, both plain function calls with no I/O:

* :func:`lint_site` — every rule over a built :class:`SiteIndex`, reporting on all or some files;
* :func:`lint_text` — one file's (unsaved) text against a held index: the editor server calls
  this on every change. It returns the new index too, so other buffers see the edit.
"""

from __future__ import annotations

import itertools
import os
import time
import traceback
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from .diagnostics import Diagnostic, Finding, Position, Severity
from .registry import CONFIG, PAGE, RULES, SITE, Rule, load_rules, modules_for
from .settings import Settings
from .site import Document, SiteIndex, make_document
from .source import SourceFile, source_from_text

INTERNAL_CODE = "FL999"


@dataclass
class RuleContext:
    """What a rule may use besides its document: the site, options and a per-run memo."""

    site: SiteIndex
    settings: Settings
    memo: dict[Any, Any] = field(default_factory=dict)
    pages: list | None = None  # the documents this run checks (site rules may summarise them); None: all
    prescanned: Any = None  # the bodies scanned during the parse (folio_lint.prescan.Prescanned)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute once per run (e.g. a page's schema validation shared by several rules)."""
        try:
            return self.memo[key]
        except KeyError:
            v = self.memo[key] = compute()
            return v

    def option(self, name: str, default=None):
        return self.settings.option(name, default)

    def yaml_of(self, src: SourceFile):
        """A site YAML file that is not front matter (`_data/*.yml`) parsed with positions, once per
        run for every rule that reads it (FL016, FL505, FL704)."""
        def compute():
            from .yamlload import load_yaml

            return load_yaml(src.text, src.lines)

        return self.cached(("yaml", src.path), compute)

    # ------------------------------------------------------------------ locating keys
    def key_location(self, doc: Document, path: tuple, *, value: bool = False) -> tuple[str, int, int]:
        """(file, start, end) of a front-matter key (or its value) of ``doc``.

        A key the page does not set itself but got from ``_config.yml`` ``defaults:`` points at
        that entry in ``_config.yml``.
        """
        top = path[0] if path else None
        if doc.fm is not None and (not path or doc.fm.node(path[:1]) is not None):
            s, e = doc.fm.value_span(path) if value else doc.fm.key_span(path)
            return doc.path, s, e
        if top is not None and top in doc.origin and self.site.config.yaml is not None:
            idx = doc.origin[top]
            cpath = ("defaults", idx, "values") + tuple(path)
            nodes = self.site.config.yaml.nodes
            while cpath and cpath not in nodes:
                cpath = cpath[:-1]
            n = nodes.get(cpath)
            if n is not None and self.site.config.source is not None:
                if value or n.key_start is None:
                    return self.site.config.source.path, n.start, n.end
                return self.site.config.source.path, n.key_start, n.key_end
        return doc.path, 0, 3


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files_checked: int
    internal_errors: int = 0
    site: SiteIndex | None = None
    checked: list[str] | None = None  # display paths of the files checked (reporters list clean ones too)


def display_path(root: str, path: str, cwd: str) -> str:
    """How a site-relative path is shown: relative to the working folder, with ``/``."""
    ap = os.path.join(root, path)
    try:
        dp = os.path.relpath(ap, cwd)
    except ValueError:  # another drive (Windows)
        dp = ap
    return dp.replace(os.sep, "/")


# ---------------------------------------------------------------------- running rules
# When a list (set by the CLI for a run that ends the process with ``os._exit``), each
# ``lint_site`` puts its RuleContext (the site index and the per-run memo) here instead of
# letting it be freed: freeing every page, parse and body scan costs 0.02-0.05 s at 10k pages,
# for memory the process gives back at once anyway. Only the latest is held: in a run over
# several sites an earlier context (its memo) is let go as the next site is linted; only the
# last one meets ``os._exit``. Never set by tests, the server or other callers.
RETAIN: list | None = None

PROBE_DOCS = 48  # pages run (and timed) in the parent before deciding to fork for the rest
PROBE_MIN = 8  # ... of which at least these many before the timing may decide early
MAX_FINDINGS_PER_FILE = 1000  # per rule and file: past it a rule stops (bounded time on hostile input)


_NONE: tuple = ()


def _run(rule: Rule, target, ctx: RuleContext, where: str) -> Iterable[Finding]:
    try:
        it = rule.func(target, ctx)
        if it is None:
            return _NONE
        it = iter(it)
        first = next(it, None)  # most rules find nothing on most pages: nothing more to set up
    except Exception as e:  # a bug in a rule never hides the other findings
        return [_internal_error(rule, e, where)]
    if first is None:
        return _NONE
    return _rest(rule, first, it, where)


def _rest(rule: Rule, first: Finding, it, where: str) -> list[Finding]:
    """The findings of a rule that found ``first`` (then ``it``): codes set, bounded per file."""
    try:
        out: list[Finding] = []
        counts: dict[str, int] | None = None  # per file, counted only past MAX_FINDINGS_PER_FILE in all
        capped: set[str] = set()
        for f in itertools.chain((first,), it):
            if counts is None:
                out.append(f if f.code else replace(f, code=rule.code))
                if len(out) <= MAX_FINDINGS_PER_FILE:
                    continue
                # past the bound in all: count per file from here on (a file can only be past it now)
                counts = {}
                for g in out:
                    counts[g.path] = counts.get(g.path, 0) + 1
                if counts[f.path] <= MAX_FINDINGS_PER_FILE:
                    continue
                out.pop()
                counts[f.path] -= 1
            n = counts[f.path] = counts.get(f.path, 0) + 1
            if n > MAX_FINDINGS_PER_FILE:
                capped.add(f.path)
                if rule.scope == PAGE:
                    break  # closes the generator: the rest of this page is not computed
                continue
            out.append(f if f.code else replace(f, code=rule.code))
        if not capped:
            return out
        for p in sorted(capped):
            out.append(Finding(p, 0, 0, f"more than {MAX_FINDINGS_PER_FILE:,} findings of {rule.code} ({rule.name}) in this file; "
                               "the rest are not shown", hint="fix these first, then run folio-lint again",
                               severity=Severity.INFO, code=rule.code))
        return out
    except Exception as e:  # a bug in a rule never hides the other findings
        return [_internal_error(rule, e, where)]


def _internal_error(rule: Rule, e: Exception, where: str) -> Finding:
    tb = traceback.extract_tb(e.__traceback__)[-1]
    return Finding(
        where, 0, 0,
        f"internal error in rule {rule.code} ({rule.name}) while checking this file: {type(e).__name__}: {e}"
        f" [{os.path.basename(tb.filename)}:{tb.lineno}]",
        hint="this is a bug in folio-lint; please report it with this file attached",
        severity=Severity.ERROR, code=INTERNAL_CODE,
    )


def collect_findings(site: SiteIndex, settings: Settings, docs: Iterable[Document] | None = None,
                     *, site_rules: bool = True, ctx: RuleContext | None = None, jobs: int | None = 1) -> list[Finding]:
    """Page rules over ``docs`` (all documents by default), then config and site rules.

    ``jobs`` > 1 (or None: one per core) runs the page rules of big sites in forked workers
    (see :mod:`folio_lint.parallel`); the findings and their order are the same as with one job.
    """
    # only the rule modules this run needs (``--select FL0,FL1,FL2`` never imports the links rules)
    load_rules(modules_for(r for r in RULES.values() if r.parent is None and settings.rule_runs(r)))
    ctx = ctx or RuleContext(site, settings)
    page_rules = [r for r in RULES.values() if r.func is not None and r.scope == PAGE and settings.rule_runs(r)]
    other = [r for r in RULES.values() if r.func is not None and r.scope in (CONFIG, SITE) and settings.rule_runs(r)]

    def pages(ds) -> list[Finding]:
        res: list[Finding] = []
        for doc in ds:  # (``_run`` written out: most rules find nothing on most pages)
            for r in page_rules:
                try:
                    it = r.func(doc, ctx)
                    if it is None:
                        continue
                    it = iter(it)
                    first = next(it, None)
                except Exception as e:  # a bug in a rule never hides the other findings
                    res.append(_internal_error(r, e, doc.path))
                    continue
                if first is not None:
                    res.extend(_rest(r, first, it, doc.path))
        return res

    def site_level() -> list[Finding]:
        res: list[Finding] = []
        if site_rules:
            for r in sorted(other, key=lambda r: (r.scope != CONFIG, r.code)):
                res.extend(_run(r, site, ctx, site.config.path or "_config.yml"))
        return res

    doc_list = list(site.documents.values() if docs is None else docs)
    ctx.pages = doc_list
    if jobs == 1:
        _take_prescan(site, ctx)
        out = pages(doc_list)
        out.extend(site_level())
        return out
    from . import parallel
    from .parallel import memo_state, merge_memo_state, run_chunks

    if parallel.effective_jobs(jobs, len(doc_list)) <= 1:
        _take_prescan(site, ctx)
        out = pages(doc_list)
        out.extend(site_level())
        return out
    # the first page here, before any fork: the site-wide facts rules compute lazily (URL map,
    # compiled schemas, bibliographies) are then built once and inherited by every worker
    out = pages(doc_list[:1])
    # then a few more, timed: when the rest would take less than a fork costs, no fork (and as
    # soon as the rest clearly would take much more, no more probing)
    probe = min(len(doc_list), PROBE_DOCS)
    t = time.process_time()
    k = 1
    while k < probe:
        out.extend(pages(doc_list[k:k + 1]))
        k += 1
        if k > PROBE_MIN and (time.process_time() - t) / (k - 1) * (len(doc_list) - k) > 4 * parallel.PAGE_MIN_SECONDS:
            break
    per_doc = (time.process_time() - t) / max(1, k - 1)
    rest_docs = doc_list[k:]
    # the bodies the parse-time child has scanned (folio_lint.prescan), for the rest and the workers
    _take_prescan(site, ctx)
    if per_doc * len(rest_docs) < parallel.PAGE_MIN_SECONDS:
        out.extend(pages(rest_docs))
        out.extend(site_level())
        return out
    before = set(ctx.memo)
    # site rules that read a per-page summary (``rule.func.worker_summary(doc, ctx)``): a worker
    # computes it for its pages, and sends that back instead of what it is made from
    summaries = [r.func.worker_summary for r in other if site_rules and getattr(r.func, "worker_summary", None)]
    chunk: list = []

    def worker_pages(ds) -> list[Finding]:  # (called for each block a process claims)
        chunk.extend(ds)
        return pages(ds)

    def new_keys():  # in a worker: the memo values site rules read (parallel.SHIP_BACK_KINDS)
        for summary in summaries:
            for doc in chunk:
                try:
                    summary(doc, ctx)
                except Exception:  # noqa: BLE001 - the parent then computes it (and reports the error)
                    pass
        return memo_state(ctx.memo, before)

    rest, states = run_chunks(rest_docs, jobs, worker_pages, weight=lambda d: len(d.source.text) + 500, state=new_keys)
    out.extend(rest)
    for st in states:
        merge_memo_state(ctx.memo, st)
    out.extend(site_level())  # after every page rule, as in one process
    return out


def _take_prescan(site: SiteIndex, ctx: RuleContext) -> None:
    handle = site.extras.get("prescan")
    if handle is not None:
        ctx.prescanned = handle.take()


def stamp(site: SiteIndex, findings: Iterable[Finding], settings: Settings, *, cwd: str | None = None,
          report: Callable[[str], bool] | None = None) -> list[Diagnostic]:
    """Findings → diagnostics: code, name, severity, positions; selection and per-file ignores applied."""
    cwd = cwd or os.getcwd()
    out: list[Diagnostic] = []
    seen: set = set()
    display_cache: dict[str, str] = {}
    for f in findings:
        code = f.code or None
        rule = RULES.get(code) if code else None
        if rule is None:
            continue
        if code != INTERNAL_CODE and not settings.enabled(code):
            continue
        if report is not None and not report(f.path):
            continue
        if settings.excluded(f.path) or settings.ignored_in_file(code, f.path):
            continue
        src = site.source(f.path)
        if src is not None:
            lines = src.lines
            sp, ep = lines.position(f.start), lines.position(max(f.end, f.start))
        else:
            sp = ep = Position(1, 1)
        dp = display_cache.get(f.path)
        if dp is None:
            dp = display_cache[f.path] = display_path(site.root, f.path, cwd)
        key = (f.path, f.start, f.end, code, f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Diagnostic(f.path, dp, sp, ep, f.start, f.end, code, rule.name, settings.severity_for(rule, f.severity),
                       f.message, f.hint, f.fix, f.data)
        )
    return out


def finalize(site: SiteIndex, diags: list[Diagnostic], settings: Settings) -> list[Diagnostic]:
    """Inline suppressions and unused-suppression findings (see :mod:`folio_lint.suppress`), then sort."""
    try:
        from .suppress import apply_suppressions
    except ImportError:  # pragma: no cover - suppress.py is part of the package
        apply_suppressions = None
    if apply_suppressions is not None:
        diags = apply_suppressions(site, diags, settings)
    return sorted(diags, key=lambda d: d.sort_key)


def lint_site(site: SiteIndex, settings: Settings | None = None, *, report_paths: Iterable[str] | None = None,
              cwd: str | None = None, jobs: int | None = 1) -> LintResult:
    """Lint a whole site; with ``report_paths`` (site-relative), report only those files.

    ``jobs``: processes for the page rules of big sites (None: one per core; see collect_findings)."""
    settings = settings or Settings()
    wanted = None if report_paths is None else set(report_paths)
    ctx = RuleContext(site, settings)
    if wanted is None:
        docs = None
    else:
        docs = [d for p, d in site.documents.items() if p in wanted]
    if RETAIN is not None:
        RETAIN[:] = (ctx,)  # the previous site's context (if any) is let go
    try:
        findings = collect_findings(site, settings, docs, ctx=ctx, jobs=jobs)
    finally:
        handle = site.extras.get("prescan")
        if handle is not None:  # (taken by collect_findings; else the child is stopped here)
            handle.close()
    diags = stamp(site, findings, settings, cwd=cwd, report=(None if wanted is None else wanted.__contains__))
    diags = finalize(site, diags, settings)
    checked = list(site.documents) if wanted is None else sorted(p for p in wanted if p in site.documents)
    internal = sum(1 for d in diags if d.code == INTERNAL_CODE)
    cwd = cwd or os.getcwd()
    base = display_path(site.root, "", cwd).rstrip("/")
    if base in ("", "."):
        shown = checked
    elif set(base.split("/")) == {".."}:  # the working folder is inside the site
        shown = [display_path(site.root, p, cwd) for p in checked]  # (as stamp shows them: `p.md`, not `../x/p.md`)
    else:  # site paths have no `..`: one relpath for all
        shown = [f"{base}/{p}" for p in checked]
    return LintResult(diags, len(checked), internal, site, shown)


def lint_text(site: SiteIndex, path: str, text: str, settings: Settings | None = None,
              *, cwd: str | None = None) -> tuple[SiteIndex, list[Diagnostic]]:
    """Lint ``text`` as the content of site-relative ``path`` against ``site``; no disk access.

    Returns the updated index (holding this text) and the diagnostics for ``path``.
    """
    from .discover import classify

    settings = settings or Settings()
    old = site.documents.get(path)
    src = source_from_text(path, text, os.path.join(site.root, path))
    if old is not None:
        kind, coll = old.kind, old.collection
    else:
        kind, coll = classify(path, site.collections)
    from .source import has_front_matter

    if not has_front_matter(src.text):  # not a Jekyll page (any more): nothing to say
        if old is None:
            return site, []
        new_site = site.with_document(old)
        del new_site.documents[path]
        return new_site, []
    doc = make_document(site.config, src, kind, coll)
    new_site = site.with_document(doc)
    ctx = RuleContext(new_site, settings)
    findings = collect_findings(new_site, settings, [doc], ctx=ctx)
    diags = stamp(new_site, findings, settings, cwd=cwd, report=lambda p: p == path)
    return new_site, finalize(new_site, diags, settings)
