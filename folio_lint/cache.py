"""``.folio-lint-cache/``: skip work whose inputs have not changed, never changing a result.

Two levels, both in ``<site root>/.folio-lint-cache/<code fingerprint>/``:

* **parse cache** (``parse.bin``): the parsed front matter of every page (data, positions,
  duplicates, YAML traps and problems), keyed by a BLAKE2 hash of the page's front-matter text
  (everything up to and including the closing ``---``: the parse depends on nothing else), so
  editing a page's body or any other page keeps it. Used whenever the site has to be indexed.
* **facts cache** (``facts.bin``): other per-file facts a rule module computes from one file's
  text alone, through :func:`facts` (a parsed ``.bib`` bibliography), keyed by a hash of that text.
* **run cache** (``run-<key>.bin``): the diagnostics of a whole ``check`` of one site, keyed by
  the tool's code fingerprint, the effective settings, the reported files, the working folder
  and a *manifest* of every file under the site root (path, size, mtime in ns, inode, ctime in ns — the
  change time cannot be set back, so `cp -a`/`rsync -a`/`touch -r` rewrites are seen; ``.git/``
  and the cache itself left out). A warm run with nothing changed stats the tree and prints the
  stored diagnostics without reading or parsing a page. Files modified less than
  :data:`RACY_SECONDS` before the entry was written also have their content hash stored and
  checked (like git's "racy" index entries), because a later edit within the same clock tick
  could leave size and mtime unchanged.

Page-rule findings are not cached per file: link rules read other pages (their URLs and
heading ids), so a page's findings depend on the whole site; site rules and page rules always
run on a miss (with the parse cache and, on big sites, both cores).

The code fingerprint hashes the version and the size/mtime of every file of the installed
package (Python modules, schemas, data), so an upgrade or a local edit never serves stale
results. Every file is written atomically (:func:`folio_lint.atomic.replace_file`, without fsync)
and carries a checksum: a corrupt, truncated or foreign file is a miss, never an error, and two
processes writing at once leave one complete file or the other.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import pickle
import stat
import time
from typing import Any, Iterable

from . import __version__
from .atomic import replace_file

CACHE_DIR = ".folio-lint-cache"
FORMAT = 1
MAGIC = b"FLC1"
RACY_SECONDS = 2.0
MAX_RUN_ENTRIES = 16
SKIP_DIRS = frozenset({".git", CACHE_DIR, ".hg", ".svn"})

_code_fp: str | None = None
_ACTIVE: "SiteCache | None" = None  # the cache of the site being linted (set by TargetCache)


def facts(kind: str, content: str, compute):
    """``compute()`` for a per-file fact that depends only on ``content`` (and the code), cached
    across runs when a run uses the cache (e.g. a parsed ``.bib`` file). Without one: ``compute()``.

    ``content`` must hold everything the result depends on (the text, and the path if the result
    mentions it); the value must pickle (else it is simply not kept).
    """
    sc = _ACTIVE
    if sc is None:
        return compute()
    return sc.fact(kind, content, compute)


# ---------------------------------------------------------------------- fingerprints
def code_fingerprint() -> str:
    """Version + (path, size, mtime) of every file of the package and its schemas."""
    global _code_fp
    if _code_fp is not None:
        return _code_fp
    h = hashlib.blake2b(digest_size=10)
    h.update(f"{__version__}|{FORMAT}".encode())
    pkg = os.path.dirname(os.path.abspath(__file__))
    roots = [pkg]
    try:  # the schemas package (a sibling folder in a checkout, folio_lint/schemas in a wheel)
        import importlib.util

        spec = importlib.util.find_spec("folio_lint.schemas")
        if spec is not None and spec.submodule_search_locations:
            roots.extend(spec.submodule_search_locations)
    except Exception:  # noqa: BLE001
        pass
    for root in roots:
        for d, dirs, files in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__" and not x.startswith("."))
            for f in sorted(files):
                if f.endswith((".pyc", ".pyo")):
                    continue
                p = os.path.join(d, f)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(p, root)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    _code_fp = h.hexdigest()
    return _code_fp


def fm_key(text: str, body_start: int) -> bytes:
    """The parse-cache key of a page: a hash of its text up to the body."""
    return hashlib.blake2b(text[:body_start].encode("utf-8", "surrogatepass"), digest_size=16).digest()


def manifest(root: str) -> list[tuple[str, int, int, int, int]]:
    """(path, size, mtime_ns, inode, ctime_ns) of every file under ``root`` (symlinks: their target's, and
    the link text folded into the path), sorted. ``.git``, ``.hg``, ``.svn`` and the cache are left out."""
    out: list[tuple[str, int, int, int, int]] = []
    stack = [""]
    rroot = os.path.realpath(root)
    seen_links: set[str] = set()
    while stack:
        rel = stack.pop()
        base = os.path.join(root, rel) if rel else root
        try:
            it = os.scandir(base)
        except OSError:
            continue
        with it:
            for e in it:
                r = f"{rel}/{e.name}" if rel else e.name
                try:
                    link = e.is_symlink()
                    if e.is_dir():
                        if not rel and e.name in SKIP_DIRS:
                            continue
                        if link:  # followed by discovery when it stays inside the site
                            out.append((f"{r} -> {os.readlink(e.path)}", -1, 0, 0, 0))
                            real = os.path.realpath(e.path)
                            inside = real.startswith(rroot + os.sep)
                            loop = (os.path.realpath(base) + os.sep).startswith(real + os.sep)
                            if inside and not loop and real not in seen_links:
                                seen_links.add(real)
                                stack.append(r)
                            continue
                        stack.append(r)
                        continue
                    st = e.stat()
                    name = f"{r} -> {os.readlink(e.path)}" if link else r
                    out.append((name, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
                except OSError:
                    out.append((r, -2, 0, 0, 0))
    out.sort()
    return out


def _settings_repr(settings) -> str:
    try:
        text = repr(settings)
    except Exception:  # noqa: BLE001
        return object.__repr__(settings)
    # files the settings name outside the site (a user's schema given as ../schemas/x.json): their
    # size and mtime are part of the key, so editing one is never served a stale result
    seen: set[str] = set()

    def walk(v, depth=0):
        if depth > 8:
            return
        if isinstance(v, str):
            p = v.split("#", 1)[0]
            if len(p) < 4096 and os.path.isabs(p) and p not in seen:
                seen.add(p)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x, depth + 1)
        elif isinstance(v, (list, tuple, set, frozenset)):
            for x in v:
                walk(x, depth + 1)

    walk(getattr(settings, "options", None))
    extra = []
    for p in sorted(seen):
        try:
            st = os.stat(p)
            extra.append(f"{p}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            extra.append(f"{p}|-")
    return text + "\n" + "\n".join(extra)


# ---------------------------------------------------------------------- safe files
def _hash_file(path: str) -> bytes:
    """BLAKE2 of a regular file's bytes; a fixed marker for pipes, sockets and devices (never
    opened for reading: a named pipe with no writer would block)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"not-a-regular-file"
        h = hashlib.blake2b(digest_size=16)
        while True:
            b = os.read(fd, 1 << 20)
            if not b:
                break
            h.update(b)
        return h.digest()
    finally:
        os.close(fd)


