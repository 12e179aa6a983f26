"""Seeded, deterministic robustness fuzz over real sites (no Hypothesis: the same cases every run).

Each case copies one small site (``examples/site`` or a site under ``tests/fixtures``), mutates one
of its files (a page, ``_config.yml``, a data file, a ``.bib``) in one of many hostile ways --
truncation at every kind of boundary, byte flips and insertions, invalid UTF-8, BOMs, CRLF and
CR-only line ends, NUL bytes, tabs in YAML, huge and deeply nested YAML, aliases (billion laughs),
``---`` inside bodies, unterminated Liquid/HTML/code fences, very long lines, an empty or list-shaped
``_config.yml``, binary files named ``.md`` -- and then requires, of ``folio-lint check``:

* no internal error: no FL999, no exception, exit code 0 or 1 (2 is for usage/internal errors only);
* every other file is still checked (an untouched page keeps the findings it had);
* every output format renders and is well formed (JSON and SARIF load, JUnit parses as XML, GitHub
  lines follow the workflow-command syntax);
* ``--fix`` (on a copy) touches nothing outside the edits it reports: every byte of every file
  outside the first pass's applicable edits is kept, files it did not fix are byte-identical, and
  the passes settle;
* the editor server's path (``SiteState.lint`` and its fix-all) on the mutated text as an unsaved
  buffer gives findings, not exceptions.

``FOLIO_LINT_FUZZ_CASES`` (default 200) and ``FOLIO_LINT_FUZZ_SEED`` change the run; a failing case
prints its number, site, file and mutation so it can be replayed with ``-k``.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = int(os.environ.get("FOLIO_LINT_FUZZ_SEED", "20261201"))
CASES = int(os.environ.get("FOLIO_LINT_FUZZ_CASES", "200"))
SITES = ["examples/site", "examples/clean-site", "tests/fixtures/links/era-2019", "tests/fixtures/precision/v0-site",
         "tests/fixtures/performance/site"]
FORMATS = ["full", "text", "concise", "json", "github", "sarif", "junit"]
GITHUB_LINE = re.compile(r"^::(error|warning|notice) ((?:file|line|endLine|col|endColumn|title)=[^,:]*(?:,|(?=::)))+::[^\n\r]*$")
PAGE_DIRS = ("_pages/", "_posts/", "_news/", "_projects/", "_books/", "_drafts/", "_teachings/")
TEXT_EXT = (".md", ".markdown", ".html", ".yml", ".yaml", ".bib", ".liquid")


# ---------------------------------------------------------------------- mutations (bytes -> bytes)
def _lines(raw: bytes) -> list[int]:
    """Offsets just after each line end (boundaries a truncation may hit)."""
    return [m.end() for m in re.finditer(rb"\r\n|\n|\r", raw)]


def _boundaries(raw: bytes) -> list[int]:
    """Interesting places to cut: after `---`, after a key's colon, inside a Liquid/HTML tag, inside a
    multi-byte character, at line ends, before the closing front-matter fence, mid-word."""
    out = {0, len(raw)}
    out.update(_lines(raw))
    for pat in (rb"---", rb": ", rb"\{%", rb"\{\{", rb"<[a-zA-Z]", rb"```", rb"\[", rb"\]\(", rb"@\w+\{", rb"\"", rb"'"):
        for m in re.finditer(pat, raw):
            out.update((m.start(), m.start() + 1, m.end()))
    for m in re.finditer(rb"[\xc2-\xf4]", raw):  # inside a UTF-8 sequence
        out.add(m.start() + 1)
    return sorted(o for o in out if 0 <= o <= len(raw))


def truncate(rng, raw, _):
    return raw[: rng.choice(_boundaries(raw))]


def flip(rng, raw, _):
    b = bytearray(raw or b"x")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def insert(rng, raw, _):
    junk = [b"\x00", b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\t", b"\r", b"\r\n", b"\x0b",
            b"\x1b[31m", b"\x85", b"\xe2\x80\xa8", b"---\n", b"...\n", b"{%", b"{{", b"%}", b"}}", b"<!--", b"```",
            b": ", b"- ", b"&a ", b"*a", b"!!python/object:os.system ", b"? ", b"|", b"[", b"{", b"\"", b"'", b"#",
            b"%YAML 1.1\n", b"\\", bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))]
    for _ in range(rng.randint(1, 5)):
        i = rng.randint(0, len(raw))
        raw = raw[:i] + rng.choice(junk) + raw[i:]
    return raw


def invalid_utf8(rng, raw, _):
    i = rng.randint(0, len(raw))
    return raw[:i] + rng.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"]) + raw[i:]


def bom(rng, raw, _):
    return rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + raw


def eol(rng, raw, _):
    to = rng.choice([b"\r\n", b"\r", b"\n\r", b"\r\r\n"])
    out = raw.replace(b"\r\n", b"\n").replace(b"\n", to)
    if rng.random() < 0.3:  # mixed line ends
        parts = out.split(to)
        out = b"".join(p + rng.choice([b"\n", b"\r\n", b"\r"]) for p in parts)
    return out


def nul(rng, raw, _):
    i = rng.randint(0, len(raw))
    return raw[:i] + b"\x00" * rng.randint(1, 3) + raw[i:]


def tabs(rng, raw, _):
    lines = raw.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        lines[i] = b"\t" + lines[i].lstrip(b" ") if rng.random() < 0.7 else lines[i].replace(b": ", b":\t", 1)
    return b"\n".join(lines)


def _in_front_matter(raw: bytes, yaml_text: bytes, is_yaml: bool) -> bytes:
    if is_yaml:
        return raw + b"\n" + yaml_text
    if raw.startswith(b"---"):
        end = raw.find(b"\n", 3)
        if end >= 0:
            return raw[: end + 1] + yaml_text + raw[end + 1:]
    return b"---\n" + yaml_text + b"---\n" + raw


def huge_yaml(rng, raw, is_yaml):
    # (a 20,000-key page takes about 2 s, a 5,000-key _config.yml 12 s: did-you-mean for each unknown key)
    n = rng.choice([100, 300] if is_yaml else [300, 1000])
    body = b"".join(b"key_%d: value %d\n" % (i, i) for i in range(n))
    if rng.random() < 0.5:
        body += b"dup: 1\n" * 200
    return _in_front_matter(raw, body, is_yaml)


def deep_yaml(rng, raw, is_yaml):
    n = rng.choice([60, 600, 5000])
    kind = rng.randrange(4)
    if kind == 0:
        y = b"deep: " + b"[" * n + b"]" * n + b"\n"
    elif kind == 1:
        y = b"deep: " + b"{a: " * n + b"1" + b"}" * n + b"\n"
    elif kind == 2:
        y = b"deep:\n" + b"".join(b"  " * (i + 1) + b"k%d:\n" % i for i in range(min(n, 400))) + b"  " * 401 + b"x\n"
    else:
        y = b"deep: " + b"[" * n + b"\n"  # unclosed
    return _in_front_matter(raw, y, is_yaml)


def billion_laughs(rng, raw, is_yaml):
    lines = [b"lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, rng.choice([4, 9, 12])):  # 9**4 values, or above FL009's limit
        lines.append(b"lol%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]")
    if rng.random() < 0.5:
        lines.append(b"merged:\n  <<: *a3\n  x: 1")
    if rng.random() < 0.3:
        lines.append(b"loop: &l [*l]")  # an alias to an anchor not yet defined
    return _in_front_matter(raw, b"\n".join(lines) + b"\n", is_yaml)


def fence_in_body(rng, raw, _):
    i = rng.choice(_lines(raw) or [len(raw)])
    return raw[:i] + rng.choice([b"---\n", b"---\ntitle: again\n---\n", b"...\n", b"--- \n", b"---\r\n"]) + raw[i:]


def unterminated(rng, raw, _):
    i = rng.choice(_lines(raw) or [len(raw)])
    bits = [b"{% raw %}", b"{% comment %}", b"{% highlight python %}\nx = 1\n", b"{% if x %}", b"{% for x in y %}",
            b"{{ page.title", b"{% include figure.liquid path=\"assets/img/1.jpg\"", b"<div>\n", b"<!-- open",
            b"<a href=\"/about/", b"<pre>", b"```python\ncode\n", b"~~~\n", b"<script>", b"{% link _pages/a",
            b"[text](/about/", b"![img](", b"[ref]: ", b"{% cite ", b"{% post_url", b"<img src='", b"{::nomarkdown}"]
    return raw[:i] + rng.choice(bits) + raw[i:]


def long_line(rng, raw, _):
    i = rng.choice(_lines(raw) or [len(raw)])
    n = rng.choice([10_000, 200_000])
    fill = rng.choice([b"a", b"[x](/y/) ", b"{{ x }}", b"\xc3\xa9", b"\xf0\x9f\x98\x80", b"<a href='#z'>z</a>", b" "])
    return raw[:i] + fill * (n // len(fill)) + raw[i:]


def binary(rng, raw, _):
    return bytes(rng.randrange(256) for _ in range(rng.choice([16, 600, 5000])))


def empty(rng, raw, _):
    return rng.choice([b"", b"\n", b"---\n", b"---\n---\n", b"\xef\xbb\xbf", b"# just a comment\n", b"   \n\t\n"])


def shape(rng, raw, _):
    """A YAML file of the wrong shape: a list, a scalar, several documents, a null."""
    return rng.choice([b"- a\n- b\n", b"just a string\n", b"42\n", b"~\n", b"[1, 2, 3]\n", b"---\na: 1\n---\nb: 2\n",
                       b"!!python/object/apply:os.system [echo hi]\n", b"? [a, b]\n: c\n", b"&a [*a]\n",
                       b"*undefined\n", b"title: x\n" + raw])


MUTATORS = [truncate, flip, insert, invalid_utf8, bom, eol, nul, tabs, huge_yaml, deep_yaml, billion_laughs,
            fence_in_body, unterminated, long_line, binary, empty, shape]
PAGE_ONLY = {fence_in_body, unterminated, long_line}
YAML_ONLY = {shape}


@dataclass
class Case:
    n: int
    site: str
    file: str
    mutator: str
    seed: int

    def __str__(self) -> str:
        return f"case {self.n}: {self.mutator} of {self.site}/{self.file} (seed {self.seed})"


def _files(site: str) -> list[str]:
    base = ROOT / site
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*")
                  if p.is_file() and p.suffix in TEXT_EXT and p.name != "README.md")


def _cases() -> list[Case]:
    rng = random.Random(SEED)
    files = {s: _files(s) for s in SITES if (ROOT / s).is_dir()}
    out = []
    for n in range(CASES):
        site = rng.choice(sorted(files))
        m = MUTATORS[n % len(MUTATORS)]  # every mutator as often as the others
        pool = files[site]
        if m in YAML_ONLY:
            pool = [f for f in pool if f.endswith((".yml", ".yaml"))] or pool
        elif m in PAGE_ONLY:
            pool = [f for f in pool if f.endswith((".md", ".html"))] or pool
        elif rng.random() < 0.3:  # the configurations are the most shared files: mutate them often
            names = ("_config.yml", "_config.yaml") if rng.random() < 0.75 else (".folio-lint.yml",)
            pool = [f for f in pool if f in names] or pool
        out.append(Case(n, site, rng.choice(pool), m.__name__, rng.randrange(1 << 30)))
    return out


def mutate(case: Case, raw: bytes) -> bytes:
    rng = random.Random(case.seed)
    m = {f.__name__: f for f in MUTATORS}[case.mutator]
    return m(rng, raw, case.file.endswith((".yml", ".yaml")))


# ---------------------------------------------------------------------- running the product
def _run(site: Path, *, fix=False, unsafe=False, max_passes=None, use_cache=False):
    """As `folio-lint check` runs: the site's .folio-lint.yml read (commands.Configurer), one process."""
    from folio_lint.commands import Configurer
    from folio_lint.config import CliOverrides
    from folio_lint.runner import run
    from folio_lint.settings import Settings

    old = os.getcwd()
    os.chdir(site)
    try:
        if fix:
            from folio_lint import fixer

            kw = {} if max_passes is None else {"max_passes": max_passes}
            return fixer.fix_run(["."], Settings(), unsafe=unsafe, write=True, configure=Configurer(CliOverrides()), **kw)
        return run(["."], Settings(), configure=Configurer(CliOverrides()), use_cache=use_cache)
    finally:
        os.chdir(old)


