"""Discover: find the site root, read ``_config.yml`` and enumerate files the way Jekyll's reader does.

This module and :mod:`folio_lint.source` are the only ones that read the disk.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass, field

from .config_yaml import JEKYLL_DEFAULT_EXCLUDES, JEKYLL_DEFAULT_INCLUDES, SiteConfig, load_config
from .site import POST_NAME_RE, Document, Era, SiteIndex, make_document
from .source import SourceFile, has_front_matter, may_be_page, read_source

CONFIG_NAMES = ("_config.yml", "_config.yaml")
# Folders Jekyll reads specially (never pages themselves)
SPECIAL_DIRS = {"_layouts", "_includes", "_data", "_plugins", "_sass", "_site", "_drafts", "_posts"}
BIB_DIRS = ("_bibliography",)
_SPECIAL_LEAD = (".", "_", "#", "~")


class FolioLintError(Exception):
    """A user-facing failure (bad arguments, no such path): exit 2 with a one-line message."""


def find_site_root(start: str) -> str | None:
    """Nearest directory at or above ``start`` holding ``_config.yml``/``_config.yaml``."""
    d = os.path.abspath(start)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    while True:
        for n in CONFIG_NAMES:
            if os.path.isfile(os.path.join(d, n)):
                return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def guess_standalone_root(path: str) -> str:
    """For a file with no ``_config.yml`` above it: the folder above its ``_pages``/``_posts``/``_news``… folder."""
    d = os.path.dirname(os.path.abspath(path)) if os.path.isfile(path) else os.path.abspath(path)
    probe = d
    while True:
        if os.path.basename(probe).startswith("_"):
            return os.path.dirname(probe)
        parent = os.path.dirname(probe)
        if parent == probe or len(os.path.relpath(d, parent).split(os.sep)) > 3:
            return d
        probe = parent


class EntryFilter:
    """Jekyll 4's ``EntryFilter``: special (``.``/``_``/``#``/``~``) and backup (``~``) names and
    ``exclude:`` patterns are skipped unless ``include:`` lists them."""

    def __init__(self, config: SiteConfig, root: str):
        self.include = config.str_list("include") + JEKYLL_DEFAULT_INCLUDES
        excl = config.str_list("exclude") + JEKYLL_DEFAULT_EXCLUDES
        self.exclude = [p for p in excl if p not in self.include]
        self.output = output_folder(config, root)  # the build's own output is never source
        if self.output:
            self.exclude.append(self.output)

    @staticmethod
    def _glob_include(patterns: list[str], rel: str, is_dir: bool) -> bool:
        for pat in patterns:
            p = pat.lstrip("/")
            if not p:
                continue
            if fnmatch.fnmatchcase(rel, p) or rel.startswith(p) or (is_dir and p == rel + "/"):
                return True
        return False

    @staticmethod
    def _compile(patterns: list[str]):
        """``_glob_include`` for many paths: one regex, one prefix tuple, one set (same answers)."""
        ps = [p for p in (pat.lstrip("/") for pat in patterns) if p]
        rx = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in ps)) if ps else None
        return rx, tuple(ps), frozenset(ps)

    def _globs(self, patterns: list[str], rel: str, is_dir: bool) -> bool:
        key = id(patterns)
        memo = self.__dict__.get("_compiled")
        if memo is None:
            memo = self._compiled = {}
        c = memo.get(key)
        if c is None or c[0] is not patterns:
            c = memo[key] = (patterns, self._compile(patterns))
        rx, prefixes, dirs = c[1]
        if rx is None:
            return False
        return rel.startswith(prefixes) or rx.match(rel) is not None or (is_dir and rel + "/" in dirs)

    def included(self, rel: str, is_dir: bool, entry: str | None = None) -> bool:
        """Jekyll tests ``include:`` against the entry its reader lists (a page-walk entry is one
        name: ``_pages/_x.md`` is tested as ``_x.md``, so ``include: [_pages]`` does not bring it in;
        a collection entry is its path inside the collection) and against that entry's base name."""
        name = rel.rsplit("/", 1)[-1]
        entry = name if entry is None else entry
        return self._globs(self.include, entry, is_dir) or self._globs(self.include, name, is_dir)

    def excluded(self, rel: str, is_dir: bool) -> bool:
        return self._globs(self.exclude, rel, is_dir)

    def keep(self, rel: str, is_dir: bool) -> bool:
        if self.included(rel, is_dir):
            return True
        name = rel.rsplit("/", 1)[-1]
        if name.startswith(_SPECIAL_LEAD) or name.endswith("~"):
            return False
        return not self.excluded(rel, is_dir)


