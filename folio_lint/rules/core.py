"""FL0xx: files and YAML — what makes Jekyll drop or misread a page before any layout sees it."""

from __future__ import annotations

import re

from ..diagnostics import Finding, Severity
from ..registry import CONFIG, PAGE, SITE, declare, rule
from ..yamlload import YamlResult, path_str


@rule("FL001", "unreadable-file", Severity.ERROR, PAGE)
def unreadable_file(doc, ctx):
    """A page or document that cannot be read as UTF-8 text.

    ## What it checks
    Files Jekyll would render (Markdown/HTML in the site, collection documents) that are not
    valid UTF-8: UTF-16 files, binary files named `.md`, files with NUL bytes, unreadable
    files (permissions), files too large to check.

    ## Why it matters
    Jekyll reads sources as UTF-8; such a file breaks the build or renders as garbage.

    ## Example
    A `_pages/about.md` saved as "UTF-16 LE" by an editor.

    ## Fix
    Save the file as UTF-8 (without a byte-order mark).
    """
    if doc.source.error:
        yield Finding(doc.path, 0, 0, doc.source.error)


def _yaml_findings(path: str, y: YamlResult, what: str):
    for p in y.problems:
        code = {"syntax": "FL002", "tag": "FL004", "invalid-date": "FL006", "bomb": "FL009", "depth": "FL009",
                "complex-key": "FL002"}.get(p.kind, "FL002")
        msg = p.message
        if p.kind == "complex-key":  # Jekyll builds: the line is only data no template can read
            yield Finding(path, p.start, max(p.end, p.start),
                          f"a key that is a list or mapping in {what} (such as Markdown's comment trick `[//]: # (...)`): "
                          "YAML keeps it as data that no template can read", code=code, severity=Severity.WARNING,
                          hint=p.hint or "to comment a front-matter line out, start it with `#`")
            continue
        if code == "FL002":
            msg = f"YAML error in {what}: {p.message}"
        yield Finding(path, p.start, max(p.end, p.start), msg, hint=p.hint, code=code)
    for d in y.duplicates:
        yield Finding(
            path, d.second[0], d.second[1], "", code="FL003", data={"key": path_str(d.path), "first": d.first},
        )


@rule("FL002", "yaml-syntax-error", Severity.ERROR, PAGE, also=("FL003", "FL004", "FL006", "FL009"))
def yaml_syntax_error(doc, ctx):
    """Front matter that is not valid YAML.

    ## What it checks
    The block between the opening `---` and the closing `---` (or `...`) must parse as YAML 1.1,
    the way Jekyll reads it. The message says what is wrong in plain words and points at the
    real spot: an unquoted `: ` inside a value, an apostrophe inside a single-quoted value, a
    tab used for indentation, an unclosed quote. A key that is a list or mapping (often Markdown's
    comment trick `[//]: # (...)` pasted into front matter) is only a warning: Jekyll builds, but
    no template can read it.

    ## Why it matters
    Jekyll logs the error and builds the page **without any of its front matter**: no layout,
    no title, no permalink. The page goes live empty or at the wrong URL, and links to it break.

    ## Example
    ```yaml
    title: Part 1: the beginning     # bad: the second ": " starts a new key
    title: "Part 1: the beginning"   # good
    ```
    """
    if doc.fm is None or doc.source.error:
        return
    if not doc.fm.split.closed:
        return  # FL008
    yield from _fm_findings(doc)


def _fm_findings(doc):
    for f in _yaml_findings(doc.path, doc.fm.yaml, "the front matter"):
        if f.code == "FL003":
            first_line = doc.source.lines.position(f.data["first"][0]).line
            key = f.data["key"]
            yield _duplicate_finding(doc.path, doc.source.text, f, key, first_line)
        else:
            yield f


