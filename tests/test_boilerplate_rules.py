"""FL5xx boilerplate rules on small sites: what is found, where, with which fix — and what is not."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import write_site
from folio_lint.assets import EXTRAS_KEY, stock_files, template_files
from folio_lint.boilerplate import HashEntry, build_catalogue, catalogue, catalogue_data
from folio_lint.diagnostics import Applicability
from folio_lint.discover import build_site
from folio_lint.engine import lint_site, lint_text
from folio_lint.settings import Settings

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "fixtures" / "seeds"
FIX = HERE / "fixtures" / "boilerplate"
CONFIG = "title: test\ninclude: [_pages]\ncollections:\n  news:\n    output: true\n  projects:\n    output: true\n"
BIO = (FIX / "about_template_body.md").read_text(encoding="utf-8")


def bp(diags):
    return [d for d in diags if d.code.startswith("FL5") or d.code == "FL999"]


def lint_files(tmp_path, files, select=None):
    files = {"_config.yml": CONFIG, **files}
    root = write_site(tmp_path / "site", files)
    site = build_site(str(root))
    settings = Settings(select=tuple(select)) if select else Settings()
    return site, bp(lint_site(site, settings).diagnostics)


def apply(text, fix):
    for e in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.content + text[e.end :]
    return text


# ---------------------------------------------------------------------- seeds
def test_seed_001_two_template_comments_each_with_a_safe_fix(tmp_path):
    text = (SEEDS / "001.md").read_text(encoding="utf-8")
    site, diags = lint_files(tmp_path, {"_pages/about.md": text})
    assert [(d.code, d.start.line) for d in diags] == [("FL502", 11), ("FL502", 35)]
    yaml_c, html_c = diags
    assert "template comment left in the page" in yaml_c.message and "front matter" in yaml_c.message
    assert "555 your office number" in yaml_c.data["matched"]
    assert "html" in html_c.message.lower() and html_c.data["fingerprint"] == "about.bio"
    for d in diags:
        assert d.fix is not None and d.fix.applicability == Applicability.SAFE
    fixed = apply(apply(text, html_c.fix), yaml_c.fix)  # later edit first
    assert "555 your office number" not in fixed and "# address: >" not in fixed
    assert "Write your biography" not in fixed and "<!--" not in fixed
    assert "image_circular: false # crops the image" in fixed  # structure kept
    assert "## Awards" in fixed and "news: true" in fixed
    # the fixed page re-lints clean and is still valid YAML
    _, again = lint_files(tmp_path / "again", {"_pages/about.md": fixed})
    assert again == []


@pytest.mark.parametrize("name", ["000.md", "002.md", "003.md", "004.md"])
def test_other_seeds_have_no_boilerplate(tmp_path, name):
    _, diags = lint_files(tmp_path, {"_pages/about.md": (SEEDS / name).read_text(encoding="utf-8")})
    assert diags == []


# ---------------------------------------------------------------------- page bodies
def test_visible_template_biography_is_one_warning_at_its_span(tmp_path):
    page = "---\nlayout: about\ntitle: about\npermalink: /\n---\n\n" + BIO
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [(d.code, d.start.line, d.start.column) for d in diags] == [("FL501", 7, 1)]
    d = diags[0]
    assert str(d.severity) == "warning" and d.end.line == 11
    assert "Write your biography here" in d.data["matched"]
    assert d.fix is not None and d.fix.applicability == Applicability.UNSAFE  # visible text: never auto-deleted


def test_an_edited_template_paragraph_still_matches(tmp_path):
    para = ("Write your life story here. Tell the planet about yourself. Link to your favourite "
            "[subreddit](http://reddit.com). You can put a picture in, too. The code is already in, just name "
            "your picture `prof_pic.jpg` and put it in the `img/` folder.")
    # no exact phrase survives except the subreddit link; the paragraph is still recognised
    page = "---\nlayout: about\n---\n\n" + para.replace("Link to your favourite", "Link to your best") + "\n"
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [d.code for d in diags] == ["FL501"]
    assert diags[0].data["fingerprint"] == "about.bio"


def test_user_text_mentioning_a_biography_is_not_flagged(tmp_path):
    page = ("---\nlayout: page\ntitle: bio\n---\n\nI am writing a biography of Ada Lovelace. You can find my "
            "address and office number on the contact page. Tell me about your favourite subreddit.\n")
    _, diags = lint_files(tmp_path, {"_pages/bio.md": page})
    assert diags == []


def test_template_text_in_code_is_documentation_not_boilerplate(tmp_path):
    page = ("---\nlayout: post\ntitle: how I set up my site\n---\n\nThe template says:\n\n```markdown\n"
            "Write your biography here. Tell the world about yourself.\n```\n\nand `555 your office number`.\n")
    _, diags = lint_files(tmp_path, {"_posts/2024-01-01-setup.md": page})
    assert diags == []


def test_comment_mixing_user_text_and_template_has_no_safe_fix(tmp_path):
    page = ("---\nlayout: about\n---\n\nHello.\n\n<!-- TODO: rewrite my research statement for the new lab, "
            "mention the grant and the two students who joined this spring.\n\n"
            "Write your biography here. Tell the world about yourself. -->\n")
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [d.code for d in diags] == ["FL502"]
    assert diags[0].fix is None and diags[0].data["pure"] is False


def test_liquid_comment_with_template_text(tmp_path):
    page = "---\nlayout: about\n---\n\nMy text.\n\n{% comment %}\n<p>555 your office number</p>\n{% endcomment %}\n"
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [(d.code, d.start.line) for d in diags] == [("FL502", 7)]
    assert diags[0].fix.applicability == Applicability.SAFE
    assert apply(page, diags[0].fix) == "---\nlayout: about\n---\n\nMy text.\n\n"


def test_demo_news_items(tmp_path):
    files = {
        "_news/announcement_1.md": "---\nlayout: post\ndate: 2015-10-22 15:59:00-0400\ninline: true\n---\n\nA simple inline announcement.\n",
        "_news/announcement_2.md": "---\nlayout: post\ntitle: A long announcement with details\ndate: 2015-11-07\n---\n\nOur paper was accepted.\n",
        "_news/mine.md": "---\nlayout: post\ndate: 2024-01-01\ninline: true\n---\n\nA short announcement: our lab moved to building 4.\n",
    }
    _, diags = lint_files(tmp_path, files)
    assert sorted((d.path, d.code, d.start.line) for d in diags) == [
        ("_news/announcement_1.md", "FL503", 7), ("_news/announcement_2.md", "FL503", 3)]


def test_demo_project_and_post(tmp_path):
    files = {
        "_projects/1_project.md": "---\nlayout: page\ntitle: project 1\ndescription: with background image\n---\n\nMy own text.\n",
        "_projects/mine.md": "---\nlayout: page\ntitle: project 1\ndescription: a robot arm\n---\n\nMy own text.\n",
        "_posts/2015-03-15-formatting-and-links.md": "---\nlayout: post\ntitle: a post with formatting and links\n---\n\nx\n",
    }
    _, diags = lint_files(tmp_path, files)
    assert sorted((d.path, d.code) for d in diags) == [
        ("_posts/2015-03-15-formatting-and-links.md", "FL503"), ("_projects/1_project.md", "FL503")]


# ---------------------------------------------------------------------- front matter
def test_front_matter_address_and_subtitle(tmp_path):
    page = ("---\nlayout: about\nsubtitle: <a href='#'>Affiliations</a>. Address. Contacts. Motto. Etc.\n"
            "profile:\n  align: right\n  more_info: >\n    <p>555 your office number</p>\n    <p>123 your address street</p>\n"
            "    <p>Your City, State 12345</p>\nsocial: true # includes social icons at the bottom of the page\n---\n\nHi.\n")
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [(d.code, d.start.line, d.data["fingerprint"]) for d in diags] == [
        ("FL501", 3, "about.subtitle"), ("FL501", 7, "about.address")]
    assert "`profile.more_info`" in diags[1].message


def test_structure_the_user_keeps_is_not_reported(tmp_path):
    page = ("---\nlayout: about\ntitle: about\npermalink: /\nprofile:\n  align: right\n  image: me.jpg\n"
            "  image_circular: false # crops the image to make it circular\nselected_papers: true # includes a list of papers marked as \"selected={true}\"\n"
            "social: true # includes social icons at the bottom of the page\nannouncements:\n  enabled: true # includes a list of news items\n"
            "  limit: 5 # leave blank to include all the news in the `_news` folder\n---\n\nI study robots.\n")
    cfg = CONFIG + ("footer_text: >\n  Powered by <a href=\"https://jekyllrb.com/\" target=\"_blank\">Jekyll</a> with "
                    "<a href=\"https://github.com/alshedivat/al-folio\">al-folio</a> theme.\nicon: ⚛️\n")
    _, diags = lint_files(tmp_path, {"_pages/about.md": page, "_config.yml": cfg})
    assert diags == []


def test_yaml_comment_inside_a_block_scalar_is_content_not_a_comment(tmp_path):
    page = "---\nlayout: about\nprofile:\n  more_info: |\n    # 555 your office number\n---\n\nHi.\n"
    _, diags = lint_files(tmp_path, {"_pages/about.md": page})
    assert [d.code for d in diags] == ["FL501"]  # a visible value, not a YAML comment


def test_stock_page_descriptions(tmp_path):
    files = {
        "_pages/cv.md": "---\nlayout: cv\ndescription: This is a description of the page. You can modify it in '_pages/cv.md'. You can also change or remove the top pdf download button.\n---\n",
        "_pages/publications.md": "---\nlayout: page\ndescription: publications by categories in reversed chronological order. generated by jekyll-scholar.\n---\n",
    }
    _, diags = lint_files(tmp_path, files)
    assert [(d.path, d.code) for d in diags] == [("_pages/cv.md", "FL501")]  # FL508 is off by default
    _, diags = lint_files(tmp_path / "b", files, select=["FL5"])
    assert sorted((d.path, d.code) for d in diags) == [("_pages/cv.md", "FL501"), ("_pages/publications.md", "FL508")]


# ---------------------------------------------------------------------- _config.yml, _data, .bib
def test_config_placeholders(tmp_path):
    cfg = CONFIG + ("first_name: You\nmiddle_name: R.\nlast_name: Name\nurl: https://alshedivat.github.io\n"
                    "description: > # the \">\" symbol\n  A simple, whitespace theme for academics. Based on [*folio](https://github.com/bogoli/-folio) design.\n"
                    "disqus_shortname: al-folio\nscholar:\n  last_name: [Einstein]\n  first_name: [Albert, A.]\n")
    # (the owner's name is said only on a site with a `.bib` file: a publication list shows it)
    _, diags = lint_files(tmp_path, {"_config.yml": cfg, "_bibliography/papers.bib": "@article{doe2024, year={2024}}\n"})
    got = [(d.path, d.start.line, d.data["fingerprint"]) for d in diags]
    assert got == [("_config.yml", 8, "config.name"), ("_config.yml", 11, "config.url"),
                   ("_config.yml", 13, "config.description"), ("_config.yml", 14, "config.disqus"),
                   ("_config.yml", 16, "config.scholar-name")]


def test_config_of_a_real_site_is_clean(tmp_path):
    cfg = CONFIG + ("first_name: Ana\nlast_name: Name\nurl: https://ana.github.io\nbaseurl: /al-folio\n"
                    "description: Ana's research on whitespace in academic writing.\ndisqus_shortname: ana-site\n")
    _, diags = lint_files(tmp_path, {"_config.yml": cfg})
    assert diags == []


def test_data_placeholders(tmp_path):
    files = {
        "_data/socials.yml": "cv_pdf: /assets/pdf/cv.pdf\nemail: you@example.com # your email address\nscholar_userid: qc6CJjYAAAAJ\n",
        "_data/repositories.yml": "github_users:\n  - torvalds\n  - alshedivat\n",
        "_data/cv.yml": "cv:\n  name: Albert Einstein\n  email: einstein@example.com\n",
    }
    _, diags = lint_files(tmp_path, files)
    got = sorted((d.path, d.start.line, d.data["fingerprint"]) for d in diags)
    assert got == [("_data/cv.yml", 2, "data.cv-einstein"), ("_data/repositories.yml", 2, "data.repositories"),
                   ("_data/socials.yml", 2, "data.socials-email"), ("_data/socials.yml", 3, "data.socials-scholar")]


def test_data_of_a_real_site_is_clean(tmp_path):
    files = {"_data/socials.yml": "email: ana@uni.edu\nscholar_userid: abcDEF12345\n",
             "_data/repositories.yml": "github_users:\n  - torvalds\n  - ana\n"}
    _, diags = lint_files(tmp_path, files)
    assert diags == []


DEMO_BIB = """---
---

