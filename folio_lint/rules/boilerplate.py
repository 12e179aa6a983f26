"""FL5xx: al-folio template boilerplate left on a site — text, values and files.

Every fingerprint lives in the versioned catalogue ``folio_lint/data/boilerplate.yml`` (see
:mod:`folio_lint.boilerplate`); each rule's documentation lists the fingerprints it matches, and
each finding carries the fingerprint id and matched template text in ``Finding.data``.
Template *structure* the user is meant to keep (keys, ``social: true``, the explanatory
``# comments`` after values, the footer) is never reported.
"""

from __future__ import annotations

import os
import re

from ..assets import template_files
from ..body import body_of
from ..boilerplate import (
    COMMENT_CODE,
    Catalogue,
    Fingerprint,
    RegionMatch,
    bib_entries,
    catalogue,
    key_matches,
    match_region,
    match_words,
    node_value_hits,
    paragraph_spans,
    scalar_items,
    value_hits,
    words,
    _covered,
)
from ..diagnostics import Applicability, Edit, Finding, Fix, Severity
from ..registry import CONFIG, PAGE, declare, rule
from ..yamlload import path_str

_CAT = catalogue()

_KEY_ONLY_LINE = re.compile(r"[ \t]*#+[ \t]*(?:-[ \t]*)?[\w.-]+:[ \t]*[>|]?[-+]?[ \t]*$")
_COMMENT_LINE = re.compile(r"[ \t]*#")
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")


# ---------------------------------------------------------------------- docs from the catalogue
def _fp_line(fp: Fingerprint) -> str:
    when = f"since {fp.since}" if fp.since else ""
    if fp.until:
        when += f", until {fp.until}"
    if fp.match == "phrase":
        what = "; ".join(f'"{p}"' for p in fp.phrases)
        if fp.paragraphs:
            what += f" (and {len(fp.paragraphs)} whole template paragraph(s), matched even when edited)"
    elif fp.match in ("fm-value", "config-value", "data-value"):
        vals = list(fp.equals_raw) or list(fp.contains)
        shown = ", ".join(f'"{v}"' for v in vals[:6]) + (" …" if len(vals) > 6 else "")
        where = f"`{fp.file}` " if fp.file else ""
        what = f"{where}`{fp.key}` {'=' if fp.equals else 'containing'} {shown}"
        if fp.with_:
            what += " with " + ", ".join(f"`{k}` = " + " / ".join(f'"{v}"' for v in sorted(vs)[:3]) for k, vs in fp.with_)
    elif fp.match == "bib-keys":
        what = "entries " + ", ".join(f"`{k}`" for k in fp.keys_list)
    else:
        n = len(fp.hashes)
        what = f"`{fp.path}` ({n} stock version{'s' if n != 1 else ''}, by SHA-256)"
    return f"- `{fp.id}` ({fp.template}{'; ' + when if when else ''}): {what}"


def _matches_section(codes: tuple[str, ...], cat: Catalogue = _CAT) -> str:
    lines = [_fp_line(fp) for fp in cat.fingerprints if fp.code in codes]
    return (f"## What it matches\nCatalogue version {cat.version} ({cat.template}):\n\n"
            + "\n".join(lines or ["- (no fingerprints)"]))


def _with_docs(doc: str, codes: tuple[str, ...]) -> str:
    return doc.strip() + "\n\n" + _matches_section(codes)


# ---------------------------------------------------------------------- helpers
def _built(d) -> bool:
    """Is the document a page the build writes (not a draft, readable, not `published: false`)?"""
    if d.kind == "draft" or d.source.error:
        return False
    v = d.data.get("published", True)
    return not (v is False or v == "false")


def _severity(fp: Fingerprint, default: Severity) -> Severity | None:
    try:
        s = Severity.parse(fp.severity)
    except ValueError:
        return None
    return None if s == default else s


_DEFAULTS = {"FL501": Severity.WARNING, "FL502": Severity.WARNING, "FL503": Severity.WARNING,
             "FL504": Severity.WARNING, "FL505": Severity.WARNING, "FL506": Severity.WARNING,
             "FL507": Severity.WARNING, "FL508": Severity.INFO}


def _data(fp: Fingerprint, matched: list[str], others: list[str] | None = None, **extra) -> dict:
    d = {"fingerprint": fp.id, "matched": matched, "template": fp.template, "since": fp.since,
         "catalogue_version": _CAT.version}
    if fp.until:
        d["until"] = fp.until
    if others:
        d["fingerprints"] = others
    d.update(extra)
    return d


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Whole lines around [start, end) when only whitespace shares them; (start, end, whole?)."""
    ls = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    if text[ls:start].strip():
        return start, end, False
    m = re.compile(r"[ \t]*(\r\n|\n|\r|$)").match(text, end)
    if m is None:
        return start, end, False
    return ls, m.end(), True


def _delete_fix(text: str, start: int, end: int, body_start: int, title: str,
                applicability: Applicability) -> Fix:
    a, b, whole = _line_bounds(text, start, end)
    if whole:
        before_blank = a <= body_start or text[:a].endswith(("\n\n", "\r\n\r\n", "\r\r", "\n\r\n"))
        m = _BLANK_LINE.match(text, b)
        if m and before_blank:
            b = m.end()
    return Fix(title, (Edit(a, b, ""),), applicability)


def _value_span(text: str, n) -> tuple[int, int]:
    """A value's span; for a block scalar (`>`/`|`) its first content line, not the indicator."""
    if n.end <= n.start:
        return (n.key_start or n.start, n.key_end or n.end)
    s = n.start
    if n.style in ("|", ">"):
        nl = text.find("\n", s, n.end)
        if nl >= 0:
            s = nl + 1
            while s < n.end and text[s] in " \t":
                s += 1
    return s, n.end


def _hit_texts(m: RegionMatch) -> list[str]:
    return list(dict.fromkeys(h.text for h in m.hits))


def _message(fp: Fingerprint, hits) -> str:
    """``fp.message``, naming the phrase actually found: a message that quotes the fingerprint's first
    phrase ("555 your office number…") names the one left when only another is there ("123 your
    address street…")."""
    msg = fp.message
    if len(fp.phrases) < 2 or fp.phrases[0] not in msg:
        return msg
    texts = [h.text for h in hits if h.fp.id == fp.id]
    if not texts or fp.phrases[0] in texts:
        return msg
    return msg.replace(fp.phrases[0], texts[0], 1)