_NEVER_WALKED = frozenset({".git", ".hg", ".svn"})  # Jekyll never reads them (dot folders), nor links into them
_CACHE_DIR = ".folio-lint-cache"  # cache.CACHE_DIR


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@dataclass
class _Walk:
    root: str
    real_root: str
    seen_dirs: set  # symlinks met that point outside the site (never followed)
    unreadable: dict = field(default_factory=dict)  # folders that exist but cannot be listed -> why
    skip: frozenset = frozenset()  # folders never listed (the build's output folder)

    def listdir(self, rel: str) -> list[tuple[str, bool]]:
        """Entries of a folder as (site-relative path, is_dir), following symlinks only inside the site
        and never into a folder that contains them (a loop). Each folder is listed once per walk."""
        memo = self.__dict__.setdefault("_listed", {})
        got = memo.get(rel)
        if got is None:
            got = memo[rel] = self._listdir(rel)
        return got

    def _listdir(self, rel: str) -> list[tuple[str, bool]]:
        base = os.path.join(self.root, rel) if rel else self.root
        if rel and not _inside(os.path.realpath(base), self.real_root):
            return []  # a folder named in _config.yml (collections_dir: ../.., scholar source) outside the site
        try:
            with os.scandir(base) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            if os.path.isdir(base):  # it is there, but cannot be listed (permissions): Jekyll would stop
                self.unreadable[rel] = e.strerror or str(e)
            return []
        out = []
        real_base = None
        for ent in entries:
            n = ent.name
            if n in _NEVER_WALKED or (not rel and n == _CACHE_DIR):
                continue  # version control data and folio-lint's own cache: never part of a site
            r = f"{rel}/{n}" if rel else n
            try:
                try:
                    link = ent.is_symlink()
                except OSError:
                    link = False
                if link:
                    real = os.path.realpath(ent.path)
                    if not (real == self.real_root or real.startswith(self.real_root + os.sep)):
                        self.seen_dirs.add(r)  # never leave the site (the path is kept for a finding)
                        continue
                try:
                    is_dir = ent.is_dir()
                except OSError:
                    is_dir = False
                if link and is_dir:
                    real_base = real_base or os.path.realpath(base)
                    if real_base == real or real_base.startswith(real + os.sep):
                        continue  # a link to a folder above it: a loop
                    if any(_inside(a, real) for a in self._chain(rel)):
                        continue  # links leading back into a folder already being walked (a -> b -> a)
                elif not is_dir and not _is_file(ent) and os.path.lexists(ent.path) and os.path.exists(ent.path):
                    continue  # a named pipe, socket or device: never opened (reading one can block)
                if is_dir and r in self.skip:
                    continue  # Jekyll's destination (an old build): never read as source
            except OSError:
                continue
            out.append((r, is_dir))
        return out

    def _chain(self, rel: str) -> list[str]:
        """Real paths of ``rel`` and of every folder above it (up to the root)."""
        parts = rel.split("/") if rel else []
        return [os.path.realpath(os.path.join(self.root, *parts[:i])) for i in range(len(parts) + 1)]

    def all_files(self, rel: str) -> list[str]:
        files = []
        stack = [rel]
        while stack:
            d = stack.pop()
            for r, is_dir in self.listdir(d):
                if is_dir:
                    stack.append(r)
                else:
                    files.append(r)
        return sorted(files)


def _is_file(ent: os.DirEntry) -> bool:
    """``ent.is_file()``; False for a loop of symbolic links (which raises): kept, read and reported
    as FL001 like a dangling link, not dropped from the walk."""
    try:
        return ent.is_file()
    except OSError:
        return False


def _starts_with_front_matter(abspath: str) -> bool:
    """Does the file open with front matter (read: its first bytes only)? Unreadable: False."""
    from .source import BOM

    try:
        with open(abspath, "rb") as fh:
            head = fh.read(256).decode("utf-8", errors="replace")
    except OSError:
        return False
    return has_front_matter(head.removeprefix(BOM))


