"""FL1xx (types, values, required keys, layouts) and FL2xx (unknown, misspelled, deprecated keys).

One page rule validates each document's merged front matter against its layout's and collection's
schema (:mod:`folio_lint.schema_catalog`) and reports every problem as a plain-language finding at
the user's key: in the page, or in ``_config.yml`` when the value came from ``defaults:``.

What is "known" follows issue 4 §3: a key is live when al-folio's schema for the page's layout
(and collection) defines it, or when the site's own ``_layouts/``/``_includes/`` read it
(``page.KEY``), or when the page's own Liquid reads it. Deprecated keys are judged by the site's
era: if the site's own templates still read the old form, it works here and is only an info.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Applicability, Edit, Finding, Fix, Severity
from ..registry import PAGE, declare, rule
from ..schema_catalog import LAYOUTS, LEGACY_LAYOUTS, Catalog, Spec, catalog_with, deprecations
from ..suggest import clear_winner, suggest
from ..templates import TemplateKeys, body_page_keys, template_keys
from ..yamlload import _SAFE_TAGS as SAFE_TAGS
from ..yamlload import path_str

# Layouts and keys that belong to other Jekyll themes (academicpages / minimal-mistakes, minima, ...)
OTHER_THEME_LAYOUTS = frozenset({"single", "splash", "archive-taxonomy", "talk", "talks", "home", "posts", "categories",
                                 "tags", "collection", "search", "compress", "publication", "teaching", "cv-layout"})
OTHER_THEME_KEYS = ("author_profile", "toc_label", "toc_icon", "toc_sticky", "read_time", "share", "entries_layout",
                    "classes", "sidebar", "header",  # minimal-mistakes / academicpages
                    "header-img", "header-style", "header-mask", "catalog",  # Hux blog
                    "cover-img", "thumbnail-img", "share-img", "gh-repo", "gh-badge",  # Beautiful Jekyll
                    "img_path", "media_subpath", "pin")  # Chirpy
# front-matter keys read by Jekyll plugins al-folio does not ship (known when the plugin is in `plugins:`)
PLUGIN_KEYS = {
    "jekyll-redirect-from": ("redirect_from", "redirect_to"),
    "jekyll-seo-tag": ("seo", "image", "author", "locale", "canonical_url", "twitter", "social"),
    "jekyll-last-modified-at": ("last_modified_at",),
    "jekyll-polyglot": ("lang", "permalink_lang", "page_id"),
    "jekyll-multiple-languages-plugin": ("lang", "namespace"),
    "al_rtl": ("lang",),  # al-folio v1: `lang: fa` (an RTL language) sets the page right-to-left
    "jekyll-gist": (),
    "jekyll-paginate-v2": ("hidden",),  # `hidden: true` keeps a post out of the paginated lists
    "jekyll-paginate": ("hidden",),
    # jekyll-scholar (6.5+, 2020) merges a page's `scholar:` over the site's `scholar:` settings
    # (`scholar: {bibliography: references.bib}`: the page's own .bib for its {% cite %} tags)
    "jekyll-scholar": ("scholar",),
    "jekyll/scholar": ("scholar",),
}
_GENERIC_LAYOUTS = frozenset({"page", "post", "default", "none", "archive", "home"})
_SEV = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_BOOL_TEXT = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


# al-folio releases and when they were cut (al-folio.md §2.1), for an `al-folio-version` pin
RELEASES = {(0, 3): "2020-06-21", (0, 4): "2021-10-30", (0, 5): "2022-04-24", (0, 6): "2022-06-26", (0, 7): "2022-09-01",
            (0, 8): "2023-03-18", (0, 9): "2023-03-29", (0, 10): "2023-11-22", (0, 11): "2024-01-16", (0, 12): "2024-10-23",
            (0, 13): "2024-12-12", (0, 14): "2025-02-28", (0, 15): "2026-01-02", (0, 16): "2026-01-14", (1, 0): "2026-02-08"}


def pinned_date(settings) -> str | None:
    """The release date of a pinned ``al-folio-version`` (``v0.12.1``, ``0.12``, ``1``), or None."""
    v = settings.option("al-folio-version", None)
    if v is None:
        return None
    d = re.match(r"^\s*(\d{4}-\d{2}(?:-\d{2})?)\s*$", str(v))
    if d:  # a date: the site was copied from the template as it was that day
        return d.group(1) if len(d.group(1)) == 10 else d.group(1) + "-01"
    m = re.match(r"^\s*v?(\d+)(?:\.(\d+))?", str(v))
    if not m:
        return None
    major, minor = int(m.group(1)), int(m.group(2) or 0)
    if major >= 1:
        return RELEASES[(1, 0)] if major == 1 else "9999-12-31"
    best = None
    for (ma, mi), d in sorted(RELEASES.items()):
        if (ma, mi) <= (major, minor):
            best = d
    return best


def pinned_before(settings, entry: dict) -> bool:
    """Is the pinned al-folio release older than the change ``entry`` describes?"""
    d = pinned_date(settings)
    since = entry.get("since")
    return bool(d and since and d < str(since))


# --------------------------------------------------------------------------- per-run site facts
@dataclass
class SchemaSite:
    catalog: Catalog
    templates: TemplateKeys
    templates_decide: bool  # the site carries its own layouts/includes (v0.x shape)
    other_theme: str | None
    plugins: frozenset[str]
    extra_keys: dict[str, frozenset[str]]
    fm_deps: dict[str, list[dict]]  # top-level key -> front-matter deprecation entries
    cfg_deps: dict[str, list[dict]]
    weights: dict[str, float]
    standalone: bool
    site_layouts: frozenset[str] = field(default_factory=frozenset)
    user_layouts: frozenset[str] = field(default_factory=frozenset)  # layouts with a schema from .folio-lint.yml
    schema_problems: tuple[str, ...] = ()
    resolved: dict = field(default_factory=dict)  # (layout, collection) -> (family, custom, DocSchema)




def _extra_keys(settings) -> dict[str, frozenset[str]]:
    """``extra-keys`` from the settings: a list (every page) or ``{layout-or-collection: [keys]}``."""
    raw = settings.option("extra-keys", None)
    if raw is None:
        raw = settings.option("extra_keys", None)
    out: dict[str, set[str]] = {}
    if isinstance(raw, (list, tuple, set, frozenset)):
        out["*"] = {str(x) for x in raw}
    elif isinstance(raw, dict):
        for k, v in raw.items():
            k = "*" if k in ("all", "*") else k
            if isinstance(v, (list, tuple, set, frozenset)):
                out[str(k)] = {str(x) for x in v}
            elif isinstance(v, str):
                out[str(k)] = {v}
    return {k: frozenset(v) for k, v in out.items()}


def _numbered(key: str, path: tuple, data) -> bool:
    """Is ``key`` one of the page's own numbered keys (`image1:` next to `image2:` or `image:`)? Such a
    family is the author's data, not a typo of a known key (`image1` is no misspelling of `images`)."""
    m = re.match(r"^(.*?[^\d\W]|.*?_)(\d+)$", key)
    if not m:
        return False
    parent = data
    for p in path[:-1]:
        parent = parent[p] if isinstance(parent, dict) and p in parent else (
            parent[p] if isinstance(parent, list) and isinstance(p, int) and p < len(parent) else None)
    if not isinstance(parent, dict):
        return False
    stem = m.group(1)
    return any(isinstance(k, str) and k != key and (k == stem or (k.startswith(stem) and k[len(stem):].isdigit()))
               for k in parent)


