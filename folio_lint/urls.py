"""Jekyll's URL model: the output URL of every document and static file, computed from the source.

Follows Jekyll 4's ``Page#template``/``Page#url``, ``Document#url`` (``Drops::UrlDrop``
placeholders), ``Collection#url_template``, ``Utils.add_permalink_suffix``, ``URL#sanitize_url``,
``StaticFile#url`` and the ``Publisher`` (``published: false``, future-dated documents, drafts).

URLs are kept *decoded* and *without* ``baseurl``; links are decoded before they are looked up.
:func:`url_map` computes the map once per site and keeps it in ``site.extras["urls"]``; for one
edited buffer :meth:`UrlMap.patched` recomputes only that document's entry.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from .site import POST_NAME_RE, Document, SiteIndex

MARKDOWN_EXTS_DEFAULT = "markdown,mkdown,mkdn,mkd,md"
HTML_EXTS = (".html", ".xhtml", ".htm")

# Configuration::STYLE_TO_PERMALINK
STYLE_TO_PERMALINK = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_DATELESS = re.compile(r"^(?:.+/)*(.*)(\.[^./]+)$")
_DATE_RE = re.compile(
    r"^\s*(\d{2,4})-(\d{1,2})-(\d{1,2})(?:[ Tt]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?\s*$"
)


# ---------------------------------------------------------------------- slugify (Utils.slugify)
def _is_word_char(ch: str, extra: str = "") -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat == "Nd" or ch in extra


_PRETTY_KEEP = "._~!$&'()+,;=@"


_ASCII_DEFAULT = re.compile(r"[^A-Za-z0-9]+")
_ASCII_PRETTY = re.compile(r"[^A-Za-z0-9._~!$&'()+,;=@]+")


def slugify(s: Any, mode: str = "default", cased: bool = False) -> str | None:
    if s is None:
        return None
    s = str(s)
    if s.isascii() and mode in ("default", "pretty", "latin"):  # fast path, same result
        slug = (_ASCII_PRETTY if mode == "pretty" else _ASCII_DEFAULT).sub("-", s).strip("-")  # runs are single
        return slug if cased else slug.lower()
    if mode not in ("raw", "default", "pretty", "ascii", "latin"):
        return s if cased else s.lower()
    if mode == "raw":
        slug = re.sub(r"\s+", "-", s)
    elif mode == "ascii":
        slug = re.sub(r"[^A-Za-z0-9]+", "-", s)
    else:
        if mode == "latin":
            s = unicodedata.normalize("NFKD", s).encode("ascii", "replace").decode("ascii")
        keep = _PRETTY_KEEP if mode == "pretty" else ""
        out, run = [], False
        for ch in s:
            if _is_word_char(ch, keep):
                out.append(ch)
                run = False
            elif not run:
                out.append("-")
                run = True
        slug = "".join(out)
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


# ---------------------------------------------------------------------- dates
def parse_date(value: Any, tz: _dt.tzinfo) -> _dt.datetime | None:
    """A front-matter or file-name date in the site's time zone (None when not a date)."""
    if isinstance(value, _dt.datetime):
        d = value
    elif isinstance(value, _dt.date):
        d = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        n = len(value)
        if (n == 10 or n == 19 or n == 24) and value[4] == "-" and value[7] == "-" and value.isascii():
            # YYYY-MM-DD, YYYY-MM-DD HH:MM:SS and YYYY-MM-DD HH:MM:SS+HHMM, the usual cases: what
            # the pattern below reads from them, without it
            y, mo, da = value[:4], value[5:7], value[8:10]
            if n == 10:
                if y.isdigit() and mo.isdigit() and da.isdigit():
                    try:
                        return _dt.datetime(int(y), int(mo), int(da), tzinfo=tz)
                    except ValueError:
                        return None
            elif value[10] in " Tt" and value[13] == ":" and value[16] == ":" and (n == 19 or value[19] in "+-"):
                hh, mi, ss = value[11:13], value[14:16], value[17:19]
                if (y + mo + da + hh + mi + ss + value[20:]).isdigit():
                    try:
                        d = _dt.datetime(int(y), int(mo), int(da), int(hh), int(mi), int(ss), tzinfo=None if n == 24 else tz)
                    except ValueError:
                        return None
                    if n == 19:
                        return d
                    sign = -1 if value[19] == "-" else 1
                    off = _dt.timezone(sign * _dt.timedelta(hours=int(value[20:22]), minutes=int(value[22:24])))
                    return d.replace(tzinfo=off).astimezone(tz)
        m = _DATE_RE.match(value)
        if not m:
            return None
        y, mo, da, hh, mi, ss, off = m.groups()
        try:
            d = _dt.datetime(int(y), int(mo), int(da), int(hh or 0), int(mi or 0), int(ss or 0))
        except ValueError:
            return None
        if off:
            if off == "Z":
                d = d.replace(tzinfo=_dt.timezone.utc)
            else:
                sign = -1 if off[0] == "-" else 1
                digits = off[1:].replace(":", "")
                h, mn = int(digits[:2]), int(digits[2:4] or 0)
                d = d.replace(tzinfo=_dt.timezone(sign * _dt.timedelta(hours=h, minutes=mn)))
    else:
        return None
    if d.tzinfo is None:
        return d.replace(tzinfo=tz)
    return d.astimezone(tz)


