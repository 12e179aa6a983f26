"""Every link form of a page, with offsets in the file: one pass over the body scan plus front matter.

:func:`extract_links` returns :class:`Link` objects for

* Markdown inline links and images ``[t](dest "title")``/``![a](dest)``, reference definitions
  ``[id]: dest``, autolinks ``<https://…>``;
* HTML ``href``/``src``/``srcset``/``poster`` attributes;
* Liquid ``{% link path %}``, ``{% post_url ref %}``, ``{% include_relative f %}`` and the
  ``path=`` of ``figure``/``image``/``video``/``audio`` includes;
* destinations written ``{{ '/x' | relative_url }}``, ``absolute_url``, ``prepend: site.baseurl`` or
  ``{{ site.baseurl }}/x``.

Links inside code, ``{% raw %}`` and comments are not links. A destination holding Liquid that
cannot be resolved statically (``{{ page.x }}``, loop variables) is returned with
``kind="unknown"`` and never reported. :func:`heading_ids` gives the fragment ids kramdown
(GFM input) generates for a Markdown body.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from .body import _CLOSE_EL, BodyScan, body_of

SCHEME_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass(slots=True)
class Link:
    start: int  # span of the destination in the file
    end: int
    raw: str  # the destination as written
    form: str  # md-link, md-image, md-ref, autolink, href, src, srcset, link-tag, post_url, include-path,
    #            include_relative, fm:<key>
    kind: str  # external, fragment, root (raw "/x"), site ("/x" through relative_url or site.baseurl),
    #            relative, source ({% link %}), post ({% post_url %}), unknown
    target: str  # the path (decoded, no query/fragment); a source path for "source"; a ref for "post"
    fragment: str | None = None
    image: bool = False
    doubled: bool = False  # {{ site.baseurl }} in front of a tag that already adds it
    base: str = "root"  # for fm/include paths: "root" or a folder the value is relative to ("assets/img")


# ---------------------------------------------------------------------- destination expressions
_Q = r"""(?:'([^']*)'|"([^"]*)")"""
_FILTER_URL = re.compile(r"^\{\{-?\s*" + _Q + r"\s*\|\s*(relative_url|absolute_url)\s*-?\}\}")
_PREPEND = re.compile(r"^\{\{-?\s*" + _Q + r"\s*\|\s*prepend:\s*site\.baseurl\s*-?\}\}")
_SITE_BASE = re.compile(r"^\{\{-?\s*site\.baseurl\s*-?\}\}")
_SITE_URL = re.compile(r"^\{\{-?\s*site\.url\s*-?\}\}")
_LINK_TAG = re.compile(r"^\{%-?\s*(link|post_url)\s+(.*?)\s*-?%\}")


def _split_frag(s: str) -> tuple[str, str | None]:
    i = s.find("#")
    frag = None
    if i >= 0:
        s, frag = s[:i], s[i + 1:]
    j = s.find("?")
    if j >= 0:
        s = s[:j]
    return s, frag


_CLASSIFIED: dict[str, tuple[str, str, str | None, bool]] = {}


def classify_dest(dest: str) -> tuple[str, str, str | None, bool]:
    """(kind, target, fragment, doubled) of a link destination as written (remembered: many pages
    link the same destinations)."""
    got = _CLASSIFIED.get(dest)
    if got is None:
        got = _classify_dest(dest)
        if len(_CLASSIFIED) >= 20000:
            _CLASSIFIED.clear()
        _CLASSIFIED[dest] = got
    return got


