"""BibTeX files: the citation keys of each ``.bib`` file, parsed with ``bibtexparser``.

jekyll-scholar reads ``scholar.source`` (default ``./_bibliography``) and ``scholar.bibliography``
(default ``references.bib``; al-folio: ``papers.bib``); ``{% cite k --file other %}`` and
``{% bibliography --file other %}`` name other files in the same folder. Keys compare as written
(jekyll-scholar looks them up case-sensitively).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass, field

from .site import SiteIndex


@dataclass
class BibFile:
    path: str  # site-relative
    keys: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    ok: bool = True
    error: str | None = None


def parse_bib_text(text: str, path: str = "") -> BibFile:
    import bibtexparser

    bf = BibFile(path)
    # jekyll-scholar accepts (and al-folio ships) an empty front-matter block at the top
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end >= 0:
            nl = text.find("\n", end + 1)
            head = text[: nl + 1 if nl >= 0 else len(text)]
            text = "\n" * head.count("\n") + text[len(head):]
    import logging

    log = logging.getLogger("bibtexparser")
    level = log.level
    log.setLevel(logging.CRITICAL)  # the parser logs every broken block; folio-lint reports instead
    try:
        # no middleware: only keys and lines are read, not field values (their string resolution and
        # brace removal are ~25% of the parse; same entries and failed blocks on 323 real .bib files)
        lib = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as e:  # a broken file: keys unknown, nothing reported against it
        bf.ok, bf.error = False, f"{type(e).__name__}: {e}"
        return bf
    finally:
        log.setLevel(level)
    for e in lib.entries:
        bf.keys.setdefault(e.key, (e.start_line or 0) + 1)
    if lib.failed_blocks:
        bf.ok = False
        bf.error = f"{len(lib.failed_blocks)} entries could not be parsed"
        # keys of failed blocks still count as present (jekyll-scholar may read them)
        import re

        for b in lib.failed_blocks:
            raw = getattr(b, "raw", "") or ""
            m = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
            if m:
                bf.keys.setdefault(m.group(1), (getattr(b, "start_line", 0) or 0) + 1)
    return bf


def read_bib(site: SiteIndex, rel: str) -> BibFile:
    full = os.path.join(site.root, rel)
    try:
        with open(full, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as e:
        return BibFile(rel, ok=False, error=str(e))
    from .cache import facts  # parsed once per content across runs when the run has a cache

    pre = site.extras.get("prescan")  # parsed already by the parse-time child (folio_lint.prescan)?
    return facts("bib", f"{rel}\0{text}", lambda: (pre is not None and pre.bib(rel, text)) or parse_bib_text(text, rel))


@dataclass
class Scholar:
    source: str  # site-relative folder ("_bibliography")
    default: str  # default file name ("papers.bib")
    files: dict[str, BibFile]  # site-relative path -> parsed file
    outside: bool = False  # scholar.source leads outside the site: its files are unknown

    def file_for(self, name: str | None) -> str:
        n = name or self.default
        if not n.endswith(".bib") and (posixpath.join(self.source, n + ".bib") in self.files
                                       or (posixpath.join(self.source, n) not in self.files
                                           and "." not in posixpath.basename(n))):
            n += ".bib"  # jekyll-scholar adds `.bib` when the name as written is not a file
        return posixpath.normpath(posixpath.join(self.source, n)) if self.source not in ("", ".") else n

    def keys(self, name: str | None = None) -> BibFile | None:
        memo = self.__dict__.setdefault("_memo", {})
        if name not in memo:
            memo[name] = self._glob() if name is None and "*" in self.default else self.files.get(self.file_for(name))
        return memo[name]

    def _glob(self) -> BibFile | None:
        """``bibliography: '*.bib'``: jekyll-scholar globs the pattern inside ``scholar.source`` and
        reads every match as one bibliography (a ``--file`` name is never globbed)."""
        pat = posixpath.normpath(posixpath.join(self.source, self.default)) if self.source not in ("", ".") else self.default
        parts = pat.split("/")
        hits = [bf for p, bf in sorted(self.files.items())
                if (fnmatch.fnmatchcase(p, pat) if "**" in pat else
                    len(p.split("/")) == len(parts) and all(map(fnmatch.fnmatchcase, p.split("/"), parts)))]
        if not hits:
            return None
        merged = BibFile(pat, ok=all(bf.ok for bf in hits))
        for bf in hits:
            for k, line in bf.keys.items():
                merged.keys.setdefault(k, line)
        return merged


def source_dir(value) -> str | None:
    """The site-relative folder ``scholar.source`` names (``./_bibliography`` -> ``_bibliography``,
    ``/`` or ``.`` -> ``.``), or None when it leads outside the site (``../refs``): jekyll-scholar
    joins it to the site's folder as written; folio-lint reads nothing outside the site (FL605 says so)."""
    if not isinstance(value, str):
        return "_bibliography"
    p = posixpath.normpath(value.strip().lstrip("/") or ".")
    return None if p == ".." or p.startswith("../") else p


def scholar(site: SiteIndex) -> Scholar:
    """The site's bibliographies, parsed once (kept in ``site.extras["scholar"]``)."""
    got = site.extras.get("scholar")
    if got is not None:
        return got
    cfg = site.config.get("scholar")
    cfg = cfg if isinstance(cfg, dict) else {}
    src = source_dir(cfg.get("source", "./_bibliography"))
    outside = src is None
    src = src or "."
    default = cfg.get("bibliography", "references.bib")
    default = str(default) if isinstance(default, (str, int)) else "references.bib"
    files = {p: read_bib(site, p) for p in site.bib_files}
    got = site.extras["scholar"] = Scholar(src, default, files, outside)
    return got
