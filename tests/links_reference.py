"""Reference implementation of folio_lint.links (as it was before the fast paths): tests check
that the fast extraction gives exactly the same links. Not used by folio-lint itself.

Every link form of a page, with offsets in the file: one pass over the body scan plus front matter.

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
``kind="unknown"`` and never reported. (Heading ids were not changed by the fast paths: they are
not copied here.)
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from folio_lint.body import BodyScan
from folio_lint.links import (  # unchanged by the fast paths: shared, not copied
    SCHEME_RE,
    Link,
    _FILTER_URL,
    _PREPEND,
    _SITE_BASE,
    _SITE_URL,
    _LINK_TAG,
    _split_frag,
    _skip_liquid,
    _scan_dest,
    _bracket_open,
    _REF_DEF,
    _AUTOLINK,
    _TAG,
    _ATTR,
    _PARAM,
    MEDIA_INCLUDES,
    _used_refs,
)


# ---------------------------------------------------------------------- destination expressions


def classify_dest(dest: str) -> tuple[str, str, str | None, bool]:
    """(kind, target, fragment, doubled) of a link destination as written."""
    d = dest.strip()
    if not d:
        return "unknown", "", None, False
    doubled = False
    m = _SITE_URL.match(d)
    if m:
        d = d[m.end():]
        if d and d[0] not in "/{#?":  # `{{ site.url }}2019/x/`: from the root (`url:` ending with `/`)
            d = "/" + d
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
    if d.startswith("#"):
        return "fragment", "", unquote(d[1:]), False
    if SCHEME_RE.match(d):
        low = d.lower()
        if low.startswith(("http://", "https://", "//")):
            return "external", d, None, False
        return "other", d, None, False  # mailto:, tel:, javascript:, data:
    p, frag = _split_frag(d)
    p = html.unescape(p)
    if "\\" in p:  # browsers read `\` in an http(s) path as `/`
        p = p.replace("\\", "/")
        if p.startswith("//"):
            return "external", d, None, False
    p = unquote(p)
    if p.startswith("/"):
        return "root", p, frag, False
    return "relative", p, frag, False


# ---------------------------------------------------------------------- scanners


_SRCSET_CAND = re.compile(r"(?s)[\s,]*((?:\{\{.*?(?:\}\}|\Z)|\{%.*?(?:%\}|\Z)|[^\s,])+)(?:\{\{.*?(?:\}\}|\Z)|\{%.*?(?:%\}|\Z)|[^,])*")


def _make(start: int, end: int, raw: str, form: str, image: bool = False) -> Link:
    kind, target, frag, doubled = classify_dest(raw)
    return Link(start, end, raw, form, kind, target, frag, image, doubled)


def extract_body_links(text: str, scan: BodyScan) -> list[Link]:
    out: list[Link] = []
    taken: list[tuple[int, int]] = []
    used_refs: set[str] | None = None
    for seg_start, seg_end in scan.prose_segments(text):
        # Markdown inline links/images
        pos = seg_start
        while True:
            i = text.find("](", pos, seg_end)
            if i < 0:
                break
            pos = i + 2  # (inside a prose segment: never in code or a comment)
            r = _scan_dest(text, i + 2, seg_end)
            if r is None:
                continue
            ds, de, _ = r
            op = _bracket_open(text, i, seg_start)
            if op is None:
                continue
            image = op > 0 and text[op - 1] == "!"
            raw = text[ds:de]
            out.append(_make(ds, de, raw, "md-image" if image else "md-link", image))
            taken.append((ds, de))
        # reference definitions (only those some [text][id], [id][] or [id] uses are links)
        for m in (_REF_DEF.finditer(text, seg_start, seg_end) if text.find("]:", seg_start, seg_end) >= 0 else ()):
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
                out.append(_make(ds, k, raw, "md-ref"))
                taken.append((ds, k))
        for m in (_AUTOLINK.finditer(text, seg_start, seg_end) if text.find(":", seg_start, seg_end) >= 0 else ()):
            out.append(_make(m.start(1), m.end(1), m.group(1), "autolink"))
        # HTML attributes
        for m in _TAG.finditer(text, seg_start, seg_end):
            tag = m.group(1).lower()
            for a in _ATTR.finditer(m.group(2)):
                name = a.group(1).lower()
                g = 2 if a.group(2) is not None else 3
                vs = m.start(2) + a.start(g)
                val = a.group(g)
                if name == "srcset":  # candidates "URL descriptor", comma separated; Liquid is one piece
                    for part in _SRCSET_CAND.finditer(val):
                        out.append(_make(vs + part.start(1), vs + part.end(1), part.group(1), "srcset", True))
                    continue
                image = tag in ("img", "source", "video", "audio") or name == "poster"
                out.append(_make(vs, vs + len(val), val, "href" if name == "href" else "src", image))
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
    # mark links whose destination is itself a {% link %}/{% post_url %} (already listed as tags)
    return [l for l in out if not (l.form in ("md-link", "md-image", "md-ref", "href", "src")
                                   and l.kind in ("source", "post") and not l.doubled)]


def include_name(args: str) -> tuple[str, int] | None:
    a = args.lstrip()
    if not a or a.startswith(("{{", "'", '"')):
        return None
    m = re.match(r"[^\s]+", a)
    if not m:
        return None
    name = m.group(0)
    if "{{" in name or "=" in name:
        return None
    return name, len(args) - len(a)


def _include_links(t) -> list[Link]:
    got = include_name(t.args)
    if got is None:
        return []
    name, lead = got
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    if stem not in MEDIA_INCLUDES:
        return []
    out = []
    rest_off = t.args_start + lead + len(name)
    rest = t.args[lead + len(name):]
    for m in _PARAM.finditer(rest):
        key = m.group(1)
        if key not in ("path", "url", "src"):
            continue
        if m.group(4) is not None:
            continue  # a variable: not static
        g = 2 if m.group(2) is not None else 3
        val = m.group(g)
        vs = rest_off + m.start(g)
        if "{{" in val or "{%" in val or not val.strip():
            continue
        if SCHEME_RE.match(val):
            out.append(Link(vs, vs + len(val), val, "include-path", "external", val, image=True))
            continue
        p, frag = _split_frag(val)
        out.append(Link(vs, vs + len(val), val, "include-path", "site", "/" + unquote(p).lstrip("/"), frag,
                        image=stem in ("figure", "image")))
    return out
