"""Case-insensitive patterns must fold ASCII letters only where HTML, kramdown and Liquid do.

Python's Unicode ``re.I`` folds ``ſ`` (U+017F) to ``s``, ``K`` (U+212A) to ``k`` and ``ı``/``İ``
(U+0131/U+0130) to ``i``. kramdown's autolink scheme is lowercase ASCII, an HTML tag name folds ASCII
only (``<ſcript>`` is an unknown element; kramdown looks names up after Ruby's ``downcase``, which
leaves ``ſ`` alone), and Liquid's tag names are ASCII words. Expectations checked against
kramdown 2.4 (Ruby 3.1), whose raw-text end-tag search (``/<\\/script\\s*>/mi``, Onigmo case folding)
does fold ``ſ`` to ``s`` but not ``ı``/``İ`` to ``i``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import run_cli, write_site

from folio_lint.body import scan_body
from folio_lint.links import _AUTOLINK, _AUTOLINK_OR_TAG, extract_body_links, raw_html_blocks

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_reference as body_ref  # noqa: E402
import links_reference as links_ref  # noqa: E402


# ---------------------------------------------------------------------- autolinks
@pytest.mark.parametrize("text", ["<httpſ://e.com>", "<maılto:a@b.org>", "<mailto:a@b.org>", "<ftp://h/x>",
                                  "<HTTP://e.com>", "<https://e.com>"])
def test_autolink_scheme_is_ascii(text):
    ascii_scheme = text[1:].split(":", 1)[0].isascii()
    for pat in (_AUTOLINK_OR_TAG, _AUTOLINK):
        m = pat.match(text)
        assert (m is not None and m.group(1) == text[1:-1]) is ascii_scheme, (pat.pattern, text)


def test_no_autolink_from_a_folded_scheme():
    text = '<httpſ://e.com> <a href="/x"><httpſ://f.com></a> <https://g.com>\n'
    links = [lk.raw for lk in extract_body_links(text, scan_body(text))]
    assert sorted(links) == ["/x", "https://g.com"]
    assert sorted(links) == sorted(lk.raw for lk in links_ref.extract_body_links(text, scan_body(text)))


# ---------------------------------------------------------------------- body scan: tag names
NOT_CODE = [
    "x <ſcript>\n\n[after](/after)\n",  # an unknown element: kramdown reads the link (a `<p>` after)
    "x <ſtyle>\n\n[after](/after)\n",
    "x <SCRİPT>\n\n[after](/after)\n",
    "x <scrıpt>\n\n[after](/after)\n",
    "x {% hıghlight js %}\n\n[after](/after)\n",  # not Liquid's highlight (an unknown tag)
    "x {% ſomething %}{% raw %}{% endraw %}\n\n[after](/after)\n",
]


@pytest.mark.parametrize("text", NOT_CODE)
def test_folded_names_open_no_code_region(text):
    scan = scan_body(text)  # (KeyError before: the folded name was looked up as it was written)
    assert not [r for r in scan.code if r.info in ("script", "style") or r.kind == "highlight"], scan.code
    assert "/after" in [lk.raw for lk in extract_body_links(text, scan)]
    ref = body_ref.scan_body(text)
    assert [(r.start, r.end, r.kind, r.info) for r in ref.code] == [(r.start, r.end, r.kind, r.info) for r in scan.code]


def test_ascii_case_variants_still_count():
    for text in ("<SCRIPT>\n[in](/in)\n</Script>\n[out](/out)\n", "{% HIGHLIGHT js %}\n[in](/in)\n{% EndHighlight %}\n[out](/out)\n"):
        scan = scan_body(text)
        assert [lk.raw for lk in extract_body_links(text, scan)] == ["/out"], text


@pytest.mark.parametrize("el,close,closes", [("script", "</ſcript>", True), ("style", "</ſtyle>", True),
                                             ("script", "</SCRIPT >", True), ("script", "</scrıpt>", False),
                                             ("script", "</SCRİPT>", False), ("script", "</script\u00a0>", False)])
def test_raw_text_end_tags_fold_as_kramdown(el, close, closes):
    text = f"<{el}>\nvar a\n{close}\n[l](/l)\n</{el}>\n"
    scan = scan_body(text)
    got = "/l" in [lk.raw for lk in extract_body_links(text, scan)]
    assert got is closes
    ref = body_ref.scan_body(text)
    assert [(r.start, r.end) for r in ref.code] == [(r.start, r.end) for r in scan.code]


def test_raw_block_end_folds_as_kramdown():
    # kramdown ends a raw <script> at `</ſcript>` (its /mi search), not at `</scrıpt>`: the block's end differs
    for close, block_end in (("</ſcript>", "first"), ("</scrıpt>", "second")):
        text = f"<div>\n<script>\n{close}\n</div>\n\n[a](/a)\n\n</script>\n</div>\n\nafter\n"
        blocks = raw_html_blocks(text, scan_body(text), len(text))
        assert blocks, text
        first_div_end = text.index("</div>") + len("</div>")
        second_div_end = text.rindex("</div>") + len("</div>")
        assert blocks[0][1] == (first_div_end if block_end == "first" else second_div_end), (close, blocks)


# ---------------------------------------------------------------------- end to end: no internal error
def test_folded_tag_names_do_not_crash_a_run(tmp_path):
    root = write_site(tmp_path, {
        "_config.yml": "title: t\n",
        "a.md": "---\nlayout: page\ntitle: A\n---\nx <ſcript>\n\n[after](/missing/)\n",
        "b.md": "---\nlayout: page\ntitle: B\n---\nx {% hıghlight js %}\n\n[after](/missing-too/)\n",
    })
    r = run_cli("check", "--no-cache", "--format", "concise", "--select", "FL3", cwd=root)
    assert "FL999" not in r.stdout and r.returncode == 1, r.stdout + r.stderr
    assert "a.md:7:9: FL301" in r.stdout and "b.md:7:9: FL301" in r.stdout, r.stdout


def test_markdown_attribute_folds_as_ruby_downcase():
    # kramdown downcases attribute names (Ruby: `K`, U+212A, becomes `k`): `marKdown="1"` is honoured
    text = '<div marKdown="1">\n*x* [a](/a)\n</div>\n'
    assert raw_html_blocks(text, scan_body(text), len(text)) == []
    plain = '<div class="x">\n*x* [a](/a)\n</div>\n'
    assert raw_html_blocks(plain, scan_body(plain), len(plain)) == [(0, len(plain) - 1, "div")]


FOLDED = ["<ſcript>", "</ſcript>", "<scrıpt>", "</scrıpt>", "<SCRİPT>", "</SCRİPT>", "<ſtyle>", "</ſtyle>",
          "{% hıghlight py %}", "{% endhıghlight %}", "{% RAW %}", "{% endraw %}", "<script>", "</script>",
          "<style>", "</style>", "{% highlight py %}", "{% endhighlight %}", "<pre>", "</PRE>", "text",
          "", "[a](/b)", "<httpſ://x.com>", "<https://y.com>", "<a href='/x'><maılto:q@r.s></a>", "</script\u00a0>"]


@pytest.mark.parametrize("seed", range(2))
def test_folded_bodies_scan_like_the_references(seed):
    import random

    rng = random.Random(seed)
    for _ in range(600):
        text = "\n".join(rng.choice(FOLDED) for _ in range(rng.randint(1, 12))) + "\n"
        scan = scan_body(text)
        ref = body_ref.scan_body(text)
        assert ([(r.start, r.end, r.kind, r.info) for r in scan.code], [(r.start, r.end) for r in scan.comments]) == \
            ([(r.start, r.end, r.kind, r.info) for r in ref.code], [(r.start, r.end) for r in ref.comments]), text
        got = sorted((lk.start, lk.end, lk.raw) for lk in extract_body_links(text, scan))
        assert got == sorted((lk.start, lk.end, lk.raw) for lk in links_ref.extract_body_links(text, scan)), text