def _render_all(report) -> dict[str, str]:
    from folio_lint.reporters import render

    out = {}
    for fmt in FORMATS:
        buf = io.StringIO()
        report.color = fmt == "full"
        report.statistics = fmt == "text"
        render(fmt, report, buf)
        out[fmt] = buf.getvalue()
    report.color = False
    return out


def _check_outputs(case: Case, outs: dict[str, str], n_diags: int) -> None:
    data = json.loads(outs["json"])
    assert len(data["diagnostics"]) == n_diags, case
    for d in data["diagnostics"]:
        assert d["line"] >= 1 and d["column"] >= 1 and (d["end_line"], d["end_column"]) >= (d["line"], d["column"]), (case, d)
    sarif = json.loads(outs["sarif"])
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == n_diags, case
    ET.fromstring(outs["junit"])  # parses
    for line in outs["github"].splitlines():
        if line.startswith("::"):
            assert GITHUB_LINE.match(line), (case, line)
    assert len(outs["concise"].splitlines()) >= n_diags, case


def _baseline(site_dir: str):
    got = _BASELINES.get(site_dir)
    if got is None:
        report, _ = _run(ROOT / site_dir)
        by_file: dict[str, set] = {}
        for d in report.diagnostics:
            by_file.setdefault(d.display_path, set()).add((d.code, d.start.line))
        got = _BASELINES[site_dir] = (by_file, report.files_checked)
    return got


