"""Property tests (Hypothesis) over generated front matter and bodies, random bytes and mutations
of real pages: no exception escapes, no internal error (so the exit code is 0 or 1), every
finding's line/column lies inside its file, and `--fix` output re-parses, converges and adds no
YAML-level error.

Short budget in the normal suite; the long run (README) is::

    FOLIO_LINT_FUZZ_EXAMPLES=10000 python -m pytest tests/test_reliability_fuzz.py -q

Crashing examples found so far are replayed from ``tests/fixtures/reliability/`` (``test_regressions``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio_lint import fixer
from folio_lint.discover import build_site
from folio_lint.engine import lint_site, lint_text
from folio_lint.site import make_document
from folio_lint.source import decode, has_front_matter, source_from_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reliability"
EXAMPLES = int(os.environ.get("FOLIO_LINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture], database=None)
YAML_CODES = {"FL002", "FL003", "FL004", "FL007", "FL008", "FL009"}


# ---------------------------------------------------------------------- the site the examples live in
@pytest.fixture(scope="module")
def site(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzzsite") / "site"
    shutil.copytree(ROOT / "examples" / "site", d, symlinks=True)
    return _Quiet(build_site(str(d)))


class _Quiet:
    """The site index with a short repr (a failing example would otherwise print the whole site)."""

    def __init__(self, site):
        self.site = site

    def __repr__(self):
        return "<example site>"


def _real_pages() -> list[str]:
    out = []
    for base in (ROOT / "examples", ROOT / "tests" / "fixtures"):
        for p in sorted(base.rglob("*.md")) + sorted(base.rglob("*.html")):
            try:
                t = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if has_front_matter(t) and len(t) < 20_000:
                out.append(t)
    return out or ["---\nlayout: page\ntitle: x\n---\nbody\n"]


REAL = _real_pages()
PATHS = ["_pages/fuzz.md", "_posts/2024-01-02-fuzz.md", "_news/fuzz.md", "_projects/fuzz.md", "fuzz.html", "_drafts/f.md"]


# ---------------------------------------------------------------------- strategies
AL_FOLIO_KEYS = ["layout", "title", "permalink", "description", "nav", "nav_order", "profile", "image", "align",
                 "image_circular", "more_info", "selected_papers", "social", "news", "announcements", "latest_posts",
                 "date", "tags", "categories", "redirect", "img", "importance", "category", "giscus_comments",
                 "toc", "related_posts", "published", "bibliography", "authors", "dropdown", "children", "pretty_table",
                 "image_cicular", "Title", "lyout", "inline", "thumbnail", "github", "cv_pdf", "<<", "0755", "yes"]
LAYOUTS = ["about", "page", "post", "distill", "cv", "profiles", "book-review", "book-shelf", "course", "archive",
           "bib", "default", "none", "nope", "single"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(LAYOUTS + ["2024-01-01", "2024-13-45", "2024-01-01 10:00:00 -0400", "yes", "no", "on", "0755",
                               "1:30", "1.10", "/about/", "https://example.com/x", "../../../etc/passwd", "{{ site.x }}",
                               "true", "false", "prof_pic.jpg", "assets/img/x.png", "", " ", "~", "null"]),
    st.text(max_size=30),
)
keys = st.one_of(st.sampled_from(AL_FOLIO_KEYS), st.text(min_size=1, max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
front_matter_data = st.dictionaries(keys, values, max_size=10)

YAML_TOKENS = ["key", "title", "layout", ":", ": ", "- ", "  ", "\t", "\n", "\r\n", "\r", "'", '"', "[", "]", "{", "}",
               ",", "&a ", "*a", "<<: ", "!!python/object ", "!tag ", "? ", "|", ">", "#", "%", "@", "`", "---", "...",
               "2024-01-01", "yes", "0x1f", "~", "\\", "é", "😀", "\u2028", "\x85", "\x00", "\ufeff"]
BODY_TOKENS = ["text ", "\n", "\n\n", "[a](/about/)", "[b](../x.md)", "![i](assets/img/prof_pic.jpg)", "<a href=\"", "\">",
               "</a>", "<img src='/x.png'>", "{% link _pages/about.md %}", "{% post_url 2024-01-01-x %}",
               "{% include figure.liquid path=\"assets/img/1.jpg\" %}", "{% include_relative ../../../etc/passwd %}",
               "{% include ../../secret.html %}", "{{ '/x' | relative_url }}", "{% raw %}", "{% endraw %}",
               "{% comment %}", "{% endcomment %}", "<!--", "-->", "```", "`", "~~~", "    code", "# Heading", "\n===\n",
               "\n---\n", "{#id}", "[ref]: /r/", "[ref]", "<https://x.y>", "{% cite key %}", "{{", "}}", "{%", "%}",
               "Write your biography here", "555 your office number", "<pre>", "</pre>", "\t", "\r\n", "é", "\ufeff"]

yaml_soup = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)
body_soup = st.lists(st.sampled_from(BODY_TOKENS), max_size=40).map("".join)


@st.composite
def dumped_front_matter(draw):
    data = draw(front_matter_data)
    flow = draw(st.sampled_from([None, True, False]))
    try:
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=draw(st.booleans()), sort_keys=False)
    except Exception:  # noqa: BLE001 - e.g. keys yaml cannot represent
        text = "title: x\n"
    return text


@st.composite
def pages(draw):
    kind = draw(st.sampled_from(["dumped", "soup", "mutation"]))
    if kind == "mutation":
        return draw(mutations())
    fm = draw(dumped_front_matter()) if kind == "dumped" else draw(yaml_soup)
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    close = draw(st.sampled_from(["---", "...", "--- ", ""]))
    text = "---" + eol + fm.replace("\n", eol) + (close + eol if close else "") + draw(body_soup)
    if draw(st.booleans()) and text.endswith(eol):
        text = text[: -len(eol)]
    return text


@st.composite
def mutations(draw):
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "swap-eol", "truncate"]))
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 40)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(YAML_TOKENS + BODY_TOKENS)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap-eol":
            text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n"])))
        else:
            text = text[:i]
    return text


# ---------------------------------------------------------------------- checks
def _check_positions(site, diags) -> None:
    for d in diags:
        assert d.code != "FL999", d.message
        src = site.source(d.path)
        if src is None:
            assert (d.start.line, d.start.column) == (1, 1) or d.path.endswith((".yml", ".yaml", ".bib")), d
            continue
        n = src.lines.line_count()
        assert 0 <= d.start_offset <= d.end_offset <= len(src.text), d
        for pos in (d.start, d.end):
            assert 1 <= pos.line <= n, (d, n)
            s, e = src.lines.line_bounds(pos.line - 1)
            assert 1 <= pos.column <= e - s + 1, (d, e - s)
        for e in (d.fix.edits if d.fix else ()):
            assert 0 <= e.start <= e.end <= len(src.text), (d, e)


def _lint_page(site, path: str, text: str):
    new_site, diags = lint_text(site, path, text)
    _check_positions(new_site, diags)
    return new_site, diags


def _fix_converges(site, path: str, text: str, diags) -> None:
    """Apply the safe fixes in memory, pass after pass, like --fix: the result re-parses, settles,
    and has no YAML-level error it did not have before."""
    before = {d.code for d in diags if d.path == path}
    for _ in range(fixer.MAX_PASSES):
        mine = [d for d in diags if d.path == path and fixer.applicable(d.fix, False)]
        if not mine:
            break
        chosen, _ = fixer.select_fixes(mine, len(text))
        if not chosen:
            break
        new = fixer.apply_edits(text, [e for _, f in chosen for e in f.edits])
        if new == text:
            break
        text = new
        site, diags = _lint_page(site, path, text)
    else:
        pytest.fail(f"fixes did not settle after {fixer.MAX_PASSES} passes:\n{text!r}")
    after = {d.code for d in diags if d.path == path}
    assert (after & YAML_CODES) <= (before & YAML_CODES), (after - before, text)


# ---------------------------------------------------------------------- properties
@FUZZ
@given(text=pages(), path=st.sampled_from(PATHS))
def test_pages_never_crash(site, text, path):
    new_site, diags = _lint_page(site.site, path, text)
    _fix_converges(new_site, path, text, diags)


@FUZZ
@given(fm=dumped_front_matter(), body=body_soup, layout=st.sampled_from(LAYOUTS))
def test_valid_yaml_front_matter(site, fm, body, layout):
    data = yaml.safe_load(fm)
    data = {"layout": layout, **(data if isinstance(data, dict) else {})}
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
    new_site, diags = _lint_page(site.site, "_pages/fuzz.md", text)
    codes = {d.code for d in diags if d.path == "_pages/fuzz.md"}
    assert not codes & {"FL002", "FL007", "FL008"}, (codes, text)  # safe_dump output is valid YAML
    _fix_converges(new_site, "_pages/fuzz.md", text, diags)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.binary(max_size=500).map(lambda b: b"---\n" + b + b"\n---\n"),
                     st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n" + b)),
       path=st.sampled_from(PATHS))
def test_random_bytes(site, raw, path):
    site = site.site
    src = decode(path, os.path.join(site.root, path), raw)
    if src.error is None and not has_front_matter(src.text):
        return
    from folio_lint.discover import classify

    kind, coll = classify(path, site.collections)
    doc = make_document(site.config, src, kind, coll)
    res = lint_site(site.with_document(doc), report_paths=[path])
    _check_positions(res.site, res.diagnostics)


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, derandomize=EXAMPLES <= 100, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=pages(), cfg=st.one_of(dumped_front_matter(), yaml_soup))
def test_cli_on_disk(text, cfg):
    """The real command on a written site (a random page and a random `_config.yml`): exit 0 or 1."""
    from click.testing import CliRunner

    from folio_lint.cli import main_group

    with tempfile.TemporaryDirectory() as d:
        site = Path(d) / "site"
        shutil.copytree(ROOT / "examples" / "site", site, symlinks=True)
        (site / "_pages" / "fuzz.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        (site / "_config.yml").write_bytes(((site / "_config.yml").read_text() + "\n" + cfg).encode())
        r = CliRunner().invoke(main_group, ["check", "--format", "json", "--no-cache", str(site)])
        assert r.exit_code in (0, 1), (r.output[-2000:], r.exception)


# ---------------------------------------------------------------------- regressions
def _regressions() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.md") if p.name != "README.md") if FIXTURES.is_dir() else []


@pytest.mark.parametrize("case", _regressions(), ids=lambda p: p.name)
def test_regressions(site, case):
    site = site.site
    raw = case.read_bytes()
    src = decode("_pages/regression.md", str(case), raw)
    text = src.text if src.error is None else raw.decode("utf-8", "replace")
    new_site, diags = _lint_page(site, "_pages/regression.md", text)
    _fix_converges(new_site, "_pages/regression.md", text, diags)
    src2 = source_from_text("_pages/regression.md", text)
    assert src2.lines.line_count() >= 1