@string{aps = {American Physical Society,}}

@book{einstein1920relativity,
  title={Relativity: the Special and General Theory},
  author={Einstein, Albert},
  year={1920},
}

@article{PhysRev.47.777,
  title={Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?},
  year={1935},
}

@article{mine2024,
  title={My paper},
  year={2024},
}
"""


def test_demo_bib_entries(tmp_path):
    _, diags = lint_files(tmp_path, {"_bibliography/papers.bib": DEMO_BIB})
    assert [(d.path, d.start.line, d.code) for d in diags] == [
        ("_bibliography/papers.bib", 6, "FL506"), ("_bibliography/papers.bib", 12, "FL506")]


def test_one_einstein_citation_is_not_a_demo(tmp_path):
    bib = "@article{PhysRev.47.777,\n  title={Can Quantum-Mechanical Description...},\n  year={1935},\n}\n"
    _, diags = lint_files(tmp_path, {"_bibliography/papers.bib": bib})
    assert diags == []


# ---------------------------------------------------------------------- stock files by hash
def test_stock_files_are_compared_by_hash_not_by_name(tmp_path):
    mine = b"\xff\xd8\xff my own photo" * 100
    stock = b"\xff\xd8\xff the template's photo" * 100
    root = write_site(tmp_path / "site", {"_config.yml": CONFIG, "assets/img/prof_pic.jpg": mine,
                                          "assets/pdf/example_pdf.pdf": stock})
    raw = catalogue_data()
    for e in raw["fingerprints"]:
        if e["id"] == "asset.example-pdf":
            e["hashes"] = [{"sha256": hashlib.sha256(stock).hexdigest(), "size": len(stock)}]
    cat = build_catalogue(raw)
    found = stock_files(str(root), ["assets/img/prof_pic.jpg", "assets/pdf/example_pdf.pdf"], cat)
    assert found == {"assets/pdf/example_pdf.pdf": ("asset.example-pdf", hashlib.sha256(stock).hexdigest())}
    # the real catalogue: the user's own prof_pic.jpg is not al-folio's
    site = build_site(str(root))
    assert EXTRAS_KEY not in site.extras  # (looked for on first use, by FL507)
    assert "assets/img/prof_pic.jpg" not in template_files(site) and site.extras[EXTRAS_KEY] == {}


def test_stock_photo_is_reported_on_the_page_that_shows_it(tmp_path):
    root = write_site(tmp_path / "site", {
        "_config.yml": CONFIG, "assets/img/prof_pic.jpg": b"x",
        "_pages/about.md": "---\nlayout: about\nprofile:\n  image: prof_pic.jpg\n---\n\nHi.\n"})
    site = build_site(str(root))
    site.extras[EXTRAS_KEY] = {"assets/img/prof_pic.jpg": ("asset.prof-pic", "0" * 64)}  # as if the bytes were stock
    diags = bp(lint_site(site, Settings()).diagnostics)
    assert [(d.path, d.start.line, d.code) for d in diags] == [("_pages/about.md", 4, "FL507")]
    assert diags[0].data["file"] == "assets/img/prof_pic.jpg"


# ---------------------------------------------------------------------- editor entry point
def test_lint_text_sees_an_unsaved_template_comment(tmp_path):
    root = write_site(tmp_path / "site", {"_config.yml": CONFIG, "_pages/about.md": "---\nlayout: about\n---\n\nHi.\n"})
    site = build_site(str(root))
    _, diags = lint_text(site, "_pages/about.md", "---\nlayout: about\n---\n\n<!-- Write your biography here. -->\n")
    assert [d.code for d in bp(diags)] == ["FL502"]


def test_rule_docs_list_the_template_text_they_match():
    from folio_lint.registry import RULES, load_rules

    load_rules()
    assert "## What it matches" in RULES["FL501"].doc and "Write your biography here" in RULES["FL501"].doc
    assert "555 your office number" in RULES["FL501"].doc
    assert "alshedivat.github.io" in RULES["FL504"].doc
    assert "prof_pic.jpg" in RULES["FL507"].doc
    assert RULES["FL508"].default_enabled is False
    assert catalogue().version >= 1


# ---------------------------------------------------------------------- robustness
def test_crlf_page_fixes_keep_line_endings(tmp_path):
    text = (SEEDS / "001.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    site, diags = lint_files(tmp_path, {"_pages/about.md": text})
    assert [(d.code, d.start.line) for d in diags] == [("FL502", 11), ("FL502", 35)]
    fixed = site.documents["_pages/about.md"].text
    for d in sorted(diags, key=lambda d: -d.start_offset):
        fixed = apply(fixed, d.fix)
    assert fixed.count("\n") == fixed.count("\r\n") and "555" not in fixed and "<!--" not in fixed


from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

_PIECES = ["Write your biography here.", "<!--", "-->", "555 your office number", "\n", "\n\n", "```", "`",
           "{% comment %}", "{% endcomment %}", "# address: >", "  #   <p>", "</p>", "---", "é", "\r\n", "A simple inline announcement."]


_HSITE: dict = {}


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=30),
       st.lists(st.sampled_from(_PIECES + ["title: x", "profile:", "  more_info: >"]), max_size=8))
def test_any_page_gives_findings_inside_the_file_never_an_exception(tmp_path, body, fm):
    site = _HSITE.get(str(tmp_path))
    if site is None:  # one site for all examples (the fixture is shared by them)
        site = _HSITE[str(tmp_path)] = build_site(str(write_site(tmp_path / "h", {"_config.yml": CONFIG})))
    text = "---\n" + "\n".join(fm) + "\n---\n" + "".join(body)
    _, diags = lint_text(site, "_pages/x.md", text)
    for d in diags:
        assert d.code != "FL999", d.message
        if d.code.startswith("FL5"):
            assert 0 <= d.start_offset <= d.end_offset <= len(text.lstrip("\ufeff"))
            if d.fix:
                out = apply(text, d.fix)
                assert len(out) < len(text)


def test_another_themes_site_gets_no_al_folio_value_findings(tmp_path):
    cfg = "remote_theme: mmistakes/minimal-mistakes\nname: Your Name\nemail: you@example.com\ninclude: [_pages]\n"
    files = {"_config.yml": cfg, "_data/socials.yml": "email: you@example.com\n",
             "_posts/2020-01-01-code.md": "---\ntitle: a post with code\n---\n\nSome code.\n"}
    _, diags = lint_files(tmp_path, files)
    assert diags == []
    _, diags = lint_files(tmp_path / "al", {**files, "_config.yml": "include: [_pages]\nname: Your Name\nscholar:\n  style: apa\n"})
    assert sorted(d.data["fingerprint"] for d in diags) == ["config.name-old", "data.socials-email", "posts.example-titles"]