def _rest_of_line(text: str, end: int) -> str:
    """What follows a key on its line (`: research`), trailing blanks removed."""
    nl = text.find("\n", end)
    return text[end: nl if nl >= 0 else len(text)].rstrip()


def same_value_duplicate(path: str, text: str, start: int, end: int, first_end: int, key: str,
                         first_line: int) -> Finding | None:
    """FL003 for a key (``text[start:end]``, first given up to ``first_end``) repeated with the very
    same one-line value: nothing is lost, a warning that says so; None when the values differ.
    (Front matter, ``_config.yml`` and ``_data/*.yml`` word it alike.)"""
    a, b = _rest_of_line(text, first_end), _rest_of_line(text, end)
    if a == b and a.lstrip(": \t") and not a.lstrip(": \t").startswith(("|", ">", "&", "*", "#")):
        return Finding(path, start, end,
                       f"`{key}` is given twice with the same value (first on line {first_line}): nothing is lost, "
                       "but one of the lines is redundant", hint="delete one of the two lines", code="FL003",
                       severity=Severity.WARNING, data={"key": key, "first_line": first_line, "same_value": True})
    return None


def _duplicate_finding(path: str, text: str, f: Finding, key: str, first_line: int) -> Finding:
    """FL003; a key repeated with the very same one-line value loses nothing: a warning that says so."""
    same = same_value_duplicate(path, text, f.start, f.end, f.data["first"][1], key, first_line)
    if same is not None:
        return same
    return Finding(path, f.start, f.end,
                   f"`{key}` is given twice (first on line {first_line}); Jekyll silently keeps this later value",
                   hint="delete the line you do not want", code="FL003", data={"key": key, "first_line": first_line})


declare("FL003", "duplicate-key", Severity.ERROR, """
A key given twice in the same mapping.

## What it checks
Front matter (and `_config.yml`) mappings where one key appears more than once, at any depth
(`profile.image` twice counts too). Both lines are named. The same one-line value written twice
(`categories: research` on two lines) loses nothing: that is only a warning.

## Why it matters
YAML 1.1 as Jekyll reads it keeps the **last** value without any warning: the first one is
silently lost, often after copy-pasting a block from the template.

## Example
```yaml
title: My page
...
title: about      # this one wins
```
""", parent="FL002")

declare("FL004", "yaml-unsafe-tag", Severity.ERROR, """
A YAML tag such as `!!python/object` or `!ruby/object` in front matter.

## What it checks
Explicit tags other than YAML's plain types. folio-lint never constructs or runs them.

## Why it matters
Jekyll's SafeYAML refuses such values; they are never what a page means.

## Example
```yaml
title: !ruby/string About   # bad: a Ruby tag
title: About                # good
```

## Fix
Remove the tag and write a plain value.
""", parent="FL002")

declare("FL006", "invalid-date", Severity.ERROR, """
A value that looks like a date but is not a real one (`2024-13-45`, `2023-02-30`).

## What it checks
Unquoted `YYYY-MM-DD` values (with an optional time) that YAML reads as a timestamp.

## Why it matters
Jekyll fails to read the date: the build aborts or the post gets a wrong URL and order.

## Example
```yaml
date: 2023-02-30   # bad: February has no 30th
date: 2023-02-28   # good
```

## Fix
Write a real date, or quote the value if it is not meant as a date.
""", parent="FL002")

declare("FL009", "yaml-too-large", Severity.ERROR, """
Front matter whose aliases expand to an absurd size, or nested absurdly deep.

## What it checks
Alias chains (`&a [*b, *b, ...]`, the "billion laughs") that expand past 200,000 values, and
nesting deeper than 200 levels. folio-lint stops expanding and reports instead.

## Why it matters
Such YAML hangs or crashes Jekyll's build; it is never what a page means.

## Example
```yaml
# bad: g expands to 9^7 (about 4.8 million) values
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]
```
```yaml
# good: plain values, no alias chains
tags: [ml, vision, nlp]
```

## Fix
Remove the alias chain (or the deep nesting) and write the values out.
""", parent="FL002")


