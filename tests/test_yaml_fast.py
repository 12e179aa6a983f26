"""The front-matter fast path (``yamlload._fast_load``) gives exactly what libyaml gives.

For the common shapes (``key: value`` lines, simply quoted values, ``[a, b]`` lists, nested
mappings, ``- item`` lists) ``load_yaml`` builds its result without libyaml. Every field of the
result (values with their Python types, node spans, raw text, style, tag, duplicates, traps,
problems) must equal the libyaml way's (``fast=False``): on hand-written edge cases, on every
front matter of the example sites, the seeds and a generated site, and on many mutated ones.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from folio_lint.source import LineIndex, split_front_matter
from folio_lint.yamlload import _fast_load, load_yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GEN = SHARED / "bench" / "gen_site.py"


def _typed(v):
    if isinstance(v, dict):
        return ("d", [(k, _typed(x)) for k, x in v.items()])
    if isinstance(v, list):
        return ("l", [_typed(x) for x in v])
    return (type(v).__name__, v)


def _snap(r):
    def flat(o):
        return tuple(getattr(o, f) for f in o.__slots__)

    return (_typed(r.data), [(k, flat(n)) for k, n in r.nodes.items()], [flat(d) for d in r.duplicates],
            [flat(t) for t in r.traps], [flat(p) for p in r.problems])


def _same(text: str, base: int = 0, full: str | None = None) -> bool:
    """Compare both ways; True when the fast path took the text."""
    full = text if full is None else full
    fast = _fast_load(text, base)
    if fast is None:
        return False
    slow = load_yaml(text, LineIndex(full), base, fast=False)
    assert _snap(fast) == _snap(slow), text
    assert _snap(load_yaml(text, LineIndex(full), base)) == _snap(slow)
    return True


TAKEN = [
    "layout: post\ntitle: a post\ndate: 2024-01-02 10:11:12\ntags: [a, b c, 1]\ngiscus_comments: true\n",
    "a: b  \nc:\nd: [x, y ]\ne:\n  f: 1\n  g:\n# c\nh: 'x'\n\n",
    "a:\n  - x\n  - y\n\nb:\n- z\n- w\nc: 1\n",
    "a: 1\nb:",
    "a: 1\nb:   \n",
    "a:\n  b:\n    c: d\n  e: f\n# trailing\n  \n",
    "a: h\u00e9llo \u4e16\u754c\nb: [x, y z, 1] \nc: a [b] {c}, d\nd: 1\n",
    "a:\n  - b: 1\n    c: 2\n  - x\n  -\n  - d: 3\ne: 1",
    "a: 'it''s'\nb: \"q\"\n# end\n",
    "x: yes\ny: no\nz: on\nmode: 0755\nt: 1:30\nf: 1.50\nn: ~\nnull_: null\nb: True\nc: FALSE\n",
    "d: 2024-13-45\ne: 2024-02-30\nk: 2024-01-01T25:00:00\n",
    "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n",
    "url: http://example.com/a#b\nratio: a:b\nhash: a#b\nq: what?\nbang: wow!\n",
    "tags: []\nempty: [ ]\ncats: [Yes, 007, 1e3, .5, +1]\n",
    "big: 123456789012345678901234567890\nneg: +5\nz: 0\nzz: 00\nh: 0x1F\nu: 1_000\n",
    "  \n# only a comment first\nlayout: page\n",
    "a.b: 1\n_c-d: 2\nyes: 3\nnull: 4\n",
    "profile:\n  align: right\n  image: prof_pic.jpg\n  more_info: >\n    text\n",
    "title: \U0001f389 party \U0001f389\nx: [\U0001f600, b]\ny: '\U0001f600'\n",  # astral characters count one
    "a: \u00a0x\u00a0\nb: x\u00a0\n",  # NBSP is not a blank to YAML
    "a: 'x'  \nb: \"\"\nc: ''\nd: ' '\n",
    "a: 1\n  # c\nb: x\n  # indented comment\nc:\n\n  # c\n  d: 1\n\nlist:\n  - a\n  # c\n  - b\n\n\n",
    "a: [a b, c]\nb: x, y\nc:   [ a ,b ]\n",
    "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: <<\nd: =\n",
    "a: 1\r\nb:\r\n  - x\r\n  - 'y'  \r\n\r\nc: [p, q]\r\n",  # Windows line ends
]

FALLBACK = [
    "a: b # comment\n",
    "a:\tb\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: |\n  text\n",
    "a: multi\n  line\n",
    "a: 'unterminated\n",
    'a: "esc\\n"\n',
    "- a\n- b\n",
    "  a: 1\n",
    "a: b: c\n",
    "a: [1, [2]]\n",
    "a: {b: 1}\n",
    "<<: {a: 1}\n",
    "a: 1\rb: 2\n",  # a lone CR breaks a line too
    "a: 1\r\nb: 2\n\r",
    "a: x\u2028y\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: -\n",
    "a: [x,]\n",
    "? a\n: b\n",
    "a: b:\n",
    "key:value\n",
]


@pytest.mark.parametrize("text", TAKEN)
def test_common_shapes_take_the_fast_path_and_match(text):
    assert _same(text) or text.startswith("profile:"), "the fast path should take this text"


@pytest.mark.parametrize("text", FALLBACK)
def test_other_shapes_go_the_libyaml_way(text):
    assert _fast_load(text, 0) is None
    load_yaml(text, LineIndex(text))  # and never raises


def test_offsets_inside_a_file():
    full = "---\nlayout: post\ntitle: \"t\"\ntags: [a, b]\n---\nbody\n"
    sp = split_front_matter(full)
    y = full[sp.yaml_start : sp.yaml_end]
    assert _same(y, sp.yaml_start, full)
    r = load_yaml(y, LineIndex(full), sp.yaml_start)
    n = r.nodes[("tags", 1)]
    assert full[n.start : n.end] == "b"
    assert full[r.nodes[("title",)].key_start : r.nodes[("title",)].key_end] == "title"


def _front_matters(root: Path):
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix not in (".md", ".markdown", ".html", ".txt") or ".git" in p.parts:
            continue
        try:
            t = p.read_text(encoding="utf-8")
        except (UnicodeError, OSError):
            continue
        t = t.removeprefix("\ufeff")
        sp = split_front_matter(t)
        if sp is not None and sp.closed:
            yield t[sp.yaml_start : sp.yaml_end], sp.yaml_start, t


def _corpus(tmp_path_factory) -> list[tuple[str, int, str]]:
    roots = [REPO / "examples", REPO / "tests" / "fixtures"]
    if (SHARED / "seeds").is_dir():
        roots.append(SHARED / "seeds")
    if GEN.is_file():
        out = tmp_path_factory.mktemp("fast") / "site"
        subprocess.run([sys.executable, str(GEN), str(out), "--pages", "400", "--seed", "3", "--fault-rate", "0.3", "-q"],
                       check=True)
        roots.append(out)
    items = []
    for r in roots:
        if r.is_dir():
            items.extend(_front_matters(r))
    return items


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory)


def test_every_real_front_matter_matches(corpus):
    taken = sum(_same(y, base, full) for y, base, full in corpus)
    assert taken > len(corpus) // 2  # the fast path is really used on real pages


_PIECES = list(" :#-'\"[],{}&*!|>%@`?~\n\t\\.0123456789xyTFn") + [
    "yes", "no", "0755", "1:30", "2024-13-45", ": ", " #", "\n  ", "\n- ", "- ", "  ", "null", "~", "\u00a0",
    "\u2028", "\r\n", "1.50", "<<: ", "\n---", "\ufeff"]


def test_mutated_front_matter_matches(corpus):
    rnd = random.Random(8)
    texts = sorted({y for y, _, _ in corpus}) or TAKEN
    for _ in range(4000):
        t = rnd.choice(texts)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randint(0, len(t))
            op = rnd.random()
            if op < 0.6:
                t = t[:i] + rnd.choice(_PIECES) + t[i:]
            elif op < 0.8:
                t = t[:i] + t[i + rnd.randint(1, 4):]
            else:
                j = rnd.randint(0, len(t))
                t = t[:i] + t[j : j + rnd.randint(1, 20)] + t[i:]
        _same(t)


def test_packed_result_behaves_like_a_yaml_result():
    import copy
    import dataclasses
    import pickle

    from folio_lint.parallel import pack_front_matter, unpack_front_matter
    from folio_lint.frontmatter import parse_front_matter
    from folio_lint.source import source_from_text

    t = "a: 1\nb: [x, y]\nc:\n  d: yes\n"
    fast, slow = load_yaml(t, LineIndex(t)), load_yaml(t, LineIndex(t), fast=False)
    assert fast == slow and slow == fast
    assert pickle.loads(pickle.dumps(fast)) == slow and copy.deepcopy(fast) == slow and copy.copy(fast) == slow
    r = dataclasses.replace(fast, data={"z": 1})
    assert r.nodes == slow.nodes and r.data == {"z": 1}
    fm = parse_front_matter(source_from_text("p.md", "---\n" + t + "---\nbody\n"))
    back = unpack_front_matter(pack_front_matter(fm))  # as from a worker or the cache: positions built lazily
    assert back.yaml == fm.yaml and back.node(("c", "d")) == fm.node(("c", "d")) and back.split == fm.split
    assert pack_front_matter(back) == pack_front_matter(fm)


def test_windows_line_ends_match(corpus):
    rnd = random.Random(9)
    texts = sorted({y.replace("\n", "\r\n") for y, _, _ in corpus}) or TAKEN
    assert sum(_same(t) for t in texts) > len(texts) // 2
    for _ in range(1500):
        t = rnd.choice(texts)
        i = rnd.randint(0, len(t))
        t = t[:i] + rnd.choice(_PIECES + ["\r", "\r\n", "\n"]) + t[i:]
        _same(t)


def test_letter_words_are_short():
    """The fast path types any plain value of more than ``_LONGEST_WORD`` characters starting with a
    letter as text: true only while the resolvers a letter can start are word lists that short."""
    import re

    from folio_lint import yamlload

    for first, resolvers in yamlload._Loader.yaml_implicit_resolvers.items():
        if not (first and first.isalpha()):
            continue
        for tag, rx in resolvers:
            assert tag in (yamlload.BOOL, yamlload.NULL), (first, tag)
            body = re.sub(r"\s", "", rx.pattern)
            assert body.startswith("^(?:") and body.endswith(")$"), rx.pattern
            for word in body[4:-2].split("|"):
                assert re.fullmatch(r"[A-Za-z~]*", word) and len(word) <= yamlload._LONGEST_WORD, word


@pytest.mark.parametrize("text", [
    "title: falsehood\n", "title: nobody\n", "title: onward\n", "title: Trueish value\n", "title: offset\n",
    "title: nulls\n", "title: False\n", "title: NULL\n", "title: yes\n", "a: x\nb: y\na: z\n",
])
def test_letter_values_and_duplicates_match(text):
    fast = load_yaml(text, LineIndex(text))
    slow = load_yaml(text, LineIndex(text), fast=False)
    assert _fast_load(text, 0) is not None
    assert _snap(fast) == _snap(slow)
