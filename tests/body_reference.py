"""Reference implementation of folio_lint.body (the straightforward line-by-line version, kept
as it was before the fast paths): tests check that the fast scan gives exactly the same regions,
tags and outputs on generated and hostile bodies. Not used by folio-lint itself.

One pass over a page body: code, comments and Liquid, with offsets in the file.

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

from folio_lint.body import (  # unchanged by the fast paths: shared, not copied
    _FENCE_OPEN,
    Region,
    Tag,
    Output,
    BodyScan,
    _LIST_ITEM,
    _LIQUID_OPEN,
    _TAG_HEAD,
    _OUT_HEAD,
)

_TOKEN = re.compile(
    r"<!--|\{%-?\s*((?a:raw|comment|highlight))\b[^%]*?-?%\}|<((?a:pre|code|script|style))\b[^>]*>|(`+)",
    re.I,
)


_LINE = re.compile(r"[^\n]*(?:\n|$)")


def _indented_code(text: str, start: int, end: int, fences: list[Region]) -> list[Region]:
    """Indented code blocks as kramdown reads them: lines indented by 4+ spaces (or a tab) after a
    blank line, outside lists and HTML blocks (an indented line under an HTML tag or a list item is
    its content, not code)."""
    out: list[Region] = []
    fence_iter = iter(fences)
    nf = next(fence_iter, None)
    pos = start
    prev_blank = True
    context = ""  # "list" or "html" when the last less-indented block opens one
    block_start = None
    last_code_end = None
    while pos < end:
        m = _LINE.match(text, pos, end)
        line_end = m.end()
        if line_end == pos:
            break
        while nf is not None and nf.end <= pos:
            nf = next(fence_iter, None)
        if nf is not None and nf.start <= pos < nf.end:
            if block_start is not None:
                out.append(Region(block_start, last_code_end, "indented", ""))
                block_start = None
            pos = nf.end
            prev_blank = False
            context = ""
            continue
        line = text[pos:line_end].rstrip("\r\n")
        blank = not line.strip()
        indented = line.startswith(("    ", "\t")) or (line.startswith(" ") and line.expandtabs(4).startswith("    "))
        if blank:
            prev_blank = True
        elif indented and (block_start is not None or (prev_blank and not context)):
            if block_start is None:
                block_start = pos
            last_code_end = pos + len(line)
            prev_blank = False
        else:
            if block_start is not None:
                out.append(Region(block_start, last_code_end, "indented", ""))
                block_start = None
            if not indented:
                s = line.lstrip()
                context = "list" if _LIST_ITEM.match(line) else ("html" if s.startswith("<") or s.startswith("{%") else "")
            prev_blank = False
        pos = line_end
    if block_start is not None:
        out.append(Region(block_start, last_code_end, "indented", ""))
    return out


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
        # (a closing line ending in CRLF closes too: kramdown reads CRLF as LF)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*\r?$", re.M)
        c = close.search(text, m.end(), end)
        stop = c.end() if c else end
        fences.append(Region(m.start(), stop, "fence", info.split()[0] if info else ""))
        pos = stop
    fences.extend(_indented_code(text, start, end, fences))
    fences.sort(key=lambda r: r.start)
    scan.code.extend(fences)
    fence_starts = [f.start for f in fences]

    def fence_at(o: int) -> Region | None:
        i = bisect.bisect_right(fence_starts, o) - 1
        if i >= 0 and fences[i].start <= o < fences[i].end:
            return fences[i]
        return None

    # 2. comments, raw/highlight blocks, pre/code elements, inline code (outside fences)
    pos = start
    para_end = -1
    run_memo: dict = {}
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
            closing = {"raw": r"\{%-?\s*(?a:endraw)\s*-?%\}", "comment": r"\{%-?\s*(?a:endcomment)\s*-?%\}",
                       "highlight": r"\{%-?\s*(?a:endhighlight)\s*-?%\}"}[kind]
            cm = re.compile(closing, re.I).search(text, m.end(), end)
            e = cm.end() if cm else end
            if kind == "comment":
                scan.comments.append(Region(m.start(), e, "liquid-comment", text[m.end() : cm.start() if cm else end]))
            else:
                scan.code.append(Region(m.start(), e, kind, ""))
            pos = e
        elif m.group(2):
            el = m.group(2).lower()
            e = _find_end(text, r"</(?a:" + el.replace("s", "[sſ]") + r"\s*)>", m.end(), end)  # as kramdown folds
            scan.code.append(Region(m.start(), e, "pre" if el != "code" else "code", el))
            pos = e
        else:  # backtick run: inline code until the same run, within the paragraph
            ticks = m.group(3)
            if para_end < m.end():  # the paragraph end found last time still holds until we pass it
                para_end = text.find("\n\n", m.end(), end)
                para_end = end if para_end < 0 else para_end
            c = _closing_run(text, ticks, m.end(), para_end, run_memo)
            if c is None:
                pos = m.end()
                continue
            scan.code.append(Region(m.start(), c.end(), "code", ""))
            pos = c.end()
    scan.code.sort(key=lambda r: r.start)
    scan.comments.sort(key=lambda r: r.start)

    # 3. Liquid tags and outputs outside code and comments (raw blocks are code)
    for t in _liquid_matches(text, start, end):
        if scan.hidden(t.start):
            continue
        if isinstance(t, Tag):
            if t.name in ("raw", "comment", "highlight", "endraw", "endcomment", "endhighlight"):
                continue
            scan.tags.append(t)
        else:
            scan.outputs.append(t)
    return scan


def _closing_run(text: str, ticks: str, pos: int, stop: int, memo: dict):
    """The next run of exactly ``ticks`` in ``text[pos:stop]``, remembering answers so that many
    unmatched runs do not rescan the same paragraph (linear time on hostile input)."""
    hit = memo.get(ticks)
    if hit is not None:
        frm, to, found = hit
        if to == stop and frm <= pos and (found is None or found.start() >= pos):
            return found
    found = re.compile(r"(?<!`)" + re.escape(ticks) + r"(?!`)").search(text, pos, stop)
    memo[ticks] = (pos, stop, found)
    return found


def _inner_end(text: str, a: int, c: int) -> int:
    """End of a tag's or output's inner text ``text[a:c]``: a trailing ``-`` (whitespace control) and blanks dropped."""
    e = c
    if e > a and text[e - 1] == "-":
        e -= 1
    while e > a and text[e - 1].isspace():
        e -= 1
    return e


def _liquid_matches(text: str, start: int, end: int):
    """What ``_LIQUID.finditer(text, start, end)`` yields, as Tag/Output, in linear time: each tag
    ends at the first ``%}`` (each output at the first ``}}``) after it, found once per closer kind
    rather than rescanned from every unclosed opener; arguments are stripped by hand instead of by
    backtracking ``\\s*`` (quadratic on long blank runs)."""
    nxt = {"%}": (-1, -1), "}}": (-1, -1)}  # closer -> (searched from, found at or -1)

    def closer(c: str, frm: int) -> int:
        s, f = nxt[c]
        if s != -1 and s <= frm and (f == -1 or f >= frm):
            return f
        f = text.find(c, frm, end)
        nxt[c] = (frm, f)
        return f

    pos = start
    while True:
        m = _LIQUID_OPEN.search(text, pos, end)
        if m is None:
            return
        s = m.start()
        if text[s + 1] == "%":
            h = _TAG_HEAD.match(text, s, end)
            c = closer("%}", h.end(1)) if h else -1
            if h is None or c < 0:
                pos = s + 1
                continue
            a = h.end()
            yield Tag(s, c + 2, h.group(1), text[a:_inner_end(text, a, c)], a)
        else:
            h = _OUT_HEAD.match(text, s, end)
            c = closer("}}", h.end())
            if c < 0:
                pos = s + 1
                continue
            a = h.end()
            yield Output(s, c + 2, text[a:_inner_end(text, a, c)], a)
        pos = c + 2