def _region_fps(matches: list[RegionMatch]) -> list[Fingerprint]:
    seen: dict[str, Fingerprint] = {}
    for m in matches:
        for h in m.hits:
            seen.setdefault(h.fp.id, h.fp)
    return list(seen.values())


# ---------------------------------------------------------------------- page: text and values
def _yaml_comment_blocks(doc) -> list[list[tuple[int, int, int, bool]]]:
    """Blocks of consecutive full-line YAML comments in the front matter: [(line_start, content_start, line_end, key_only)]."""
    sp = doc.fm.split
    text = doc.text
    if "#" not in text[sp.yaml_start : sp.yaml_end]:
        return []
    blocks_scalar = [(n.start, n.end) for n in doc.fm.yaml.nodes.values()
                     if n.kind == "scalar" and n.style in ("|", ">")]
    out: list[list[tuple[int, int, int, bool]]] = []
    cur: list[tuple[int, int, int, bool]] = []
    pos = sp.yaml_start
    while pos < sp.yaml_end:
        nl = text.find("\n", pos, sp.yaml_end)
        line_end = sp.yaml_end if nl < 0 else nl
        nxt = sp.yaml_end if nl < 0 else nl + 1
        if line_end > pos and text[line_end - 1] == "\r":  # CRLF: the line ends before its \r
            line_end -= 1
        line = text[pos:line_end]
        is_comment = _COMMENT_LINE.match(line) is not None and not any(s <= pos < e for s, e in blocks_scalar)
        if is_comment:
            hash_at = pos + line.index("#")
            cur.append((pos, hash_at + 1, line_end, _KEY_ONLY_LINE.match(line.rstrip("\r")) is not None))
        elif cur:
            out.append(cur)
            cur = []
        pos = nxt
    if cur:
        out.append(cur)
    return out


def _yaml_comment_findings(doc, fps: list[Fingerprint]):
    text = doc.text
    for block in _yaml_comment_blocks(doc):
        lowered = text[block[0][0] : block[-1][2]].lower()
        sel = [f for f in fps if any(a in lowered for a in f.anchors)]
        if not sel:
            continue
        ws: list[str] = []
        ss: list[int] = []
        es: list[int] = []
        counted = 0
        key_idx: set[int] = set()
        for ls, cs, le, key_only in block:
            w, s, e = words(text, cs, le)
            if key_only:
                key_idx.update(range(len(ws), len(ws) + len(w)))
            else:
                counted += len(w)
            ws += w
            ss += s
            es += e
        hits = match_words(ws, ss, es, sel)
        if not hits:
            continue
        hits.sort(key=lambda h: h.start)
        covered = _covered(hits, [s for i, s in enumerate(ss) if i not in key_idx])
        pure = counted > 0 and covered >= 0.9 * counted
        start, end = block[0][0] + (len(text[block[0][0]:block[0][1]]) - len(text[block[0][0]:block[0][1]].lstrip())), block[-1][2]
        fp = hits[0].fp
        others = list(dict.fromkeys(h.fp.id for h in hits))
        fix = None
        if pure:
            nl = re.compile(r"\r\n|\n|\r").match(text, block[-1][2])
            fix = Fix("delete the commented-out template block", (Edit(block[0][0], nl.end() if nl else block[-1][2], ""),),
                      Applicability.SAFE)
        yield Finding(
            doc.path, start, end,
            f"template comment left in the page: {_message(fp, hits)}, commented out in the front matter",
            hint=("delete the commented-out block (`--fix` does it)" if pure else
                  "delete the template lines from this comment"),
            fix=fix, code=COMMENT_CODE, severity=_severity(fp, Severity.WARNING),
            data=_data(fp, list(dict.fromkeys(h.text for h in hits)), others, where="yaml-comment", pure=pure),
        )


def _fm_value_findings(doc, fps: list[Fingerprint], lowered: str):
    nodes = doc.fm.yaml.nodes
    for path, n in nodes.items():
        if n.kind != "scalar" or not path or n.end <= n.start:
            continue
        seg = lowered[n.start : n.end]
        sel = [f for f in fps if any(a in seg for a in f.anchors)
               and (not f.keys or any(key_matches(k, path) for k in f.keys))]
        if not sel:
            continue
        for m in match_region(doc.text, n.start, n.end, sel, "front-matter", key=path):
            fp = m.hits[0].fp
            yield Finding(
                doc.path, m.hits[0].start, max(h.end for h in m.hits),
                f"template value left in `{path_str(path)}`: {_message(fp, m.hits)}",
                hint=fp.hint, code=fp.code, severity=_severity(fp, _DEFAULTS[fp.code]),
                data=_data(fp, _hit_texts(m), [f.id for f in _region_fps([m])], where="front-matter", key=path_str(path)),
            )


def _hidden_regions(scan):
    regs = list(scan.comments) + [c for c in scan.code if c.kind != "code"]
    regs.sort(key=lambda r: r.start)
    return regs


def _visible_spans(scan, start: int, end: int):
    pos = start
    for r in _hidden_regions(scan):
        if r.end <= pos:
            continue
        if r.start > pos:
            yield pos, min(r.start, end)
        pos = max(pos, r.end)
    if pos < end:
        yield pos, end


def _comment_findings(doc, scan, fps: list[Fingerprint], lowered: str):
    text = doc.text
    for c in scan.comments:
        if not c.info.strip():
            continue
        inner_s = text.find(c.info, c.start, c.end) if c.info else c.start
        inner_e = inner_s + len(c.info)
        seg = lowered[inner_s:inner_e]
        sel = [f for f in fps if "comment" in f.scopes and any(a in seg for a in f.anchors)]
        if not sel:
            continue
        matches = match_region(text, inner_s, inner_e, sel, c.kind, split_paragraphs=True)
        if not matches:
            continue
        n_paras = sum(1 for _ in paragraph_spans(text, inner_s, inner_e))
        pure = len(matches) == n_paras and all(m.pure for m in matches)
        fps_hit = _region_fps(matches)
        fp = fps_hit[0]
        code = COMMENT_CODE if fp.code != "FL508" else "FL508"
        what = "an HTML comment" if c.kind == "html-comment" else "a Liquid comment"
        fix = None
        if pure:
            fix = _delete_fix(text, c.start, c.end, doc.body_start, "delete the template comment", Applicability.SAFE)
        matched = list(dict.fromkeys(t for m in matches for t in _hit_texts(m)))
        yield Finding(
            doc.path, c.start, c.end,
            f"template comment left in the page: {_message(fp, [h for m in matches for h in m.hits])}, in {what}",
            hint=("the comment holds only al-folio's template text: delete it (`--fix` does it)" if pure else
                  "delete the template text from this comment (the rest looks like your own)"),
            fix=fix, code=code, severity=_severity(fp, _DEFAULTS[code]),
            data=_data(fp, matched, [f.id for f in fps_hit], where=c.kind, pure=pure),
        )


