"""FL3xx links, anchors and baseurl; FL4xx assets, includes and citations.

Every link is resolved with Jekyll's own URL rules (:mod:`folio_lint.urls`) against what the
build would write; a link is reported only when folio-lint knows it is broken.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from urllib.parse import unquote

from ..site import V1_CORE_INCLUDES
from ..bibtex import scholar
from ..body import body_of
from ..diagnostics import Applicability, Edit, Finding, Fix, Severity
from ..layout_ids import layout_ids
from ..links import Link, body_links, heading_ids, include_name, literal_exts
from ..prescan import take_prescanned
from ..registry import PAGE, SITE, declare, rule
from ..suggest import close_match
from ..urls import url_map

ASSET_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|bmp|ico|tiff?|pdf|mp4|webm|ogg|ogv|mov|mp3|wav|m4a|flac|"
                       r"zip|gz|tar|bib|txt|csv|json|ipynb|pptx?|docx?|xlsx?|ps|eps|js|css|woff2?|ttf|otf|html?)$", re.I)
RESPONSIVE_VARIANT = re.compile(r"-(?:480|800|1400)\.webp$", re.I)
FM_PATHS = {  # front-matter key -> folder its value is relative to (al-folio.md §10.1)
    "img": "",
    "thumbnail": "",
    "cover": "",
}


# ---------------------------------------------------------------------- shared per-run facts
def _dirs(site) -> frozenset[str]:
    got = site.extras.get("dirs")
    if got is None:
        ds: set[str] = set()
        heads = {p.rpartition("/")[0] for p in site.all_paths}  # each file's folder: a few dozen, once each
        heads.discard("")
        for p in heads:  # and every folder above it
            while p not in ds:
                ds.add(p)
                i = p.rfind("/")
                if i <= 0:
                    break
                p = p[:i]
        got = site.extras["dirs"] = frozenset(ds)
    return got


# folders that hold the site owner's own files: a theme gem never ships these
_USER_ASSET_DIRS = ("assets/img/", "assets/pdf/", "assets/video/", "assets/audio/", "assets/bibliography/",
                    "assets/jupyter/", "assets/html/", "assets/json/")


def _theme_gem(site) -> bool:
    cfg = site.config.data
    return bool(cfg.get("theme") or cfg.get("remote_theme")) or site.era.shape == "v1"


def doc_links(doc, ctx) -> list[Link]:
    """The links of a document's body (:func:`folio_lint.links.body_links`), once per run; its
    Markdown links inside raw HTML blocks go to ``literal_links`` (FL313)."""
    def compute():
        if doc.source.error:
            return []
        pre = take_prescanned(ctx, doc)
        if pre is not None:  # scanned in a child during the parse (folio_lint.prescan)
            got, lit = pre[1], pre[2]
        else:
            got, lit = body_links(doc.path, doc.text, body_of(doc, ctx), literal_exts(ctx))
        ctx.memo.setdefault(("literal-links", doc.path), lit)
        return got

    return ctx.cached(("links", doc.path), compute)


def _jekyll3(site) -> bool:
    """Does the site build with Jekyll 3 (the `github-pages` gem, or a Gemfile.lock / Gemfile pin)?

    Jekyll 3's `{% link %}` and `{% post_url %}` do not add the baseurl; Jekyll 4's do. (Discovery
    reads Gemfile.lock and the Gemfile: ``SiteIndex.jekyll_major``.)
    """
    return site.jekyll_major == 3


def _stops_build(doc, ctx) -> tuple[str, Severity | None]:
    """How a tag that cannot be resolved stops Jekyll: always, or, in a draft, only in a build that
    renders drafts (`jekyll build --drafts`, `show_drafts: true`); and the severity that fits."""
    if getattr(doc, "kind", None) == "draft" and not (bool(getattr(ctx.settings, "drafts", False))
                                                        or ctx.site.config.get("show_drafts") is True):
        return "Jekyll stops a build with `--drafts` (this draft is not built otherwise)", Severity.WARNING
    return "Jekyll stops the build", None


def _baseurl(site) -> str:
    got = site.extras.get("baseurl")
    if got is None:
        b = site.config.baseurl.strip()
        got = site.extras["baseurl"] = "" if b in ("", "/") else "/" + b.strip("/")
    return got


def _page_dir(url: str) -> str:
    return url if url.endswith("/") else url[: url.rfind("/") + 1]


def served_elsewhere(ctx, url: str) -> str | None:
    """The `links: served-elsewhere:` prefix (`/cdn/`) that ``url`` equals or lies under, or None.

    ``url`` is the path the browser requests on the site's own domain (the baseurl included): what
    is there comes from outside the source (another repository, the server), so it is not checked."""
    pre = ctx.option("served-elsewhere")
    if not pre:
        return None
    u = url if url.endswith("/") else url + "/"
    if not u.startswith("/"):
        u = "/" + u
    if not u.startswith(pre):
        return None
    return next(p for p in pre if u.startswith(p))


def _served_elsewhere_note(ctx, r: "Resolution", B: str, inner: str, url: str) -> "Resolution":
    """A missing target that a `served-elsewhere` prefix names without the baseurl: say what the
    browser requests (the prefixes are matched against that), without guessing which is meant."""
    if r.ok or r.skip or not B:
        return r
    p = served_elsewhere(ctx, inner)
    if p is None:
        return r
    note = (f"`links: served-elsewhere` lists `{p}`, but the browser requests `{url}` (the baseurl `{B}` is part "
            f"of it); if that is served elsewhere too, list `{B}{p}`")
    return Resolution(r.ok, r.skip, r.message, (r.hint + "; " if r.hint else "") + note, r.code, r.fix_to, r.severity,
                      r.data)


class Resolution:
    __slots__ = ("ok", "skip", "message", "hint", "code", "fix_to", "severity", "data")

    def __init__(self, ok=False, skip=False, message="", hint=None, code="FL301", fix_to=None, severity=None, data=None):
        self.ok, self.skip, self.message, self.hint, self.code = ok, skip, message, hint, code
        self.fix_to, self.severity, self.data = fix_to, severity, data


# a target under a `links: served-elsewhere:` prefix: not checked (shared; nothing ever changes it)
_SERVED_ELSEWHERE = Resolution(skip=True, message="served by something else on this domain (`links: served-elsewhere:`)")


def _near(word: str, cands, cutoff: float, head: int = 3, tail: int = 3, ctx=None, key=None) -> str | None:
    """difflib's closest match, after a cheap filter (similar length, same start or same end).

    With ``ctx`` and ``key`` (naming ``cands`` for this run) the candidates are indexed once by
    their first ``head`` and last ``tail`` characters, so each look-up visits only those that
    share one of them (not every candidate: no time quadratic in broken links x files). The
    result does not depend on the order of the pool (difflib breaks ties by the string)."""
    n = len(word)
    slack = max(3, n // 4)
    if ctx is not None and key is not None:
        by_head, by_tail = ctx.cached(("near-index", key, head, tail), lambda: _affix_index(cands, head, tail))
        pool = [c for c in by_head.get(word[:head], ()) if abs(len(c) - n) <= slack]
        pool += [c for c in by_tail.get(word[-tail:], ()) if abs(len(c) - n) <= slack]
    else:
        pool = [c for c in cands if abs(len(c) - n) <= slack and (c[:head] == word[:head] or c[-tail:] == word[-tail:])]
    return close_match(word, pool, cutoff) if pool else None


def _affix_index(cands, head: int, tail: int, skip: int = 0) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Candidates by their ``head`` characters after the first ``skip`` and by their last ``tail`` ones."""
    by_head: dict[str, list[str]] = {}
    by_tail: dict[str, list[str]] = {}
    for c in cands:
        by_head.setdefault(c[skip:skip + head], []).append(c)
        by_tail.setdefault(c[-tail:], []).append(c)
    return by_head, by_tail


def _url_buckets(site, ctx) -> dict[str, list[str]]:
    """Published URLs grouped by their parent folder (did-you-mean looks among siblings)."""

    def compute():
        m = url_map(site, ctx.settings)
        out: dict[str, list[str]] = {}
        for u in sorted({e.url for es in m.by_output.values() for e in es}):
            t = u.rstrip("/")
            par = t[: t.rfind("/") + 1] or "/"  # _parent(u)
            b = out.get(par)
            if b is None:
                out[par] = [u]
            else:
                b.append(u)
        return out

    return ctx.cached(("url-buckets",), compute)


def _parent(u: str) -> str:
    t = u.rstrip("/")
    return t[: t.rfind("/") + 1] or "/"


def _closest(site, ctx, url: str) -> str | None:
    def compute():
        par = _parent(url)
        n = len(url)
        leaf = url[len(par):]
        # the bucket's URLs indexed by the first 3 characters of their leaf and by their last 4
        by_head, by_tail = ctx.cached(("url-bucket-index", par), lambda: _affix_index(_url_buckets(site, ctx).get(par, []),
                                                                                       3, 4, skip=len(par)))
        slack = max(3, n // 4)
        cands = [c for c in by_head.get(leaf[:3], ()) if abs(len(c) - n) <= slack]
        cands += [c for c in by_tail.get(url[-4:], ()) if abs(len(c) - n) <= slack]
        return close_match(url, cands, 0.85)

    return ctx.cached(("closest", url), compute)


def _leaf(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].lower()


def _same_leaf(site, ctx, path: str):
    """The one page (published or not) whose URL's last segment is ``path``'s, if exactly one is."""
    leaf = _leaf(path)
    if len(leaf) < 4 or leaf in ("index.html", "index"):
        return None

    def compute():
        m = url_map(site, ctx.settings)
        out: dict[str, list] = {}
        for e in m.entries.values():
            u = e.url
            if u.endswith(("/", ".html")):
                t = u.rstrip("/")
                k = t[t.rfind("/") + 1:].lower()  # _leaf(u)
                b = out.get(k)
                if b is None:
                    out[k] = [e]
                else:
                    b.append(e)
        return out

    got = ctx.cached(("pages-by-leaf",), compute).get(leaf, [])
    return got[0] if len(got) == 1 else None


def _url_exists(site, ctx, path: str) -> bool:
    m = url_map(site, ctx.settings)
    return bool(m.resolve(path))


# `_config.yml` settings that decide which pages and files the build writes, and at which URLs
_STRUCTURE_KEYS = frozenset({"include", "exclude", "collections", "collections_dir", "defaults", "permalink",
                             "baseurl", "plugins", "gems", "markdown_ext"})
_TOP_KEY_NAME = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?=[ \t]|\r|\n|$)", re.M)


def unread_structure(site) -> tuple[str, ...]:
    """Settings that decide the site's pages (`include:`, `collections:`, ...) written in a `_config.yml`
    that does not parse (FL002; Jekyll stops on it) and not recovered on their own: which pages exist,
    and their URLs, are then unknown, so a link to a page not found is no finding."""
    got = site.extras.get("unread_structure")
    if got is None:
        got = ()
        cfg = site.config
        if cfg.source is not None and cfg.source.error is None and cfg.yaml is not None and not cfg.yaml.ok:
            names = {m.group(1).strip("'\"") for m in _TOP_KEY_NAME.finditer(cfg.source.text)}
            got = tuple(sorted(k for k in names & _STRUCTURE_KEYS if k not in cfg.data))
        site.extras["unread_structure"] = got
    return got


def _output_folder(site) -> str | None:
    """The folder Jekyll writes the build to (`_site`, or `destination:`); discovery never walks it."""
    got = site.extras.get("output_folder", False)
    if got is False:
        from ..discover import output_folder

        got = site.extras["output_folder"] = output_folder(site.config, site.root)
    return got


def _served_under_prefix(site, ctx, path: str) -> Resolution | None:
    """`/mmml-course/assets/img/x.png` on a site with an empty baseurl: the first folder is no part of the
    site but the rest exists — the link is written for a GitHub project page served at `/mmml-course/`.
    It works there only: an info with the baseurl way, not a missing file."""
    head, sep, rest = path.lstrip("/").partition("/")
    if not sep or not rest or not head or "." in head:
        return None
    dest = _output_folder(site)
    if dest and path.lstrip("/").startswith(dest + "/"):
        return None  # a link into the output folder says so (check_site_path)
    tops = site.extras.get("top_level_names")
    if tops is None:
        tops = site.extras["top_level_names"] = frozenset(p.split("/", 1)[0] for p in site.all_paths)
    if head in tops or _url_exists(site, ctx, "/" + head + "/"):
        return None
    inner = "/" + rest
    if not _url_exists(site, ctx, inner):
        return None
    good = f"{{{{ '{inner}' | relative_url }}}}"
    return Resolution(message=f"`{path}` starts with `/{head}`, which is no folder or page of this site (its `baseurl` is "
                              f"empty); `{inner}` exists: the link works only where the site is served at `/{head}/` "
                              "(a GitHub project page)",
                      hint=f"set `baseurl: /{head}` in `_config.yml` and write `{good}`", code="FL305",
                      severity=Severity.INFO, data={"served_under": head})


