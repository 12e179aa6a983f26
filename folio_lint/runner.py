"""One ``folio-lint check`` run: command-line paths → sites → diagnostics → a :class:`Report`.

Kept apart from ``cli.py`` so tests and other front ends (pre-commit, the editor server) call it
directly.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable

from .diagnostics import Diagnostic
from .discover import FolioLintError, build_site, find_site_root, resolve_targets
from .engine import LintResult, lint_site
from .reporters import Report
from .settings import Settings
from .site import SiteIndex


@dataclass
class Target:
    """One site to index and the files of it to report (None: all)."""

    root: str
    standalone: bool
    report: set[str] | None
    prefixes: tuple[str, ...] = ()
    files: list[str] = field(default_factory=list)  # standalone files (no site folder)


def plan(paths: list[str]) -> list[Target]:
    targets: list[Target] = []
    for root, given in resolve_targets(paths):
        if root is None:
            dirs = [p for p in given if os.path.isdir(p)]
            files = [p for p in given if not os.path.isdir(p)]
            for d in dirs:
                nested = nested_site_roots(d)
                if nested:  # a folder holding sites (a repository with the site in a subfolder): each in its own context
                    targets.extend(Target(r, False, None) for r in nested)
                else:
                    targets.append(Target(os.path.abspath(d), True, None))
            if files:
                targets.append(Target("", True, None, files=files))
            continue
        report: set[str] | None = set()
        prefixes: list[str] = []
        for p in given:
            rel = os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/")
            if os.path.isdir(p):
                if rel in (".", ""):
                    report = None
                    break
                prefixes.append(rel.rstrip("/") + "/")
            else:
                report.add(rel)
        targets.append(Target(root, False, report, tuple(prefixes)))
    return targets


_NOT_SITES = frozenset({"node_modules", "vendor", "_site", ".git", ".jekyll-cache", ".folio-lint-cache"})


def nested_site_roots(folder: str) -> list[str]:
    """The Jekyll sites inside ``folder`` (itself in none): the topmost folders holding `_config.yml`
    (or `_config.yaml`), found without descending into a site, a hidden folder or node_modules/vendor."""
    out: list[str] = []
    for d, subdirs, files in os.walk(os.path.abspath(folder)):
        if "_config.yml" in files or "_config.yaml" in files:
            out.append(d)
            subdirs[:] = []
            continue
        subdirs[:] = sorted(x for x in subdirs if not x.startswith(".") and x not in _NOT_SITES)
    return out


def index_target(t: Target, parse=None, prescan=None) -> SiteIndex:
    if t.files:
        return build_site(None, standalone_files=t.files)
    return build_site(t.root, stock=t.standalone, parse=parse, prescan=prescan)


def _prescan_for(t: Target, settings: Settings, jobs: int | None, overlay) -> Callable | None:
    """``build_site``'s ``prescan`` for a run that checks every page of a site with page workers
    (see :mod:`folio_lint.prescan`), else None."""
    if jobs == 1 or t.files or t.report is not None or t.prefixes or overlay:
        return None
    from . import prescan
    from .registry import RULES, modules_for

    modules = modules_for(r for r in RULES.values() if r.parent is None and settings.rule_runs(r))
    if not modules & prescan.BODY_MODULES:
        return None

    def start(root, paths, config, bibs, _jobs=jobs):  # (only where page workers would run)
        from .parallel import effective_jobs

        return prescan.start(root, paths, config, bibs) if effective_jobs(_jobs, len(paths)) > 1 else None

    return start


def report_paths(t: Target, site: SiteIndex) -> set[str] | None:
    if t.report is None and not t.prefixes:
        return None
    wanted = set(t.report or ())
    if t.prefixes:
        for p in site.all_paths:
            if p.startswith(t.prefixes):
                wanted.add(p)
    for p, _ in site.extras.get("unreadable_dirs", ()):  # FL014: a named path in (or above) an unreadable folder
        inside = p + "/"
        if any(x.startswith(inside) for x in wanted | set(t.prefixes or ())) or (t.prefixes and inside.startswith(t.prefixes)):
            wanted.add(p)
    return wanted


def run(paths: list[str], settings: Settings, *, cwd: str | None = None, jobs: int | None = 1,
        use_cache: bool = False, configure=None, overlay: dict[str, str] | None = None,
        progress=None) -> tuple[Report, list[LintResult]]:
    """Lint the given paths (default: the site in the current directory).

    ``jobs``: processes for big sites (None: one per core; see :mod:`folio_lint.parallel`).
    ``use_cache``: read and write ``<site>/.folio-lint-cache`` (see :mod:`folio_lint.cache`); a
    result served from it has ``site=None``.
    ``configure``: ``f(Target) -> Settings`` for each site (its ``.folio-lint.yml``, see
    :mod:`folio_lint.config`); ``settings`` is used when it is None.
    ``overlay``: {absolute path: text} read instead of the disk (``--diff`` passes, see :mod:`folio_lint.fixer`).
    ``progress``: an object with ``stage(text)`` (see :mod:`folio_lint.progress`).
    """
    # The collector finds no cycles to free in a run (parses and rules leave none), yet with the
    # whole site in memory its passes cost a fifth of a run: it is paused until the run ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(paths, settings, cwd=cwd, jobs=jobs, use_cache=use_cache, configure=configure, overlay=overlay,
                    progress=progress)
    finally:
        if collecting:
            # what the run allocated goes to the oldest generation (freeze, then unfreeze): else
            # the first allocation after enabling would make the collector walk all of it at once
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _run(paths, settings, *, cwd, jobs, use_cache, configure, overlay, progress):
    base_settings = settings
    t0 = time.perf_counter()
    cwd = cwd or os.getcwd()
    results: list[LintResult] = []
    diags: list[Diagnostic] = []
    sources = {}
    files = 0
    for t in plan(paths or ["."]):
        settings = base_settings if configure is None else configure(t)
        if progress is not None:
            progress.stage(f"indexing {os.path.relpath(t.root, cwd) if t.root else 'files'}")
        store = None
        if use_cache and not t.files and not settings.external:
            from .cache import TargetCache

            store = TargetCache(t.root, settings, cwd, (t.standalone, t.report and sorted(t.report), t.prefixes), jobs)
            hit = store.hit()
            if hit is not None:
                results.append(hit)
                diags.extend(hit.diagnostics)
                files += hit.files_checked
                for k, v in store.sources.items():
                    sources.setdefault(k, v)
                continue
        parse = store.parse if store is not None else None
        if parse is None and jobs != 1:
            from .parallel import parse_many

            def parse(srcs, _jobs=jobs):
                return parse_many(srcs, _jobs)
        site = index_target(t, parse, _prescan_for(t, settings, jobs, overlay))
        if overlay:
            from .fixer import apply_overlay

            site = apply_overlay(site, overlay)
        if t.report:  # (after the overlay: a --diff pass judges by the _config.yml it fixed)
            from .discover import named_files_not_built

            site.extras["not_built"] = named_files_not_built(site, t.report)
        if settings.external and not site.standalone:
            from .external import check_site_external, terminal_progress

            if progress is not None:
                progress.stage("checking external links")
            if progress is not None:  # one progress line (folio_lint.progress: never in CI or pipes)
                bar = progress.update if getattr(progress, "enabled", False) else None
            else:
                bar = terminal_progress()
            check_site_external(site, settings, progress=bar)
        if progress is not None:
            progress.stage(f"checking {len(site.documents)} files")
        res = lint_site(site, settings, report_paths=report_paths(t, site), cwd=cwd, jobs=jobs)
        if store is not None:
            store.save(res)
        results.append(res)
        diags.extend(res.diagnostics)
        files += res.files_checked
        for d in res.diagnostics:
            if d.display_path not in sources:
                src = site.source(d.path)
                if src is not None:
                    sources[d.display_path] = src
    diags.sort(key=lambda d: d.sort_key)
    checked = None if any(r.checked is None for r in results) else sorted({p for r in results for p in r.checked})
    return Report(diags, files, time.perf_counter() - t0, sources, checked_paths=checked), results


__all__ = ["run", "plan", "Target", "FolioLintError", "find_site_root"]
