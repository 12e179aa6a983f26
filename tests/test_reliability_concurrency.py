"""Two folio-lint processes on one site at once (pre-commit runs hooks in parallel; an editor
server and a CLI run side by side): the cache stays sound and fixes are neither lost nor doubled.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_reliability_fix import PAGE, _expected  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
N_PAGES = 30


def _env():
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    e.pop("GITHUB_ACTIONS", None)
    return e


def _site(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_config.yml").write_bytes(b"title: x\ninclude: [_pages]\n")
    pages = {}
    for i in range(N_PAGES):
        eol = "\r\n" if i % 2 else "\n"
        raw = PAGE.format(eol=eol).replace("permalink: /", f"permalink: /p{i}/").encode()
        p = site / "_pages" / f"p{i:02d}.md"
        p.write_bytes(raw)
        pages[p] = _expected(raw, eol.encode())
    (site / "_pages" / "broken.md").write_text("---\ntitle: a: b\n---\n[x](/nowhere/)\n")
    return site, pages


def _start(site: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "folio_lint", "check", "--format", "json", *args, "."], cwd=site,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(p: subprocess.Popen) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def _diags(out: str) -> list:
    d = json.loads(out)["diagnostics"]
    return sorted((x["path"], x["line"], x["column"], x["code"], x["message"]) for x in d)


def test_parallel_checks_share_the_cache(tmp_path):
    site, _ = _site(tmp_path)
    rc, ref, err = _finish(_start(site, "--no-cache"))
    assert rc == 1, err
    expected = _diags(ref)
    for _ in range(3):  # cold, then warm, then warm again: always two at once
        procs = [_start(site), _start(site)]
        for p in procs:
            rc, out, err = _finish(p)
            assert rc == 1, err[-2000:]
            assert _diags(out) == expected
    rc, out, err = _finish(_start(site))  # what the two left in the cache is sound
    assert rc == 1 and _diags(out) == expected


def test_corrupt_cache_is_a_miss(tmp_path):
    site, _ = _site(tmp_path)
    rc, ref, _ = _finish(_start(site, "--no-cache"))
    _finish(_start(site))  # fill the cache
    cache = site / ".folio-lint-cache"
    files = [p for p in cache.rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert files
    for i, p in enumerate(files):
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2] if i % 2 else b"\x00garbage" + data[8:])
    rc, out, err = _finish(_start(site))
    assert rc == 1, err[-2000:]
    assert _diags(out) == _diags(ref)


def test_parallel_fixes_neither_lost_nor_doubled(tmp_path):
    site, pages = _site(tmp_path)
    procs = [_start(site, "--fix"), _start(site, "--fix")]
    for p in procs:
        rc, out, err = _finish(p)
        assert rc in (0, 1), err[-2000:]
    for p, want in pages.items():
        assert p.read_bytes() == want, p.name
    leftovers = [p.name for p in (site / "_pages").iterdir() if p.name.startswith(".folio-lint-")]
    assert not leftovers
    rc, out, err = _finish(_start(site, "--fix"))  # nothing left to do
    assert "Fixing" not in err + out
    for p, want in pages.items():
        assert p.read_bytes() == want


def test_fix_while_checking_keeps_cache_sound(tmp_path):
    site, pages = _site(tmp_path)
    _finish(_start(site))  # warm cache
    procs = [_start(site, "--fix"), _start(site), _start(site)]
    for p in procs:
        rc, out, err = _finish(p)
        assert rc in (0, 1), err[-2000:]
    # after the fix, a cached run must see the fixed files, exactly like a run without the cache
    rc1, cached, _ = _finish(_start(site))
    rc2, fresh, _ = _finish(_start(site, "--no-cache"))
    assert _diags(cached) == _diags(fresh)
    for p, want in pages.items():
        assert p.read_bytes() == want