def check_site_path(doc, ctx, path: str, *, how: str, image: bool, raw_form: bool, domain_base: str | None = None) -> Resolution:
    """Is ``path`` (a URL path below the site root, baseurl removed) served by the build?

    ``domain_base``: what the browser puts in front of ``path`` on the site's domain (default: the baseurl;
    ``""`` for a raw link that leaves the baseurl), for the hint that names `served-elsewhere`."""
    site = ctx.site
    m = url_map(site, ctx.settings)
    if m.resolve(path):
        return Resolution(ok=True)
    if "//" in path.lstrip("/") and m.resolve(re.sub(r"/{2,}", "/", path)):
        return Resolution(skip=True)  # `assets/img//x.png`: the file exists; whether `//` is served depends on the host
    if m.is_uncertain(path) or RESPONSIVE_VARIANT.search(path) or unread_structure(site):
        return Resolution(skip=True)
    langs = _polyglot_languages(site)
    if langs:  # jekyll-polyglot writes every page again under /LANG/ (translated, or the default one)
        head, _, rest = path.lstrip("/").partition("/")
        if head in langs and (not rest or m.resolve("/" + rest)):
            return Resolution(ok=True)
    if path.rstrip("/").endswith(("/index.html", "/feed.xml")) is False and path in ("", "/"):
        return Resolution(ok=True)
    un = m.resolve_unpublished(path)
    if un is not None:
        return Resolution(message=f"`{path}` is the URL of `{un.path}`, which the build does not publish: {un.reason}",
                          hint="publish that page, or remove the link", code="FL307")
    rel = path.lstrip("/")
    file_like = bool(ASSET_EXT.search(rel)) and not rel.endswith((".html", ".htm"))
    dest = _output_folder(site)
    if dest and rel.startswith(dest + "/"):  # into the build's output folder (never walked: not a file of the site)
        return Resolution(message=f"`{path}` points into `{dest}/`, the folder Jekyll writes the built site to: "
                                  "it is not part of the site, and a fresh build (GitHub Actions) has no such file",
                          hint=f"link to the file's own URL, `/{rel[len(dest) + 1:]}`",
                          code="FL401" if file_like else "FL301")
    # excluded or special files exist on disk but are not served
    if rel in site.other_files:
        return Resolution(message=f"`{path}` exists in the source (`{rel}`) but is not part of the built site "
                                  f"(excluded by `exclude:` or in a folder Jekyll skips)",
                          hint="remove it from `exclude:` in `_config.yml`, or link to a served file",
                          code="FL401" if file_like else "FL301")
    folder = posixpath.dirname(rel)
    dirs = _dirs(site)
    folder_absent = file_like and bool(folder) and folder not in dirs
    if folder_absent and _theme_gem(site) and rel.startswith("assets/") and not rel.startswith(_USER_ASSET_DIRS):
        return Resolution(skip=True)  # the theme gem may ship it (its CSS, JS, fonts)
    if file_like:
        msg = f"`{rel}` does not exist (checked `{rel}` {how.split(';')[0]})"
        code = "FL401"
    else:
        msg = f"`{path}` is not the URL of any page or file of this site ({how})"
        code = "FL301"
    hint = None
    fix_to = None
    # did-you-mean: a file with the same name elsewhere, or the closest URL
    lower = ctx.cached(("by-lower",), lambda: {p.lower(): p for p in site.static_files})
    if file_like and rel.lower() in lower:
        other = lower[rel.lower()]
        return Resolution(message=f"`{rel}` does not exist; `{other}` differs only in upper/lower case (GitHub Pages "
                                  f"and most hosts tell them apart)", hint=f"write `{other}`", code="FL401",
                          fix_to="/" + other, data={"folder_absent": False, "folder": folder})
    if file_like:
        base = posixpath.basename(rel)
        same = ctx.cached(("by-basename",), lambda: _by_basename(site))
        cands = [p for p in same.get(base, []) if p != rel]
        if len(cands) == 1:
            hint = f"a file with this name exists at `{cands[0]}`"
            fix_to = "/" + cands[0]
        else:
            folder_files = ctx.cached(("by-folder",), lambda: _by_folder(site)).get(folder, [])
            c1 = _near(rel, folder_files, 0.8, head=len(folder) + 3, tail=5, ctx=ctx, key=("by-folder", folder))
            close = [c1] if c1 else []
            if close:
                hint = f"did you mean `{close[0]}`?"
                fix_to = "/" + close[0]
        if folder_absent:
            hint = (hint + "; " if hint else "") + f"the folder `{folder}/` does not exist"
    else:
        e = _other_case(site, ctx, m, path)
        if e is not None:  # `/Publications/` for `/publications/`: GitHub Pages tells them apart
            return Resolution(message=f"`{path}` is not the URL of any page or file of this site: it differs only in "
                                      f"case from `{e.url}` (`{e.path}`), and GitHub Pages and most hosts tell upper "
                                      "and lower case apart", hint=f"write `{e.url}`", code=code, fix_to=e.url,
                              data={"folder_absent": False, "folder": folder, "path": rel})
        c = _closest(site, ctx, path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/")
        if c and c != path:
            hint = f"closest existing URL: `{c}`"
            fix_to = c
        else:
            e = _same_leaf(site, ctx, path)
            if e is not None:  # e.g. a post's URL with another year, or a draft's
                hint = f"`{e.path}` has a URL ending the same way: `{e.url}`"
                if e.published:
                    fix_to = e.url
                else:
                    hint += f"; {e.reason}"
    if file_like and fix_to is None:  # (a page URL under a missing folder is rather a lost page: no note)
        note = _outside_note(site, ctx, m, rel, _baseurl(site) if domain_base is None else domain_base)
        if note:
            hint = (hint + "; " if hint else "") + note
    return Resolution(message=msg, hint=hint, code=code, fix_to=fix_to,
                      data={"folder_absent": folder_absent, "folder": folder, "path": rel})


def _outside_note(site, ctx, m, rel: str, base: str) -> str | None:
    """For a missing target below a first folder that is nowhere in the site (no file or folder of the
    source at the top has that name, no URL starts with it, and it is no near spelling of one): the way
    to say that something else serves it on this domain (`links: served-elsewhere:`)."""
    head, _, rest = rel.partition("/")
    if not head or not rest.strip("/") or "." in head:
        return None  # (`/talks/`: a page's lost URL, not a folder served by something else)
    tops = site.extras.get("top_level_names")
    if tops is None:
        tops = site.extras["top_level_names"] = frozenset(p.split("/", 1)[0] for p in site.all_paths)
    if head in tops:
        return None

    def compute():
        return frozenset(o.split("/", 1)[0] for o in itertools.chain(m.by_output, m.unpublished) if "/" in o)

    url_tops = ctx.cached(("url-top-folders",), compute)
    if head in url_tops or close_match(head, list(tops | url_tops), 0.8):
        return None
    prefix = f"{base}/{head}/"
    return (f"if something else serves `{prefix}` on this domain (another repository, the server), "
            f"list it in `.folio-lint.yml`: `links: {{served-elsewhere: [{prefix}]}}`")


def _other_case(site, ctx, m, path: str):
    """The one published page or file whose URL is ``path`` in other letter case, if exactly one is."""
    def compute():
        out: dict[str, list] = {}
        for output, es in m.by_output.items():
            out.setdefault(output.lower(), []).extend(es)
        return out

    by_lower = ctx.cached(("outputs-by-lower",), compute)
    for c in m.candidates(path.lower()):
        got = by_lower.get(c)
        if got:
            urls = {e.url for e in got}
            return got[0] if len(urls) == 1 else None
    return None


def _dirname(p: str) -> str:
    """``posixpath.dirname(p)``, without its calls for a site path (no `//`, no trailing `/`)."""
    if "//" in p or p.endswith("/"):
        return posixpath.dirname(p)
    i = p.rfind("/")
    return p[:i] if i > 0 else ("/" if i == 0 else "")


def _files_by_folder(site) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in itertools.chain(site.documents, site.static_files):
        if "//" in p or p.endswith("/"):
            d = posixpath.dirname(p)
        else:
            i = p.rfind("/")
            d = p[:i] if i > 0 else ("/" if i == 0 else "")  # _dirname(p)
        b = out.get(d)
        if b is None:
            out[d] = [p]
        else:
            b.append(p)
    return out


def _by_basename(site) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in site.static_files:
        out.setdefault(posixpath.basename(p), []).append(p)
    return out


def _by_folder(site) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in site.static_files:
        out.setdefault(posixpath.dirname(p), []).append(p)
    return out


# link kinds whose resolution depends only on (kind, target, image), not on the page: resolved
# once per run for all the pages that share a target (a relative link depends on the page's URL)
_PAGE_FREE_KINDS = frozenset({"root", "site", "post", "source"})
_NOT_RESOLVED = frozenset({"external", "fragment", "unknown", "other", "relative-file"})  # (FL301 skips them)


def resolve_link(doc, ctx, link: Link) -> Resolution:
    """What the build makes of ``link``'s target (memoised per run; see :data:`_PAGE_FREE_KINDS`)."""
    k = link.kind
    key = ("resolved", k, link.target, link.image) if k in _PAGE_FREE_KINDS else ("resolved", doc.path, link.start, link.form)
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = _resolve_link(doc, ctx, link)
    return got


def _link_tag_finds(site, target: str) -> bool:
    """Does `{% link target %}` name a file? Jekyll compares each file's `relative_path`: a page's and a
    static file's from the site root, a collection document's (posts too) from `collections_dir`
    (`{% link _projects/a.md %}` for `my_coll/_projects/a.md`; checked with Jekyll 4.3)."""
    cpath = site.config.collections_path
    if not cpath:
        return target in site.documents or target in site.static_files
    d = site.documents.get(target)
    if d is not None and not (d.collection and target.startswith(cpath + "/")):
        return True
    if target in site.static_files:
        return True
    d = site.documents.get(cpath + "/" + target)
    return d is not None and d.collection is not None


def _resolve_link(doc, ctx, link: Link) -> Resolution:
    site = ctx.site
    if site.standalone:
        return Resolution(skip=True)
    m = url_map(site, ctx.settings)
    B = _baseurl(site)
    k = link.kind
    if (k == "root" or k == "site") and not B and not link.target.startswith("/al-folio") and m.resolve(link.target):
        return Resolution(ok=True)  # most links: what the branch below finds first (check_site_path's first test)
    if k == "source":
        target = posixpath.normpath(link.target.lstrip("/")) if link.target else ""
        if _link_tag_finds(site, target):
            return Resolution(ok=True)
        if "{{" in link.target or (target in site.other_files and unread_structure(site)):
            return Resolution(skip=True)  # (a file that an unread `include:`/`collections:` may make a page)
        folder = posixpath.dirname(target)
        sib = ctx.cached(("files-by-folder",), lambda: _files_by_folder(site)).get(folder, [])
        c1 = _near(target, sib, 0.85, head=len(folder) + 4, tail=6, ctx=ctx, key=("files-by-folder", folder))
        close = [c1] if c1 else []
        hint = f"did you mean `{close[0]}`?" if close else "`{% link %}` takes the path of the source file from the site root, e.g. `_pages/about.md`"
        return Resolution(message=f"`{{% link {link.target} %}}`: there is no file `{target}` in the site; Jekyll stops the build",
                          hint=hint, code="FL302", fix_to=close[0] if close else None, severity=Severity.ERROR)
    if k == "post":
        ref = link.target.strip()
        refs = m.posts_by_ref
        stem = ref[:-3] if ref.endswith(".md") else ref
        if stem in refs or posixpath.basename(stem) in refs:
            return Resolution(ok=True)
        if unread_structure(site):
            return Resolution(skip=True)
        top = ctx.cached(("post-refs-top",), lambda: [r for r in refs if "/" not in r])
        c1 = _near(stem, top, 0.85, head=8, tail=4, ctx=ctx, key=("post-refs-top",))
        close = [c1] if c1 else []
        return Resolution(message=f"`{{% post_url {ref} %}}`: there is no post `_posts/{stem}.*`; Jekyll stops the build",
                          hint=f"did you mean `{close[0]}`?" if close else "the argument is the post's file name without its extension",
                          code="FL303", fix_to=close[0] if close else None, severity=Severity.ERROR)
    if k in ("root", "site"):
        path = link.target
        url = path if k == "root" else B + path  # what the browser requests
        if served_elsewhere(ctx, url):
            return _SERVED_ELSEWHERE
        how = "relative to the site root"
        if k == "site":
            how = "relative to the site root"
            if B and (path == B or path.startswith(B + "/")):
                inner = path[len(B):] or "/"
                if _url_exists(site, ctx, inner):
                    return Resolution(message=f"`{path}` already contains the baseurl `{B}` and `relative_url` adds it again",
                                      hint=f"write `{inner}`", code="FL306", fix_to=inner)
        if k == "root":
            if B != "/al-folio" and (path.startswith("/al-folio/") or path == "/al-folio"):
                inner = path[len("/al-folio"):] or "/"
                if _url_exists(site, ctx, inner):
                    good = f"{{{{ '{inner}' | relative_url }}}}"
                    return Resolution(message=f"`{path}` carries the al-folio template's baseurl `/al-folio`; this site's "
                                              f"baseurl is {'`' + B + '`' if B else 'empty'}, so the link is broken (`{inner}` exists)",
                                      hint=f"write `{good}`", code="FL301", fix_to=good if B else inner)
            if B:
                if path == B or path.startswith(B + "/"):
                    path = path[len(B):] or "/"
                    how = f"relative to the site root, after the baseurl `{B}`"
                elif link.image and site.theme in _THEMES_PREFIXING_IMAGES:
                    how = "relative to the site root (the theme adds the baseurl to images)"
                else:
                    r = check_site_path(doc, ctx, path, how=how, image=link.image, raw_form=True, domain_base="")
                    if r.ok:
                        return Resolution(message=f"`{path}` misses the baseurl `{B}`: the built page links to "
                                                  f"`{path}` outside this site",
                                          hint=f"write `{{{{ '{path}' | relative_url }}}}`", code="FL305",
                                          fix_to=f"{{{{ '{path}' | relative_url }}}}")
                    return r
        r = check_site_path(doc, ctx, path, how=how, image=link.image, raw_form=(k == "root"))
        if k == "root" and not B and not r.ok and not r.skip:
            alt = _served_under_prefix(site, ctx, path)
            if alt is not None:
                return alt
        return _served_elsewhere_note(ctx, r, B, path, url)
    if k == "relative":
        me = m.entries.get(doc.path)
        if me is None or not me.certain:
            return Resolution(skip=True)
        t = link.target
        if not t:
            return Resolution(ok=True)
        low = t.lower()
        if low.endswith((".md", ".markdown")) and ("jekyll-relative-links" in site.plugins or not site.is_al_folio):
            return Resolution(skip=True)
        base = _page_dir(me.url)
        full = posixpath.normpath(posixpath.join(base, t))
        if t.endswith("/") and not full.endswith("/"):
            full += "/"
        if full.startswith("//"):
            full = full[1:]
        if served_elsewhere(ctx, B + full):
            return _SERVED_ELSEWHERE
        r = check_site_path(doc, ctx, full, how=f"relative to this page's URL `{me.url}`", image=link.image, raw_form=True)
        if not r.ok and not r.skip and link.image and site.theme in _THEMES_PREFIXING_IMAGES:
            # Chirpy 7's media-url.html writes `<img src="x.png">` as baseurl + media_subpath + `/x.png`
            sub = doc.data.get("media_subpath") or doc.data.get("img_path")
            sub = sub.strip("/") + "/" if isinstance(sub, str) and sub.strip("/") else ""
            if check_site_path(doc, ctx, posixpath.normpath("/" + sub + t), how="", image=True, raw_form=True).ok:
                return Resolution(ok=True)
        if not r.ok and not r.skip:
            rootv = "/" + t.lstrip("./")
            if _url_exists(site, ctx, rootv):
                r.hint = f"the link is relative to the page's URL; `{rootv}` exists — write `{{{{ '{rootv}' | relative_url }}}}`"
                r.fix_to = f"{{{{ '{rootv}' | relative_url }}}}"
        return _served_elsewhere_note(ctx, r, B, full, B + full)
    return Resolution(skip=True)


# ---------------------------------------------------------------------- cascade control
def _absent_folder_users(ctx, folder: str) -> list[tuple[str, int, str]]:
    """Every (doc path, link start, missing file) whose target is in the absent folder (computed once per folder)."""
    site = ctx.site

    def compute():
        out = []
        for p in sorted(site.documents):
            d = site.documents[p]
            for l in doc_links(d, ctx):
                if l.kind in ("root", "site", "relative") and folder + "/" in ("/" + l.target.lstrip("/")):
                    r = resolve_link(d, ctx, l)
                    if not r.ok and not r.skip and r.data and r.data.get("folder") == folder:
                        out.append((p, l.start, r.data["path"]))
            for l in _fm_links(d, ctx):
                if l.target.lstrip("/").startswith(folder + "/"):
                    r = resolve_link(d, ctx, l)
                    if not r.ok and not r.skip and r.data and r.data.get("folder") == folder:
                        out.append((p, l.start, r.data["path"]))
        out.sort()
        return out

    return ctx.cached(("absent-folder", folder), compute)


def _inner_path_span(link: Link) -> tuple[int, int] | None:
    """Offsets of the path inside a Liquid destination (`{{ '/x' | relative_url }}`, `{{ site.baseurl }}/x`)."""
    raw = link.raw
    m = re.search(r"""(['"])(.*?)\1""", raw)
    if m and "|" in raw[m.end():]:
        a, b = m.start(2), m.end(2)
    else:
        j = raw.rfind("}}")
        if j < 0:
            return None
        a, b = j + 2, len(raw)
    seg = raw[a:b]
    for sep in ("#", "?"):
        k = seg.find(sep)
        if k >= 0:
            b = a + k
            seg = seg[:k]
    return link.start + a, link.start + b


def _finding(doc, link: Link, r: Resolution) -> Finding:
    fix = None
    if r.fix_to and "{{" in link.raw and not r.fix_to.startswith("{{"):
        span = _inner_path_span(link)
        if span is not None:
            old = doc.text[span[0]:span[1]]
            new = r.fix_to if old.startswith("/") else r.fix_to.lstrip("/")
            fix = Fix(f"replace with `{new}`", [Edit(span[0], span[1], new)], Applicability.UNSAFE)
        return Finding(doc.path, link.start, link.end, r.message, hint=r.hint, fix=fix, severity=r.severity, code=r.code,
                       data={"target": link.target, "form": link.form})
    if r.fix_to and "{{" in link.raw:
        r = Resolution(r.ok, r.skip, r.message, r.hint, r.code, None, r.severity, r.data)  # no blind rewrite of Liquid
    if r.fix_to:
        new = r.fix_to
        if link.kind == "post" or link.kind == "source":
            new = r.fix_to
        elif link.fragment is not None and "#" not in new:
            new = new + "#" + link.fragment
        if link.form.startswith("fm:") or link.form == "include-path":
            new = new.lstrip("/")
            if link.base not in ("root", "") and new.startswith(link.base + "/"):
                if r.hint == f"write `{new}`":  # (the case-only hint names the value to write, too)
                    r = Resolution(r.ok, r.skip, r.message, f"write `{new[len(link.base) + 1:]}`", r.code, r.fix_to,
                                   r.severity, r.data)
                new = new[len(link.base) + 1:]  # `profile.image` is relative to assets/img/
            elif link.raw.startswith("/"):
                new = "/" + new  # keep the value's own style (`/publications/` in `children:`)
        fix = Fix(f"replace with `{new}`", [Edit(link.start, link.end, new)], Applicability.UNSAFE)
    msg = r.message
    if link.form.startswith("fm:children."):
        msg += "; this dropdown menu entry is in the navbar of every page"
    return Finding(doc.path, link.start, link.end, msg, hint=r.hint, fix=fix, severity=r.severity, code=r.code,
                   data={"target": link.target, "form": link.form})


def _truthy(v) -> bool:
    """Liquid's truth: everything but nil and false."""
    return v is not None and v is not False


_IMAGE_PREPEND = re.compile(r"""\bprofile\.image\s*\|\s*prepend:\s*(['"])/?([^'"{}|]*?)/?\1""")
# the same folder written first: `{% assign path = '/assets/img/profiles/' | append: page.profile.image %}`
_IMAGE_APPEND = re.compile(r"""(['"])/?([^'"{}|]*?)/?\1\s*\|\s*append:\s*(?:page\.)?profile\.image\b""")


def _image_base(site, layout) -> str:
    """The folder a profile image is relative to: al-folio's `assets/img/`, or whatever the site's own
    layout prepends (`page.profile.image | prepend: '/assets/images/'` in some 2018-2020 forks, or
    `'/assets/img/profiles/' | append: page.profile.image` in a lab's people layout)."""
    memo = site.extras.setdefault("profile_image_base", {})
    got = memo.get(layout)
    if got is None:
        got = "assets/img"
        path = site.layouts.get(layout) if isinstance(layout, str) else None
        src = site.sources.get(path) if path else None
        if src is not None:
            m = _IMAGE_PREPEND.search(src.text) or _IMAGE_APPEND.search(src.text)
            if m is not None:
                got = m.group(2).strip("/")
        memo[layout] = got
    return got


_CV_PDF_USE = re.compile(r"page\.cv_pdf\s*((?:\|\s*[\w-]+(?:\s*:\s*[^|}%]*)?\s*)*)")
_CV_FILTER_ARG = re.compile(r"\|\s*(?:prepend|append)\s*:\s*([^|}%]*)")


def _cv_pdf_dynamic(site) -> bool:
    """Does the site's own Liquid build the CV link from something only the build knows?
    (`page.cv_pdf | prepend: site.active_lang | prepend: '/assets/pdf/'` of multi-language forks)."""
    got = site.extras.get("cv_pdf_dynamic")
    if got is None:
        got = False
        for path in (*site.layouts.values(), *site.includes.values()):
            src = site.sources.get(path)
            if src is None or src.error or "page.cv_pdf" not in src.text:
                continue
            for m in _CV_PDF_USE.finditer(src.text):
                for a in _CV_FILTER_ARG.finditer(m.group(1)):
                    arg = a.group(1).strip()
                    if arg not in ("site.baseurl", "site.url") and not (len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "'\""):
                        got = True
        site.extras["cv_pdf_dynamic"] = got
    return got


def _listing_base(site, key: str) -> str | None:
    """The folder the site's own Liquid puts before a listing key (`person.img | prepend: '/assets/img/'`
    in a lab's people page): "" when none does (al-folio's way: a site-root path), None when it is
    not knowable (a variable, or two templates that disagree)."""
    memo = site.extras.setdefault("listing_base", {})
    if key in memo:
        return memo[key]
    pat = re.compile(rf"""(?<![\w-])[A-Za-z_][\w-]*\.{re.escape(key)}\s*\|\s*prepend:\s*([^|}}%]+)""")
    # or a folder written before the output in the attribute: `src="img/portfolio/{{ post.img }}"`
    lit = re.compile(rf"""(?:src|href)\s*=\s*["']((?:[^"'{{}}<>\s]|\{{\{{-?\s*site\.(?:baseurl|url)\s*-?\}}\}})*)"""
                     rf"""\{{\{{-?\s*[A-Za-z_][\w-]*\.{re.escape(key)}\s*-?\}}\}}""")
    texts = site.extras.get("listing_texts")
    if texts is None:  # (text, has `{{`, has `prepend`) of the templates and pages that may say: once for all keys
        srcs = [site.sources.get(p) for p in (*site.layouts.values(), *site.includes.values())]
        texts = [(src.text, "{{" in src.text, "prepend" in src.text) for src in srcs if src is not None and not src.error]
        for d in site.documents.values():
            if d.collection is None and not d.source.error:
                t = d.source.text
                braces, prepend = "{{" in t, "prepend" in t
                if braces or prepend:
                    texts.append((t, braces, prepend))
        site.extras["listing_texts"] = texts
    bases: set[str | None] = set()
    dotkey = "." + key
    for text, braces, prepend in texts:
        if braces and dotkey in text:
            for m in lit.finditer(text):
                before = re.sub(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}", "", m.group(1)).strip("/")
                if before:
                    bases.add(before)
        if not prepend:
            continue
        for m in pat.finditer(text):
            arg = m.group(1).strip()
            if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "'\"":
                bases.add(arg[1:-1].strip("/"))
            else:
                bases.add(None)
    got = "" if not bases else (bases.pop() if len(bases) == 1 else None)
    memo[key] = got
    return got


# the page's own front-matter keys fm_links_of reads paths from (a page with none of them has none)
_FM_LINK_KEYS = frozenset({"profile", "profiles", *FM_PATHS, "bibliography", "redirect", "cv_pdf", "children",
                           "permalink", "og_image"})


_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def fm_links_of(doc, site) -> list[Link]:
    """Paths in front matter, with the base folder al-folio resolves them against (pure: no run context).

    Values with ``://`` that al-folio writes as they are (nav `permalink:`, `children[].permalink`,
    `redirect:`, `og_image:`) come back as ``kind="external"`` links (checked only with ``--external``).
    """
    out: list[Link] = []
    fm = doc.fm
    if fm is None or not fm.ok:
        return out
    data = doc.own
    if _FM_LINK_KEYS.isdisjoint(data):  # most pages: none of the keys below (every branch reads one of them)
        return out

    def add(path: tuple, base: str, image: bool = True, external: bool = False):
        n = fm.node(path)
        v = fm.yaml.data
        for k in path:
            v = v.get(k) if isinstance(v, dict) else (v[k] if isinstance(v, list) and isinstance(k, int) and k < len(v) else None)
        if not isinstance(v, str) or n is None:
            return
        val = v.strip()
        if not val or "{{" in val or "{%" in val:
            return
        raw = fm.yaml.nodes[path]
        s, e = raw.start, raw.end
        form = "fm:" + ".".join(str(x) for x in path)
        if "://" in val:
            if external and val.lower().startswith(("http://", "https://")):
                out.append(Link(s, e, val, form, "external", val, image=image))
            return
        if val.startswith(("//", "data:", "mailto:")):
            return
        target = "/" + posixpath.join(base, val.lstrip("/")) if base else "/" + val.lstrip("/")
        if _DOT_SEGMENT.search(target):  # `img: ./assets/x.png`: the browser drops `.`/`..` segments of a URL
            target = posixpath.normpath(target) + ("/" if target.endswith("/") else "")
        out.append(Link(s, e, val, form, "site", unquote(target).split("#")[0].split("?")[0],
                        image=image, base=base or "root"))

    prof = data.get("profile")
    if isinstance(prof, dict) and "image" in prof:
        add(("profile", "image"), _image_base(site, doc.layout))
    profs = data.get("profiles")
    if isinstance(profs, list):
        for i, pr in enumerate(profs):
            if isinstance(pr, dict) and "image" in pr:
                add(("profiles", i, "image"), _image_base(site, doc.layout))
    for key, base in FM_PATHS.items():
        if key in data:
            own = _listing_base(site, key)
            if own is not None:
                add((key,), own or base)
    if doc.layout == "distill" and "bibliography" in data:
        add(("bibliography",), "assets/bibliography", image=False)
    # redirect: true -> home, "://" -> external, anything else goes through relative_url
    if isinstance(data.get("redirect"), str):
        add(("redirect",), "", image=False, external=True)
    # cv_pdf: a file name under assets/pdf/ (2022-06 .. 2026-01) or a site-root path (2026-01 on)
    cv = data.get("cv_pdf")
    if isinstance(cv, str) and cv.strip() and not _cv_pdf_dynamic(site):
        add(("cv_pdf",), "" if "/" in cv.strip().lstrip("/") else "assets/pdf", image=False)
    # the navbar (al-folio's header include) lists the pages with `nav:`; a `dropdown:` one shows
    # `children: [{title, permalink}]`: `title: divider` is a rule, a `://` permalink is written as it
    # is (2024-11-28 on), any other one goes through relative_url; a plain nav page's own `://`
    # permalink is its link (same date)
    if doc.kind == "page" and site.is_al_folio and _truthy(doc.data.get("nav")):
        kids = data.get("children")
        if _truthy(doc.data.get("dropdown")):
            for i, ch in enumerate(kids if isinstance(kids, list) else []):
                if isinstance(ch, dict) and ch.get("title") != "divider" and isinstance(ch.get("permalink"), str):
                    add(("children", i, "permalink"), "", image=False, external=True)
        elif isinstance(data.get("permalink"), str) and "://" in data["permalink"]:
            add(("permalink",), "", image=False, external=True)
    # og_image: a `://` URL is a link; relative values are judged by FL312
    if isinstance(data.get("og_image"), str) and "://" in data["og_image"] and _truthy(site.config.get("serve_og_meta")):
        add(("og_image",), "", external=True)
    return out


def _fm_links(doc, ctx) -> list[Link]:
    """:func:`fm_links_of`, once per run, less the image keys the site's own templates never read."""
    def compute():
        got = fm_links_of(doc, ctx.site)
        # (a page of another theme too: al-folio's listing keys are not that theme's, only its own Liquid shows them)
        if got and (doc.collection is not None or not ctx.site.is_al_folio) and any(l.form in _FM_LISTING_FORMS for l in got):
            got = [l for l in got if _fm_key_read(doc, ctx, l.form)]
        return got

    return ctx.cached(("fm-links", doc.path), compute)


# keys al-folio shows only in listings of a collection (projects `img`, posts `thumbnail`, books `cover`)
_FM_LISTING_FORMS = frozenset("fm:" + k for k in FM_PATHS)


def _fm_key_read(doc, ctx, form: str) -> bool:
    """Is the listing key of a collection document (`img:` of a project) read by some template?
    Always yes unless the site carries its own layouts and no theme gem: then only its own Liquid
    decides (a 2018 fork's projects page that lists `project.title` only never shows `img:`, so a
    missing image there is never linked)."""
    if form not in _FM_LISTING_FORMS:
        return True
    site = ctx.site
    if site.standalone:
        return True
    if not site.is_al_folio:  # another theme's gem never reads al-folio's listing keys: only the site's Liquid can
        if not site.layouts:
            return False
    elif not site.layouts or _theme_gem(site):
        return True
    from ..templates import body_page_keys
    from .schema import site_template_keys

    tk = site_template_keys(site, ctx)
    if not tk.present:
        return True
    key = form[3:]
    # (a page outside collections is in no listing of documents: only `page.KEY` or a loop over the pages shows it)
    if tk.reads_page(key) or (doc.collection is not None and tk.reads_object(key)) or tk.reads_page_object(key):
        return True
    body = body_page_keys(doc.body) if "page." in doc.body else ()
    return key in body or any(b.startswith(key + ".") for b in body)


@rule("FL301", "broken-link", Severity.ERROR, PAGE, fixable="sometimes",
      also=("FL302", "FL303", "FL305", "FL306", "FL307", "FL401"))
def broken_link(doc, ctx):
    """A link, image or file path whose target the build does not produce.

    ## What it checks
    Every internal link of a page — Markdown links and images (inline, reference-style), HTML
    `href`/`src`/`srcset`, `{{ '/x' | relative_url }}`, `{{ site.baseurl }}/x`, the `path=` of
    `figure`/`video`/`audio` includes and al-folio front-matter paths (`img`, `thumbnail`,
    `profile.image` under `assets/img/`, distill `bibliography` under `assets/bibliography/`,
    `cv_pdf`, `redirect`, and the `children[].permalink` menu entries of `dropdown: true` nav
    pages) — is resolved the way Jekyll builds the site: permalinks, collection permalinks, post
    dates and `:title`, `.md` → `.html`, index files, `baseurl`, `exclude:` and static files. Links
    holding Liquid that cannot be worked out without building are skipped, never guessed.
    Front-matter values with `://` (nav pages' and children's `permalink`, `redirect`,
    `og_image`) are external links, requested only with `--external`.
    A file with no `_config.yml` above it is not checked (its site is unknown). Paths that
    something else serves on the site's domain (another repository's `/cdn/`, a folder the
    server keeps) are named once in `.folio-lint.yml` — `links: {served-elsewhere: [/cdn/]}`,
    matched against the path the browser requests, baseurl included — and not checked.

    ## Why it matters
    Broken links are found today only after a build, by lychee or by visitors. Permalink typos,
    a YAML error that drops a page's `permalink:`, a renamed image: each silently breaks links.

    ## Example
    ```markdown
    See [my talk](/talks/old-talk/).        <!-- no page has this permalink -->
    ![figure](/assets/img/missing.jpg)      <!-- no such file -->
    ```

    ## Fix
    Point the link at an existing URL (the message names the closest one), or restore the page.
    """
    site = ctx.site
    if site.standalone or doc.source.error:
        return
    prefixed: dict[str, list] = {}  # `/repo/...` links of a project page, per first folder: one info per page
    body = doc_links(doc, ctx)
    nbody = len(body)
    missing: list = []  # what FL311 counts of this page (missing_targets), found on the way
    memo = ctx.memo
    for i, link in enumerate(itertools.chain(body, _fm_links(doc, ctx))):
        k = link.kind
        if k in _NOT_RESOLVED:
            continue
        # resolve_link(doc, ctx, link), inlined (~40,000 links at 10k pages, most of them hits)
        key = ("resolved", k, link.target, link.image) if k in _PAGE_FREE_KINDS else ("resolved", doc.path, link.start, link.form)
        r = memo.get(key)
        if r is None:
            r = memo[key] = _resolve_link(doc, ctx, link)
        if r.ok or r.skip:
            continue
        if r.code == "FL307" and doc.data.get("published", True) in (False, "false"):
            continue  # from an unpublished page (a `published: false` dropdown) to another: neither is built
        if (k == "root" or k == "site") and r.code in ("FL301", "FL401", "FL307") and not (r.data and r.data.get("folder_absent")) \
                and (i < nbody or link.form.startswith("fm:children.")):
            missing.append((link.target, link.start, link.end))
        if r.data and "served_under" in r.data:
            prefixed.setdefault(r.data["served_under"], []).append((link, r))
            continue
        if link.form == "fm:cv_pdf" and link.base == "assets/pdf":
            alt = "/" + link.raw.strip().lstrip("/")
            if _url_exists(site, ctx, alt):
                continue  # v0.16 reads it as a site-root path
        if r.data and r.data.get("folder_absent"):
            # cascade control: a file in a missing folder is reported once (at its first place), with the counts
            users = _absent_folder_users(ctx, r.data["folder"])
            same = [u for u in users if u[2] == r.data["path"]]
            if same and same[0][:2] != (doc.path, link.start):
                continue
            extra = f" — the folder `{r.data['folder']}/` does not exist"
            if len(same) > 1:
                extra += f"; {len(same)} places link to this file (reported once, here)"
            if len(users) > len(same):
                extra += f"; {len(users)} links point into the folder"
            r = Resolution(r.ok, r.skip, r.message + extra, r.hint, r.code, r.fix_to, r.severity, r.data)
        if link.doubled:
            pass
        if r.code in ("FL302", "FL303") and doc.kind == "draft":  # (the resolution is shared by all pages)
            stops, sev = _stops_build(doc, ctx)
            if sev is not None:
                r = Resolution(r.ok, r.skip, r.message.replace("Jekyll stops the build", stops), r.hint, r.code,
                               r.fix_to, sev, r.data)
        yield _finding(doc, link, r)
    ctx.memo.setdefault(("missing-targets", doc.path), tuple(missing))  # (not reached when _run stops the rule early)
    for head, found in prefixed.items():
        link, r = found[0]
        if len(found) > 1:
            r = Resolution(r.ok, r.skip, r.message + f" — {len(found)} links of this page start with `/{head}/` "
                           "(reported once, here)", r.hint, r.code, r.fix_to, r.severity, r.data)
        yield _finding(doc, link, r)
    # {{ site.baseurl }}{% link %} doubles the baseurl in Jekyll 4 (Jekyll 3's tag does not add it)
    if _baseurl(site) and not _jekyll3(site):
        for link in doc_links(doc, ctx):
            if link.doubled:
                yield Finding(doc.path, link.start, link.end,
                              f"`{{{{ site.baseurl }}}}` in front of `{{% {'link' if link.kind == 'source' else 'post_url'} %}}` "
                              f"doubles the baseurl: Jekyll 4's tag already adds `{_baseurl(site)}`",
                              hint="remove `{{ site.baseurl }}`", code="FL306")


declare("FL302", "link-tag-missing-file", Severity.ERROR, """
`{% link path %}` names a file that does not exist.

## What it checks
The argument of `{% link %}` must be the path of a source file from the site root
(`_pages/about.md`, `_posts/2024-01-01-x.md`, `assets/pdf/cv.pdf`).

## Why it matters
Jekyll stops the whole build with "Could not find document '…' in tag 'link'".

## Example
```markdown
[CV]({% link _pages/cvv.md %})   <!-- bad: there is no _pages/cvv.md -->
[CV]({% link _pages/cv.md %})    <!-- fixed -->
```

## Fix
Correct the path (the message names the closest file), or use the page's permalink.
""", parent="FL301", fixable="sometimes")
declare("FL303", "post-url-missing", Severity.ERROR, """
`{% post_url ref %}` names no post.

## What it checks
The argument must be a post's file name without its extension (`2018-12-22-distill`), optionally
with its subfolder under `_posts/`.

## Why it matters
Jekyll stops the build ("Could not find post").

## Example
```markdown
[post]({% post_url 2024-03-01-my-first-post %})   <!-- bad: the post is _posts/2024-03-10-my-first-post.md -->
[post]({% post_url 2024-03-10-my-first-post %})   <!-- fixed -->
```

## Fix
Correct the date or slug (the message names the closest post).
""", parent="FL301", fixable="sometimes")
declare("FL305", "link-misses-baseurl", Severity.WARNING, """
A root-relative link without the site's `baseurl`.

## What it checks
On a project site (`baseurl: /repo`), a Markdown or HTML link written `/publications/` points
outside the site once deployed; the target exists under the baseurl. Images are not reported on
themes whose layouts add the baseurl to every `<img src>` of the content (Chirpy). The other way
round, on a site with an empty baseurl, `/repo/assets/x.png` where `/repo` is no folder of the site
but `/assets/x.png` exists is written for a GitHub project page served at `/repo/`: an info, once
per page (at the first such link, with the count).

## Why it matters
Works with `jekyll serve --baseurl ''`, breaks on GitHub Pages.

## Example
```markdown
<!-- _config.yml: baseurl: /my-site -->
[Publications](/publications/)                          <!-- bad: the built link leaves the site -->
[Publications]({{ '/publications/' | relative_url }})   <!-- fixed: /my-site/publications/ -->
```

## Fix
Write `{{ '/publications/' | relative_url }}` (offered as a fix).
""", parent="FL301", fixable="always")
declare("FL306", "baseurl-doubled", Severity.WARNING, """
The baseurl added twice.

## What it checks
`{{ site.baseurl }}{% link … %}` or `{{ site.baseurl }}{% post_url … %}` (Jekyll 4's tags already
add the baseurl; not on sites built with Jekyll 3 — the `github-pages` gem or a Gemfile.lock on
3.x — whose tags do not), or `{{ '/repo/x' | relative_url }}` where `/repo` is the baseurl.

## Why it matters
The link becomes `/repo/repo/x`: a 404 on project sites.

## Example
```markdown
<!-- _config.yml: baseurl: /my-site -->
[Publications]({{ site.baseurl }}{% link _pages/publications.md %})   <!-- bad: /my-site/my-site/publications/ -->
[Publications]({{ '/my-site/publications/' | relative_url }})         <!-- bad: the same -->
[Publications]({% link _pages/publications.md %})                     <!-- fixed -->
```

## Fix
Remove one of the two.
""", parent="FL301", fixable="sometimes")
declare("FL307", "link-to-unpublished", Severity.WARNING, """
A link to a page the build does not publish.

## What it checks
The target exists as a source file but is a draft, is dated in the future (without
`future: true`), has `published: false`, or belongs to a collection without `output: true`.

## Why it matters
The link is a 404 on the live site although the page "exists".

## Example
```markdown
<!-- _pages/old-talks.md has `permalink: /old-talks/` and `published: false` -->
[old talks](/old-talks/)   <!-- bad: a 404 on the live site -->
```
Fixed: delete `published: false` from `_pages/old-talks.md`, or remove the link.

## Fix
Publish the page or remove the link.
""", parent="FL301")
declare("FL401", "missing-file", Severity.ERROR, """
An image or file that does not exist.

## What it checks
Images and files referenced by a page — `![](…)`, `<img src>`, `{% include figure.liquid path="…" %}`,
`video`/`audio` includes, links to PDFs, and al-folio front-matter paths (`img`, `thumbnail`,
`profile.image` → `assets/img/…`, distill `bibliography` → `assets/bibliography/…`) — must
exist in the site (and not be excluded). Responsive `-480/-800/-1400.webp` variants are build
outputs and are not checked. When a whole folder is missing, the first link into it is reported
once with the count; when nothing of the site is under the file's first folder, the hint names
`links: served-elsewhere:` in `.folio-lint.yml`, for folders something else serves on the domain.

## Why it matters
A missing file gives a broken image or a 404, with no build error.

## Example
```markdown
<!-- the site has assets/img/portrait.png -->
![photo](/assets/img/portrait.jpg)   <!-- bad: no such file -->
![photo](/assets/img/portrait.png)   <!-- fixed -->
```

## Fix
Add the file or correct the path (the message names a file of the same name elsewhere).
""", parent="FL301", fixable="sometimes")


# ---------------------------------------------------------------------- fragments
def _ids_of(doc, ctx):
    def compute():
        scan = body_of(doc, ctx)
        md = doc.ext.lower() in (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
        ids, complete = heading_ids(doc.text, scan, markdown=md)
        lay = doc.data.get("layout")
        chain = layout_ids(ctx.site, lay, doc.data) if isinstance(lay, str) and lay != "none" else None
        if chain is not None:
            ids = ids | chain[0]  # the layout's own ids (`id="news"`, the navbar's, ...)
        if lay not in (None, "post", "page", "default", "distill", "none"):
            # about, cv, profiles, book-shelf, other themes' layouts render more than the body: known
            # only when their files are in the site and every id they may write is literal
            complete = complete and chain is not None and chain[1]
        return ids, complete

    return ctx.cached(("ids", doc.path), compute)


@rule("FL304", "missing-anchor", Severity.WARNING, PAGE)
def missing_anchor(doc, ctx):
    """A `#fragment` that names no heading or element id of its target page.

    ## What it checks
    `[x](#results)` on the same page and `[x](/blog/2024/post/#results)` across pages, against
    the ids kramdown generates (GFM input: lower-cased, punctuation removed, spaces to hyphens,
    `-1`, `-2` for repeats), explicit `{#id}` and `{: #id}`, and HTML `id=`/`name=` attributes,
    plus the ids the site's own layout chain writes around the body (`_layouts/` and the includes
    they use: `id="navbar"`, `id="contact"`), following `{% if page.x %}` branches the page's front
    matter decides. Pages with layouts that render more than the body (about, cv, profiles, a
    theme's) are checked only when those layout files are in the site and every id they may write
    is literal: an `id="{{ … }}"`, a plugin tag, another document's content, `include_relative` or
    a script that adds ids (bootstrap-toc with `toc: {sidebar: …}`) leaves the target unchecked, as
    do targets whose own ids depend on Liquid or includes.

    ## Why it matters
    The link opens the page but not at the section.

    ## Example
    ```markdown
    <!-- the post has a heading "## Results", whose id is `results` -->
    [results](/blog/2024/my-first-post/#result)    <!-- bad -->
    [results](/blog/2024/my-first-post/#results)   <!-- fixed -->
    ```

    ## Fix
    Use the heading's id as kramdown writes it (the message lists the closest).
    """
    site = ctx.site
    if doc.source.error:
        return
    m = url_map(site, ctx.settings) if not site.standalone else None
    elsewhere = bool(ctx.option("served-elsewhere"))
    for link in doc_links(doc, ctx):
        frag = link.fragment
        if frag is None or frag in ("", "top") or frag.startswith(("fn:", "fnref:", "!", "/")) or "{" in frag:
            continue
        target_doc = None
        if link.kind == "fragment":
            target_doc = doc
        elif link.kind in ("root", "site", "relative") and m is not None:
            p = link.target
            B = _baseurl(site)
            if link.kind == "root" and B and (p == B or p.startswith(B + "/")):
                p = p[len(B):] or "/"
            if link.kind == "relative":
                me = m.entries.get(doc.path)
                if me is None:
                    continue
                p = posixpath.normpath(posixpath.join(_page_dir(me.url), p or ".")) + ("/" if p.endswith("/") else "")
            if elsewhere and served_elsewhere(ctx, link.target if link.kind == "root" else B + p):
                continue  # (its ids are the other server's)
            es = m.resolve(p) if p else [m.entries.get(doc.path)]
            es = [e for e in es if e is not None and e.path in site.documents]
            if len(es) != 1:
                continue
            target_doc = site.documents[es[0].path]
        if target_doc is None:
            continue
        ids, complete = _ids_of(target_doc, ctx)
        if not complete or frag in ids or unquote(frag) in ids:
            continue
        c1 = close_match(frag, list(ids), 0.6)
        close = [c1] if c1 else []
        where = "this page" if target_doc is doc else f"`{target_doc.path}`"
        fs = link.start + link.raw.find("#") if "#" in link.raw else link.start
        fix = None
        if close:
            fix = Fix(f"use `#{close[0]}`", [Edit(fs + 1, fs + 1 + len(frag), close[0])], Applicability.UNSAFE) if "#" in link.raw else None
        yield Finding(doc.path, fs, link.end,
                      f"`#{frag}` is not an id on {where} (checked its headings as kramdown numbers them, and `id=` attributes)",
                      hint=f"did you mean `#{close[0]}`?" if close else None, fix=fix)


# ---------------------------------------------------------------------- includes
def _core_gem(site) -> bool:
    """Does the site build on the al_folio_core gem (al-folio v1), whose layouts and includes it has not copied?"""
    return site.era.shape == "v1" or site.config.get("theme") == "al_folio_core"


def _include_exists(site, name: str) -> bool | None:
    if name in site.includes:
        return True
    if _core_gem(site):
        if name in V1_CORE_INCLUDES:
            return True
        if name.endswith(".html") and name[:-5] + ".liquid" in V1_CORE_INCLUDES:
            return False  # the gem ships only the .liquid include (renamed 2024-01)
        return None  # another plugin gem may ship it — unknown
    if not site.includes or _theme_gem(site):
        return None  # no _includes/ folder: a theme gem provides them — unknown
    return False


@rule("FL402", "missing-include", Severity.ERROR, PAGE, fixable="sometimes", also=("FL405",))
def missing_include(doc, ctx):
    """`{% include x %}` whose file exists neither in `_includes/` nor in the theme in use.

    ## What it checks
    Every `{% include name … %}` of a page must name a file in the site's `_includes/`. On a
    site without `_includes/` (al-folio v1, other gem themes) includes come from the gem and are
    not checked, except on al-folio v1 a name that is a near miss of an include the
    `al_folio_core` gem or the site has (`figrue.liquid`): a warning, as another gem may ship it. After al-folio renamed all includes to `.liquid` (2024-01), old
    `{% include figure.html %}` calls break; the fix swaps the extension when only the other
    one exists. A leading `/` is joined onto `_includes/` (`{% include /custom/x.html %}` finds
    `_includes/custom/x.html`). `{% include_relative f %}` must name a file relative to the page (FL405). Jekyll
    looks an include up only when the line runs: inside an `{% if %}`, `{% unless %}` or
    `{% case %}` block the finding is a warning (the build breaks once that branch is taken), and
    nothing is said in an `{% if site.x.enabled %}` branch that `_config.yml` turns off
    (`enabled: false`), nor in the `{% else %}` branch of an `{% if %}` that `_config.yml` and the
    page's front matter make true (`{% if site.enable_project_categories and page.display_categories %}`).

    ## Why it matters
    Jekyll stops the build: "Could not locate the included file 'figure.html' in any of
    ["_includes"]".

    ## Example
    ```liquid
    {% include figure.html path="assets/img/photo.jpg" %}     <!-- bad: only _includes/figure.liquid exists -->
    {% include figure.liquid path="assets/img/photo.jpg" %}   <!-- fixed -->
    ```

    ## Fix
    Use the existing file's name (offered as a fix when unambiguous).
    """
    site = ctx.site
    if site.standalone or doc.source.error:
        return
    scan = body_of(doc, ctx)
    quiet = ctx.cached(("includes-quiet",), set)  # names nothing is said about wherever they are (most includes)
    depth = 0  # open {% if %}/{% unless %}/{% case %} blocks: Jekyll looks an include up only when it runs
    dead: list[bool] = []  # per open block: does the current branch provably never run (`_config.yml`)?
    taken: list[bool] = []  # per open block: does an earlier branch provably run (so `else`/`elsif` never do)?
    for t in scan.tags:
        tn = t.name
        if any(dead) and tn in ("include", "include_relative"):
            continue  # `{% if site.x.enabled %}` with `enabled: false`: Jekyll never looks it up
        if tn == "include":
            got = include_name(t.args)
            if got is None:
                continue
            name, lead = got
            if name in quiet:
                continue
            if (name.startswith("/") and not re.search(r"[./]{2,}", name) and "\\" not in name
                    and _include_exists(site, name.lstrip("/"))):
                quiet.add(name)  # `{% include /custom/x.html %}`: Jekyll joins the name onto `_includes/`
                continue
            if name.startswith("/") or re.search(r"[./]{2,}", name) or "\\" in name:
                s = t.args_start + lead
                why = ("Jekyll refuses `..`, `./` and `//` in include names (\"Invalid syntax for include tag\")"
                       if re.search(r"[./]{2,}", name) or "\\" in name else
                       "Jekyll looks for it inside `_includes/` only (\"Could not locate the included file\")")
                yield Finding(doc.path, s, s + len(name),
                              f"`{{% include {name} %}}`: an include name must be a path inside `_includes/`; {why} and stops the build",
                              hint="move the file into `_includes/` and include it by its name there, or use `{% include_relative %}` for a file beside the page")
                continue
            ex = _include_exists(site, name)
            if ex:
                quiet.add(name)
                continue
            s = t.args_start + lead
            gem = _core_gem(site)
            if ex is None:  # a gem may ship it: said only for a near miss of an include al-folio has
                if gem:
                    c1 = close_match(name, list(set(site.includes) | V1_CORE_INCLUDES), 0.85)
                    close = [c1] if c1 else []
                    if close:
                        yield Finding(doc.path, s, s + len(name),
                                      f"`{{% include {name} %}}`: neither `_includes/` nor the al_folio_core gem has "
                                      f"`{name}`; did you mean `{close[0]}`? (unless another gem of the site ships it, "
                                      "Jekyll stops the build)", hint=f"did you mean `{close[0]}`?",
                                      fix=Fix(f"use `{close[0]}`", [Edit(s, s + len(name), close[0])], Applicability.UNSAFE),
                                      severity=Severity.WARNING)
                        continue
                quiet.add(name)
                continue
            stem, ext = posixpath.splitext(name)
            known = set(site.includes) | (V1_CORE_INCLUDES if gem else set())
            alt = [stem + e for e in (".liquid", ".html") if e != ext and stem + e in known]
            fix = None
            hint = None
            if len(alt) == 1:
                fix = Fix(f"use `{alt[0]}`", [Edit(s, s + len(name), alt[0])], Applicability.SAFE)
                where = f"`_includes/{alt[0]}`" if alt[0] in site.includes else f"the al_folio_core gem's `{alt[0]}`"
                hint = f"{where} exists" + (" (al-folio renamed includes to `.liquid` in 2024-01)" if alt[0].endswith(".liquid") else "")
            else:
                c1 = close_match(name, list(known), 0.75)
                close = [c1] if c1 else []
                if close:
                    hint = f"did you mean `{close[0]}`?"
            place = f"`_includes/{name}`" + (" (nor in the al_folio_core gem)" if gem else "")
            if depth:
                yield Finding(doc.path, s, s + len(name),
                              f"`{{% include {name} %}}`: there is no {place}; Jekyll stops the build when the "
                              "`{% if %}` branch around it runs", hint=hint, fix=fix, severity=Severity.WARNING)
                continue
            stops, sev = _stops_build(doc, ctx)
            yield Finding(doc.path, s, s + len(name), f"`{{% include {name} %}}`: there is no {place}; {stops}",
                          hint=hint, fix=fix, severity=sev)
        elif tn in ("if", "unless", "case"):
            depth += 1
            dead.append(tn == "if" and _config_false_condition(site, t.args))
            taken.append(tn == "if" and not dead[-1] and _true_condition(site, doc, t.args))
        elif tn in ("elsif", "else", "when") and dead:
            dead[-1] = taken[-1]  # another branch: it may run, unless an earlier one provably does
            if tn == "elsif" and not taken[-1]:
                taken[-1] = _true_condition(site, doc, t.args)
        elif tn in ("endif", "endunless", "endcase"):
            depth = max(0, depth - 1)
            if dead:
                dead.pop()
                taken.pop()
        elif tn == "include_relative":
            arg = t.args.strip().split()[0] if t.args.strip() else ""
            if not arg or "{{" in arg:
                continue
            # Jekyll joins the page's folder and the argument like Ruby's File.join: a leading `/` stays below the folder
            target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.path), arg.lstrip("/")))
            if site.exists(target):
                continue
            s = t.args_start + t.args.find(arg)
            yield Finding(doc.path, s, s + len(arg),
                          f"`{{% include_relative {arg} %}}`: there is no `{target}` (checked relative to this file's folder); Jekyll stops the build"
                          + (" when the `{% if %}` branch around it runs" if depth else ""),
                          code="FL405", severity=Severity.WARNING if depth else None)


