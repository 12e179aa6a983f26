"""Oracle test for FL313 and for links inside raw HTML blocks: for each shape below, real Jekyll
(kramdown) decides whether the marker `[mk](/mk/)` becomes a link or stays literal text, and
folio-lint must agree whenever it calls the marker literal (when it is not sure, it keeps
treating the marker as a link, which is the old behaviour; the shapes it is expected to be
sure about are marked).

Needs the `jekyll` executable (Debian: `apt-get install -y --no-install-recommends jekyll`);
skipped with a reason when it is absent.
"""

from __future__ import annotations

import re

import pytest

from conftest import JEKYLL, jekyll_build, write_site
from folio_lint.body import scan_body
from folio_lint.links import extract_body_links, kramdown_raw_html, literal_markdown_links


# (body with the marker [mk](/mk/), folio-lint is expected to decide it)
SHAPES = [
    ("intro\n\n<div>\n[mk](/mk/)\n</div>\n\nafter\n", True),
    ("intro\n<div>\n[mk](/mk/)\n</div>\n", True),
    ('<div markdown="1">\n[mk](/mk/)\n</div>\n', True),
    ("<div>[mk](/mk/)</div>\n", True),
    ("<span>[mk](/mk/)</span>\n", True),
    ("<div>\n\n[mk](/mk/)\n\n</div>\n", True),
    ("<div>\n<p>unclosed\n</div>\n\n[mk](/mk/)\n", False),
    ("- item\n<div>\n[mk](/mk/)\n</div>\n", True),
    ("- item\n\n<div>\n[mk](/mk/)\n</div>\n", True),
    ("  <div>\n[mk](/mk/)\n</div>\n", False),
    ('<div>\n<div markdown="1">\n[mk](/mk/)\n</div>\n</div>\n', False),
    ('<div>\n{% include fig.liquid %}\n<a href="/z/">z</a> [mk](/mk/)\n</div>\n', True),
    ("<details>\n<summary>s</summary>\n[mk](/mk/)\n</details>\n", True),
    ("<p>text [mk](/mk/)</p>\n", True),
    ('<div class="x">\n  <div>\n  </div>\n  [mk](/mk/)\n</div>\n', True),
    ("<div>\n[mk](/mk/)\n", False),
    ("> <div>\n> [mk](/mk/)\n> </div>\n", False),
    ("<DIV>\n[mk](/mk/)\n</DIV>\n", True),
    ("<div><br>\n[mk](/mk/)\n</div>\n", True),
    ("<table>\n<tr><td>[mk](/mk/)</td></tr>\n</table>\n", True),
    ('para\n\n<div\n  class="x">\n[mk](/mk/)\n</div>\n', True),
    ("<div>\n<!-- </div> -->\n[mk](/mk/)\n</div>\n", True),
    ("<my-el>\n[mk](/mk/)\n</my-el>\n", True),
    ("<div>\n<p>\n[x](/x/)\n</p>\n</div>\n[mk](/mk/)\n", True),
    ("<div>\n</div>\n[mk](/mk/)\n", True),
    ("<div></div> [mk](/mk/)\n", True),
    ("<hr>\n[mk](/mk/)\n", True),
    ('<img src="/i.png">\n[mk](/mk/)\n', True),
    ("<div class=a-b>\n[mk](/mk/)\n</div>\n", True),
    ("<div>\n{% comment %}</div>{% endcomment %}\n[mk](/mk/)\n</div>\n", True),
    ("<div>\n`</div>`\n[mk](/mk/)\n</div>\n", True),
    ("<Div>\n[mk](/mk/)\n</div>\n", True),
    ("<my-el>\n[x](/x/)\n</MY-EL>\n[mk](/mk/)\n", False),
    ('<div>\n<script>var a="</div>";</script>\n[mk](/mk/)\n</div>\n', True),
    ("<div/>\n[mk](/mk/)\n", True),
    ("- item\ntext\n<div>\n[mk](/mk/)\n</div>\n", True),
    ("<div>\n{% highlight html %}\n</div>\n{% endhighlight %}\n[mk](/mk/)\n</div>\n", True),
    ("<div class=\"{{ site.title }}\" id='q'>\n[mk](/mk/)\n</div>\n", True),
    ("<div>\n<https://mk.example/>\n</div>\n", True),
    ("<center>\n![mk](/mk/)\n</center>\n", True),
]
FM = "---\nlayout: none\n---\n"


def _rendered_as_link(html_text: str) -> bool:
    return bool(re.search(r"""<a href="(?:/mk/|https://mk\.example/)"|<img src="/mk/\"""", html_text))


def _folio_literal(body: str) -> bool:
    text = FM + body
    scan = scan_body(text, len(FM))
    links = extract_body_links(text, scan)
    marks = [l for l in links if l.target in ("/mk/", "https://mk.example/")]
    assert len(marks) == 1, (body, [l.raw for l in links])
    return any(l is marks[0] for l, _s, _n in literal_markdown_links(text, scan, links))


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed (apt-get install jekyll)")
@pytest.mark.parametrize("parse_block_html", [False, True])
def test_literal_markdown_matches_jekyll(tmp_path, parse_block_html):
    cfg = "title: t\nmarkdown: kramdown\nkramdown:\n  input: GFM\n" + ("  parse_block_html: true\n" if parse_block_html else "")
    files = {"_config.yml": cfg, "_includes/fig.liquid": '<figure><img src="/i.png"></figure>\n'}
    for i, (body, _sure) in enumerate(SHAPES):
        files[f"s{i:02d}.md"] = FM + body
    dest = jekyll_build(write_site(tmp_path, files))
    raw_config = kramdown_raw_html({"markdown": "kramdown", "kramdown": {"input": "GFM", "parse_block_html": parse_block_html}})
    assert raw_config is (not parse_block_html)
    for i, (body, sure) in enumerate(SHAPES):
        link = _rendered_as_link((dest / f"s{i:02d}.html").read_text(encoding="utf-8"))
        literal = raw_config and _folio_literal(body)
        if literal:
            assert not link, f"folio-lint calls the marker literal but Jekyll links it: {body!r}"
        elif sure and raw_config:
            assert link, f"Jekyll leaves the marker as text but folio-lint does not see it: {body!r}"


def test_shapes_without_jekyll():
    """The same decisions, without building (they were taken from Jekyll 4.3 / kramdown 2.4)."""
    literal = [i for i, (body, _s) in enumerate(SHAPES) if _folio_literal(body)]
    assert literal == [0, 1, 3, 5, 7, 8, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 29, 31, 33, 35, 36, 37, 38, 39]