def _visible_findings(doc, scan, fps: list[Fingerprint], lowered: str):
    text = doc.text
    sel_all = [f for f in fps if "body" in f.scopes]
    if not sel_all:
        return
    groups: list[list[RegionMatch]] = []
    last_end = None
    inline = [c for c in scan.code if c.kind == "code"]
    for s, e in _visible_spans(scan, doc.body_start, len(text)):
        seg = lowered[s:e]
        sel = [f for f in sel_all if any(a in seg for a in f.anchors)]
        if not sel:
            last_end = None
            continue
        for ps, pe in paragraph_spans(text, s, e):
            psel = [f for f in sel if any(a in lowered[ps:pe] for a in f.anchors)]
            ms = match_region(text, ps, pe, psel, "body") if psel else []
            if ms and inline:  # a hit wholly inside `inline code` is quoted, not template text
                ms[0].hits = [h for h in ms[0].hits if not any(c.start <= h.start and h.end <= c.end for c in inline)]
                ms = [m for m in ms if m.hits]
            if not ms:
                last_end = None
                continue
            m = ms[0]
            if groups and last_end is not None and not text[last_end:ps].strip() and \
                    groups[-1][0].hits[0].fp.code == m.hits[0].fp.code:
                groups[-1].append(m)
            else:
                groups.append([m])
            last_end = pe
    for g in groups:
        fps_hit = _region_fps(g)
        fp = fps_hit[0]
        start = g[0].hits[0].start
        end = max(h.end for h in g[-1].hits)
        pure = all(m.pure for m in g)
        fix = None
        if pure:
            fix = _delete_fix(text, g[0].start, g[-1].end, doc.body_start, "delete the template text",
                              Applicability.UNSAFE)
        matched = list(dict.fromkeys(t for m in g for t in _hit_texts(m)))
        prefix = {"FL501": "template text left in the page", "FL503": "template demo content left in the site",
                  "FL508": "template text"}.get(fp.code, "template text")
        yield Finding(
            doc.path, start, end, f"{prefix}: {_message(fp, [h for m in g for h in m.hits])}",
            hint=fp.hint, fix=fix, code=fp.code, severity=_severity(fp, _DEFAULTS[fp.code]),
            data=_data(fp, matched, [f.id for f in fps_hit], where="body", pure=pure),
        )


def _fm_equal_findings(doc, cat: Catalogue, fps: list[Fingerprint]):
    fps = [f for f in fps if f.applies_to(doc.path)]
    if not fps or doc.fm is None:
        return
    nodes = doc.fm.yaml.nodes
    own = doc.own
    extra = None
    for fp in fps:
        if fp.key and fp.key.split(".")[0] not in own:
            continue
        if extra is None:  # values from `defaults:` count for `with` conditions
            extra = {k: v for k, v in doc.data.items() if k not in own and not isinstance(v, (dict, list))}
        found = node_value_hits(fp, nodes, extra)
        for p in found:
            n = nodes.get(p)
            if n is None:
                continue
            s, e = _value_span(doc.text, n)
            yield Finding(
                doc.path, s, e, f"{fp.message}: `{path_str(p)}: {n.raw}`",
                hint=fp.hint, code=fp.code, severity=_severity(fp, _DEFAULTS[fp.code]),
                data=_data(fp, [str(n.raw)], where="front-matter", key=path_str(p)),
            )


def template_text(doc, ctx):
    """al-folio template text left in a page: its body, front-matter values and comments.

    ## What it checks
    Every page, post and collection document (pages without front matter are not Jekyll
    pages and are skipped) for the template's placeholder text: the about page's "Write your
    biography here…", the address "555 your office number…", the subtitle "Affiliations. Address.
    Contacts. Motto. Etc.", the placeholder descriptions of the CV, projects, repositories and
    teaching pages. Matching ignores case, whitespace, punctuation and HTML tags; a whole template
    paragraph also matches when a few of its words were edited. Code blocks and inline code are
    not searched.

    FL501 is visible text (a warning pointing at the exact span); the same text inside an HTML
    comment, a `{% comment %}` block or a commented-out front-matter block is FL502; the
    template's demo news/posts/projects/books/courses are FL503; stock page texts that many
    sites keep on purpose are FL508 (off by default). A page with `published: false` is not
    searched (the build writes nothing of it). Documents of a collection without
    `output: true` count only when some page lists them (al-folio's news: an about page with its
    news section on).

    ## Why it matters
    Template text goes live: visitors read "555 your office number" under your photo, and
    search engines index it.

    ## Example
    ```markdown
    Write your biography here. Tell the world about yourself.
    ```

    ## Fix
    Write your own text. When a whole paragraph is template text, an unsafe fix deletes it
    (`--unsafe-fixes`).
    """
    if doc.collection and doc.collection != "posts" and not _collection_shown(ctx.site, ctx, doc.collection):
        return []  # no output of its own and listed nowhere: the demo text reaches no page
    if doc.kind != "draft" and not _built(doc):
        return []  # `published: false`: the build writes no page, nothing of it is published
    return _one_demo_finding(list(_template_text(doc, ctx)))


def _collection_shown(site, ctx, label: str) -> bool:
    """Does any built page show the documents of collection ``label``? Yes when the collection has
    `output: true`; else only where a page, layout or include reads `site.<label>`. al-folio's news
    list sits in the about layout and shows only on an about page that turns it on (`news: true`,
    `announcements: {enabled: true}`): news kept with `output: false` and switched off there are
    seen by nobody."""
    coll = site.collections.get(label)
    if coll is None or coll.output or site.standalone:
        return True

    def compute():
        pat = re.compile(rf"""site(?:\.{re.escape(label)}\b|\[\s*['"]{re.escape(label)}['"]\s*\])|site\.collections""")
        about_only = label == "news"
        for name, path in (*site.layouts.items(), *site.includes.items()):
            src = site.sources.get(path)
            if src is None or src.error or not pat.search(src.text):
                continue
            if about_only and (name.startswith("news") or name.startswith("about")):
                continue  # the about page's news section: judged by the about pages below
            return True
        if not site.layouts and site.era.shape != "v1":
            return True  # no templates to judge by
        for d in site.documents.values():
            if d.collection == label or not _built(d):
                continue
            if pat.search(d.source.text):
                return True
            if about_only and d.layout == "about":
                ann = d.data.get("announcements")
                if d.data.get("news") not in (None, False) or (isinstance(ann, dict) and ann.get("enabled") not in (None, False)):
                    return True
        return False

    return ctx.cached(("boilerplate-collection-shown", label), compute)


