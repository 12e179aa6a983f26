"""Opt-in checks of external links (``folio-lint check --external``); off by default (``--offline``).

Concurrent async HTTP with ``httpx``: HEAD first, GET when the server refuses HEAD; a per-host
concurrency limit and politeness delay; retries with exponential backoff that honour
``Retry-After``; timeouts; redirects followed one hop at a time so permanent ones (301/308) can
be reported; 401/403/429 from bot walls count as "unverified", not broken. Results are cached
in ``<site>/.folio-lint-cache/external.json`` (good results for ``max_age`` seconds — ``cache-ttl``
in ``.folio-lint.yml``, default a day — failures for a tenth of that).

The network work happens here, before the rules run; the rule FL320 (in
:mod:`folio_lint.rules.links`) only reads the results from ``site.extras["external"]``.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import os
import time
from dataclasses import asdict, dataclass
from typing import Callable, Iterable
from urllib.parse import urldefrag, urljoin, urlsplit

CACHE_DIR = ".folio-lint-cache"
CACHE_FILE = "external.json"
USER_AGENT = "folio-lint (+https://github.com/folio-lint/folio-lint) link checker"
BOT_WALL = {401, 403, 429, 999}


@dataclass
class Result:
    url: str
    status: int | None  # final HTTP status (None: no response)
    verdict: str  # "ok", "broken", "unverified", "error"
    detail: str = ""
    final_url: str | None = None  # after redirects
    permanent_redirect: bool = False
    checked_at: float = 0.0


@dataclass
class Options:
    timeout: float = 10.0
    per_host: int = 2
    total: int = 8
    delay: float = 0.25  # seconds between two requests to one host
    retries: int = 1
    backoff: float = 0.5
    max_retry_after: float = 30.0
    max_redirects: int = 8
    max_age: float = 86400.0
    cache: bool = True
    ignore: tuple[str, ...] = ()  # URL globs never requested
    accept: frozenset = frozenset()  # statuses that count as fine (e.g. 403 for a known bot wall)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        d = email.utils.parsedate_to_datetime(v)
        return max(0.0, d.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class _Host:
    def __init__(self, n: int, delay: float):
        self.sem = asyncio.Semaphore(n)
        self.delay = delay
        self.next_at = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self):
        async with self.lock:
            now = time.monotonic()
            if self.next_at > now:
                await asyncio.sleep(self.next_at - now)
            self.next_at = time.monotonic() + self.delay


def _without_userinfo(url: str) -> str:
    """``https://user:pass@host/x`` -> ``https://host/x``: external checks never send credentials."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


async def _request(client, host: _Host, method: str, url: str, opts: Options):
    """One request with retries; returns (response or None, error text)."""
    attempt = 0
    while True:
        async with host.sem:
            await host.wait_turn()
            try:
                r = await client.request(method, _without_userinfo(url), follow_redirects=False, timeout=opts.timeout)
                if method == "GET":
                    await r.aclose()
            except Exception as e:  # timeouts, DNS, TLS, connection resets
                r, err = None, f"{type(e).__name__}: {e}".rstrip(": ")
            else:
                err = ""
        retryable = r is None or r.status_code in (429, 502, 503, 504)
        if not retryable or attempt >= opts.retries:
            return r, err
        wait = opts.backoff * (2 ** attempt)
        if r is not None:
            ra = _retry_after(r.headers.get("retry-after"))
            if ra is not None:
                if ra > opts.max_retry_after:
                    return r, err
                wait = max(wait, ra)
        attempt += 1
        await asyncio.sleep(wait)


async def _check_one(client, hosts: dict, url: str, opts: Options) -> Result:
    current = url
    permanent = False
    for _hop in range(opts.max_redirects + 1):
        netloc = urlsplit(current).netloc.lower()
        host = hosts.setdefault(netloc, _Host(opts.per_host, opts.delay))
        r, err = await _request(client, host, "HEAD", current, opts)
        if r is not None and r.status_code in (400, 403, 404, 405, 406, 429, 500, 501, 999):
            r2, err2 = await _request(client, host, "GET", current, opts)  # many servers refuse HEAD
            if r2 is not None:
                r, err = r2, err2
        if r is None:
            verdict = "unverified" if "Timeout" in err else "error"
            return Result(url, None, verdict, err or "no response", current if current != url else None, permanent)
        s = r.status_code
        if s in opts.accept:
            return Result(url, s, "ok", f"HTTP {s} (accepted)", current if current != url else None, permanent)
        if s in (301, 302, 303, 307, 308) and r.headers.get("location"):
            permanent = permanent or s in (301, 308)
            current = urljoin(current, r.headers["location"])
            if urlsplit(current).scheme.lower() not in ("http", "https"):  # never file:, ftp:, data: ...
                return Result(url, s, "broken", f"redirects to a non-http(s) address ({current[:80]})", current, permanent)
            continue
        if 200 <= s < 300:
            return Result(url, s, "ok", "", current if current != url else None, permanent)
        if s in BOT_WALL:
            return Result(url, s, "unverified", f"HTTP {s}: the server refuses automated checks",
                          current if current != url else None, permanent)
        if s in (404, 410) or 400 <= s < 500:
            return Result(url, s, "broken", f"HTTP {s}", current if current != url else None, permanent)
        return Result(url, s, "unverified", f"HTTP {s} (server error)", current if current != url else None, permanent)
    return Result(url, None, "broken", f"more than {opts.max_redirects} redirects", current, permanent)


