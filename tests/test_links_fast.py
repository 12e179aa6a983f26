"""The fast link extraction gives exactly the links of the reference implementation kept in
``links_reference.py`` (as it was before the fast paths), and the indexed did-you-mean look-up
gives the same suggestion as the scan over every candidate."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from folio_lint.body import scan_body
from folio_lint.engine import RuleContext
from folio_lint.links import extract_body_links
from folio_lint.rules.links import _near

sys.path.insert(0, str(Path(__file__).resolve().parent))
import links_reference as ref  # noqa: E402

PIECES = [
    "[a](/b)", '![i](/img.png "t")', "[x]: /ref", "[x]", "[y][x]", "[x][]", "<https://e.org>", "<a href='/x'>", '<A HREF="/y#f">',
    '<img src="{{ \'/p.png\' | relative_url }}" srcset="a.png 1x, b.png 2x">', "<video poster='/p.jpg'>", "<img data-src=/z>",
    '<div class="row">', '{% include figure.liquid path="assets/img/1.jpg" %}', "{% include video.liquid path='v.mp4' %}",
    "{% include figure.html path=img %}", "{% include sub/image.liquid url=\"/a b.png#x\" %}", "{% link _pages/a.md %}",
    "[l]({% link _pages/a.md %})", "[p]({% post_url 2020-01-01-x %})", "[s]({{ site.baseurl }}/x/)",
    "[s]({{ site.baseurl }}{% link a.md %})", "[u]({{ site.url }}{{ site.baseurl }}/u/?q=1)", "{% include_relative b.md %}",
    "`[c](/code)`", "<!-- [h](/x) -->", "text", "", "    [ind](/code)", "[q](<a b>)", "[nested [b]](/n)", "\\[e](/f)",
    "(paren)", "[u](/a(b)c)", "mailto:x", "<SRC>", '<source srcset="x.webp">', "<a title='src' href=/q>",
    "{{ '/x' | absolute_url }}", "[r](#frag)", "[t](https://x.org/a)", "[m](mailto:a@b.c)", "[e](/caf%C3%A9/&amp;)",
    "[v]({{ page.x }})", "[w]({{ '/w' | prepend: site.baseurl }})",
]


def canon(links):
    return [(l.start, l.end, l.raw, l.form, l.kind, l.target, l.fragment, l.image, l.doubled, l.base) for l in links]


@pytest.mark.parametrize("seed", range(3))
def test_random_bodies_give_the_reference_links(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        text = rng.choice(["\n", " ", "\n\n", "\r\n"]).join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        scan = scan_body(text)
        assert canon(extract_body_links(text, scan)) == canon(ref.extract_body_links(text, scan)), text


def test_indexed_near_matches_the_full_scan():
    rng = random.Random(3)
    letters = "abcde/._-"
    for _ in range(300):
        ctx = RuleContext(site=None, settings=None)
        cands = ["assets/img/" + "".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(rng.randint(0, 40))]
        for _ in range(10):
            word = "assets/img/" + "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
            for cutoff in (0.6, 0.8):
                assert _near(word, cands, cutoff, head=14, tail=5, ctx=ctx, key=("k",)) == _near(word, cands, cutoff, head=14, tail=5)
