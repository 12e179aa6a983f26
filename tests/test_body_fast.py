"""The fast body scan (regex-driven indented code, one search per token kind) gives exactly the
regions, tags and outputs of the straightforward line-by-line scan kept in ``body_reference.py``:
on random bodies built from the lines that change kramdown's reading (indentation by spaces and
tabs, blank and whitespace-only lines, list items, HTML and Liquid lines, fences, CRLF), on
scans that start or stop in the middle of a line, and on the example sites."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from folio_lint.body import scan_body

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_reference as ref  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

PIECES = [
    "    code", "\tcode", "  \tx", " \t", "", "   ", "    ", "     deep", "    \u00a0", "\u00a0x", "  \f x", "\x0b",
    "- item", "* item", "+ x", "-x", "1. item", "12) x", "text", "text more", "#  h", "\r",
    "<div>", "  <div>", "</div>", "{% if a %}", "{%- include a.liquid -%}", "{{ x }}", "{{ a }}`{% b %}`",
    "```", "~~~~", "```py", "````", "``` x`y", "      ```", "   ~~~",
    "`code`", "``a ` b``", "a `` b", "x ``` y", "`", "``", "<div>`x`</div>",
    "<!-- c -->", "<!--", "-->", "<!---->", "{% raw %}", "{% RAW %}", "{% endraw %}", "{%- endraw -%}",
    "{% comment %}", "{%comment%}", "{% endcomment %}", "{% highlight py %}", "{% endhighlight %}",
    "{% highlight %}x{% endhighlight %}", "<pre>", "<PRE class='x'>", "</pre>", "</pre >", "<code>", "<code>x</code>",
    "</CODE>", "<script>", "</script>", "<style>", "</style>", "[a](/b)", "<a href='/x'>",
]


def canon(s):
    return (
        [(r.start, r.end, r.kind, r.info) for r in s.code],
        [(r.start, r.end, r.kind, r.info) for r in s.comments],
        [(t.start, t.end, t.name, t.args, t.args_start) for t in s.tags],
        [(o.start, o.end, o.expr, o.expr_start) for o in s.outputs],
    )


def random_body(rng: random.Random) -> str:
    lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 25))]
    sep = rng.choice(["\n", "\n", "\r\n"])
    return sep.join(lines) + (sep if rng.random() < 0.5 else "")


@pytest.mark.parametrize("seed", range(4))
def test_random_bodies_scan_like_the_reference(seed):
    rng = random.Random(seed)
    for _ in range(1500):
        text = random_body(rng)
        start = rng.choice([0, 0, 0, rng.randint(0, len(text))])  # sometimes mid-line
        end = rng.choice([None, None, None, rng.randint(start, len(text))])
        assert canon(scan_body(text, start, end)) == canon(ref.scan_body(text, start, end)), (text, start, end)


INDENT_PIECES = ["    a", "\tb", "  \tc", "    ", " \t", "", " ", "x", "- i", "<d>", "{% x %}", "```", "~~~", "     e",
                 "    \r", "\r", "1. z"]


def test_random_indentation_scans_like_the_reference():
    rng = random.Random(7)
    for _ in range(6000):
        text = rng.choice(["\n", "\r\n"]).join(rng.choice(INDENT_PIECES) for _ in range(rng.randint(0, 14)))
        start = rng.choice([0, rng.randint(0, len(text))])
        end = rng.choice([None, rng.randint(start, len(text))])
        assert canon(scan_body(text, start, end)) == canon(ref.scan_body(text, start, end)), (text, start, end)


def test_indented_code_cases():
    cases = {
        "text\n\n    code\n    more\n\nafter\n": [(6, 23)],
        "text\n    not code (paragraph continuation)\n": [],
        "- item\n\n    item content\n": [],
        "<div>\n\n    inside html\n</div>\n": [],
        "```\nx\n```\n    code after a fence\n": [(10, 32)],
        "\tone\n\n\n\ttwo\ntext\n": [(0, 11)],
        "  \tthree columns and a tab\r\n": [(0, 26)],
    }
    for text, want in cases.items():
        got = [(r.start, r.end) for r in scan_body(text).code if r.kind == "indented"]
        assert got == want, text
        assert canon(scan_body(text)) == canon(ref.scan_body(text))


def test_example_pages_scan_like_the_reference():
    pages = [p for p in (REPO / "examples").rglob("*") if p.suffix in (".md", ".html", ".markdown") and p.is_file()]
    assert pages
    for p in pages:
        text = p.read_text(encoding="utf-8", errors="replace")
        assert canon(scan_body(text)) == canon(ref.scan_body(text)), p