def site_timezone(config_data: dict) -> _dt.tzinfo:
    name = config_data.get("timezone")
    if isinstance(name, str) and name.strip():
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(name.strip())
        except Exception:
            pass
    return _dt.timezone.utc  # CI runners (GitHub Actions) build in UTC


# ---------------------------------------------------------------------- URL helpers (Jekyll::URL)
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
_SLASHES = re.compile(r"/{2,}")


def sanitize_url(s: str) -> str:
    s = ("/" + s).replace("..", "/").replace("./", "")
    while "//" in s:  # runs of slashes become one (as _SLASHES.sub("/", s); a post without categories has one)
        s = s.replace("//", "/")
    return s


def add_permalink_suffix(template: str, style: str) -> str:
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


class UnknownPlaceholder(Exception):
    pass


class _DocDrop:
    """The placeholders of a document's permalink (``Drops::UrlDrop``), each computed only when the
    template uses it (a mapping for :func:`_fill_drop`)."""

    __slots__ = ("label", "cpath", "out_ext", "base_noext", "title_src", "cats", "date")

    _GET = {
        "collection": lambda s: s.label,
        "path": lambda s: s.cpath,
        "output_ext": lambda s: s.out_ext,
        "name": lambda s: slugify(s.base_noext) or "",
        "title": lambda s: slugify(s.title_src, "pretty", True) or "",
        "slug": lambda s: slugify(s.title_src) or "",
        "categories": lambda s: "/".join(s.cats),
        "slugified_categories": lambda s: "/".join(dict.fromkeys(slugify(c) or "" for c in s.cats)),
        "year": lambda s: f"{s.date.year:04d}",
        "month": lambda s: f"{s.date.month:02d}",
        "day": lambda s: f"{s.date.day:02d}",
        "hour": lambda s: f"{s.date.hour:02d}",
        "minute": lambda s: f"{s.date.minute:02d}",
        "second": lambda s: f"{s.date.second:02d}",
        "i_day": lambda s: str(s.date.day),
        "i_month": lambda s: str(s.date.month),
        "short_month": lambda s: s.date.strftime("%b"),
        "long_month": lambda s: s.date.strftime("%B"),
        "short_year": lambda s: s.date.strftime("%y"),
        "w_year": lambda s: s.date.strftime("%G"),
        "week": lambda s: s.date.strftime("%V"),
        "w_day": lambda s: s.date.strftime("%u"),
        "short_day": lambda s: s.date.strftime("%a"),
        "long_day": lambda s: s.date.strftime("%A"),
        "y_day": lambda s: s.date.strftime("%j"),
    }

    def __init__(self, label, cpath, out_ext, base_noext, title_src, cats, date):
        self.label, self.cpath, self.out_ext, self.base_noext = label, cpath, out_ext, base_noext
        self.title_src, self.cats, self.date = title_src, cats, date

    def __contains__(self, key) -> bool:
        return key in self._GET

    def __getitem__(self, key) -> str:
        return self._GET[key](self)