def _classify_dest(dest: str) -> tuple[str, str, str | None, bool]:
    d = dest.strip()
    if not d:
        return "unknown", "", None, False
    if "{" not in d:  # no Liquid: none of the patterns below can match
        return _classify_plain(d)
    doubled = False
    m = _SITE_URL.match(d)
    if m:
        d = d[m.end():]
        if d and d[0] not in "/{#?":  # `{{ site.url }}2019/10/x/`: from the root when `url:` ends with `/`
            d = "/" + d  # (without it the host is glued to the path: broken whatever the path is)
    m = _SITE_BASE.match(d)
    if m:
        rest = d[m.end():]
        t = _LINK_TAG.match(rest)
        if t:
            return ("source" if t.group(1) == "link" else "post"), t.group(2).strip().strip("'\""), None, True
        if "{{" in rest or "{%" in rest:
            return "unknown", "", None, False
        p, frag = _split_frag(rest)
        return "site", unquote(p if p.startswith("/") else "/" + p), frag, False
    m = _FILTER_URL.match(d) or _PREPEND.match(d)
    if m:
        val = m.group(1) if m.group(1) is not None else m.group(2)
        rest = d[m.end():]
        if "{{" in val or "{%" in val or "{{" in rest or "{%" in rest:
            return "unknown", "", None, False
        if SCHEME_RE.match(val):
            return "external", val, None, False
        p, frag = _split_frag(val + rest)
        return "site", unquote(p if p.startswith("/") else "/" + p), frag, False
    t = _LINK_TAG.match(d)
    if t:
        return ("source" if t.group(1) == "link" else "post"), t.group(2).strip().strip("'\""), None, doubled
    if "{{" in d or "{%" in d:
        return "unknown", "", None, False
    return _classify_plain(d)


def _classify_plain(d: str) -> tuple[str, str, str | None, bool]:
    if d.startswith("#"):
        return "fragment", "", unquote(d[1:]), False
    if SCHEME_RE.match(d):
        low = d.lower()
        if low.startswith(("http://", "https://", "//")):
            return "external", d, None, False
        return "other", d, None, False  # mailto:, tel:, javascript:, data:
    i = d.find("#")  # (_split_frag)
    if i >= 0:
        p, frag = d[:i], d[i + 1:]
    else:
        p, frag = d, None
    j = p.find("?")
    if j >= 0:
        p = p[:j]
    if "&" in p:  # (html.unescape and unquote give back their argument without "&" / "%")
        p = html.unescape(p)
    if "\\" in p:  # a browser reads `\` in an http(s) URL's path as `/` (WHATWG URL): `\images\a.png` is `/images/a.png`
        p = p.replace("\\", "/")
        if p.startswith("//"):
            return "external", d, None, False
    if "%" in p:
        p = unquote(p)
    if p.startswith("/"):
        return "root", p, frag, False
    return "relative", p, frag, False


# ---------------------------------------------------------------------- scanners
def _skip_liquid(text: str, i: int, end: int) -> int:
    if text.startswith("{{", i):
        j = text.find("}}", i + 2, end)
        return end if j < 0 else j + 2
    j = text.find("%}", i + 2, end)
    return end if j < 0 else j + 2


_DEST_FAST = re.compile(r"[ \t]*((?:\{\{[^{}]*\}\}|\{%[^{}%]*%\})?[^\s(){}\\<>\"']*)[ \t]*\)")
# each "](", with the destination when ``_DEST_FAST`` reads it (group 1, in a lookahead: the next
# search starts right after the "](", as a ``find`` loop does), and each "]:"
_MD_LINK = re.compile(r"\](?::|\((?=" + _DEST_FAST.pattern + ")?)")


def _scan_dest(text: str, i: int, end: int) -> tuple[int, int, int] | None:
    """Parse an inline destination after ``(``: (dest_start, dest_end, close_paren_end)."""
    m = _DEST_FAST.match(text, i, end)
    if m is not None:  # the common case: a plain path or one Liquid expression, then ")"
        return m.start(1), m.end(1), m.end()
    n = min(end, len(text))
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == "\n":
        i += 1
        while i < n and text[i] in " \t":
            i += 1
    if i < n and text[i] == "<":
        j = text.find(">", i + 1, n)
        if j < 0 or "\n" in text[i:j]:
            return None
        ds, de = i + 1, j
        k = j + 1
    else:
        ds = i
        depth = 0
        k = i
        while k < n:
            c = text[k]
            if c == "{" and k + 1 < n and text[k + 1] in "{%":
                k = _skip_liquid(text, k, n)
                continue
            if c == "\\" and k + 1 < n:
                k += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif c in " \t\n":
                break
            k += 1
        de = k
    # optional title, then ")"
    k2 = k
    while k2 < n and text[k2] in " \t\n":
        k2 += 1
    if k2 < n and text[k2] in "\"'(":
        close = {"\"": "\"", "'": "'", "(": ")"}[text[k2]]
        j = text.find(close, k2 + 1, n)
        if j < 0:
            return None
        k2 = j + 1
        while k2 < n and text[k2] in " \t\n":
            k2 += 1
    if k2 < n and text[k2] == ")":
        return ds, de, k2 + 1
    return None


