"""The URL model's fast paths answer as the general code does (issue 8: the URL map is built
before the page rules fork, so its cost is paid serially)."""

from __future__ import annotations

import datetime as dt
import posixpath


from hypothesis import given, settings
from hypothesis import strategies as st

from folio_lint import urls


def _parse_date_by_pattern(value, tz):
    """``urls.parse_date`` for strings, the pattern way only (no fixed-layout shortcuts)."""
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


def _parse_date_general(value: str, tz):
    m = urls._DATE_RE.match(value)
    if m and m.group(7):
        return ...  # not the fast path's business
    return _parse_date_by_pattern(value, tz)


TZS = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5))]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("0123456789-: ") + ["\u0663", "T", "Z"]), min_size=8, max_size=12), st.sampled_from(TZS))
def test_parse_date_fast_path_same_as_pattern(value, tz):
    want = _parse_date_general(value, tz)
    if want is ...:
        return
    got = urls.parse_date(value, tz)
    assert got == want and (got is None or got.tzinfo is tz)


def test_parse_date_examples():
    utc = dt.timezone.utc
    assert urls.parse_date("2024-02-29", utc) == dt.datetime(2024, 2, 29, tzinfo=utc)
    assert urls.parse_date("2023-02-29", utc) is None
    assert urls.parse_date("0000-01-01", utc) is None
    assert urls.parse_date("2024-1-5", utc) == dt.datetime(2024, 1, 5, tzinfo=utc)
    assert urls.parse_date("\u0662\u0660\u0662\u0664-01-05", utc) == dt.datetime(2024, 1, 5, tzinfo=utc)  # Arabic-Indic digits


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("a._-")), max_size=8))
def test_ext_same_as_splitext(name):
    assert urls._ext(name) == posixpath.splitext(name)[1]


TEMPLATES = ["/blog/:year/:title/", "/:categories/:year/:month/:day/:title:output_ext", "/:collection/:path/",
             "/news/:path/", "/x/:title_/:slug-:name", "/:i_day/:i_month/:short_year/:y_day/:week", "/:unknown/:title",
             "/p/:titles/", ":title", "/static/", "/:categories/:title_x:output_ext", ""]


def test_drop_plan_same_as_fill_drop():
    d = urls._DocDrop("posts", "/sub/My Post", ".html", "2020-01-02-my-post", "My Post", ["a b", "c"],
                      dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    for t in TEMPLATES:
        try:
            want = urls._fill_drop(t, d)
        except urls.UnknownPlaceholder as e:
            want = ("raise", str(e))
        try:
            got = urls._fill_plan(urls._drop_plan(t), d)
        except urls.UnknownPlaceholder as e:
            got = ("raise", str(e))
        assert got == want, t


def test_parse_date_shortcuts_agree_with_the_pattern():
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


def test_sanitize_url_collapses_slash_runs_as_the_regex_did():
    import random
    import re

    runs = re.compile(r"/{2,}")
    rnd = random.Random(1)
    for _ in range(20000):
        s = "".join(rnd.choice("/./ab") for _ in range(rnd.randint(0, 12)))
        t = ("/" + s).replace("..", "/").replace("./", "")
        assert urls.sanitize_url(s) == (runs.sub("/", t) if "//" in t else t), s