def _fill_drop(template: str, values: dict[str, str]) -> str:
    def sub(m):
        name = m.group(1)
        pool = [name, name.rstrip("_")] if name.endswith("_") else [name]
        for k in pool:
            if k in values:
                v = values[k]
                v = v() if callable(v) else v
                return (v or "") + m.group(0)[len(k) + 1:]
        raise UnknownPlaceholder(name)

    return _PLACEHOLDER.sub(sub, template)


_PLANS: dict[str, tuple] = {}


def _drop_plan(template: str) -> tuple:
    """``template`` as (literal, getter, literal, getter, ..., literal), for :func:`_fill_plan`.

    Which placeholder each ``:name`` stands for depends only on the template (``:title_`` is
    ``:title`` then ``_``: the names :class:`_DocDrop` knows are fixed), so the regular expression
    and the choice run once per template, not once per document. An unknown placeholder is kept
    as its name and raises when the plan is filled, as :func:`_fill_drop` does."""
    got = _PLANS.get(template)
    if got is None:
        if len(_PLANS) > 4096:  # documents' own permalinks (a long editor session)
            _PLANS.clear()
        known = _DocDrop._GET
        plan: list = [""]
        pos = 0
        for m in _PLACEHOLDER.finditer(template):
            plan[-1] += template[pos:m.start()]
            name = m.group(1)
            pool = [name, name.rstrip("_")] if name.endswith("_") else [name]
            k = next((k for k in pool if k in known), None)
            if k is None:
                plan += [name, ""]  # unknown: raised when filled
            else:
                plan += [known[k], m.group(0)[len(k) + 1:]]
            pos = m.end()
        plan[-1] += template[pos:]
        got = _PLANS[template] = tuple(plan)
    return got


def _fill_plan(plan: tuple, drop: "_DocDrop") -> str:
    """:func:`_fill_drop` of the template ``plan`` was made from, with ``drop``'s values."""
    if len(plan) == 1:
        return plan[0]
    out = [plan[0]]
    i = 1
    n = len(plan)
    while i < n:
        get = plan[i]
        if isinstance(get, str):  # an unknown placeholder
            raise UnknownPlaceholder(get)
        out.append(get(drop) or "")
        out.append(plan[i + 1])
        i += 2
    return "".join(out)


def _fill_hash(template: str, values: list[tuple[str, str | None]]) -> str:
    r = template
    for k, v in values:
        if ":" not in r:
            break
        r = r.replace("/:" + k, "") if v is None else r.replace(":" + k, v)
    return r


def output_file(url: str, output_ext: str) -> str:
    """The file Jekyll writes for a URL, site-relative without a leading slash."""
    p = url
    if p.endswith("/"):
        p += "index.html" if output_ext in HTML_EXTS or not output_ext else "index" + output_ext
    elif output_ext and not p.endswith(output_ext):
        p += output_ext
    return p.lstrip("/")


# ---------------------------------------------------------------------- the map
@dataclass(slots=True)
class UrlEntry:
    path: str  # source path ("" for synthetic entries)
    url: str  # decoded, without baseurl
    output: str  # file written under _site/ (no leading slash)
    kind: str  # "page", "post", "draft", "document", "static", "redirect"
    published: bool = True
    reason: str | None = None  # why it is not published / why the URL is uncertain
    certain: bool = True  # False: the URL could not be computed exactly (do not report links to it)


