"""Did-you-mean: nearest known names by edit distance (optimal string alignment, i.e. Damerau–Levenshtein
with adjacent transpositions, no substring edited twice).

The threshold follows Quarto's YAML validator: a name is suggested only when its distance is small
relative to the length of what the user wrote (here at most 30 %, and at least 1 edit for names of
four or more characters). Case, ``-`` versus ``_`` and other separator differences cost nothing:
``Nav_Order``, ``nav-order`` and ``navorder`` all suggest ``nav_order``. Candidates are ranked by
distance, then by how common the key is (a weight the caller gives), then alphabetically.

The distance is rapidfuzz's OSA (C++; the pure-Python one is kept as a fallback and as the
reference in tests): a page or `_config.yml` with thousands of unknown keys asks for thousands of
suggestions over a few hundred names each.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping


_OSA = False  # rapidfuzz's OSA, imported on the first distance asked (~9 ms a run that suggests nothing saves)


def _rapidfuzz_osa():
    global _OSA
    if _OSA is False:
        try:  # the same distance in C++ (a dependency already, for links): 20-50x faster on big unknown-key sets
            from rapidfuzz.distance import OSA as _OSA
        except ImportError:  # pragma: no cover - rapidfuzz is a dependency
            _OSA = None
    return _OSA


def osa_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance; returns ``limit + 1`` when it is above ``limit``."""
    osa = _OSA if _OSA is not False else _rapidfuzz_osa()
    if osa is not None:
        return osa.distance(a, b, score_cutoff=limit)
    return _osa_python(a, b, limit)


def _osa_python(a: str, b: str, limit: int | None = None) -> int:
    """:func:`osa_distance` in pure Python; stops early once above ``limit``."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if limit is not None and abs(la - lb) > limit:
        return limit + 1
    if not la:
        return lb
    if not lb:
        return la
    prev2: list[int] | None = None
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        best = cur[0]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1] and prev2 is not None:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if limit is not None and best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]


def _norm(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


def max_distance(name: str) -> int:
    """How many edits a suggestion may be away from ``name`` (Quarto-like: ~30 % of its length)."""
    n = len(name)
    if n < 4:
        return 0
    return max(1, (n * 3) // 10)


@lru_cache(maxsize=64)
def _prepared(candidates: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(name, lower-cased, normalised) of each candidate, once per candidate set (not once per unknown key)."""
    return tuple((c, c.lower(), _norm(c)) for c in candidates)


@lru_cache(maxsize=4096)
def _suggest_cached(name: str, candidates: tuple[str, ...], weights: tuple[float, ...]) -> tuple[str, ...]:
    nn = _norm(name)
    nl = name.lower()
    limit = max_distance(name)
    lnl, lnn = len(nl), len(nn)
    scored = []
    for (cand, cl, cn), w in zip(_prepared(candidates), weights):
        if cand == name:
            continue
        if nn and cn == nn:
            d = 0.5  # only case or separators differ
        elif limit == 0 and len(name) == 3 and (cand.startswith(name) or name.startswith(cand)) and abs(len(cand) - len(name)) == 1:
            d = 1  # short names: only a plural/singular difference ("tag" -> "tags")
        else:
            if abs(len(cl) - lnl) > limit and not (nn and cn and abs(len(cn) - lnn) <= limit):
                continue  # both distances below exceed the limit on length alone
            d = osa_distance(nl, cl, limit)
            if d > limit:
                # separators dropped or doubled ("navorder", "image__circular")
                d2 = osa_distance(nn, cn, limit) + 0.25 if nn and cn else limit + 1
                if d2 > limit:
                    continue
                d = d2
        scored.append((d, -w, cand))
    scored.sort()
    return tuple(c for _, _, c in scored)


def suggest(name: str, candidates: Iterable[str], weights: Mapping[str, float] | None = None, *, n: int = 3) -> list[str]:
    """Up to ``n`` known names close to ``name``, best first (empty when none is close enough)."""
    cands = tuple(sorted(set(candidates)))
    w = tuple(float((weights or {}).get(c, 0.0)) for c in cands)
    return list(_suggest_cached(name, cands, w)[:n])


def distance_to(name: str, cand: str) -> float:
    """The distance :func:`suggest` ranks by (0.5 for case/separator-only differences)."""
    if _norm(name) == _norm(cand) and name != cand:
        return 0.5
    return float(osa_distance(name.lower(), cand.lower()))


def clear_winner(name: str, suggestions: list[str]) -> bool:
    """True when the first suggestion is strictly nearer than the second (safe to rename)."""
    if not suggestions:
        return False
    if len(suggestions) == 1:
        return True
    return distance_to(name, suggestions[0]) < distance_to(name, suggestions[1])


_RAPIDFUZZ: list = []


def _rapidfuzz():
    """(fuzz, process) of rapidfuzz, imported when first needed; None when it is not installed."""
    if not _RAPIDFUZZ:
        try:
            from rapidfuzz import fuzz, process
        except ImportError:  # pragma: no cover - a dependency; difflib alone gives the same answers
            _RAPIDFUZZ.append(None)
        else:
            _RAPIDFUZZ.append((fuzz, process))
    return _RAPIDFUZZ[0]


def close_match(word: str, cands, cutoff: float) -> str | None:
    """``difflib.get_close_matches(word, cands, n=1, cutoff=cutoff)``'s answer, found faster.

    With more than a few candidates, rapidfuzz first keeps those whose Indel similarity
    (2 x longest common subsequence / total length, computed in C++) reaches the cutoff. difflib's
    ratio counts the characters of *a* common subsequence, so it is never higher: nothing difflib
    could pick is dropped, and difflib then picks among the rest with its own scores and tie-breaks
    (the answer does not depend on the candidates' order). A did-you-mean over the 300 keys of a
    bibliography costs ~50 us instead of ~1.5 ms."""
    if not isinstance(cands, list):
        cands = list(cands)
    if len(cands) > 8:
        rf = _rapidfuzz()
        if rf is not None:
            fuzz, process = rf
            cands = [c for c, _score, _i in process.extract(word, cands, scorer=fuzz.ratio, processor=None, limit=None,
                                                             score_cutoff=max(0.0, cutoff * 100 - 1e-6))]
    import difflib

    got = difflib.get_close_matches(word, cands, n=1, cutoff=cutoff) if cands else []
    return got[0] if got else None
