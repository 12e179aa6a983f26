"""FL6xx: `_config.yml` keys — unknown, misspelled, wrongly typed and dead settings (FL600 is in core)."""

from __future__ import annotations

import posixpath
import re

from ..diagnostics import Applicability, Edit, Finding, Fix, Severity
from ..registry import CONFIG, declare, rule
from ..suggest import clear_winner, suggest
from .schema import _SEV, _get_path, _scalar_repr, pinned_before, rename_edit, schema_site, value_finding

# top-level settings of plugins that do not use their own name, known when the plugin is in `plugins:`
_PLUGIN_SETTINGS = {
    "jekyll-polyglot": ("languages", "default_lang", "exclude_from_localization", "parallel_localization",
                        "lang_from_path", "lang_vars", "lang_subset", "url"),
}
# keys that plugins read under their own name (jekyll-xyz: ...) are never "unknown"
_PLUGIN_LIKE = ("jekyll", "scholar", "archives", "paginate", "minifier", "sitemap", "feed", "seo", "toc", "imagemagick",
                "compress", "algolia", "sass", "pwa", "webmention", "mathjax")


def _readable(cfg) -> bool:
    """Settings to check: a mapping read from `_config.yml`. With a YAML syntax error (FL002 reports
    it), discovery reads the top-level keys one by one; the keys that were read are checked too."""
    return (cfg.source is not None and not cfg.source.error and cfg.yaml is not None
            and isinstance(cfg.yaml.data, dict) and (cfg.yaml.ok or bool(cfg.yaml.nodes)))


@rule("FL601", "config-unknown-key", Severity.INFO, CONFIG,
      also=("FL602", "FL603", "FL604", "FL106"))
def config_keys(site, ctx):
    """A `_config.yml` key that neither Jekyll, the plugins al-folio ships, al-folio nor the site's templates read.

    ## What it checks
    Top-level keys of `_config.yml` against `schemas/config.schema.json` (Jekyll's own settings,
    al-folio's settings of every era, the plugins al-folio ships) and the `site.KEY` paths the
    site's own `_layouts/`/`_includes/` read. Plugins read settings folio-lint cannot know, so an
    unknown key is only an info; a near-miss of a known key is a typo (FL602).

    ## Why it matters
    A setting nobody reads does nothing; often it is a leftover of an older al-folio.

    ## Example
    ```yaml
    my_custom_flag: true   # info, unless your own templates read site.my_custom_flag
    ```
    """
    cfg = site.config
    if not _readable(cfg):
        return
    sc = schema_site(site, ctx)
    path = cfg.source.path
    nodes = cfg.yaml.nodes
    if sc.other_theme:
        key = "remote_theme" if "remote_theme" in cfg.data else "theme"
        n = nodes.get((key,))
        s, e = (n.key_start, n.key_end) if n is not None and n.key_start is not None else (0, 0)
        yield Finding(path, s, e,
                      f"this site uses another Jekyll theme ({site.theme_evidence or site.theme}); al-folio schema checks "
                      "were skipped, only YAML-level checks ran",
                      hint="nothing to do if the site is not an al-folio site", code="FL106", severity=Severity.INFO)
        for e in sc.cfg_deps.get("gems", ()):
            if e.get("id") == "cfg-gems":  # Jekyll's own rename (3.5): true whatever the theme
                f = _config_deprecation(site, sc, e, path, cfg.source.text, ctx.settings)
                if f is not None:
                    yield f
        return
    spec = sc.catalog.config()
    props = spec.props or {}
    tk = sc.templates
    text = cfg.source.text
    handled: set[tuple] = set()
    for k in list(cfg.data):
        for e in sc.cfg_deps.get(k, ()):
            f = _config_deprecation(site, sc, e, path, text, ctx.settings)
            if f is not None:
                handled.add(f.data["path_tuple"])
                yield f
    for k, v in cfg.data.items():
        if (k,) in handled or not isinstance(k, str):
            continue
        if k in ("include", "exclude") and not isinstance(v, list):
            f = _not_a_list(cfg, k, v)
            if f is not None:
                yield f
            continue
        s_ = props.get(k)
        if s_ is None:
            if k in sc.cfg_deps or tk.reads_site(k) or k in sc.plugins:
                continue
            if any(k in keys for name, keys in _PLUGIN_SETTINGS.items() if name in sc.plugins):
                continue
            n = nodes.get((k,))
            if n is None or n.key_start is None:
                continue
            sugg = suggest(k, props)
            if sugg:
                fix = None
                if clear_winner(k, sugg) and sugg[0] not in cfg.data:
                    fix = Fix(f"Rename `{k}` to `{sugg[0]}`", (rename_edit(text, n.key_start, n.key_end, sugg[0]),),
                              Applicability.SAFE)
                desc = props[sugg[0]].description
                yield Finding(path, n.key_start, n.key_end, f"`{k}` is not a setting al-folio or Jekyll reads; did you mean `{sugg[0]}`?",
                              hint=f"`{sugg[0]}`: {desc}" if desc else None, fix=fix, code="FL602",
                              data={"key": k, "suggestions": sugg})
            elif not any(p in k.lower() for p in _PLUGIN_LIKE):
                yield Finding(path, n.key_start, n.key_end,
                              f"`{k}` is not a setting Jekyll, al-folio or this site's templates read",
                              hint="if a plugin reads it, ignore this (or turn FL601 off); otherwise delete it",
                              code="FL601", data={"key": k})
            continue
        if v is None or s_.ok(v):
            continue
        for issue in s_.issues(v, (k,)):
            if issue.kind in ("unknown", "required"):
                continue
            if any(issue.path[: len(h)] == h for h in handled):
                continue
            n = nodes.get(issue.path)
            if n is None:
                continue
            loc = (path, n.start, n.end) if n.start != n.end or n.key_start is None else (path, n.key_start, n.key_end)
            yield value_finding(site, cfg.yaml.traps, issue, loc, config=True)