def site_template_keys(site, ctx):
    """What the site's own templates read (:func:`templates.template_keys`), once per run."""
    return ctx.cached(("templates", "keys"), lambda: template_keys(site))


def schema_site(site, ctx) -> SchemaSite:
    def compute():
        tk = site_template_keys(site, ctx)
        fm_deps: dict[str, list[dict]] = {}
        cfg_deps: dict[str, list[dict]] = {}
        for e in deprecations():
            top = re.split(r"[.\[]", e["path"], maxsplit=1)[0]
            (fm_deps if e["where"] == "front-matter" else cfg_deps).setdefault(top, []).append(e)
        other = None if site.is_al_folio else site.theme
        if other and "about" in site.layouts and ({"distill", "bib", "cv", "profiles", "book-shelf"} & set(site.layouts)):
            other = None  # a `theme:` gem, but the site's own al-folio layouts override it
        user = ctx.settings.option("schemas", None)
        cat, user_layouts, problems = catalog_with(user if isinstance(user, dict) else None)
        return SchemaSite(cat, tk, bool(site.layouts) and tk.present, other,
                          site.plugins,
                          _extra_keys(ctx.settings), fm_deps, cfg_deps, cat.key_weights(), site.standalone,
                          frozenset(site.layouts), user_layouts, tuple(problems))

    return ctx.cached(("schema", "site"), compute)


# --------------------------------------------------------------------------- words
def describe_value(v: Any) -> str:
    if v is True:
        return "`true`"
    if v is False:
        return "`false`"
    if v is None:
        return "empty"
    if isinstance(v, str):
        t = v if len(v) <= 40 else v[:37] + "..."
        return f'the text "{t}"'
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a mapping"
    return f"`{v}`"


_TYPE_WORDS = {"string": "text", "boolean": "`true` or `false`", "integer": "a whole number", "number": "a number",
               "array": "a list", "object": "a mapping (keys indented below it)"}


def describe_expected(spec: Spec) -> str:
    if spec.expect:
        return spec.expect
    vals = spec.suggest_values
    if vals:
        return "one of " + ", ".join(f"`{x}`" for x in vals)
    words = []
    for t in spec.expected_types():
        if t == "null":
            continue
        w = _TYPE_WORDS.get(t, t)
        if t == "number" and "a whole number" in words:
            words.remove("a whole number")
        if w not in words:
            words.append(w)
    if not words:
        return "a different value"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _kname(path: tuple) -> str:
    return path_str(path)


def _scalar_repr(v: Any) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return ""
    return str(v)


def _schema_label(name: str) -> str:
    if name.startswith("layout-"):
        return f"the `{name[7:]}` layout"
    if name.startswith("collection-"):
        return f"`{name[11:]}` documents"
    return name


# --------------------------------------------------------------------------- fixes
def _line_break(text: str, pos: int) -> str:
    i = text.find("\n", pos)
    if i > 0 and text[i - 1] == "\r":
        return "\r\n"
    if i < 0 and "\r" in text[pos:]:
        return "\r"
    return "\n"


def rename_edit(text: str, start: int, end: int, new: str) -> Edit:
    """Replace the key text at ``[start, end)`` by ``new``, keeping its quotes."""
    old = text[start:end]
    if len(old) >= 2 and old[0] == old[-1] and old[0] in "'\"":
        new = old[0] + new + old[0]
    return Edit(start, end, new)


def to_mapping_fix(doc, key: str, new_key: str, child: str, title: str, safety: Applicability) -> Fix | None:
    """``key: value`` → ``new_key:`` / ``  child: value`` (the page's own key, same indentation and line ending)."""
    if doc.fm is None:
        return None
    n = doc.fm.node((key,))
    if n is None or n.key_start is None or n.kind != "scalar":
        return None
    text = doc.source.text
    line_start = text.rfind("\n", 0, n.key_start) + 1
    indent = text[line_start:n.key_start]
    if indent.strip():
        return None
    value = text[n.start:n.end]
    nl = _line_break(text, n.key_start)
    return Fix(title, (Edit(n.key_start, n.end, f"{new_key}:{nl}{indent}  {child}: {value}"),), safety)


# --------------------------------------------------------------------------- the page rule
@rule("FL101", "wrong-type", Severity.ERROR, PAGE, fixable="sometimes",
      also=("FL102", "FL103", "FL104", "FL105", "FL106", "FL201", "FL202", "FL203", "FL204"))
def front_matter_schema(doc, ctx):
    """A front-matter value of the wrong type for what al-folio's layout does with it.

    ## What it checks
    Every key of the page's front matter (merged with `_config.yml` `defaults:`) against the
    JSON Schema of its layout (`about`, `page`, `post`, `distill`, `cv`, …) and of its collection
    (`_posts`, `_news`, `_projects`, `_books`, `_teachings`): booleans, numbers, lists, mappings,
    text. Polymorphic keys are allowed in all the shapes al-folio accepts (`redirect: true` or a
    URL, distill `toc` as a list or `true`, `img:` empty, `tags` as a string or a list). An empty
    value (`key:`) is always accepted: Liquid treats it like a missing key. YAML 1.1 surprises are
    named: `title: no` is the boolean `false`, not the text "no".

    ## Why it matters
    Jekyll never complains about a wrong type; the layout just behaves differently. `nav: "false"`
    is a non-empty string, so the page *does* appear in the navbar; a `nav_order` that is not a
    number sorts the menu oddly.

    ## Example
    ```yaml
    nav: "yes"        # bad: the text "yes"
    nav: true         # good
    importance: high  # bad: projects are sorted by a number
    importance: 1     # good
    ```

    ## Fix
    Write the value in the expected shape. `key: "true"`/`"false"` in quotes is fixed safely to the
    boolean; `yes`/`no` words only with `--unsafe-fixes`; a YAML 1.1 word where text is expected is
    quoted safely.
    """
    if doc.fm is None or doc.source.error or not doc.fm.split.closed or not doc.fm.ok or not doc.fm.is_mapping:
        return
    sc = schema_site(ctx.site, ctx)
    if sc.other_theme:
        return  # the config rule says once that schema checks are skipped
    data = doc.data
    if not data:
        return
    yield from _check_document(doc, ctx, sc, data)