def _one_demo_finding(findings: list[Finding]) -> list[Finding]:
    """Demo content is a per-file matter (delete the example file): one FL503 per document."""
    demo = sorted((f for f in findings if f.code == "FL503"), key=lambda f: f.start)
    if len(demo) <= 1:
        return findings
    first = demo[0]
    matched = list(dict.fromkeys(m for f in demo for m in (f.data or {}).get("matched", [])))
    ids = list(dict.fromkeys(i for f in demo for i in ((f.data or {}).get("fingerprints") or [(f.data or {}).get("fingerprint")])))
    data = dict(first.data or {}, matched=matched, fingerprints=ids, count=len(demo))
    merged = Finding(first.path, first.start, first.end,
                     f"{first.message} (and {len(demo) - 1} more template passage{'s' if len(demo) > 2 else ''} in this file)",
                     hint=first.hint, severity=first.severity, code="FL503", data=data)
    return [f for f in findings if f.code != "FL503"] + [merged]


def _template_text(doc, ctx):
    cat = _CAT
    if doc.fm is None or doc.source.error:
        return
    text = doc.text
    lowered = text.lower()
    n_phrase = len(cat.phrase_fps)
    cand = cat.matcher.candidates(lowered, doc.fm.split.yaml_end, n_phrase) if cat.matcher else set()
    if not cand:
        return
    values = [cat.value_fps[i - n_phrase] for i in sorted(cand) if i >= n_phrase]
    if values and ctx.site.is_al_folio:  # equal values ("a post with code") mean demo content only on al-folio
        yield from _fm_equal_findings(doc, cat, values)
    fps = [cat.phrase_fps[i] for i in sorted(cand) if i < n_phrase]
    fps = [f for f in fps if f.applies_to(doc.path)]
    if not fps:
        return
    sp = doc.fm.split
    fm_low = lowered[sp.yaml_start : sp.yaml_end]
    if any(a in fm_low for f in fps for a in f.anchors):
        yield from _fm_value_findings(doc, [f for f in fps if "front-matter" in f.scopes], lowered)
        yield from _yaml_comment_findings(doc, [f for f in fps if "comment" in f.scopes])
    body_low = lowered[doc.body_start :]
    if any(a in body_low for f in fps for a in f.anchors):
        scan = body_of(doc, ctx)
        yield from _comment_findings(doc, scan, fps, lowered)
        yield from _visible_findings(doc, scan, fps, lowered)


template_text.__doc__ = _with_docs(template_text.__doc__, ("FL501",))
rule("FL501", "template-text", Severity.WARNING, PAGE, fixable="sometimes",
     also=("FL502", "FL503", "FL508"))(template_text)

declare(COMMENT_CODE, "template-comment", Severity.WARNING, _with_docs("""
Template text left in a comment: an HTML comment, a `{% comment %}` block, or a commented-out front-matter block.

## What it checks
The same placeholder text as FL501 (and the demo texts of FL503), found only inside a comment:
`<!-- Write your biography here… -->` in a page body, or `# address: >` / `#   <p>555 your office
number</p>` in the front matter. Explanatory comments the template puts after values
(`image_circular: false # crops the image…`) are structure and are not reported.

## Why it matters
Comments are invisible on the page but published in the HTML source (HTML comments) and kept in
the repository; they are leftovers a visitor can read with "view source", and they hide what the
page really says.

## Example
```yaml
profile:
  # address: >
  #   <p>555 your office number</p>
```

## Fix
When the comment holds nothing but template text, a safe fix deletes it (whole lines, line
endings kept). Otherwise delete the template part yourself.
""", ("FL501", "FL503")), parent="FL501", fixable="sometimes")

declare("FL503", "template-demo-content", Severity.WARNING, _with_docs("""
al-folio's demo content left in the site: example news, posts, projects, books or courses.

## What it checks
Texts and front-matter values that only the template's example documents have: the news items
"A simple inline announcement." and "A long announcement with details", the "Jean shorts raw
denim…" filler, the example projects ("project 1 … with background image"), the example post
titles ("a post with formatting and links"…), The Godfather book review, the example courses.

## Why it matters
Demo items show up on your about page (news), blog and project pages.

## Example
```markdown
<!-- _news/announcement_1.md -->
A simple inline announcement.   <!-- bad: al-folio's example news item -->
```
Fixed: delete `_news/announcement_1.md`, or replace its text with your own news
("Our paper on X was accepted at ICML 2026.").

## Fix
Delete the example files (`_news/announcement_*.md`, `_projects/*_project.md`, `_posts/` samples,
`_books/the_godfather.md`, `_teachings/`), or rewrite them. Silence this code (`ignore: [FL503]`)
if you keep them on purpose.
""", ("FL503",)), parent="FL501")

declare("FL508", "template-stock-text", Severity.INFO, _with_docs("""
Stock text of a template page that many sites keep on purpose (off by default).

## What it checks
The publications page's description "publications by categories in reversed chronological order.
generated by jekyll-scholar.", the bookshelf page's Carl Sagan quote, the v0.16 teaching page text.

## Why it matters
Not wrong, but not yours: enable it (`select: [FL508]`) when you want every template word gone.

## Example
```yaml
# _pages/publications.md, with `select: [FL508]`
description: publications by categories in reversed chronological order. generated by jekyll-scholar.   # reported
description: my papers, newest first                                                                    # your own
```
""", ("FL508",)), parent="FL501", default_enabled=False)