@rule("FL005", "yaml11-trap", Severity.WARNING, PAGE)
def yaml11_trap(doc, ctx):
    """An unquoted value that YAML 1.1 turns into a different number than what is written.

    ## What it checks
    Plain scalars Jekyll (YAML 1.1) reads as something else: `0755` is the octal number 493,
    `1:30` is the sexagesimal number 90, `1.10` is the float 1.1 (version numbers lose digits).

    ## Why it matters
    The page shows or sorts by a number the author never wrote, with no error.

    ## Example
    ```yaml
    room: 0123      # bad: becomes 83
    room: "0123"    # good
    ```

    ## Fix
    Quote the value. (Words such as `yes`/`no`/`on`/`off` becoming booleans are reported by the
    type rules, where the schema says a string was expected.)
    """
    if doc.fm is None:
        return
    for t in doc.fm.yaml.traps:
        key = path_str(t.path)
        if t.kind == "octal":
            yield Finding(doc.path, t.start, t.end,
                          f"`{key}: {t.raw}` is read as the octal number {t.value}, not {t.raw}",
                          hint=f'quote it: `{key}: "{t.raw}"`')
        elif t.kind == "sexagesimal":
            yield Finding(doc.path, t.start, t.end,
                          f"`{key}: {t.raw}` is read as the base-60 number {t.value} (YAML 1.1), not the text {t.raw}",
                          hint=f'quote it: `{key}: "{t.raw}"`')
        elif t.kind == "float-digits":
            yield Finding(doc.path, t.start, t.end,
                          f"`{key}: {t.raw}` is read as the number {t.value}; the trailing zero is lost",
                          hint=f'quote it if it is a version or a label: `{key}: "{t.raw}"`', severity=Severity.INFO)


@rule("FL007", "front-matter-not-mapping", Severity.ERROR, PAGE)
def front_matter_not_mapping(doc, ctx):
    """Front matter that parses but is not a set of `key: value` lines.

    ## What it checks
    A front matter that is a list (`- a`), a lone string or number instead of a mapping.
    An empty front matter (`---` directly followed by `---`) is fine.

    ## Why it matters
    Jekyll ignores it: the page has no layout, title or permalink.

    ## Example
    ```yaml
    - layout: page   # bad: a list, not a mapping
    - title: About
    ```
    ```yaml
    layout: page     # good
    title: About
    ```

    ## Fix
    Write one `key: value` per line, without a leading `- `.
    """
    if doc.fm is None or not doc.fm.ok:
        return
    d = doc.fm.yaml.data
    if d is not None and not isinstance(d, dict):
        kind = "a list" if isinstance(d, list) else f"a single {type(d).__name__} value"
        s = doc.fm.split.yaml_start
        e = s + len(doc.text[s:doc.fm.split.yaml_end].rstrip())  # up to the last character of the YAML
        yield Finding(doc.path, s, max(e, s + 1), f"the front matter is {kind}, not `key: value` lines",
                      hint="write one `key: value` per line, e.g. `title: My page`")


@rule("FL008", "unclosed-front-matter", Severity.ERROR, PAGE)
def unclosed_front_matter(doc, ctx):
    """A front matter that opens with `---` but never closes.

    ## What it checks
    The first line is `---` and no later line is `---` or `...`.

    ## Why it matters
    Jekyll does not find a front matter: the page is built with no layout and the YAML lines
    appear as text at the top of the page.

    ## Example
    ```markdown
    ---
    layout: page
    title: About

    Hello!        <!-- bad: no `---` line ends the front matter -->
    ```
    ```markdown
    ---
    layout: page
    title: About
    ---

    Hello!
    ```

    ## Fix
    Add a line `---` after the last front-matter key.
    """
    if doc.fm is not None and not doc.fm.split.closed and not doc.source.error:
        yield Finding(doc.path, 0, 3, "the front matter opened on line 1 is never closed with a `---` line",
                      hint="add a line `---` after the last key")


