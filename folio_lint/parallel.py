"""Across cores: parse front matter and run page rules in forked workers, only on big sites.

Design (measured, see README "Performance"):

* **fork, not spawn.** The parent has already read every file and (for page rules) built the
  whole :class:`~folio_lint.site.SiteIndex`; a forked child sees all of it copy-on-write, so
  nothing is sent *to* a worker. Only results come back, through a pipe, in a compact form
  (``marshal`` of plain tuples for parses, ``pickle`` of findings): pickling whole documents
  costs more than parsing them.
* **The parent is a worker too.** With ``n`` jobs the parent forks ``n - 1`` children and works
  alongside them, then collects. A parse gives each process one contiguous chunk (balanced by
  text size); the page rules cut the documents into many blocks that every process claims in
  order from one queue (:func:`run_chunks`), so a slower process simply does fewer. Concatenating
  chunks or blocks in order gives exactly the serial order.
* **Bodies ahead of time.** While the parent parses, a child of :mod:`folio_lint.prescan` may
  already scan the pages' bodies; the page workers inherit what it finished.
* **Only above a threshold** (:data:`MIN_DOCS`): below it a fork costs more than it saves.
* **Never a different result.** A child that fails in any way (exception, signal, unpicklable
  value) is ignored and its chunk or blocks are recomputed in the parent. Where ``fork`` is not available
  or not safe (Windows, macOS, a process with other threads such as the editor server), the
  work runs serially.
"""

from __future__ import annotations

import gc
import marshal
import operator
import os
import pickle
import sys
import threading
from dataclasses import fields
from typing import Any, Callable, Sequence

MIN_DOCS = 500  # fewer documents: run serially (a fork and its transfer cost ~10-30 ms)
# Front matter parses in ~25 us a page (the fast path); a parse phase in workers saved at most
# ~0.04 s at 10,000 pages with the second CPU idle and cost 0.1-0.3 s when it was busy (packing,
# sending, copy-on-write faults), so by default pages are parsed here; the page rules still fork.
PARSE_MIN_DOCS = 1_000_000
PAGE_MIN_SECONDS = 0.25  # page rules estimated to take less (one process) run here: after a fork both
# processes pay copy-on-write faults on every page of memory they touch (~50 ms each at 10,000 pages)
PARENT_SHARE = 1.15  # the parent's chunk, relative to a child's (a child also packs and sends its results)