def _bracket_open(text: str, close: int, floor: int) -> int | None:
    """Index of the ``[`` matching the ``]`` at ``close`` (same paragraph)."""
    j = text.rfind("[", floor, close)
    if j >= 0 and text.find("]", j + 1, close) < 0 and text.find("\n\n", j, close) < 0 and (j == 0 or text[j - 1] != "\\"):
        return j  # the common case: no brackets inside the link text
    depth = 0
    i = close - 1
    while i >= floor:
        c = text[i]
        if c == "]" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif c == "[" and (i == 0 or text[i - 1] != "\\"):
            if depth == 0:
                return i
            depth -= 1
        elif c == "\n" and text.startswith("\n", i + 1):
            return None
        i -= 1
    return None


_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n^][^\]\n]*)\]:[ \t]*", re.M)  # not footnotes ([^1]:)
_REF_USE = re.compile(r"\]\[([^\]\n]*)\]|\[([^\]\n]+)\](?![(:\[])")
# the scheme folds ASCII letters only ((?a): Unicode re.I read `httpſ:` as `https:`; kramdown's is ASCII)
_AUTOLINK = re.compile(r"<((?ai:https?|ftp|mailto):[^\s<>]+)>")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)/?>")
# a tag ends at its first ">" outside quotes (the only way _TAG can match): possessive runs read
# the same tags faster. Group 1: an autolink; groups 2, 3: a tag's name and attributes
_AUTOLINK_OR_TAG = re.compile(r"<(?:((?ai:https?|ftp|mailto):[^\s<>]++)>"
                              r"|([a-zA-Z][\w-]*+)(\s(?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)/?>)")