_MAX_UNKNOWN_KEYS = 1000  # unknown keys of one page looked at (each costs a did-you-mean search)


def _other_theme_marker(doc, sc: SchemaSite, layout: str | None) -> str | None:
    own = doc.own
    if layout and layout in OTHER_THEME_LAYOUTS and layout not in sc.site_layouts and layout not in LAYOUTS:
        return f"`layout: {layout}`"
    # layouts only al-folio has settle it; page/post/default/archive exist in every theme
    if layout and (layout in sc.site_layouts or (layout in LAYOUTS and layout not in _GENERIC_LAYOUTS)):
        return None
    for k in OTHER_THEME_KEYS:
        if k in own:
            v = own[k]
            if k == "header" and not isinstance(v, dict):
                continue
            if k == "sidebar" and not isinstance(v, (dict, list)):
                continue
            if k in ("share", "classes", "read_time", "catalog", "pin") and "author_profile" not in own and layout is None:
                continue
            return f"`{k}:`"
    img = own.get("image")
    if isinstance(img, dict) and any(k in img for k in ("feature", "background", "teaser", "thumbnail", "credit")):
        return "`image: {feature/background: ...}`"
    return None


def _check_document(doc, ctx, sc: SchemaSite, data: dict):
    site = ctx.site
    raw_layout = data.get("layout")
    layout = raw_layout if isinstance(raw_layout, str) and raw_layout.strip() else None
    if site.theme is None:
        marker = _other_theme_marker(doc, sc, layout)
        if marker is not None:
            s, e = doc.fm.key_span(("layout",)) if "layout" in doc.own else doc.fm.open_span
            yield Finding(doc.path, s, e,
                          f"this page looks like it belongs to another Jekyll theme ({marker} is not al-folio's); "
                          "al-folio schema checks were skipped, only the YAML was checked",
                          hint="if this site does use al-folio, remove the other theme's keys", code="FL106",
                          severity=Severity.INFO, data={"marker": marker})
            return
    findings: list[Finding] = []
    key = (layout, doc.collection)
    hit = sc.resolved.get(key)
    if hit is None:
        family, custom = None, False
        if layout is not None:
            family, custom, lf = _resolve_layout(doc, ctx, sc, layout)
            findings += lf
            if layout in sc.user_layouts:
                family = layout
        coll = doc.collection if doc.collection and sc.catalog.has_collection(doc.collection) else None
        hit = (family, custom, sc.catalog.for_document(family, coll))
        if not findings:  # a layout that does not exist is reported per page: not cached
            sc.resolved[key] = hit
    family, custom, ds = hit
    props = ds.props
    unknown, bad = [], []
    for k, v in data.items():
        s = props.get(k)
        if s is None:
            unknown.append(k)
        elif v is not None and not s.ok(v):
            bad.append(k)
    dep_hits = []
    fm_deps = sc.fm_deps
    for k in data:
        es = fm_deps.get(k)
        if es:
            for e in es:
                lay = e.get("layouts")
                if lay and family not in lay:
                    continue
                vals = e.get("values")
                if vals and data[k] not in vals:
                    continue
                dep_hits.append(e)
    spec = ds.spec
    req = spec.required_issues(data, ()) if (spec.required or spec.conditionals) else []
    if not (unknown or bad or dep_hits or req or findings):
        return
    yield from findings
    handled: set[tuple] = set()
    for e in dep_hits:
        f = _deprecation(doc, ctx, sc, e, family)
        if f is not None:
            handled.add(f.data["path_tuple"])
            yield f
        else:
            empty = _empty_old_key(doc, e)
            if empty is not None:
                handled.add(empty)  # known, and empty: no "has no effect" (FL201) either
    ctx_info = _DocInfo(doc, ctx, sc, ds, family, custom)
    for k in unknown[:_MAX_UNKNOWN_KEYS]:  # a hostile page with 100,000 keys stays fast
        if (k,) in handled:
            continue
        f = ctx_info.unknown_key((k,), data[k], props, None)
        if f is not None:
            yield f
        elif isinstance(data[k], (dict, list)) and k not in doc.origin and sc.templates.reads_page(k):
            yield from ctx_info.template_nested((k,), data[k])
    for k in bad:
        if (k,) in handled:
            continue
        for issue in props[k].issues(data[k], (k,)):
            if any(issue.path[: len(h)] == h for h in handled):
                continue
            f = ctx_info.issue(issue)
            if f is not None:
                yield f
    for issue in req:
        yield ctx_info.required(issue)


_CONTENT_ONLY = re.compile(r"\s*(?:---\s*---\s*)?\{\{-?\s*content\s*-?\}\}\s*")


def _bare_none(site) -> bool:
    """Does the site's `none` layout (if any) print the page as it is (`{{ content }}`, al-folio's)?
    Then a page asking for `None` (a layout Jekyll does not find) is built as `none` builds it."""
    path = site.layouts.get("none")
    if path is None:
        return not (site.era.shape == "v1" and site.layout_exists("none"))
    src = site.sources.get(path)
    return src is not None and not src.error and _CONTENT_ONLY.fullmatch(src.text) is not None