def default_jobs() -> int:
    """Jobs when none is asked for: ``FOLIO_LINT_JOBS`` or the usable CPU count."""
    env = os.environ.get("FOLIO_LINT_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def fork_ok() -> bool:
    """Is forking safe here? Linux only, and only while this is the sole thread."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def effective_jobs(jobs: int | None, n_items: int, min_items: int | None = None) -> int:
    """Processes worth using for ``n_items`` (1: do it here)."""
    if min_items is None:
        min_items = MIN_DOCS
    j = default_jobs() if jobs is None or jobs <= 0 else jobs
    if j <= 1 or n_items < min_items or not fork_ok():
        return 1
    return min(j, max(1, n_items // max(1, min_items // 2)))


def chunk_bounds(weights: Sequence[int], n: int, first: float = 1.0) -> list[tuple[int, int]]:
    """Split ``range(len(weights))`` into ``n`` contiguous chunks of about equal total weight.

    ``first``: the first chunk's weight relative to each other chunk's (the parent works on the
    first chunk; a child also pays for sending its results and for copy-on-write faults)."""
    total = sum(weights) or 1
    parts = first + n - 1
    bounds: list[tuple[int, int]] = []
    start, acc, k = 0, 0, 1
    for i, w in enumerate(weights):
        acc += w
        if k < n and acc >= total * (first + k - 1) / parts and i + 1 < len(weights):
            bounds.append((start, i + 1))
            start, k = i + 1, k + 1
    bounds.append((start, len(weights)))
    return [b for b in bounds if b[0] < b[1]] or [(0, 0)]


def _read_all(fd: int) -> bytes:
    parts = []
    while True:
        b = os.read(fd, 1 << 20)
        if not b:
            break
        parts.append(b)
    return b"".join(parts)


def fork_map(work: Callable[[int, int], bytes], bounds: list[tuple[int, int]],
             local: Callable[[int, int], Any]) -> list[Any]:
    """``local(*bounds[0])`` here and ``work(start, end) -> bytes`` for every other chunk in a forked child.

    Returns ``[local result, bytes of chunk 1, ...]``; ``None`` for a chunk whose child failed
    (the caller recomputes it). Children inherit the parent's memory and leave with ``os._exit``
    (no atexit handlers, no flushing of the parent's buffered output).
    """
    children: list[tuple[int, int]] = []
    frozen = hasattr(gc, "freeze")
    if frozen:
        gc.freeze()  # keep the children's collector from touching (and copying) inherited objects
    try:
        for (s, e) in bounds[1:]:
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(r)
                os.close(w)
                children.append((-1, -1))
                continue
            if pid == 0:  # child
                code = 1
                try:
                    os.close(r)
                    gc.disable()
                    data = work(s, e)
                    view = memoryview(data)
                    while view:
                        n = os.write(w, view)
                        view = view[n:]
                    code = 0
                except BaseException:  # noqa: BLE001 - the parent recomputes this chunk
                    code = 1
                finally:
                    os._exit(code)
            os.close(w)
            children.append((pid, r))
        out: list[Any] = [local(*bounds[0])]
        for pid, r in children:
            if pid < 0:
                out.append(None)
                continue
            try:
                data = _read_all(r)
            finally:
                os.close(r)
            _, status = os.waitpid(pid, 0)
            ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
            out.append(data if ok else None)
        return out
    finally:
        if frozen:
            gc.unfreeze()


# ---------------------------------------------------------------------- compact parse results
_GETTERS: dict[type, Callable[[Any], tuple]] = {}


def _flat(obj) -> tuple:
    """The fields of a dataclass instance, in order, as a tuple."""
    g = _GETTERS.get(type(obj))
    if g is None:
        names = [f.name for f in fields(obj)]
        get = operator.attrgetter(*names)
        g = _GETTERS[type(obj)] = (get if len(names) > 1 else (lambda o, _g=get: (_g(o),)))
    return g(obj)


def pack_front_matter(fm) -> Any:
    """A :class:`~folio_lint.frontmatter.FrontMatter` as plain tuples (``marshal``-able)."""
    if fm is None:
        return None
    y = fm.yaml
    nodes = getattr(y, "packed_nodes", None)  # still packed: as it came
    return (
        _flat(fm.split),
        y.data,
        nodes if nodes is not None else [(k, _flat(n)) for k, n in y.nodes.items()],
        [_flat(d) for d in y.duplicates],
        [_flat(t) for t in y.traps],
        [_flat(p) for p in y.problems],
        list(y.comments),
    )


def unpack_front_matter(t):
    from .frontmatter import FrontMatter
    from .source import FrontMatterSplit
    from .yamlload import Duplicate, PackedYamlResult, Problem, Trap

    if t is None:
        return None
    split, data, nodes, dups, traps, problems, comments = t
    return FrontMatter(
        FrontMatterSplit(*split),
        PackedYamlResult(  # positions built when first asked for
            data,
            nodes,
            [Duplicate(*d) for d in dups] if dups else [],
            [Trap(*x) for x in traps] if traps else [],
            [Problem(*p) for p in problems] if problems else [],
            list(comments),
        ),
    )


def parse_many(sources: list, jobs: int | None, *, packed: list | None = None) -> list:
    """Front matter of every source (``parse_front_matter``), across ``jobs`` processes when it pays.

    ``packed``: a list to fill with each result's :func:`pack_front_matter` form where it is at
    hand (parsed in a worker), else None (the cache then packs what it keeps).
    """
    from .frontmatter import parse_front_matter

    n = effective_jobs(jobs, len(sources), max(MIN_DOCS, PARSE_MIN_DOCS))
    if n <= 1:
        if packed is not None:
            packed.extend([None] * len(sources))
        return [parse_front_matter(s) for s in sources]
    # about the time a parse takes
    bounds = chunk_bounds([min(len(s.text), 4000) + 2000 for s in sources], n, PARENT_SHARE)

    def work(s: int, e: int) -> bytes:
        return marshal.dumps([pack_front_matter(parse_front_matter(x)) for x in sources[s:e]])

    out: list = []
    first = True
    def local(s: int, e: int) -> list:
        return [parse_front_matter(x) for x in sources[s:e]]

    for (s, e), data in zip(bounds, fork_map(work, bounds, local)):
        if first:
            out.extend(data)
            if packed is not None:
                packed.extend([None] * (e - s))
            first = False
            continue
        try:
            got = marshal.loads(data) if data is not None else None
        except (EOFError, ValueError, TypeError):
            got = None
        if got is None or len(got) != e - s:
            out.extend(parse_front_matter(x) for x in sources[s:e])
            if packed is not None:
                packed.extend([None] * (e - s))
        else:
            out.extend(unpack_front_matter(p) for p in got)
            if packed is not None:
                packed.extend(got)
    return out


# Memo kinds (first item of a ``ctx.cached`` key) whose values site rules read after the page
# rules: workers send these back so the parent does not recompute them. Only compact per-page
# summaries (a site rule's ``worker_summary``, computed in the worker after its pages), not
# what they are made from: FL311's missing targets of each page, not every link and resolution
# (~4 MB at 10k pages: 0.12 s to pickle in the child, 0.06 s to merge). Any other kind a site
# rule needs is recomputed here.
SHIP_BACK_KINDS = frozenset({"missing-targets"})


def memo_state(memo: dict, before: set) -> dict:
    """In a worker: {key: value} of the memo entries of the shipped kinds it added.

    Not pickled here: the caller pickles it with the findings in one go, so that the paths in
    keys, values and findings are written once each.
    """
    return {k: v for k, v in memo.items()
            if isinstance(k, tuple) and k and k[0] in SHIP_BACK_KINDS and k not in before}


def merge_memo_state(memo: dict, state) -> None:
    if state:
        for k, v in state.items():
            memo.setdefault(k, v)


BLOCKS_PER_JOB = 24  # page-rule blocks per process: small enough that the last ones even out the ends


def run_chunks(items: Sequence[Any], jobs: int | None, compute: Callable[[Sequence[Any]], list],
               weight: Callable[[Any], int] = lambda _x: 1, *, state: Callable[[], Any] | None = None) -> tuple[list, list]:
    """``compute(items)`` split across processes; results concatenated in order.

    The items are cut into blocks of about equal total ``weight``, many more than processes;
    the parent and its forked children claim them in order from a shared queue (a pipe holding
    the block numbers) until none is left, so a process slowed by anything (a heavier block, a
    busy CPU, copy-on-write faults) simply claims fewer. ``compute`` returns a picklable list.
    ``state()`` is called in each child after its last block and its (picklable) value returned
    with the results: ``(results, [state of each child])``. A block claimed by a child that
    failed is recomputed in the parent (a failed child has no state entry).
    """
    n = effective_jobs(jobs, len(items))
    if n <= 1:
        return list(compute(items)), []
    bounds = chunk_bounds([weight(x) for x in items], n * BLOCKS_PER_JOB)
    done: dict[int, list] = {}
    states: list = []
    got = _claim_blocks(len(bounds), n, lambda k: list(compute(items[bounds[k][0]:bounds[k][1]])), state)
    done.update(got[0][0])
    for g in got[1:]:
        if g is not None:
            done.update(g[0])
            states.append(g[1])
    out: list = []
    for k, (s, e) in enumerate(bounds):
        res = done.get(k)
        out.extend(res if res is not None else compute(items[s:e]))
    return out, states


def _claim_blocks(nblocks: int, n: int, work: Callable[[int], list], state) -> list:
    """Run ``work(k)`` for every block ``k`` across ``n`` processes (this one and ``n - 1``
    forked children), each claiming the next block number from a pipe. Returns, for this
    process and then each child, ``({k: result}, state)``; None for a child that failed."""
    qr, qw = os.pipe()
    try:
        os.write(qw, b"".join(k.to_bytes(4, "little") for k in range(nblocks)))  # (read by nobody yet)
    finally:
        os.close(qw)  # an empty queue then reads as end of file: no block left

    def claim_all() -> dict[int, list]:
        mine: dict[int, list] = {}
        while True:
            b = os.read(qr, 4)  # (a pipe read is atomic: two processes never get the same number)
            if len(b) < 4:
                return mine
            k = int.from_bytes(b, "little")
            mine[k] = work(k)

    def child() -> bytes:
        mine = claim_all()
        return pickle.dumps((mine, state() if state is not None else None), protocol=pickle.HIGHEST_PROTOCOL)

    try:
        got = fork_map(lambda _s, _e: child(), [(0, 0)] * n, lambda _s, _e: (claim_all(), None))
    finally:
        os.close(qr)
    out: list = [got[0]]
    for data in got[1:]:
        try:
            out.append(pickle.loads(data) if data is not None else None)
        except Exception:  # noqa: BLE001 - its blocks are recomputed
            out.append(None)
    return out