@dataclass
class UrlMap:
    site_root: str
    entries: dict[str, UrlEntry] = field(default_factory=dict)  # source path -> entry (documents)
    statics: dict[str, UrlEntry] = field(default_factory=dict)  # source path -> entry (static files)
    redirects: list[UrlEntry] = field(default_factory=list)  # redirect_from pages
    by_output: dict[str, list[UrlEntry]] = field(default_factory=dict)  # output file -> published entries
    unpublished: dict[str, UrlEntry] = field(default_factory=dict)  # output file -> an unpublished entry
    uncertain_prefixes: tuple[str, ...] = ()  # URL prefixes plugins generate (scholar details, pagination, ...)
    uncertain_patterns: tuple[re.Pattern, ...] = ()  # URLs jekyll-archives writes (/blog/:year/, /blog/tag/:name/)
    posts_by_ref: dict[str, str] = field(default_factory=dict)  # "2020-01-01-slug" (and "sub/…") -> path

    def _index(self):
        self.by_output = {}
        self.unpublished = {}
        for e in list(self.entries.values()) + list(self.statics.values()) + self.redirects:
            if e.published:
                self.by_output.setdefault(e.output, []).append(e)
            else:
                self.unpublished.setdefault(e.output, e)

    # ------------------------------------------------------------------ lookups
    @staticmethod
    def candidates(url: str) -> list[str]:
        """Output files that serve a URL path (GitHub Pages' rules: index.html, .html)."""
        p = unquote(url).lstrip("/")
        if p == "" or p.endswith("/"):
            # "/about/" for "about.html" works on hosts with pretty URLs (Netlify, Cloudflare Pages):
            # not reported (precision first)
            return [p + "index.html", p + "index.htm"] + ([p[:-1] + ".html"] if p else [])
        return [p, p + ".html", p + "/index.html"]

    def resolve(self, url: str) -> list[UrlEntry]:
        for c in self.candidates(url):
            got = self.by_output.get(c)
            if got:
                return got
        return []

    def resolve_unpublished(self, url: str) -> UrlEntry | None:
        for c in self.candidates(url):
            got = self.unpublished.get(c)
            if got:
                return got
        return None

    def is_uncertain(self, url: str) -> bool:
        u = "/" + unquote(url).lstrip("/")
        return any(u.startswith(p) for p in self.uncertain_prefixes) or any(p.match(u) for p in self.uncertain_patterns)

    def all_urls(self) -> list[str]:
        out = []
        for es in self.by_output.values():
            for e in es:
                out.append(e.url)
        return out

    def patched(self, site: SiteIndex, doc: Document, settings=None) -> "UrlMap":
        new = UrlMap(self.site_root, dict(self.entries), self.statics, list(self.redirects),
                     uncertain_prefixes=self.uncertain_prefixes, uncertain_patterns=self.uncertain_patterns,
                     posts_by_ref=self.posts_by_ref)
        ctx = _Ctx(site, settings)
        new.entries[doc.path] = document_entry(doc, ctx)
        new.redirects = [r for r in new.redirects if r.path != doc.path] + _redirect_entries(doc, new.entries[doc.path])
        new._index()
        return new


_MISSING = object()


