"""Inline suppressions: directives in a file that silence findings, and which of them did nothing.

Grammar (codes, prefixes such as ``FL5``, rule names, or nothing for every rule; comma or space
separated):

* in a page body, an HTML comment::

    <!-- folio-lint-disable FL301, FL4 -->        from here to the matching -enable (or the end)
    <!-- folio-lint-enable FL301 -->              (bare: ends every open disable)
    <!-- folio-lint-disable-next-line FL501 -->   the line after the comment
    <!-- folio-lint-disable-line FL501 -->        the comment's own line(s)
    <!-- folio-lint-disable-file FL501 -->        the whole file, front matter included

  (``folio-lint disable ...`` with a space is accepted too);
* in front matter or any YAML file (``_config.yml``, ``_data/*.yml``), a YAML comment (text
  inside a quoted or ``|``/``>`` block value is the value, never a directive)::

    titel: Home   # folio-lint: disable=FL201      this line
    # folio-lint: disable-next-line=FL201          the next line
    # folio-lint: disable-file=FL5                 the whole file

Directives inside code blocks are text, not directives. :func:`apply_suppressions` (called by the
engine after every rule ran) drops the findings a directive covers and keeps track of which
directive selectors were used; the ``unused-suppression`` rule (FL701) reports the rest, each
with a safe fix that deletes the directive (or just its unused codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .diagnostics import Applicability, Diagnostic, Edit, Fix

UNUSED_CODE = "FL701"
UNUSED_CODES = frozenset({UNUSED_CODE, "FL704"})  # unused suppressions in pages, in other YAML files
MAX_DIRECTIVE = 2000  # characters: longer comments are never directives
VERBS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")

# body: <!-- folio-lint-disable FL1 --> or <!-- folio-lint disable FL1 -->
_HTML_DIRECTIVE = re.compile(r"^\s*folio-lint(?:-|\s+)([A-Za-z][\w-]*)\b(.*?)\s*$", re.S)
# yaml: # folio-lint: disable=FL1,FL2   (also "disable FL1")
_YAML_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*folio-lint\s*:\s*([A-Za-z][\w-]*)[ \t]*(?:=[ \t]*|[ \t]+|$)([^#\r\n]*)", re.M)
_TOKEN = re.compile(r"[^\s,]+")


@dataclass(frozen=True, slots=True)
class Selector:
    text: str
    start: int  # offsets of the token in the file
    end: int


@dataclass(slots=True)
class Directive:
    path: str
    verb: str  # one of VERBS, or the unknown word written
    selectors: tuple[Selector, ...]
    start: int  # the whole comment
    end: int
    line: int  # 1-based line of the comment's start
    end_line: int
    where: str  # "body" or "yaml"
    verb_span: tuple[int, int] = (0, 0)
    removal: tuple[int, int] = (0, 0)  # what to delete to remove the directive entirely
    used: set[int] = field(default_factory=set)  # indexes of selectors that suppressed something (-1: bare)

    @property
    def known(self) -> bool:
        return self.verb in VERBS

    @property
    def bare(self) -> bool:
        return not self.selectors


# ---------------------------------------------------------------------- parsing
def _line_removal(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete for a comment: its whole line when nothing else is on it."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le_full = len(text) if le < 0 else le + 1
    before, after = text[ls:start], text[end: (len(text) if le < 0 else le)]
    if not before.strip() and not after.strip():
        return ls, le_full
    # keep the line: remove the comment and the blanks before it
    s = start
    while s > ls and text[s - 1] in " \t":
        s -= 1
    return s, end


def _selectors(text: str, base: int) -> tuple[Selector, ...]:
    return tuple(Selector(m.group(0), base + m.start(), base + m.end()) for m in _TOKEN.finditer(text))


def parse_body(path: str, text: str, scan, lines) -> list[Directive]:
    """Directives in the HTML comments of a body scan (``folio_lint.body.BodyScan``)."""
    out = []
    for r in scan.comments:
        if r.kind != "html-comment":
            continue
        inner_start = r.start + 4
        if r.end - inner_start > MAX_DIRECTIVE or "folio-lint" not in text[inner_start:inner_start + 40]:
            continue  # a directive is one short comment; long comments are prose (and cost nothing)
        inner = text[inner_start: max(inner_start, r.end - 3)]
        m = _HTML_DIRECTIVE.match(inner)
        if m is None:
            continue
        verb = m.group(1).lower()
        if verb not in VERBS and inner[m.start(1) - 1] != "-" and not _near_verb(verb):
            continue  # "<!-- folio-lint is great -->" is prose, not a directive
        d = Directive(path, verb, _selectors(m.group(2), inner_start + m.start(2)), r.start, r.end,
                      lines.position(r.start).line, lines.position(max(r.start, r.end - 1)).line, "body",
                      (inner_start + m.start(1), inner_start + m.end(1)))
        d.removal = _line_removal(text, r.start, r.end)
        out.append(d)
    return out


def _near_verb(word: str) -> bool:
    from .suggest import suggest

    return bool(suggest(word, VERBS))


def parse_yaml(path: str, text: str, start: int, end: int, lines) -> list[Directive]:
    """Directives in YAML comments of ``text[start:end]`` (front matter, ``_config.yml``)."""
    out = []
    if "folio-lint" not in text[start:end]:
        return out
    values = None
    for m in _YAML_DIRECTIVE.finditer(text, start, end):
        if values is None:  # a `# folio-lint:` inside a quoted or `|`/`>` value is text, not a comment
            from .yamlload import quoted_and_block_spans

            values = [(start + a, start + b) for a, b in quoted_and_block_spans(text[start:end])]
        if any(a <= m.start() < b for a, b in values):
            continue
        verb = m.group(1).lower()
        if verb == "disable":
            verb = "disable-line"  # on a YAML line, a bare disable means this line
        args = m.group(2).rstrip()
        cstart = m.start()
        cend = m.start(2) + len(args) if args else m.end(1)
        d = Directive(path, verb, _selectors(args, m.start(2)), cstart, cend, lines.position(cstart).line,
                      lines.position(cstart).line, "yaml", (m.start(1), m.end(1)))
        d.removal = _line_removal(text, cstart, cend)
        out.append(d)
    return out


def directives_for(site, path: str) -> list[Directive]:
    """Every directive in one file of the site (cached in ``site.extras``)."""
    cache = site.extras.setdefault("directives", {})
    got = cache.get(path)
    if got is not None:
        return got
    out: list[Directive] = []
    src = site.source(path)
    if src is not None and src.text and "folio-lint" in src.text:
        doc = site.documents.get(path)
        if doc is not None:
            if doc.fm is not None:
                sp = doc.fm.split
                out += parse_yaml(path, src.text, sp.yaml_start, sp.yaml_end, src.lines)
            from .body import scan_body

            out += parse_body(path, src.text, scan_body(src.text, doc.body_start), src.lines)
        elif path.endswith((".yml", ".yaml")):
            out += parse_yaml(path, src.text, 0, len(src.text), src.lines)
    cache[path] = out
    return out


# ---------------------------------------------------------------------- matching
def _codes(selector: str) -> frozenset[str]:
    from .registry import lookup

    return frozenset(r.code for r in lookup(selector))


class _Coverage:
    """Which (line, code) pairs the directives of one file silence, and by which selector."""

    def __init__(self, directives: list[Directive], n_lines: int):
        self.items: list[tuple[int, int, frozenset[str] | None, Directive, int]] = []  # (first, last, codes, d, sel)
        self.enables: list[Directive] = []
        open_: list[tuple[Directive, int, frozenset[str] | None]] = []
        for d in sorted((d for d in directives if d.known), key=lambda d: d.start):
            sels = [(i, _codes(s.text)) for i, s in enumerate(d.selectors)] or [(-1, None)]
            if d.verb == "disable-file":
                for i, c in sels:
                    self.items.append((1, n_lines, c, d, i))
            elif d.verb == "disable-line":
                for i, c in sels:
                    self.items.append((d.line, d.end_line, c, d, i))
            elif d.verb == "disable-next-line":
                for i, c in sels:
                    self.items.append((d.end_line + 1, d.end_line + 1, c, d, i))
            elif d.verb == "disable":
                for i, c in sels:
                    open_.append((d, i, c))
            elif d.verb == "enable":
                closes = [(-1, None)] if d.bare else sels
                still = []
                closed_any = False
                for od, oi, oc in open_:
                    hit = any(c is None or oc is None or (oc & c) for _, c in closes)
                    if hit:
                        self.items.append((od.end_line, d.line, oc, od, oi))
                        closed_any = True
                    else:
                        still.append((od, oi, oc))
                open_ = still
                if closed_any:
                    d.used.update(i for i, _ in sels)
                self.enables.append(d)
        for od, oi, oc in open_:
            self.items.append((od.end_line, n_lines, oc, od, oi))

    def covering(self, line: int, code: str):
        for first, last, codes, d, i in self.items:
            if first <= line <= last and (codes is None or code in codes):
                return d, i
        return None


def apply_suppressions(site, diags: list[Diagnostic], settings) -> list[Diagnostic]:
    """Drop suppressed diagnostics; turn FL701 candidates into findings for directives that did nothing."""
    from .engine import INTERNAL_CODE

    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    out: list[Diagnostic] = []
    for path, group in by_path.items():
        directives = directives_for(site, path)
        if not directives:
            out.extend(group)
            continue
        src = site.source(path)
        cov = _Coverage(directives, src.lines.line_count() if src is not None else 1)
        candidates = []
        for d in group:
            if d.code in UNUSED_CODES and d.data and "directive" in d.data:
                candidates.append(d)
                continue
            if d.code == INTERNAL_CODE:
                out.append(d)
                continue
            hit = cov.covering(d.start.line, d.code)
            if hit is None:
                out.append(d)
            else:
                hit[0].used.add(hit[1])
        by_start = {x.start: x for x in directives}
        for c in candidates:
            directive = by_start.get(c.data["directive"])
            if directive is None:
                continue
            u = unused_report(c, directive, settings, src.text if src is not None else "")
            if u is not None and cov.covering(u.start.line, u.code) is None:
                out.append(u)
    return out


def _all_default_rules_ran(settings) -> bool:
    from .registry import RULES

    return all(settings.enabled(c) for c, r in RULES.items() if r.default_enabled and c not in UNUSED_CODES
               and r.code != "FL999")


def _selector_judged(sel: Selector, settings) -> bool:
    """Can this run tell whether the selector is needed? Only when the rules it names ran: a rule
    it names, and every default rule it covers (``FL4`` with FL401 ignored may be there for FL401)."""
    from .engine import INTERNAL_CODE
    from .registry import RULES

    codes = _codes(sel.text)
    if not codes or codes & UNUSED_CODES or not any(settings.enabled(c) for c in codes):
        return False
    return all(settings.enabled(c) for c in codes if c != INTERNAL_CODE and RULES[c].default_enabled)


def unused_report(cand: Diagnostic, d: Directive, settings, text: str) -> Diagnostic | None:
    if not d.known:
        return None
    if d.verb == "enable":
        if d.used:
            return None
        msg = "this `folio-lint-enable` ends no `folio-lint-disable` above it, so it does nothing"
        return replace(cand, message=msg, hint="remove it",
                       fix=Fix("Remove the unused directive", (Edit(*d.removal, ""),), Applicability.SAFE))
    if d.bare:
        if -1 in d.used or not _all_default_rules_ran(settings):
            return None  # with a partial selection, a bare directive may be meant for a rule that did not run
        msg = f"this `folio-lint-{d.verb}` suppresses no finding: nothing here needs it"
        return replace(cand, message=msg, hint="remove the directive; it only hides future findings",
                       fix=Fix("Remove the unused directive", (Edit(*d.removal, ""),), Applicability.SAFE))
    unused = [i for i, s in enumerate(d.selectors) if i not in d.used and _selector_judged(s, settings)]
    if not unused:
        return None
    names = ", ".join(f"`{d.selectors[i].text}`" for i in unused)
    if len(unused) == len(d.selectors):
        msg = f"unused suppression: {names} suppressed no finding here"
        fix = Fix("Remove the unused directive", (Edit(*d.removal, ""),), Applicability.SAFE)
    else:
        msg = f"unused suppression: {names} in this directive suppressed no finding here"
        fix = Fix(f"Remove {names} from the directive", tuple(_remove_selector_edits(d, unused, text)),
                  Applicability.SAFE)
    return replace(cand, message=msg, hint="remove what is not needed; a stale suppression hides future findings",
                   fix=fix)


def _remove_selector_edits(d: Directive, idxs: list[int], text: str) -> list[Edit]:
    """One edit rewriting the selector list without the unused ones (separator style kept)."""
    first, last = d.selectors[0].start, d.selectors[-1].end
    sep = ", " if "," in text[first:last] else " "
    kept = [s.text for i, s in enumerate(d.selectors) if i not in idxs]
    return [Edit(first, last, sep.join(kept))]
