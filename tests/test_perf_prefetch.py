"""The URL map built in a forked child while the parent loads the rules and computes the other
site-wide facts (``urls.prefetch_url_map``): the same map, the same findings, and no child left
behind (taken, failed or not wanted)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from folio_lint import engine, parallel, urls
from folio_lint.discover import build_site
from folio_lint.settings import Settings

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_site.py"
FIXTURE = REPO / "tests" / "fixtures" / "performance" / "site"


@pytest.fixture(scope="module")
def gen_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prefetch") / "site"
    if GEN.is_file():
        subprocess.run([sys.executable, str(GEN), str(out), "--pages", "300", "--seed", "11", "--fault-rate", "0.25", "-q"],
                       check=True)
    else:
        shutil.copytree(FIXTURE, out)
    return out


@pytest.fixture
def low_thresholds(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_DOCS", 20)
    monkeypatch.setattr(parallel, "PAGE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(engine, "PROBE_DOCS", 8)
    monkeypatch.setattr(engine, "PREFETCH_MIN_DOCS", 20)


def _no_children_left():
    try:
        assert os.waitpid(-1, os.WNOHANG) == (0, 0), "a child was left running"
    except ChildProcessError:
        pass  # none at all


@pytest.mark.parametrize("drafts", [False, True])
def test_packed_map_is_the_map(gen_site, drafts):
    site = build_site(str(gen_site))
    s = Settings(drafts=drafts)
    m = urls.build_url_map(site, s)
    got = urls.unpack_url_map(site, urls.pack_url_map(site, m))
    assert got == m  # every field: entries, statics, redirects, prefixes, patterns, refs, and the index
    assert list(got.by_output) == list(m.by_output) and list(got.entries) == list(m.entries)
    assert all(got.entries[p].path is p for p in site.documents)  # the index's own path strings


def _diags(site_path, select, jobs):
    site = build_site(str(site_path))
    res = engine.lint_site(site, Settings(select=select), cwd=str(site_path), jobs=jobs)
    return [(d.path, d.start_offset, d.end_offset, d.code, d.message, d.hint) for d in res.diagnostics], site


@pytest.mark.parametrize("select", [(), ("FL3", "FL4"), ("FL402",)])
def test_prefetched_runs_find_the_same(gen_site, low_thresholds, monkeypatch, select):
    if not parallel.fork_ok():
        pytest.skip("needs fork (Linux, single-threaded process)")
    taken = []
    real = urls.unpack_url_map
    monkeypatch.setattr(urls, "unpack_url_map", lambda site, data: taken.append(1) or real(site, data))
    one, _ = _diags(gen_site, select, 1)
    assert not taken  # one job: no child
    two, site = _diags(gen_site, select, 2)
    assert two == one and (one or select == ("FL402",))
    assert "urls_pending" not in site.extras
    if select != ("FL402",):
        assert taken  # the child's map was used
    _no_children_left()


def test_a_failed_child_is_replaced(gen_site, low_thresholds, monkeypatch):
    if not parallel.fork_ok():
        pytest.skip("needs fork (Linux, single-threaded process)")
    one, _ = _diags(gen_site, (), 1)
    parent = os.getpid()
    real = urls.build_url_map

    def failing_in_child(site, settings=None):
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return real(site, settings)

    monkeypatch.setattr(urls, "build_url_map", failing_in_child)
    two, site = _diags(gen_site, (), 2)
    assert two == one and isinstance(site.extras.get("urls"), urls.UrlMap)
    _no_children_left()


def test_prefetch_only_where_it_can_pay(gen_site, monkeypatch):
    site = build_site(str(gen_site))
    started = []
    monkeypatch.setattr(urls, "prefetch_url_map", lambda *a, **k: started.append(1) or False)
    engine.lint_site(site, Settings(), jobs=2)  # 300 pages: under PREFETCH_MIN_DOCS
    engine.lint_site(build_site(str(gen_site)), Settings(select=("FL0", "FL1", "FL2")), jobs=2)
    assert not started
    monkeypatch.setattr(engine, "PREFETCH_MIN_DOCS", 20)
    monkeypatch.setattr(parallel, "MIN_DOCS", 20)
    engine.lint_site(build_site(str(gen_site)), Settings(select=("FL0", "FL1", "FL2")), jobs=2)  # no link rule
    engine.lint_site(build_site(str(gen_site)), Settings(), jobs=1)
    assert not started
    engine.lint_site(build_site(str(gen_site)), Settings(), jobs=2)
    assert started


# ---------------------------------------------------------------------- parse_date's shortcuts read what its pattern reads
def _parse_date_by_pattern(value, tz):
    """``urls.parse_date`` for strings, the pattern way only (no fixed-layout shortcuts)."""
    import datetime as dt

    m = urls._DATE_RE.match(value)
    if not m:
        return None
    y, mo, da, hh, mi, ss, off = m.groups()
    try:
        d = dt.datetime(int(y), int(mo), int(da), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if off:
        if off == "Z":
            d = d.replace(tzinfo=dt.timezone.utc)
        else:
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            d = d.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))))
    return d.replace(tzinfo=tz) if d.tzinfo is None else d.astimezone(tz)


def test_parse_date_shortcuts_agree_with_the_pattern():
    import datetime as dt
    import random
    from zoneinfo import ZoneInfo

    rnd = random.Random(3)
    vals = ["2024-01-01 10:00:00+2500", "2024-01-01 10:00:00-2359", "2024-01-01 24:00:00+0100", "2024-02-30 10:00:00",
            "2024-01-01T10:00:00+0000", "2024-01-01t10:00:00-0000", "2024-01-01 10:00:0a+0100", "0000-01-01", "2024-13-01",
            "２０２４-01-01", "2024-01-01 10:00:00 ", " 2024-01-01"]
    for _ in range(3000):
        v = (f"{rnd.randint(0, 2100):04d}-{rnd.randint(0, 13):02d}-{rnd.randint(0, 32):02d}"
             + rnd.choice(["", " ", "T", "t", "x"])
             + (f"{rnd.randint(0, 25):02d}:{rnd.randint(0, 60):02d}:{rnd.randint(0, 61):02d}" if rnd.random() < .8 else "")
             + rnd.choice(["", "", "Z", "-0400", "+0530", "+2400", "+01:00", "+05", "x"]))
        vals.append(v)
    for tz in (dt.timezone.utc, ZoneInfo("America/New_York")):
        for v in vals:
            try:
                want = ("ok", _parse_date_by_pattern(v, tz))
            except ValueError:
                want = ("error", None)
            try:
                got = ("ok", urls.parse_date(v, tz))
            except ValueError:
                got = ("error", None)
            fields = [(d.timetuple()[:6], d.tzinfo) if d is not None else None for _, d in (got, want)]
            assert got == want and fields[0] == fields[1], v