# ---------------------------------------------------------------------- _config.yml
def template_config_value(site, ctx):
    """`_config.yml` still holds al-folio's placeholder values.

    ## What it checks
    The template's own identity in `_config.yml`: the owner "You R. Name", `url:
    https://alshedivat.github.io`, the template's `description` and `contact_note`, the demo
    Disqus forum, giscus pointed at al-folio's repository, the demo external posts, the
    jekyll-scholar owner "Einstein" (only on a site with a `.bib` file that a built page lists:
    otherwise no page shows the name), and (before 2024-12) the demo email and scholar ids. The
    comment settings only when a page the build writes shows those comments (`disqus_comments:
    true`, `comments: true` before 2022-12, `giscus_comments: true`, or a template of the site's
    own that loads them on every page). A site that carries all its own templates (no `theme:` gem)
    is told about a setting only its templates show (`name`, `contact_note`, ...) only when one of
    its layouts, includes, pages or `_plugins/` files reads it; the blog's `blog_name` and
    `blog_description` only when a page shows them (al-folio's `_pages/blog.md`, in v1 too).

    ## Why it matters
    These values are published in every page's `<head>`, the feeds and the footer; some send
    visitors (or their comments) to al-folio's own accounts.

    ## Example
    ```yaml
    # _config.yml
    url: https://alshedivat.github.io   # bad: al-folio's own host
    url: https://jane-doe.github.io     # fixed
    giscus:
      repo: alshedivat/al-folio         # bad: comments go to al-folio's repository
      repo: jane-doe/jane-doe.github.io # fixed
    ```

    ## Fix
    Put your own values in `_config.yml`.
    """
    if not site.is_al_folio:  # another theme's placeholders are not al-folio's
        return
    cfg = site.config
    if cfg is None or cfg.yaml is None or cfg.source is None:
        return
    by_top = _config_items_by_top(cfg)
    for fp in _CAT.of("config-value"):
        widget = _COMMENT_WIDGETS.get(fp.id)
        if widget is not None and not _comments_shown(site, ctx, *widget):
            continue  # no page the build writes shows these comments
        if fp.key and not _config_key_read(site, ctx, fp.key.split(".", 1)[0]):
            continue  # the site's own templates never show this setting
        if fp.id in _NEEDS_BIB and not (_has_scholar_bib(site) and _bibliography_shown(site, ctx)):
            continue  # no `.bib` file in `scholar.source`, or no built page lists it: nothing shows the owner's name
        tops = {k.split(".", 1)[0] for k in (fp.key or "", *(k for k, _ in fp.with_))}
        items = by_top[None] if "*" in tops or "**" in tops else [i for t in sorted(tops) for i in by_top.get(t, ())]
        for p in value_hits(fp, items)[:1]:
            n = cfg.yaml.nodes[p]
            s, e = _value_span(cfg.source.text, n)
            yield Finding(
                cfg.source.path, s, e, fp.message, hint=fp.hint, severity=_severity(fp, Severity.WARNING),
                data=_data(fp, [str(n.raw)], key=path_str(p)),
            )


def _config_items_by_top(cfg) -> dict:
    """`_config.yml`'s scalar values (path, text) by their top-level key, and all of them under None:
    a placeholder's key pattern starts with its top-level key, so only that key's values are tested
    (an alias-expanded config can hold tens of thousands of values under other keys)."""
    out: dict = {None: []}
    for p, v in scalar_items(cfg.yaml.nodes):
        out[None].append((p, v))
        b = out.get(str(p[0]))
        if b is None:
            out[str(p[0])] = [(p, v)]
        else:
            b.append((p, v))
    return out


# settings that Jekyll itself or the plugins every theme uses read (feeds, SEO tags, sitemaps), not
# only the templates: their placeholder values are published whatever the site's layouts read
_READ_BEYOND_TEMPLATES = frozenset({"url", "baseurl", "description", "title"})
# settings only the blog page shows (`_pages/blog.md`, `blog/index.html` before 2020), in every era and
# in v1 too (al_folio_core's layouts and includes never read them): a site without that page shows nothing
_SHOWN_BY_PAGES = frozenset({"blog_name", "blog_description"})


def _config_key_read(site, ctx, top: str) -> bool:
    """Is the `_config.yml` setting `top` read where the build publishes it? A site that carries all
    its own templates (no `theme:` gem supplies others) shows it only if a layout, include, page or
    `_plugins/` file reads it: a lab site grown from an old copy may keep `name: Your Name` that
    nothing displays."""
    if top in _SHOWN_BY_PAGES and not site.standalone:
        from .schema import site_template_keys

        return site_template_keys(site, ctx).reads_site(top)  # (also in v1: the gem's templates never read them)
    if top in _READ_BEYOND_TEMPLATES or site.standalone or site.era.shape != "v0" or not site.layouts:
        return True
    if site.config.get("theme") or site.config.get("remote_theme"):
        return True  # a theme gem's templates may read it
    from .schema import site_template_keys

    if site_template_keys(site, ctx).reads_site(top):
        return True

    def plugins_read() -> frozenset[str]:
        words: set[str] = set()
        folder = os.path.join(site.root, "_plugins")
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return frozenset()
        for n in names[:200]:
            try:
                with open(os.path.join(folder, n), encoding="utf-8", errors="replace") as fh:
                    words |= set(re.findall(r"[A-Za-z_][\w]*", fh.read(500_000)))
            except OSError:
                continue
        return frozenset(words)

    return top in ctx.cached(("boilerplate-plugin-words",), plugins_read)


# settings only a publication list shows (jekyll-scholar's owner name): nothing without a `.bib` file
_NEEDS_BIB = frozenset({"config.scholar-name"})


def _has_scholar_bib(site) -> bool:
    """Has `scholar.source` (`_bibliography/`) a `.bib` file? (distill's `assets/bibliography/` is not
    a publication list; a source outside the site is unknown, so counted as yes.)"""
    from ..bibtex import scholar

    sch = scholar(site)
    if sch.outside or sch.source in ("", "."):
        return sch.outside or bool(site.bib_files)
    return any(p.startswith(sch.source + "/") for p in site.bib_files)


# comment widgets: fingerprint -> (the word their include names, the page switches that show them)
_COMMENT_WIDGETS = {
    "config.disqus": ("disqus", ("disqus_comments", "comments")),  # `comments: true` before 2022-12 (#1028)
    "config.giscus-repo": ("giscus", ("giscus_comments",)),
}