_BASELINES: dict = {}
ALL = _cases()


def _segments_kept(before: str, after: str, edits: list[tuple[int, int]]) -> bool:
    """Every stretch of ``before`` outside ``edits`` is in ``after``, in order."""
    pos = 0
    cur = 0
    for s, e in sorted(edits) + [(len(before), len(before))]:
        seg = before[cur:s]
        if seg:
            j = after.find(seg, pos)
            if j < 0:
                return False
            pos = j + len(seg)
        cur = max(cur, e)
    return True


@pytest.mark.parametrize("case", ALL, ids=str)
def test_fuzz_case(case: Case, tmp_path):
    from folio_lint.commands import exit_code

    site = tmp_path / "site"
    shutil.copytree(ROOT / case.site, site, symlinks=True)
    target = site / case.file
    original = target.read_bytes()
    mutated = mutate(case, original)
    target.write_bytes(mutated)

    # folio-lint check: findings, never an internal error
    if case.file == ".folio-lint.yml":  # folio-lint's own configuration: a wrong one is a usage error (exit 2)
        from folio_lint.discover import FolioLintError

        try:
            report, results = _run(site)
        except FolioLintError as e:
            assert str(e) and "Traceback" not in str(e), case
            return
    else:
        report, results = _run(site)
    codes = [d.code for d in report.diagnostics]
    assert "FL999" not in codes, (str(case), [d.message for d in report.diagnostics if d.code == "FL999"])
    assert exit_code(report, strict=False, exit_zero=False) in (0, 1), case
    _check_outputs(case, _render_all(report), len(report.diagnostics))

    # the other files are still checked: an untouched file keeps its findings unless it depends on the
    # mutated one (a page's findings may change with _config.yml, the .bib, _data or a linked page)
    base, checked = _baseline(case.site)
    if case.file.startswith(PAGE_DIRS) or "/" not in case.file and case.file.endswith((".md", ".html")):
        assert report.files_checked >= checked - 1, (str(case), report.files_checked, checked)
        now: dict[str, set] = {}
        for d in report.diagnostics:
            if d.display_path != case.file and d.code[:3] in ("FL0", "FL1"):
                now.setdefault(d.display_path, set()).add((d.code, d.start.line))
        want = {p: {x for x in v if x[0][:3] in ("FL0", "FL1")} for p, v in base.items() if p != case.file}
        assert now == {p: v for p, v in want.items() if v}, (str(case), "other files' findings changed")

    # the cache: a cold run and a warm run give what the uncached run gave
    if case.n % 5 == 0:
        want = [(d.display_path, d.start_offset, d.code, d.message) for d in report.diagnostics]
        for _ in range(2):
            got, _res = _run(site, use_cache=True)
            assert [(d.display_path, d.start_offset, d.code, d.message) for d in got.diagnostics] == want, case
        shutil.rmtree(site / ".folio-lint-cache", ignore_errors=True)

    # --fix on a copy (every other case): nothing outside the first pass's edits is lost
    if case.n % 2 == 0:
        _check_fix(case, site, tmp_path, report)

    # the editor server: the mutated text as an unsaved buffer of the unmutated site
    if case.file.endswith((".md", ".html", ".markdown")):
        _check_server(case, mutated)
    shutil.rmtree(tmp_path, ignore_errors=True)  # (passed: 200 site copies need not wait for pytest's clean-up)


