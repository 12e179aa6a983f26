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
import functools
import operator
import re
from dataclasses import dataclass, field

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$", re.M)
# the tokens of step 2, one pattern per first character (a leading literal lets the regex engine
# jump between candidates; one alternation of all of them is tried at every position):
# ``<!--`` or ``<pre|code|script|style …>``; ``{% raw|comment|highlight %}``; a backtick run
# Names fold ASCII letters only ((?a)): Unicode re.I read `<ſcript>` (U+017F) as `<script>` and
# `{% hıghlight %}` (U+0131) as `highlight`; HTML, kramdown and Liquid see other names
_TOKEN_LT = re.compile(r"<(?:!--|((?a:pre|code|script|style))\b[^>]*>)", re.I)
_TOKEN_TAG = re.compile(r"\{%-?\s*((?a:raw|comment|highlight))\b[^%]*?-?%\}", re.I)
_TICKS = re.compile(r"`+")
_CLOSE_TAG = {k: re.compile(r"\{%-?\s*(?a:end" + k + r")\s*-?%\}", re.I) for k in ("raw", "comment", "highlight")}
# kramdown's end-tag search (/<\/script\s*>/mi, Onigmo's folding): ASCII letters and spaces, and `ſ` as `s`
# (never `ı`/`İ` as `i`, nor a no-break space as a space)
_CLOSE_EL = {k: re.compile(r"</(?a:" + k.replace("s", "[sſ]") + r"\s*)>", re.I) for k in ("pre", "code", "script", "style")}
_START = operator.attrgetter("start")
_LIQUID = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)


@dataclass(slots=True)  # (not frozen: ~3x faster to create; treated as read-only)
class Region:
    start: int
    end: int
    kind: str  # "fence", "code", "raw", "highlight", "pre", "html-comment", "liquid-comment"
    info: str = ""  # fence info string (language), comment text, ...


@dataclass(slots=True)  # (not frozen: ~3x faster to create; treated as read-only)
class Tag:
    start: int
    end: int
    name: str
    args: str
    args_start: int


@dataclass(slots=True)  # (not frozen: ~3x faster to create; treated as read-only)
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
    _skip_maxend: list[int] = field(default_factory=list, repr=False)  # max end of _skip[: i + 1]

    def _index(self):
        if not self._skip_starts and (self.code or self.comments):
            self._skip = sorted(self.code + self.comments, key=lambda r: r.start)
            self._skip_starts = [r.start for r in self._skip]
            m = -1
            self._skip_maxend = [m := max(m, r.end) for r in self._skip]

    def region_at(self, offset: int) -> Region | None:
        """The code or comment region containing ``offset``, if any."""
        self._index()
        i = bisect.bisect_right(self._skip_starts, offset) - 1
        maxend = self._skip_maxend
        while i >= 0 and maxend[i] > offset:  # no earlier region reaches ``offset``: stop (bounded time)
            r = self._skip[i]
            if r.start <= offset < r.end:
                return r
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


_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_RUN_AT = re.compile(r"(?: {4}| {0,3}\t)[^\n]*(?:\n(?: {4}| {0,3}\t)[^\n]*)*")  # consecutive indented lines
_RUN_NL = re.compile(r"\n((?: {4}| {0,3}\t)[^\n]*(?:\n(?: {4}| {0,3}\t)[^\n]*)*)")  # the same after a newline


# An indented code block can start only on an indented line that is the first of the scan, follows
# a blank (whitespace-only) line or follows a fence: without fences, a body in which no indented
# line follows a blank line (or the scan's start) has none (al-folio's `<div>` blocks indent their
# lines, but with no blank line before them).
_LEAD_BLANK_INDENT = re.compile(r"\s*\n(?: {4}| {0,3}\t)")  # (matched at the start)
_BLANK_INDENT = re.compile(r"\n[^\S\n]*\n(?: {4}| {0,3}\t)")


