"""The five seed pages the project started from (tests/fixtures/seeds/, see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import lint

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.mark.parametrize("name", ["002.md", "003.md"])
def test_pages_without_front_matter_get_nothing(name):
    assert lint([SEEDS / name], cwd=SEEDS) == []


def test_academicpages_page_has_no_error_or_warning():
    diags = lint([SEEDS / "004.md"], cwd=SEEDS)
    assert [d for d in diags if d["severity"] in ("error", "warning")] == []


@pytest.mark.parametrize("name", ["000.md", "001.md"])
def test_al_folio_about_pages_parse_cleanly(name):
    diags = lint([SEEDS / name], cwd=SEEDS)
    assert [d for d in diags if d["code"].startswith("FL0")] == []
