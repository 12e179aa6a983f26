"""The read-only site model: documents with merged front matter, static files, layouts, includes.

Built once by :func:`folio_lint.discover.build_site` (the only place that reads the disk) and never
changed afterwards; :meth:`SiteIndex.with_document` returns a new index with one document replaced,
which is how an editor's unsaved buffer is linted against the rest of the site.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .config_yaml import Collection, SiteConfig
from .frontmatter import FrontMatter, parse_front_matter
from .source import SourceFile

# Jekyll's Document::DATE_FILENAME_MATCHER
POST_NAME_RE = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")

def _v1_core() -> dict:
    """The layouts and includes the al_folio_core gem ships (``folio_lint/data/al_folio_v1.yml``)."""
    from .resources import data_text
    from .yamlload import load_plain

    return load_plain(data_text("al_folio_v1.yml"))


_V1 = _v1_core()
# al-folio v1 (al_folio_core) ships these layouts and includes in the gem (al-folio.md §2.2).
V1_BUILTIN_LAYOUTS = frozenset(_V1["layouts"])
V1_CORE_INCLUDES = frozenset(_V1["includes"])


@dataclass(slots=True)
class Document:
    """A file Jekyll renders: a page, a post, a draft or a collection document.

    ``data`` is the front matter merged over ``_config.yml`` ``defaults:`` (the page's own keys
    win); ``origin`` maps top-level keys that came from defaults to the index of their entry.
    """

    path: str
    source: SourceFile
    fm: FrontMatter | None
    kind: str  # "page", "post", "draft", "document"
    collection: str | None  # "posts" for posts and drafts, the label for collection documents
    data: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)

    @property
    def own(self) -> dict[str, Any]:
        return self.fm.data if self.fm else {}

    @property
    def layout(self) -> str | None:
        v = self.data.get("layout")
        return v if isinstance(v, str) else None

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def body_start(self) -> int:
        return self.fm.split.body_start if self.fm else 0

    @property
    def body(self) -> str:
        return self.source.text[self.body_start :]

    @property
    def type(self) -> str:
        """The ``defaults:`` scope type: pages, posts, drafts or the collection label."""
        if self.kind == "page":
            return "pages"
        if self.kind == "post":
            return "posts"
        if self.kind == "draft":
            return "drafts"
        return self.collection or "pages"

    @property
    def ext(self) -> str:
        i = self.path.rfind(".")
        return self.path[i:] if i > self.path.rfind("/") else ""


@dataclass(slots=True)
class Era:
    """What the site's files say about the al-folio version it is on (al-folio.md §2, §8)."""

    shape: str  # "v0" (carries _layouts/_includes), "v1" (theme: al_folio_core), "unknown"
    include_ext: str | None  # ".liquid" (2024-01 on), ".html" (before), None (no _includes/)
    evidence: list[str] = field(default_factory=list)


@dataclass
class SiteIndex:
    root: str  # absolute path of the site root
    config: SiteConfig
    standalone: bool  # no _config.yml found: a stock al-folio site is assumed, the rest is unknown
    collections: dict[str, Collection]
    documents: dict[str, Document]
    static_files: frozenset[str]
    layouts: dict[str, str]  # layout name -> site-relative path of its file
    includes: dict[str, str]  # path under _includes/ -> site-relative path
    data_files: tuple[str, ...]  # site-relative paths under _data/
    bib_files: tuple[str, ...]  # site-relative .bib paths (bibliography folders)
    other_files: frozenset[str]  # every other file under the root (excluded, underscore folders, ...)
    skipped_posts: tuple[str, ...] = ()  # files with front matter in _posts/ whose name has no date: Jekyll skips them
    theme: str | None = None  # "al-folio", or the name of another theme, or None (not known)
    theme_evidence: str | None = None
    era: Era = field(default_factory=lambda: Era("unknown", None))
    sources: dict[str, SourceFile] = field(default_factory=dict)  # extra files read (layouts, includes, config)
    extras: dict[str, Any] = field(default_factory=dict)  # facts later stages add (url map, bib keys, ...)
    gemfile_plugins: frozenset[str] = frozenset()  # gems of the Gemfile's `group :jekyll_plugins` (loaded without `plugins:`)
    jekyll_major: int | None = None  # Jekyll's major version from Gemfile.lock or the Gemfile (None: not known)
    al_folio_core_version: tuple[int, ...] | None = None  # the al_folio_core gem's version (Gemfile.lock, else an exact Gemfile pin)

    # ------------------------------------------------------------------ queries
    def source(self, path: str) -> SourceFile | None:
        d = self.documents.get(path)
        if d is not None:
            return d.source
        if self.config.source is not None and self.config.source.path == path:
            return self.config.source
        return self.sources.get(path)

    def exists(self, path: str) -> bool:
        """Is there a file at this site-relative path (document, static file or any other file)?"""
        path = path.lstrip("/")
        return path in self.documents or path in self.static_files or path in self.other_files

    @cached_property
    def all_paths(self) -> frozenset[str]:
        return frozenset(self.documents) | self.static_files | self.other_files

    @cached_property
    def plugins(self) -> frozenset[str]:
        """The plugins Jekyll loads: `plugins:` (or Jekyll 3's `gems:`) and the Gemfile's
        `:jekyll_plugins` group, which Jekyll requires without any `plugins:` entry."""
        out = set(self.gemfile_plugins)
        for k in ("plugins", "gems"):
            v = self.config.get(k)
            if isinstance(v, list):
                out |= {str(x) for x in v if isinstance(x, (str, int))}
        return frozenset(out)

    @property
    def is_al_folio(self) -> bool:
        return self.theme in (None, "al-folio")

    def layout_exists(self, name: str) -> bool:
        if name in self.layouts:
            return True
        return self.era.shape == "v1" and name in V1_BUILTIN_LAYOUTS

    def with_document(self, doc: Document) -> "SiteIndex":
        """A new index in which ``doc`` replaces the document at its path (or is added)."""
        docs = dict(self.documents)
        docs[doc.path] = doc
        new = copy.copy(self)
        new.documents = docs
        # facts that do not depend on documents survive (parsed .bib files); the URL map is
        # handed on so it can be patched for this one document (see folio_lint.urls.url_map)
        new.extras = {k: v for k, v in self.extras.items() if k in ("scholar", "template_files")}
        if "urls" in self.extras:
            new.extras["urls_base"] = (self.extras["urls"], doc.path)
        new.__dict__.pop("all_paths", None)
        return new


