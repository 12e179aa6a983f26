"""The hostile-input corpus: generated at test time, never committed as big files.

``build_site(root)`` writes one al-folio-like site holding every hostile file next to a few
ordinary pages (so a test can check the ordinary pages are still linted); ``CONFIG_CASES`` are
``_config.yml`` variants, each for a site of its own. Run as a script to write the corpus to a
folder for manual runs::

    python tests/hostile.py OUT [--small]
    folio-lint check OUT/site

Every case says what folio-lint must report on it: ``expect`` is a set of codes that must be
among the findings for that file (empty: the file must get no finding at all); ``None`` means
"anything, as long as nothing crashes and positions stay inside the file".
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# --------------------------------------------------------------------------- helpers
GOOD_PAGE = b"""---
layout: page
title: Ordinary page
permalink: /ordinary/
---
A page that must still be checked whatever its neighbours hold.
"""

BAD_PAGE = b"""---
layout: page
title: Broken: yes
---
Body.
"""  # FL002: a second ": " inside the value


def _fm(body: str) -> bytes:
    return f"---\n{body}---\nBody text.\n".encode()


def _billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("---\n" + "\n".join(lines) + "\n---\n").encode()


def _deep_flow(n: int) -> bytes:
    return ("---\nkey: " + "[" * n + "]" * n + "\n---\n").encode()


def _deep_flow_map(n: int) -> bytes:
    return ("---\nkey: " + "{a: " * n + "1" + "}" * n + "\n---\n").encode()


def _deep_block(n: int) -> bytes:
    # one key per level, each indented one more space than its parent
    return ("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(n)) + "---\n").encode()


def _deep_dash(n: int) -> bytes:
    # compact nested sequences on one line: "- - - - ... x"
    return ("---\nkey:\n  " + "- " * n + "x\n---\n").encode()


def _long_front_matter(n: int) -> bytes:
    return ("---\ntitle: Long\n" + "".join(f"key_{i}: value {i}\n" for i in range(n)) + "---\nBody.\n").encode()


def _big_body(mb: int, dense: bool = False) -> bytes:
    """``mb`` MiB of Markdown: prose paragraphs with a link now and then, or (``dense``) a link,
    inline code and HTML on every line and no blank line at all."""
    if dense:
        chunk = b"Some text with a [link](/ordinary/) and **bold** words, plus `code` and <a href=\"#x\">html</a>.\n"
    else:
        chunk = (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. " * 12 + b"\n") * 3
        chunk += b"See [the page](/ordinary/) and `code`, {{ site.title }} too.\n\n## A heading\n\n"
    n = mb * 1024 * 1024 // len(chunk)
    return b"---\nlayout: page\ntitle: Big\n---\n" + chunk * n


def _big_one_line(mb: int) -> bytes:
    return b"---\ntitle: One line\n---\n" + b"x" * (mb * 1024 * 1024)


def _binary(n: int = 4096, seed: int = 7) -> bytes:
    import random

    r = random.Random(seed)
    return bytes(r.randrange(256) for _ in range(n))


@dataclass
class Case:
    path: str  # site-relative
    content: bytes | None  # None: made by ``make``
    expect: set[str] | None  # codes that must be reported on this path; set(): silence; None: anything
    note: str = ""
    make: Callable[[Path, Path], bool] | None = None  # (site root, target path) -> made? (False: skip)
    big: bool = False  # skipped by the small corpus


def _symlink(target: str) -> Callable[[Path, Path], bool]:
    def make(root: Path, p: Path) -> bool:
        try:
            os.symlink(target, p)
            return True
        except (OSError, NotImplementedError):
            return False

    return make


def _outside_link(name: str) -> Callable[[Path, Path], bool]:
    """A symlink to a file outside the site (written next to the site folder)."""

    def make(root: Path, p: Path) -> bool:
        outside = root.parent / name
        outside.write_bytes(b"---\ntitle: SECRET-OUTSIDE-THE-SITE\nlayout: nope\n---\nSECRET-OUTSIDE-THE-SITE\n")
        try:
            os.symlink(outside, p)
            return True
        except (OSError, NotImplementedError):
            return False

    return make


def _outside_dir_link(root: Path, p: Path) -> bool:
    outside = root.parent / "outside-dir"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_bytes(b"---\ntitle: SECRET-OUTSIDE-THE-SITE\nlayout: nope\n---\n")
    try:
        os.symlink(outside, p, target_is_directory=True)
        return True
    except (OSError, NotImplementedError):
        return False


def _fifo(root: Path, p: Path) -> bool:
    if not hasattr(os, "mkfifo"):
        return False
    os.mkfifo(p)
    return True


def _dir_named_like_file(root: Path, p: Path) -> bool:
    p.mkdir()
    (p / "inner.md").write_bytes(GOOD_PAGE)
    return True


def _unreadable(root: Path, p: Path) -> bool:
    p.write_bytes(GOOD_PAGE)
    os.chmod(p, 0)
    return True


CASES: list[Case] = [
    # ---- ordinary pages: must be checked as usual
    Case("_pages/ordinary.md", GOOD_PAGE, None, "a valid page next to the hostile ones"),
    Case("_pages/broken-yaml.md", BAD_PAGE, {"FL002"}, "proves the neighbours of hostile files are still linted"),
    # ---- encodings and bytes
    Case("_pages/invalid-utf8.md", b"---\ntitle: caf\xe9\n---\nna\xefve\n", {"FL001"}, "Latin-1 bytes"),
    Case("_pages/truncated-utf8.md", b"---\ntitle: x\n---\n\xe2\x82", {"FL001"}, "a UTF-8 sequence cut short at EOF"),
    Case("_pages/utf16-le.md", "\ufeff---\ntitle: UTF-16\n---\nbody\n".encode("utf-16-le"), {"FL001"}, "UTF-16 LE with BOM"),
    Case("_pages/utf16-be.md", "\ufeff---\ntitle: UTF-16\n---\nbody\n".encode("utf-16-be"), {"FL001"}, "UTF-16 BE with BOM"),
    Case("_pages/utf16-nobom.md", "---\ntitle: UTF-16\n---\n".encode("utf-16-le"), {"FL001"}, "UTF-16 without BOM (NUL bytes)"),
    Case("_pages/utf32.md", "---\ntitle: x\n---\n".encode("utf-32"), {"FL001"}, "UTF-32"),
    Case("_pages/nul-in-fm.md", b"---\ntitle: a\x00b\n---\n", {"FL001"}, "NUL byte in the front matter"),
    Case("_pages/nul-late.md", b"---\ntitle: late NUL\n---\n" + b"text\n" * 4000 + b"a\x00b\n", None, "NUL past the binary sniff"),
    Case("_pages/control-chars.md", b"---\ntitle: bell \x07 and esc \x1b\n---\n", None, "C0 controls YAML refuses"),
    Case("_pages/c1-controls.md", "---\ntitle: c1 \x85 next line \u2028 sep\n---\n".encode(), None, "NEL and LINE SEPARATOR"),
    Case("_pages/lone-surrogate.md", b"---\ntitle: \xed\xa0\x80\n---\n", {"FL001"}, "an encoded surrogate (invalid UTF-8)"),
    Case("_pages/bom.md", b"\xef\xbb\xbf---\nlayout: page\ntitle: BOM\n---\nbody\n", None, "UTF-8 BOM (Jekyll strips it)"),
    Case("_pages/double-bom.md", b"\xef\xbb\xbf\xef\xbb\xbf---\ntitle: two BOMs\n---\n", set(), "second BOM: not a front matter"),
    Case("_pages/binary.md", _binary(), None, "random bytes named .md"),
    Case("_pages/binary-with-fm.md", b"---\ntitle: x\n---\n" + _binary(2048, 3), {"FL001"}, "front matter then binary"),
    Case("_pages/png.md", b"\x89PNG\r\n\x1a\n" + _binary(512, 5), set(), "a PNG named .md (no front matter)"),
    Case("assets/img/photo.jpg", b"\xff\xd8\xff\xe0" + _binary(1024, 9), set(), "a static binary"),
    # ---- line endings and empties
    Case("_pages/empty.md", b"", set(), "empty file: not a page"),
    Case("_pages/only-dashes.md", b"---", set(), "`---` without a newline: no front matter"),
    Case("_pages/only-open.md", b"---\n", {"FL008"}, "front matter opened, file ends"),
    Case("_pages/empty-fm.md", b"---\n---\n", None, "empty front matter"),
    Case("_pages/unclosed.md", b"---\ntitle: never closed\nlayout: page\n\nBody text\n", {"FL008"}, "never closes"),
    Case("_pages/crlf.md", b"---\r\nlayout: page\r\ntitle: CRLF\r\n---\r\nbody\r\n", None, "Windows line endings"),
    Case("_pages/cr-only.md", b"---\rtitle: old Mac\r---\rbody\r", set(), "CR-only: Jekyll sees no front matter"),
    Case("_pages/mixed-eol.md", b"---\r\ntitle: mixed\nlayout: page\r---\n\rbody\r\n", None, "CRLF, LF and CR mixed"),
    Case("_pages/crlf-error.md", b"---\r\ntitle: Broken: yes\r\n---\r\n", {"FL002"}, "YAML error on a CRLF line"),
    Case("_pages/no-final-newline.md", b"---\ntitle: x\n---", None, "closing line at EOF"),
    Case("_pages/tabs.md", b"---\ntitle: x\n\tlayout: page\n---\n", {"FL002"}, "tab indentation"),
    Case("_pages/whitespace.md", b"   \n\n\t\n", set(), "only whitespace"),
    # ---- YAML bombs and tags
    Case("_pages/billion-laughs.md", _billion_laughs(), {"FL009"}, "9 levels x 9 aliases"),
    Case("_pages/alias-cycle.md", b"---\na: &a [*a]\n---\n", None, "an alias inside its own anchor"),
    Case("_pages/merge-bomb.md", ("---\n" + "\n".join(
        [f"m{i}: &m{i}\n  <<: [" + ", ".join(f"*m{i - 1}" for _ in range(8)) + "]\n  k{i}: v" if i else "m0: &m0 {k: v}"
         for i in range(12)]) + "\n---\n").encode(), None, "merge keys referring to merges"),
    Case("_pages/python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\n", {"FL004"}, "never executed"),
    Case("_pages/python-name.md", b"---\nx: !!python/name:os.system\ny: !!python/object:os.Foo {a: 1}\n---\n", {"FL004"}, ""),
    Case("_pages/ruby-tag.md", b"---\nx: !ruby/object:Gem::Installer\n  i: x\n---\n", {"FL004"}, ""),
    Case("_pages/local-tag.md", b"---\nx: !custom 3\ny: !<tag:example.com,2000:x> 4\n---\n", {"FL004"}, ""),
    Case("_pages/binary-tag.md", b"---\nx: !!binary aGVsbG8=\nbad: !!binary '***'\n---\n", None, ""),
    Case("_pages/bad-int.md", b"---\nx: !!int abc\ny: !!float zz\nz: !!bool maybe\n---\n", None, "explicit tags on bad scalars"),
    Case("_pages/huge-int.md", ("---\nx: " + "9" * 5000 + "\ny: 0x" + "f" * 5000 + "\nz: 1" + "0" * 400 + ".5e99999\n---\n").encode(),
         None, "integers past Python's digit limit"),
    Case("_pages/sexagesimal.md", ("---\nx: " + ":".join(["59"] * 3000) + "\n---\n").encode(), None, "huge base-60 number"),
    Case("_pages/bad-date.md", b"---\ndate: 2024-13-45\n---\n", {"FL006"}, ""),
    Case("_pages/complex-key.md", b"---\n? [a, b]\n: 1\n? {x: 1}\n: 2\n---\n", {"FL002"}, "non-scalar keys"),
    Case("_pages/dup-anchor.md", b"---\na: &x 1\nb: &x 2\nc: *x\n---\n", None, "an anchor defined twice"),
    Case("_pages/undefined-alias.md", b"---\na: *nope\n---\n", {"FL002"}, ""),
    Case("_pages/two-documents.md", b"---\na: 1\n---\nb: 2\n---\n", None, "body looks like more YAML"),
    Case("_pages/directives.md", b"---\n%YAML 1.1\n---\n", None, "a YAML directive in the front matter"),
    Case("_pages/not-mapping.md", b"---\n- a\n- b\n---\n", {"FL007"}, ""),
    Case("_pages/scalar-fm.md", b"---\njust text\n---\n", {"FL007"}, ""),
    Case("_pages/null-key.md", b"---\n~: 1\nnull: 2\n'': 3\n---\n", None, "null and empty keys"),
    Case("_pages/numeric-keys.md", b"---\n1: a\n2.5: b\ntrue: c\n2024-01-01: d\n---\n", None, ""),
    Case("_pages/weird-values.md", _fm("title: [1, {a: b}]\nlayout: [page]\npermalink: {a: 1}\ndate: [2024]\n"
                                        "tags: {x: y}\nredirect: 5\nimg: [1]\nnav: {x: 1}\npublished: maybe\n"
                                        "categories: 7\nprofile: [1, 2]\nsocial: 3\nnews: 4\nselected_papers: x\n"),
         None, "every well-known key with a wrong type"),
    Case("_pages/unicode-keys.md", _fm("tïtlé: café\n😀: 🎉\n\u202etitle\u202c: rtl\nزمان: ۱\n"), None, ""),
    Case("_pages/long-line.md", ("---\ntitle: " + "é" * 200_000 + "\n---\n").encode(), None, "a 200k-char value"),
    # ---- sizes and depth (big)
    Case("_pages/deep-flow.md", _deep_flow(10_000), {"FL009"}, "10,000 nested [ ]", big=True),
    Case("_pages/deep-flow-map.md", _deep_flow_map(10_000), {"FL009"}, "10,000 nested { }", big=True),
    Case("_pages/deep-block.md", _deep_block(3_000), {"FL009"}, "3,000 block levels (4.5 MB)", big=True),
    Case("_pages/deep-dash.md", _deep_dash(10_000), {"FL009"}, "10,000 compact nested sequences", big=True),
    Case("_pages/deep-unclosed.md", ("---\nkey: " + "[" * 100_000 + "\n---\n").encode(), None, "never closed", big=True),
    Case("_pages/deep-ok.md", _deep_flow(150), None, "150 levels: deep but fine"),
    Case("_pages/long-fm.md", _long_front_matter(100_000), None, "100,000-line front matter", big=True),
    Case("_pages/big-body.md", _big_body(50), None, "50 MB of Markdown", big=True),
    Case("_pages/dense-body.md", _big_body(4, dense=True), None, "4 MB, a link on every line, no blank line", big=True),
    Case("_pages/big-line.md", _big_one_line(8), None, "one 8 MB line", big=True),
    Case("_pages/too-big.md", None, {"FL001"}, "past the size cap (sparse file)", big=True,
         make=lambda root, p: (p.write_bytes(b"---\ntitle: x\n---\n"), os.truncate(p, 65 * 1024 * 1024), True)[-1]),
    # ---- file system oddities
    Case("_pages/folder.md", None, None, "a directory named like a page", make=_dir_named_like_file),
    Case("_layouts/post.liquid", None, None, "a directory named like a layout", make=_dir_named_like_file),
    Case("_includes/figure.liquid", None, None, "a directory named like an include", make=_dir_named_like_file),
    Case("_pages/fifo.md", None, None, "a named pipe: must not block", make=_fifo),
    Case("_pages/unreadable.md", None, None, "chmod 000 (readable anyway as root)", make=_unreadable),
    Case("_pages/link-inside.md", None, None, "symlink to a page inside the site", make=_symlink("ordinary.md")),
    Case("_pages/link-dangling.md", None, {"FL001"}, "symlink to nothing (Jekyll fails to read it)", make=_symlink("does-not-exist.md")),
    Case("_pages/link-self.md", None, {"FL001"}, "symlink to itself (ELOOP: Jekyll fails to read it)", make=_symlink("link-self.md")),
    Case("_pages/link-outside.md", None, None, "symlink to a file outside the site", make=_outside_link("outside.md")),
    Case("_pages/link-etc", None, None, "symlink to a folder outside the site", make=_outside_dir_link),
    Case("_pages/loop", None, None, "symlink to a parent folder (a loop)", make=_symlink("..")),
    Case("_pages/loop-root", None, None, "symlink to the site root", make=_symlink("../")),
    Case("_pages/sub/loop-abs", None, None, "absolute symlink to a parent", make=lambda root, p: _symlink(str(p.parent.parent))(root, p)),
    Case("_pages/ping", None, None, "two links pointing at each other", make=_symlink("pong")),
    Case("_pages/pong", None, None, "", make=_symlink("ping")),
    Case("_posts/2024-01-01-dir.md", None, None, "a directory named like a post", make=_dir_named_like_file),
    Case("_posts/2024-01-01-ok.md", b"---\nlayout: post\ntitle: Post\n---\nA post.\n", None, ""),
    Case("_news/announcement_1.md", b"---\nlayout: post\ndate: 2015-10-22 15:59:00-0400\ninline: true\n---\nNews.\n", None, ""),
    Case("_posts/odd name with spaces & ünïcode.md", b"---\ntitle: x\n---\n", None, "a post without a date"),
    Case("_pages/-dash.md", GOOD_PAGE, None, "a name starting with a dash"),
    Case("_pages/new\nline.md", GOOD_PAGE, None, "a newline in a file name"),
    Case("_pages/sp ace.md", GOOD_PAGE, None, ""),
]

SITE_CONFIG = b"""title: Hostile
url: https://example.org
baseurl: ""
include: ["_pages"]
collections:
  news:
    defaults:
      layout: post
    output: true
  projects:
    output: true