def _not_a_list(cfg, key: str, value) -> Finding | None:
    """``include:``/``exclude:`` that is not a list: Jekyll refuses to build (``check_include_exclude``)."""
    n = cfg.yaml.nodes.get((key,))
    if n is None or n.key_start is None:
        return None
    text = cfg.source.text
    shown = "nothing" if value is None else f"`{_scalar_repr(value)}`" if not isinstance(value, dict) else "a mapping"
    fix = None
    items = [] if value is None or not str(value).strip() else [str(value).strip()]
    new = "[" + ", ".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items) + "]"
    if n.kind == "scalar" and (value is None or isinstance(value, str)) and "\n" not in text[n.start:n.end]:
        if n.start == n.end:  # `include:` with no value
            edit = Edit(n.key_end + 1, n.key_end + 1, " " + new) if text[n.key_end:n.key_end + 1] == ":" else None
        else:
            edit = Edit(n.start, n.end, new)
        if edit is not None:
            fix = Fix(f"Write `{key}` as the list {new}", (edit,), Applicability.SAFE)
    s, e = (n.start, n.end) if n.start != n.end else (n.key_start, n.key_end)
    return Finding(cfg.source.path, s, e,
                   f"`{key}` must be a list, but it is {shown}: Jekyll stops with \"'{key}' should be set as an array\" "
                   "and the site is not built",
                   hint=f"write it as a YAML list: `{key}: {new if items else '[_pages]'}` or one `- item` per line",
                   fix=fix, code="FL603", severity=Severity.ERROR, data={"key": key})