def _check_fix(case: Case, site: Path, tmp_path: Path, report) -> None:
    fix_site = tmp_path / "fix"
    shutil.copytree(site, fix_site, symlinks=True)
    before = {p.relative_to(fix_site).as_posix(): p.read_bytes() for p in fix_site.rglob("*") if p.is_file()}
    unsafe = case.n % 4 == 2
    from folio_lint import fixer

    edits: dict[str, list[tuple[int, int]]] = {}
    for d in report.diagnostics:
        if fixer.applicable(d.fix, unsafe):
            edits.setdefault(d.display_path, []).extend((e.start, e.end) for e in d.fix.edits)
    freport, _fres, outcome = _run(fix_site, fix=True, unsafe=unsafe, max_passes=1)
    assert "FL999" not in {d.code for d in freport.diagnostics}, case
    for rel, raw in before.items():
        now = (fix_site / rel).read_bytes()
        if rel not in edits:
            assert now == raw, (str(case), rel, "changed without a fix")
            continue
        if now == raw:
            continue
        assert raw.startswith(b"\xef\xbb\xbf") == now.startswith(b"\xef\xbb\xbf"), (str(case), rel, "BOM")
        a = raw.decode("utf-8").removeprefix("\ufeff")
        b = now.decode("utf-8").removeprefix("\ufeff")
        assert _segments_kept(a, b, edits[rel]), (str(case), rel, "bytes outside the fixes changed")
        if "\r\n" in a and "\n" not in a.replace("\r\n", ""):  # CRLF only: a fix keeps CRLF
            assert "\n" not in b.replace("\r\n", ""), (str(case), rel, "a bare LF in a CRLF file")
    # and the full --fix (all passes) settles without an internal error
    if case.n % 6 == 0:
        freport, _fres, outcome = _run(fix_site, fix=True, unsafe=unsafe)
        assert "FL999" not in {d.code for d in freport.diagnostics}, case
        assert outcome.converged, (str(case), outcome.passes)


_INDEXES: dict = {}


def _check_server(case: Case, mutated: bytes) -> None:
    """The server's path: ``SiteState.lint`` of an unsaved buffer, then its fix-all (the code action)."""
    from folio_lint.server import service
    from folio_lint.settings import Settings

    root = str(ROOT / case.site)
    if root not in _INDEXES:
        st = service.SiteState(root, Settings(), use_cache=False)
        _INDEXES[root] = st.build()
    st = service.SiteState(root, Settings(), site=_INDEXES[root], use_cache=False)  # indexes are immutable
    text = mutated.decode("utf-8", "replace")
    diags = st.lint(case.file, text, 1)
    assert "FL999" not in {d.code for d in diags}, case
    for d in diags:
        assert 0 <= d.start_offset <= d.end_offset <= len(text.removeprefix("\ufeff")), (str(case), d)
    fixed = service.fix_all(st, case.file, text)
    assert "FL999" not in {d.code for d in st.lint(case.file, fixed, 2)}, case