defaults:
  - scope:
      path: ""
    values:
      layout: default
"""

# _config.yml variants: each makes a site of its own (with GOOD_PAGE and BAD_PAGE at its top)
CONFIG_CASES: dict[str, bytes | None] = {
    "list": b"- a\n- b\n",
    "scalar": b"just a string\n",
    "number": b"42\n",
    "empty": b"",
    "comment-only": b"# nothing\n",
    "null": b"~\n",
    "invalid-yaml": b"title: a: b\ncollections: [\n",
    "utf16": "title: x\n".encode("utf-16"),
    "binary": _binary(2048, 11),
    "nul": b"title: x\x00\n",
    "bomb": _billion_laughs().replace(b"---\n", b""),
    "deep": b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "tags": b"title: !!python/object/apply:os.system ['touch PWNED']\n",
    "collections-scalar": b"collections: 5\n",
    "collections-list": b"collections: [news, projects, 5, [x], {y: 1}]\n",
    "collections-bad-entry": b"collections:\n  news: 5\n  projects: [a]\n  ok:\n  '': {output: true}\n  '../../escape': {output: true}\n",
    "collections-dir-escape": b"collections_dir: ../../..\ncollections:\n  news: {output: true}\n",
    "collections-dir-abs": b"collections_dir: /etc\ncollections:\n  news: {output: true}\n",
    "collections-dir-wrong": b"collections_dir: [a]\ncollections: {news: {output: yes, permalink: 5, sort_by: [1]}}\n",
    "defaults-dict": b"defaults: {scope: {path: ''}, values: {layout: page}}\n",
    "defaults-scalar": b"defaults: page\n",
    "defaults-bad-entries": (b"defaults:\n  - 5\n  - [a]\n  - scope: 3\n    values: {layout: page}\n"
                             b"  - scope: {path: [1], type: {a: 1}}\n    values: 7\n  - scope: {path: '**/*['}\n    values: {layout: x}\n"
                             b"  - values: {layout: post}\n  - scope: {}\n"),
    "include-exclude-wrong": b"include: 5\nexclude: {a: 1}\nkeep_files: 3\n",
    "include-exclude-weird": b"include: [null, [1], {a: 1}, '', '/', '*', '[']\nexclude: ['**', '[', '\\\\']\n",
    "scholar-escape": b"scholar:\n  source: ../../..\n  bibliography: 5\n",
    "scholar-wrong": b"scholar: 5\n",
    "scholar-source-list": b"scholar: {source: [a]}\n",
    "destination-wrong": b"destination: [a]\nsource: 5\nplugins_dir: {a: 1}\n",
    "baseurl-wrong": b"baseurl: [a]\nurl: 5\npermalink: [x]\ntheme: [a]\nremote_theme: 5\n",
    "permalink-placeholders": b"permalink: /:categories/:year/:month/:day/:title:output_ext\n",
    "theme-v1": b"theme: al_folio_core\nal_folio: 5\n",
    "dup-keys": b"title: a\ntitle: b\ncollections: {news: {}}\ncollections: {news: {}}\n",
    "missing": None,  # no _config.yml at all
    "config-is-dir": None,  # _config.yml is a folder
}


def build_site(root: Path, *, small: bool = False, config: bytes | None = SITE_CONFIG) -> dict[str, Case]:
    """Write the hostile site to ``root``; returns the cases made (by site-relative path)."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "_config.yml").write_bytes(config)
    made: dict[str, Case] = {}
    for c in CASES:
        if small and c.big:
            continue
        p = root / c.path
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            if c.make is not None:
                if not c.make(root, p):
                    continue
            else:
                p.write_bytes(c.content)
        except OSError:  # e.g. a file system refusing "\n" in names
            continue
        made[c.path] = c
    return made