def output_folder(config: SiteConfig, root: str) -> str | None:
    """The site-relative folder Jekyll writes the build to (`destination:`, default `_site`); None when
    it is outside the site (or the site root itself)."""
    dest = config.get("destination")
    dest = dest.strip() if isinstance(dest, str) and dest.strip() else "_site"
    if os.path.isabs(dest):
        try:
            dest = os.path.relpath(dest, root or ".")
        except ValueError:  # (another drive)
            return None
    rel = posixpath.normpath(dest.replace(os.sep, "/")).strip("/")
    return None if rel in ("", ".") or rel.startswith("..") else rel


def _classify_site_files(root: str, config: SiteConfig):
    """Walk the tree like Jekyll's Reader. Returns (docs, static, other, layouts, includes, data, bibs, skipped_posts)."""
    filt = EntryFilter(config, root)
    walk = _Walk(root, os.path.realpath(root), set(), skip=frozenset([filt.output] if filt.output else ()))
    collections = config.collections()
    coll_dirs = {c.directory: c for c in collections.values() if c.label != "posts"}
    cdir = config.collections_dir

    pages: list[tuple[str, str, str | None]] = []  # (path, kind, collection)
    static: set[str] = set()
    candidates: list[str] = []  # files whose front matter decides page vs static
    skipped_posts: list[str] = []
    walked_dirs: list[str] = []

    # pages and static files: recursive, filtered
    stack = [""]
    while stack:
        d = stack.pop()
        walked_dirs.append(d)
        for rel, is_dir in walk.listdir(d):
            if not filt.keep(rel, is_dir):
                continue
            if is_dir:
                if rel in coll_dirs:
                    continue  # read as a collection below
                stack.append(rel)
            else:
                candidates.append(rel)
    # Jekyll's read_included_excludes: an `include:` entry naming a file is read wherever it is
    # (`include: [_pages/_x.md]` builds it although the walk skips `_x.md`)
    seen = set(candidates)
    for pat in filt.include:
        rel = posixpath.normpath(pat.strip().lstrip("/")) if isinstance(pat, str) and pat.strip() else ""
        if (rel and rel not in seen and not rel.startswith("../") and rel.split("/", 1)[0] not in coll_dirs
                and "_posts" not in rel.split("/") and "_drafts" not in rel.split("/")
                and os.path.isfile(os.path.join(root, rel)) and _inside(os.path.realpath(os.path.join(root, rel)), walk.real_root)):
            candidates.append(rel)
            seen.add(rel)

    # posts and drafts: <dir>/_posts and <dir>/_drafts of every walked folder (under collections_dir if set)
    for d in walked_dirs:
        if cdir and not (d == cdir or d.startswith(cdir + "/")):
            continue
        for magic, kind in (("_posts", "post"), ("_drafts", "draft")):
            pd = f"{d}/{magic}" if d else magic
            if not os.path.isdir(os.path.join(root, pd)):
                continue
            for rel in walk.all_files(pd):
                sub = rel[len(pd) + 1 :]
                if any(part.startswith(_SPECIAL_LEAD) for part in sub.split("/")) or filt.excluded(rel, False):
                    continue
                if kind == "post" and not POST_NAME_RE.match(sub):
                    if _starts_with_front_matter(os.path.join(root, rel)):  # (an image kept there is no post)
                        skipped_posts.append(rel)
                    continue
                pages.append((rel, kind, "posts"))
    # collections
    for c in collections.values():
        if c.label == "posts":
            continue
        if not os.path.isdir(os.path.join(root, c.directory)):
            continue
        for rel in walk.all_files(c.directory):
            sub = rel[len(c.directory) + 1 :]
            parts = sub.split("/")
            if any(p.startswith(_SPECIAL_LEAD) for p in parts) and not filt.included(rel, False, sub):
                continue
            if filt.excluded(rel, False) and not filt.included(rel, False, sub):
                continue
            pages.append((rel, "document", c.label))

    # everything else under the root (for "does this file exist" and for the special folders)
    layouts: dict[str, str] = {}
    includes: dict[str, str] = {}
    data_files: list[str] = []
    bibs: list[str] = []
    other: set[str] = set()
    for rel, is_dir in walk.listdir(""):
        if not is_dir:
            continue
        name = rel
        if name == "_layouts":
            for f in walk.all_files(rel):
                n = f[len(rel) + 1 :]
                layouts.setdefault(n.rsplit(".", 1)[0] if "." in n.rsplit("/", 1)[-1] else n, f)
                other.add(f)
        elif name == "_includes":
            for f in walk.all_files(rel):
                includes[f[len(rel) + 1 :]] = f
                other.add(f)
        elif name == "_data":
            for f in walk.all_files(rel):
                data_files.append(f)
                other.add(f)
    scholar = config.get("scholar")
    bib_dir = "_bibliography"
    if isinstance(scholar, dict) and isinstance(scholar.get("source"), str):
        from .bibtex import source_dir

        bib_dir = source_dir(scholar["source"])  # (None: outside the site, never read)
    for bd in {bib_dir, "_bibliography", "assets/bibliography"}:
        if bd and os.path.isdir(os.path.join(root, bd)):
            for f in walk.all_files(bd):
                if f.endswith(".bib"):
                    bibs.append(f)
    return pages, candidates, static, skipped_posts, layouts, includes, data_files, sorted(set(bibs)), other, walk


