"""What the site's own templates read: ``page.X``, ``layout.X``, ``include.X`` and ``site.X`` paths.

On a v0.x site the files in ``_layouts/`` and ``_includes/`` are the site's own copies of al-folio,
frozen at the version it was copied from (or customised). A front-matter key is live when those
templates read it, whatever the current al-folio schema says (issue 4 §3). This module extracts
the key paths statically from the Liquid text:

* ``{{ page.profile.image_circular }}``, ``{% if page.news %}``, ``page["toc"]`` → ``profile.image_circular``, ``news``, ``toc``;
* loop and assign aliases: ``{% for p in page.profiles %} … {{ p.align }}`` → ``profiles.align``
  (list indexes are dropped: front-matter paths are compared without them);
* ``include.path`` per include file; ``layout.X`` per layout file; ``site.X`` for ``_config.yml``;
* the ``layout:`` each layout file names in its own front matter (its parent).

Pure functions over the ``SourceFile``s that discovery stored in ``site.sources``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_IDENT = r"[A-Za-z_][\w-]*"
_PATH = rf"{_IDENT}(?:\.{_IDENT}|\[['\"][^'\"\]]+['\"]\])*"
_ROOT_RE = re.compile(rf"(?<![\w.])(page|layout|include|site)(?:\.({_PATH})|\[['\"]([^'\"\]]+)['\"]\](?:\.({_PATH}))?)")
_ALIAS_RE = re.compile(rf"{{%-?\s*(?:for\s+({_IDENT})\s+in|assign\s+({_IDENT})\s*=)\s+(page|site|include)\.({_PATH})")
_LAYOUT_FM_RE = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?layout:[ \t]*['\"]?([\w./-]+)['\"]?", re.S)
# keys named as filter arguments: `site.pages | sort: "order"`, `where: "featured", "true"`, `group_by: "year"`
_FILTER_KEY_RE = re.compile(r"\|\s*(?:sort|sort_natural|where|where_exp|group_by|map|find)\s*:\s*['\"]([A-Za-z_][\w-]*)['\"]")
_BRACKET_RE = re.compile(r"\[['\"]([^'\"\]]+)['\"]\]")
# attribute names that are Liquid/Jekyll methods on arrays/strings, not front-matter keys
_METHODS = {"size", "first", "last"}


def _norm(path: str) -> str:
    path = _BRACKET_RE.sub(lambda m: "." + m.group(1), path)
    parts = [p for p in path.split(".") if p and p not in _METHODS]
    return ".".join(parts)


@dataclass(slots=True)
class TemplateKeys:
    page: set[str] = field(default_factory=set)  # dotted paths read as page.X (all templates)
    site: set[str] = field(default_factory=set)  # dotted paths read as site.X
    layout: dict[str, set[str]] = field(default_factory=dict)  # layout name -> layout.X paths
    include: dict[str, set[str]] = field(default_factory=dict)  # include path -> include.X params
    parents: dict[str, str] = field(default_factory=dict)  # layout name -> the layout it names
    objects: set[str] = field(default_factory=set)  # keys read from loop variables (`project.img`, `post.thumbnail`)
    page_objects: set[str] = field(default_factory=set)  # keys read from variables over `site.pages` (`p.nav_link`)
    words: set[str] = field(default_factory=set)  # words inside quoted strings of the templates ('finished,reading', == "left")
    looped: set[str] = field(default_factory=set)  # page paths a `{% for %}` of an include runs over (`authors.affiliations`)
    layout_looped: dict[str, set[str]] = field(default_factory=dict)  # layout name -> page paths its loops run over
    files: int = 0  # template files read

    @property
    def present(self) -> bool:
        return self.files > 0

    def reads_page(self, path: str) -> bool:
        """Do the templates read ``page.<path>`` or anything below it?"""
        if path in self.page:
            return True
        pre = path + "."
        return any(p.startswith(pre) for p in self.page)

    def page_children(self, path: str) -> set[str] | None:
        """Keys read directly below ``page.<path>``; None when only ``page.<path>`` itself is read."""
        pre = path + "."
        kids = {p[len(pre):].split(".", 1)[0] for p in self.page if p.startswith(pre)}
        return kids or None

    def reads_object(self, path: str) -> bool:
        """Is ``<var>.<path>`` (or below it) read from some loop variable?"""
        if path in self.objects:
            return True
        pre = path + "."
        return any(p.startswith(pre) for p in self.objects)

    def reads_page_object(self, path: str) -> bool:
        """Is ``<var>.<path>`` read from a variable that runs over ``site.pages``?"""
        if path in self.page_objects:
            return True
        pre = path + "."
        return any(p.startswith(pre) for p in self.page_objects)

    def loops_over(self, path: str, layout: str | None) -> bool:
        """Does a `{% for x in page.<path> %}` (or over a loop variable's `<path>`) run over it, in
        ``layout``, the layouts it names, or an include?"""
        if path in self.looped:
            return True
        seen: set[str] = set()
        while layout and layout not in seen:
            seen.add(layout)
            if path in self.layout_looped.get(layout, ()):
                return True
            layout = self.parents.get(layout)
        return False

    def reads_site(self, path: str) -> bool:
        if path in self.site:
            return True
        pre = path + "."
        return any(p.startswith(pre) for p in self.site)


_OBJ_RE = re.compile(rf"(?<![\w.])({_IDENT})\.({_PATH})")
_NOT_OBJECTS = {"page", "site", "include", "layout", "forloop", "paginator", "jekyll", "content", "tablerowloop", "include_cached"}


def object_keys(text: str) -> set[str]:
    """Paths read from other variables (loop variables over collections: ``project.img``)."""
    out = {m.group(1) for m in _FILTER_KEY_RE.finditer(text)}
    for m in _OBJ_RE.finditer(text):
        if m.group(1) in _NOT_OBJECTS or m.group(1)[0].isdigit():
            continue
        p = _norm(m.group(2))
        if p:
            out.add(p)
    return out


_VAR_SRC_RE = re.compile(rf"{{%-?\s*(?:for\s+({_IDENT})\s+in|assign\s+({_IDENT})\s*=)\s*\(?\s*({_IDENT})(?:\.({_IDENT}))?")


def pages_object_keys(text: str) -> set[str]:
    """Keys read from variables that run over the site's pages.

    ``{% assign sorted_pages = site.pages | sort: "nav_order" %}{% for p in sorted_pages %}{{ p.nav_link }}``
    → ``nav_link``. Variables are followed through ``assign``/``for`` in the order they appear.
    """
    if "pages" not in text:
        return set()
    over_pages: set[str] = set()
    for m in _VAR_SRC_RE.finditer(text):
        var = m.group(1) or m.group(2)
        root, attr = m.group(3), m.group(4)
        if (root == "site" and attr in ("pages", "html_pages")) or (root in over_pages and attr is None):
            over_pages.add(var)
        else:
            over_pages.discard(var)
    out: set[str] = set()
    for var in over_pages:
        for am in re.finditer(rf"(?<![\w.]){re.escape(var)}\.({_PATH})", text):
            sub = _norm(am.group(1))
            if sub:
                out.add(sub)
    return out


_FOR_RE = re.compile(rf"{{%-?\s*(?:for\s+({_IDENT})\s+in|assign\s+({_IDENT})\s*=)\s*\(?\s*({_IDENT})((?:\.{_IDENT}|\[['\"][^'\"\]]+['\"]\])*)")


def _loops(text: str, out: dict[str, set[str]]) -> None:
    """Page paths loops run over, followed through loop variables in the order they appear:
    ``{% for author in page.authors %}{% for aff in author.affiliations %}{{ aff.name }}`` → loops over
    ``authors`` and ``authors.affiliations``, and reads ``authors.affiliations.name``."""
    if "for" not in text:
        return
    bases: dict[str, str] = {}
    for m in _FOR_RE.finditer(text):
        var, root, rest = m.group(1) or m.group(2), m.group(3), _norm(m.group(4) or "")
        if root == "page":
            base = rest
        elif root in bases and rest:
            base = f"{bases[root]}.{rest}"
        else:
            bases.pop(var, None)
            continue
        if not base:
            continue
        bases[var] = base
        if m.group(1):
            out["looped"].add(base)
        if root != "page":  # (page-rooted aliases are followed by extract itself)
            for am in re.finditer(rf"(?<![\w.]){re.escape(var)}\.({_PATH})", text):
                sub = _norm(am.group(1))
                if sub:
                    out["page"].add(f"{base}.{sub}")


def extract(text: str) -> dict[str, set[str]]:
    """``{"page": {...}, "site": {...}, "layout": {...}, "include": {...}, "looped": {...}}`` paths read by one template text."""
    out: dict[str, set[str]] = {"page": set(), "site": set(), "layout": set(), "include": set(), "looped": set()}
    for m in _ROOT_RE.finditer(text):
        root = m.group(1)
        if m.group(2):
            p = _norm(m.group(2))
        else:
            p = m.group(3) + ("." + _norm(m.group(4)) if m.group(4) else "")
        if p:
            out[root].add(p)
    for m in _FILTER_KEY_RE.finditer(text):
        out["page"].add(m.group(1))  # pages and documents are sorted/filtered by it
    for m in _ALIAS_RE.finditer(text):
        var = m.group(1) or m.group(2)
        root, base = m.group(3), _norm(m.group(4))
        if not base or var in ("page", "site", "include", "layout"):
            continue
        for am in re.finditer(rf"(?<![\w.]){re.escape(var)}\.({_PATH})", text):
            sub = _norm(am.group(1))
            if sub:
                out[root].add(f"{base}.{sub}")
    _loops(text, out)
    return out


def layout_parent(text: str) -> str | None:
    m = _LAYOUT_FM_RE.match(text)
    if not m:
        return None
    name = m.group(1)
    return name.rsplit(".", 1)[0] if name.endswith((".html", ".liquid")) else name


def template_keys(site) -> TemplateKeys:
    """Collect the keys read by every layout and include the site carries (``site.sources``)."""
    tk = TemplateKeys()

    def read(path):
        src = site.sources.get(path)
        if src is None or src.error:
            return None, None
        tk.files += 1
        got = extract(src.text)
        tk.page |= got["page"]
        tk.site |= got["site"]
        tk.objects |= object_keys(src.text)
        tk.page_objects |= pages_object_keys(src.text)
        for q in _QUOTED_RE.finditer(_FILTER_KEY_RE.sub("|", src.text)):  # `sort: "finished"` names a key
            tk.words |= set(_VALUE_WORD_RE.findall(q.group(1)))
        return src, got

    for name, path in sorted(site.layouts.items()):
        src, got = read(path)
        if src is None:
            continue
        tk.layout[name] = got["layout"]
        tk.layout_looped[name] = got["looped"]
        parent = layout_parent(src.text)
        if parent:
            tk.parents[name] = parent
    for inc, path in sorted(site.includes.items()):
        src, got = read(path)
        if src is not None:
            tk.include[inc] = got["include"]
            tk.looped |= got["looped"]
    objs, page_objs, site_paths = page_loop_keys(site)
    tk.objects |= objs
    tk.page_objects |= page_objs
    tk.site |= site_paths
    return tk


_VALUE_WORD_RE = re.compile(r"(?<![\w.-])[A-Za-z][\w-]*(?![\w.-])")  # `b.finished` is a key, not a value
_QUOTED_RE = re.compile(r"""(?:==|!=|contains|:|=|,|\bwhen)\s*['"]([^'"\n]{1,400})['"]""")
_LIQUID_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_MAX_LOOP_PAGES = 2000  # pages whose Liquid loops are read (a listing page is one of a few, not one of 100k posts)


def page_loop_keys(site) -> tuple[set[str], set[str], set[str]]:
    """Keys read from loop variables, and ``site.X`` settings read, in the Liquid of the site's own
    pages (not collection documents).

    A page such as ``_pages/datasets.md`` that loops ``{% for dataset in site.datasets %}`` and prints
    ``{{ dataset.download_link }}`` makes ``download_link`` a live key of those documents, exactly like
    a layout would. Only the ``{{ }}``/``{% %}`` parts are read: prose such as ``example.com`` is not.
    """
    out: set[str] = set()
    over_pages: set[str] = set()
    site_paths: set[str] = set()
    n = 0
    for doc in site.documents.values():
        if doc.collection is not None or doc.source.error:
            continue  # listing pages are pages; collection documents (100k posts) are not read
        pag = doc.own.get("pagination") if isinstance(doc.own, dict) else None
        if isinstance(pag, dict):  # jekyll-paginate-v2 sorts the listed documents by this key
            sf = pag.get("sort_field")
            if isinstance(sf, str) and sf.strip():
                out.add(sf.strip())
        got = _page_loop_keys_of(doc.path, doc.source.text, doc.body_start)
        if got is None:
            continue
        n += 1
        if n > _MAX_LOOP_PAGES:
            break
        objs, pages, sites = got
        out |= objs
        over_pages |= pages
        site_paths |= sites
    return out, over_pages, site_paths


# One page's contribution, remembered per path with the text it was computed from: the editor
# server re-lints after every keystroke, and the site's other pages have not changed then.
_LOOP_KEYS_MEMO: dict[str, tuple[str, int, tuple | None]] = {}
_LOOP_KEYS_MEMO_MAX = 20_000


def _page_loop_keys_of(path: str, text: str, body_start: int):
    hit = _LOOP_KEYS_MEMO.get(path)
    if hit is not None and hit[1] == body_start and (hit[0] is text or hit[0] == text):
        return hit[2]
    got = None
    if ("{%" in text or "{{" in text) and ("site." in text or " in " in text):
        liquid = " ".join(m.group(0) for m in _LIQUID_RE.finditer(text, body_start))
        sites = extract(liquid)["site"] if "site." in liquid else set()  # `{% if site.enable_people_categories %}`
        if re.search(r"\{%-?\s*for\s", liquid):
            got = (frozenset(object_keys(liquid)), frozenset(pages_object_keys(liquid)), frozenset(sites))
        else:
            got = (frozenset(), frozenset(), frozenset(sites))
    if len(_LOOP_KEYS_MEMO) >= _LOOP_KEYS_MEMO_MAX:
        _LOOP_KEYS_MEMO.clear()
    _LOOP_KEYS_MEMO[path] = (text, body_start, got)
    return got


_BODY_PAGE_RE = re.compile(rf"(?<![\w.])page\.({_PATH})")


def body_page_keys(text: str) -> set[str]:
    """``page.X`` paths a page's own body reads (its Liquid), plus aliases of them."""
    if "page." not in text:
        return set()
    return extract(text)["page"]
