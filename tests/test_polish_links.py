"""Link extraction polish: `srcset` candidates written in Liquid, each with its position."""

from __future__ import annotations

from folio_lint.body import scan_body
from folio_lint.links import extract_body_links
from test_links_rules import _lint


def _srcset(text):
    return [(l.raw, text[l.start:l.end]) for l in extract_body_links(text, scan_body(text)) if l.form == "srcset"]


def test_liquid_srcset_candidates_are_extracted_with_positions():
    text = ("<img srcset=\"{{ '/a.jpg' | relative_url }} 1x, {{ '/b.jpg' | relative_url }} 2x\">\n"
            "<img srcset='{{ site.baseurl }}/c.jpg 480w,/d.jpg 800w, {{ \"/e,f.jpg\" | relative_url }}'>\n")
    got = _srcset(text)
    assert [raw for raw, _ in got] == ["{{ '/a.jpg' | relative_url }}", "{{ '/b.jpg' | relative_url }}",
                                       "{{ site.baseurl }}/c.jpg", "/d.jpg", "{{ \"/e,f.jpg\" | relative_url }}"]
    assert all(raw == at for raw, at in got)


def test_plain_srcset_unchanged():
    text = '<img srcset="/a.jpg 1x, /b.jpg 2x,/c.jpg"> <source srcset=" /d.jpg ">\n'
    assert _srcset(text) == [(u, u) for u in ("/a.jpg", "/b.jpg", "/c.jpg", "/d.jpg")]


def test_missing_liquid_srcset_candidate_is_found(tmp_path):
    body = ("---\nlayout: page\n---\n<img srcset=\"{{ '/assets/img/a.jpg' | relative_url }} 1x, "
            "{{ '/assets/img/b.jpg' | relative_url }} 2x\">\n")
    got, diags, _ = _lint(tmp_path, {"_pages/s.md": body})
    assert got == [("_pages/s.md", 4, "FL401")]
    assert "`assets/img/b.jpg` does not exist" in diags[0].message


def test_srcset_split_agrees_with_reference_pattern():
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import links_reference as ref
    from folio_lint.links import _srcset_urls

    rng = random.Random(3)
    pieces = ["{{ '/a.jpg' | relative_url }}", "{% x %}", "{{", " ", ",", "1x", "/b.jpg", "{%", "}}", "%}", "\n", "a"]
    for _ in range(3000):
        v = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _srcset_urls(v) == [m.span(1) for m in ref._SRCSET_CAND.finditer(v)], v