def _read_other_files(walk: _Walk, known: set[str]) -> frozenset[str]:
    """Every file under the root not otherwise known (including excluded ones), for existence checks."""
    out = set()
    for f in walk.all_files(""):
        if f not in known:  # (the walk leaves out folio-lint's own cache and version control folders)
            out.add(f)
    return frozenset(out)


def detect_era(root: str, config: SiteConfig, layouts: dict, includes: dict) -> Era:
    ev: list[str] = []
    theme = config.get("theme")
    if theme == "al_folio_core" or (isinstance(config.get("al_folio"), dict) and not layouts):
        shape = "v1"
        ev.append("theme: al_folio_core" if theme == "al_folio_core" else "`al_folio:` block and no _layouts/")
    elif layouts or includes:
        shape = "v0"
        ev.append("the site carries its own _layouts/ and _includes/")
    else:
        shape = "unknown"
    exts = {os.path.splitext(p)[1] for p in includes}
    inc_ext = ".liquid" if ".liquid" in exts else (".html" if ".html" in exts else None)
    if inc_ext:
        ev.append(f"includes are {inc_ext} files ({'2024-01 or later' if inc_ext == '.liquid' else 'before 2024-01'})")
    return Era(shape, inc_ext, ev)


_OTHER_THEME_GEMS = re.compile(
    r"""^[ \t]*gem\s+['"](minimal-mistakes-jekyll|jekyll-theme-[\w-]+|jekyll-theme-chirpy|beautiful-jekyll-theme|just-the-docs|minima|jekyll-academicpages|hydejack|jekyll-text-theme)['"]""",
    re.M,
)


# another static-site generator's project file: the folder is not a Jekyll site at all
_OTHER_GENERATORS = (("pelicanconf.py", "Pelican"), ("hugo.toml", "Hugo"), ("hugo.yaml", "Hugo"), ("mkdocs.yml", "MkDocs"),
                     (".eleventy.js", "Eleventy"), ("eleventy.config.js", "Eleventy"), ("astro.config.mjs", "Astro"),
                     ("docusaurus.config.js", "Docusaurus"), ("gatsby-config.js", "Gatsby"),
                     # JavaScript frameworks' static exports, deployed by a workflow (a lab's Next.js site with old .mdx posts)
                     ("next.config.js", "Next.js"), ("next.config.mjs", "Next.js"), ("next.config.ts", "Next.js"),
                     ("astro.config.ts", "Astro"), ("astro.config.js", "Astro"), ("nuxt.config.ts", "Nuxt"),
                     ("nuxt.config.js", "Nuxt"), ("svelte.config.js", "SvelteKit"), ("docusaurus.config.ts", "Docusaurus"),
                     ("gatsby-config.ts", "Gatsby"), ("_quarto.yml", "Quarto"))


def _other_generator(root: str) -> tuple[str, str] | None:
    for fname, gen in _OTHER_GENERATORS:
        if os.path.isfile(os.path.join(root, fname)):
            return fname, gen
    return None