def _resolve_layout(doc, ctx, sc: SchemaSite, layout: str):
    """(schema family, custom?, findings) for a layout name."""
    site = ctx.site
    out: list[Finding] = []
    if layout in LEGACY_LAYOUTS:
        return LEGACY_LAYOUTS[layout], False, out
    if layout in ("null", "nil"):
        return None, False, out
    if layout == "none" and not site.layout_exists("none"):
        return "none", False, out  # Jekyll renders the page bare, which is what `none` asks for
    if layout.lower() == "none" and not site.layout_exists(layout) and _bare_none(site):
        return "none", False, out  # `None`: no such layout, so Jekyll renders the page bare, as `none` would
    exists = site.layout_exists(layout) if site.layouts or site.era.shape == "v1" else layout in LAYOUTS
    if layout in LAYOUTS and (exists or not site.layouts):
        return layout, False, out
    if exists:  # a layout of the site's own: schema of the al-folio layout it builds on
        seen, cur = set(), layout
        while cur not in LAYOUTS and cur in sc.templates.parents and cur not in seen:
            seen.add(cur)
            cur = sc.templates.parents[cur]
        return (cur if cur in LAYOUTS else None), True, out
    # the layout does not exist
    cands = set(sc.site_layouts) | (set(LAYOUTS) if not site.layouts or site.era.shape == "v1" else set())
    sugg = suggest(layout, cands)
    stem = layout.rsplit(".", 1)[0] if layout.endswith((".html", ".liquid", ".md")) else None
    if stem and stem in cands:
        sugg = [stem]  # `layout: default.html`: layouts are named without their extension
    file, s, e = ctx.key_location(doc, ("layout",), value=True)
    if site.layouts:
        where = f"this site has no `_layouts/{layout}.liquid` or `.html`"
    else:
        where = "al-folio has no such layout"
    msg = f"layout `{layout}` does not exist ({where}); Jekyll builds this page without any layout"
    hint = f"did you mean `{sugg[0]}`?" if sugg else "use one of: " + ", ".join(sorted(cands or LAYOUTS)[:14])
    fix = None
    if sugg and clear_winner(layout, sugg) and file == doc.path:
        fix = Fix(f"Change the layout to `{sugg[0]}`", (rename_edit(site.source(file).text, s, e, sugg[0]),),
                  Applicability.UNSAFE)
    sev = Severity.WARNING if site.standalone else None
    out.append(Finding(file, s, e, msg, hint=hint, fix=fix, code="FL103", severity=sev,
                       data={"layout": layout, "suggestions": sugg}))
    return (sugg[0] if sugg and sugg[0] in LAYOUTS and clear_winner(layout, sugg) else None), False, out


# --------------------------------------------------------------------------- deprecations
def _get_path(data: dict, parts: list[str]):
    """Values at a dotted path with ``[]`` for list items: list of (path tuple, value)."""
    cur = [((), data)]
    for part in parts:
        nxt = []
        each = part.endswith("[]")
        key = part[:-2] if each else part
        for p, v in cur:
            if isinstance(v, dict) and key in v:
                if each:
                    if isinstance(v[key], list):
                        nxt += [(p + (key, i), x) for i, x in enumerate(v[key])]
                else:
                    nxt.append((p + (key,), v[key]))
        cur = nxt
    return cur


def _empty_old_key(doc, e: dict) -> tuple | None:
    """The path of an old key that is there but empty (`address: #`, `address: ""`), else None."""
    hits = _get_path(doc.data, e["path"].split("."))
    if hits and (hits[0][1] is None or (isinstance(hits[0][1], str) and not hits[0][1].strip())):
        return hits[0][0]
    return None


def _deprecation(doc, ctx, sc: SchemaSite, e: dict, family: str | None) -> Finding | None:
    layouts = e.get("layouts")
    if layouts and family not in layouts:
        return None
    if e.get("collections") and doc.collection not in e["collections"]:
        return None
    parts = e["path"].split(".")
    hits = _get_path(doc.data, parts)
    if not hits:
        return None
    path, value = hits[0]
    if _empty_old_key(doc, e) is not None:
        return None  # `address: #` (empty): the old key carries nothing that could disappear or move
    when = e.get("when")
    if when == "bool" and not isinstance(value, bool):
        return None
    if when == "true" and value is not True:
        return None
    if e.get("values") and value not in e["values"]:
        return None
    for absent in e.get("requires_absent") or ():
        if doc.data.get(absent) is not None:
            return None
    if path[0] in doc.origin:
        return None  # from defaults: judged once, in _config.yml terms, not per page
    tk = sc.templates
    tpath = ".".join(str(p) for p in path if not isinstance(p, int))
    live = False
    if sc.templates_decide:
        if e.get("live_if"):
            # a loop over the documents (`{{ member.order }}`, a paginator's `sort_field: order`) reads it too
            live = any(tk.reads_page(p) or p in tk.objects for p in e["live_if"])
        if e.get("live_if_not"):
            live = tk.reads_page(tpath) and not any(tk.reads_page(p) for p in e["live_if_not"])
    if not live and pinned_before(ctx.settings, e):
        live = True  # the pinned al-folio release predates the change
    body_live = False
    if not live and e.get("live_if") and "page." in doc.body:
        bk = body_page_keys(doc.body)
        body_live = any(p in bk or any(b.startswith(p + ".") for b in bk) for p in e["live_if"])
    if body_live:
        return None  # the page's own Liquid reads it: it is the page's own data
    sev = _SEV.get(str(e.get("severity", "warning")), Severity.WARNING)
    if value is False and e.get("severity_if_false"):
        sev = _SEV[e["severity_if_false"]]
    code = e.get("code") or "FL203"
    key = _kname(path)
    msg = (e.get("message_if_false") if value is False and e.get("message_if_false") else e["message"]).format(
        key=key, value=_scalar_repr(value))
    hint = e.get("migration", "").format(key=key, value=_scalar_repr(value)) or None
    if live and e.get("never_upstream"):
        return None
    if live:
        sev, code = Severity.INFO, "FL203"
        why = ("this site's own layouts still read it" if sc.templates_decide and not pinned_before(ctx.settings, e)
               else "the al-folio version this site pins still reads it")
        msg = f"`{key}` is the old form; {why}, so it works here, but current al-folio does not ({msg})"
        hint = f"when you upgrade the layouts: {hint}" if hint else None
    repl = e.get("replacement")
    if (not live and sev != Severity.INFO and code == "FL203" and repl and sc.templates_decide
            and (e.get("live_if") or e.get("live_if_not")) and doc.layout in ctx.site.layouts
            and not (tk.reads_page(str(repl)) or str(repl) in tk.objects)):
        # the site's own layouts read neither the old key nor its successor (a 2024 about layout without the
        # latest-posts section): the key is unused here, and the new form would not show anything either
        sev = Severity.INFO
        msg += " — this site's own templates do not read it (nor its replacement), so here it is only unused"
    fix = None if live else _deprecation_fix(doc, ctx, e, path, value)
    file, s, t = ctx.key_location(doc, path)
    return Finding(file, s, t, msg, hint=hint, fix=fix, code=code, severity=sev,
                   data={"id": e["id"], "key": key, "path": key, "path_tuple": path,
                         "suggestions": [str(repl).rsplit(".", 1)[-1]] if repl else [], "since": e.get("since"), "pr": e.get("pr"),
                         "replacement": e.get("replacement"), "live_on_this_site": live})