_SITE_PATH_RE = re.compile(r"site((?:\.[A-Za-z_][\w-]*)+)")


def _config_false_condition(site, cond: str) -> bool:
    """Is ``{% if cond %}`` false whatever the page: a chain of ``and`` with one bare ``site.a.b``
    term that `_config.yml` sets to `false` or leaves empty, i.e. nil (a key it does not give may come from a
    theme gem's config, so it is not judged)."""
    cond = cond.strip()
    if not cond or " or " in f" {cond} ":
        return False
    for term in re.split(r"\s+and\s+", cond):
        m = _SITE_PATH_RE.fullmatch(term.strip())
        if not m:
            continue
        found, cur = _dotted(site.config.data, m.group(1))
        if found and (cur is False or cur is None):  # Liquid: only nil and false are false (`""` is true)
            return True
    return False


def _dotted(data, path: str) -> tuple[bool, object]:
    """(found, value) of ``.a.b`` (a `site.`/`page.` path without its head) in nested mappings."""
    cur = data
    for part in path[1:].split("."):
        if not isinstance(cur, dict) or part not in cur:
            return False, None
        cur = cur[part]
    return True, cur


_PAGE_PATH_RE = re.compile(r"page((?:\.[A-Za-z_][\w-]*)+)")


def _true_condition(site, doc, cond: str) -> bool:
    """Is ``{% if cond %}`` true on this page whatever else happens: a chain of ``and`` whose every
    term is a bare ``site.a.b`` that `_config.yml` sets, or a bare ``page.x`` that the page's front
    matter (or `defaults:`) sets, to a value that is not empty (al-folio's projects page:
    `{% if site.enable_project_categories and page.display_categories %}`). Then its `{% else %}`
    branch never runs on this page."""
    cond = cond.strip()
    if not cond or " or " in f" {cond} ":
        return False
    for term in re.split(r"\s+and\s+", cond):
        term = term.strip()
        m = _SITE_PATH_RE.fullmatch(term)
        if m:
            found, cur = _dotted(site.config.data, m.group(1))
        else:
            m = _PAGE_PATH_RE.fullmatch(term)
            if not m:
                return False
            found, cur = _dotted(doc.data, m.group(1))
        if not found or cur is None or cur is False or cur in ("", [], {}) or isinstance(cur, str) and cur.strip().lower() == "false":
            return False
    return True