def _config_deprecation(site, sc, e: dict, path: str, text: str, settings=None) -> Finding | None:
    cfg = site.config
    hits = _get_path(cfg.data, e["path"].split("."))
    if not hits:
        return None
    kp, value = hits[0]
    if value is None:
        return None  # `email:` with nothing after it: no era of al-folio shows an empty setting, nothing to move
    tk = sc.templates
    if sc.templates_decide and e.get("live_if") and any(tk.reads_site(p) for p in e["live_if"]):
        return None  # this site's own templates still read it: it works here
    if sc.templates_decide and e.get("live_if_plugin") and e["live_if_plugin"] in sc.plugins:
        return None  # a site on its own templates that still loads the old plugin: it works here
    plugin = (e.get("read_by_plugin") or {}).get(".".join(str(p) for p in kp))
    if plugin and plugin in sc.plugins:
        return None  # a plugin the site loads reads it (`paginate` of jekyll-paginate): it works here
    if settings is not None and pinned_before(settings, e):
        return None  # the pinned al-folio release still reads it
    n = cfg.yaml.nodes.get(kp)
    if n is None or n.key_start is None:
        return None
    key = ".".join(str(p) for p in kp)
    msg = e["message"].format(key=key, value=_scalar_repr(value) if not isinstance(value, (dict, list)) else "...")
    hint = e.get("migration", "").format(key=key, value="") or None
    fix = None
    fx = e.get("fix") or {}
    if fx.get("kind") == "rename" and not any(_get_path(cfg.data, c.split(".")) for c in e.get("conflicts") or ()):
        fix = Fix(f"Rename `{kp[-1]}` to `{fx['to']}`", (rename_edit(text, n.key_start, n.key_end, fx["to"]),),
                  Applicability.SAFE if fx.get("safety") == "safe" else Applicability.UNSAFE)
    sev = _SEV.get(str(e.get("severity", "warning")), Severity.WARNING)
    code = "FL602" if e.get("code") == "FL602" else "FL604"
    repl = e.get("replacement")
    if sc.templates_decide and e.get("live_if") and sev != Severity.INFO and code == "FL604":
        # this site's own templates read neither the old setting nor its successor: they predate the change
        # (al-folio often shipped such keys unused, e.g. `giscus.theme` 2023-2025): an unused setting, not a regression
        new_form = [str(x) for x in (e.get("new_if") or ([repl] if repl else []))]
        if not any(tk.reads_site(p) for p in new_form):
            sev = Severity.INFO
            msg += " — this site's own templates do not read it (nor its replacement), so here it is only unused"
    if sev != Severity.INFO and "data.socials" in (e.get("new_if") or ()) and len(kp) == 1:
        socials = site.sources.get("_data/socials.yml")
        if socials is not None and not socials.error and re.search(rf"(?m)^{re.escape(str(kp[0]))}[ \t]*:", socials.text):
            sev = Severity.INFO  # moved already: the `_config.yml` copy is a harmless leftover
            msg += " — `_data/socials.yml` has it already, so this copy is only unused"
    return Finding(path, n.key_start, n.key_end, msg, hint=hint, fix=fix, code=code, severity=sev,
                   data={"id": e["id"], "key": key, "path_tuple": kp, "since": e.get("since"), "pr": e.get("pr"),
                         "replacement": repl})


def _climbs_out(value: str) -> bool:
    """True for a site-relative folder whose `..` steps lead above the site root (`../x`, `a/../../x`)."""
    p = posixpath.normpath(value.strip().replace("\\", "/").lstrip("/") or ".")
    return p == ".." or p.startswith("../")


@rule("FL605", "config-path-outside-site", Severity.WARNING, CONFIG)
def config_path_outside_site(site, ctx):
    """A folder setting in `_config.yml` (`collections_dir`, `scholar.source`) that leads out of the site with `..`.

    ## What it checks
    `collections_dir` and jekyll-scholar's `scholar.source` whose `..` steps climb above the
    site's root folder (`../../etc`, `_bib/../../shared`). folio-lint never reads files outside
    the site, so what is there is not checked; this finding says so instead of staying silent.

    ## Why it matters
    jekyll-scholar joins `scholar.source` to the site folder as written: the bibliography comes
    from outside the site, so the site does not build from its own repository (a fresh clone or
    GitHub Actions has no such folder). Jekyll does not follow `collections_dir` out of the site:
    it reads the collections from the folder of that name inside the site (`../../etc` → `etc/`)
    and, since no folder starts with `../`, builds no posts at all.

    ## Example
    ```yaml
    collections_dir: ../../etc     # bad: leads out of the site
    scholar:
      source: ../shared/bib        # bad: the .bib files are outside the site
    ```
    ```yaml
    collections_dir: my_collections
    scholar:
      source: /_bibliography/      # good: al-folio's folder, inside the site
    ```
    """
    cfg = site.config
    if not _readable(cfg):
        return
    data = cfg.yaml.data
    scholar = data.get("scholar")
    checks = [(("collections_dir",), data.get("collections_dir"))]
    if isinstance(scholar, dict):
        checks.append((("scholar", "source"), scholar.get("source")))
    for kp, value in checks:
        if not isinstance(value, str) or not _climbs_out(value):
            continue
        n = cfg.yaml.nodes.get(kp)
        if n is None or n.key_start is None:
            continue
        s, e = (n.start, n.end) if n.end > n.start else (n.key_start, n.key_end)
        shown = value.strip()
        if kp == ("collections_dir",):
            inside = posixpath.normpath("/" + shown.replace("\\", "/")).strip("/")
            there = f"the site's `{inside}/` folder" if inside else "the site's own folder"
            msg = (f"`collections_dir` points outside the site (`{shown}`): Jekyll stays in the site, it reads "
                   f"the collections from {there} and builds no posts at all (folio-lint reads the same)")
            hint = "name a folder inside the site (`collections_dir: my_collections`, posts in `my_collections/_posts/`), or delete the line"
        else:
            msg = (f"`scholar.source` points outside the site (`{shown}`): jekyll-scholar would read the bibliography "
                   "from there, folio-lint does not (nothing outside the site is read, so citations are not checked)")
            hint = "keep the `.bib` files inside the site, e.g. in `_bibliography/` with `source: /_bibliography/`"
        yield Finding(cfg.source.path, s, e, msg, hint=hint, data={"key": ".".join(kp), "value": shown})