def build_config_site(root: Path, name: str) -> None:
    """A small site whose ``_config.yml`` is the variant ``name`` of :data:`CONFIG_CASES`."""
    root.mkdir(parents=True, exist_ok=True)
    cfg = CONFIG_CASES[name]
    if name == "config-is-dir":
        (root / "_config.yml").mkdir()
        (root / "_config.yml" / "x.yml").write_bytes(b"title: x\n")
    elif cfg is not None:
        (root / "_config.yml").write_bytes(cfg)
    (root / "good.md").write_bytes(GOOD_PAGE)  # top-level pages are read whatever `include:` says
    (root / "bad.md").write_bytes(BAD_PAGE)
    (root / "_news").mkdir()
    (root / "_news" / "item.md").write_bytes(b"---\nlayout: post\ntitle: News\n---\n")
    (root / "_bibliography").mkdir()
    (root / "_bibliography" / "papers.bib").write_bytes(b"@article{a, title={A}}\n")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def restore_permissions(root: Path) -> None:
    """Make every file readable again (so temporary folders can be deleted)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for n in filenames:
            p = os.path.join(dirpath, n)
            try:
                if not os.path.islink(p) and stat.S_ISREG(os.lstat(p).st_mode):
                    os.chmod(p, 0o644)
            except OSError:
                pass


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    small = "--small" in argv
    made = build_site(out / "site", small=small)
    for name in CONFIG_CASES:
        build_config_site(out / "config" / name, name)
    print(f"wrote {len(made)} hostile files to {out / 'site'} and {len(CONFIG_CASES)} config sites to {out / 'config'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
