"""Body scans in a child process while the parent parses front matter (big sites, body rules on).

A run's page phase spends most of its time on the bodies: finding code, comments and Liquid
(:func:`folio_lint.body.scan_body`) and the links in what is left
(:func:`folio_lint.links.body_links`). Neither needs the front matter, the URL map or any other
page, only the page's text. Yet reading and parsing the pages, and what the parent does before
it forks page workers (importing rules, building the URL map, reading bibliographies), run in
one process while the other CPUs idle. So, on a site big enough for page workers, :func:`start`
forks a child as soon as the walk has listed the files. The child reads them itself (sharing the
parent's texts would cost the parent a copy-on-write fault for every page of text it then
touches) and scans the bodies in order, writing each batch of results, packed as plain tuples
(``marshal``), to an in-memory file. When the parent is about to fork its page workers it calls
:meth:`Prescan.take`: what the child has finished is used (each batch unpacked by the process
that checks its pages), the rest is scanned as usual. The parent never waits: a child that is
not done is stopped, and its unfinished batch dropped.

Never a different result: a result is used only for a document whose text has the length and
hash of the text the child read (a file changed between the two reads, an edited buffer or an
overlay is scanned again), and a child that fails in any way is the same as one that did
nothing. ``tests/test_prescan.py`` compares runs.
"""

from __future__ import annotations

import marshal
import operator
import os
import signal
import struct
from dataclasses import fields
from typing import Any

BATCH = 64  # pages per frame: what a child stopped mid-way loses at most (and a page worker unpacks at once)
_HEAD = struct.Struct("<QQQ")  # frame: length in bytes, the paths it covers (start, end)
_BIB = 2**64 - 1  # (start, end) of the first frame when it holds the parsed .bib files
# the rule modules that read bodies through body_of / doc_links: a run selecting none of them never
# starts a child
BODY_MODULES = frozenset({"links", "boilerplate", "html_blocks"})


class Prescan:
    """A running (or finished) child scanning the files ``paths``."""

    def __init__(self, pid: int, fd: int, paths: list[str]):
        self.pid = pid
        self.fd = fd
        self.paths = paths
        self._done = False
        self._bibs: dict | None = None

    def take(self) -> Prescanned | None:
        """What the child has finished (stopping it if it has not); once only, then None."""
        if self._done:
            return None
        self._done = True
        self._stop()
        try:
            size = os.fstat(self.fd).st_size
            data = os.pread(self.fd, size, 0) if size else b""
        except OSError:
            data = b""
        finally:
            os.close(self.fd)
        paths, self.paths = self.paths, []
        frames: list[tuple[int, int]] = []
        where: dict[str, int] = {}
        pos, n = 0, len(data)
        while pos + _HEAD.size <= n:
            k, s, e = _HEAD.unpack_from(data, pos)
            pos += _HEAD.size
            if s == e == _BIB and pos + k <= n:  # (read by bib())
                pos += k
                continue
            if pos + k > n or not 0 <= s <= e <= len(paths):  # the frame the child was writing when stopped
                break
            f = len(frames)
            frames.append((pos, k))
            for p in paths[s:e]:
                where[p] = f
            pos += k
        return Prescanned(data, frames, where) if frames else None

    def bib(self, rel: str, text: str):
        """The child's :class:`~folio_lint.bibtex.BibFile` of the site's ``.bib`` file ``rel``, if it
        has parsed this very text (it does them first; the child keeps running)."""
        bibs = self._bibs
        if bibs is None:
            bibs = self._bibs = {}
            try:
                if not self._done:
                    k, s, e = _HEAD.unpack(os.pread(self.fd, _HEAD.size, 0))
                    if s == e == _BIB:
                        blob = os.pread(self.fd, k, _HEAD.size)
                        if len(blob) == k:
                            bibs.update((t[0], t) for t in marshal.loads(blob))
            except (OSError, struct.error, EOFError, ValueError, TypeError):
                pass
        t = bibs.get(rel)
        if t is None or t[1] != len(text) or t[2] != hash(text):
            return None
        from .bibtex import BibFile

        return BibFile(rel, t[3], t[4], t[5])

    def close(self) -> None:
        """Stop the child and free the file, if :meth:`take` has not."""
        if not self._done:
            self._done = True
            self._stop()
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.paths = []

    def _stop(self) -> None:
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid == 0:  # still scanning: the parent never waits
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError, OSError):
            pass


class Prescanned:
    """The child's results, each frame unpacked when one of its pages is first asked for (so the
    page workers, which inherit this, unpack only their own pages)."""

    def __init__(self, data: bytes, frames: list[tuple[int, int]], where: dict[str, int]):
        self.data = data
        self.frames = frames
        self.where = where  # {path: the frame that holds it}
        self._loaded: dict[int, dict[str, tuple]] = {}

    def get(self, doc) -> tuple | None:
        """(BodyScan, links, literal links) of ``doc``, if the child scanned the same text."""
        f = self.where.get(doc.path)
        if f is None:
            return None
        entries = self._loaded.get(f)
        if entries is None:
            off, k = self.frames[f]
            try:
                batch = marshal.loads(self.data[off:off + k])
            except (EOFError, ValueError, TypeError):
                batch = ()
            entries = self._loaded[f] = {t[0]: t for t in batch}
        t = entries.get(doc.path)
        if t is None or doc.source.error is not None:
            return None
        text = doc.source.text
        if t[1] != doc.body_start or t[2] != len(text) or t[3] != hash(text):  # (read twice: the file changed)
            return None
        return unpack(t)


