"""Body scan polish: a closing code fence on a CRLF line closes the block (kramdown turns CRLF
into LF before reading, so ```` ``` ```` then ``\\r\\n`` ends the fence, checked with Jekyll 4.3)."""

from __future__ import annotations

import sys
from pathlib import Path

from folio_lint.body import scan_body

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_reference as ref  # noqa: E402
from test_links_rules import _lint  # noqa: E402


def _fences(scan):
    return [(r.start, r.end) for r in scan.code if r.kind == "fence"]


def test_crlf_fence_closes():
    text = "```\r\ncode\r\n```\r\n\r\nafter [y](/after)\r\n"
    scan = scan_body(text)
    (s, e), = _fences(scan)
    assert s == 0 and text[e:].startswith("\n\r\nafter")  # the fence takes its closing line's "\r"
    assert not scan.in_code(text.index("after"))


def test_crlf_fence_with_trailing_blanks_and_tilde():
    text = "~~~~ py\r\nx\r\n~~~~~ \t\r\ntext `a`\r\n"
    scan = scan_body(text)
    assert _fences(scan) == [(0, text.index("\ntext"))]
    assert scan.code[-1].kind == "code" and text[scan.code[-1].start:scan.code[-1].end] == "`a`"


def test_crlf_lf_same_regions_after_fence():
    lf = "intro\n\n```\ncode\n```\n\n    indented\n\nmore `x` {% raw %}y{% endraw %}\n"
    crlf = lf.replace("\n", "\r\n")
    kinds = lambda t: [(r.kind, t[r.start:r.end].replace("\r", "")) for r in scan_body(t).code]  # noqa: E731
    assert kinds(crlf) == kinds(lf)


def test_reference_scan_agrees_on_crlf_fences():
    for text in ("```\r\na\r\n```\r\nb `c`\r\n", "   ```\r\n```\r\n", "```\r\n``` x\r\n```\r\n"):
        got = scan_body(text)
        want = ref.scan_body(text)
        assert [(r.start, r.end, r.kind) for r in got.code] == [(r.start, r.end, r.kind) for r in want.code]


def test_links_after_crlf_fence_are_checked(tmp_path):
    page = "---\r\nlayout: page\r\npermalink: /crlf/\r\n---\r\n```\r\n[in](/nowhere-code/)\r\n```\r\n\r\n[after](/nowhere/)\r\n"
    found, diags, _ = _lint(tmp_path, {"_pages/crlf.md": page})
    assert [(p, line) for p, line, _code in found if p == "_pages/crlf.md"] == [("_pages/crlf.md", 9)]
