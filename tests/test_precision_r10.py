"""Precision round 10: false alarms found by the primer on al-folio forks of 2022-2026 (v0.10-v0.16
template sites, lab sites, v1-era forks) not reviewed before, each reduced to a few trimmed lines in
tests/fixtures/precision/r10/. Every case keeps the true positive next to it, so a fix cannot pass by
silencing the rule.
"""

from __future__ import annotations


import conftest
from conftest import found


POST = "_posts/2022-04-26-gp_cuda.md"


def test_a_page_scholar_block_is_read_by_jekyll_scholar(fixture_site):
    # a 2022 fork's blog post: `scholar: {bibliography: references.bib}` makes jekyll-scholar (6.5+) read the
    # page's own .bib for its {% cite %} tags; the key is live and the citation is found there
    root = fixture_site("r10/page-scholar")
    assert found(root) == []
    page = (root / POST).read_text(encoding="utf-8")
    # a key in neither file is still reported, against the page's bibliography
    root = fixture_site("r10/page-scholar", **{POST.replace("/", "__"): page.replace("gardner_gpytorch_2018 %}", "gardner_gpytorch_2019 %}")})
    got = [d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL403"]
    assert [(d["line"], d["message"]) for d in got] == [
        (13, "citation key `gardner_gpytorch_2019` is not in `_bibliography/references.bib`")]
    # without the page's block the site's default file is the one read: the key is not there
    root = fixture_site("r10/page-scholar", **{POST.replace("/", "__"): page.replace(
        "scholar:\n  bibliography: references.bib\n  bibliography_template: post_bib\n", "")})
    assert found(root) == [(POST, 10, "FL403")]
    # a page naming a file that does not exist: FL404, as for `--file`
    root = fixture_site("r10/page-scholar", **{POST.replace("/", "__"): page.replace("bibliography: references.bib", "bibliography: refs.bib")})
    assert found(root, "FL403", "FL404") == [(POST, 13, "FL404"), (POST, 16, "FL404")]
    # without jekyll-scholar loaded the block has no effect: said so, naming the plugin
    cfg = (root / "_config.yml").read_text(encoding="utf-8")
    root = fixture_site("r10/page-scholar", **{"_config.yml": cfg.replace("plugins:\n  - jekyll/scholar\n", "")})
    got = [d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL201"]
    assert [(d["line"], "the jekyll-scholar plugin" in d["message"]) for d in got] == [(7, True)]


NUMBERED = "_posts/2019-09-14-controlling-ROS-robot-with-miband-hrx-2.md"


def test_numbered_own_keys_are_not_typos(fixture_site):
    # a ROS blog on al-folio: `image1:`/`image2:` (the author's own numbered keys, read by nothing) have no
    # effect, but they are no misspelling of `images`: FL201, not an FL202 error with a rename fix
    root = fixture_site("r10/numbered-keys")
    assert found(root) == [(NUMBERED, 6, "FL201"), (NUMBERED, 7, "FL201")]
    page = (root / NUMBERED).read_text(encoding="utf-8")
    # a lone `image1:` with no sibling of its family may be a slip: still the did-you-mean
    root = fixture_site("r10/numbered-keys", **{NUMBERED.replace("/", "__"): page.replace("image2:", "imags:")})
    assert found(root) == [(NUMBERED, 6, "FL202"), (NUMBERED, 7, "FL202")]
    # `image:` next to `image1:` is a family too
    root = fixture_site("r10/numbered-keys", **{NUMBERED.replace("/", "__"): page.replace("image2:", "image:")})
    assert found(root) == [(NUMBERED, 6, "FL201")]


DISTILL = "_posts/2026-02-16-musclemimic.md"


def test_a_list_the_sites_own_layout_loops_over(fixture_site):
    # a lab's one-post distill blog with its own `distill.html`: `{% for aff in author.affiliations %}` and
    # `{{ aff.name }}` want a list of affiliations, not al-folio's single `affiliations: {name: ...}` mapping
    root = fixture_site("r10/distill-own-layout")
    assert found(root) == []
    # the loop belongs to the distill layout: a `toc:` list is right on a distill post, not on a `post` one
    page = (root / DISTILL).read_text(encoding="utf-8")
    toc = "toc:\n  - name: Equations\n  - name: Citations\n---\n"
    root = fixture_site("r10/distill-own-layout", **{
        DISTILL.replace("/", "__"): page.replace("---\n\nMusculoskeletal", toc + "\nMusculoskeletal"),
        "_posts__2024-05-17-algo.md": "---\nlayout: post\ntitle: American A-Musings\ndate: 2024-05-17\n" + toc + "\nText.\n"})
    assert found(root) == [("_posts/2024-05-17-algo.md", 6, "FL101")]
    layout = (root / "_layouts" / "distill.html").read_text(encoding="utf-8")
    # a layout that reads one mapping (al-folio's `author.affiliations.name`): the list is wrong there
    one = layout.replace('{% for aff in author.affiliations %}', '').replace('{% endfor %}\n            ]', ']').replace(
        "aff.name", "author.affiliations.name").replace("aff.url", "author.affiliations.url")
    root = fixture_site("r10/distill-own-layout", **{"_layouts__distill.html": one})
    assert found(root) == [(DISTILL, 11, "FL101"), (DISTILL, 14, "FL101")]