_TAG_KINDS = ("source", "post")  # a destination that is a {% link %} / {% post_url %} tag
# ASCII only (re.A): HTML folds only ASCII letters in attribute names and separates attributes by ASCII
# whitespace; Unicode re.I matched `ſrc` (U+017F, long s) as `src`
_ATTR = re.compile(r"""\s(href|src|srcset|poster|data-src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I | re.A)
_PARAM = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
MEDIA_INCLUDES = {"figure", "image", "video", "audio"}


def _make(start: int, end: int, raw: str, form: str, image: bool = False) -> Link:
    got = _CLASSIFIED.get(raw)
    if got is None:
        got = classify_dest(raw)
    return Link(start, end, raw, form, got[0], got[1], got[2], image, got[3])


def _used_refs(text: str, scan: BodyScan) -> set[str]:
    used: set[str] = set()
    for s, e in scan.prose_segments(text):
        for m in _REF_USE.finditer(text, s, e):
            if m.group(1) is not None:
                lab = m.group(1).strip()
                if not lab:  # [id][]: the label is the link text before
                    j = text.rfind("[", s, m.start())
                    lab = text[j + 1: m.start()].strip() if j >= 0 else ""
            else:
                lab = m.group(2).strip()
            if lab:
                used.add(lab.lower())
    return used


def _srcset_urls(val: str) -> list[tuple[int, int]]:
    """(start, end) of each candidate URL in a ``srcset`` value: candidates are separated by commas,
    a URL ends at whitespace or a comma, and the rest up to the next comma is its descriptor
    (``1x``, ``480w``). Liquid (``{{ '/a.jpg' | relative_url }}``, ``{% ... %}``) is one piece of a
    URL or descriptor, whatever spaces or commas it holds."""
    out: list[tuple[int, int]] = []
    n = len(val)
    i = 0
    while i < n:
        while i < n and (val[i] == "," or val[i].isspace()):
            i += 1
        if i >= n:
            break
        cs = i
        while i < n and val[i] != "," and not val[i].isspace():
            if val.startswith(("{{", "{%"), i):
                i = _skip_liquid(val, i, n)
            else:
                i += 1
        out.append((cs, i))
        while i < n and val[i] != ",":  # the descriptor
            if val.startswith(("{{", "{%"), i):
                i = _skip_liquid(val, i, n)
            else:
                i += 1
    return out


def extract_body_links(text: str, scan: BodyScan) -> list[Link]:
    out: list[Link] = []
    used_refs: set[str] | None = None
    classified = _CLASSIFIED
    for seg_start, seg_end in scan.prose_segments(text):
        # Markdown inline links/images: every "](" (inside a prose segment: never in code or a
        # comment), with its destination when the common pattern reads it; the same search
        # notes a "]:" (a reference definition can only be where one is)
        refs = False
        i = text.find("]", seg_start, seg_end)  # (memchr: the search starts at the first "]", if any)
        for m in (_MD_LINK.finditer(text, i, seg_end) if i >= 0 else ()):
            i = m.start()
            if text[i + 1] == ":":
                refs = True
                continue
            ds, de = m.span(1)
            if ds < 0:
                r = _scan_dest(text, i + 2, seg_end)
                if r is None:
                    continue
                ds, de, _ = r
            op = text.rfind("[", seg_start, i)  # (the fast path of _bracket_open)
            if op < 0 or text.find("]", op + 1, i) >= 0 or text.find("\n\n", op, i) >= 0 or (op and text[op - 1] == "\\"):
                op = _bracket_open(text, i, seg_start)
                if op is None:
                    continue
            raw = text[ds:de]
            got = classified.get(raw)
            if got is None:
                got = classify_dest(raw)
            if got[0] in _TAG_KINDS and not got[3]:
                continue  # the destination is a {% link %}/{% post_url %}: listed with the tags
            if op and text[op - 1] == "!":
                out.append(Link(ds, de, raw, "md-image", got[0], got[1], got[2], True, got[3]))
            else:
                out.append(Link(ds, de, raw, "md-link", got[0], got[1], got[2], False, got[3]))
        # reference definitions (only those some [text][id], [id][] or [id] uses are links)
        for m in (_REF_DEF.finditer(text, seg_start, seg_end) if refs else ()):
            if used_refs is None:
                used_refs = _used_refs(text, scan)
            if m.group(1).strip().lower() not in used_refs:
                continue
            ds = m.end()
            k = ds
            while k < seg_end and text[k] not in " \t\n":
                if text.startswith(("{{", "{%"), k):
                    k = _skip_liquid(text, k, seg_end)
                    continue
                k += 1
            rest = text[k:text.find("\n", k, seg_end) if text.find("\n", k, seg_end) >= 0 else seg_end].strip()
            if rest and not rest.startswith(("\"", "'", "(")):
                continue  # kramdown takes the whole line as the URL: not a path we can judge
            if k > ds:
                raw = text[ds:k]
                if raw.startswith("<") and raw.endswith(">"):
                    ds, k, raw = ds + 1, k - 1, raw[1:-1]
                lk = _make(ds, k, raw, "md-ref")
                if lk.kind not in _TAG_KINDS or lk.doubled:
                    out.append(lk)
        lt = text.find("<", seg_start, seg_end)
        if lt < 0:
            continue
        # autolinks and HTML attributes: one search finds both (they never start at the same "<";
        # an autolink can only be inside a tag in a quoted value: looked for there)
        html: list[Link] = []
        for m in _AUTOLINK_OR_TAG.finditer(text, lt, seg_end):
            auto = m.group(1)
            if auto is not None:
                out.append(_make(m.start(1), m.end(1), auto, "autolink"))
                continue
            attrs = m.group(3)
            if "<" in attrs:
                for a in _AUTOLINK.finditer(text, m.start() + 1, m.end()):
                    out.append(_make(a.start(1), a.end(1), a.group(1), "autolink"))
            low = attrs.lower()
            if "src" not in low and "href" not in low and "poster" not in low:
                continue  # no attribute _ATTR looks for
            tag = m.group(2).lower()
            at = m.start(3)
            for a in _ATTR.finditer(attrs):
                name = a.group(1).lower()
                g = 2 if a.group(2) is not None else 3
                vs = at + a.start(g)
                val = a.group(g)
                if name == "srcset":
                    for cs, ce in _srcset_urls(val):
                        html.append(_make(vs + cs, vs + ce, val[cs:ce], "srcset", True))
                    continue
                image = tag in ("img", "source", "video", "audio") or name == "poster"
                lk = _make(vs, vs + len(val), val, "href" if name == "href" else "src", image)
                if lk.kind not in _TAG_KINDS or lk.doubled:
                    html.append(lk)
        out += html
    # Liquid tags
    for t in scan.tags:
        if t.name in ("link", "post_url"):
            arg = t.args.strip()
            if not arg or "{{" in arg or "{%" in arg:
                continue
            off = t.args_start + (len(t.args) - len(t.args.lstrip()))
            kind = "source" if t.name == "link" else "post"
            out.append(Link(off, off + len(arg), arg, "link-tag" if t.name == "link" else "post_url", kind,
                            arg.strip("'\"")))
        elif t.name == "include_relative":
            arg = t.args.strip().split()[0] if t.args.strip() else ""
            if arg and "{{" not in arg:
                off = t.args_start + t.args.find(arg)
                out.append(Link(off, off + len(arg), arg, "include_relative", "relative-file", arg))
        elif t.name == "include":
            out.extend(_include_links(t))
    return out


_NON_BLANK = re.compile(r"[^\s]+")


def include_name(args: str) -> tuple[str, int] | None:
    a = args.lstrip()
    if not a or a.startswith(("{{", "'", '"')):
        return None
    m = _NON_BLANK.match(a)
    if not m:
        return None
    name = m.group(0)
    if "{{" in name or "=" in name:
        return None
    return name, len(args) - len(a)


# the name of an include of a media template (``include_name`` with a stem in MEDIA_INCLUDES:
# folders, then the stem, then any extension)
_MEDIA_INCLUDE = re.compile(r"\s*+((?:\S*/)?(figure|image|video|audio)(?:\.[^\s/]*)?)(?!\S)")
_MEDIA_KEYS = frozenset(("path", "url", "src"))
_IMAGE_STEMS = frozenset(("figure", "image"))


def _include_links(t) -> list[Link]:
    args = t.args
    h = _MEDIA_INCLUDE.match(args)
    if h is None:
        return []
    name, stem = h.group(1, 2)
    if "{{" in name or "=" in name or name[0] in "'\"":
        return []  # (include_name gives None)
    out = []
    off = t.args_start
    for m in _PARAM.finditer(args, h.end()):
        key, dq, sq, bare = m.groups()
        if key not in _MEDIA_KEYS or bare is not None:
            continue  # (a bare value is a variable: not static)
        if dq is not None:
            val = dq
            vs = off + m.start(2)
        else:
            val = sq
            vs = off + m.start(3)
        if "{{" in val or "{%" in val or not val.strip():
            continue
        if SCHEME_RE.match(val):
            out.append(Link(vs, vs + len(val), val, "include-path", "external", val, None, True))
            continue
        i = val.find("#")  # (_split_frag)
        if i >= 0:
            p, frag = val[:i], val[i + 1:]
        else:
            p, frag = val, None
        j = p.find("?")
        if j >= 0:
            p = p[:j]
        if "%" in p:
            p = unquote(p)
        out.append(Link(vs, vs + len(val), val, "include-path", "site", "/" + p.lstrip("/"), frag, stem in _IMAGE_STEMS))
    return out


# ---------------------------------------------------------------------- heading ids (kramdown GFM)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$|^ {0,3}(#{1,6})[ \t]*$", re.M)
# (linear per line: a lookahead for the non-blank and a possessive run, not `[^\n]*\S[^\n]*`, which
# backtracks quadratically on every long line)
_SETEXT = re.compile(r"^(?! {4})(?=[^\n]*\S)([^\n]++)\n {0,3}(=+|-+)[ \t]*$", re.M)
_EXPLICIT = re.compile(r"\{#([\w:.-]+)\}\s*$")
_IAL_ID = re.compile(r"^ {0,3}\{:\s*[^}]*#([\w:.-]+)[^}]*\}\s*$", re.M)
_HTML_ID = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]+)"|'([^']+)')""")


