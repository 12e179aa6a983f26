"""The site's ``_config.yml``: parsed with positions, plus Jekyll's defaults and al-folio's stock values."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from .source import SourceFile
from .yamlload import NodeInfo, YamlResult, load_yaml

# Jekyll 4: Configuration::DEFAULTS["exclude"]; always added to the user's list.
JEKYLL_DEFAULT_EXCLUDES = [
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
]
JEKYLL_DEFAULT_INCLUDES = [".htaccess"]

# What a file with no _config.yml above it is linted against: the v0.16 template's structural keys
# (al-folio.md §5.1, §7.4).
STOCK_AL_FOLIO = {
    "permalink": "/blog/:year/:title/",
    "baseurl": "",
    "include": ["_pages", "_scripts"],
    "collections": {
        "books": {"output": True},
        "news": {"defaults": {"layout": "post"}, "output": True},
        "projects": {"output": True},
        "teachings": {"output": True},
    },
    "defaults": [{"scope": {"path": "assets"}, "values": {"sitemap": False}}],
    "markdown": "kramdown",
    "kramdown": {"input": "GFM"},
    "scholar": {"source": "/_bibliography/", "bibliography": "papers.bib"},
}


@dataclass(slots=True)
class Collection:
    label: str
    directory: str  # site-relative folder, e.g. "_news" or "my_collections/_news"
    output: bool
    permalink: str | None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SiteConfig:
    """The effective configuration. ``yaml`` holds positions when it came from a file."""

    data: dict[str, Any]
    source: SourceFile | None = None  # None: no _config.yml (stock al-folio assumed)
    yaml: YamlResult | None = None
    shape_problems: list[tuple[tuple, str]] = field(default_factory=list)  # (key path, message)

    @property
    def path(self) -> str | None:
        return self.source.path if self.source else None

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def str_list(self, key: str) -> list[str]:
        v = self.data.get(key)
        if v is None:
            return []
        if isinstance(v, str):
            return [v]
        if isinstance(v, list):
            return [str(x) for x in v if x is not None and not isinstance(x, (dict, list))]
        self.shape_problems.append(((key,), f"`{key}` should be a list of paths"))
        return []

    @property
    def baseurl(self) -> str:
        b = self.data.get("baseurl")
        return b if isinstance(b, str) else ""

    @property
    def collections_dir(self) -> str:
        v = self.data.get("collections_dir")
        return v.strip("/") if isinstance(v, str) else ""

    @property
    def collections_path(self) -> str:
        """The folder Jekyll reads the collections (not the posts) from: ``collections_dir`` kept
        inside the site as Jekyll's ``in_source_dir`` keeps it (``../x`` is the site's ``x/``). Posts
        are read only under a folder whose path is ``collections_dir`` as written: none for ``../x``."""
        d = self.collections_dir
        return posixpath.normpath("/" + d).strip("/") if d else ""

    def collections(self) -> dict[str, Collection]:
        raw = self.data.get("collections")
        base = self.collections_dir
        cbase = self.collections_path
        out: dict[str, Collection] = {}
        items: list[tuple[str, dict]] = []
        if isinstance(raw, dict):
            for k, v in raw.items():
                if v is not None and not isinstance(v, dict):
                    self.shape_problems.append((("collections", k), f"collection `{k}` should be a mapping such as `{{output: true}}`"))
                    v = {}
                items.append((str(k), v or {}))
        elif isinstance(raw, list):
            items = [(str(k), {}) for k in raw if isinstance(k, (str, int))]
        elif raw is not None:
            self.shape_problems.append((("collections",), "`collections` should be a mapping of labels to settings"))
        posts_meta: dict = {}
        for label, meta in items:
            if label == "posts":
                posts_meta = meta
                continue
            d = f"{cbase}/_{label}" if cbase else f"_{label}"
            perm = meta.get("permalink")
            out[label] = Collection(label, d, bool(meta.get("output", False)), perm if isinstance(perm, str) else None, meta)
        d = f"{base}/_posts" if base else "_posts"
        perm = posts_meta.get("permalink")
        out["posts"] = Collection("posts", d, True, perm if isinstance(perm, str) else None, posts_meta)
        return out

    def defaults(self) -> list[tuple[int, dict, dict]]:
        """Valid ``defaults:`` entries as (index, scope, values)."""
        raw = self.data.get("defaults")
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.shape_problems.append((("defaults",), "`defaults` should be a list of `{scope: …, values: …}` entries"))
            return []
        out = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict):
                self.shape_problems.append((("defaults", i), "each `defaults` entry should be a mapping with `scope` and `values`"))
                continue
            scope = entry.get("scope") or {}
            values = entry.get("values") or {}
            if not isinstance(scope, dict) or not isinstance(values, dict):
                self.shape_problems.append((("defaults", i), "`scope` and `values` of a `defaults` entry should be mappings"))
                continue
            out.append((i, scope, values))
        return out


def load_config(src: SourceFile | None) -> SiteConfig:
    if src is None:
        import copy

        return SiteConfig(copy.deepcopy(STOCK_AL_FOLIO))
    if src.error is not None:
        return SiteConfig({}, src, None)
    y = load_yaml(src.text, src.lines, 0, 0)
    if not y.ok:
        y = _recover(src, y)
    data = y.data if isinstance(y.data, dict) else {}
    cfg = SiteConfig(data, src, y)
    if y.data is not None and not isinstance(y.data, dict) and y.ok:
        cfg.shape_problems.append(((), "`_config.yml` should be a mapping of settings (`key: value` lines)"))
    return cfg


# a top-level `key:` line (not indented, not a comment, list item or document marker)
_TOP_KEY = re.compile(r"^(?![\s#%-]|\.\.\.)[^\r\n]*?:(?=[ \t]|\r|\n|$)", re.M)


def _recover(src: SourceFile, y: YamlResult) -> YamlResult:
    """`_config.yml` with a YAML syntax error (FL002 reports it): each top-level key read on its own,
    so one broken setting does not lose the others. Jekyll stops on such a file; but with nothing
    read, `include: [_pages]` and `collections:` were lost and every page in `_pages/` and the
    collections went unchecked (or was reported as unbuilt). Keys whose own lines do not parse
    stay unread; the syntax error is kept, so FL002 is reported as before."""
    text = src.text
    starts = [m.start() for m in _TOP_KEY.finditer(text)]
    if len(starts) < 2:
        return y
    # Only the values and their positions are recovered: the file's own findings stay the syntax
    # error alone (no duplicate-key or YAML 1.1 findings from a file that does not parse).
    out = YamlResult(data={}, problems=list(y.problems))
    for a, b in zip(starts, starts[1:] + [len(text)]):
        part = load_yaml(text[a:b], src.lines, a, text.count("\n", 0, a))
        if not part.ok or not isinstance(part.data, dict) or any(p.kind in ("bomb", "depth") for p in part.problems):
            continue
        for k in part.data:  # a key given again later: Jekyll would keep the last one
            if k in out.data:
                out.nodes = {p: v for p, v in out.nodes.items() if not p or p[0] != k}
        out.data.update(part.data)
        out.nodes.update((p, v) for p, v in part.nodes.items() if p)
    if not out.data:
        return y
    out.nodes[()] = NodeInfo(None, None, 0, len(text), "mapping")
    return out