def _other_theme_copy(root: str, config: SiteConfig, names: set, includes: set) -> tuple[str, str] | None:
    """Another theme copied into the site (no `theme:` gem), or another generator's project."""
    gen = _other_generator(root) if config.source is None else None
    if gen is not None:
        return gen[1], f"`{gen[0]}`: a {gen[1]} project, not a Jekyll site"
    if "navbar-links" in config.data or ({"base", "minimal"} <= names and "nav.html" in includes):
        return "beautiful-jekyll", "_layouts/ and `navbar-links:` of Beautiful Jekyll"
    if "hydejack" in config.data or {"blog", "list", "not-found"} <= names:
        return "hydejack", "_layouts/ of Hydejack"
    # Jekyll Now (barryclark) and its copies: `footer-links:` and the svg-icons/meta includes, never al-folio's
    if "footer-links" in config.data or {"svg-icons.html", "meta.html"} <= includes:
        return "jekyll-now", "`footer-links:` and _includes/ of Jekyll Now"
    # Michael Rose's older themes copied into the site (So Simple, HPSTR): the `owner:` block and browser-upgrade.html
    if "browser-upgrade.html" in includes and isinstance(config.data.get("owner"), dict):
        return "so-simple-theme", "`owner:` and _includes/browser-upgrade.html of So Simple (mmistakes)"
    # Chirpy 2.x-5.x copies predate refactor-content.html; their sidebar/topbar/panel and trending
    # tags includes are Chirpy's own (al-folio never had them)
    if ("refactor-content.html" in includes or ({"categories", "tags", "archives"} <= names and "home" in names)
            or "trending-tags.html" in includes or {"topbar.html", "panel.html", "sidebar.html"} <= includes):
        return "jekyll-theme-chirpy", "_layouts/ and _includes/ of Chirpy"
    if {"article", "articles", "landing"} <= names:
        return "jekyll-text-theme", "_layouts/ of TeXt (article/articles/landing)"
    if {"portrait.html", "citation.html", "section.html"} <= includes and "member" in names:
        return "lab-website-template", "_layouts/ and _includes/ of the Greene Lab website template"
    # a minimal-mistakes descendant reduced to one `default` layout (AcadHomepage and its copies):
    # its includes still carry the sidebar author card and the masthead, which al-folio never had
    if {"author-profile.html", "masthead.html"} <= includes:
        return "academicpages/minimal-mistakes", "_includes/ of minimal-mistakes (author-profile.html, masthead.html)"
    # the Allan Lab lab-website template (gridlay/homelay/textlay), unless al-folio layouts were mixed in
    if {"gridlay", "homelay", "textlay"} <= names and not ({"about", "bib", "distill"} & names):
        return "allan-lab-template", "_layouts/ of the Allan Lab website template (gridlay/homelay/textlay)"
    try:
        specs = [f[:-len(".gemspec")] for f in os.listdir(root) if f.endswith(".gemspec")]
    except OSError:
        specs = []
    for name in specs:
        if "al-folio" not in name and "al_folio" not in name and re.search(r"jekyll|theme", name):
            return name, f"`{name}.gemspec`: the source of the {name} theme"
    return None


def detect_theme(root: str, config: SiteConfig, layouts: dict, includes: dict, gemfile: str) -> tuple[str | None, str | None]:
    """("al-folio" | other theme name | None, evidence); ``gemfile`` is the text of the site's Gemfile."""
    theme = config.get("theme")
    remote = config.get("remote_theme")
    if theme == "al_folio_core" or (isinstance(remote, str) and "al-folio" in remote):
        return "al-folio", f"theme: {theme or remote}"
    if isinstance(remote, str) and remote.strip():
        return remote.strip(), f"remote_theme: {remote}"
    if isinstance(theme, str) and theme.strip():
        return theme.strip(), f"theme: {theme}"
    names = set(layouts)
    if {"about", "distill"} <= names or ({"about", "post"} <= names and ("bib" in names or "cv" in names)):
        return "al-folio", "_layouts/ has al-folio's about/distill/bib layouts"
    if "single" in names and ("splash" in names or "archive" in names or "author-profile.html" in includes):
        return "academicpages/minimal-mistakes", "_layouts/ has single/splash/archive layouts"
    other = _other_theme_copy(root, config, names, set(includes))
    if other is not None:
        return other
    # al-folio's settings before the Gemfile: a theme gem there that `theme:` does not name is not
    # used by Jekyll (a lab site grown from al-folio whose Gemfile still lists `gem "minima"`)
    if any(k in config.data for k in ("scholar", "enable_darkmode", "first_name", "al_folio")):
        return "al-folio", "_config.yml has al-folio settings"
    m = _OTHER_THEME_GEMS.search(gemfile)
    if m:  # not the theme (no `theme:`), but the site's lineage: its own templates are that theme's
        return m.group(1), f"Gemfile lists {m.group(1)} (not named by `theme:`)"
    return None, None