def _gfm_char_ok(ch: str) -> bool:
    if ch in "- \t":
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Pc")


def gfm_id(raw_text: str) -> str:
    r = raw_text.lower()
    r = "".join(ch for ch in r if _gfm_char_ok(ch))
    return r.replace(" ", "-").replace("\t", "-")


def heading_raw_text(s: str) -> str:
    """The text kramdown collects from a heading's spans (markup removed, entities decoded)."""
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", s)
    s = re.sub(r"<[^>]+>", "", s)
    s = re.sub(r"`+([^`]*)`+", r"\1", s)
    s = re.sub(r"(\*\*|__)(.+?)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", s)
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", s)
    return html.unescape(s)


def heading_ids(text: str, scan: BodyScan, markdown: bool = True) -> tuple[set[str], bool]:
    """(ids, complete): fragment targets of a body. ``complete`` is False when Liquid could add more."""
    ids: set[str] = set()
    complete = True
    counter: dict[str, int] = {}
    if markdown:
        heads: list[tuple[int, str]] = []
        for m in _ATX.finditer(text, scan.start, scan.end):
            if scan.hidden(m.start()):
                continue
            heads.append((m.start(), m.group(2) or ""))
        for m in _SETEXT.finditer(text, scan.start, scan.end):
            if scan.hidden(m.start()):
                continue
            line = m.group(1)
            if line.lstrip().startswith(("#", "<", "-", "*", "|", ">", "{")) or (m.group(2)[0] == "-" and len(m.group(2)) < 2):
                continue
            prev = text.rfind("\n", 0, m.start() - 1)
            if m.start() > scan.start and text[prev + 1: m.start()].strip():
                continue  # not the first line of a paragraph: kramdown would see a paragraph continuation
            heads.append((m.start(), line.strip()))
        heads.sort()
        for _, h in heads:
            if "{{" in h or "{%" in h:
                complete = False
                continue
            em = _EXPLICIT.search(h)
            if em:
                ids.add(em.group(1))
                continue
            hid = gfm_id(heading_raw_text(h))
            n = counter.get(hid, -1) + 1
            counter[hid] = n
            ids.add(hid + (f"-{n}" if n > 0 else ""))
        for m in _IAL_ID.finditer(text, scan.start, scan.end):
            ids.add(m.group(1))
    for m in _HTML_ID.finditer(text, scan.start, scan.end):
        v = m.group(1) or m.group(2)
        if "{{" in v or "{%" in v:
            complete = False
        else:
            ids.add(v)
    for t in scan.tags:
        if t.name in ("bibliography", "toc", "for", "include_relative"):
            complete = False
        elif t.name == "include":
            got = include_name(t.args)
            if got is None or got[0].rsplit("/", 1)[-1].split(".", 1)[0] not in MEDIA_INCLUDES:
                complete = False  # an include may write elements with ids; figure/video/audio do not
    if any("id" in o.expr for o in scan.outputs):
        complete = False
    return ids, complete