declare("FL602", "config-misspelled-key", Severity.WARNING, """
A `_config.yml` key that is a near-miss of a setting Jekyll or al-folio reads.

## What it checks
Unknown top-level keys within a small edit distance of a known setting (`enable_darkmod` →
`enable_darkmode`, `baseur` → `baseurl`), and al-folio's own old misspelling `enable_mansory`.

## Why it matters
The setting silently keeps its default.

## Example
```yaml
enable_darkmod: true    # bad: did you mean `enable_darkmode`?
enable_darkmode: true   # good
```

## Fix
Renaming the key is a safe fix when one suggestion is clearly best and the right key is not set.
""", parent="FL601", fixable="sometimes")

declare("FL603", "config-wrong-type", Severity.WARNING, """
A `_config.yml` setting whose value has the wrong type or is not one of the allowed values.

## What it checks
The types of the settings al-folio reads: switches (`enable_darkmode: true`), numbers
(`max_author_limit`), lists (`exclude`, `plugins`), mappings (`giscus`, `scholar`, `imagemagick`).
YAML 1.1 words are named (`lang: no` is the boolean false).

## Why it matters
A quoted `"false"` is a non-empty string, which Liquid treats as true. An `include:` or `exclude:`
that is not a list (`include: _pages`, or empty) stops Jekyll ("'include' should be set as an
array"): that one is an error, with a safe fix that writes the list.

## Example
```yaml
enable_darkmode: "false"   # bad: the text "false", which Liquid treats as true
max_author_limit: three    # bad: not a number
```
```yaml
enable_darkmode: false     # good
max_author_limit: 3
```
""", parent="FL601", fixable="sometimes")

declare("FL604", "config-deprecated-key", Severity.WARNING, """
A `_config.yml` setting from an older al-folio that the current template no longer reads.

## What it checks
The dead settings in `folio_lint/data/deprecations.yml` (al-folio.md §7.5, §8): `news_limit`,
`news_scrollable`, the config-level `news:`/`announcements:`/`latest_posts:` blocks (moved to the
about page in v0.14.0), social usernames (moved to `_data/socials.yml` in v0.13.0), top-level
library blocks (moved to `third_party_libraries:`), `giscus.theme`, `blog_nav_title`, … Each
message names the replacement. When the site's own templates still read the key (`site.KEY`), it
works there and nothing is reported. When they read neither the key nor its replacement (templates
copied before the change: al-folio often shipped such keys unused), or a social key is already in
`_data/socials.yml`, the leftover is only an info. On a site of another theme (FL106) only
Jekyll's own rename is reported (`gems:` is `plugins:` since Jekyll 3.5).

## Why it matters
The setting does nothing any more: the news limit or the social icons silently stop working.

## Example
```yaml
# _config.yml — bad: not read since v0.14.0
news_limit: 5
```
```yaml
# _pages/about.md front matter — good
layout: about
announcements:
  enabled: true
  limit: 5
```
""", parent="FL601", fixable="sometimes")
