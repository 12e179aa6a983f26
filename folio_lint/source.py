"""Reading files: bytes → text with a line index, front matter split exactly as Jekyll does.

Nothing here raises on bad input: an unreadable or undecodable file gives a ``SourceFile`` with
``error`` set, which the engine turns into a finding.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from dataclasses import dataclass, field

from .diagnostics import Position

BOM = "\ufeff"
# Jekyll: Utils.has_yaml_header? -> /\A---\s*\r?\n/ on the first line;
# Document::YAML_FRONT_MATTER_REGEXP = /\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m
_OPEN_RE = re.compile(r"---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\r|$)", re.M)
_BREAK_RE = re.compile(r"\r\n|\r|\n")

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are reported, not parsed


class LineIndex:
    """Offset ↔ (line, column) for one text; lines break at ``\\r\\n``, ``\\r`` or ``\\n`` (as YAML does)."""

    __slots__ = ("_starts", "length", "text")

    def __init__(self, text: str):
        self._starts = None  # computed on first use: most files never need a position
        self.length = len(text)
        self.text = text

    @property
    def starts(self) -> list[int]:
        s = self._starts
        if s is None:
            s = self._starts = [0] + [m.end() for m in _BREAK_RE.finditer(self.text)]
        return s

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self.length))
        i = bisect.bisect_right(self.starts, offset) - 1
        return Position(i + 1, offset - self.starts[i] + 1)

    def offset(self, line: int, column: int) -> int:
        """0-based ``line``/``column`` → offset (clamped to the text)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return self.length
        return min(self.starts[line] + column, self.length)

    def line_count(self) -> int:
        return len(self.starts)

    def line_bounds(self, line: int) -> tuple[int, int]:
        """0-based line → (start, end) offsets, end excluding the line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else self.length
        return start, self._strip_break(start, end)

    def _strip_break(self, start: int, end: int) -> int:
        t = self.text
        if end > start and t[end - 1] == "\n":
            end -= 1
        if end > start and t[end - 1] == "\r":
            end -= 1
        return end


@dataclass(slots=True)
class SourceFile:
    """One file's text. ``text`` excludes a leading BOM; offsets are into ``text``."""

    path: str  # site-relative, "/" separated
    abspath: str
    raw: bytes | None  # kept only when they could not be decoded (see disk_bytes)
    text: str = ""
    encoding: str = "utf-8"
    bom: bool = False
    error: str | None = None  # why the file could not be read as UTF-8 text
    _lines: LineIndex | None = field(default=None, repr=False)
    mtime: float | None = None  # modification time when read from disk (Jekyll dates undated drafts by it)

    def disk_bytes(self) -> bytes | None:
        """The bytes read from disk (None for text held in memory: an editor buffer, an overlay).
        Decoded text keeps no copy of them: they are its encoding (strict UTF-8 is lossless)."""
        if self.raw is not None:
            return self.raw
        if self.mtime is None or self.error is not None:
            return None
        return self.encode(self.text)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def line_text(self, line: int) -> str:
        """1-based line number → its text without the break."""
        s, e = self.lines.line_bounds(line - 1)
        return self.text[s:e]

    def encode(self, text: str) -> bytes:
        """Text → bytes exactly as this file stores them (BOM kept)."""
        data = text.encode(self.encoding)
        return (BOM.encode(self.encoding) + data) if self.bom else data