@rule("FL010", "post-name-without-date", Severity.WARNING, SITE)
def post_name_without_date(site, ctx):
    """A file in `_posts/` whose name does not start with a date.

    ## What it checks
    Post file names must read `YYYY-MM-DD-title.md`. Others are skipped by Jekyll.

    ## Why it matters
    The post never appears on the site, and nothing in the build says so.

    Only files with front matter are posts: an image or a note without front matter in `_posts/`
    is not reported here (references to it are checked as links).

    ## Example
    `_posts/my-first-post.md` (bad) → `_posts/2024-05-01-my-first-post.md` (good).
    """
    for p in site.skipped_posts:  # (files with front matter only: an image kept there is no post)
        name = p.rsplit("/", 1)[-1]
        dated = _DATE_ONLY_NAME.match(name)
        if dated:  # `2018-02-04.md`: the date is there, the `-title` Jekyll's pattern needs is not
            yield Finding(p, 0, 0, f"`{name}` has a date but no title after it; Jekyll skips posts not named "
                                   "`YYYY-MM-DD-title.ext`",
                          hint=f"rename the file, e.g. `{dated.group(1)}-title{dated.group(2)}`")
            continue
        yield Finding(p, 0, 0, f"`{name}` has no date in its name; Jekyll skips posts not named `YYYY-MM-DD-title.ext`",
                      hint="rename the file, e.g. `2024-05-01-" + name + "`")


_DATE_ONLY_NAME = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})(\.[^.]+)$")


@rule("FL600", "config-invalid", Severity.ERROR, CONFIG, also=("FL002", "FL003", "FL004", "FL006", "FL009"))
def config_invalid(site, ctx):
    """`_config.yml` that cannot be read, or whose structural keys have the wrong shape.

    ## What it checks
    YAML errors, duplicate keys and tags in `_config.yml` (reported with the YAML codes), and
    `collections`, `defaults`, `include`, `exclude` that are not of the shape Jekyll needs: a
    `_config.yml` that is a list or a string, `defaults` that is not a list, a `defaults` entry that is
    not a mapping or whose `scope`/`values` are not mappings, a collection whose settings are not a
    mapping, `include`/`exclude` that are not lists of paths. (An entry without `scope` applies to every
    file, as in Jekyll, and is not reported.)

    ## Why it matters
    Jekyll aborts on a broken `_config.yml`; a wrongly shaped `defaults:` silently does nothing.

    ## Example
    ```yaml
    defaults:          # bad: a single mapping, not a list of entries
      scope:
        path: ""
      values:
        layout: page
    ```
    ```yaml
    defaults:          # good: each entry starts with `- `
      - scope:
          path: ""
        values:
          layout: page
    ```
    """
    cfg = site.config
    if cfg.source is None:
        return
    path = cfg.source.path
    if cfg.source.error:
        yield Finding(path, 0, 0, f"`{path}` cannot be read: {cfg.source.error}")
        return
    if cfg.yaml is not None:
        for f in _yaml_findings(path, cfg.yaml, f"`{path}`"):
            if f.code == "FL003":
                first_line = cfg.source.lines.position(f.data["first"][0]).line
                yield _duplicate_finding(path, cfg.source.text, f, f.data["key"], first_line)
            else:
                yield f
    # shape problems are collected while the site model reads the config
    cfg.collections()
    cfg.defaults()
    cfg.str_list("include")
    cfg.str_list("exclude")
    seen = set()
    for kp, msg in cfg.shape_problems:
        if (kp, msg) in seen:
            continue
        seen.add((kp, msg))
        n = cfg.yaml.nodes.get(kp) if cfg.yaml else None
        if n is None:
            yield Finding(path, 0, 0, msg)
        else:
            s, e = (n.key_start, n.key_end) if n.key_start is not None else (n.start, n.end)
            yield Finding(path, s, e, msg)