class _Ctx:
    def __init__(self, site: SiteIndex, settings=None):
        cfg = site.config.data
        self.site = site
        p = cfg.get("permalink", "date")
        self.style = str(p) if p is not None else "date"
        self.tz = site_timezone(cfg)
        self.now = _dt.datetime.now(self.tz)
        md = cfg.get("markdown_ext")
        self.md_exts = {"." + e.strip().lower() for e in (md if isinstance(md, str) else MARKDOWN_EXTS_DEFAULT).split(",")}
        self.future = cfg.get("future") is True
        self.unpublished = cfg.get("unpublished") is True
        self.drafts = bool(getattr(settings, "drafts", False)) or cfg.get("show_drafts") is True
        self.cat_defaults = any("categories" in values for _i, _s, values in site.config.defaults())
        self.collections_dir = site.config.collections_path  # (Document#relative_path: below site.collections_path)
        self.dates: dict[str, _dt.datetime | None] = {}  # parse_date of strings (file-name dates repeat)

    def date(self, value: Any) -> _dt.datetime | None:
        """:func:`parse_date` in the site's zone, once per distinct string."""
        if type(value) is not str:
            return parse_date(value, self.tz)
        got = self.dates.get(value, _MISSING)
        if got is _MISSING:
            got = self.dates[value] = parse_date(value, self.tz)
        return got

    def output_ext(self, ext: str, permalink: Any) -> str:
        if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
            pe = posixpath.splitext(permalink)[1]
            if pe:
                return pe
        e = ext.lower()
        if e in self.md_exts:
            return ".html"
        if e in (".scss", ".sass"):
            return ".css"
        return ext


def _ext(name: str) -> str:
    """``posixpath.splitext(name)[1]`` of a file name (no `/`): the last `.` suffix, unless only dots precede it."""
    i = name.rfind(".")
    return name[i:] if i > 0 and name[:i].strip(".") else ""


def page_url(doc: Document, ctx: _Ctx) -> tuple[str, str, bool]:
    """(url, output_ext, certain) of a page (Jekyll::Page)."""
    path = doc.path
    d, name = posixpath.split(path)
    ext = posixpath.splitext(name)[1]
    basename = (name[: len(name) - len(ext)] if ext else name).rstrip(".")
    data = doc.data
    permalink = data.get("permalink")
    certain = True
    if permalink is not None and not isinstance(permalink, str):
        certain = False
        permalink = None
    out_ext = ctx.output_ext(ext, permalink)
    if out_ext not in HTML_EXTS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = add_permalink_suffix("/:path/:basename", ctx.style)
    t = permalink if permalink else template
    url = sanitize_url(_fill_hash(t, [("path", d), ("basename", basename), ("output_ext", out_ext)]))
    return url, out_ext, certain


def draft_date(doc: Document, cfg: dict, tz: _dt.tzinfo) -> _dt.datetime | None:
    """The date Jekyll gives a draft without a date (``Document#date``: the file's modification time,
    in the site's ``timezone``), or None when it cannot be known: no time on record (an editor
    buffer), or no ``timezone:`` and a day that differs between UTC and this machine's zone (the
    building machine's zone decides)."""
    mt = getattr(doc.source, "mtime", None)
    if mt is None:
        return None
    try:
        d = _dt.datetime.fromtimestamp(mt, tz)
        if not (isinstance(cfg.get("timezone"), str) and cfg["timezone"].strip()):
            if _dt.datetime.fromtimestamp(mt).date() != d.date():
                return None
    except (OverflowError, OSError, ValueError):
        return None
    return d