def _indented_code(text: str, start: int, end: int, fences: list[Region]) -> list[Region]:
    """Indented code blocks as kramdown reads them: lines indented by 4+ spaces (or a tab) after a
    blank line, outside lists and HTML blocks (an indented line under an HTML tag or a list item is
    its content, not code).

    Only runs of consecutive indented lines (4+ columns; found by one regex) are visited. The
    lines between two runs decide the state: the last non-blank one (never indented) closes a
    block and sets the context ("list" after a list item, "html" after a line starting with ``<``
    or ``{%``); a blank line just before an indented one lets a block start. A fenced block
    closes a block, clears the context and counts as a blank line. Inside a run the context
    cannot change: a block in progress takes the whole run, and a new one can start only when
    the context is clear."""
    out: list[Region] = []
    fi = 0
    nfences = len(fences)
    g0 = start  # start of the lines not yet looked at
    prev_blank = True
    context = ""
    block_start = -1
    last_code_end = -1
    r = _RUN_AT.match(text, start, end)  # the first line (``start`` counts as a line start)
    rs = re_ = 0
    while True:
        if r is not None:
            rs, re_ = r.span()
            r = None
        else:
            n = _RUN_NL.search(text, g0 - 1 if g0 > start else start, end)
            if n is None:
                break
            rs, re_ = n.span(1)
        # fences before this run: each closes a block and resets the state
        while fi < nfences and fences[fi].start <= rs:
            f = fences[fi]
            fi += 1
            if block_start >= 0:
                out.append(Region(block_start, last_code_end, "indented", ""))
                block_start = -1
            prev_blank, context = True, ""
            g0 = f.end + 1 if f.end < end else end  # (a fence ends before a newline or at ``end``)
        if rs < g0:  # inside a fence
            g0 = max(g0, re_ + 1)
            continue
        if g0 < rs:
            gap = text[g0:rs]
            k = len(gap.rstrip())
            if k:  # the last non-blank line of the gap (not indented)
                if block_start >= 0:
                    out.append(Region(block_start, last_code_end, "indented", ""))
                    block_start = -1
                ls = gap.rfind("\n", 0, k) + 1
                le = gap.find("\n", k)
                s_line = gap[ls:le].rstrip("\r\n")
                s = s_line.lstrip()
                context = "list" if _LIST_ITEM.match(s_line) else ("html" if s.startswith(("<", "{%")) else "")
                prev_blank = le + 1 < len(gap)
            else:
                prev_blank = True
        g0 = re_ + 1
        if block_start < 0 and context:
            prev_blank = text[text.rfind("\n", rs, re_) + 1 : re_].isspace()  # (an indented line is never empty)
            continue  # no block can start in this run
        run = text[rs:re_]
        k = len(run.rstrip())
        if not k:  # only whitespace-only lines
            prev_blank = True
            continue
        if block_start < 0:  # context clear: the first non-blank line after a blank one starts a block
            ls = rs
            for line in run.split("\n"):
                if line.isspace():
                    prev_blank = True
                elif prev_blank:
                    block_start = ls
                    break
                else:
                    prev_blank = False
                ls += len(line) + 1
            if block_start < 0:
                prev_blank = run[run.rfind("\n") + 1 :].isspace()
                continue
        e = run.find("\n", k)
        e = re_ if e < 0 else rs + e
        while text[e - 1] == "\r":
            e -= 1
        last_code_end = e
        prev_blank = run[run.rfind("\n") + 1 :].isspace()
    if block_start >= 0:
        out.append(Region(block_start, last_code_end, "indented", ""))
    return out