def _deprecation_fix(doc, ctx, e, path: tuple, value) -> Fix | None:
    fx = e.get("fix") or {}
    kind = fx.get("kind")
    safety = Applicability.SAFE if fx.get("safety") == "safe" else Applicability.UNSAFE
    if kind not in ("rename", "to-mapping") or doc.fm is None or doc.fm.node(path) is None:
        return None
    for c in e.get("conflicts") or ():
        if _get_path(doc.data, c.split(".")):
            return None  # the new key is already there: a human decides
    if kind == "rename":
        n = doc.fm.node(path)
        if n.key_start is None:
            return None
        parent = doc.data
        for p in path[:-1]:
            parent = parent[p]
        if isinstance(parent, dict) and fx["to"] in parent:
            return None
        return Fix(f"Rename `{path[-1]}` to `{fx['to']}`", (rename_edit(doc.source.text, n.key_start, n.key_end, fx["to"]),), safety)
    if len(path) != 1:
        return None
    return to_mapping_fix(doc, path[0], fx["to"], fx.get("child", "enabled"),
                          f"Replace `{path[0]}: {_scalar_repr(value)}` with `{fx['to']}: {{{fx.get('child', 'enabled')}: {_scalar_repr(value)}}}`",
                          safety)


# --------------------------------------------------------------------------- findings per issue
class _DocInfo:
    def __init__(self, doc, ctx, sc: SchemaSite, ds, family, custom):
        self.doc, self.ctx, self.sc, self.ds, self.family, self.custom = doc, ctx, sc, ds, family, custom
        self._body: set[str] | None = None
        self.site = ctx.site

    @property
    def body_keys(self) -> set[str]:
        if self._body is None:
            self._body = body_page_keys(self.doc.body)
        return self._body

    def _extra(self, key: str) -> bool:
        ek = self.sc.extra_keys
        if not ek:
            return False
        for scope in ("*", self.family or "", self.doc.collection or "", self.doc.layout or ""):
            if key in ek.get(scope, ()):
                return True
        return False

    def _known_elsewhere(self, tpath: str) -> bool:
        tk = self.sc.templates
        if tk.reads_page(tpath):
            return True
        if self.doc.collection and tk.reads_object(tpath):
            return True  # read from a loop over the collection (`{% for project in site.projects %}{{ project.year }}`)
        if self.doc.collection is None and tk.reads_page_object(tpath):
            return True  # read from a loop over the pages (`{% for p in site.pages %}{{ p.nav_link }}`)
        if tpath in self.body_keys or any(b.startswith(tpath + ".") for b in self.body_keys):
            return True
        return self._extra(tpath) or self._extra(tpath.rsplit(".", 1)[-1])

    def _read_below(self, tpath: str) -> bool:
        """Does the site's own Liquid read a key below ``tpath`` (``page.<tpath>.x``, ``p.<tpath>.x``)?"""
        if not tpath:
            return False
        tk, pre = self.sc.templates, tpath + "."
        return any(p.startswith(pre) for p in (*tk.page, *tk.objects, *tk.page_objects, *self.body_keys))

    def _where(self) -> str:
        parts = []
        if self.family and self.family in self.sc.user_layouts:
            parts.append(f"your schema for the `{self.family}` layout")
        elif self.family:
            parts.append(f"al-folio's `{self.family}` layout")
        if self.ds.collection:
            parts.append(f"`{self.ds.collection}` documents")
        if not parts:
            parts.append("Jekyll (this page has no layout)")
        s = " or ".join(parts)
        if self.sc.templates.present:
            s += " or this site's templates"
        return s

    def loc(self, path: tuple, value: bool = False):
        return self.ctx.key_location(self.doc, path, value=value)

    # ---------------------------------------------------------------- unknown keys
    def unknown_key(self, path: tuple, value, siblings: dict[str, Spec], parent_path: tuple | None) -> Finding | None:
        doc = self.doc
        if path[0] in doc.origin:
            return None  # set by a defaults: entry for many pages at once
        key = path[-1]
        if not isinstance(key, str):
            return None
        tpath = ".".join(str(p) for p in path if not isinstance(p, int))
        if self._known_elsewhere(tpath):
            return None
        if len(path) == 1 and key in self.sc.fm_deps:
            return None  # an al-folio key of another era or page (`years:` outside the publications page): the user's own data
        if key[:1] in "[{" and self.doc.fm is not None and self.doc.fm.yaml is not None and any(
                p.kind == "complex-key" for p in self.doc.fm.yaml.problems):
            return None  # `[//]: # (...)`: a list as a key, already reported as a YAML problem (FL002)
        plugin = None
        if len(path) == 1:
            for name, keys in PLUGIN_KEYS.items():
                if key in keys:
                    if name in self.sc.plugins:
                        return None
                    plugin = plugin or name
        if key.lstrip().startswith("<!--"):
            file, s, e = self.loc(path)
            return Finding(file, s, e, f"`{key}` is read as a key: an HTML comment does not comment out a front-matter line",
                           hint="comment the line out with `#` instead (`# " + key.lstrip()[4:].lstrip() + ": ...`)",
                           code="FL201", data={"key": key})
        tk = self.sc.templates
        if len(path) == 1 and key in self.sc.catalog.all_front_matter_keys and self.family not in (None, "none", "bib"):
            return self._other_layout(path, key)
        cands = set(siblings)
        ppath = ".".join(str(p) for p in path[:-1] if not isinstance(p, int))
        if ppath:
            kids = tk.page_children(ppath)
            if kids:
                cands |= kids
        else:
            cands |= {p.split(".", 1)[0] for p in tk.page}
            if self.doc.collection:
                cands |= {p.split(".", 1)[0] for p in tk.objects}
            else:
                cands |= {p.split(".", 1)[0] for p in tk.page_objects}
        # old key names at this place count too: `profile.adress` is a typo of the old `address`
        dep_names: dict[str, str] = {}
        for entries in self.sc.fm_deps.values():
            for d in entries:
                dp = d["path"].replace("[]", "")
                if "." in dp or ppath:
                    par, _, name = dp.rpartition(".")
                    if par != ppath:
                        continue
                else:
                    name = dp
                lay = d.get("layouts")
                if (lay and self.family not in lay) or d.get("values") or not d.get("replacement"):
                    continue
                dep_names[name] = str(d["replacement"]).replace("[]", "").rsplit(".", 1)[-1]
        cands |= set(dep_names)
        cands.discard(key)
        weights = self.sc.weights
        sugg_off = plugin is not None or _numbered(key, path, doc.data)  # `redirect_to` is the plugin's key, not a typo
        sugg = suggest(key, cands, weights) if not sugg_off else []
        file, s, e = self.loc(path)
        disp = _kname(path)
        no_layout = self.family in (None, "none", "bib")
        if sugg:
            best = sugg[0]
            old_name = None
            if best in dep_names and best not in siblings:
                old_name, best = best, dep_names[best]
            mapped = [best]
            for x in sugg[1:]:
                x = dep_names.get(x, x) if x not in siblings else x
                if x not in mapped:
                    mapped.append(x)
            sugg = mapped
            spec = siblings.get(best)
            hint = f"`{best}`: {spec.description}" if spec is not None and spec.description else None
            if old_name:
                hint = f"`{old_name}` is the old name of `{best}`" + (f"; `{best}`: {spec.description}" if spec is not None and spec.description else "")
            fix = None
            if clear_winner(key, sugg) and file == doc.path:
                parent = doc.own
                for p in path[:-1]:
                    parent = parent.get(p) if isinstance(parent, dict) else None
                if isinstance(parent, dict) and best not in parent:
                    fix = Fix(f"Rename `{key}` to `{best}`", (rename_edit(doc.source.text, s, e, best),), Applicability.SAFE)
            also = f" (or {', '.join(f'`{x}`' for x in sugg[1:])})" if len(sugg) > 1 else ""
            mean = f"`{old_name}` (now `{best}`)" if old_name else f"`{best}`"
            return Finding(file, s, e, f"`{disp}` is not a key {self._where()} reads; did you mean {mean}?{also}",
                           hint=hint, fix=fix, code="FL202", severity=Severity.WARNING if no_layout else None,
                           data={"key": disp, "suggestions": sugg})
        if len(path) == 1:
            if self.sc.catalog.all_front_matter_keys.get(key):
                return None if no_layout else self._other_layout(path, key)
            # a near-miss of a key some other layout reads
            gs = suggest(key, set(self.sc.catalog.all_front_matter_keys) - {key}, weights) if plugin is None and not sugg_off else []
            if gs:
                return Finding(file, s, e, f"`{disp}` is not a key al-folio reads; did you mean `{gs[0]}`?",
                               code="FL202", severity=Severity.WARNING, data={"key": disp, "suggestions": gs})
        if no_layout:
            return None
        hint = ("if your own Liquid reads it, list it under `extra-keys` in `.folio-lint.yml`; otherwise delete it")
        if plugin:
            return Finding(file, s, e, f"`{disp}` is read by the {plugin} plugin, which is neither in `plugins:` in `_config.yml` "
                           "nor in the Gemfile's `:jekyll_plugins` group; here it has no effect",
                           hint=f"add `{plugin}` to `plugins:` (and the Gemfile), or delete the key",
                           code="FL201", data={"key": disp, "plugin": plugin})
        coll = self.doc.collection
        own = bool(coll) and coll != "posts" and not self.sc.catalog.has_collection(coll)
        return Finding(file, s, e, f"`{disp}` is not read by {self._where()}; it has no effect",
                       hint=hint, code="FL201", data={"key": disp},
                       # the site's own collection (`_members/`): its documents often carry data for later use
                       severity=Severity.INFO if own else None)

    def _other_layout(self, path: tuple, key: str) -> Finding:
        file, s, e = self.loc(path)
        names = sorted(_schema_label(n) for n in self.sc.catalog.all_front_matter_keys.get(key, ()))
        return Finding(file, s, e,
                       f"`{key}` is read by {', '.join(names[:3])}{' and others' if len(names) > 3 else ''}, "
                       f"not by this page's `{self.doc.layout or 'no'}` layout: here it has no effect",
                       code="FL204", severity=Severity.INFO, data={"key": key, "read_by": names})

    def template_nested(self, path: tuple, value) -> list[Finding]:
        """Near-misses below a key only the site's templates read (`talks[].venu` when they read `venue`)."""
        out: list[Finding] = []
        tk = self.sc.templates
        tpath = ".".join(str(p) for p in path if not isinstance(p, int))
        if isinstance(value, list):
            for i, item in enumerate(value[:500]):
                out += self.template_nested(path + (i,), item)
            return out
        if not isinstance(value, dict):
            return out
        kids = tk.page_children(tpath)
        if not kids:
            return out
        for k, v in value.items():
            if not isinstance(k, str):
                continue
            if k in kids:
                out += self.template_nested(path + (k,), v)
                continue
            if self._known_elsewhere(f"{tpath}.{k}"):
                continue
            sugg = suggest(k, kids - {k})
            if not sugg:
                continue
            file, s, e = self.loc(path + (k,))
            fix = None
            if clear_winner(k, sugg) and file == self.doc.path and sugg[0] not in value:
                fix = Fix(f"Rename `{k}` to `{sugg[0]}`", (rename_edit(self.doc.source.text, s, e, sugg[0]),), Applicability.SAFE)
            out.append(Finding(file, s, e, f"`{_kname(path + (k,))}` is not read by this site's templates; did you mean `{sugg[0]}`?",
                               fix=fix, code="FL202", data={"key": _kname(path + (k,)), "suggestions": sugg}))
        return out

    # ---------------------------------------------------------------- value issues
    def issue(self, issue) -> Finding | None:
        path = issue.path
        if issue.kind == "unknown":
            parent = issue.spec
            return self.unknown_key(path, issue.value, parent.props or {}, path[:-1])
        if issue.kind == "required":
            return self.required(issue)
        if isinstance(issue.value, dict) and self._read_below(".".join(str(p) for p in path if not isinstance(p, int))):
            return None  # the site's own Liquid reads keys below it (`page.sitemap.priority`): a mapping is what it wants
        if isinstance(issue.value, list) and self.sc.templates_decide and self.sc.templates.loops_over(
                ".".join(str(p) for p in path if not isinstance(p, int)), self.doc.layout):
            return None  # the site's own Liquid runs a `{% for %}` over it (`for aff in author.affiliations`): a list is what it wants
        vals = (issue.spec.enum or issue.spec.suggest_values) if issue.kind in ("enum", "pattern") else None
        if vals and self.sc.templates_decide and self.sc.templates.reads_page(str(path[0])) and all(
                isinstance(x, str) for x in vals) and not any(x in self.sc.templates.words for x in vals):
            return None  # the site's own templates name none of the values: they print whatever is written
        if path and path[0] not in self.doc.origin and self.doc.fm is not None:
            n = self.doc.fm.node(path)
            if n is not None and n.tag is not None and n.tag not in SAFE_TAGS:
                return None  # an unsafe/unknown tag (FL004 says so): its type is not the user's mistake
        return value_finding(self.ctx.site, self.doc.fm.yaml.traps if path[0] not in self.doc.origin else (),
                             issue, self.loc(path, value=True), code_prefix="FL1")

    def required(self, issue) -> Finding:
        key = issue.detail
        parent = self.doc.data
        for p in issue.path:
            parent = parent.get(p) if isinstance(parent, dict) else None
        empty = isinstance(parent, dict) and key in parent  # `key:` with no value (YAML null)
        what = f"`{key}` is empty" if empty else f"`{key}` is missing"
        if issue.trigger:
            file, s, e = self.loc(issue.trigger)
            trig = _kname(issue.trigger)
            tv = _get_path(self.doc.data, [str(p) for p in issue.trigger])
            tval = _scalar_repr(tv[0][1]) if tv else ""
            msg = f"{what}: it is needed with `{trig}: {tval}`" if tv else what
        else:
            file, s, e = self.doc.path, *self.doc.fm.open_span
            msg = what
        if empty and (issue.path + (key,))[0] not in self.doc.origin:
            file, s, e = self.loc(issue.path + (key,))  # at the empty key itself
        if issue.reason:
            msg += f" ({issue.reason})"
        sev = _SEV.get(issue.severity) if issue.severity else None
        hint = f"give `{key}` a value" if empty else f"add `{key}: ...` to the front matter"
        return Finding(file, s, e, msg, hint=hint, code="FL104", severity=sev, data={"key": key})