declare("FL405", "include-relative-missing", Severity.ERROR, """
`{% include_relative file %}` names no file next to the page.

## What it checks
The path is relative to the folder of the including file (al-folio's `profiles[].content`
uses this for `_pages/about_einstein.md`).

## Why it matters
Jekyll stops the build.

## Example
```liquid
<!-- in _pages/about.md; the file is _pages/snippets/bio.md -->
{% include_relative snippet/bio.md %}    <!-- bad: there is no _pages/snippet/bio.md -->
{% include_relative snippets/bio.md %}   <!-- fixed -->
```

## Fix
Correct the path.
""", parent="FL402")


# ---------------------------------------------------------------------- citations
_OPT_WITH_VALUE = {"-f", "--file", "-l", "--locator", "-L", "--label", "--prefix", "--suffix", "--style", "-s",
                   "--template", "-T", "--query", "-q", "--max", "-m", "--group_by", "--group_order", "--type", "--offset"}


_CITE_TAGS = frozenset({"cite", "reference", "bibliography", "cite_details", "citation", "nocite"})
_CITE_NOT_PLAIN = re.compile(r"""["'{}%]|(?<!\S)-""")  # quotes, Liquid, or an option (a word starting with `-`)


def parse_cite_args(args: str, start: int) -> tuple[list[tuple[str, int]], str | None, bool]:
    """(keys with offsets, --file value, dynamic) of a cite/reference tag's arguments."""
    if not _CITE_NOT_PLAIN.search(args):  # the common case, `{% cite a b %}`: every word is a key
        keys = []
        pos = 0
        for tok in args.split():  # (str.split and the `\S+` below split at the same characters)
            pos = args.find(tok, pos)
            keys.append((tok, start + pos))
            pos += len(tok)
        return keys, None, False
    keys: list[tuple[str, int]] = []
    file = None
    dynamic = False
    toks = [(m.group(0), start + m.start()) for m in re.finditer(r"\"[^\"]*\"|'[^']*'|\S+", args)]
    i = 0
    while i < len(toks):
        tok, off = toks[i]
        if tok.startswith("-"):
            if tok in _OPT_WITH_VALUE and i + 1 < len(toks):
                if tok in ("-f", "--file"):
                    file = toks[i + 1][0].strip("'\"")
                    if "{{" in file or "{%" in file or "}}" in file:
                        file, dynamic = None, True
                i += 2
                continue
            i += 1
            continue
        if "{{" in tok or "}}" in tok or "{%" in tok:
            dynamic = True
        elif tok.startswith(("'", '"')):
            dynamic = True  # a quoted key: unusual, do not guess
        else:
            keys.append((tok, off))
        i += 1
    return keys, file, dynamic