@rule("FL011", "bom-before-front-matter", Severity.ERROR, PAGE)
def bom_before_front_matter(doc, ctx):
    """A page that starts with a byte-order mark (BOM) before its `---` line.

    ## What it checks
    Pages and collection documents (not posts) whose file begins with the UTF-8 byte-order mark
    `EF BB BF`, which some Windows editors add.

    ## Why it matters
    Jekyll decides whether a file has front matter by reading its first bytes: with a BOM in front
    of `---` it does not see one, and copies the file to the site **unrendered** — the page is
    served as raw Markdown, at the wrong URL, with no layout. (Posts are read differently and
    are not affected.)

    ## Example
    The BOM is invisible in an editor; look at the first bytes of the file:
    ```console
    $ head -c 3 _pages/about.md | od -An -tx1
     ef bb bf
    ```
    That is a BOM (bad). Saved as plain UTF-8, the same command prints ` 2d 2d 2d`, the `---` (good).

    ## Fix
    Save the file as "UTF-8" rather than "UTF-8 with BOM".
    """
    if doc.source.bom and doc.fm is not None and doc.kind in ("page", "document"):
        yield Finding(doc.path, 0, 3,
                      "the file starts with a byte-order mark: Jekyll does not see its front matter and copies it unrendered",
                      hint='save it as "UTF-8" without BOM (in VS Code: the encoding button in the status bar → "Save with Encoding")')


@rule("FL012", "symlink-outside-site", Severity.INFO, SITE)
def symlink_outside_site(site, ctx):
    """A symbolic link in the site that points outside the site folder.

    ## What it checks
    Files and folders of the site that are symbolic links to places outside the site root.
    folio-lint never follows them: nothing outside the site is read, so what they hold is not
    checked (and a link to `/etc/passwd` in a pull request cannot leak into a CI report).

    ## Why it matters
    Jekyll's safe mode (GitHub Pages' own builder) does not follow such links either: the
    content they point at is missing from the built site there.

    ## Example
    ```console
    $ readlink assets/pdf/cv.pdf
    /home/me/Documents/cv.pdf
    ```
    The link points outside the site (reported). Replace it with a real copy (fixed):
    ```console
    $ cp --remove-destination "$(readlink assets/pdf/cv.pdf)" assets/pdf/cv.pdf
    ```

    ## Fix
    Copy the file or folder into the site, or ignore this finding if your build follows links.
    """
    for p in site.extras.get("outside_links", ()):
        yield Finding(p, 0, 0, f"`{p}` is a symbolic link to a place outside the site: folio-lint does not read it",
                      hint="copy the file into the site if it belongs to it (Jekyll's safe mode does not follow such links)")


@rule("FL014", "unreadable-folder", Severity.ERROR, SITE)
def unreadable_folder(site, ctx):
    """A folder of the site that cannot be listed (its permissions do not allow it).

    ## What it checks
    Folders that exist but that folio-lint cannot open, outside dot folders and `exclude:`d ones.
    Nothing in them is checked, and links to their pages cannot be resolved.

    ## Why it matters
    Jekyll stops the build with "Permission denied" when it meets such a folder; and a check that
    skipped it silently would pass while the site cannot be built.

    ## Example
    ```console
    $ ls -ld _pages
    d---------  2 me  staff  64 Dec  1 10:00 _pages
    ```
    The folder cannot be read (reported). Give yourself read and search permission (fixed):
    ```console
    $ chmod u+rx _pages
    ```

    ## Fix
    Make the folder readable (`chmod u+rx FOLDER`), or add it to `exclude:` if it is not part of the site.
    """
    for p, why in site.extras.get("unreadable_dirs", ()):
        yield Finding(p, 0, 0, f"the folder `{p}/` cannot be read ({why}): nothing in it was checked, and Jekyll cannot build the site",
                      hint=f"make it readable (`chmod u+rx {p}`), or add it to `exclude:` in `_config.yml` if it is not part of the site")


