"""Offsets ↔ LSP positions in UTF-8/16/32, and the front-matter context used by completion (no server process)."""

from __future__ import annotations

import pytest

from folio_lint.server.fmcontext import ITEM, front_matter_context
from folio_lint.server.positions import PositionMap, units

TEXT = "a😀b\r\n研究 é\u0301x\rlast\nz"
ENC = {"utf-16": lambda s: len(s.encode("utf-16-le")) // 2, "utf-8": lambda s: len(s.encode("utf-8")), "utf-32": len}


@pytest.mark.parametrize("encoding", list(ENC))
def test_every_offset_round_trips(encoding):
    pm = PositionMap(TEXT, encoding)
    lines = TEXT.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts, o = [], 0
    for ln in lines:
        starts.append(o)
        o += len(ln) + (2 if TEXT[o + len(ln): o + len(ln) + 2] == "\r\n" else 1)
    for off in range(len(TEXT) + 1):
        line, ch = pm.position(off)
        col = off - starts[line]
        col = min(col, len(lines[line]))  # inside a line break: the end of the line
        assert ch == ENC[encoding](lines[line][:col]), (off, line, ch)
        if off - starts[line] <= len(lines[line]):
            assert pm.offset(line, ch) == off


def test_known_positions():
    assert PositionMap(TEXT, "utf-16").position(TEXT.index("b")) == (0, 3)
    assert PositionMap(TEXT, "utf-8").position(TEXT.index("b")) == (0, 5)
    assert PositionMap(TEXT, "utf-32").position(TEXT.index("b")) == (0, 2)
    x = TEXT.index("x")
    assert PositionMap(TEXT, "utf-16").position(x) == (1, 5)  # 研 究 space e ◌́
    assert PositionMap(TEXT, "utf-8").position(x) == (1, 11)  # 3 + 3 + 1 + 2 (é) + 2 (◌́)
    assert PositionMap(TEXT, "utf-16").position(TEXT.index("last")) == (2, 0)  # a lone \r breaks the line
    assert PositionMap(TEXT, "utf-16").position(len(TEXT)) == (3, 1)


def test_positions_inside_a_character_and_past_the_end_are_clamped():
    pm = PositionMap(TEXT, "utf-16")
    assert pm.offset(0, 2) == 1  # inside the surrogate pair: before the emoji
    assert pm.offset(0, 99) == TEXT.index("\r")
    assert pm.offset(99, 0) == len(TEXT)
    assert pm.offset(-1, 0) == 0
    assert PositionMap(TEXT, "utf-8").offset(0, 3) == 1  # inside the emoji's 4 bytes


def test_bom_shift():
    buf = "\ufeff---\ntitle: x\n---\n"
    pm = PositionMap(buf, "utf-16", shift=1)
    assert pm.position(0) == (0, 1)  # offsets are into the text without the BOM
    assert pm.offset(0, 1) == 0
    assert pm.position(buf.index("title") - 1) == (1, 0)


def test_units():
    assert units("😀", "utf-16") == 2 and units("😀", "utf-8") == 4 and units("😀", "utf-32") == 1
    assert units("é\u0301", "utf-16") == 2


FM = """---
layout: about
title: x
profile:
  align: right
  ima
  image: a.jpg
profiles:
  - name: A
    ali
  - name: B
news: true
---
body
"""


def _at(text, marker, delta=0):
    return text.index(marker) + len(marker) + delta


def test_key_context_under_a_mapping_lists_present_siblings():
    c = front_matter_context(FM, _at(FM, "  ima"))
    assert c.kind == "key" and c.path == ("profile",) and c.prefix == "ima"
    assert c.siblings == {"align", "image"}
    assert FM[c.start:c.end] == "ima"


def test_key_context_in_a_list_item():
    c = front_matter_context(FM, _at(FM, "    ali"))
    assert c.kind == "key" and c.path == ("profiles", ITEM) and c.siblings == {"name"}


def test_value_context_and_top_level():
    c = front_matter_context(FM, _at(FM, "layout: ab"))
    assert c.kind == "value" and c.path == ("layout",) and c.prefix == "ab"
    c = front_matter_context(FM, FM.index("news"))
    assert c.kind == "key" and c.path == () and {"layout", "title", "profile", "profiles"} <= c.siblings


def test_no_context_outside_the_front_matter():
    assert front_matter_context(FM, FM.index("body") + 1) is None
    assert front_matter_context("no front matter\n", 3) is None