@rule("FL403", "unknown-citation-key", Severity.ERROR, PAGE, also=("FL404",))
def unknown_citation_key(doc, ctx):
    """A `{% cite %}`/`{% reference %}` key that no `.bib` file defines.

    ## What it checks
    Keys of `{% cite key %}`, `{% cite a b %}`, `{% reference key %}` against the file
    jekyll-scholar reads (`scholar.source` + `scholar.bibliography` in `_config.yml`, al-folio:
    `_bibliography/papers.bib`, or `--file name`), parsed with a BibTeX parser; distill posts'
    `<d-cite key="…">` against `assets/bibliography/<bibliography>`. `{% bibliography --file x %}`
    and `{% cite … --file x %}` naming a missing file are FL404.

    ## Why it matters
    jekyll-scholar renders "(missing reference)" with no build error.

    ## Example
    ```liquid
    <!-- _bibliography/papers.bib defines smith2024deep -->
    {% cite smith2024deeep %}   <!-- bad: not in papers.bib -->
    {% cite smith2024deep %}    <!-- fixed -->
    ```

    ## Fix
    Correct the key (the message names the closest one) or add the entry to the `.bib` file.
    """
    site = ctx.site
    if site.standalone or doc.source.error:
        return
    sch = None
    quiet = None  # tag arguments nothing is said about (every key in the default bibliography)
    # jekyll-scholar merges the page's `scholar:` over the site's: `scholar: {bibliography: refs.bib}`
    # is this page's default file (a page-level `source:` or a glob is not followed: nothing is said)
    page_bib = None
    ps = doc.data.get("scholar")
    if isinstance(ps, dict) and ps:
        b = ps.get("bibliography")
        if "source" in ps or (b is not None and not (isinstance(b, str) and b.strip() and "*" not in b)):
            return
        page_bib = b.strip() if b is not None else None
    scan = body_of(doc, ctx)
    for t in scan.tags:
        if t.name not in _CITE_TAGS:
            continue
        if sch is None:
            sch = scholar(site)
            if sch.outside:
                break  # the bibliography is outside the site (FL605): its keys are unknown
            quiet = ctx.cached(("cite-quiet",), set)
        if page_bib is None and t.args in quiet:
            continue
        keys, file, dynamic = parse_cite_args(t.args, t.args_start)
        if dynamic and file is None and ("-f" in t.args or "--file" in t.args):
            continue  # the file name is computed by Liquid
        if file is None:
            file = page_bib
        bf = sch.keys(file)
        if bf is None:
            if file is not None or (t.name != "bibliography" and keys):
                fname = sch.file_for(file)
                if not sch.files and file is None:
                    continue  # no bibliography at all in the site: jekyll-scholar may not be in use
                yield Finding(doc.path, t.start, t.end,
                              f"jekyll-scholar reads `{fname}`, which does not exist (`scholar.source` "
                              f"`{sch.source}`, bibliography `{file or sch.default}`)",
                              hint="check `scholar:` in `_config.yml` and the `--file` option", code="FL404")
            continue
        if not bf.ok and not bf.keys:
            continue
        if file is None and page_bib is None and not dynamic and all(k in bf.keys for k, _o in keys):
            quiet.add(t.args)  # (for any of the tags: a bibliography tag checks no keys)
        if t.name == "bibliography":
            continue
        for key, off in keys:
            if key in bf.keys:
                continue
            c1 = ctx.cached(("cite-close", bf.path, key), lambda: close_match(key, bf.keys, 0.8))
            close = [c1] if c1 else []
            fix = Fix(f"use `{close[0]}`", [Edit(off, off + len(key), close[0])], Applicability.UNSAFE) if close else None
            yield Finding(doc.path, off, off + len(key), f"citation key `{key}` is not in `{bf.path}`",
                          hint=f"did you mean `{close[0]}`?" if close else None, fix=fix)
    # distill: <d-cite key="a,b">
    if doc.layout == "distill" and isinstance(doc.data.get("bibliography"), str):
        rel = posixpath.join("assets/bibliography", doc.data["bibliography"].strip().lstrip("/"))
        if sch is None:
            sch = scholar(site)
        bf = sch.files.get(rel)
        if bf is not None and bf.keys:
            for m in re.finditer(r"<d-cite\s+key=\"([^\"]+)\"", doc.text[doc.body_start:]):
                base = doc.body_start + m.start(1)
                if scan.hidden(base):
                    continue
                for km in re.finditer(r"[^,\s]+", m.group(1)):
                    key = km.group(0)
                    if "{{" in key or key in bf.keys:
                        continue
                    yield Finding(doc.path, base + km.start(), base + km.end(), f"citation key `{key}` is not in `{rel}`")


