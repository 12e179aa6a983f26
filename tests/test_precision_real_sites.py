"""Precision on real sites: false alarms found by running the primer over al-folio forks of every era and
over other Jekyll themes (bench/primer.py), each reduced to a few trimmed lines in tests/fixtures/precision/.

Every case also keeps the true positive next to it, so a fix cannot pass by silencing the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest

FIXTURES = Path(__file__).parent / "fixtures" / "precision"


def found(root: Path) -> list[tuple[str, int, str, str]]:
    return sorted((d["path"], d["line"], d["code"], d["severity"]) for d in conftest.lint(["."], cwd=root))


# ---------------------------------------------------------------------------------------- other themes
def test_beautiful_jekyll_copied_into_the_site_is_another_theme(fixture_site):
    # kjhov195/beautiful-jekyll (2020): no `theme:` gem, the theme's layouts copied in; `background:` is its key
    got = found(fixture_site("beautiful-jekyll"))
    assert got == [("_config.yml", 1, "FL106", "info")]


def test_hydejack_theme_source_is_another_theme(fixture_site):
    got = found(fixture_site("hydejack"))
    assert got == [("_config.yml", 1, "FL106", "info")]


def test_pelican_project_is_not_a_jekyll_site(fixture_site):
    # vbharadwaj-bk/al-folio-python: al-folio ported to Pelican; `Title:`/`Date:` are Pelican metadata
    root = fixture_site("pelican")
    assert found(root) == []
    r = conftest.run_cli("check", ".", "--no-cache", cwd=root)
    assert r.returncode == 0


def test_chirpy_adds_the_baseurl_to_content_images(fixture_site):
    # lextm/jekyll-theme-chirpy (2024): refactor-content.html prefixes every <img src> with the baseurl
    got = found(fixture_site("chirpy"))
    assert ("_posts/2005/2005-12-29-updated-roadmap-slide.md", 8, "FL305", "warning") not in got
    # a plain link is not rewritten by the theme: still reported
    assert ("_posts/2005/2005-12-29-updated-roadmap-slide.md", 11, "FL305", "warning") in got


# ---------------------------------------------------------------------------------------- plugins
def test_polyglot_languages_share_urls(fixture_site):
    # chloevoyer/multi-language-al-folio (2026): _pages/en-us/about.md and _pages/pt-br/about.md both `permalink: /`
    got = found(fixture_site("polyglot"))
    assert [g for g in got if g[2] == "FL308"] == [("_pages/en-us/resume.md", 4, "FL308", "error")]
    assert not [g for g in got if g[2] == "FL601"]  # languages/default_lang/lang_from_path are polyglot's settings


def test_polyglot_off_reports_the_collision(fixture_site):
    cfg = (FIXTURES / "polyglot" / "_config.yml").read_text(encoding="utf-8").replace("  - jekyll-polyglot\n", "  - jekyll-feed\n")
    got = found(fixture_site("polyglot", **{"_config.yml": cfg}))
    assert ("_pages/pt-br/about.md", 5, "FL308", "error") in got


def test_polyglot_loaded_by_the_gemfile_group_shares_urls_too(fixture_site):
    # Jekyll requires the gems of `group :jekyll_plugins` without any `plugins:` entry
    cfg = (FIXTURES / "polyglot" / "_config.yml").read_text(encoding="utf-8").replace("  - jekyll-polyglot\n", "  - jekyll-feed\n")
    gemfile = 'source "https://rubygems.org"\ngem "jekyll"\ngroup :jekyll_plugins do\n  gem "jekyll-polyglot"\nend\n'
    got = found(fixture_site("polyglot", **{"_config.yml": cfg, "Gemfile": gemfile}))
    assert [g for g in got if g[2] == "FL308"] == [("_pages/en-us/resume.md", 4, "FL308", "error")]
    outside = 'source "https://rubygems.org"\ngem "jekyll-polyglot"\n'  # outside the group: only installed, not loaded
    got = found(fixture_site("polyglot", **{"_config.yml": cfg, "Gemfile": outside}))
    assert ("_pages/pt-br/about.md", 5, "FL308", "error") in got


def test_hidden_is_read_by_the_paginator(fixture_site):
    # Sapetor/al-folio (2025): `hidden: true` on posts keeps them out of the paginated blog list
    root = fixture_site("v0-site")
    assert not [g for g in found(root) if g[0] == "_posts/2015-05-15-images.md"]
    cfg = (root / "_config.yml").read_text(encoding="utf-8").replace("  - jekyll-paginate-v2\n", "  - jekyll-feed\n")
    (root / "_config.yml").write_text(cfg, encoding="utf-8")
    assert [g[2] for g in found(root) if g[0] == "_posts/2015-05-15-images.md"] == ["FL201"]


# ---------------------------------------------------------------------------------------- keys read by loops
def test_keys_read_by_a_pages_loop_in_a_page_body(fixture_site):
    # ioannismavromatis/al-folio (2026): _pages/datasets.md loops over site.datasets and prints dataset.download_link
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0].startswith("_datasets/")]


def test_keys_read_from_a_loop_over_site_pages(fixture_site):
    # MajikalExplosions/al-folio (2025): the header reads `p.nav_link` for every page in `site.pages`
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0] == "_pages/cv.md"]
    assert ("_pages/dropdown.md", 5, "FL202", "error") in got  # `nav_lnk`: a typo of the key the header reads


def test_old_key_outside_its_page_is_the_users_own(fixture_site):
    # xiatian-wu/al-folio: `years:` in _projects/ is not the publications page's old key (nor a typo of `year`)
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0].startswith("_projects/")]
    assert ("_pages/publications.md", 5, "FL203", "warning") in got  # the publications page: still reported


# ---------------------------------------------------------------------------------------- values and includes
def test_authors_text_on_a_post_without_distill(fixture_site):
    # saakethmm/al-folio (2025): reading notes with `authors: A, B` and no layout; only distill reads `authors`
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0] == "_posts/2024-02-10-continuousdecoding.md"]
    assert ("_posts/2018-12-22-distill.md", 4, "FL101", "error") in got


def test_missing_include_inside_an_if_branch_is_a_warning(fixture_site):
    # the al-folio template of 2021-06 (and Afonsocraposo/al-folio): `{% include projects_hrz.html %}` under
    # `{% if page.horizontal %}` while the page says `horizontal: false` — the site builds
    got = found(fixture_site("v0-site"))
    assert ("_pages/projects.md", 11, "FL402", "warning") in got
    body = (FIXTURES / "v0-site" / "_pages" / "projects.md").read_text(encoding="utf-8")
    flat = body.replace("  {% if page.horizontal %}\n", "").replace("  {% else %}\n", "").replace("  {% endif %}\n", "")
    got = found(fixture_site("v0-site", **{"_pages__projects.md": flat}))
    assert [g for g in got if g[2] == "FL402"] == [("_pages/projects.md", 10, "FL402", "error")]


# ---------------------------------------------------------------------------------------- config of older templates
def test_config_key_unused_by_templates_that_predate_the_change(fixture_site):
    # al-folio 2023-03..2025-03 shipped `giscus.theme` in _config.yml while its giscus include never read it
    got = found(fixture_site("v0-site"))
    assert ("_config.yml", 18, "FL604", "info") in got


def test_config_key_replaced_in_the_sites_templates_is_a_warning(fixture_site):
    giscus = ('<script>let a = {"data-theme": "{{ site.giscus.light_theme }}", '
              '"data-dark": "{{ site.giscus.dark_theme }}"};</script>\n')
    got = found(fixture_site("v0-site", **{"_includes__giscus.liquid": giscus}))
    assert ("_config.yml", 18, "FL604", "warning") in got


def test_github_pages_gem_builds_with_jekyll_3(fixture_site):
    # AustenLamacraft/al-folio (2019): `gem 'github-pages'` pins Jekyll 3, whose `{% link %}` does not add
    # the baseurl — `{{ site.baseurl }}{% link ... %}` is the right form there
    root = fixture_site("github-pages")
    assert [g for g in found(root) if g[2] == "FL306"] == []
    root2 = fixture_site("github-pages", Gemfile="source 'https://rubygems.org'\ngem 'jekyll', '~> 4.3'\n")
    assert [g[2] for g in found(root2) if g[2] == "FL306"] == ["FL306"]
    lock = "GEM\n  specs:\n    jekyll (3.9.3)\n      addressable (~> 2.4)\n"
    root3 = fixture_site("github-pages", Gemfile="gem 'jekyll'\n", **{"Gemfile.lock": lock})
    assert [g for g in found(root3) if g[2] == "FL306"] == []


def test_value_list_only_where_the_sites_templates_have_one(fixture_site):
    # codie-freeman/al-folio (2026): its book-review layout prints `page.status | upcase`, whatever it is;
    # al-folio's current shelf shows only 'abandoned,finished,...' — there `status: Started` is reported
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0] == "_books/half-his-age.md"]
    shelf = ("---\nlayout: default\n---\n{% assign statuses = 'abandoned,finished,interested,paused,queued,reading,reread'"
             " | split: ',' %}{% assign status = page.status | downcase %}"
             "{% if statuses contains status %}<h4>{{ status | upcase }}</h4>{% endif %}\n")
    got = found(fixture_site("v0-site", **{"_layouts__book-review.liquid": shelf}))
    assert ("_books/half-his-age.md", 5, "FL102", "warning") in got


def test_script_with_front_matter_has_no_html_links(fixture_site):
    # leonlinsx/minimal-mistakes (2021): assets/js/lunr/lunr-en.js has front matter (for Liquid) and builds
    # result HTML in strings: `'<a href="'+store[ref].url+'"'` is not a link of the page
    got = found(fixture_site("lunr-js"))
    assert not [g for g in got if g[0].startswith("assets/")]
    assert ("_posts/2020-10-28-gatekeep.md", 5, "FL301", "error") in got  # a real broken link is still reported


def test_gemfile_plugin_group_and_settings_read_by_pages(fixture_site):
    # USC-NSL/allanlab (2025): jekyll-redirect-from only in the Gemfile's `:jekyll_plugins` group (Jekyll loads it);
    # HKUNLP (2026): `site.enable_people_categories` read by _pages/people.md, not by a layout
    root = fixture_site("plugins-gemfile")
    assert found(root) == []
    gem = (FIXTURES / "plugins-gemfile" / "Gemfile").read_text(encoding="utf-8").replace("    gem 'jekyll-redirect-from'\n", "")
    got = found(fixture_site("plugins-gemfile", Gemfile=gem))
    assert [(g[0], g[2]) for g in got] == [("_pages/people/barath.md", "FL201")] * 2


def test_kramdown_options_switch_on_markdown_in_html_blocks(fixture_site):
    # UPB-SysSec (2025): `{::options parse_block_html="true" /}` before the `<div>`
    root = fixture_site("plugins-gemfile")
    assert not [g for g in found(root) if g[2] == "FL313"]
    post = (FIXTURES / "plugins-gemfile" / "_posts" / "2023-04-19-session-tickets.md").read_text(encoding="utf-8")
    got = found(fixture_site("plugins-gemfile", **{"_posts__2023-04-19-session-tickets.md": post.replace("{::options parse_block_html=\"true\" /}\n", "")}))
    assert [g[2] for g in got if g[2] == "FL313"] == ["FL313", "FL313"]


def test_distill_toc_three_levels_deep(fixture_site):
    # UPB-SysSec (2025): `toc:` subsections with their own subsections (the layout shows two levels)
    got = found(fixture_site("v0-site"))
    assert [g for g in got if g[0] == "_posts/2018-12-22-distill.md"] == [("_posts/2018-12-22-distill.md", 4, "FL101", "error")]


def test_links_written_for_a_github_project_page(fixture_site):
    # CMU-MultiComp-Lab/mmml-course (2024): empty baseurl, every link written `/mmml-course/assets/...`
    got = found(fixture_site("project-prefix"))
    assert ("index.html", 4, "FL305", "info") in got
    assert not [g for g in got if g[1] == 4 and g[3] != "info"]
    assert [g[2] for g in got if g[1] == 5] == ["FL401"]  # `/assets/img/missing.png` does not exist either: still an error
    # many such links on a page: one info there (the first), with the count
    page = "---\n---\n" + "".join(f'<a href="/mmml-course/assets/img/cmu-logo.png">{i}</a>\n' for i in range(5))
    root = fixture_site("project-prefix", **{"index.html": page})
    from conftest import lint

    infos = [d for d in lint(["."], cwd=root) if d["code"] == "FL305"]
    assert [(d["line"], d["severity"]) for d in infos] == [(3, "info")]
    assert infos[0]["message"].endswith("— 5 links of this page start with `/mmml-course/` (reported once, here)")


def test_include_relative_leading_slash_stays_in_the_folder(fixture_site):
    # VitaliiUr (2025): `{% include_relative /2022_.../Zestaw1.md %}` — Jekyll joins it like Ruby's File.join
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0] == "_pages/teaching.md" and g[2] == "FL405"]
    page = (FIXTURES / "v0-site" / "_pages" / "teaching.md").read_text(encoding="utf-8").replace("Zestaw1", "Zestaw9")
    got = found(fixture_site("v0-site", **{"_pages__teaching.md": page}))
    assert ("_pages/teaching.md", 8, "FL405", "error") in got


def test_markdown_comment_trick_in_front_matter(fixture_site):
    # LoryPack (2026): `[//]: # (description: ...)` in front matter — Jekyll builds; no template reads it
    got = [g for g in found(fixture_site("v0-site")) if g[0] == "_pages/teaching.md"]
    assert got == [("_pages/teaching.md", 5, "FL002", "warning")]


def test_project_category_list(fixture_site):
    # JacobFV (2022): `category: [research, software]` — Jekyll's `where` filter matches a list property
    got = found(fixture_site("v0-site"))
    assert not [g for g in got if g[0] == "_projects/multigraph-nn.md"]


def test_social_key_already_moved_to_data_socials(fixture_site):
    # xiatian-wu (2025) and the template of 2025-03: `orcid_id` (`rss_icon`) both in _config.yml and _data/socials.yml
    got = found(fixture_site("v0-site"))
    assert ("_config.yml", 3, "FL604", "info") in got  # in _data/socials.yml already: a harmless leftover
    assert ("_config.yml", 4, "FL604", "warning") in got  # `linkedin_username` only in _config.yml: the icon is gone