def decode(path: str, abspath: str, raw: bytes) -> SourceFile:
    """Bytes → ``SourceFile``; never raises."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return SourceFile(path, abspath, raw, error="the file is UTF-16; Jekyll reads UTF-8 (save it as UTF-8)")
    if b"\x00" in raw[:8192]:
        return SourceFile(path, abspath, raw, error="the file holds NUL bytes: it looks binary, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return SourceFile(
            path, abspath, raw, error=f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x} on line {line}); save it as UTF-8"
        )
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    # the bytes are not kept: strict UTF-8 decoding is lossless, so ``encode(text)`` gives them
    # back (:meth:`SourceFile.disk_bytes`); a site's text is then held once, not twice (~25 MB
    # and ~6,000 page faults less at 10k pages)
    return SourceFile(path, abspath, None, text=text, bom=bom)


_O_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open_error(abspath: str, e: OSError) -> str:
    """Why a file could not be opened, in words (only on the error path: costs nothing on a good read)."""
    if e.errno in (errno.ENOENT, errno.ELOOP):
        try:
            target = os.readlink(abspath)
        except (OSError, ValueError):
            target = None
        if target is not None:
            if e.errno == errno.ELOOP:
                return f"the file is a symbolic link to `{target}`, which leads back to it (a loop of links)"
            return f"the file is a symbolic link to `{target}`, which does not exist"
    return f"the file cannot be read ({e.strerror or e})"


def read_source(path: str, abspath: str) -> SourceFile:
    """Read one regular file (at most ``MAX_FILE_BYTES``); never blocks on a pipe or a device."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer returns at once instead of hanging
        fd = os.open(abspath, _O_FLAGS)
    except IsADirectoryError:
        return SourceFile(path, abspath, None, error="this is a directory, not a file")
    except OSError as e:
        return SourceFile(path, abspath, None, error=_open_error(abspath, e))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            return SourceFile(path, abspath, None, error="this is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            return SourceFile(path, abspath, None, error="this is not a regular file (a pipe, socket or device); not read")
        if st.st_size > MAX_FILE_BYTES:
            return SourceFile(path, abspath, None, error=f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not checked")
        # A regular file: O_NONBLOCK does not change its reads, and one read of its size + 1
        # bytes ends at its end (a short read); only a file that grew meanwhile needs the loop.
        # (Two fcntl calls and a second read per file saved: ~20 ms at 10k pages.)
        want = st.st_size + 1
        try:
            raw = os.read(fd, want)
        except BlockingIOError:  # (a file system that honours O_NONBLOCK on files)
            os.set_blocking(fd, True)
            raw = os.read(fd, want)
        if len(raw) >= want:
            chunks = [raw]
            left = MAX_FILE_BYTES + 1 - len(raw)
            while left > 0:
                b = os.read(fd, min(left, 1 << 24))
                if not b:
                    break
                chunks.append(b)
                left -= len(b)
            raw = b"".join(chunks)
    except OSError as e:
        return SourceFile(path, abspath, None, error=f"the file cannot be read ({e.strerror or e})")
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        return SourceFile(path, abspath, None, error=f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not checked")
    src = decode(path, abspath, raw)
    src.mtime = st.st_mtime
    return src


_PAGE_STARTS = tuple(
    {pre.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be") for pre in ("---", BOM + "---")}
)


def may_be_page(src: SourceFile) -> bool:
    """For a file that could not be decoded: does it start with ``---`` (in UTF-8, 16 or 32, with or
    without a BOM), so that its author meant a page? Files that could not be read at all count too.
    Binary files named ``.md`` without that start are static files to Jekyll: nothing to report."""
    if src.raw is None:
        return True
    return src.raw.startswith(_PAGE_STARTS)


def source_from_text(path: str, text: str, abspath: str = "") -> SourceFile:
    """A ``SourceFile`` for text held in memory (an editor buffer, a test).

    Lone surrogates (which no file read as UTF-8 can hold, but a JSON-RPC message can) become
    U+FFFD, one code point for one, so offsets stay the same and nothing downstream fails to encode."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    bom = text.startswith(BOM)
    return SourceFile(path, abspath, None, text=text[1:] if bom else text, bom=bom)


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class FrontMatterSplit:
    """Where the front matter is: ``text[yaml_start:yaml_end]`` is the YAML, the body starts at ``body_start``.

    ``closed`` is False when the opening ``---`` has no closing line (Jekyll then does not see a
    front matter at all; the file is a static file).
    """

    yaml_start: int
    yaml_end: int
    close_start: int
    body_start: int
    closed: bool


def has_front_matter(text: str) -> bool:
    """Jekyll's test: does the first line read ``---`` (trailing blanks allowed)?"""
    return _OPEN_RE.match(text) is not None


def split_front_matter(text: str) -> FrontMatterSplit | None:
    """Split like Jekyll's ``YAML_FRONT_MATTER_REGEXP``; None when the file has no front matter."""
    m = _OPEN_RE.match(text)
    if m is None:
        return None
    start = m.end()
    c = _CLOSE_RE.search(text, start)
    if c is None:
        return FrontMatterSplit(start, len(text), len(text), len(text), False)
    return FrontMatterSplit(start, c.start(), c.start(), c.end(), True)