def build_site(root: str | None, *, standalone_files: list[str] | None = None, stock: bool = False,
               parse=None, prescan=None) -> SiteIndex:
    """Read a whole site.

    ``parse(sources) -> [FrontMatter | None]`` parses the pages' front matter in one batch (the
    runner passes the cache's, which also spreads the work across cores); default: one by one.
    ``prescan(root, paths, config, bibs)``: called after the walk with the files that may be pages
    and the ``.bib`` files; what it returns (a :class:`folio_lint.prescan.Prescan`, or None) is
    kept as ``extras["prescan"]``.

    With ``root=None``, only ``standalone_files`` are read, as if in a stock al-folio site; with
    ``stock=True`` the folder ``root`` (which has no ``_config.yml``) is read with the stock
    al-folio configuration. Both give ``standalone=True``: targets outside are unknown.
    """
    if root is None:
        files = standalone_files or []
        base = guess_standalone_root(files[0]) if files else os.getcwd()
        config = load_config(None)
        collections = config.collections()
        docs: dict[str, Document] = {}
        for f in files:
            rel = os.path.relpath(os.path.abspath(f), base).replace(os.sep, "/")
            kind, coll = classify(rel, collections)
            src = read_source(rel, os.path.abspath(f))
            if src.error is None and not has_front_matter(src.text):
                continue
            docs[rel] = make_document(config, src, kind, coll)
        site = SiteIndex(base, config, True, collections, docs, frozenset(), {}, {}, (), (), frozenset())
        site.theme, site.theme_evidence = None, None
        return site

    cfg_src = None
    if not stock:
        for n in CONFIG_NAMES:
            p = os.path.join(root, n)
            if os.path.isfile(p):
                if os.path.islink(p) and not _inside(os.path.realpath(p), os.path.realpath(root)):
                    cfg_src = SourceFile(n, p, None, error="it is a symbolic link to a file outside the site; not read")
                else:
                    cfg_src = read_source(n, p)
                break
    config = load_config(cfg_src)
    pages, candidates, static, skipped, layouts, includes, data_files, bibs, other, walk = _classify_site_files(root, config)
    handle = prescan(root, [*candidates, *(p[0] for p in pages)], config, bibs) if prescan is not None else None
    docs = {}
    pending: list[tuple[str, SourceFile, str, str | None]] = []  # parsed in one batch below
    for rel in candidates:
        src = read_source(rel, os.path.join(root, rel))
        if src.error is None and has_front_matter(src.text):
            pending.append((rel, src, "page", None))
        elif src.error is not None and rel.endswith((".md", ".markdown", ".html")) and may_be_page(src):
            pending.append((rel, src, "page", None))  # unreadable: reported as a finding
        else:
            static.add(rel)
    collections = config.collections()
    for rel, kind, coll in pages:
        src = read_source(rel, os.path.join(root, rel))
        if (src.error is None and not has_front_matter(src.text)) or (src.error is not None and not may_be_page(src)):
            if coll and coll != "posts" and collections[coll].output:
                static.add(rel)
            else:
                other.add(rel)
            continue
        pending.append((rel, src, kind, coll))
    if parse is None:
        for rel, src, kind, coll in pending:
            docs[rel] = make_document(config, src, kind, coll)
    else:
        fms = parse([p[1] for p in pending])
        for (rel, src, kind, coll), fm in zip(pending, fms):
            docs[rel] = make_document(config, src, kind, coll, fm)
    if stock and docs and _other_generator(root) is not None:
        other |= set(docs)  # no _config.yml and another generator's project file: not Jekyll pages
        docs = {}
    known = set(docs) | static | other
    other_files = _read_other_files(walk, known) | frozenset(other)
    site = SiteIndex(
        root, config, stock, collections, docs, frozenset(static), layouts, includes,
        tuple(data_files), tuple(bibs), other_files, tuple(skipped),
    )
    gemfile = _gemfile_text(root)
    if not stock:
        site.gemfile_plugins = frozenset(gemfile_plugins(gemfile))
    lock = _read_text(os.path.join(root, "Gemfile.lock"), 200_000)
    site.jekyll_major = jekyll_major(lock, gemfile)
    site.al_folio_core_version = core_gem_version(lock, gemfile)
    site.theme, site.theme_evidence = detect_theme(root, config, layouts, includes, gemfile)
    site.era = detect_era(root, config, layouts, includes)
    if handle is not None:
        site.extras["prescan"] = handle
    site.extras["outside_links"] = _reported_links(walk.seen_dirs, config, root)  # symlinks out of the site, not followed
    site.extras["unreadable_dirs"] = tuple((p, walk.unreadable[p]) for p in _reported_links(walk.unreadable, config, root))
    from .assets import scan_template_files  # stock files by hash, _data/.bib texts (boilerplate rules)

    scan_template_files(site)
    read_template_sources(site)
    return site