def document_url(doc: Document, ctx: _Ctx) -> tuple[str, str, bool, _dt.datetime | None]:
    """(url, output_ext, certain, date) of a collection document or post (Jekyll::Document)."""
    site = ctx.site
    coll = site.collections.get(doc.collection or "")
    data = doc.data
    fm = doc.fm
    read_ok = fm is None or not fm.yaml.problems or fm.ok  # (most pages have no problem at all)
    path = doc.path
    name = path[path.rfind("/") + 1:]  # posixpath.basename
    ext = _ext(name)
    base_noext = name[: len(name) - len(ext)] if ext else name
    cdir = ctx.collections_dir
    rel = path[len(cdir) + 1:] if cdir and path.startswith(cdir + "/") else path
    label = doc.collection or "posts"
    reldir = "_" + label
    certain = True
    # populate_title (read_post_data): only when the front matter was read
    slug = data.get("slug") if read_ok else None
    date = None
    fm_date = data.get("date") if read_ok else None
    if fm_date is not None:
        date = ctx.date(fm_date)
    if read_ok:
        m = POST_NAME_RE.match(rel)
        if m:
            if date is None:
                date = ctx.date(m.group(1))
            fslug = m.group(2)
        else:
            m2 = _DATELESS.match(rel)
            fslug = m2.group(1) if m2 else base_noext
        fslug = (fslug).rstrip(".")
        if slug is None:
            slug = fslug
    if date is None:
        date = ctx.now
        if doc.kind == "draft":
            date = draft_date(doc, ctx.site.config.data, ctx.tz)
            if date is None:
                certain, date = False, ctx.now
    # categories: path superdirs (posts only) then front matter
    cats: list[str] = []
    if label == "posts" and read_ok:
        special = "_drafts" if doc.kind == "draft" else "_posts"
        if not rel.startswith(special):
            i = rel.find("/" + special)
            if i > 0:
                cats = [c for c in rel[:i].split("/") if c and c != special]
    if read_ok and ctx.cat_defaults and "categories" in doc.own:
        # Jekyll's merge_categories!: own categories are added to a defaults list, not replacing it
        from .site import defaults_for

        dv = defaults_for(site.config, doc.path, doc.type)[0].get("categories")
        if isinstance(dv, list):
            cats.extend(str(x) for x in dv if x is not None)
    if read_ok:
        for key in ("categories", "category"):
            v = data.get(key)
            if isinstance(v, str):
                cats.extend(v.split())
            elif isinstance(v, list):
                cats.extend(str(x) if not isinstance(x, bool) else str(x).lower() for x in v if x is not None)
            elif v is not None and not isinstance(v, dict):
                cats.append(str(v).lower() if isinstance(v, bool) else str(v))
    seen: list[str] = []
    for c in cats:
        c = c.lower()
        if c not in seen:
            seen.append(c)
    permalink = data.get("permalink")
    if permalink is not None and not isinstance(permalink, str):
        certain, permalink = False, None
    out_ext = ctx.output_ext(ext, permalink)
    cpath = rel[: len(rel) - len(ext)] if ext else rel
    cpath = (cpath.replace(reldir, "", 1)).rstrip(".")
    if label == "posts":
        template = (coll.permalink if coll and coll.permalink else None) or STYLE_TO_PERMALINK.get(ctx.style, ctx.style)
        if doc.kind == "draft":
            cpath = ((rel[: len(rel) - len(ext)] if ext else rel).replace("_drafts", "", 1)).rstrip(".")
    else:
        template = (coll.permalink if coll and coll.permalink else None) or add_permalink_suffix("/:collection/:path", ctx.style)
    title_src = slug if slug is not None else base_noext
    tmpl = permalink if permalink else template
    values = _DocDrop(label, cpath, out_ext, base_noext, title_src, seen, date)
    try:
        url = sanitize_url(_fill_plan(_drop_plan(tmpl), values))
    except UnknownPlaceholder:
        return "/" + path, out_ext, False, date  # Jekyll stops the build
    return url, out_ext, certain, date


def document_entry(doc: Document, ctx: _Ctx) -> UrlEntry:
    if doc.kind == "page":
        url, oext, certain = page_url(doc, ctx)
        e = UrlEntry(doc.path, url, output_file(url, oext), "page", certain=certain)
        if _published_false(doc):
            e.published, e.reason = False, "it has `published: false`"
        return e
    url, oext, certain, date = document_url(doc, ctx)
    e = UrlEntry(doc.path, url, output_file(url, oext), doc.kind, certain=certain)
    coll = ctx.site.collections.get(doc.collection or "")
    if coll is not None and not coll.output and doc.collection != "posts":
        e.published, e.reason = False, f"the `{doc.collection}` collection has no `output: true` in `_config.yml`"
    elif doc.kind == "draft" and not ctx.drafts:
        e.published, e.reason = False, "it is a draft (built only with `jekyll build --drafts`)"
    elif _published_false(doc) and not ctx.unpublished:
        e.published, e.reason = False, "it has `published: false`"
    elif date is not None and date > ctx.now and not ctx.future:
        e.published, e.reason = False, f"it is dated in the future ({date.date().isoformat()}) and `future: true` is not set"
    return e


