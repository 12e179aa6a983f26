"""Discovery-time facts for the boilerplate rules: stock al-folio files by content hash, and the
text of ``_data/*.yml`` and ``.bib`` files so findings can be positioned in them.

Called once by :func:`folio_lint.discover.build_site` (reading files is discovery's job; rules stay
pure). Cheap: a file is hashed only when its name and size match a catalogue entry.
"""

from __future__ import annotations

import os

from .source import read_source

EXTRAS_KEY = "template_files"  # site.extras[...] = {path: (fingerprint id, sha256)}
MAX_TEXT_BYTES = 2 * 1024 * 1024  # _data / .bib files larger than this are not read for boilerplate


def _hash_file(abspath: str) -> str | None:
    import hashlib  # (only when a stock file's name and size match: hashlib's import costs ~3 ms)

    h = hashlib.sha256()
    try:
        with open(abspath, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def stock_files(root: str, paths, cat=None) -> dict[str, tuple[str, str]]:
    """Site files that are byte-for-byte al-folio's stock files: {path: (fingerprint id, sha256)}."""
    from .boilerplate import catalogue, file_candidates

    cands = file_candidates(cat or catalogue())
    out: dict[str, tuple[str, str]] = {}
    for rel in paths:
        name = rel.rsplit("/", 1)[-1]
        entries = cands.get(name)
        if not entries:
            continue
        abspath = os.path.join(root, rel)
        try:
            size = os.stat(abspath).st_size
        except OSError:
            continue
        sized = [(fp, h) for fp, h in entries if h.size is None or h.size == size]
        if not sized:
            continue
        digest = _hash_file(abspath)
        for fp, h in sized:
            if h.sha256 and h.sha256 == digest:
                out[rel] = (fp.id, digest)
                break
    return out


def scan_template_files(site) -> None:
    """Fill ``site.extras[EXTRAS_KEY]`` and add ``_data``/``.bib`` texts to ``site.sources``."""
    if site.standalone:
        return
    try:
        site.extras[EXTRAS_KEY] = stock_files(site.root, sorted(site.static_files | site.other_files))
    except Exception:  # never let a hashing problem stop discovery
        site.extras[EXTRAS_KEY] = {}
    for rel in list(site.data_files) + list(site.bib_files):
        if rel in site.sources or not rel.endswith((".yml", ".yaml", ".bib")):
            continue
        abspath = os.path.join(site.root, rel)
        try:
            if os.path.getsize(abspath) > MAX_TEXT_BYTES:
                continue
        except OSError:
            continue
        src = read_source(rel, abspath)
        if src.error is None:
            site.sources[rel] = src