@rule("FL013", "page-not-built", Severity.WARNING, SITE)
def page_not_built(site, ctx):
    """A file named on the command line that has front matter but that Jekyll does not render.

    ## What it checks
    Only files you name explicitly (as pre-commit does): a page with front matter inside a folder
    whose name starts with `_` and that is not in `include:` (al-folio's `_pages/` must be listed
    there), in a folder that is not a collection, or matching `exclude:`.

    ## Why it matters
    The page never appears on the site, and the build says nothing.

    ## Example
    `_pages/about.md` on a site whose `_config.yml` has no `include: ["_pages"]`.

    ## Fix
    Add the folder to `include:` (or to `collections:`), or remove it from `exclude:`.
    """
    for path, reason in site.extras.get("not_built", ()):
        yield Finding(path, 0, 0, f"Jekyll does not build this page: {reason}",
                      hint="add its folder to `include:` in `_config.yml` (or remove it from `exclude:`)")


_PAGE_EXTS = (".md", ".markdown", ".html", ".htm")


@rule("FL015", "pages-folder-not-included", Severity.WARNING, SITE)
def pages_folder_not_included(site, ctx):
    """al-folio's `_pages/` folder is not in `include:`, so none of its pages is built.

    ## What it checks
    On an al-folio site (its own template or the `al_folio_core` gem), a `_pages/` folder holding
    pages while `_config.yml` neither lists `_pages` in `include:` nor makes it a collection.
    Jekyll skips every folder whose name starts with `_` unless told otherwise; al-folio's
    `_config.yml` ships `include: ["_pages"]` for exactly this reason.

    ## Why it matters
    The about page, the publications, the CV — every page in `_pages/` — silently disappears from
    the built site, and every link to them breaks (reported one by one as FL301).

    ## Example
    ```yaml
    include: [".well-known"]            # bad: `_pages` was dropped
    include: ["_pages", ".well-known"]  # fixed
    ```

    ## Fix
    Add `_pages` to `include:` in `_config.yml`.
    """
    if site.standalone or not site.is_al_folio:
        return
    if any(getattr(c, "directory", None) in ("_pages", "pages") or label == "pages" for label, c in site.collections.items()):
        return  # a collection (with or without output) is read from `_pages/`
    pages = sorted(p for p in site.other_files if p.startswith("_pages/") and p.lower().endswith(_PAGE_EXTS))
    if not pages or any(p.startswith("_pages/") for p in site.documents):
        return
    excl = site.config.get("exclude")
    if isinstance(excl, list) and any(str(x).strip("/") in ("_pages", "_pages/*", "_pages/**") for x in excl):
        return  # kept out on purpose
    cfg = site.config
    if (cfg.source is None or cfg.yaml is None or not cfg.yaml.ok or any(p.kind == "bomb" for p in cfg.yaml.problems)
            or any(path == () for path, _ in cfg.shape_problems)):
        return  # `_config.yml` could not be read (FL001/FL002/FL009/FL600 say why): what its include: says is unknown
    node = cfg.yaml.nodes.get(("include",)) if cfg.yaml is not None else None
    s, e = (node.key_start, node.key_end) if node is not None and node.key_start is not None else (0, 0)
    n = len(pages)
    yield Finding(cfg.source.path, s, e,
                  f"`_pages/` holds {n:,} page{'s' if n != 1 else ''} ({', '.join(f'`{p}`' for p in pages[:3])}"
                  f"{', …' if n > 3 else ''}) but `_pages` is not in `include:`: Jekyll skips folders whose name "
                  "starts with `_`, so none of them is built",
                  hint='add it: `include: ["_pages"]` (al-folio\'s own `_config.yml` has it)')