def _published_false(doc: Document) -> bool:
    v = doc.data.get("published", True)
    return v is False or v in ("false",)


def static_entry(site: SiteIndex, path: str) -> UrlEntry:
    for c in site.collections.values():
        if c.label != "posts" and path.startswith(c.directory + "/"):
            sub = path[len(c.directory):]
            ext = posixpath.splitext(sub)[1]
            cleaned = (sub[: len(sub) - len(ext)] if ext else sub).rstrip(".")
            tmpl = c.permalink or add_permalink_suffix("/:collection/:path", str(site.config.get("permalink", "date")))
            try:
                base = sanitize_url(_fill_hash(tmpl, [("collection", c.label), ("path", cleaned), ("output_ext", ""),
                                                      ("name", posixpath.basename(path)), ("title", "")]))
            except Exception:
                base = "/" + path
            url = base.rstrip("/") + ext
            return UrlEntry(path, url, url.lstrip("/"), "static", published=c.output,
                            reason=None if c.output else f"the `{c.label}` collection is not output")
    return UrlEntry(path, "/" + path, path, "static")


def _redirect_entries(doc: Document, entry: UrlEntry) -> list[UrlEntry]:
    v = doc.data.get("redirect_from")
    vals = [v] if isinstance(v, str) else (v if isinstance(v, list) else [])
    out = []
    for r in vals:
        if isinstance(r, str) and r.strip() and "://" not in r:
            u = sanitize_url(r.strip())
            out.append(UrlEntry(doc.path, u, output_file(u, ".html"), "redirect", published=entry.published))
    return out


_ARCHIVE_PARTS = {"year": r"\d{4}", "month": r"\d{2}", "day": r"\d{2}", "type": r"(?:tags?|categor(?:y|ies))"}