declare("FL404", "missing-bibliography-file", Severity.ERROR, """
A bibliography file that does not exist.

## What it checks
`{% bibliography --file name %}`, `{% cite key --file name %}` and citations with the default
file (`scholar.source` + `scholar.bibliography`) must name an existing `.bib` file.

## Why it matters
jekyll-scholar fails or renders nothing.

## Example
```liquid
<!-- _bibliography/ holds papers.bib only -->
{% bibliography --file talks %}    <!-- bad: there is no _bibliography/talks.bib -->
{% bibliography --file papers %}   <!-- fixed (or add _bibliography/talks.bib) -->
```

## Fix
Correct the file name or the `scholar:` settings.
""", parent="FL403")


# themes whose layouts put the baseurl in front of every `<img src="/...">` of the content
# (Chirpy's refactor-content.html / img-url.html): a root-relative image there is not missing it
_THEMES_PREFIXING_IMAGES = frozenset({"jekyll-theme-chirpy"})


# ---------------------------------------------------------------------- site rules
@rule("FL308", "duplicate-url", Severity.ERROR, SITE)
def duplicate_url(site, ctx):
    """Two documents that Jekyll writes to the same URL.

    ## What it checks
    The output file of every published page, post, collection document and static file, computed
    with Jekyll's URL rules. Jekyll writes both and one silently overwrites the other. With
    jekyll-polyglot (`languages:` in `_config.yml`) pages of different languages (`lang:`, or a
    language folder with `lang_from_path: true`) are written to their own `/LANG/` folders: only
    pages of the same language collide.

    ## Why it matters
    One of the two pages is unreachable; which one wins depends on the build order.

    ## Example
    ```yaml
    # _pages/cv.md
    permalink: /cv/
    # _pages/resume.md
    permalink: /cv/        # bad: written to /cv/, like _pages/cv.md
    permalink: /resume/    # fixed
    ```

    ## Fix
    Give one of them another `permalink:`.
    """
    if site.standalone:
        return
    m = url_map(site, ctx.settings)
    lang_of = _polyglot_lang(site)
    for out, es in m.by_output.items():
        docs = [e for e in es if e.path in site.documents and e.kind != "redirect"]
        if len(docs) < 2:
            continue
        if not all(e.certain for e in docs):
            continue
        groups = [docs]
        if lang_of is not None:  # jekyll-polyglot writes each language to its own folder (/pt-br/...)
            by_lang: dict = {}
            for e in docs:
                by_lang.setdefault(lang_of(site.documents[e.path]), []).append(e)
            groups = [g for g in by_lang.values() if len(g) > 1]
        for docs in groups:
            docs.sort(key=lambda e: e.path)
            first = docs[0]
            for e in docs[1:]:
                d = site.documents[e.path]
                ps = d.fm.value_span(("permalink",)) if d.fm is not None and d.fm.node(("permalink",)) else (0, 3)
                yield Finding(e.path, ps[0], ps[1], f"this page is written to `{e.url}`, like `{first.path}`: one of them overwrites the other",
                              hint="give one of them another `permalink:`")


