"""Offsets (code points into the decoded text) ↔ LSP positions in the negotiated encoding.

LSP 3.17 lets client and server agree on ``positionEncoding``: ``utf-16`` (the default, what
VS Code uses), ``utf-8`` (bytes) or ``utf-32`` (code points). folio-lint's findings carry offsets
in code points, so every range sent to an editor is converted here, and every position an editor
sends (cursor, code-action range) is converted back. Lines break at ``\\r\\n``, ``\\r`` and
``\\n`` as in the LSP specification (and in :class:`folio_lint.source.LineIndex`).

Pure functions, no pygls import: unit-tested on their own.
"""

from __future__ import annotations

from ..source import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(s: str, encoding: str) -> int:
    """Length of ``s`` in the encoding's code units."""
    if encoding == UTF32:
        return len(s)
    if encoding == UTF8:
        return len(s.encode("utf-8", "surrogatepass"))
    # UTF-16: one unit per BMP code point, two for the rest
    n = len(s)
    if s.isascii():
        return n
    return n + sum(1 for c in s if ord(c) > 0xFFFF)


def column_to_units(line_text: str, col: int, encoding: str) -> int:
    """Code-point column (0-based) on a line → code units."""
    if encoding == UTF32 or line_text.isascii():
        return col
    return units(line_text[:col], encoding)


def units_to_column(line_text: str, character: int, encoding: str) -> int:
    """Code units (0-based) on a line → code-point column; clamped to the line, never splitting a character."""
    if character <= 0:
        return 0
    if encoding == UTF32 or line_text.isascii():
        return min(character, len(line_text))
    acc = 0
    for i, c in enumerate(line_text):
        w = (len(c.encode("utf-8", "surrogatepass")) if encoding == UTF8 else (2 if ord(c) > 0xFFFF else 1))
        if acc + w > character:
            return i
        acc += w
        if acc == character:
            return i + 1
    return len(line_text)


class PositionMap:
    """Conversions for one text. ``shift`` is added to every offset (1 when the buffer starts with a
    BOM that :func:`folio_lint.source.source_from_text` stripped)."""

    __slots__ = ("text", "encoding", "lines", "shift")

    def __init__(self, text: str, encoding: str = UTF16, *, lines: LineIndex | None = None, shift: int = 0):
        self.text = text
        self.encoding = encoding
        self.lines = lines if lines is not None else LineIndex(text)
        self.shift = shift

    def _line_text(self, line0: int) -> str:
        s, e = self.lines.line_bounds(line0)
        return self.text[s:e]

    def position(self, offset: int) -> tuple[int, int]:
        """Offset → (line, character), both 0-based, character in code units."""
        offset = max(0, min(offset + self.shift, self.lines.length))
        p = self.lines.position(offset)
        line0, col = p.line - 1, p.column - 1
        s, e = self.lines.line_bounds(line0)
        if offset > e:  # inside a \r\n pair: the end of the line
            col = e - s
        return line0, column_to_units(self.text[s:e], col, self.encoding)

    def offset(self, line: int, character: int) -> int:
        """(line, character) in code units → offset (clamped; a line past the end gives the text's end)."""
        if line < 0:
            return 0
        if line >= self.lines.line_count():
            return max(0, self.lines.length - self.shift)
        s, e = self.lines.line_bounds(line)
        col = units_to_column(self.text[s:e], character, self.encoding)
        return max(0, s + col - self.shift)

    def range(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.position(start), self.position(max(start, end))