def _comments_shown(site, ctx, word: str, switches: tuple[str, ...]) -> bool:
    """Does a page the build writes show these comments? al-folio's layouts load them only on pages
    that switch them on (`disqus_comments: true`, also through `defaults:`); a template of the site's
    own that loads them without looking at such a switch shows them everywhere."""
    if site.standalone or not site.documents:
        return True  # no pages to judge by

    def compute():
        for d in site.documents.values():
            if _built(d) and any(d.data.get(k) not in (None, False, "false", "") for k in switches):
                return True
        for path in (*site.layouts.values(), *site.includes.values()):
            src = site.sources.get(path)
            if src is None or src.error or word not in src.text or path.rsplit("/", 1)[-1].startswith(word):
                continue  # (the widget's own include, `disqus.liquid`, loads only where it is included)
            if not any(f"page.{k}" in src.text for k in switches) and (
                    f"include {word}" in src.text or f"site.{word}" in src.text):
                return True
        return False

    return ctx.cached(("boilerplate-comments-shown", word), compute)


template_config_value.__doc__ = _with_docs(template_config_value.__doc__, ("FL504",))
rule("FL504", "template-config-value", Severity.WARNING, CONFIG)(template_config_value)


# ---------------------------------------------------------------------- _data/
def _data_items(ctx, src):
    return ctx.cached(("boilerplate-data", src.path), lambda: list(scalar_items(ctx.yaml_of(src).nodes)))


# data files only pages of the site itself read (al-folio's `_pages/repositories.md`), never a layout
_PAGE_ONLY_DATA = frozenset({"repositories"})


# data files only one al-folio layout reads (`site.data.cv`: the `cv` layout and the includes it
# calls), so shown only when a page the build writes uses that layout
_LAYOUT_DATA = {"cv": "cv"}


def _used_layouts(site, ctx) -> frozenset[str]:
    """The layouts the build applies: those of the pages it writes, and their parent layouts (a
    page without `layout:` may get one from a plugin: then the common ones count as used)."""
    def compute():
        from ..templates import layout_parent

        todo = []

        def config_names(v):  # layouts named in _config.yml: jekyll-scholar's `bibliography_template: bib`,
            if isinstance(v, str):  # jekyll-archives' `layouts:`, defaults' `layout:`
                if v.strip() in site.layouts:
                    todo.append(v.strip())
            elif isinstance(v, dict):
                for x in v.values():
                    config_names(x)
            elif isinstance(v, list):
                for x in v:
                    config_names(x)

        config_names(site.config.data)
        for d in site.documents.values():
            if not _built(d):
                continue
            raw = d.data.get("layout")
            if raw is None:
                todo += ["default", "page", "post"]
            elif isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
                todo.append(str(raw).strip())
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            src = site.sources.get(site.layouts.get(name, ""))
            if src is not None and not src.error:
                parent = layout_parent(src.text)
                if parent:
                    todo.append(parent)
        return frozenset(seen)

    return ctx.cached(("boilerplate-used-layouts",), compute)


_RESUME_FIRST = re.compile(r"\{%-?\s*unless\s+site\.data\.resume\s*-?%\}")


def _resume_data(site) -> bool:
    """Does the build have `site.data.resume` (`_data/resume.*`, or jekyll-get-json's `data: resume`)?"""
    if any(p.rsplit("/", 1)[-1].rsplit(".", 1)[0] == "resume" for p in site.data_files):
        return True
    got = site.config.get("jekyll_get_json")
    for e in got if isinstance(got, list) else ():
        if isinstance(e, dict) and e.get("data") == "resume" and isinstance(e.get("json"), str):
            j = e["json"].strip()
            if "://" in j or site.exists(j):
                return True
    return False


def _data_read(site, ctx, stem: str) -> bool:
    """Does anything the build renders read ``site.data.<stem>``? A theme gem's templates cannot be
    seen, so then only page-only data files (the repositories page's) and layout-only ones (the CV
    data of the `cv` layout) are judged; a repositories page deleted or moved to `_drafts/` shows
    nothing, whatever `_data/repositories.yml` holds, nor does a CV page with `layout: page`. A
    layout counts only when a page the build writes uses it; a `cv` layout that shows
    `site.data.resume` first (`{% unless site.data.resume %}`) never shows `_data/cv.yml` when that
    data exists (jekyll-get-json's `assets/json/resume.json`)."""
    if site.standalone or not site.documents:
        return True  # no pages to judge by: assume al-folio's
    theme_gem = bool(site.era.shape == "v1" or site.config.get("theme") or site.config.get("remote_theme"))
    layout_only = _LAYOUT_DATA.get(stem)
    if layout_only is not None and layout_only not in site.layouts:
        # the theme's (al-folio's) layout reads it: shown when a built page uses that layout
        if theme_gem or not site.layouts:
            return layout_only in _used_layouts(site, ctx) or _page_reads(site, ctx, stem)
    if theme_gem and stem not in _PAGE_ONLY_DATA:
        return True
    if not site.layouts and stem not in _PAGE_ONLY_DATA:
        return True  # no templates of its own to judge by: assume al-folio's

    def compute():
        pat = _data_pattern(stem)
        if stem not in _PAGE_ONLY_DATA:
            used = _used_layouts(site, ctx)
            for name, path in site.layouts.items():
                if name not in used:
                    continue
                src = site.sources.get(path)
                if src is not None and not src.error and pat.search(src.text):
                    if stem == "cv" and _RESUME_FIRST.search(src.text) and _resume_data(site):
                        continue  # the layout shows site.data.resume instead
                    return True
            for path in site.includes.values():
                src = site.sources.get(path)
                if src is not None and not src.error and pat.search(src.text):
                    return True
        return _page_reads(site, ctx, stem)

    return ctx.cached(("boilerplate-data-read", stem), compute)


def _data_pattern(stem: str):
    return re.compile(rf"""data(?:\.{re.escape(stem)}\b|\[\s*['"]{re.escape(stem)}['"]\s*\])""")


def _page_reads(site, ctx, stem: str) -> bool:
    """Does a page the build writes read ``site.data.<stem>`` in its own text?"""
    def compute():
        pat = _data_pattern(stem)
        for d in site.documents.values():
            if "data" not in d.source.text or not _built(d):
                continue
            if pat.search(d.source.text):
                return True
        return False

    return ctx.cached(("boilerplate-page-reads", stem), compute)