def _polyglot_languages(site) -> frozenset[str] | None:
    """The languages jekyll-polyglot builds (`languages:`, possibly none) when the plugin is on, else None."""
    if "polyglot_languages" not in site.extras:
        cfg = site.config.data
        langs = cfg.get("languages")
        on = "jekyll-polyglot" in site.plugins and isinstance(langs, list)
        site.extras["polyglot_languages"] = frozenset(str(x) for x in langs) if on else None
    return site.extras["polyglot_languages"]


def _polyglot_lang(site):
    """With jekyll-polyglot on: document -> its language (`lang:`, a language folder, or `default_lang`)."""
    names = _polyglot_languages(site)
    if names is None:
        return None
    cfg = site.config.data
    default = str(cfg.get("default_lang", "en"))
    from_path = bool(cfg.get("lang_from_path", False))

    def lang(doc) -> str:
        v = doc.data.get("lang") if isinstance(doc.data, dict) else None
        if isinstance(v, str) and v.strip():
            return v.strip()
        if from_path:
            for part in doc.path.split("/")[:-1]:
                if part in names:
                    return part
        return default

    return lang


@rule("FL309", "redirect-from-collision", Severity.ERROR, SITE)
def redirect_from_collision(site, ctx):
    """A `redirect_from:` URL that is also the URL of a real page.

    ## What it checks
    jekyll-redirect-from writes a small redirect page at every `redirect_from` URL; when a real
    page already lives there, one overwrites the other.

    ## Why it matters
    Either the page disappears or the redirect does.

    ## Example
    ```yaml
    # _pages/about.md
    permalink: /
    # _pages/bio.md
    permalink: /bio/
    redirect_from: /             # bad: `/` is the URL of _pages/about.md
    redirect_from: /biography/   # fixed: an old URL no page uses
    ```

    ## Fix
    Remove the entry from `redirect_from:`, or move the page.
    """
    if site.standalone:
        return
    m = url_map(site, ctx.settings)
    for r in m.redirects:
        real = [e for e in m.by_output.get(r.output, []) if e.kind != "redirect" and e.path != r.path]
        if not real:
            continue
        d = site.documents.get(r.path)
        if d is None or d.fm is None:
            continue
        s, e = d.fm.key_span(("redirect_from",))
        yield Finding(r.path, s, e, f"`redirect_from` lists `{r.url}`, which is the URL of `{real[0].path}`",
                      hint="remove that entry; the redirect page and the real page overwrite each other")


@rule("FL310", "nav-order-clash", Severity.INFO, SITE)
def nav_order_clash(site, ctx):
    """Navigation pages sharing a `nav_order`.

    ## What it checks
    Pages with `nav: true` and the same `nav_order` value. With jekyll-polyglot (`languages:`),
    only pages of the same language share a navbar.

    ## Why it matters
    al-folio sorts the navbar by `nav_order`; ties fall back to an order that changes between
    builds and between Jekyll versions.

    ## Example
    ```yaml
    # _pages/cv.md
    nav: true
    nav_order: 2
    # _pages/teaching.md
    nav: true
    nav_order: 2   # bad: also used by _pages/cv.md
    nav_order: 3   # fixed
    ```

    ## Fix
    Give each navigation page its own `nav_order`.
    """
    if site.standalone:
        return
    lang_of = _polyglot_lang(site)  # jekyll-polyglot: each language has its own navbar
    seen: dict[object, list] = {}
    for p in sorted(site.documents):
        d = site.documents[p]
        if d.data.get("nav") is not True:
            continue
        o = d.data.get("nav_order")
        if isinstance(o, bool) or not isinstance(o, (int, float)):
            continue
        m = url_map(site, ctx.settings)
        e = m.entries.get(p)
        if e is not None and not e.published:
            continue
        seen.setdefault((o, lang_of(d) if lang_of is not None else None), []).append(d)
    for (o, _lang), ds in seen.items():
        if len(ds) < 2:
            continue
        for d in ds[1:]:
            f, s, e = ctx.key_location(d, ("nav_order",), value=True)
            yield Finding(f, s, e, f"`nav_order: {o}` is also used by `{ds[0].path}`: the navbar order between them then depends on file names",
                          hint="give each navigation page its own `nav_order`")


def missing_targets(d, ctx) -> tuple:
    """(target, start, end) of each place of page ``d`` FL311 counts: a root-relative link (or a
    dropdown menu entry) whose target is missing. Kept per page in the run memo (FL301 stores it
    there as it goes through the page's links, the same ones in the same order); a worker process
    sends only these back (see ``parallel.SHIP_BACK_KINDS``), not the page's links."""

    def compute():
        out = []
        menu = [l for l in _fm_links(d, ctx) if l.form.startswith("fm:children.")]  # navbar entries count too
        for l in list(doc_links(d, ctx)) + menu:
            if l.kind not in ("root", "site"):
                continue
            r = resolve_link(d, ctx, l)
            if r.ok or r.skip or r.code not in ("FL301", "FL401", "FL307") or (r.data and r.data.get("folder_absent")):
                continue  # (a missing folder is already summarised by FL401)
            out.append((l.target, l.start, l.end))
        return tuple(out)

    return ctx.cached(("missing-targets", d.path), compute)


def _worker_summary(d, ctx) -> None:
    """In a page-rule worker, after its pages: what FL311 will read of page ``d``."""
    missing_targets(d, ctx)


@rule("FL311", "shared-missing-target", Severity.INFO, SITE)
def shared_missing_target(site, ctx):
    """Summary: a missing target that many pages link to.

    ## What it checks
    When three or more places link to the same URL that does not exist (for example the old URL
    of a page whose `permalink:` was lost), each place is reported by FL301 and this rule adds
    one summary at the first place, with the count. Menu entries of dropdown nav pages
    (`children[].permalink`) count as places.

    ## Why it matters
    One fix (restoring the page's URL) repairs them all.

    ## Example
    ```markdown
    <!-- in _pages/about.md, _pages/cv.md and _pages/teaching.md; no page has the URL /talks/ -->
    [talks](/talks/)   <!-- bad: FL301 at each place, and one FL311 summary at the first -->
    ```
    Fixed: give the talks page its URL back (`permalink: /talks/` in `_pages/talks.md`).

    ## Fix
    Restore the target, or redirect its old URL (`redirect_from:`).
    """
    if site.standalone:
        return
    counts: dict[str, list[tuple[str, int, int]]] = {}
    checked = sorted(site.documents) if ctx.pages is None else sorted(d.path for d in ctx.pages)
    for p in checked:  # only pages checked in this run (a pre-commit run names a few; an editor re-lints one)
        if p not in site.documents:
            continue
        for target, s, e in missing_targets(site.documents[p], ctx):
            counts.setdefault(target, []).append((p, s, e))
    for target, places in counts.items():
        if len(places) < 3:
            continue
        p, s, e = places[0]
        nfiles = len({x[0] for x in places})
        where = "on this page" if nfiles == 1 else f"in {nfiles:,} files"
        yield Finding(p, s, e, f"{len(places):,} links {where} point to `{target}`, which does not exist",
                      hint="restoring that one target fixes them all")