_GROUP_RE = re.compile(r"^\s*group\s+:jekyll_plugins\s+do\s*$(.*?)^\s*end\b", re.M | re.S)
_GEM_RE = re.compile(r"""^\s*gem\s+['"]([\w.-]+)['"]""", re.M)


def _gemfile_text(root: str) -> str:
    """The site's Gemfile ("" when there is none), read once for the theme and the plugins."""
    return _read_text(os.path.join(root, "Gemfile"), -1)


_LOCK_JEKYLL = re.compile(r"^    jekyll \((\d+)\.", re.M)
_GEM_PAGES = re.compile(r"""^\s*gem\s+['"]github-pages['"]""", re.M)
_GEM_JEKYLL3 = re.compile(r"""^\s*gem\s+['"]jekyll['"]\s*,\s*['"][~>=\s]*3\.""", re.M)


def _read_text(path: str, limit: int) -> str:
    """The file's text, at most ``limit`` characters (-1: all); "" when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(limit)
    except OSError:
        return ""


def jekyll_major(lock: str, gemfile: str) -> int | None:
    """The major version of Jekyll the site builds with: Gemfile.lock's `jekyll (x.y.z)`, else 3 for a
    Gemfile with the `github-pages` gem or a `gem "jekyll", "~> 3..."` pin; None when not known."""
    m = _LOCK_JEKYLL.search(lock)
    if m:
        return int(m.group(1))
    gemfile = gemfile[:200_000]
    if _GEM_PAGES.search(gemfile) or _GEM_JEKYLL3.search(gemfile):
        return 3
    return None


_LOCK_CORE = re.compile(r"^    al_folio_core \((\d+(?:\.\d+)+)\)", re.M)
_GEM_CORE_PIN = re.compile(r"""^\s*gem\s+['"]al_folio_core['"]\s*,\s*['"]=?\s*(\d+(?:\.\d+)+)['"]""", re.M)


def core_gem_version(lock: str, gemfile: str) -> tuple[int, ...] | None:
    """The al_folio_core version the site builds with: Gemfile.lock's `al_folio_core (x.y.z)`, else an
    exact pin in the Gemfile (`gem 'al_folio_core', '= 1.0.11'`); None when neither names one."""
    m = _LOCK_CORE.search(lock) or _GEM_CORE_PIN.search(gemfile[:200_000])
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


def gemfile_plugins(gemfile: str) -> set[str]:
    """Gems of the Gemfile's `group :jekyll_plugins` block: Jekyll loads them without `plugins:`."""
    out: set[str] = set()
    for g in _GROUP_RE.finditer(gemfile[:200_000]):
        out |= set(_GEM_RE.findall(g.group(1)))
    return out


def _reported_links(paths, config: SiteConfig, root: str) -> tuple[str, ...]:
    """Paths worth a finding (symlinks out of the site, folders that cannot be listed): not in dot
    folders or excluded ones (node_modules, vendor)."""
    filt = EntryFilter(config, root)
    out = []
    for p in sorted(paths):
        parts = p.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(x.startswith(".") for x in parts) or any(filt.excluded(x, True) for x in prefixes):
            continue
        out.append(p)
    return tuple(out)


def read_template_sources(site: SiteIndex) -> None:
    """Read the site's own ``_layouts/`` and ``_includes/`` files into ``site.sources``: on a v0.x site
    they decide which front-matter keys are live (see :mod:`folio_lint.templates`)."""
    for rel in list(site.layouts.values()) + list(site.includes.values()):
        if rel in site.sources or not rel.endswith((".html", ".liquid", ".htm", ".md", ".xml", ".txt", ".js", ".json")):
            continue
        try:
            if os.path.getsize(os.path.join(site.root, rel)) > 2 * 1024 * 1024:
                continue
        except OSError:
            continue
        src = read_source(rel, os.path.join(site.root, rel))
        if src.error is None:
            site.sources[rel] = src


def classify(rel: str, collections: dict) -> tuple[str, str | None]:
    """Kind and collection of a site-relative path, from its folder (pure)."""
    parts = rel.split("/")
    for i, part in enumerate(parts[:-1]):
        if part == "_posts":
            return "post", "posts"
        if part == "_drafts":
            return "draft", "posts"
    for c in collections.values():
        if c.label != "posts" and rel.startswith(c.directory + "/"):
            return "document", c.label
    return "page", None


def resolve_targets(paths: list[str]) -> list[tuple[str | None, list[str]]]:
    """Group command-line paths by site root: [(root or None for standalone, [paths to report])].

    A folder path with a ``_config.yml`` (at or above it) means its whole site; file paths are
    reported alone but linted in the context of their site.
    """
    if not paths:
        paths = ["."]
    groups: dict[str | None, list[str]] = {}
    for p in paths:
        if not os.path.lexists(p) and not _behind_unreadable_folder(p):  # (a dangling link is FL001)
            raise FolioLintError(f"{p}: no such file or directory")
        root = find_site_root(p)
        groups.setdefault(root, []).append(p)
    return list(groups.items())


def _behind_unreadable_folder(p: str) -> bool:
    """Is ``p`` inside a folder that exists but cannot be searched? (Then it may well exist: the run
    goes on and the folder is reported, FL014, instead of "no such file".)"""
    d = os.path.dirname(os.path.abspath(p))
    while True:
        if os.path.isdir(d):
            return not os.access(d, os.X_OK | os.R_OK)
        parent = os.path.dirname(d)
        if parent == d:
            return False
        d = parent


def not_built_reason(site: SiteIndex, rel: str) -> str | None:
    """Why Jekyll does not render the site file ``rel`` (None: it does, or folio-lint cannot tell). Pure."""
    if rel in site.documents or rel in site.skipped_posts:
        return None
    filt = EntryFilter(site.config, site.root)
    dest = filt.output
    parts = rel.split("/")
    coll_dirs = {c.directory for c in site.collections.values()}
    for i in range(1, len(parts) + 1):
        prefix = "/".join(parts[:i])
        is_dir = i < len(parts)
        if is_dir and prefix == dest:
            return f"`{prefix}/` is the folder Jekyll writes the built site to (`destination:`, default `_site`): never read as source"
        if is_dir and (prefix in coll_dirs or parts[i - 1] in ("_posts", "_drafts")):
            return None  # inside a collection: read by its own rules
        if filt.keep(prefix, is_dir):
            continue
        name = parts[i - 1]
        what = "folder" if is_dir else "file"
        if filt.excluded(prefix, is_dir) and not name.startswith(_SPECIAL_LEAD):
            return f"the {what} `{prefix}` is listed in `exclude:` in `_config.yml`"
        if is_dir and name.startswith("_") and len(parts) > i:
            label = name[1:]
            if label and label not in site.collections and i == 1:
                return (f"Jekyll skips folders whose name starts with `_`: `{name}` is neither in `include:` nor a "
                        f"collection in `collections:`")
        return f"Jekyll skips {what}s whose name starts with `{name[0]}` unless `include:` in `_config.yml` lists them"
    return None


def named_files_not_built(site: SiteIndex, rels) -> list[tuple[str, str]]:
    """Of the files named on the command line, those with front matter that Jekyll will not render, with why."""
    out = []
    for rel in sorted(rels or ()):
        if rel in site.documents or site.standalone:
            continue
        reason = not_built_reason(site, rel)
        if reason is None:
            continue
        src = read_source(rel, os.path.join(site.root, rel))
        if src.error is None and has_front_matter(src.text):
            out.append((rel, reason))
    return out