def template_data_value(site, ctx):
    """`_data/*.yml` still holds al-folio's demo entries.

    ## What it checks
    `_data/socials.yml` (the placeholder email, the demo Google Scholar and INSPIRE ids, the
    "Custom Social" alberteinstein.com link), `_data/cv.yml` (Albert Einstein's CV),
    `_data/repositories.yml` (torvalds and alshedivat), `_data/coauthors.yml` (Einstein's coauthors).
    Only data something the build shows reads: `_data/cv.yml` is shown by the `cv` layout, so not
    when no page uses it (a CV page with `layout: page` linking a PDF), nor when that layout shows
    `site.data.resume` first and the site has it (jekyll-get-json's `assets/json/resume.json`).

    ## Why it matters
    The social icons, CV page and repositories page render these entries as yours.

    ## Example
    ```yaml
    # _data/socials.yml
    email: you@example.com        # bad: the template's placeholder
    email: jane.doe@example.edu   # fixed
    ```

    ## Fix
    Replace the entries with your own, or delete them.
    """
    if not site.is_al_folio:  # another theme's placeholders are not al-folio's
        return
    for fp in _CAT.of("data-value"):
        if not fp.file:
            continue
        for rel in (fp.file, fp.file[:-4] + ".yaml" if fp.file.endswith(".yml") else fp.file):
            src = site.sources.get(rel)
            if src is None:
                continue
            if not _data_read(site, ctx, rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]):
                break  # nothing the site builds shows this data file
            items = _data_items(ctx, src)
            found = value_hits(fp, items)
            if not found:
                continue
            n = ctx.yaml_of(src).nodes.get(found[0])  # positions of the first hit
            s, e = _value_span(src.text, n) if n is not None else (0, 0)
            more = f" ({len(found)} places)" if len(found) > 1 else ""
            yield Finding(
                rel, s, e, fp.message + more, hint=fp.hint, severity=_severity(fp, Severity.WARNING),
                data=_data(fp, [str(n.raw) if n is not None else ""], key=path_str(found[0]), count=len(found)),
            )
            break


template_data_value.__doc__ = _with_docs(template_data_value.__doc__, ("FL505",))
rule("FL505", "template-data-value", Severity.WARNING, CONFIG)(template_data_value)


# ---------------------------------------------------------------------- _bibliography/
# jekyll-scholar's tags that render entries of the site's `.bib` files
_SCHOLAR_TAG = re.compile(r"\{%-?\s*(?:bibliography|bibliography_count|cite|citation|reference|quote|cite_details|details_link)\b")
# `{% bibliography --cited %}` / `--cited_in_order`: only the entries the page itself cites
_CITED_ONLY = re.compile(r"\{%-?\s*bibliography\b[^%]*?--cited(?:_in_order)?\b")


def _template_renders_bib(text: str) -> bool:
    """A layout's or include's jekyll-scholar tag that lists entries of its own accord. al-folio's
    post and page layouts (2024 on) end with `{% bibliography --cited_in_order %}`: that lists only
    what the page cites, and a page's own `{% cite %}` is looked for on the page."""
    return any(not _CITED_ONLY.match(text, m.start()) for m in _SCHOLAR_TAG.finditer(text))


def _bibliography_shown(site, ctx) -> bool:
    """Does a page the build writes render entries of the `.bib` files? Yes where a built page, a
    layout such a page uses, or an include has one of jekyll-scholar's tags (`{% bibliography %}`,
    `{% cite %}`, ...), or jekyll-scholar writes a details page per entry (its `details_layout`,
    `bibtex.html` by default, exists). A template's `{% bibliography --cited %}` (or
    `--cited_in_order`) lists only the entries its page cites: not by itself. al-folio's
    `selected_papers` include runs only on an about page that turns it on (`selected_papers: true`).
    A theme gem's templates cannot be seen: yes."""
    if site.standalone or not site.documents or not site.layouts:
        return True
    if site.era.shape == "v1" or site.config.get("theme") or site.config.get("remote_theme"):
        return True

    def compute():
        cfg = site.config.get("scholar")
        details = cfg.get("details_layout", "bibtex.html") if isinstance(cfg, dict) else "bibtex.html"
        if isinstance(details, str) and details.strip().rsplit(".", 1)[0] in site.layouts:
            return True  # jekyll-scholar writes a page for every entry
        used = _used_layouts(site, ctx)
        for name, path in site.layouts.items():
            src = site.sources.get(path)
            if name in used and src is not None and (src.error or _template_renders_bib(src.text)):
                return True
        for name, path in site.includes.items():
            src = site.sources.get(path)
            if src is None or name.startswith("selected_papers"):
                continue  # the about page's selected papers: judged by the about pages below
            if src.error or _template_renders_bib(src.text):
                return True
        for d in site.documents.values():
            if not _built(d):
                continue
            if _template_renders_bib(d.source.text):
                return True
            sel = d.data.get("selected_papers")
            if sel not in (None, False, "false") and not (isinstance(sel, dict) and sel.get("enabled") in (None, False)):
                return True
        return False

    return ctx.cached(("boilerplate-bibliography-shown",), compute)


def template_bib_entry(site, ctx):
    """al-folio's demo publications (Einstein's papers) left in a `.bib` file.

    ## What it checks
    Entries of `_bibliography/*.bib` with the template's demo keys (`einstein1905movement`,
    `PhysRev.47.777`, …) when the file holds at least two of them, or when the entry carries one
    of the demo's markers (its Google Scholar id, `brownian-motion.gif` preview, `example_pdf.pdf`).
    A physicist who cites one of Einstein's papers with the same key is not reported, nor is a
    site on which nothing the build writes renders a bibliography (no publications page, no
    `{% cite %}`, the about page's `selected_papers` off, no jekyll-scholar details layout; the
    `{% bibliography --cited_in_order %}` of al-folio's post and page layouts lists only what its
    page cites).

    ## Why it matters
    The publications page (and "selected publications" on the about page) lists them as yours.

    ## Example
    ```bibtex
    % _bibliography/papers.bib: two of the demo keys, so both are reported
    @article{einstein1905movement, ...}   % bad
    @article{einstein1950meaning, ...}    % bad
    ```
    Fixed: delete both entries and add your own (`@article{doe2024deep, ...}`).

    ## Fix
    Delete the demo entries and add your own.
    """
    if not site.is_al_folio:  # another theme's placeholders are not al-folio's
        return
    if not _bibliography_shown(site, ctx):
        return  # no page the build writes lists or cites entries of the `.bib` files
    fps = _CAT.of("bib-keys")
    for rel in site.bib_files:
        src = site.sources.get(rel)
        if src is None:
            continue
        entries = None
        for fp in fps:
            low = src.text
            if not any(k in low for k in fp.keys_list):
                continue
            if entries is None:
                entries = bib_entries(src.text)
            keys = set(fp.keys_list)
            demo = [en for en in entries if en[0] in keys]
            enough = len(demo) >= fp.min_keys
            for key, ks, ke, end in demo:
                body = src.text[ks:end]
                if not (enough or any(m in body for m in fp.markers)):
                    continue
                yield Finding(
                    rel, ks, ke, f"{fp.message}: `{key}`", hint=fp.hint, severity=_severity(fp, Severity.WARNING),
                    data=_data(fp, [key]),
                )


