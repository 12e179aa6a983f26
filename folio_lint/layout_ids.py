"""The element ids a page's layout chain writes around its body (for fragment checks, rule FL304).

Only for layouts whose files are in the site (``_layouts/``, v0.x sites and forks): the layout,
its parents (``layout:`` in a layout's front matter) and every include they pull in are read as
Liquid templates. Branches of ``{% if %}``/``{% unless %}`` are followed when the condition can be
decided from the page's own data (``page.x`` that the page does not set is nil) or from
``_config.yml`` (``site.x`` it sets); otherwise every branch counts. The result is

* ``ids``: every id written literally (``id="news"``, ``name="x"``), in any branch that may render;
* ``complete``: False as soon as a part that may render could write ids folio-lint cannot see:
  an ``id=`` holding Liquid, an include whose name is computed or whose file is not in the site,
  ``include_relative``, an unknown tag (a plugin's: ``bibliography``, ``details``, …), another
  document's ``.content`` or ``markdownify`` output, inline JavaScript that sets ids, or a script
  known to generate them (bootstrap-toc, tocbot, anchor.js).

Pure: reads only ``site.sources`` (the layout and include texts discovery already read).
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?(.*?)-?\}\}", re.S)
_ID_ATTR = re.compile(r"""<[a-zA-Z][\w:-]*\b((?:[^<>"']|"[^"]*"|'[^']*')*)>""", re.S)
_ID_IN_ATTRS = re.compile(r"""(?:^|\s)(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_JS_SETS_ID = re.compile(r"""\.id\s*=[^=]|setAttribute\(\s*['"]id['"]|\bid\s*:\s*[^,}\s]""")
_ID_SCRIPTS = re.compile(r"bootstrap-toc|tocbot|anchor(?:\.min)?\.js|anchor-js", re.I)
# tags that write no element of their own (their output is text, a URL or nothing)
_QUIET_TAGS = {"assign", "increment", "decrement", "cycle", "break", "continue", "link", "post_url", "seo",
               "feed_meta", "cite", "file_exists"}
_UNSAFE = re.compile(r"[<>\"'\s]")
_MARK = "\x00"  # stands for a Liquid token in the rendered text: an id holding one is computed
_BLOCKS = {"if": "endif", "unless": "endunless", "case": "endcase", "for": "endfor", "tablerow": "endtablerow",
           "capture": "endcapture"}
# page variables Jekyll or plugins compute: their absence from the front matter says nothing
_COMPUTED_PAGE = {"url", "date", "id", "categories", "tags", "title", "slug", "ext", "name", "path", "dir", "excerpt",
                  "collection", "content", "next", "previous", "output", "relative_path", "layout", "permalink",
                  "draft", "autogen", "type", "paginator", "related_posts"}


class _Result:
    __slots__ = ("ids", "complete", "body", "why", "used")

    def __init__(self):
        self.ids: set[str] = set()
        self.complete = True
        self.body = False  # `{{ content }}` was seen
        self.why: str | None = None  # what made it incomplete first
        self.used: set[str] = set()  # the page keys conditions read (the result depends on these only)

    def unknown(self, why: str) -> None:
        if self.complete:
            self.complete, self.why = False, why


def _lookup(expr: str, page: dict, site_cfg: dict, used: set[str]) -> Any:
    """Value of `page.a.b` / `site.a` (three-valued: a value, or ``_UNKNOWN``)."""
    parts = expr.split(".")
    if len(parts) < 2 or not all(re.fullmatch(r"[\w-]+", p) for p in parts):
        return _UNKNOWN
    root, first = parts[0], parts[1]
    if root == "page":
        used.add(first)
        if first not in page:
            return _UNKNOWN if first in _COMPUTED_PAGE else None
        v: Any = page[first]
    elif root == "site":
        if first not in site_cfg:
            return _UNKNOWN
        v = site_cfg[first]
    else:
        return _UNKNOWN
    for p in parts[2:]:
        if isinstance(v, dict):
            v = v.get(p)
        else:
            return None if v is None or isinstance(v, (bool, int, float, str)) else _UNKNOWN
    return v


class _Unknown:
    pass


_UNKNOWN = _Unknown()


def _truth(expr: str, page: dict, site_cfg: dict, used: set[str]) -> bool | None:
    """Liquid truth of a condition, or None when it cannot be decided statically."""
    toks = re.split(r"\s+(and|or)\s+", expr.strip())
    vals: list[bool | None] = []
    ops: list[str] = []
    for i, t in enumerate(toks):
        if i % 2:
            ops.append(t)
            continue
        t = t.strip()
        if re.search(r"==|!=|<>|<|>|\bcontains\b", t) or not t:
            vals.append(None)
            continue
        if t in ("true", "false", "nil", "null", "empty", "blank"):
            vals.append(t == "true")
            continue
        v = _lookup(t, page, site_cfg, used)
        vals.append(None if v is _UNKNOWN else (v is not None and v is not False))
    # Liquid evaluates and/or from the right, without precedence
    acc = vals[-1]
    for op, v in zip(reversed(ops), reversed(vals[:-1])):
        if op == "and":
            acc = False if (v is False or acc is False) else (True if (v and acc) else None)
        else:
            acc = True if (v is True or acc is True) else (False if (v is False and acc is False) else None)
    return acc


def _scan(text: str, site, page: dict, res: _Result, seen: tuple[str, ...], depth: int = 0) -> None:
    if depth > 20:
        res.unknown("includes nested too deep")
        return
    cfg = site.config.data
    # frames: [block name, parent active, definitely taken, active]
    stack: list[list] = []
    active = True
    pos = 0
    chunks: list[str] = []  # text that renders (for ids and scripts)
    skip_until: str | None = None  # raw/comment/highlight
    for m in _TOKEN.finditer(text):
        name = m.group(1)
        if skip_until is not None:
            if name == skip_until:
                if name == "endraw" and active:
                    chunks.append(text[pos:m.start()])  # {% raw %} text is written as it is
                skip_until = None
                pos = m.end()
            continue
        if active:
            chunks.append(text[pos:m.start()])
            # an output keeps its words (a script's `src="{{ '/assets/js/bootstrap-toc.min.js' | … }}"`)
            chunks.append(_MARK + _UNSAFE.sub("", m.group(3) or "") + _MARK if name is None else _MARK)
        pos = m.end()
        if name is None:  # {{ output }}
            if not active:
                continue
            expr = (m.group(3) or "").strip()
            if expr == "content" or re.fullmatch(r"content\s*(\|.*)?", expr, re.S):
                res.body = True
            elif "markdownify" in expr or re.search(r"\.content\b", expr):
                res.unknown(f"`{{{{ {expr} }}}}` renders other content")
            continue
        args = m.group(2) or ""
        if name in ("raw", "comment", "highlight"):
            skip_until = "end" + name  # comment and highlight (escaped code) write no element
            continue
        if name in ("if", "unless"):
            v = _truth(args, page, cfg, res.used)
            if name == "unless" and v is not None:
                v = not v
            on = active and v is not False
            stack.append([name, active, v is True, on])
            active = on
        elif name == "elsif":
            if stack and stack[-1][0] == "if":
                f = stack[-1]
                v = None if f[2] else _truth(args, page, cfg, res.used)
                on = f[1] and not f[2] and v is not False
                f[2] = f[2] or v is True
                f[3] = on
                active = on
        elif name == "else":
            if stack:
                f = stack[-1]
                on = f[1] and not f[2] if f[0] in ("if", "unless") else f[1]
                f[3] = on
                active = on
        elif name == "when":
            if stack:
                active = stack[-1][1]
        elif name in _BLOCKS:
            stack.append([name, active, False, active])
        elif name.startswith("end") and name[3:] in _BLOCKS:
            while stack:
                f = stack.pop()
                if f[0] == name[3:]:
                    active = f[1]
                    break
        elif not active:
            continue
        elif name == "include":
            a = args.strip()
            inc = re.match(r"[\w./-]+", a)
            if not inc or a.startswith(("{{", "'", '"')) or "{{" in inc.group(0):
                res.unknown(f"`{{% include {a[:40]} %}}`: a computed name")
                continue
            p = site.includes.get(inc.group(0))
            src = site.sources.get(p) if p else None
            if src is None or p in seen:
                res.unknown(f"`{{% include {inc.group(0)} %}}` is not a file of the site, or includes itself")
                continue
            _scan(src.text, site, page, res, seen + (p,), depth + 1)
        elif name in _QUIET_TAGS:
            continue
        else:
            res.unknown(f"`{{% {name} %}}` writes what folio-lint cannot see")  # include_relative, bibliography, ...
    if active and skip_until is None:
        chunks.append(text[pos:])
    html = "".join(chunks)
    for t in _ID_ATTR.finditer(html):
        for a in _ID_IN_ATTRS.finditer(t.group(1)):
            v = a.group(1) if a.group(1) is not None else (a.group(2) if a.group(2) is not None else a.group(3))
            if v and _MARK in v:
                res.unknown(f"a computed id (`id=\"{v.replace(_MARK, '')[:40]}\"`)")
            elif v:
                res.ids.add(v)
    for s in _SCRIPT.finditer(html):
        if _ID_SCRIPTS.search(s.group(1)) or _JS_SETS_ID.search(s.group(2)):
            res.unknown("a script that adds ids")


def _strip_front_matter(text: str) -> tuple[str, str | None]:
    """(template, parent layout name) of a layout file."""
    m = re.match(r"---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", text, re.S | re.M)
    if not m:
        return text, None
    parent = re.search(r"^layout:\s*['\"]?([^'\"\s#]+)", m.group(1), re.M)
    return text[m.end():], parent.group(1) if parent else None


def layout_ids(site, layout: str | None, page: dict) -> tuple[set[str], bool] | None:
    """(ids, complete) the layout chain of ``layout`` writes around a page with data ``page``;
    None when a layout of the chain is not a file of the site (a theme gem's: unknown)."""
    got = explain(site, layout, page)
    return None if got is None else (got.ids, got.complete)


def _sig(page: dict, keys) -> tuple:
    return tuple(repr(page.get(k, _UNKNOWN)) if k in page else "\x00absent" for k in keys)


def explain(site, layout: str | None, page: dict) -> _Result | None:
    """:func:`layout_ids` with the reason a chain is incomplete (``why``). Results are kept per
    layout and per values of the page keys its conditions read (most pages share them)."""
    memo = site.extras.setdefault("layout-ids", {})
    for keys, sig, res in memo.get(layout, ()):
        if _sig(page, keys) == sig:
            return res
    res = _Result()
    seen: list[str] = []
    name = layout
    while name and name not in ("none", "null"):
        p = site.layouts.get(name)
        src = site.sources.get(p) if p else None
        if src is None or p in seen:
            res = None
            break
        seen.append(p)
        body, parent = _strip_front_matter(src.text)
        _scan(body, site, page, res, tuple(seen))
        name = parent
    if res is not None and seen and not res.body:
        res.unknown("the layout never writes the page's content")
    keys = tuple(sorted(res.used)) if res is not None else ()
    memo.setdefault(layout, []).append((keys, _sig(page, keys), res))
    return res