def _archive_pattern(template: str) -> re.Pattern:
    """The URLs one jekyll-archives permalink template writes (and its paginated pages)."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        out.append(_ARCHIVE_PARTS.get(m.group(1), r"[^/]+"))
        pos = m.end()
    out.append(re.escape(template[pos:]))
    rx = "".join(out).rstrip("/")
    return re.compile("^" + rx + r"(?:/|\.html)?(?:page/?\d+/?)?$")


def _plugin_prefixes(site: SiteIndex, entries: dict[str, UrlEntry] | None = None) -> tuple[str, ...]:
    """URL prefixes other generators write (archives, pagination, scholar details, feeds)."""
    cfg = site.config.data
    pre: set[str] = set()
    patterns: list[re.Pattern] = []

    def static_part(t: Any) -> str | None:
        if not isinstance(t, str):
            return None
        t = t.strip()
        i = t.find(":")
        head = t if i < 0 else t[:i]
        head = head[: head.rfind("/") + 1] if "/" in head else head
        return head if head.startswith("/") and len(head) > 1 else None

    labels = [c.label for c in site.collections.values() if c.output] or ["posts"]
    for key in ("jekyll-archives", "jekyll-archives-v2"):
        ja = cfg.get(key)
        if not isinstance(ja, dict):
            continue
        templates: list[str] = []

        def walk(node, depth=0):
            if depth > 4 or not isinstance(node, dict):
                return
            for k, v in node.items():
                if k == "permalinks" and isinstance(v, dict):
                    templates.extend(t for t in v.values() if isinstance(t, str))
                elif isinstance(v, dict):
                    walk(v, depth + 1)

        walk(ja)
        if not templates:  # the plugin's defaults
            templates = ["/:year/", "/:year/:month/", "/:year/:month/:day/", "/tag/:name/", "/category/:name/"]
        for t in templates:
            for lab in labels if ":collection" in t else [None]:
                tt = t.replace(":collection", lab) if lab else t
                patterns.append(_archive_pattern(tt))
    sch = cfg.get("scholar")
    if isinstance(sch, dict):
        dd = sch.get("details_dir")
        if isinstance(dd, str) and dd.strip("/"):
            pre.add("/" + dd.strip("/") + "/")
    if site.is_al_folio:
        # al-folio's generated archive and tag pages (jekyll-archives-v2 with the template's permalinks)
        for p in ("/blog/tag/", "/blog/category/", "/books/tag/", "/books/category/"):
            pre.add(p)
    # paginated pages: <page url>/page/N/ (jekyll-paginate-v2)
    for d in site.documents.values():
        pg = d.data.get("pagination")
        if isinstance(pg, dict) and pg.get("enabled"):
            perm = pg.get("permalink")
            p = static_part(perm) if isinstance(perm, str) else "/page/"
            e = (entries or {}).get(d.path)
            base = e.url.rstrip("/") if e is not None else ""
            pre.add(base + (p or "/page/"))
    return tuple(sorted(pre)), tuple(patterns)


GENERATED_FILES = ("feed.xml", "sitemap.xml", "robots.txt", "atom.xml", "redirects.json", "feed.json")


def build_url_map(site: SiteIndex, settings=None) -> UrlMap:
    ctx = _Ctx(site, settings)
    m = UrlMap(site.root)
    entries, refs = m.entries, m.posts_by_ref
    for p, d in site.documents.items():
        e = entries[p] = document_entry(d, ctx)
        if "redirect_from" in d.data:
            m.redirects.extend(_redirect_entries(d, e))
        if d.kind == "post" or d.kind == "draft":
            for magic in ("_posts/", "_drafts/"):
                i = p.find(magic)
                if i >= 0:
                    sub = p[i + len(magic):]
                    j = sub.rfind("/") + 1
                    ext = _ext(sub[j:])
                    stem = sub[: len(sub) - len(ext)] if ext else sub  # posixpath.splitext(sub)[0]
                    refs.setdefault(stem, p)
                    refs.setdefault(stem[j:], p)  # its basename (the extension is never all of the name)
    for p in site.static_files:
        m.statics[p] = static_entry(site, p)
    for g in GENERATED_FILES:
        if g not in m.statics:
            m.statics["<generated>/" + g] = UrlEntry("", "/" + g, g, "static")
    m.uncertain_prefixes, m.uncertain_patterns = _plugin_prefixes(site, m.entries)
    m._index()
    return m


def url_map(site: SiteIndex, settings=None) -> UrlMap:
    """The site's URL map, computed once and kept in ``site.extras``.

    When ``site`` is an index with one replaced document (an editor buffer) and the original's
    map is known (``site.extras["urls_base"]``), only that document is recomputed.
    """
    m = site.extras.get("urls")
    if m is None:
        base = site.extras.get("urls_base")
        if base is not None and base[1] in site.documents:
            m = base[0].patched(site, site.documents[base[1]], settings)
        else:
            m = build_url_map(site, settings)
        site.extras["urls"] = m
    return m


def lookup_link_target(site: SiteIndex, path_arg: str) -> str | None:
    """``{% link path %}``: the site-relative source path it names, if such a file exists."""
    p = path_arg.strip().strip("'\"").lstrip("/")
    p = posixpath.normpath(p) if p else p
    if p in site.documents or p in site.static_files:
        return p
    return None


__all__ = [
    "UrlEntry", "UrlMap", "build_url_map", "url_map", "slugify", "parse_date", "page_url", "document_url",
    "output_file", "sanitize_url", "add_permalink_suffix", "lookup_link_target",
]
