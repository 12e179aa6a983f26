"""``--fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only``: apply findings' fixes as exact text edits.

A fix is a set of :class:`~folio_lint.diagnostics.Edit` (offsets into the file's decoded text);
nothing is ever re-dumped, so every byte outside the edits (comments, quoting, key order, CRLF,
BOM, a missing final newline) stays as it was.

One pass: lint → take the applicable fixes of each file, in offset order, skipping a fix whose
edits overlap an edit already taken (reported as a conflict; the next pass usually applies it) →
write each changed file atomically. Passes repeat until nothing changes (at most
``MAX_PASSES``), so a second ``--fix`` run finds nothing to do.

Writes go through :func:`write_atomic` only (:func:`folio_lint.atomic.replace_file`: a temporary
file in the same folder, fsync, ``os.replace``, permissions kept); a file whose bytes changed on
disk since folio-lint read it is left alone. ``--diff`` runs the same passes on in-memory copies and writes nothing.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field

from .atomic import replace_file
from .diagnostics import Applicability, Diagnostic, Edit, Fix

MAX_PASSES = 10


class FileChangedError(Exception):
    """The file on disk is not the one folio-lint read: another program changed it."""


@dataclass
class Conflict:
    display_path: str
    line: int
    code: str
    title: str


@dataclass
class FixOutcome:
    fixed: int = 0  # fixes applied
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # display path -> (original, final) text
    conflicts: list[Conflict] = field(default_factory=list)  # fixes skipped in the last pass (overlaps)
    not_written: list[tuple[str, str]] = field(default_factory=list)  # (display path, why)
    passes: int = 0
    converged: bool = True

    @property
    def changed(self) -> list[str]:
        return [p for p, (a, b) in self.files.items() if a != b]


# ---------------------------------------------------------------------- pure text edits
def applicable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two inserts at one point: order would be a guess
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) or (
        b.start == b.end and a.start < b.start < a.end)


def select_fixes(diags: list[Diagnostic], text_len: int) -> tuple[list[tuple[Diagnostic, Fix]], list[Diagnostic]]:
    """Fixes to apply together (no two overlap) and the diagnostics whose fix was skipped."""
    taken: list[Edit] = []
    chosen, skipped = [], []
    seen_fixes: set = set()
    for d in sorted(diags, key=lambda d: (min(e.start for e in d.fix.edits), d.code)):
        key = tuple((e.start, e.end, e.content) for e in d.fix.edits)
        if key in seen_fixes:  # the same edit reported twice (e.g. two codes for one key)
            continue
        if any(e.start < 0 or e.end > text_len or e.end < e.start for e in d.fix.edits):
            skipped.append(d)
            continue
        edits = sorted(d.fix.edits, key=lambda e: (e.start, e.end))
        if any(_overlaps(a, b) for i, a in enumerate(edits) for b in edits[i + 1:]) or any(
            _overlaps(e, t) for e in edits for t in taken
        ):
            skipped.append(d)
            continue
        taken.extend(edits)
        seen_fixes.add(key)
        chosen.append((d, d.fix))
    return chosen, skipped


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order given) to ``text``."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------- the one write path
def write_atomic(path: str, data: bytes, expected: bytes | None) -> None:
    """Replace the file at ``path`` by ``data``, atomically, if it still holds ``expected``.

    The temporary file is created in the same folder (so ``os.replace`` is a rename on one file
    system) with the original's permission bits; on any failure the original is untouched and
    the temporary file removed. A symbolic link stays a link: the file it points to is replaced.
    """
    path = os.path.realpath(path)
    try:
        with open(path, "rb") as fh:
            current = fh.read()
        st = os.stat(path)
    except OSError as e:
        raise FileChangedError(f"cannot re-read the file ({e.strerror or e})") from None
    if expected is not None and current != expected:
        raise FileChangedError("the file changed on disk since folio-lint read it; not overwritten")
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        # read-only on purpose (an atomic rename could replace it anyway, and would for root)
        raise FileChangedError("the file is read-only; not changed (make it writable to fix it)")
    replace_file(path, data, fsync=True, mode=stat.S_IMODE(st.st_mode))


# ---------------------------------------------------------------------- passes
def fix_run(paths: list[str], settings, *, unsafe: bool = False, write: bool = True, cwd: str | None = None,
            max_passes: int = MAX_PASSES, progress=None, **run_kwargs):
    """Lint, fix, re-lint until stable. Returns ``(report, results, outcome)`` of the final lint.

    ``run_kwargs`` go to :func:`folio_lint.runner.run` (``configure``, ``jobs``); the cache is never
    used (a fix needs the parsed site).
    """
    import time

    from .runner import run

    run_kwargs.pop("use_cache", None)
    t0 = time.perf_counter()
    outcome = FixOutcome()
    overlay: dict[str, str] = {}  # abspath -> current text (diff mode: nothing is written)
    originals: dict[str, tuple[str, str]] = {}  # abspath -> (display path, original text)
    report, results = run(paths, settings, cwd=cwd, overlay=overlay if not write else None, progress=progress,
                          **run_kwargs)
    for n in range(1, max_passes + 1):
        outcome.passes = n
        changed_any = False
        outcome.conflicts = []
        for res in results:
            site = res.site
            if site is None:
                continue
            by_path: dict[str, list[Diagnostic]] = {}
            for d in res.diagnostics:
                if applicable(d.fix, unsafe):
                    by_path.setdefault(d.path, []).append(d)
            for path, diags in sorted(by_path.items()):
                src = site.source(path)
                if src is None or src.error is not None:
                    continue
                abspath = src.abspath or os.path.join(site.root, path)
                if not write and abspath in overlay and overlay[abspath] != src.text:
                    continue  # this file's new text did not reach the index: its fixes are already counted
                chosen, skipped = select_fixes(diags, len(src.text))
                outcome.conflicts += [Conflict(d.display_path, d.start.line, d.code, d.fix.title) for d in skipped]
                if not chosen:
                    continue
                new = apply_edits(src.text, [e for _, f in chosen for e in f.edits])
                if new == src.text:
                    continue
                originals.setdefault(abspath, (diags[0].display_path, src.text))
                if write:
                    try:
                        write_atomic(abspath, src.encode(new), src.disk_bytes())
                    except (FileChangedError, OSError) as e:
                        outcome.not_written.append((diags[0].display_path, str(e)))
                        continue
                else:
                    overlay[abspath] = new
                outcome.fixed += len(chosen)
                changed_any = True
        if not changed_any:
            break
        report, results = run(paths, settings, cwd=cwd, overlay=overlay if not write else None, **run_kwargs)
    else:
        outcome.converged = False
    for abspath, (display, original) in originals.items():
        final = overlay.get(abspath) if not write else _read_text(abspath, original)
        outcome.files[display] = (original, final if final is not None else original)
    report.fixed = outcome.fixed
    report.elapsed = time.perf_counter() - t0  # every pass, not only the last re-lint
    return report, results, outcome


def apply_overlay(site, overlay: dict[str, str]):
    """The site as if the files in ``overlay`` (absolute path -> text) held that text (``--diff`` passes).

    Documents are re-made from their new text; a changed ``_config.yml`` re-makes every document
    with the new configuration (its ``defaults:`` may have changed); other files the index keeps
    (``_data/*.yml``, ``.bib``) get their new text.

    The file tree is not walked again (the same documents, static and other files), so the facts
    the walk made stay (:data:`TREE_EXTRAS`: FL012, FL013, FL014 findings), checked again against a
    changed ``_config.yml`` (a fixed ``exclude:`` drops a symlink in a folder it now excludes; a
    fixed ``include:`` builds a named page); facts made from texts are dropped and made again from
    the new ones on first use (the URL map, per-file memos, ...), except the parsed ``.bib`` files
    and the stock-file hashes when none of what they read changed. (Files a changed ``include:``
    or ``exclude:`` adds to the site or takes out of it are not: that needs a new walk.)
    """
    import copy

    from .site import make_document
    from .source import source_from_text

    def new_source(old, text):
        src = source_from_text(old.path, text, old.abspath)
        src.bom, src.encoding = old.bom, old.encoding
        return src

    def abspath(src, path):
        return src.abspath or os.path.join(site.root, path)

    config = site.config
    cfg = config.source
    cfg_text = overlay.get(abspath(cfg, cfg.path)) if cfg is not None else None
    new_config = cfg_text is not None and cfg_text != cfg.text
    if new_config:
        from .config_yaml import load_config

        config = load_config(new_source(cfg, cfg_text))
    changed = {}
    for path, doc in site.documents.items():
        text = overlay.get(abspath(doc.source, path))
        if text is not None and text != doc.source.text:
            changed[path] = make_document(config, new_source(doc.source, text), doc.kind, doc.collection)
        elif new_config:
            changed[path] = make_document(config, doc.source, doc.kind, doc.collection)
    extra = {p: new_source(s_, overlay[abspath(s_, p)]) for p, s_ in site.sources.items()
             if abspath(s_, p) in overlay and overlay[abspath(s_, p)] != s_.text}
    if not (changed or new_config or extra):
        return site
    out = copy.copy(site)
    out.config = config
    out.documents = {**site.documents, **changed}
    out.sources = {**site.sources, **extra}
    out.__dict__.pop("all_paths", None)
    out.extras = _kept_extras(site, out, new_config, extra)
    return out


# site.extras made by discovery (or the runner) from the file tree alone: an overlay never re-walks
# it, so they hold for the overlaid index as its document set does (symlinks out of the site,
# unreadable folders, named files Jekyll does not build)
TREE_EXTRAS = ("outside_links", "unreadable_dirs", "not_built")


def _kept_extras(site, out, new_config: bool, changed_sources) -> dict:
    """The ``site.extras`` the overlaid index ``out`` inherits from ``site`` (see :func:`apply_overlay`)."""
    old = site.extras
    kept = {k: old[k] for k in TREE_EXTRAS if k in old}
    if new_config:  # what the walk found, as the new configuration filters it (it can only drop some)
        from .discover import _reported_links, not_built_reason

        if "outside_links" in kept:
            kept["outside_links"] = _reported_links(kept["outside_links"], out.config, out.root)
        if "unreadable_dirs" in kept:
            still = set(_reported_links([p for p, _ in kept["unreadable_dirs"]], out.config, out.root))
            kept["unreadable_dirs"] = tuple(x for x in kept["unreadable_dirs"] if x[0] in still)
        if "not_built" in kept:
            kept["not_built"] = [(p, r) for p, _ in kept["not_built"] if (r := not_built_reason(out, p)) is not None]
    # the parsed bibliographies: _config.yml's `scholar:` and the .bib files' texts
    if "scholar" in old and not new_config and not any(p in changed_sources for p in site.bib_files):
        kept["scholar"] = old["scholar"]
    # the stock files among static and other files, hashed from the disk (documents are never among them)
    if "template_files" in old and not any(p in site.static_files or p in site.other_files for p in changed_sources):
        kept["template_files"] = old["template_files"]
    return kept


def _read_text(abspath: str, fallback: str) -> str:
    from .source import read_source

    src = read_source("", abspath)
    return fallback if src.error is not None else src.text


# ---------------------------------------------------------------------- output
def unified_diff(display_path: str, before: str, after: str) -> str:
    """A ``git diff``-like unified diff; line endings shown as they are, a missing final newline marked."""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, fromfile=f"a/{display_path}", tofile=f"b/{display_path}", lineterm="\n"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def summary_lines(outcome: FixOutcome, *, write: bool) -> list[str]:
    lines = []
    if not outcome.converged:
        lines.append(f"folio-lint: fixes did not settle after {outcome.passes} passes; run `--fix` again and "
                     "check the result (this is a bug in a rule's fix: please report it)")
    for c in outcome.conflicts:
        lines.append(f"{c.display_path}:{c.line}: {c.code} fix skipped (it overlaps another fix): {c.title}")
    for path, why in outcome.not_written:
        lines.append(f"{path}: not fixed: {why}")
    if write:
        for p in outcome.changed:
            lines.append(f"Fixing {p}")
    if outcome.fixed:
        verb = "Fixed" if write else "Would fix"
        lines.append(f"{verb} {outcome.fixed} finding{'s' if outcome.fixed != 1 else ''} in "
                     f"{len(outcome.changed)} file{'s' if len(outcome.changed) != 1 else ''}.")
    return lines
