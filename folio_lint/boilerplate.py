"""The al-folio boilerplate catalogue (``folio_lint/data/boilerplate.yml``) compiled into one matcher.

Matching happens in two steps so that the common case (a page with no template text) costs one
pass of C code over the page:

1. **Anchors.** Every phrase fingerprint has a few short, distinctive anchors (``biography``,
   ``555``, ``denim``…). All anchors of all fingerprints are compiled into one Aho–Corasick
   automaton (``ahocorasick_rs``; a single alternation regex when it is not installed) and run
   over the lower-cased text. Measured on the 10k-page generated site (25 MB of Markdown):
   0.25 s with ``ahocorasick_rs`` (Rust), 0.84 s with ``pyahocorasick``, 1.1 s testing each
   anchor with ``in``, 3 s with one alternation regex. A page without an anchor is done.
2. **Normalised phrases.** In the regions of a candidate page (a front-matter value, a YAML
   comment block, an HTML or Liquid comment, a visible paragraph), words are extracted with
   their offsets: lower case, HTML tags dropped, punctuation and whitespace ignored. A phrase
   matches when its words appear in order; the hit maps back to exact file offsets. A template
   *paragraph* also matches fuzzily (word-trigram containment), so a user who edits one word of
   "Write your biography here…" and keeps the rest is still found.

Everything here is pure: no I/O except reading the packaged catalogue once.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

try:  # measured: 0.25 s for 25 MB (Rust automaton), vs 0.84 s pyahocorasick, 1.1 s `in` per anchor, 3 s one regex
    import ahocorasick_rs as _ahocorasick
except ImportError:  # pragma: no cover - the dependency is declared; this keeps a broken install working
    _ahocorasick = None

CATALOGUE_NAME = "boilerplate.yml"
PHRASE_CODES = ("FL501", "FL503", "FL508")
COMMENT_CODE = "FL502"

# words: runs of letters/digits; HTML tags are skipped entirely
_TOKEN = re.compile(r"<[^<>\n]{0,200}>|[^\W_]+")
_PARA_BREAK = re.compile(r"\r?\n[ \t]*(?:\r?\n|$)")
FUZZY_MIN = 0.5  # share of a template paragraph's word trigrams a user paragraph must hold
FUZZY_PURE = 0.8  # a comment paragraph this close to a template paragraph is pure template text


# ---------------------------------------------------------------------- normalisation
def words(text: str, start: int = 0, end: int | None = None) -> tuple[list[str], list[int], list[int]]:
    """Lower-cased words of ``text[start:end]`` with their start and end offsets in ``text``."""
    end = len(text) if end is None else end
    ws: list[str] = []
    ss: list[int] = []
    es: list[int] = []
    for m in _TOKEN.finditer(text, start, end):
        g = m.group(0)
        if g[0] == "<" and g[-1] == ">" and len(g) > 1:
            continue
        ws.append(g.lower())
        ss.append(m.start())
        es.append(m.end())
    return ws, ss, es


def normalize(text: str) -> str:
    """The normalised form used for all comparisons: words joined by single spaces."""
    return " ".join([w for w in _TOKEN.findall(str(text).lower()) if w[0] != "<"])


def trigrams(ws: list[str]) -> set[tuple[str, str, str]]:
    if len(ws) < 3:
        return {tuple(ws + ["", "", ""])[:3]} if ws else set()
    return {(ws[i], ws[i + 1], ws[i + 2]) for i in range(len(ws) - 2)}


# ---------------------------------------------------------------------- catalogue
@dataclass(frozen=True)
class HashEntry:
    sha256: str | None
    size: int | None
    git_blob_sha1: str | None
    name: str | None = None  # relative to the fingerprint's folder path
    since: str | None = None


@dataclass(frozen=True)
class Fingerprint:
    id: str
    code: str
    match: str  # phrase, fm-value, config-value, data-value, bib-keys, file
    severity: str
    message: str
    hint: str
    template: str = ""
    since: str | None = None
    until: str | None = None
    versions: str | None = None
    phrases: tuple[str, ...] = ()  # as written in the catalogue
    norm_phrases: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    para_grams: tuple[frozenset, ...] = ()
    anchors: tuple[str, ...] = ()
    scopes: frozenset = frozenset({"body", "front-matter", "comment"})
    keys: tuple[str, ...] = ()  # front-matter key patterns a phrase is looked for in (empty: any)
    paths: tuple[str, ...] = ()  # file globs (empty: any)
    key: str | None = None
    equals: frozenset = frozenset()  # normalised
    equals_raw: tuple[str, ...] = ()  # as written in the catalogue (for docs)
    contains: tuple[str, ...] = ()
    with_: tuple[tuple[str, frozenset], ...] = ()
    file: str | None = None
    keys_list: tuple[str, ...] = ()  # bib keys
    markers: tuple[str, ...] = ()
    min_keys: int = 1
    path: str | None = None  # file fingerprints: a file path, or a folder ending in "/"
    hashes: tuple[HashEntry, ...] = ()
    refs: tuple[str, ...] = ()

    @property
    def shown_text(self) -> str:
        """The template text this fingerprint stands for (for messages and rule docs)."""
        if self.phrases:
            return self.phrases[0]
        if self.equals:
            return sorted(self.equals)[0]
        if self.contains:
            return self.contains[0]
        if self.keys_list:
            return ", ".join(self.keys_list[:3]) + ("…" if len(self.keys_list) > 3 else "")
        return self.path or self.id

    def applies_to(self, path: str) -> bool:
        return not self.paths or any(fnmatch.fnmatchcase(path, g) for g in self.paths)


def _tuple(v) -> tuple:
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(v)
    return (v,)


def _norm_set(v) -> frozenset:
    return frozenset(normalize(x) for x in _tuple(v))


def _anchor_for(phrase: str) -> str:
    ws = words(phrase)[0]
    return max(ws, key=len) if ws else phrase.lower()


def make_fingerprint(e: dict) -> Fingerprint:
    phrases = tuple(str(p) for p in _tuple(e.get("phrases")))
    paragraphs = tuple(str(p) for p in _tuple(e.get("paragraphs")))
    anchors = tuple(str(a).lower() for a in _tuple(e.get("anchors")))
    # every phrase and paragraph holds one of its anchors (a region without one cannot match)
    extra = [_anchor_for(p) for p in phrases + paragraphs if not any(a in p.lower() for a in anchors)]
    if e["match"] == "fm-value" and not anchors:  # the value as written, lower-cased
        extra += [str(v).lower().strip() for v in _tuple(e.get("equals")) if str(v).strip()]
    anchors = tuple(dict.fromkeys(anchors + tuple(extra)))
    with_ = tuple((str(k), _norm_set(v)) for k, v in (e.get("with") or {}).items())
    hashes = tuple(
        HashEntry(h.get("sha256"), h.get("size"), h.get("git_blob_sha1"), h.get("name"), h.get("since"))
        for h in _tuple(e.get("hashes"))
    )
    return Fingerprint(
        id=e["id"], code=e["code"], match=e["match"], severity=e.get("severity", "warning"),
        message=e["message"], hint=e.get("hint", ""), template=e.get("template", ""),
        since=e.get("since"), until=e.get("until"), versions=e.get("versions"),
        phrases=phrases, norm_phrases=tuple(normalize(p) for p in phrases),
        paragraphs=paragraphs, para_grams=tuple(frozenset(trigrams(words(p)[0])) for p in paragraphs),
        anchors=anchors,
        scopes=frozenset(_tuple(e.get("in"))) or frozenset({"body", "front-matter", "comment"}),
        keys=tuple(str(k) for k in _tuple(e.get("keys"))) if e["match"] != "bib-keys" else (), paths=tuple(str(p) for p in _tuple(e.get("paths"))),
        key=e.get("key"), equals=_norm_set(e.get("equals")), equals_raw=tuple(str(v) for v in _tuple(e.get("equals"))),
        contains=tuple(normalize(c) for c in _tuple(e.get("contains"))), with_=with_,
        file=e.get("file"), keys_list=tuple(str(k) for k in _tuple(e.get("keys") if e["match"] == "bib-keys" else ())),
        markers=tuple(str(m) for m in _tuple(e.get("markers"))), min_keys=int(e.get("min_keys", 1)),
        path=e.get("path"), hashes=hashes, refs=tuple(str(r) for r in _tuple(e.get("refs"))),
    )


class AnchorMatcher:
    """All anchors in one automaton (``ahocorasick_rs``): which fingerprints may match somewhere in a text."""

    def __init__(self, anchors: dict[str, set[int]]):
        self.anchors = anchors
        self._auto = None
        self._rx = None
        if not anchors:
            return
        self._words = list(anchors)
        self._ids = [frozenset(anchors[w]) for w in self._words]
        self.anchors = {w: frozenset(v) for w, v in anchors.items()}
        if _ahocorasick is not None:
            self._auto = _ahocorasick.AhoCorasick(self._words)
        else:
            alts = sorted(anchors, key=len, reverse=True)
            self._rx = re.compile("|".join(re.escape(w) for w in alts))

    def candidates(self, lowered: str, before: int | None = None, split: int | None = None) -> set[int]:
        """Indexes of fingerprints with an anchor in ``lowered`` (already lower-cased).

        Ids from ``split`` on (the front-matter value fingerprints) count only for anchors that
        start before ``before`` (the end of the front matter).
        """
        out: set[int] = set()
        if self._auto is not None:
            found = ((self._ids[i], s) for i, s, _e in self._auto.find_matches_as_indexes(lowered, overlapping=True))
        elif self._rx is not None:
            found = []
            pos = 0  # overlapping anchors: after a hit, look again one character further
            while True:
                m = self._rx.search(lowered, pos)
                if m is None:
                    break
                found.append((self.anchors[m.group(0)], m.start()))
                pos = m.start() + 1
        else:
            return out
        for ids, s in found:
            if split is not None and before is not None and s >= before:
                out |= {i for i in ids if i < split}
            else:
                out |= ids
        return out


@dataclass
class Catalogue:
    version: int
    updated: str
    template: str
    fingerprints: tuple[Fingerprint, ...]
    by_id: dict[str, Fingerprint] = field(default_factory=dict)
    phrase_fps: tuple[Fingerprint, ...] = ()
    value_fps: tuple[Fingerprint, ...] = ()  # front-matter values; matcher ids len(phrase_fps) + i
    matcher: AnchorMatcher | None = None

    def of(self, match: str) -> list[Fingerprint]:
        return [f for f in self.fingerprints if f.match == match]

    def of_code(self, code: str) -> list[Fingerprint]:
        return [f for f in self.fingerprints if f.code == code]


def build_catalogue(raw: dict) -> Catalogue:
    fps = tuple(make_fingerprint(e) for e in raw.get("fingerprints") or ())
    cat = Catalogue(int(raw.get("version", 0)), str(raw.get("updated", "")), str(raw.get("template", "")), fps)
    cat.by_id = {f.id: f for f in fps}
    cat.phrase_fps = tuple(f for f in fps if f.match == "phrase")
    cat.value_fps = tuple(f for f in fps if f.match == "fm-value")
    anchors: dict[str, set[int]] = {}
    for i, f in enumerate(cat.phrase_fps + cat.value_fps):
        for a in f.anchors:
            anchors.setdefault(a, set()).add(i)
    cat.matcher = AnchorMatcher(anchors)
    return cat


def catalogue_data() -> dict:
    """The catalogue file as plain data."""
    from .resources import data_text
    from .yamlload import load_plain

    data = load_plain(data_text(CATALOGUE_NAME))
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return build_catalogue(catalogue_data())


# ---------------------------------------------------------------------- phrase matching in regions
@dataclass(frozen=True, slots=True)
class Hit:
    fp: Fingerprint
    start: int  # file offsets of the matched words
    end: int
    how: str  # "phrase" or "paragraph"
    text: str  # the catalogue phrase (or the start of the paragraph) that matched
    covered: int  # number of region words covered
    score: float = 1.0


@dataclass
class RegionMatch:
    """The hits in one region (a front-matter value, a comment, a visible paragraph)."""

    start: int
    end: int
    kind: str  # "front-matter", "yaml-comment", "html-comment", "liquid-comment", "body"
    hits: list[Hit]
    n_words: int
    covered: int  # region words inside some hit
    key: tuple | None = None

    @property
    def pure(self) -> bool:
        return self.n_words > 0 and self.covered >= 0.9 * self.n_words


def _key_matches(pattern: str, path: tuple) -> bool:
    """``profile.more_info`` / ``profiles.*.more_info`` / ``**`` against a node path (trailing list indexes ignored)."""
    if pattern == "**":
        return True
    p = list(path)
    while p and isinstance(p[-1], int):
        p.pop()
    segs = pattern.split(".")
    if len(segs) != len(p):
        return False
    return all(s == "*" or s == str(x) for s, x in zip(segs, p))


def key_matches(pattern: str, path: tuple) -> bool:
    if pattern.endswith(".*") and path and isinstance(path[-1], int):
        return _key_matches(pattern[:-2], path)
    return _key_matches(pattern, path)


def match_words(ws: list[str], ss: list[int], es: list[int], fps: Iterable[Fingerprint]) -> list[Hit]:
    """Exact (normalised) phrase hits and fuzzy paragraph hits of ``fps`` in one word list."""
    if not ws:
        return []
    joined = " " + " ".join(ws) + " "
    # char position in `joined` -> word index
    starts = []
    pos = 1
    for w in ws:
        starts.append(pos)
        pos += len(w) + 1
    hits: list[Hit] = []
    grams = None
    for fp in fps:
        for raw, ph in zip(fp.phrases, fp.norm_phrases):
            if not ph:
                continue
            needle = " " + ph + " "
            i = joined.find(needle)
            while i >= 0:
                wi = bisect.bisect_left(starts, i + 1)
                wj = wi + ph.count(" ")
                hits.append(Hit(fp, ss[wi], es[wj], "phrase", raw, wj - wi + 1))
                i = joined.find(needle, i + 1)
        if fp.para_grams and len(ws) >= 6:
            if grams is None:
                grams = trigrams(ws)
            for raw, pg in zip(fp.paragraphs, fp.para_grams):
                if not pg:
                    continue
                common = len(pg & grams)
                contain = common / len(pg)
                own = common / max(1, len(grams))
                if contain >= FUZZY_MIN and own >= FUZZY_MIN:
                    covered = len(ws) if own >= FUZZY_PURE else int(own * len(ws))
                    hits.append(Hit(fp, ss[0], es[-1], "paragraph", raw[:60], covered, round(contain, 2)))
    return hits


def _covered(hits: list[Hit], ss: list[int]) -> int:
    """Words of the region inside at least one hit."""
    if not hits:
        return 0
    best_para = max((h.covered for h in hits if h.how == "paragraph"), default=0)
    marks = [False] * len(ss)
    for h in hits:
        if h.how != "phrase":
            continue
        i = bisect.bisect_left(ss, h.start)
        for k in range(i, min(len(ss), i + h.covered)):
            marks[k] = True
    return max(best_para, sum(marks))


def match_region(text: str, start: int, end: int, fps: list[Fingerprint], kind: str,
                 key: tuple | None = None, split_paragraphs: bool = False) -> list[RegionMatch]:
    """Region matches in ``text[start:end]``; with ``split_paragraphs`` one per blank-line paragraph."""
    out: list[RegionMatch] = []
    spans = list(paragraph_spans(text, start, end)) if split_paragraphs else [(start, end)]
    for s, e in spans:
        ws, ss, es = words(text, s, e)
        hits = match_words(ws, ss, es, fps)
        if hits:
            hits.sort(key=lambda h: (h.start, -h.end))
            out.append(RegionMatch(s, e, kind, hits, len(ws), _covered(hits, ss), key))
    return out


def paragraph_spans(text: str, start: int, end: int):
    """(start, end) of the non-blank paragraphs of ``text[start:end]``."""
    pos = start
    for m in _PARA_BREAK.finditer(text, start, end):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if pos < end and text[pos:end].strip():
        yield pos, end


# ---------------------------------------------------------------------- value fingerprints
def scalar_items(nodes: dict, data: Any = None) -> Iterable[tuple[tuple, Any]]:
    """(path, scalar text) of every scalar node."""
    for path, n in nodes.items():
        if n.kind == "scalar" and path:
            yield path, n.raw if n.raw is not None else ""


def value_matches(fp: Fingerprint, value: Any) -> bool:
    if value is None or isinstance(value, (dict, list)):
        return False
    v = normalize(value)
    if not v:
        return False
    if fp.equals and v in fp.equals:
        return True
    return any(c and (" " + c + " ") in (" " + v + " ") for c in fp.contains)


def with_holds(fp: Fingerprint, items: list[tuple[tuple, Any]]) -> bool:
    for pattern, wanted in fp.with_:
        if not any(key_matches(pattern, p) and normalize(v) in wanted for p, v in items):
            return False
    return True


def value_hits(fp: Fingerprint, items: list[tuple[tuple, Any]]) -> list[tuple]:
    """Paths whose value matches ``fp`` (``key``, ``equals``/``contains``, ``with``)."""
    if fp.key is None:
        return []
    found = [p for p, v in items if key_matches(fp.key, p) and value_matches(fp, v)]
    if found and fp.with_ and not with_holds(fp, items):
        return []
    return found


def node_value_hits(fp: Fingerprint, nodes: dict, extra: dict | None = None) -> list[tuple]:
    """:func:`value_hits` by direct lookup when ``fp.key`` (and its ``with`` keys) have no wildcard."""
    if fp.key is None:
        return []
    if "*" in fp.key or any("*" in k for k, _ in fp.with_):
        return value_hits(fp, list(scalar_items(nodes)) + [((k,), v) for k, v in (extra or {}).items()])

    def values(pattern: str):
        path = tuple(pattern.split("."))
        n = nodes.get(path)
        if n is not None:
            if n.kind == "scalar":
                yield path, n.raw
            elif n.kind == "sequence":
                i = 0
                while (path + (i,)) in nodes:
                    m = nodes[path + (i,)]
                    if m.kind == "scalar":
                        yield path + (i,), m.raw
                    i += 1
        elif extra and len(path) == 1 and path[0] in extra:
            yield path, extra[path[0]]

    found = [p for p, v in values(fp.key) if p in nodes and value_matches(fp, v)]
    if not found:
        return []
    for pattern, wanted in fp.with_:
        if not any(normalize(v) in wanted for _, v in values(pattern) if v is not None):
            return []
    return found


# ---------------------------------------------------------------------- BibTeX
_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")


def bib_entries(text: str) -> list[tuple[str, int, int, int]]:
    """(key, key_start, key_end, entry_end) of each entry (``@string``/``@comment``/``@preamble`` skipped)."""
    out = []
    ms = [m for m in _BIB_ENTRY.finditer(text) if m.group(1).lower() not in ("string", "comment", "preamble")]
    for i, m in enumerate(ms):
        nxt = ms[i + 1].start() if i + 1 < len(ms) else len(text)
        out.append((m.group(2), m.start(2), m.end(2), nxt))
    return out


# ---------------------------------------------------------------------- files
def file_candidates(cat: Catalogue) -> dict[str, list[tuple[Fingerprint, HashEntry]]]:
    """Base name → (fingerprint, hash entry) for every stock file."""
    out: dict[str, list[tuple[Fingerprint, HashEntry]]] = {}
    for fp in cat.of("file"):
        for h in fp.hashes:
            name = (h.name or "").split("/")[-1] if h.name else (fp.path or "").rstrip("/").split("/")[-1]
            if name:
                out.setdefault(name, []).append((fp, h))
    return out


def git_blob_sha1(data: bytes) -> str:
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
