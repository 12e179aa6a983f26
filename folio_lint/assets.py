"""Site facts for the boilerplate rules: stock al-folio files by content hash, and the text of
``_data/*.yml`` and ``.bib`` files so findings can be positioned in them.

The texts are read by :func:`folio_lint.discover.build_site` (:func:`scan_template_files`). The
stock files are looked for on first use (:func:`template_files`, by FL507): a run without the
boilerplate rules (``--select FL0,FL1,FL2``, a pre-commit run of schema rules) neither loads the
boilerplate catalogue nor stats and hashes candidates (~12 ms). Cheap either way: a file is
hashed only when its name and size match a catalogue entry.
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


def template_files(site) -> dict[str, tuple[str, str]]:
    """The site's files that are al-folio's stock files, {path: (fingerprint id, sha256)}: found on
    the first call and kept in ``site.extras[EXTRAS_KEY]`` (an index made with ``with_document``
    inherits them). Empty for a standalone run (no site folder to judge)."""
    facts = site.extras.get(EXTRAS_KEY)
    if facts is None:
        facts = {}
        if not site.standalone:
            try:
                facts = stock_files(site.root, sorted(site.static_files | site.other_files))
            except Exception:  # never let a hashing problem stop a run
                facts = {}
        site.extras[EXTRAS_KEY] = facts
    return facts


def scan_template_files(site) -> None:
    """Add the ``_data``/``.bib`` texts to ``site.sources`` (stock files: :func:`template_files`)."""
    if site.standalone:
        return
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