def scan_body(text: str, start: int = 0, end: int | None = None) -> BodyScan:
    end = len(text) if end is None else end
    scan = BodyScan(start, end)
    # 1. fenced code blocks (line based)
    fences: list[Region] = []
    pos = start
    # (a one-character find is a memchr: much cheaper than a three-character one or a regex
    # search, and backticks and tildes are rare; the first "`", "<" and "{" also tell where the
    # searches of steps 2 and 3 can start, or that they need not run)
    tick0 = text.find("`", start, end)
    if (tick0 < 0 or text.find("```", tick0, end) < 0) and (
            text.find("~", start, end) < 0 or text.find("~~~", start, end) < 0):
        pos = end  # no fence can open
    while pos < end:
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
    if fences or _RUN_AT.match(text, start, end) or _LEAD_BLANK_INDENT.match(text, start, end) or \
            _BLANK_INDENT.search(text, start, end):
        fences.extend(_indented_code(text, start, end, fences))
    if fences:
        if len(fences) > 1:
            fences.sort(key=_START)
        scan.code.extend(fences)
    fence_starts = [f.start for f in fences] if fences else ()

    # 2. comments, raw/highlight blocks, pre/code elements, inline code (outside fences): the
    # leftmost of the next ``<…``, ``{% … %}`` and backtick candidates (each searched again only
    # once the scan has passed it)
    pos = start
    para_end = -1
    run_memo: dict = {}
    none = end + 1
    lt0 = text.find("<", start, end)
    brace0 = text.find("{", start, end)
    # (-1: search from ``pos``; ``none``: nothing to find)
    n_lt = none if lt0 < 0 else -1
    n_tag = none if brace0 < 0 else -1
    n_tick = none if tick0 < 0 else tick0
    m_lt = m_tag = None
    while True:
        if n_lt < pos:
            m_lt = _TOKEN_LT.search(text, pos if pos > lt0 else lt0, end)
            n_lt = m_lt.start() if m_lt else none
        if n_tag < pos:
            m_tag = _TOKEN_TAG.search(text, pos if pos > brace0 else brace0, end)
            n_tag = m_tag.start() if m_tag else none
        if n_tick < pos:
            n_tick = text.find("`", pos, end)
            if n_tick < 0:
                n_tick = none
        s = min(n_lt, n_tag, n_tick)
        if s == none:
            break
        if fence_starts:
            i = bisect.bisect_right(fence_starts, s) - 1
            if i >= 0 and s < fences[i].end:
                pos = fences[i].end
                continue
        if s == n_lt:
            m = m_lt
            if m.group(1) is None:  # <!--
                e = text.find("-->", m.end(), end)
                e = end if e < 0 else e + 3
                scan.comments.append(Region(s, e, "html-comment", text[m.end() : max(m.end(), e - 3)]))
            else:
                el = m.group(1).lower()
                c = _CLOSE_EL[el].search(text, m.end(), end)
                e = c.end() if c else end
                scan.code.append(Region(s, e, "pre" if el != "code" else "code", el))
            pos = e
        elif s == n_tag:
            m = m_tag
            kind = m.group(1).lower()
            cm = _CLOSE_TAG[kind].search(text, m.end(), end)
            e = cm.end() if cm else end
            if kind == "comment":
                scan.comments.append(Region(s, e, "liquid-comment", text[m.end() : cm.start() if cm else end]))
            else:
                scan.code.append(Region(s, e, kind, ""))
            pos = e
        else:  # backtick run: inline code until the same run, within the paragraph
            te = _TICKS.match(text, s, end).end()
            ticks = text[s:te]
            if para_end < te:  # the paragraph end found last time still holds until we pass it
                para_end = text.find("\n\n", te, end)
                para_end = end if para_end < 0 else para_end
            c = _closing_run(text, ticks, te, para_end, run_memo)
            if c is None:
                pos = te
                continue
            scan.code.append(Region(s, c.end(), "code", ""))
            pos = c.end()
    if len(scan.code) > 1:
        scan.code.sort(key=_START)
    if len(scan.comments) > 1:
        scan.comments.sort(key=_START)

    # 3. Liquid tags and outputs outside code and comments (raw blocks are code)
    if brace0 >= 0:
        _liquid_into(scan, text, brace0, end)
    return scan


@functools.lru_cache(maxsize=32)
def _run_pattern(n: int) -> re.Pattern:
    return re.compile(r"(?<!`)" + "`" * n + r"(?!`)")


def _closing_run(text: str, ticks: str, pos: int, stop: int, memo: dict):
    """The next run of exactly ``ticks`` in ``text[pos:stop]``, remembering answers so that many
    unmatched runs do not rescan the same paragraph (linear time on hostile input)."""
    hit = memo.get(ticks)
    if hit is not None:
        frm, to, found = hit
        if to == stop and frm <= pos and (found is None or found.start() >= pos):
            return found
    found = _run_pattern(len(ticks)).search(text, pos, stop)
    memo[ticks] = (pos, stop, found)
    return found