# ---------------------------------------------------------------------- raw HTML blocks (kramdown)
# kramdown reads a line starting with a block-level HTML start tag as a raw HTML block up to its
# matching closing tag: Markdown inside (links, images, autolinks) is literal text unless the tag
# has `markdown="1"` or `kramdown: parse_block_html: true` is set (kramdown 2.4 parser/html.rb,
# parser/kramdown/html.rb; checked against Jekyll 4.3's output). HTML and Liquid inside still work.
_HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc "
    "ruby samp select small span strong sub sup tt u var".split())
_HTML_NO_BODY = frozenset("area base br col command embed hr img input keygen link meta param source track wbr".split())
_HTML_KNOWN = _HTML_SPAN_ELEMENTS | _HTML_NO_BODY | frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption footer form h1 h2 "
    "h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol optgroup p pre section summary table "
    "tbody td th thead tfoot tr ul details figure noscript object math textarea script style center".split())
_UNAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_HTML_TAG = re.compile(r"<((?>" + _UNAME + r"))\s*((?>\s+" + _UNAME + r"""(?:\s*=\s*(?:\w+|("|').*?\3))?)*)\s*(/)?>""", re.S)
# at one "<": a comment, a processing instruction, a start tag (groups 1-4, as _HTML_TAG) or an end tag (group 5)
_HTML_RAW_ITEM = re.compile(r"<(?:!--.*?-->|\?.*?\?>|((?>" + _UNAME + r"))\s*((?>\s+" + _UNAME
                            + r"""(?:\s*=\s*(?:\w+|("|').*?\3))?)*)\s*(/)?>|/(""" + _UNAME + r")\s*>)", re.S)
_BLOCK_LINE = re.compile(r"^<[A-Za-z_]", re.M)  # a start tag at the start of a line (no indentation: never list content)
_MARKDOWN_ATTR = re.compile(r"(?:^|\s)markdown\s*=", re.I)
_LITERAL_FORMS = ("md-link", "md-image", "md-ref", "autolink")
_PARSE_BLOCK_HTML = re.compile(r"""\{::options\b[^}]*?\bparse_block_html=["']?(true|false)""")
# Liquid tags whose output cannot change which HTML tags kramdown sees (al-folio's includes write balanced HTML)
_BLOCK_SAFE_TAGS = frozenset(("include", "include_relative", "link", "post_url", "cite", "reference"))


