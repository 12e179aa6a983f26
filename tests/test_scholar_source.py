"""``scholar.source``: the folder jekyll-scholar reads, as folio-lint resolves it."""

from __future__ import annotations

import pytest
from conftest import lint, write_site

from folio_lint.bibtex import source_dir


@pytest.mark.parametrize("value, want", [
    ("./_bibliography", "_bibliography"), ("/_bibliography/", "_bibliography"), ("_bibliography", "_bibliography"),
    ("./refs/../_bib", "_bib"), (".", "."), ("/", "."), ("./", "."), (".bib", ".bib"),
    ("../../etc", None), ("..", None), ("./../refs", None), (None, "_bibliography"),
])
def test_source_dir(value, want):
    assert source_dir(value) == want


def _site(tmp_path, source: str):
    return write_site(tmp_path / "site", {
        "_config.yml": f"title: t\nscholar:\n  source: {source}\n  bibliography: papers.bib\n",
        "etc/papers.bib": "@article{known, title={A}}\n",
        ".bib/papers.bib": "@article{hidden, title={A}}\n",
        "index.md": "---\ntitle: home\n---\n{% cite known %} {% cite other %}\n",
    })


def test_a_source_outside_the_site_is_never_read_as_a_folder_inside_it(tmp_path):
    # `../../etc` used to be read as the site's own `etc/` (its leading `../` stripped): `other` was
    # then reported missing from a file jekyll-scholar never reads
    diags = lint(["."], cwd=_site(tmp_path, "../../etc"))
    assert [d["code"] for d in diags] == ["FL605"], diags


def test_a_source_inside_the_site_is_checked(tmp_path):
    diags = lint(["."], cwd=_site(tmp_path, "./etc"))
    assert [(d["code"], d["message"]) for d in diags] == [("FL403", "citation key `other` is not in `etc/papers.bib`")]


def test_a_dot_folder_keeps_its_dot(tmp_path):
    diags = lint(["."], cwd=_site(tmp_path, ".bib"))
    assert {d["code"] for d in diags} == {"FL403"}
    assert any("`known` is not in `.bib/papers.bib`" in d["message"] for d in diags), diags


def test_a_missing_bibliography_is_named_with_the_bib_jekyll_scholar_adds(tmp_path):
    root = write_site(tmp_path / "site", {
        "_config.yml": "title: t\nscholar:\n  source: /_bibliography/\n  bibliography: papers.bib\n",
        "_bibliography/papers.bib": "@article{known, title={A}}\n",
        "index.md": "---\ntitle: home\n---\n{% bibliography --file talks %}\n{% bibliography --file slides.yaml %}\n",
    })
    msgs = sorted(d["message"] for d in lint(["."], cwd=root) if d["code"] == "FL404")
    assert len(msgs) == 2
    assert msgs[0].startswith("jekyll-scholar reads `_bibliography/slides.yaml`, which does not exist")
    assert msgs[1].startswith("jekyll-scholar reads `_bibliography/talks.bib`, which does not exist")