def start(root: str, paths: list[str], config, bibs: list[str] = ()) -> Prescan | None:
    """Fork a child that parses the ``.bib`` files ``bibs``, then reads the site-relative ``paths``
    under ``root`` and scans the bodies of those with front matter; None if it cannot (no fork or
    no memfd here). Called right after the walk, before the parent reads the files itself: pages
    of text shared by the two processes would each cost the parent a copy-on-write fault
    (2.5-3.8 us on a VM) while it parses."""
    from .links import literal_exts_of
    from .parallel import fork_ok

    if not fork_ok() or not hasattr(os, "memfd_create"):
        return None
    try:
        exts = literal_exts_of(config.data)
        fd = os.memfd_create("folio-lint-prescan", getattr(os, "MFD_CLOEXEC", 0))
    except Exception:  # noqa: BLE001 - no child: the rules scan as usual
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(fd)
        return None
    if pid == 0:  # child
        try:
            if bibs:
                _parse_bibs(fd, root, bibs)
            _scan_into(fd, root, paths, exts)
        finally:
            os._exit(0)
    return Prescan(pid, fd, paths)


def _parse_bibs(fd: int, root: str, bibs: list[str]) -> None:
    from .bibtex import parse_bib_text

    out = []
    for rel in bibs:
        try:
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue  # (the parent reports it)
        bf = parse_bib_text(text, rel)
        out.append((rel, len(text), hash(text), bf.keys, bf.ok, bf.error))
    _write(fd, out, _BIB, _BIB)


def _scan_into(fd: int, root: str, paths: list[str], exts: frozenset[str]) -> None:
    from .body import scan_body
    from .links import body_links
    from .source import read_source, split_front_matter

    batch: list = []
    first = 0
    for i, rel in enumerate(paths):
        src = read_source(rel, os.path.join(root, rel))
        if src.error is None:
            text = src.text
            sp = split_front_matter(text)
            if sp is not None:
                scan = scan_body(text, sp.body_start)
                links, lit = body_links(rel, text, scan, exts)
                batch.append(pack(rel, sp.body_start, len(text), hash(text), scan, links, lit))
        if len(batch) >= BATCH or i + 1 == len(paths):
            _write(fd, batch, first, i + 1)
            batch = []
            first = i + 1


def _write(fd: int, batch: list, start: int, end: int) -> None:
    """One frame: its header (length, the paths ``start:end`` it covers, or ``_BIB`` twice), then ``batch``."""
    blob = marshal.dumps(batch)
    data = memoryview(_HEAD.pack(len(blob), start, end) + blob)
    while data:
        data = data[os.write(fd, data):]


# ---------------------------------------------------------------------- packed form
_KINDS: tuple | None = None  # (Region, Tag, Output, Link, BodyScan and a field getter for each of the first four)


def _kinds() -> tuple:
    global _KINDS
    if _KINDS is None:
        from .body import BodyScan, Output, Region, Tag
        from .links import Link

        get = [operator.attrgetter(*[f.name for f in fields(c)]) for c in (Region, Tag, Output, Link)]
        _KINDS = (Region, Tag, Output, Link, BodyScan, *get)
    return _KINDS


def pack(path: str, body_start: int, size: int, digest: int, scan, links: list, lit: list) -> tuple:
    """One page's scan and links as plain tuples (``marshal``-able)."""
    _r, _t, _o, _l, _b, reg, tag, out, lk = _KINDS or _kinds()
    return (
        path, body_start, size, digest,
        (scan.start, scan.end, [*map(reg, scan.code)], [*map(reg, scan.comments)],
         [*map(tag, scan.tags)], [*map(out, scan.outputs)]),
        [*map(lk, links)],
        [(lk(x), s, e) for x, s, e in lit] if lit else (),
    )


def unpack(entry: tuple) -> tuple:
    """(BodyScan, links, literal links) from :func:`pack`'s tuple."""
    Region, Tag, Output, Link, BodyScan = (_KINDS or _kinds())[:5]
    _path, _bs, _size, _digest, (start, end, code, comments, tags, outputs), links, lit = entry
    scan = BodyScan(start, end,
                    [Region(*r) for r in code] if code else [],
                    [Region(*r) for r in comments] if comments else [],
                    [Tag(*t) for t in tags] if tags else [],
                    [Output(*o) for o in outputs] if outputs else [])
    return scan, [Link(*x) for x in links], [(Link(*x), s, e) for x, s, e in lit] if lit else []


def take_prescanned(ctx, doc) -> tuple | None:
    """The child's (scan, links, literal links) of ``doc``, if it has them; unpacked once per run."""
    pre = getattr(ctx, "prescanned", None)
    if pre is None:
        return None
    key = ("prescanned", doc.path)
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = pre.get(doc) or ()
    return got or None