def kramdown_raw_html(config: dict) -> bool:
    """Does the site convert Markdown with kramdown, leaving block HTML raw (its defaults)?"""
    md = config.get("markdown", "kramdown")
    if not isinstance(md, str) or md.strip().lower() != "kramdown":
        return False
    k = config.get("kramdown")
    if k is None:
        return True
    if not isinstance(k, dict):
        return False
    if k.get("parse_block_html") not in (None, False):
        return False
    inp = k.get("input", "GFM")
    return isinstance(inp, str) and inp.strip().lower() in ("gfm", "kramdown")


def _element_name(name: str) -> str:
    low = name.lower()
    return low if low in _HTML_KNOWN else name


def _raw_block_end(text: str, scan: BodyScan, pos: int, end: int, name: str, skip_regions: bool) -> int | None:
    """End of the closing tag of the raw element ``name`` whose start tag ends at ``pos`` (kramdown's
    ``parse_raw_html``), or None when it is not certain: no end tag (kramdown then takes the rest of
    the page) or a `markdown=` attribute inside. One search finds the next comment, processing
    instruction, start tag or end tag (what kramdown tries, in its order, at each ``<``)."""
    stack = [name]
    search = _HTML_RAW_ITEM.search
    known = _HTML_KNOWN
    while stack:
        m = search(text, pos, end)
        if m is None:
            return None
        if skip_regions:
            r = scan.region_at(m.start())
            if r is not None and r.kind in ("liquid-comment", "highlight"):
                pos = r.end  # Liquid removes a comment; a highlight block renders as balanced, escaped HTML
                continue
        pos = m.end()
        n, attrs, _q, slash, c = m.groups()
        if n is not None:  # a start tag
            if attrs and "arkdown" in attrs.lower() and _MARKDOWN_ATTR.search(attrs):
                return None
            low = n.lower()
            if low in known:
                n = low
            if n == "script" or n == "style":
                cm = _CLOSE_EL[n].search(text, pos, end)  # (kramdown's end-tag search, folded as it folds)
                if cm is None:
                    return None
                pos = cm.end()
            elif slash is None and n not in _HTML_NO_BODY:
                stack.append(n)
        elif c is not None:  # an end tag
            top = stack[-1]
            if top == (c.lower() if top in known else c):
                stack.pop()
        # else a comment or a processing instruction: skipped
    return pos


def raw_html_blocks(text: str, scan: BodyScan, upto: int) -> list[tuple[int, int, str]]:
    """(start, end, element) of the raw HTML blocks kramdown reads in the body before ``upto``: a
    line that starts (unindented) with the start tag of a block-level element, to its matching end
    tag. Only blocks whose extent is certain are returned: none whose tags carry `markdown=`,
    none holding Liquid control flow (`{% if %}`, `{% for %}`: the rendered tags may differ)."""
    out: list[tuple[int, int, str]] = []
    pos = scan.start
    end = scan.end
    tags = scan.tags
    ntags = len(tags)
    ti = 0
    skip = any(r.kind == "liquid-comment" for r in scan.comments) or any(r.kind == "highlight" for r in scan.code)
    while pos < upto:
        m = _BLOCK_LINE.search(text, pos, upto)
        if m is None:
            break
        s = m.start()
        if scan.hidden(s):
            pos = s + 1
            continue
        t = _HTML_TAG.match(text, s, end)
        if t is None or t.group(1).lower() in _HTML_SPAN_ELEMENTS:
            pos = s + 1
            continue
        n = _element_name(t.group(1))
        if t.group(4) is not None or n in _HTML_NO_BODY or n in ("script", "style", "pre"):
            pos = t.end()
            continue
        if _MARKDOWN_ATTR.search(t.group(2)) or "{%" in t.group(0):
            pos = t.end()
            continue  # Markdown is read there (or the tag depends on Liquid)
        e = _raw_block_end(text, scan, t.end(), end, n, skip)
        if e is None:
            break  # kramdown's reading from here on is not certain
        while ti < ntags and tags[ti].start < s:
            ti += 1
        j = ti
        unsafe = False
        while j < ntags and tags[j].start < e:
            if tags[j].name not in _BLOCK_SAFE_TAGS:
                unsafe = True
                break
            j += 1
        if unsafe:
            break  # the rendered tags may differ from these: nothing certain from here on
        out.append((s, e, n))
        pos = e
    return out