_LIQUID_OPEN = re.compile(r"\{[%{]")  # (these three: the walk of tests/body_reference.py)
_TAG_HEAD = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)\s*")
_OUT_HEAD = re.compile(r"\{\{-?\s*")
# at one "{": a tag's head (group 1: its name) or an output's (_TAG_HEAD or _OUT_HEAD, whichever
# matches; a "{%" without a name matches neither)
_LIQUID_HEAD = re.compile(r"\{(?:%-?\s*([A-Za-z_][\w-]*)\s*|\{-?\s*)")


_BLOCK_NAMES = frozenset(("raw", "comment", "highlight", "endraw", "endcomment", "endhighlight"))


def _liquid_into(scan: BodyScan, text: str, start: int, end: int) -> None:
    """Add to ``scan`` the Liquid tags and outputs that ``_LIQUID.finditer(text, start, end)`` would
    find outside its code and comment regions, in linear time: each tag ends at the first ``%}``
    (each output at the first ``}}``) after it, found once per closer kind rather than rescanned
    from every unclosed opener; arguments are stripped by hand instead of by backtracking ``\\s*``
    (quadratic on long blank runs). Whether an opener is hidden is one walk along the regions
    sorted by start (an opener is inside one exactly when the furthest end of the regions that
    start at or before it lies past it)."""
    regions = sorted(scan.code + scan.comments, key=lambda r: r.start) if scan.code or scan.comments else ()
    nreg = len(regions)
    ri = 0
    reach = -1  # furthest end of the regions starting at or before the current opener
    tags = scan.tags
    outputs = scan.outputs
    tag_from = tag_at = out_from = out_at = -1  # the last search for "%}" / "}}": from where, found where
    search = _LIQUID_HEAD.search
    pos = start
    while True:
        h = search(text, pos, end)  # the next opener with its head (a "{%" with no name is passed over)
        if h is None:
            return
        s, frm = h.span()  # (a tag's closer is searched from after the blanks that follow its
        name = h.group(1)  # name: the first "%}" after the name, as blanks hold none)
        if name is not None:
            # (positions only grow: a search from an earlier place that found nothing, or found
            # a closer at or past ``frm``, answers for ``frm`` too)
            if tag_at >= frm or (tag_at == -1 and tag_from != -1):
                c = tag_at
            else:
                c = tag_at = text.find("%}", frm, end)
                tag_from = frm
            if c < 0:
                pos = s + 1
                continue
            while ri < nreg and regions[ri].start <= s:
                if regions[ri].end > reach:
                    reach = regions[ri].end
                ri += 1
            if reach <= s and name not in _BLOCK_NAMES:
                inner = text[frm:c]
                if inner.endswith("-"):
                    inner = inner[:-1]
                tags.append(Tag(s, c + 2, name, inner.rstrip(), frm))
        else:
            if out_at >= frm or (out_at == -1 and out_from != -1):
                c = out_at
            else:
                c = out_at = text.find("}}", frm, end)
                out_from = frm
            if c < 0:
                pos = s + 1
                continue
            while ri < nreg and regions[ri].start <= s:
                if regions[ri].end > reach:
                    reach = regions[ri].end
                ri += 1
            if reach <= s:
                inner = text[frm:c]
                if inner.endswith("-"):
                    inner = inner[:-1]
                outputs.append(Output(s, c + 2, inner.rstrip(), frm))
        pos = c + 2


def body_of(doc, ctx) -> BodyScan:
    """The scan of a document's body, computed once per run (or taken from :mod:`folio_lint.prescan`)."""
    return ctx.cached(("body", doc.path), lambda: _scan_of(doc, ctx))


def _scan_of(doc, ctx) -> BodyScan:
    if getattr(ctx, "prescanned", None) is not None:
        from .prescan import take_prescanned

        pre = take_prescanned(ctx, doc)
        if pre is not None:
            return pre[0]
    return scan_body(doc.text, doc.body_start)
