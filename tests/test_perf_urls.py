"""The URL map's shortcuts read what the straightforward code reads: ``urls.parse_date``'s
fixed-layout dates against its pattern, ``urls.sanitize_url``'s slash runs against the regex."""

from __future__ import annotations

from folio_lint import urls


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


def test_sanitize_url_collapses_slash_runs_as_the_regex_did():
    import random
    import re

    runs = re.compile(r"/{2,}")
    rnd = random.Random(1)
    for _ in range(20000):
        s = "".join(rnd.choice("/./ab") for _ in range(rnd.randint(0, 12)))
        t = ("/" + s).replace("..", "/").replace("./", "")
        assert urls.sanitize_url(s) == (runs.sub("/", t) if "//" in t else t), s
