"""Did-you-mean suggestions: ``rules.links.close_match`` answers exactly as difflib does.

The rapidfuzz prefilter may only drop candidates difflib would never pick (their Indel
similarity, an upper bound of difflib's ratio, is below the cutoff); these tests compare the two
on many generated cases, including ties, duplicates, empty strings and large pools.
"""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folio_lint import suggest as sg
from folio_lint.rules import links as rl


def _difflib(word, cands, cutoff):
    got = difflib.get_close_matches(word, list(cands), n=1, cutoff=cutoff)
    return got[0] if got else None


ALPHABETS = ["ab", "abc-", "abcdefgh/._", "smith2024deplrn"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ALPHABETS).flatmap(
    lambda al: st.tuples(st.text(al, max_size=24), st.lists(st.text(al, max_size=24), max_size=40))),
    st.sampled_from([0.6, 0.75, 0.8, 0.85]))
def test_same_answer_as_difflib(case, cutoff):
    word, cands = case
    assert sg.close_match(word, cands, cutoff) == _difflib(word, cands, cutoff)


def test_same_answer_on_bibliography_like_keys():
    rnd = random.Random(5)
    keys = [f"{rnd.choice(['smith', 'doe', 'li', 'garcia', 'nguyen'])}{rnd.randint(1990, 2026)}"
            f"{rnd.choice(['deep', 'graph', 'learning', 'quantum', 'survey', 'x'])}{rnd.choice(['', 'a', 'b'])}"
            for _ in range(400)]
    for _ in range(300):
        k = rnd.choice(keys)
        i = rnd.randrange(len(k))
        typo = rnd.choice([k[:i] + k[i + 1:], k[:i] + "z" + k[i:], k[:i] + "q" + k[i + 1:], k.upper(), k[::-1]])
        for cutoff in (0.6, 0.8, 0.85):
            assert sg.close_match(typo, keys, cutoff) == _difflib(typo, keys, cutoff)


def test_pool_order_and_container_do_not_matter():
    cands = ["about.md", "abuot.md", "aboutt.md", "cv.md", "teaching.md"] * 3
    want = _difflib("abot.md", cands, 0.75)
    assert want is not None
    assert sg.close_match("abot.md", set(cands), 0.75) == want
    assert sg.close_match("abot.md", list(reversed(cands)), 0.75) == want
    assert sg.close_match("abot.md", {c: 1 for c in cands}, 0.75) == want  # a dict's keys (bibliography keys)


def test_without_rapidfuzz_same_answer(monkeypatch):
    monkeypatch.setattr(sg, "_RAPIDFUZZ", [None])
    cands = [f"assets/img/photo{i}.jpg" for i in range(50)]
    assert sg.close_match("assets/img/phot12.jpg", cands, 0.8) == _difflib("assets/img/phot12.jpg", cands, 0.8)


def test_rapidfuzz_prefilters_big_pools(monkeypatch):
    rf = sg._rapidfuzz()
    if rf is None:
        pytest.skip("rapidfuzz is not installed")
    fuzz, process = rf
    seen = []

    class Spy:
        @staticmethod
        def extract(*a, **kw):
            got = process.extract(*a, **kw)
            seen.append(len(got))
            return got

    monkeypatch.setattr(sg, "_RAPIDFUZZ", [(fuzz, Spy)])
    cands = [f"key{i:04d}" for i in range(300)]
    assert sg.close_match("key0123x", cands, 0.8) == _difflib("key0123x", cands, 0.8) == "key0123"
    assert seen and seen[0] < 300  # difflib saw only the few that can reach the cutoff


# ---------------------------------------------------------------------- cite arguments
import re  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab1:_-.") + [" ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "é"]), max_size=30),
       st.integers(0, 500))
def test_cite_args_without_options_quotes_or_liquid_are_all_keys(args, start):
    keys, file, dynamic = rl.parse_cite_args(args, start)
    if re.search(r"(?<!\S)-", args):
        return  # options: the general path
    assert keys == [(m.group(0), start + m.start()) for m in re.finditer(r"\S+", args)]
    assert file is None and dynamic is False


def test_cite_args_general_path():
    assert rl.parse_cite_args(" a --file talks b ", 10) == ([("a", 11), ("b", 26)], "talks", False)
    assert rl.parse_cite_args(" a -L 12 'q' {{ x }}", 0) == ([("a", 1), ("x", 16)], None, True)
    assert rl.parse_cite_args(" -f {{ page.bib }} k", 0) == ([("page.bib", 7), ("k", 19)], None, True)
    assert rl.parse_cite_args(" smith-2020 doe_2021:x ", 3) == ([("smith-2020", 4), ("doe_2021:x", 15)], None, False)
