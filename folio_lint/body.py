"""One pass over a page body: code, comments and Liquid, with offsets in the file.

``scan_body(text, start)`` finds, in ``text[start:]``:

* ``code``: regions that are not prose — fenced code blocks (```` ``` ````/``~~~``), inline code
  spans, ``{% raw %}``, ``{% highlight %}``, ``<pre>``/``<code>``/``<script>``/``<style>`` elements; links and
  boilerplate are not looked for inside them;
* ``comments``: HTML comments ``<!-- -->`` and Liquid ``{% comment %}`` blocks (kramdown keeps HTML
  comments as they are, so links inside them are not links, but template text inside them is
  still template text);
* ``tags``: Liquid tags ``{% name args %}`` outside code and comments, and ``outputs``
  (``{{ expr }}``), with the offsets of their arguments.

Rules share the result through ``ctx.cached(("body", doc.path), ...)`` — see :func:`body_of`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$", re.M)
_TOKEN = re.compile(
    r"<!--|\{%-?\s*(raw|comment|highlight)\b[^%]*?-?%\}|<(pre|code|script|style)\b[^>]*>|(`+)",
    re.I,
)
_LIQUID = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: str  # "fence", "code", "raw", "highlight", "pre", "html-comment", "liquid-comment"
    info: str = ""  # fence info string (language), comment text, ...


@dataclass(frozen=True, slots=True)
class Tag:
    start: int
    end: int
    name: str
    args: str
    args_start: int


@dataclass(frozen=True, slots=True)
class Output:
    start: int
    end: int
    expr: str
    expr_start: int


@dataclass(slots=True)
class BodyScan:
    start: int
    end: int
    code: list[Region] = field(default_factory=list)
    comments: list[Region] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    _skip_starts: list[int] = field(default_factory=list, repr=False)
    _skip: list[Region] = field(default_factory=list, repr=False)

    def _index(self):
        if not self._skip_starts and (self.code or self.comments):
            self._skip = sorted(self.code + self.comments, key=lambda r: r.start)
            self._skip_starts = [r.start for r in self._skip]

    def region_at(self, offset: int) -> Region | None:
        """The code or comment region containing ``offset``, if any."""
        self._index()
        i = bisect.bisect_right(self._skip_starts, offset) - 1
        while i >= 0:
            r = self._skip[i]
            if r.start <= offset < r.end:
                return r
            if r.end <= offset and i < len(self._skip) - 1:
                break
            i -= 1
        return None

    def in_code(self, offset: int) -> bool:
        r = self.region_at(offset)
        return r is not None and r.kind not in ("html-comment", "liquid-comment")

    def in_comment(self, offset: int) -> bool:
        r = self.region_at(offset)
        return r is not None and r.kind in ("html-comment", "liquid-comment")

    def hidden(self, offset: int) -> bool:
        """In code or in a comment: not rendered as prose, not a link."""
        return self.region_at(offset) is not None

    def prose_segments(self, text: str):
        """(start, end) runs of the body that are neither code nor comments."""
        self._index()
        pos = self.start
        for r in self._skip:
            if r.end <= pos:
                continue
            if r.start > pos:
                yield pos, r.start
            pos = max(pos, r.end)
        if pos < self.end:
            yield pos, self.end


def _find_end(text: str, pattern: str, pos: int, end: int) -> int:
    m = re.compile(pattern, re.I).search(text, pos, end)
    return m.end() if m else end


def scan_body(text: str, start: int = 0, end: int | None = None) -> BodyScan:
    end = len(text) if end is None else end
    scan = BodyScan(start, end)
    # 1. fenced code blocks (line based)
    fences: list[Region] = []
    pos = start
    while True:
        m = _FENCE_OPEN.search(text, pos, end)
        if not m:
            break
        fence = m.group(2)
        info = m.group(3).strip()
        if fence[0] == "`" and "`" in info:  # not a fence (inline code at line start)
            pos = m.end()
            continue
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.M)
        c = close.search(text, m.end(), end)
        stop = c.end() if c else end
        fences.append(Region(m.start(), stop, "fence", info.split()[0] if info else ""))
        pos = stop
    scan.code.extend(fences)
    fence_starts = [f.start for f in fences]

    def fence_at(o: int) -> Region | None:
        i = bisect.bisect_right(fence_starts, o) - 1
        if i >= 0 and fences[i].start <= o < fences[i].end:
            return fences[i]
        return None

    # 2. comments, raw/highlight blocks, pre/code elements, inline code (outside fences)
    pos = start
    while True:
        m = _TOKEN.search(text, pos, end)
        if not m:
            break
        f = fence_at(m.start())
        if f is not None:
            pos = f.end
            continue
        tok = m.group(0)
        if tok == "<!--":
            e = text.find("-->", m.end(), end)
            e = end if e < 0 else e + 3
            scan.comments.append(Region(m.start(), e, "html-comment", text[m.end() : max(m.end(), e - 3)]))
            pos = e
        elif m.group(1):
            kind = m.group(1).lower()
            closing = {"raw": r"\{%-?\s*endraw\s*-?%\}", "comment": r"\{%-?\s*endcomment\s*-?%\}",
                       "highlight": r"\{%-?\s*endhighlight\s*-?%\}"}[kind]
            cm = re.compile(closing, re.I).search(text, m.end(), end)
            e = cm.end() if cm else end
            if kind == "comment":
                scan.comments.append(Region(m.start(), e, "liquid-comment", text[m.end() : cm.start() if cm else end]))
            else:
                scan.code.append(Region(m.start(), e, kind, ""))
            pos = e
        elif m.group(2):
            el = m.group(2).lower()
            e = _find_end(text, r"</" + el + r"\s*>", m.end(), end)
            scan.code.append(Region(m.start(), e, "pre" if el != "code" else "code", el))
            pos = e
        else:  # backtick run: inline code until the same run, within the paragraph
            ticks = m.group(3)
            para_end = text.find("\n\n", m.end(), end)
            para_end = end if para_end < 0 else para_end
            c = re.compile(r"(?<!`)" + re.escape(ticks) + r"(?!`)").search(text, m.end(), para_end)
            if c is None:
                pos = m.end()
                continue
            scan.code.append(Region(m.start(), c.end(), "code", ""))
            pos = c.end()
    scan.code.sort(key=lambda r: r.start)
    scan.comments.sort(key=lambda r: r.start)

    # 3. Liquid tags and outputs outside code and comments (raw blocks are code)
    for m in _LIQUID.finditer(text, start, end):
        if scan.hidden(m.start()):
            continue
        if m.group(1) is not None:
            name = m.group(1)
            if name in ("raw", "comment", "highlight", "endraw", "endcomment", "endhighlight"):
                continue
            scan.tags.append(Tag(m.start(), m.end(), name, m.group(2), m.start(2)))
        else:
            scan.outputs.append(Output(m.start(), m.end(), m.group(3), m.start(3)))
    return scan


def body_of(doc, ctx) -> BodyScan:
    """The scan of a document's body, computed once per run."""
    return ctx.cached(("body", doc.path), lambda: scan_body(doc.text, doc.body_start))