template_bib_entry.__doc__ = _with_docs(template_bib_entry.__doc__, ("FL506",))
rule("FL506", "template-bib-entry", Severity.WARNING, CONFIG)(template_bib_entry)


# ---------------------------------------------------------------------- stock files
def _refers_to(value, path: str) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    v = value.strip().split("?")[0].lstrip("/")
    return v == path or path.endswith("/" + v)


def template_asset(site, ctx):
    """A stock al-folio file, unchanged (same SHA-256), still in the site.

    ## What it checks
    Files whose content is byte-for-byte one of the template's: the stock profile photo
    `assets/img/prof_pic.jpg`, `assets/pdf/example_pdf.pdf`, the demo RenderCV PDF and
    `assets/json/resume.json`, the demo images. A file is compared by hash, never by name: your own
    photo saved as `prof_pic.jpg` is not reported. When a page shows the file (`profile.image`,
    `cv_pdf`), the finding points at that page's value (a page the build writes: not one with
    `published: false`, nor a draft). A file `exclude:` keeps out of the build is
    not published and is not reported. The demo `resume.json` is an info when every CV page sets
    `cv_format: rendercv` (2026-01 on: the page shows `_data/cv.yml`, the file is only published),
    and when no page uses the `cv` layout (nothing shows it; the file is only published).

    ## Why it matters
    The about page shows a stranger's photo; the CV button downloads a sample PDF.

    ## Example
    ```yaml
    # _pages/about.md; assets/img/prof_pic.jpg is still the template's photo (same SHA-256)
    profile:
      image: prof_pic.jpg   # bad: shows al-folio's stock photo
      image: jane.jpg       # fixed: your own photo in assets/img/
    ```
    Then delete `assets/img/prof_pic.jpg` (an unused stock photo is still reported, as info),
    or overwrite it with your own photo and keep `image: prof_pic.jpg`.

    ## Fix
    Replace the file with your own, or delete it (and the references to it).
    """
    if not site.is_al_folio:  # another theme's placeholders are not al-folio's
        return
    facts = template_files(site)  # (looked for on this first use; never in the output folder, which discovery skips)
    for path, (fid, digest) in sorted(facts.items()):
        fp = _CAT.by_id.get(fid)
        if fp is None:
            continue
        if path not in site.static_files and path not in site.documents and not _read_by_build(site, ctx, fid, path):
            continue  # excluded (`exclude: [assets/img/]`): Jekyll neither copies nor shows it
        refs = []
        if fp.refs:
            for doc in site.documents.values():
                if doc.fm is None or not _built(doc):
                    continue  # (an unpublished page or a draft shows nothing: no reader of the file)
                for p, n in doc.fm.yaml.nodes.items():
                    if n.kind == "scalar" and p and any(key_matches(r, p) for r in fp.refs) and _refers_to(n.raw, path):
                        refs.append((doc, p, n))
        data = _data(fp, [path], sha256=digest, file=path)
        if refs:
            for doc, p, n in refs:
                yield Finding(
                    doc.path, n.start, n.end, f"{fp.message}; `{path_str(p)}: {n.raw}` uses it",
                    hint=fp.hint, severity=_severity(fp, Severity.WARNING), data=data,
                )
        else:
            sev = Severity.INFO if fp.refs else _severity(fp, Severity.WARNING)
            msg, hint = fp.message, fp.hint
            if fid == "asset.resume-json":
                msg, hint, shown = _resume_json_words(site, ctx, msg)
                if not shown:
                    sev = Severity.INFO
            yield Finding(path, 0, 0, msg, hint=hint, severity=sev, data=data)


def _resume_json_words(site, ctx, msg: str) -> tuple[str, str, bool]:
    """The demo `resume.json`: (message, hint, is it what a CV page shows). Since 2026-01 a CV page
    picks its data with `cv_format:` (`rendercv` shows `_data/cv.yml`); before, the CV layout showed
    `resume.json` whenever jekyll-get-json loaded it, and `_data/cv.yml` only without it."""
    from .schema import site_template_keys

    cv_pages = [d for d in site.documents.values() if d.fm is not None and isinstance(d.data, dict)
                and d.data.get("layout") == "cv" and _built(d)]
    if not cv_pages and "cv" not in _used_layouts(site, ctx):
        return (msg + "; no page with the `cv` layout shows it, but the file is still published",
                "delete assets/json/resume.json (and the `resume` entry of `jekyll_get_json:`), or replace it", False)
    has_format = any("cv_format" in d.data for d in cv_pages) or site_template_keys(site, ctx).reads_page("cv_format")
    if not has_format:
        return msg, ("replace assets/json/resume.json with your own, or delete it and the `resume` entry of "
                     "`jekyll_get_json:` in `_config.yml`: the CV page then shows `_data/cv.yml`"), True
    hint = "replace assets/json/resume.json with your own, or delete it and set `cv_format: rendercv` on the CV page"
    if cv_pages and all(str(d.data.get("cv_format", "")).strip() == "rendercv" for d in cv_pages):
        return (msg + "; the CV page shows `_data/cv.yml` (`cv_format: rendercv`), but the file is still published",
                "delete assets/json/resume.json (and the `resume` entry of `jekyll_get_json:`), or replace it", False)
    return msg, hint, True


def _read_by_build(site, ctx, fid: str, path: str) -> bool:
    """An excluded file the build still reads: jekyll-get-json loads `assets/json/resume.json` from
    the source folder whatever `exclude:` says; it is shown only by a page with the `cv` layout."""
    if fid != "asset.resume-json":
        return False
    got = site.config.get("jekyll_get_json")
    named = any(isinstance(e, dict) and isinstance(e.get("json"), str) and e["json"].strip().lstrip("./") == path
                for e in (got if isinstance(got, list) else ()))
    return named and "cv" in _used_layouts(site, ctx)


template_asset.__doc__ = _with_docs(template_asset.__doc__, ("FL507",))
rule("FL507", "template-asset", Severity.WARNING, CONFIG)(template_asset)
