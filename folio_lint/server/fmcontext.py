"""Where is the cursor in a page? Front-matter key paths read from the text itself.

While a user types, the front matter often does not parse (``image_ci`` with no colon yet), so the
key path at the cursor is read from indentation, the way a person reads YAML: the nearest lines
above with less indentation that open a mapping (``key:`` with nothing after it) or a list item
(``- ``). Good enough for block-style front matter, which is what al-folio pages use; flow style
(``{a: 1}``) gives no completions rather than wrong ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..source import LineIndex, split_front_matter

ITEM = "[]"  # a list item in a key path (any index)

_KEY_LINE = re.compile(r"^(?P<ind>[ ]*)(?P<dash>(?:-[ ]+)*)(?P<key>[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?|['\"][^'\"]*['\"])[ ]*:(?:[ ]+|$)(?P<rest>.*)$")
_DASH_ONLY = re.compile(r"^(?P<ind>[ ]*)-(?:[ ]+(?P<rest>.*))?$")
_TYPING_KEY = re.compile(r"^(?P<ind>[ ]*)(?P<dash>(?:-[ ]+)*)(?P<word>[A-Za-z0-9_.$-]*)$")


@dataclass
class FmContext:
    kind: str  # "key" (typing a key), "value" (after `key: `)
    path: tuple  # for "key": the parent mapping's path; for "value": the key's path
    prefix: str  # what is typed of the key/value so far
    start: int  # offsets of the typed word (what a completion replaces)
    end: int
    siblings: set[str] = field(default_factory=set)  # keys already present in the parent mapping
    quoted: str = ""  # the value's opening quote, if any


def _key_of(m: re.Match) -> str:
    k = m.group("key").strip()
    if len(k) >= 2 and k[0] in "'\"" and k[-1] == k[0]:
        k = k[1:-1]
    return k


def _content_indent(line: str) -> int | None:
    """Indentation of a line's first key (past `- ` markers); None for blank and comment lines."""
    s = line.lstrip(" ")
    if not s or s.startswith("#"):
        return None
    ind = len(line) - len(s)
    while s.startswith("-") and (len(s) == 1 or s[1] == " "):
        rest = s[1:].lstrip(" ")
        ind += len(s) - len(rest)
        s = rest
        if not s:
            break
    return ind


def front_matter_context(text: str, offset: int, lines: LineIndex | None = None) -> FmContext | None:
    """The front-matter context at ``offset``, or None when the cursor is not in the front matter."""
    sp = split_front_matter(text)
    if sp is None or not (sp.yaml_start <= offset <= sp.yaml_end):
        return None
    lines = lines or LineIndex(text)
    p = lines.position(offset)
    line0 = p.line - 1
    ls, le = lines.line_bounds(line0)
    if offset > le:
        return None
    line = text[ls:le]
    before = line[: offset - ls]
    after = line[offset - ls:]
    first_line = lines.position(sp.yaml_start).line - 1

    tm = _TYPING_KEY.match(before)
    if tm is not None and ":" not in after.split("#", 1)[0][:1]:
        indent = len(tm.group("ind")) + len(tm.group("dash"))
        in_item = bool(tm.group("dash"))
        word = tm.group("word")
        # the rest of the word after the cursor is replaced too
        tail = re.match(r"[A-Za-z0-9_.$-]*", after).group(0)
        parent, siblings = _parent(text, lines, first_line, line0, indent, in_item)
        if parent is None:
            return None
        return FmContext("key", parent, word, offset - len(word), offset + len(tail), siblings)

    km = _KEY_LINE.match(before)
    if km is not None:
        key = _key_of(km)
        indent = len(km.group("ind")) + len(km.group("dash"))
        in_item = bool(km.group("dash"))
        parent, _ = _parent(text, lines, first_line, line0, indent, in_item)
        if parent is None:
            return None
        rest = km.group("rest")
        quoted = ""
        val = rest
        if val[:1] in ("'", '"'):
            quoted, val = val[0], val[1:]
        if val.startswith(("[", "{", "|", ">", "&", "*", "!")):
            return None
        tail = re.match(r"[^\s'\"#,\]]*", after).group(0)
        return FmContext("value", parent + (key,), val, offset - len(val), offset + len(tail), quoted=quoted)
    return None