def _write_atomic(path: str, payload: bytes) -> bool:
    d = os.path.dirname(path)
    try:
        os.makedirs(d, exist_ok=True)
        _ensure_gitignore(os.path.dirname(d))
        # no fsync: a cache file lost in a crash is only recomputed (and a torn one fails its MAC)
        replace_file(path, (MAGIC, _mac(payload), payload), fsync=False, prefix=".tmp-", suffix="")
        return True
    except OSError:
        return False  # a read-only site: run without caching


def _read_checked(path: str) -> bytes | None:
    """The payload of a cache file this user wrote on this machine, else None.

    The check is a keyed MAC (:func:`_mac`) rather than a plain checksum: cache files live in the
    site, so one committed to a repository must never be unpickled (that would run its code)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None  # a planted pipe or device: never read (it could block)
        chunks = []
        while True:
            b = os.read(fd, 1 << 22)
            if not b:
                break
            chunks.append(b)
        blob = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(blob) < 20 or blob[:4] != MAGIC:
        return None
    payload = blob[20:]
    if not hmac.compare_digest(_mac(payload), blob[4:20]):
        return None
    return payload


_KEY: bytes | None = None


def _mac(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16, key=_secret()).digest()


def _secret() -> bytes:
    """A per-user random key kept outside every site (``$XDG_CACHE_HOME/folio-lint/cache-key``,
    mode 0600). Without a writable home, a per-process key: the cache then works within one run only."""
    global _KEY
    if _KEY is not None:
        return _KEY
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "folio-lint", "cache-key")
    key = None
    try:
        with open(path, "rb") as fh:
            key = fh.read(64)
    except OSError:
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            new = os.urandom(32)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(new)
            key = new
        except FileExistsError:  # another process made it first
            try:
                with open(path, "rb") as fh:
                    key = fh.read(64)
            except OSError:
                key = None
        except OSError:
            key = None
    if not key or len(key) < 16:
        key = os.urandom(32)
    _KEY = key[:64]
    return _KEY


def _ensure_gitignore(cache_root: str) -> None:
    p = os.path.join(cache_root, ".gitignore")
    if not os.path.exists(p):
        try:
            with open(p, "w", encoding="utf-8") as fh:
                fh.write("# created by folio-lint\n*\n")
        except OSError:
            pass


def clean(root: str) -> bool:
    """Remove ``<root>/.folio-lint-cache``. True if there was one."""
    import shutil

    p = os.path.join(root, CACHE_DIR)
    if not os.path.isdir(p):
        return False
    shutil.rmtree(p, ignore_errors=True)
    return True


# ---------------------------------------------------------------------- the cache of one site
class SiteCache:
    """The cache folder of one site root, for one version of the code."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.base = os.path.join(self.root, CACHE_DIR)
        self.dir = os.path.join(self.base, f"v{FORMAT}-{code_fingerprint()}")
        self._parse: dict | None = None
        self._parse_dirty = False
        self._parse_used: set = set()
        self._facts: dict | None = None
        self._facts_dirty = False
        self._facts_used: set = set()
        self.stats = {"parse_hits": 0, "parse_misses": 0, "run": "off"}

    # -------------------------------------------------------------- parse cache
    def _load_dict(self, name: str, loads) -> dict:
        """The dict in cache file ``name`` (read with ``loads``); empty if missing, foreign or corrupt."""
        payload = _read_checked(os.path.join(self.dir, name))
        if payload is not None:
            try:
                d = loads(payload)
            except Exception:  # noqa: BLE001 - corrupt: start afresh
                return {}
            if isinstance(d, dict):
                return d
        return {}

    def _load_parse(self) -> dict:
        if self._parse is None:
            self._parse = self._load_dict("parse.bin", marshal.loads)
        return self._parse

    def parse_all(self, sources: list, jobs: int | None) -> list:
        """Front matter of every source: from the cache where the front-matter text is known,
        parsed (across ``jobs`` processes on big sites) where not."""
        from .parallel import pack_front_matter, parse_many, unpack_front_matter
        from .source import split_front_matter

        cache = self._load_parse()
        out: list = [None] * len(sources)
        todo: list[int] = []
        keys: dict[int, bytes] = {}
        for i, src in enumerate(sources):
            if src.error is not None:
                continue  # parse_front_matter gives None
            sp = split_front_matter(src.text)
            if sp is None:
                continue
            if not sp.closed:
                todo.append(i)
                continue
            k = fm_key(src.text, sp.body_start)
            keys[i] = k
            packed = cache.get(k)
            if packed is not None:
                try:
                    out[i] = unpack_front_matter(packed)
                    self._parse_used.add(k)
                    self.stats["parse_hits"] += 1
                    continue
                except Exception:  # noqa: BLE001 - a foreign entry: parse again
                    pass
            todo.append(i)
        if todo:
            packs: list = []
            parsed = parse_many([sources[i] for i in todo], jobs, packed=packs)
            for i, fm, pk in zip(todo, parsed, packs):
                out[i] = fm
                k = keys.get(i)
                if k is None or fm is None:
                    continue
                cache[k] = pk if pk is not None else pack_front_matter(fm)
                self._parse_used.add(k)
                self._parse_dirty = True
                self.stats["parse_misses"] += 1
        return out

    def save_parse(self) -> None:
        if self._parse is None:
            return
        if len(self._parse) > len(self._parse_used):  # forget pages that are gone or changed
            self._parse = {k: v for k, v in self._parse.items() if k in self._parse_used}
            self._parse_dirty = True
        if not self._parse_dirty:
            return
        try:
            payload = marshal.dumps(self._parse)
        except ValueError:  # a value marshal cannot write (never plain YAML): keep the others
            ok = {}
            for k, v in self._parse.items():
                try:
                    marshal.dumps(v)
                except ValueError:
                    continue
                ok[k] = v
            self._parse = ok
            try:
                payload = marshal.dumps(ok)
            except ValueError:
                return
        _write_atomic(os.path.join(self.dir, "parse.bin"), payload)
        self._parse_dirty = False
        self._prune_versions()

    # -------------------------------------------------------------- per-file facts
    def fact(self, kind: str, content: str, compute):
        if self._facts is None:
            self._facts = self._load_dict("facts.bin", pickle.loads)
        k = (kind, hashlib.blake2b(content.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        self._facts_used.add(k)
        if k in self._facts:
            return self._facts[k]
        v = compute()
        try:
            pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            return v
        self._facts[k] = v
        self._facts_dirty = True
        return v

    def save_facts(self) -> None:
        if self._facts is None:
            return
        if set(self._facts) - self._facts_used:
            self._facts = {k: v for k, v in self._facts.items() if k in self._facts_used}
            self._facts_dirty = True
        if self._facts_dirty:
            try:
                payload = pickle.dumps(self._facts, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001
                return
            _write_atomic(os.path.join(self.dir, "facts.bin"), payload)
            self._facts_dirty = False

    # -------------------------------------------------------------- run cache
    def run_key(self, man: list, settings, report: Iterable[str] | None, cwd: str, extra: str = "") -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{FORMAT}|{__version__}|{code_fingerprint()}|{self.root}|{cwd}|{extra}\n".encode())
        h.update(_settings_repr(settings).encode("utf-8", "replace"))
        h.update(b"\nreport:" + repr(None if report is None else sorted(report)).encode("utf-8", "replace"))
        h.update(b"\nfiles:")
        h.update(repr(man).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def load_run(self, key: str) -> Any | None:
        p = os.path.join(self.dir, f"run-{key}.bin")
        payload = _read_checked(p)
        if payload is None:
            return None
        try:
            entry = pickle.loads(payload)
            value, racy = entry["value"], entry["racy"]
        except Exception:  # noqa: BLE001 - corrupt or from another version
            return None
        for rel, digest in racy:  # files that may have changed within one clock tick
            try:
                if _hash_file(os.path.join(self.root, rel)) != digest:
                    return None
            except OSError:
                return None
        try:
            os.utime(p)  # recently used: kept when pruning
        except OSError:
            pass
        return value

    def save_run(self, key: str, value: Any, man: list, written_at: float | None = None) -> None:
        t = (written_at if written_at is not None else time.time()) - RACY_SECONDS
        limit = int(t * 1e9)
        racy = []
        for rel, size, mtime, _ino, ctime in man:
            if size >= 0 and max(mtime, ctime) >= limit and " -> " not in rel:
                try:
                    racy.append((rel, _hash_file(os.path.join(self.root, rel))))
                except OSError:
                    return  # cannot vouch for it: no entry
        try:
            payload = pickle.dumps({"value": value, "racy": racy}, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - something unpicklable in a finding: no entry
            return
        if _write_atomic(os.path.join(self.dir, f"run-{key}.bin"), payload):
            self._prune_runs()

    def _prune_runs(self) -> None:
        try:
            entries = [e for e in os.scandir(self.dir) if e.name.startswith("run-")]
            if len(entries) <= MAX_RUN_ENTRIES:
                return
            entries.sort(key=lambda e: e.stat().st_mtime_ns)
            for e in entries[: len(entries) - MAX_RUN_ENTRIES]:
                os.unlink(e.path)
        except OSError:
            pass

    def _prune_versions(self) -> None:
        """Remove cache folders of other versions of the code."""
        import shutil

        try:
            for e in os.scandir(self.base):
                if e.is_dir() and e.name.startswith("v") and e.path != self.dir:
                    shutil.rmtree(e.path, ignore_errors=True)
                elif e.name.startswith(".tmp-"):
                    pass
        except OSError:
            pass


# ---------------------------------------------------------------------- one target of a run
class TargetCache:
    """The cache as the runner uses it for one site target of ``folio-lint check``."""

    def __init__(self, root: str, settings, cwd: str, report_key: Any, jobs: int | None):
        self.site_cache = SiteCache(root)
        self.jobs = jobs
        self.t0 = time.time()
        self.manifest = manifest(self.site_cache.root)
        self.key = self.site_cache.run_key(self.manifest, settings, None, cwd, extra=repr(report_key))
        self.sources: dict = {}

    def hit(self):
        """The stored :class:`~folio_lint.engine.LintResult` (``site=None``) if nothing changed."""
        from .engine import LintResult
        from .source import read_source

        value = self.site_cache.load_run(self.key)
        if value is None:
            return None
        try:
            diags, files_checked, internal, checked = value
        except (TypeError, ValueError):
            return None
        root = self.site_cache.root
        for d in diags:  # code frames: read just the files that have findings
            if d.display_path not in self.sources:
                self.sources[d.display_path] = read_source(d.path, os.path.join(root, d.path))
        self.site_cache.stats["run"] = "hit"
        return LintResult(list(diags), files_checked, internal, None, checked)

    def parse(self, sources: list) -> list:
        global _ACTIVE
        _ACTIVE = self.site_cache  # per-file facts of this run (see facts()) until save()
        return self.site_cache.parse_all(sources, self.jobs)

    def save(self, res) -> None:
        global _ACTIVE
        if _ACTIVE is self.site_cache:
            _ACTIVE = None
        self.site_cache.save_parse()
        self.site_cache.save_facts()
        if res.internal_errors:
            return  # a crash in a rule is not a result worth keeping
        self.site_cache.stats["run"] = "miss"
        self.site_cache.save_run(self.key, (res.diagnostics, res.files_checked, res.internal_errors, res.checked),
                                 self.manifest, written_at=self.t0)
