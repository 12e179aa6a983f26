"""The body scan and link extraction give exactly what the straightforward reference scanners
(``body_reference.py``, ``links_reference.py``) give, on every page of a generated 1,000-page site
and of the committed fixtures and examples, and on random bodies built from the pieces the fast
paths treat specially: the skipped indented-code pass (indented lines with and without a blank
line before them), the one search for "](" and "]:", the one search for autolinks and HTML tags
(an autolink inside a quoted attribute value), the media-include name regex and destinations
with or without ``&`` / ``%``."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from folio_lint.body import scan_body
from folio_lint.links import extract_body_links

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_reference as body_ref  # noqa: E402
import links_reference as links_ref  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_site.py"
PAGE_EXT = (".md", ".markdown", ".html", ".htm", ".liquid", ".txt", ".xml", ".js", ".css", ".scss")


def scan_canon(s):
    return (
        [(r.start, r.end, r.kind, r.info) for r in s.code],
        [(r.start, r.end, r.kind, r.info) for r in s.comments],
        [(t.start, t.end, t.name, t.args, t.args_start) for t in s.tags],
        [(o.start, o.end, o.expr, o.expr_start) for o in s.outputs],
    )


def links_canon(links):
    return [(l.start, l.end, l.raw, l.form, l.kind, l.target, l.fragment, l.image, l.doubled, l.base) for l in links]


def body_starts(text: str) -> set[int]:
    """0 and, for a page with front matter, where its body starts."""
    out = {0}
    if text.startswith("---"):
        i = text.find("\n---", 3)
        if i >= 0:
            j = text.find("\n", i + 4)
            out.add(len(text) if j < 0 else j + 1)
    return out


def check_text(text: str, where) -> None:
    for start in body_starts(text):
        scan = scan_body(text, start)
        assert scan_canon(scan) == scan_canon(body_ref.scan_body(text, start)), (where, start)
        assert links_canon(extract_body_links(text, scan)) == links_canon(links_ref.extract_body_links(text, scan)), (where, start)


def pages_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_EXT and ".git" not in p.parts)


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory) -> Path:
    if not GEN.is_file():
        pytest.skip(f"the site generator is not here ({GEN.name} beside the repository)")
    out = tmp_path_factory.mktemp("scan-ref") / "site"
    subprocess.run([sys.executable, str(GEN), str(out), "--pages", "1000", "--seed", "5", "--fault-rate", "0.25", "-q"],
                   check=True)
    return out


def test_generated_site_pages_scan_like_the_reference(generated_site):
    pages = pages_under(generated_site)
    assert len(pages) >= 1000
    for p in pages:
        check_text(p.read_text(encoding="utf-8", errors="replace"), p)


def test_fixture_and_example_pages_scan_like_the_reference():
    pages = pages_under(REPO / "tests" / "fixtures") + pages_under(REPO / "examples")
    assert len(pages) > 50
    for p in pages:
        check_text(p.read_text(encoding="utf-8", errors="replace"), p)


PIECES = [
    # indented lines, blank lines and what lies between them
    "    code", "\tcode", "  \tx", "   ", "    ", "", " \t ", "\u00a0", "\r", "text", "- item", "<div>", "</div>",
    "```", "~~~", "`x`", "``", "~",
    # "](" and "]:"
    "[a](/b)", "![i](/i.png)", "[a](<x y>)", "[a]", "[r]: /ref", "  [r]: <https://r.org> 'T'", "[r][]", "]:", "](",
    "[x]]: y", "\\[e](/f)", "[a\n\nb](/c)", "[a](/b \"t](u)\")", "[a]({{ x }})", "[a]({{ '/p' | relative_url }}#f)",
    "[l]({% link a.md %})", "[d]({{ site.baseurl }}{% link a.md %})", "[q](/a?b=1#c)",
    # autolinks and tags
    "<https://e.org/a>", "<HTTP://E.ORG>", "<mailto:a@b.c>", "<ftp://f>", '<a title="<https://in.tag/x>" href="/h">',
    "<d x='<mailto:m@n>'>", '<img src="/a.png" srcset="/b.png 2x, {{ \'/c.png\' | relative_url }} 3x">',
    '<video poster="/p.jpg">', "<a href=/bare>", "<A HREF='/U'>", "<div class='row'>", "<br/>", "<http x='1'>",
    '<a b="unclosed>', "<", ">", '"', "'", "<!-- <https://c.org> -->",
    # Liquid and includes
    "{% include figure.liquid path=\"assets/img/a.jpg\" title=\"t\" %}", "{% include sub/dir/video.liquid src='v.mp4' %}",
    "{% include figures.liquid path='p.jpg' %}", "{% include 'figure.liquid' path='p.jpg' %}", "{% include x.figure path='p' %}",
    "{% include figure.liquid.bak url=/u.png %}", "{% include figure.html title=\"path='no.jpg'\" path='yes.jpg' %}",
    "{% include image.liquid path={{ x }} %}", "{% include audio.liquid path=\"https://a.org/s.mp3\" %}",
    "{%- include figure.liquid path=\"a.jpg\" -%}", "{% link _pages/a.md %}", "{% post_url 2020-01-01-p %}",
    "{% raw %}", "{% endraw %}", "{% comment %}", "{% endcomment %}", "{{ a }}", "{{", "}}", "{%", "%}", "{%}",
    # destinations with entities and escapes
    "[e](/caf%C3%A9/)", "[e](/a&amp;b)", "[e](&#x2F;p)", "[b](\\img\\a.png)", "[s](//cdn.org/x)", "[h](#Top)",
    "[m](mailto:a@b)", "<a href='a&amp;b%20c'>",
]


@pytest.mark.parametrize("seed", range(4))
def test_random_bodies_scan_like_the_reference(seed):
    rng = random.Random(1000 + seed)
    for _ in range(2500):
        text = rng.choice(["\n", "\n\n", " ", "", "\r\n"]).join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        start = rng.choice([0, 0, 0, rng.randint(0, len(text))])
        end = rng.choice([None, None, rng.randint(start, len(text))])
        scan = scan_body(text, start, end)
        assert scan_canon(scan) == scan_canon(body_ref.scan_body(text, start, end)), (text, start, end)
        assert links_canon(extract_body_links(text, scan)) == links_canon(links_ref.extract_body_links(text, scan)), text
