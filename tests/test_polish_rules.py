"""Link rule polish: FL311's count wording, and the case-only hint of a front-matter path
relative to its base folder."""

from __future__ import annotations

from conftest import lint, write_site
from test_links_rules import _lint

CFG_FM = "title: t\ninclude: [_pages]\n"


def _fl311(tmp_path, files):
    _, diags, _ = _lint(tmp_path, files, codes=("FL3",))
    return [d.message for d in diags if d.code == "FL311"]


def test_fl311_on_one_page_says_this_page(tmp_path):
    body = "---\nlayout: page\n---\n[a](/gone/) [b](/gone/) [c](/gone/)\n"
    msg, = _fl311(tmp_path, {"_pages/a.md": body})
    assert msg == "3 links on this page point to `/gone/`, which does not exist"


def test_fl311_plural_files_and_thousands(tmp_path):
    files = {f"_pages/p{i}.md": "---\nlayout: page\n---\n[a](/gone/)\n" for i in range(3)}
    files["_pages/p0.md"] = "---\nlayout: page\n---\n" + "[a](/gone/)\n" * 1000
    msg, = _fl311(tmp_path, files)
    assert msg == "1,002 links in 3 files point to `/gone/`, which does not exist"


def test_fl311_one_file_of_several_with_links_elsewhere(tmp_path):
    files = {"_pages/a.md": "---\nlayout: page\n---\n" + "[a](/gone/)\n" * 2,
             "_pages/b.md": "---\nlayout: page\n---\n[a](/gone/)\n"}
    msg, = _fl311(tmp_path, files)
    assert msg.startswith("3 links in 2 files point to")


def test_case_only_hint_of_profile_image_is_relative_to_assets_img(tmp_path):
    root = write_site(tmp_path / "s", {
        "_config.yml": CFG_FM,
        "assets/img/ada.jpg": b"x",
        "_pages/about.md": "---\nlayout: about\ntitle: about\npermalink: /\nprofile:\n  image: Ada.jpg\n---\n",
    })
    d, = [d for d in lint(["."], cwd=root) if d["code"] == "FL401"]
    assert d["hint"] == "write `ada.jpg`"
    assert d["fix"]["edits"][0]["content"] == "ada.jpg"
    assert "`assets/img/ada.jpg` differs only in upper/lower case" in d["message"]


def test_case_only_hint_of_root_relative_values_unchanged(tmp_path):
    got, diags, _ = _lint(tmp_path, {"_pages/c.md": "---\nlayout: page\n---\n![x](/assets/img/A.JPG)\n"})
    assert diags[0].hint == "write `assets/img/a.jpg`"
