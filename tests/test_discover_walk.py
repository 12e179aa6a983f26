"""Discovery never walks version-control folders or folio-lint's own cache."""

from __future__ import annotations

from folio_lint.discover import build_site


def test_vcs_folders_and_the_cache_are_not_walked(tmp_path):
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("---\nlayout: page\n---\n[x](/.git/config)\n", encoding="utf-8")
    for d in (".git/objects/ab", ".hg/store", ".svn", "sub/.git", ".folio-lint-cache"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        (tmp_path / d / "page.md").write_text("---\ntitle: t\n---\n", encoding="utf-8")
    (tmp_path / ".well-known").mkdir()
    (tmp_path / ".well-known" / "security.txt").write_text("x", encoding="utf-8")
    site = build_site(str(tmp_path))
    assert set(site.documents) == {"index.md"}
    assert not any(p.startswith((".git/", ".hg/", ".svn/", "sub/.git/", ".folio-lint-cache/")) for p in site.all_paths)
    assert ".well-known/security.txt" in site.other_files  # other dot folders are still known to exist