shared_missing_target.worker_summary = _worker_summary  # see engine.collect_findings


# ---------------------------------------------------------------------- social preview image
_OG_PREFIXED = re.compile(r"og_image\w*\s*\|\s*prepend:\s*site\.baseurl\s*\|\s*prepend:\s*site\.url")
# `| absolute_url` puts a `/` between baseurl and a value without one: any path of the site works
_OG_ABSOLUTE = re.compile(r"og_image\w*\s*\|\s*absolute_url")
_OG_VERBATIM = re.compile(r"\{\{-?\s*(?:page|site)\.og_image\s*-?\}\}")
# layouts whose page frame (head -> metadata) writes og:image
_OG_LAYOUTS = frozenset({"default", "page", "post", "about", "cv", "distill", "profiles", "book-shelf", "book-review",
                         "course", "archive"})


def og_image_mode(site) -> str | None:
    """How this site's template writes `og_image` into `og:image`: "verbatim" (v0.x's metadata include),
    "prefixed" (site.url + baseurl prepended to values without `://`: al_folio_core 2026-07 on, or a site
    include that does it), "absolute" (a site include's `| absolute_url`, which adds the `/`), "either"
    (a v1 site without its own metadata include: the gem's version is not known), or None (unknown,
    or no include of the site writes it). On a v1 site without its own include, the al_folio_core
    version that Gemfile.lock (or an exact Gemfile pin) names decides: it writes the value as it is
    up to 1.0.11 and prepends `url` and `baseurl` from 1.0.12 on."""
    texts = [site.sources[p].text for p in site.includes.values() if p in site.sources and "og_image" in site.sources[p].text]
    if texts:
        t = "\n".join(texts)
        if _OG_PREFIXED.search(t):
            return "prefixed"
        if _OG_ABSOLUTE.search(t):
            return "absolute"
        if _OG_VERBATIM.search(t):
            return "verbatim"
        return None
    if _core_gem(site):
        ver = site.al_folio_core_version
        if ver is None:
            return "either"
        return "prefixed" if ver >= (1, 0, 12) else "verbatim"
    return None


def _og_missing(site, ctx, val: str) -> bool:
    """Is the file a relative `og_image` names (from the site root) certainly absent from the build?"""
    p = "/" + unquote(val.split("#")[0].split("?")[0]).lstrip("/")
    if served_elsewhere(ctx, _baseurl(site) + p):
        return False  # (the file is outside the source)
    m = url_map(site, ctx.settings)
    if m.resolve(p) or m.is_uncertain(p) or RESPONSIVE_VARIANT.search(p) or unread_structure(site):
        return False
    rel = p.lstrip("/")
    if _theme_gem(site) and rel.startswith("assets/") and not rel.startswith(_USER_ASSET_DIRS):
        return False  # the theme gem may ship it
    return True


@rule("FL312", "og-image-broken", Severity.WARNING, SITE, fixable="sometimes")
def og_image_broken(site, ctx):
    """An `og_image` (link-preview picture) that the built page cannot show.

    ## What it checks
    With `serve_og_meta: true`, al-folio writes a page's `og_image` (or `_config.yml`'s `og_image`)
    into the `og:image` and `twitter:image` tags. Which values work depends on the template:
    v0.x's `metadata.liquid` writes the value as it is, so a path there (`/assets/img/card.png`)
    is a relative URL that link previews (Discord, LinkedIn, Mastodon, X) cannot load — it must be an
    absolute `https://…` URL. al_folio_core (v1: 1.0.12, 2026-07, on) prepends `url` and `baseurl`, so a path
    must start with `/` (`assets/img/x.png` becomes `https://example.comassets/img/x.png`) and name
    an existing file; a site include that writes `og_image | absolute_url` takes a path with or
    without the `/` (Jekyll's filter adds it), and only a missing file is reported. folio-lint
    reads the site's own metadata include to know which applies; on a v1 site without one, the
    al_folio_core version in Gemfile.lock (or pinned in the Gemfile) decides (1.0.11 and before
    write the value as it is, 1.0.12 on prepend); with no version known it reports only what is
    broken with both (no leading `/`, or a missing file).
    A value set through `_config.yml` `defaults:` is judged once, at that entry. Values with `://`
    are external links (checked with `--external`).

    ## Why it matters
    The page shares with no picture, and nothing warns at build time.

    ## Example
    ```yaml
    # v0.x site (its _includes/metadata.liquid writes og_image as it is); url: https://jane.github.io
    og_image: /assets/img/card.png                          # bad: a relative URL in og:image
    og_image: https://jane.github.io/assets/img/card.png    # fixed
    ```

    ## Fix
    v0.x: write the absolute URL (offered as a fix when `url:` is set). v1: start the path with `/`
    and point it at an existing file.
    """
    if site.standalone or not site.is_al_folio or not _truthy(site.config.get("serve_og_meta")):
        return
    mode = og_image_mode(site)
    if mode is None:
        return
    url = site.config.get("url")
    host = url.strip().rstrip("/") if isinstance(url, str) and "://" in url and "{" not in url else ""
    if "alshedivat.github.io" in host:
        host = ""  # the template's placeholder host is no address to offer (FL5 reports it)
    B = _baseurl(site)

    def judge(val: str):
        """(message, hint, replacement) for a relative value, or None when it works."""
        missing = _og_missing(site, ctx, val)
        rel = val.lstrip("/")
        gone = f"; `{rel}` does not exist either (checked from the site root)" if missing else ""
        if mode == "verbatim":
            absolute = f"{host}{B}/{rel}" if host and not missing else None
            ver = site.al_folio_core_version if not any("og_image" in site.sources[p].text for p in site.includes.values()
                                                    if p in site.sources) else None
            where = (f"al_folio_core {'.'.join(map(str, ver))}, the version this site builds with" if ver
                     else "this site's metadata include")
            return (f"`og_image: {val}` is written into `og:image` as it is ({where}), so link "
                    f"previews get a relative URL they cannot load{gone}",
                    f"write the absolute URL{': `' + absolute + '`' if absolute else ' (`https://…`)'}", absolute)
        if not val.startswith("/") and mode != "absolute":
            glued = (host or "https://example.com") + B + val
            return (f"`og_image: {val}` has no leading `/`: the template prepends `url` and `baseurl`, giving "
                    f"`{glued}`{gone}", f"write `/{val}`", None if missing else "/" + val)
        if missing:
            return (f"`og_image: {val}`: `{rel}` does not exist (checked from the site root)",
                    "add the file or correct the path", None)
        return None

    def check(path: str, n, raw: str):
        val = raw.strip()
        if not val or "://" in val or "{{" in val or "{%" in val or val.startswith(("//", "data:")):
            return None
        got = judge(val)
        if got is None:
            return None
        msg, hint, new = got
        fix = Fix(f"replace with `{new}`", [Edit(n.start, n.end, new)], Applicability.UNSAFE) if new else None
        return Finding(path, n.start, n.end, msg, hint=hint, fix=fix)

    m = url_map(site, ctx.settings)
    from_defaults: set[int] = set()  # defaults entries already judged (once, not once per page)
    cy = site.config.yaml
    for p in sorted(site.documents):
        d = site.documents[p]
        if d.fm is None or not d.fm.ok or d.layout not in _OG_LAYOUTS:
            continue
        v = d.own.get("og_image")
        idx = d.origin.get("og_image") if v is None else None
        if v is None and idx is not None:
            v = d.data.get("og_image")  # from a `defaults:` entry of _config.yml
        if not isinstance(v, str):
            continue
        e = m.entries.get(p)
        if e is None or not e.published or e.kind == "static":
            continue
        if idx is not None:
            n = cy.nodes.get(("defaults", idx, "values", "og_image")) if cy is not None else None
            if n is None or idx in from_defaults or not site.config.path:
                continue
            from_defaults.add(idx)
            f = check(site.config.path, n, v)
        else:
            n = d.fm.node(("og_image",))
            f = check(p, n, v) if n is not None else None
        if f is not None:
            yield f
    cv = site.config.get("og_image")
    if isinstance(cv, str) and cy is not None and site.config.path and ("og_image",) in cy.nodes:
        f = check(site.config.path, cy.nodes[("og_image",)], cv)
        if f is not None:
            yield f


# ---------------------------------------------------------------------- external links (opt-in)
@rule("FL320", "external-link-broken", Severity.WARNING, SITE, also=("FL321", "FL322"))
def external_link_broken(site, ctx):
    """An external link whose server answers "not found" (only with `--external`).

    ## What it checks
    With `folio-lint check --external`, every `http(s)://` link of the site is requested (HEAD,
    then GET when HEAD is refused), a few at a time per host, with retries that honour
    `Retry-After`; results are cached in `.folio-lint-cache/` for a day
    (`external-links: {cache-ttl, timeout, concurrency, retries, ignore, accept}` in `.folio-lint.yml`). A 4xx answer (404,
    410, …) is FL320; bot walls (401/403/429) and timeouts are "unverified" (FL321, info); a
    permanent redirect (301/308) is FL322 (info), with the new address as a fix. Without
    `--external` (the default, `--offline`) nothing is requested and nothing is reported.

    ## Why it matters
    Links to papers, code and talks rot; visitors find them first.

    ## Example
    ```markdown
    <!-- folio-lint check --external -->
    [code](https://github.com/jane-doe/old-repo)   <!-- bad: the server answers 404 -->
    [code](https://github.com/jane-doe/new-repo)   <!-- fixed -->
    ```

    ## Fix
    Update or remove the link (for redirects: use the new address).
    """
    ext = site.extras.get("external")
    if not ext:
        return
    results = ext["results"]
    for url, places in ext["links"].items():
        from urllib.parse import urldefrag

        r = results.get(urldefrag(url)[0])
        if r is None:
            continue
        for path, s, e in places:
            if r.verdict == "broken":
                yield Finding(path, s, e, f"`{url}` is broken: {r.detail}", hint="update or remove the link")
            elif r.verdict in ("unverified", "error"):
                yield Finding(path, s, e, f"`{url}` could not be verified: {r.detail}", code="FL321",
                              hint="check it in a browser; some sites block automated requests")
            elif r.permanent_redirect and r.final_url:
                fix = Fix(f"use `{r.final_url}`", [Edit(s, e, r.final_url)], Applicability.UNSAFE)
                yield Finding(path, s, e, f"`{url}` redirects permanently to `{r.final_url}`", code="FL322", fix=fix)


declare("FL321", "external-link-unverified", Severity.INFO, """
An external link that could not be verified (bot wall, timeout, server error).

## What it checks
With `--external`: answers 401/403/429 (often bot protection), 5xx and timeouts.

## Why it matters
It may work in a browser; it is listed so you can check it by hand.

## Example
```markdown
<!-- folio-lint check --external -->
[paper](https://www.example-publisher.com/article/123)   <!-- reported: 403 (bot wall), 429 or a timeout -->
```
Fixed: open it in a browser; if it works, keep it (and, if you like, list it under
`external-links: {ignore: [...]}` in `.folio-lint.yml` so it is no longer requested).

## Fix
Open it in a browser.
""", parent="FL320")
declare("FL322", "external-link-redirected", Severity.INFO, """
An external link that redirects permanently (301/308).

## What it checks
With `--external`: the new address after permanent redirects.

## Why it matters
Old addresses stop redirecting one day.

## Example
```markdown
<!-- folio-lint check --external; http://example.org/talk answers 301 to https://example.org/talks/2024/ -->
[slides](http://example.org/talk)              <!-- reported -->
[slides](https://example.org/talks/2024/)      <!-- fixed -->
```

## Fix
Use the new address (offered as a fix).
""", parent="FL320", fixable="always")