def literal_markdown_links(text: str, scan: BodyScan, links: list[Link]) -> list[tuple[Link, int, str]]:
    """The Markdown-syntax links of ``links`` that sit inside a raw HTML block, with the block's
    start and element: kramdown writes them as literal text, they are not links."""
    md = [l for l in links if l.form in _LITERAL_FORMS]
    if not md:
        return []
    # a block holding a link starts on an earlier line beginning with "<" and ends with an end tag
    # after it (a block without one is never certain)
    first = scan.start if text.startswith("<", scan.start) else text.find("\n<", scan.start, scan.end)
    last = text.rfind("</", scan.start, scan.end)
    if first < 0 or last < 0:
        return []
    md = [l for l in md if first < l.start and l.end <= last]
    if not md:
        return []
    upto = max(l.start for l in md) + 1
    blocks = raw_html_blocks(text, scan, upto)
    if blocks and "{::options" in text:
        # kramdown's `{::options parse_block_html="true" /}` reads Markdown in HTML blocks from there on
        switches = [(m.start(), m.group(1) == "true") for m in _PARSE_BLOCK_HTML.finditer(text, scan.start, scan.end)]
        blocks = [bl for bl in blocks if not next((on for at, on in reversed(switches) if at < bl[0]), False)]
    if not blocks:
        return []
    out = []
    starts = [b[0] for b in blocks]
    for l in md:
        i = bisect.bisect_right(starts, l.start) - 1
        if i >= 0 and l.start < blocks[i][1]:
            out.append((l, blocks[i][0], blocks[i][2]))
    return out


# outputs that are not HTML: an `href="'+x.url+'"` inside a script or a `url(...)` is no link of the page;
# their Liquid tags ({% link %}, {% include %}) still run and are still checked
_NOT_MARKUP = (".js", ".mjs", ".css", ".scss", ".sass", ".json", ".txt", ".xml", ".yml", ".yaml", ".csv", ".webmanifest", ".map")
_MARKUP_FORMS = frozenset({"md-link", "md-image", "md-ref", "autolink", "href", "src", "srcset"})


def body_links(path: str, text: str, scan: BodyScan, lit_exts: frozenset[str]) -> tuple[list[Link], list[tuple[Link, int, str]]]:
    """The links of a page's body as the build sees them, and apart from them the Markdown links
    kramdown writes as literal text (inside a raw HTML block: FL313).

    ``lit_exts``: :func:`literal_exts`. Pure (text in, links out): the parse-time child of
    :mod:`folio_lint.prescan` runs it too.
    """
    got = extract_body_links(text, scan)
    if path.lower().endswith(_NOT_MARKUP):
        got = [lk for lk in got if lk.form not in _MARKUP_FORMS]
    lit = literal_markdown_links(text, scan, got) if _markdown_path(path, lit_exts) else []
    if lit:
        drop = {id(lk) for lk, _s, _n in lit}
        got = [lk for lk in got if id(lk) not in drop]
    return got, lit


def literal_links(doc, ctx) -> list[tuple[Link, int, str]]:
    """The Markdown links of a document that sit in a raw HTML block (:func:`body_links`), once per
    run; empty unless the document is Markdown and the site's kramdown leaves block HTML raw."""
    key = ("literal-links", doc.path)
    got = ctx.memo.get(key)
    if got is None:
        if doc.source.error or not _markdown_path(doc.path, literal_exts(ctx)):
            got = []
        else:
            got = body_links(doc.path, doc.text, body_of(doc, ctx), literal_exts(ctx))[1]
        ctx.memo[key] = got
    return got


def literal_exts(ctx) -> frozenset[str]:
    """:func:`literal_exts_of` the site's configuration, once per run."""
    exts = ctx.memo.get(("literal-exts",))
    if exts is None:
        exts = ctx.memo[("literal-exts",)] = literal_exts_of(ctx.site.config.data)
    return exts


def literal_exts_of(cfg: dict) -> frozenset[str]:
    """The Markdown extensions, when the site's kramdown leaves block HTML raw (else none)."""
    if not kramdown_raw_html(cfg):
        return frozenset()
    md = cfg.get("markdown_ext")
    return frozenset("." + e.strip().lower() for e in (md if isinstance(md, str) else "markdown,mkdown,mkdn,mkd,md").split(","))


def _markdown_path(path: str, exts: frozenset[str]) -> bool:
    if not exts:
        return False
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:].lower() in exts
