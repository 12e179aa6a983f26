"""The URL model's fast paths answer as the general code does (issue 8: the URL map is built
before the page rules fork, so its cost is paid serially)."""

from __future__ import annotations

import datetime as dt
import posixpath


from hypothesis import given, settings
from hypothesis import strategies as st

from folio_lint import urls


def _parse_date_general(value: str, tz):
    m = urls._DATE_RE.match(value)
    if not m:
        return None
    y, mo, da, hh, mi, ss, off = m.groups()
    try:
        d = dt.datetime(int(y), int(mo), int(da), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if off:
        return ...  # not the fast path's business
    return d.replace(tzinfo=tz)


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
