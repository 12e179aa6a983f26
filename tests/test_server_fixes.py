"""Server fixes from QA (issue 11): deprecation hover by value, duplicate URL completions, related
information built once per file (service level; the protocol-level ones are in test_server_protocol.py)."""

from __future__ import annotations

from pathlib import Path

from folio_lint.server import service as S
from folio_lint.settings import Settings


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def _state(root: Path) -> S.SiteState:
    st = S.SiteState(str(root), Settings(), use_cache=False)
    st.build()
    return st


def _hover_at(st: S.SiteState, path: str, text: str, needle: str):
    off = text.index(needle) + 1
    return S.hover(st, path, text, off, [])


def test_layout_hover_names_the_archive_deprecation_only_for_archive_layouts(tmp_path):
    about = "---\nlayout: about\ntitle: Home\n---\nHi.\n"
    arch = "---\nlayout: archive-year\ntitle: 2020\n---\nOld.\n"
    root = _write(tmp_path, {"_config.yml": "title: t\ninclude: [_pages]\n", "_pages/home.md": about,
                             "_pages/arch.md": arch})
    st = _state(root)
    got = _hover_at(st, "_pages/home.md", about, "layout")
    assert got is None or "Deprecated" not in got[0], got
    got = _hover_at(st, "_pages/arch.md", arch, "layout")
    assert got is not None and "Deprecated" in got[0] and "archive" in got[0], got
    # the live buffer decides, not the saved file
    edited = arch.replace("archive-year", "page")
    got = _hover_at(st, "_pages/arch.md", edited, "layout")
    assert got is None or "Deprecated" not in got[0], got


def test_value_conditions_of_deprecations():
    e = {"path": "latest_posts", "when": "bool"}
    assert S._deprecation_applies(e, {"latest_posts": True})
    assert not S._deprecation_applies(e, {"latest_posts": {"enabled": True}})
    v = {"path": "layout", "values": ["archive-year"]}
    assert S._deprecation_applies(v, {"layout": "archive-year"})
    assert not S._deprecation_applies(v, {"layout": "about"})
    assert not S._deprecation_applies(v, {"layout": {"a": 1}})  # unhashable: no crash
    assert S._dotted(("profiles", S.ITEM, "address")) == "profiles[].address"


def test_link_completion_lists_a_shared_url_once(tmp_path):
    root = _write(tmp_path, {
        "_config.yml": "title: t\ninclude: [_pages]\n",
        "_pages/a.md": "---\nlayout: page\ntitle: A\npermalink: /links/\n---\nA\n",
        "_pages/b.md": "---\nlayout: page\ntitle: B\npermalink: /links/\n---\nB\n",
        "_pages/c.md": "---\nlayout: page\ntitle: C\n---\n[x](/lin\n",
    })
    st = _state(root)
    text = (root / "_pages/c.md").read_text(encoding="utf-8")
    items = S.complete(st, "_pages/c.md", text, text.index("/lin") + 4)
    labels = [i.label for i in items]
    assert labels.count("/links/") == 1, labels
    it = next(i for i in items if i.label == "/links/")
    assert "_pages/a.md" in (it.detail or "") and "_pages/b.md" in (it.detail or ""), it.detail


def test_related_information_builds_one_position_map_per_file(tmp_path, monkeypatch):
    import pytest

    pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")
    from folio_lint.server import server as srv

    links = ("[a](/x/) " * 50 + "\n") * 4  # 200 links to one missing target
    root = _write(tmp_path, {"_config.yml": "title: t\ninclude: [_pages]\n",
                             "_pages/many.md": "---\nlayout: page\ntitle: M\n---\n" + links,
                             "_pages/other.md": "---\nlayout: page\ntitle: O\n---\n[b](/x/)\n"})
    ls = srv.FolioServer()
    page = root / "_pages" / "many.md"
    st, rel, _ = ls.state_for_path(str(page))
    st.build()
    while not st.scan_places(budget=1, settle=0)[0]:
        pass
    text = page.read_text(encoding="utf-8")
    diags = st.lint(rel, text, 1)
    made = []
    real = srv.PositionMap

    class Counting(real):
        def __init__(self, *a, **k):
            made.append(1)
            super().__init__(*a, **k)

    monkeypatch.setattr(srv, "PositionMap", Counting)
    items = ls.lsp_items(page.as_uri(), text, diags)
    related = [r for it in items for r in (it.related_information or [])]
    assert related and all(len(it.related_information or []) <= srv.MAX_RELATED for it in items)
    assert len(made) <= 3, len(made)  # this page's map, and one per other file (not one per location)


def test_link_hover_says_a_served_elsewhere_target_is_not_checked_and_why(tmp_path):
    page = "---\nlayout: page\ntitle: a\n---\n[lib](/cdn/lib.js) and [x]({{ page.x }})\n"
    root = _write(tmp_path, {"_config.yml": "title: t\ninclude: [_pages]\n", "_pages/a.md": page,
                             ".folio-lint.yml": "links:\n  served-elsewhere: [/cdn/]\n"})
    from folio_lint.config import settings_for

    st = S.SiteState(str(root), settings_for(str(root)), use_cache=False)
    st.build()
    got = _hover_at(st, "_pages/a.md", page, "/cdn/lib.js")
    assert got is not None and "not checked" in got[0] and "served-elsewhere" in got[0], got