def value_finding(site, traps, issue, location, *, code_prefix: str = "FL1", config: bool = False) -> Finding:
    """A type/value issue as a finding at the value (shared with the `_config.yml` rule)."""
    file, s, e = location
    path = issue.path
    key = _kname(path)
    spec: Spec = issue.spec
    v = issue.value
    sev = _SEV.get(spec.severity) if spec.severity else None
    expected = describe_expected(spec)
    src = site.source(file)
    fix = None
    code = "FL603" if config else "FL101"
    data: dict = {"key": key, "expected": expected}
    trap = next((t for t in traps if t.path == path and t.kind == "bool-word"), None)
    if issue.kind == "type":
        if trap is not None and "string" in spec.expected_types():
            msg = (f"`{key}: {trap.raw}` is read as the boolean `{_scalar_repr(trap.value)}`, not the text \"{trap.raw}\" "
                   f"(YAML 1.1 reads yes/no/on/off as true/false)")
            hint = f'quote it: `{key}: "{trap.raw}"`'
            if src is not None:
                fix = Fix(f'Quote `{trap.raw}`', (Edit(trap.start, trap.end, f'"{trap.raw}"'),), Applicability.SAFE)
        elif isinstance(v, str) and v.strip().lower() in _BOOL_TEXT and "boolean" in spec.expected_types():
            word = v.strip().lower()
            b = "true" if _BOOL_TEXT[word] else "false"
            msg = f"`{key}` should be `true` or `false`, not {describe_value(v)} (in quotes it is text, not a boolean)"
            hint = f"write `{key}: {b}` without quotes"
            if src is not None and src.text[s:e].strip("'\"").strip().lower() == word:
                fix = Fix(f"Write `{key}: {b}`", (Edit(s, e, b),),
                          Applicability.SAFE if word in ("true", "false") else Applicability.UNSAFE)
        elif spec.is_date:
            return _date_finding(file, s, e, key, v, config)
        else:
            msg = f"`{key}` should be {expected}, not {describe_value(v)}"
            hint = spec.description
            if isinstance(v, (dict, list)) and not spec.expected_types():
                hint = spec.description
    elif issue.kind in ("pattern", "enum"):
        if spec.is_date:
            return _date_finding(file, s, e, key, v, config)
        vals = spec.suggest_values
        code = "FL603" if config else "FL102"
        if vals:
            sugg = suggest(str(v), [str(x) for x in vals]) if isinstance(v, str) else []
            if not sugg and isinstance(v, str):
                sugg = [str(x) for x in vals if str(x).lower() == v.strip().lower()]
            msg = f"`{key}: {_scalar_repr(v)}` is not a value al-folio knows here: use " + ", ".join(f"`{x}`" for x in vals)
            if sugg:
                msg += f"; did you mean `{sugg[0]}`?"
                data["suggestions"] = sugg
                if src is not None and clear_winner(str(v), sugg) and src.text[s:e].strip("'\"") == str(v):
                    fix = Fix(f"Change `{v}` to `{sugg[0]}`", (rename_edit(src.text, s, e, sugg[0]),), Applicability.SAFE)
            hint = spec.description
        else:
            msg = f"`{key}` should be {expected}, not {describe_value(v)}"
            hint = spec.description
            code = "FL603" if config else "FL101"
    elif issue.kind == "range":
        code = "FL603" if config else "FL102"
        lo, hi = spec.minimum, spec.maximum
        rng = f"from {lo:g} to {hi:g}" if lo is not None and hi is not None else (f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
        msg = f"`{key}: {_scalar_repr(v)}` is out of range: al-folio expects a number {rng}"
        hint = spec.description
    else:
        msg = f"`{key}` should be {expected}, not {describe_value(v)}"
        hint = spec.description
    return Finding(file, s, e, msg, hint=hint, fix=fix, code=code, severity=sev, data=data)


def _date_finding(file, s, e, key, v, config) -> Finding:
    extra = " (Jekyll stops the whole build on it)" if key == "date" else ""
    return Finding(file, s, e, f"`{key}: {_scalar_repr(v)}` is not a date Jekyll can read{extra}",
                   hint="write the date as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, e.g. `2024-05-01`",
                   code="FL603" if config else "FL105", data={"key": key})


# --------------------------------------------------------------------------- documentation of the other codes
declare("FL102", "invalid-value", Severity.ERROR, """
A front-matter value al-folio does not know, with a did-you-mean when one is close.

## What it checks
Keys with a fixed set of values (`toc.sidebar: left|right`, `cv_format: rendercv|jsonresume`,
`profile.align`, a book's `status`) and numeric ranges (`stars` from 0 to 5). On a site with its
own templates that read the key but name none of the values (a layout that prints
`{{ page.status | upcase }}`), any text works and nothing is reported.

## Why it matters
A value outside the set silently falls back to a default (`toc.sidebar: rigth` gives a left sidebar).

## Example
```yaml
cv_format: render-cv   # bad
cv_format: rendercv    # good
```

## Fix
A single close match is fixed safely.
""", parent="FL101", fixable="sometimes")

declare("FL103", "unknown-layout", Severity.ERROR, """
A `layout:` that exists neither in the site's `_layouts/` nor in al-folio.

## What it checks
The layout named in front matter (or by a `defaults:` entry) against the site's own layout files,
or against al-folio's built-in layouts on v1 sites and for files outside a site. Old layout names
(`archive-year`, …) are reported as deprecations instead.

## Why it matters
Jekyll builds the page with no layout at all: no navbar, no styles, just the raw content.

## Example
```yaml
layout: abuot   # bad: did you mean `about`?
```

## Fix
Offered with `--unsafe-fixes` when exactly one layout is close.
""", parent="FL101", fixable="sometimes")

declare("FL104", "missing-key", Severity.ERROR, """
A key al-folio needs for what the page does.

## What it checks
Only real needs: a page with `nav: true` needs a `title` (the navbar shows it); a news item that
is not `inline: true` is listed by its `title` (info: Jekyll falls back to the file name). Posts
do not need a title (Jekyll takes it from the file name). Values from `defaults:` count.

## Why it matters
The navbar gets an entry without a label.

## Example
```yaml
nav: true
# title: missing -> an empty navbar link
```
""", parent="FL101")

declare("FL105", "bad-date", Severity.ERROR, """
A date key whose value is not a date Jekyll can read.

## What it checks
`date`, `last_modified_at`, a book's `started`/`finished`, … must hold a date Ruby's `Time.parse`
(which Jekyll uses) can find: `2024-05-01`, `2024-05-01 14:30:00 -0400`, `May 1, 2024`,
`08-03-2020`. Text with no date in it at all (`TBD`, `soon`, `not a date`) is reported; the
many loose forms Ruby accepts are not.

## Why it matters
`date: TBD` makes Jekyll abort the whole build; other date keys show the raw text.

## Example
```yaml
date: TBD          # bad
date: 2024-05-01   # good
```
""", parent="FL101")

declare("FL106", "schema-skipped", Severity.INFO, """
Schema checks were skipped: the site or the page belongs to another Jekyll theme.

## What it checks
A `_config.yml` whose `theme`/`remote_theme`/Gemfile/layouts name another theme (academicpages,
minimal-mistakes, minima, …), or a lone file with a layout or keys only another theme has
(`layout: single`, `author_profile: true`, …). Only YAML-level checks run for them.

## Why it matters
al-folio's schemas would flag every key of another theme as unknown.

## Example
```yaml
layout: single         # info: minimal-mistakes' layout, al-folio checks skipped
author_profile: true
```
```yaml
layout: page           # al-folio's layout: the page is checked in full
```

## Fix
Nothing to do if the site or page really uses another theme. On an al-folio site, remove the
other theme's layout and keys.
""", parent="FL101")

declare("FL201", "unknown-key", Severity.WARNING, """
A front-matter key nothing reads: not al-folio's layout, not the site's own templates, not the page's Liquid.

## What it checks
Every key (at any depth, e.g. `profile.foo`) that is not in the schema of the page's layout and
collection, not read as `page.KEY` by the site's own `_layouts/`/`_includes/`, not read by the
page's own Liquid, and not listed in `extra-keys`, and that resembles no known key. Keys set for
many pages by `_config.yml` `defaults:` are not reported per page.

## Why it matters
The key has no effect on the built site. It may be a leftover, or your own data read by a plugin;
in that case add it to `extra-keys` in `.folio-lint.yml`.

## Example
```yaml
math: true   # no al-folio layout reads it: math is `enable_math` in _config.yml
```
""", parent="FL101")

declare("FL202", "misspelled-key", Severity.ERROR, """
A front-matter key that is a near-miss of a key al-folio reads: a typo.

## What it checks
Unknown keys (at any depth) within a small edit distance of a known key (transpositions count as
one edit; at most about 30 % of the key's length, as Quarto's validator does), ranked by distance
and by how common the key is: `permlink` → `permalink`, `image_cicular` → `image_circular`,
`nav_ordr` → `nav_order`, `profile.adress` → … Case and `-`/`_` differences count as typos too.

## Why it matters
The misspelled key is silently ignored: the page has no permalink, the picture is not round.

## Example
```yaml
permlink: /publications/   # bad
permalink: /publications/  # good
```

## Fix
Safe when there is exactly one best suggestion and the right key is not already present: only
the key text is renamed.
""", parent="FL101", fixable="sometimes")

declare("FL203", "deprecated-key", Severity.WARNING, """
A key or value from an older al-folio that the current template no longer reads.

## What it checks
The key histories in `folio_lint/data/deprecations.yml` (al-folio.md §4.2, §8): `news: true` →
`announcements: {enabled: true}` (v0.14.0), `latest_posts: true` → a mapping, `profile.address` →
`profile.more_info` (2023-09), `profile.image_cicular` (a typo the template shipped in 2022),
`description:` on the about page → `subtitle:`, `comments:` → `disqus_comments:`, `order:` →
`nav_order:`, `years:`, `last_updated` → `last_modified_at`, `layout: archive-year` …

The site's era decides: when the site's own `_layouts/` still read the old key, it works there and
the finding is only an info (upgrading will need the new form). On a current site (no own layouts,
or layouts that read the new key) it is a warning; own layouts that read neither the old key nor
its successor make it an info (unused here, and the new form would not show anything either). An
old key left empty (`address:` with no value) carries nothing to lose or move: nothing is said.

## Why it matters
After an upgrade the old key silently stops working: the news list or the address disappears.

## Example
```yaml
layout: about
news: true        # bad: not read since v0.14.0
```
```yaml
layout: about
announcements:    # good
  enabled: true
```

## Fix
Mechanical migrations are safe fixes (`news: true` → `announcements:` / `  enabled: true`,
keeping indentation and line endings; renames). Choices (`comments:` → Disqus or giscus) are unsafe.
""", parent="FL101", fixable="sometimes")

declare("FL204", "key-for-other-layout", Severity.INFO, """
A key another al-folio layout reads, on a page whose layout does not.

## What it checks
Keys such as `profile` on a `page` layout, or `giscus_comments` on the `default` layout.

## Why it matters
The key has no effect here; maybe the layout is not the one you meant.

## Example
```yaml
layout: page       # info: the `page` layout does not read `profile`
profile:
  align: right
```
```yaml
layout: about      # the layout that shows the profile picture
profile:
  align: right
```

## Fix
Use the layout that reads the key, or delete the key.
""", parent="FL101")