# ---------------------------------------------------------------------- defaults, as Jekyll merges them
def _sanitize_scope_path(p: Any) -> str:
    if not isinstance(p, str):
        return ""
    return p.strip().lstrip("/").rstrip("/") if p.strip() not in ("", "/") else ""


def _applies_path(scope_path: str, doc_path: str) -> bool:
    if not scope_path:
        return True
    if "*" in scope_path or "?" in scope_path or "[" in scope_path:
        # Jekyll globs the pattern and matches files under matched folders too
        return fnmatch.fnmatchcase(doc_path, scope_path) or fnmatch.fnmatchcase(doc_path, scope_path + "/*")
    return doc_path == scope_path or doc_path.startswith(scope_path + "/")


def _applies_type(scope: dict, doc_type: str) -> bool:
    if "type" not in scope:
        return True
    t = str(scope.get("type"))
    legacy = {"page": "pages", "post": "posts", "draft": "drafts"}
    return legacy.get(t, t) == doc_type


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def defaults_for(config: SiteConfig, doc_path: str, doc_type: str) -> tuple[dict, dict[str, int]]:
    """Jekyll's ``FrontmatterDefaults#all``: matching entries, more specific (longer path, then typed) winning,
    later entries winning ties. Returns (values, top-level key -> entry index)."""
    merged: dict = {}
    origin: dict[str, int] = {}
    old_scope: dict | None = None
    for idx, scope, values in config.defaults():
        sp = _sanitize_scope_path(scope.get("path"))
        if not (_applies_path(sp, doc_path) and _applies_type(scope, doc_type)):
            continue
        if old_scope is None or _has_precedence(old_scope, scope):
            merged = _deep_merge(merged, values)
            for k in values:
                origin[str(k)] = idx
            old_scope = scope
        else:
            merged = _deep_merge(values, merged)
            for k in values:
                origin.setdefault(str(k), idx)
    return merged, origin


def _has_precedence(old: dict, new: dict) -> bool:
    np_, op = _sanitize_scope_path(new.get("path")), _sanitize_scope_path(old.get("path"))
    if len(np_) != len(op):
        return len(np_) >= len(op)
    if "type" in new:
        return True
    return "type" not in old


_PARSE = object()  # make_document(..., fm=_PARSE): parse the front matter here


def make_document(config: SiteConfig, src: SourceFile, kind: str, collection: str | None, fm: Any = _PARSE) -> Document:
    """Parse one source and merge its defaults. Pure: used by the discoverer and by editors' buffers.

    ``fm`` is the already parsed front matter (from the cache or a worker process), if any.
    """
    if fm is _PARSE:
        fm = parse_front_matter(src)
    doc = Document(src.path, src, fm, kind, collection)
    defaults, origin = defaults_for(config, src.path, doc.type)
    own = fm.data if fm is not None else {}
    doc.data = _deep_merge(defaults, own) if defaults else dict(own)
    doc.origin = {k: v for k, v in origin.items() if k not in own}
    return doc


def replace_source(doc: Document, src: SourceFile, config: SiteConfig) -> Document:
    """The same document with new text (an editor buffer)."""
    return make_document(config, replace(src, path=doc.path), doc.kind, doc.collection)