def _is_opener(m: re.Match | None) -> bool:
    if m is None:
        return False
    rest = m.group("rest").strip()
    return rest == "" or rest.startswith("#")


def _parent(text: str, lines: LineIndex, first_line: int, line0: int, indent: int, in_item: bool):
    """(parent key path, sibling keys) of a key at ``indent`` on ``line0``; (None, ∅) when unclear."""
    path: list = []
    siblings: set[str] = set()
    s0, e0 = lines.line_bounds(line0)
    lead0 = len(text[s0:e0]) - len(text[s0:e0].lstrip(" "))
    want = indent  # indentation of the keys of the mapping being climbed out of
    collecting = not in_item  # siblings above count only within the same mapping
    dash: int | None = None  # in list mode: the indentation of the item's dash
    if in_item:
        path.append(ITEM)
        dash = lead0
    i = line0 - 1
    while i >= first_line:
        s, e = lines.line_bounds(i)
        ln = text[s:e]
        i -= 1
        ci = _content_indent(ln)
        if ci is None:
            continue
        lead = len(ln) - len(ln.lstrip(" "))
        m = _KEY_LINE.match(ln)
        if dash is not None:
            # looking for the key that holds the list whose item starts at `dash`
            if lead > dash:
                continue
            if lead == dash and ln.lstrip(" ").startswith("-"):
                continue  # an earlier item of the same list
            if _is_opener(m) and ci == lead:
                path.append(_key_of(m))
                dash = None
                want = lead
                if lead == 0:
                    break
                continue
            if lead < dash and ln.lstrip(" ").startswith("-") and _is_opener(m) and lead < ci:
                # `- key:` whose value is the list (a list inside a list item)
                path.append(_key_of(m))
                path.append(ITEM)
                dash = lead
                continue
            return None, set()
        if ci > want:
            continue  # nested under an earlier sibling
        if ci == want:
            if m is None:
                if _TYPING_KEY.match(ln):
                    continue  # a key being typed on another line (no colon yet)
                return None, set()
            if collecting:
                siblings.add(_key_of(m))
            if lead < ci:  # `- key: ...` opens the item that holds this mapping
                path.append(ITEM)
                dash = lead
                collecting = False
            continue
        # ci < want: the line that opens this mapping
        if _is_opener(m) and lead == ci:
            path.append(_key_of(m))
            want = lead
            collecting = False
            if lead == 0:
                break
            continue
        if lead < want and ln.lstrip(" ").startswith("-") and (_DASH_ONLY.match(ln) or _is_opener(m)):
            if m is not None and _is_opener(m) and ci < want:
                path.append(_key_of(m))
                want = ci
                collecting = False
                continue
            path.append(ITEM)
            dash = lead
            collecting = False
            continue
        return None, set()
    if dash is not None or (want != 0 and not path):
        return None, set()
    if want != 0:
        return None, set()
    path.reverse()
    siblings |= _siblings_below(text, lines, line0, indent)
    return tuple(path), siblings


def _siblings_below(text: str, lines: LineIndex, line0: int, indent: int) -> set[str]:
    out: set[str] = set()
    i = line0 + 1
    n = lines.line_count()
    while i < n:
        s, e = lines.line_bounds(i)
        ln = text[s:e]
        i += 1
        if ln.rstrip() in ("---", "..."):
            break
        ci = _content_indent(ln)
        if ci is None:
            continue
        lead = len(ln) - len(ln.lstrip(" "))
        if ci < indent or lead < indent:
            break
        if ci == indent and lead == indent:
            m = _KEY_LINE.match(ln)
            if m:
                out.add(_key_of(m))
    return out
