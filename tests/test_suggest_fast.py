"""Did-you-mean's distance is rapidfuzz's OSA: the same numbers as the pure-Python reference."""

from __future__ import annotations

import random

import pytest

from folio_lint import suggest


def test_osa_matches_python_reference():
    if suggest._rapidfuzz_osa() is None:
        pytest.skip("rapidfuzz is not installed: the pure-Python distance is the one in use")
    rng = random.Random(7)
    alphabet = "abcab_-XéİK😀"
    for _ in range(5000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        limit = rng.choice([None, 0, 1, 2, 3])
        want = suggest._osa_python(a, b, limit)
        got = suggest.osa_distance(a, b, limit)
        if limit is None:
            assert got == want, (a, b)
        else:  # above the limit only "more than limit" matters
            assert min(got, limit + 1) == min(want, limit + 1), (a, b, limit)
    assert suggest.osa_distance("ca", "abc") == 3  # OSA, not unrestricted Damerau-Levenshtein (2)
    assert suggest.osa_distance("image_cicular", "image_circular") == 1
    assert suggest.osa_distance("nav_ordre", "nav_order") == 1


def test_suggestions_unchanged(monkeypatch):
    names = ["image_circular", "permalink", "description", "giscus_comments", "nav_order", "more_info", "tags"]
    typos = ["image_cicular", "permlink", "decription", "giscus_coments", "nav_ordr", "Nav-Order", "navorder",
             "tag", "x", "", "moreinfo", "images_circular"]
    fast = [suggest.suggest(t, names) for t in typos]
    suggest._suggest_cached.cache_clear()
    monkeypatch.setattr(suggest, "_OSA", None)
    slow = [suggest.suggest(t, names) for t in typos]
    suggest._suggest_cached.cache_clear()
    assert fast == slow
    assert fast[0] == ["image_circular"] and fast[1] == ["permalink"] and fast[5] == ["nav_order"]


def test_rapidfuzz_is_imported_only_when_a_distance_is_asked():
    import subprocess
    import sys

    code = ("import sys; from folio_lint import suggest; a = 'rapidfuzz' in sys.modules; "
            "suggest.osa_distance('ab', 'ba'); print(a, 'rapidfuzz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False" and out[1] == "True"