def _load_cache(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            d = json.load(fh)
        return d if isinstance(d, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_cache(path: str, data: dict) -> None:
    from .atomic import replace_file

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # a temporary file of its own (two runs at once never write the same one), then a rename
        replace_file(path, json.dumps(data, indent=0, sort_keys=True).encode("utf-8"), fsync=False)
    except OSError:
        pass


def check_urls(urls: Iterable[str], *, cache_root: str | None = None, opts: Options | None = None,
               progress: Callable[[int, int], None] | None = None, transport=None) -> dict[str, Result]:
    """Check URLs (fragments dropped, duplicates merged); returns {url: Result}."""
    import httpx

    opts = opts or Options()
    import fnmatch

    wanted = sorted({urldefrag(u)[0] for u in urls if u.lower().startswith(("http://", "https://"))
                     and not any(fnmatch.fnmatchcase(u, g) for g in opts.ignore)})
    cache_path = os.path.join(cache_root, CACHE_DIR, CACHE_FILE) if cache_root and opts.cache else None
    cache = _load_cache(cache_path) if cache_path else {}
    now = time.time()
    out: dict[str, Result] = {}
    todo = []
    for u in wanted:
        c = cache.get(u)
        if isinstance(c, dict):
            age = now - float(c.get("checked_at", 0))
            limit = opts.max_age if c.get("verdict") == "ok" else opts.max_age / 10
            if age <= limit:
                try:
                    out[u] = Result(**c)
                    continue
                except TypeError:
                    pass
        todo.append(u)

    async def main():
        limits = httpx.Limits(max_connections=opts.total, max_keepalive_connections=opts.total)
        kw = {"transport": transport} if transport is not None else {}
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        # no credentials: a jar that keeps no cookie (a server's Set-Cookie is never sent back)
        jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT, "Accept": "*/*"}, limits=limits,
                                     cookies=jar, **kw) as client:
            hosts: dict[str, _Host] = {}
            gate = asyncio.Semaphore(opts.total)
            done = 0

            async def run(u):
                nonlocal done
                async with gate:
                    res = await _check_one(client, hosts, u, opts)
                res.checked_at = time.time()
                out[u] = res
                done += 1
                if progress is not None:
                    progress(done, len(todo))

            await asyncio.gather(*(run(u) for u in todo))

    if todo:
        asyncio.run(main())
    if cache_path and todo:
        for u in todo:
            cache[u] = asdict(out[u])
        _save_cache(cache_path, cache)
    return out


def site_external_links(site, settings=None) -> dict[str, list[tuple[str, int, int]]]:
    """{url: [(doc path, start, end)]} of every external http(s) link of the site's documents."""
    from .body import scan_body
    from .links import extract_body_links
    from .rules.links import fm_links_of  # front-matter URLs: nav permalinks, children, redirect, og_image

    out: dict[str, list[tuple[str, int, int]]] = {}
    for p in sorted(site.documents):
        d = site.documents[p]
        if d.source.error:
            continue
        for l in extract_body_links(d.text, scan_body(d.text, d.body_start)) + fm_links_of(d, site):
            if l.kind == "external" and l.target.lower().startswith(("http://", "https://")):
                out.setdefault(l.target, []).append((p, l.start, l.end))
    return out


def options_from(settings) -> Options:
    """Options from ``external-links:`` in ``.folio-lint.yml`` (schema: schemas/folio-lint-config.schema.json):
    ``timeout``, ``concurrency``, ``retries``, ``cache-ttl`` (seconds), ``ignore`` (URL globs), ``accept``
    (status codes that count as fine). Ill-typed values keep the default."""
    o = Options()
    raw = settings.option("external-links", None) if settings is not None else None
    if not isinstance(raw, dict):
        return o

    def num(key, cast, attr):
        v = raw.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0:
            setattr(o, attr, cast(v))

    num("timeout", float, "timeout")
    num("concurrency", int, "total")
    num("retries", int, "retries")
    num("cache-ttl", float, "max_age")
    ign = raw.get("ignore")
    if isinstance(ign, list):
        o.ignore = tuple(str(x) for x in ign if isinstance(x, str) and x)
    acc = raw.get("accept")
    if isinstance(acc, list):
        o.accept = frozenset(int(x) for x in acc if isinstance(x, int) and not isinstance(x, bool))
    return o


def check_site_external(site, settings=None, *, opts: Options | None = None, progress=None, transport=None) -> dict:
    """Run the checks and keep the results in ``site.extras["external"]`` for rule FL320."""
    links = site_external_links(site, settings)
    if opts is None:
        opts = options_from(settings)
    results = check_urls(links, cache_root=None if site.standalone else site.root, opts=opts, progress=progress,
                         transport=transport)
    site.extras["external"] = {"links": links, "results": results}
    return site.extras["external"]


def terminal_progress(stream=None):
    """A one-line progress bar when ``stream`` is a terminal; None otherwise."""
    import sys

    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None

    def show(done: int, total: int):
        width = 30
        n = int(width * done / max(total, 1))
        stream.write(f"\rexternal links [{'#' * n}{'.' * (width - n)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
