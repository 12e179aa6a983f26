"""Benchmark of `folio-lint server` (issue 11): a script, not a test.

    python bench/server_bench.py [--pages 300] [--big 10000] [--runs 5] [--json out.json]

Generates sites with ../shared/bench/gen_site.py (next to this checkout) and measures, over a raw
JSON-RPC connection to the real server process (`python -m folio_lint server`):

* initialize: process start → `initialize` answered (median of --runs cold starts);
* index: `initialized` → the indexing progress ends, for the --big site: warm (the parse cache
  in the site's .folio-lint-cache/ current, as after any `folio-lint check` or earlier session)
  and cold (FOLIO_LINT_NO_CACHE=1: every page parsed); median of --runs;
* first diagnostics: the index done → an opened page's diagnostics published;
* scan: the index done → the background scan of every page's links (FL311) logged as done;
* floor: ``bench/floor.py`` on the --big site (a whole process: read + libyaml every front matter),
  between the index runs, so the ratios stay comparable on a loaded machine;
* many links: a page of 2,000 and of 20,000 links to one missing target opened in the --pages
  site → its diagnostics published, and a hover sent with it → answered;
* relint: one edit of a page of the --pages site → its diagnostics published, after the
  debounce (the debounce is set to 0 here; the server's default adds 200 ms on purpose).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/jsonrpc_client.py: this script's folder is on sys.path
from jsonrpc_client import Client

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_site.py"


def Conn(cwd: str, env: dict | None = None) -> Client:
    """The server of this checkout, started now (``c.t0``), over a raw JSON-RPC connection."""
    return Client(cwd, dict(os.environ, PYTHONPATH=str(REPO), **(env or {})))


def init(c: Client, root: str, options=None) -> float:
    """``initialize`` answered: seconds since the process started."""
    return c.initialize(root, pid=os.getpid(), options=options, progress=True)


def gen(out: Path, pages: int):
    if not (out / "_config.yml").exists():
        subprocess.run([sys.executable, str(GEN), str(out), "--pages", str(pages), "--seed", "1", "--quiet"], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--big", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "folio-lint-server-bench"))
    a = ap.parse_args()
    if not GEN.exists():
        sys.exit(f"needs {GEN}")
    wd = Path(a.workdir)
    wd.mkdir(parents=True, exist_ok=True)
    small, big = wd / f"site-{a.pages}", wd / f"site-{a.big}"
    gen(small, a.pages)
    gen(big, a.big)
    res = {}

    inits = []
    for _ in range(a.runs):
        c = Conn(str(small))
        inits.append(init(c, str(small)))
        c.close()
    res["initialize_ms"] = round(statistics.median(inits) * 1000, 1)

    def index_time(root: Path, cold: bool = False, more: bool = False):
        c = Conn(str(root), {"FOLIO_LINT_NO_CACHE": "1"} if cold else None)
        init(c, str(root), {"debounce": 0})
        t = time.perf_counter()
        c.notify("initialized", {})
        c.until(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end", timeout=300)
        t_end = time.perf_counter()
        dt = t_end - t
        if not more:
            c.close()
            return dt
        page = next(p for p in sorted((root / "_pages").glob("*.md")))
        uri = page.as_uri()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                           "text": page.read_text(encoding="utf-8")}})
        c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        first = time.perf_counter() - t_end
        c.until(lambda m: m.get("method") == "window/logMessage" and "missing targets in" in m["params"]["message"],
                timeout=300)
        scan = time.perf_counter() - t_end
        c.close()
        return dt, first, scan

    def floor_time(root: Path) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "bench" / "floor.py"), str(root)], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    n_idx = max(3, a.runs)
    index_time(big)  # the parse cache of this code, as any earlier run leaves it
    warm, cold, floor = [], [], []
    for _ in range(n_idx):
        warm.append(index_time(big))
        cold.append(index_time(big, cold=True))
        floor.append(floor_time(big))
    res["index_big_s"] = round(statistics.median(warm), 3)
    res["index_big_cold_s"] = round(statistics.median(cold), 3)
    res["floor_big_s"] = round(statistics.median(floor), 3)
    _, first, scan = index_time(big, more=True)
    res["first_diagnostics_big_ms"] = round(first * 1000, 1)
    res["scan_big_s"] = round(scan, 3)
    res["index_small_s"] = round(index_time(small), 3)

    def relint(root: Path, runs: int) -> dict:
        """Median/max ms from an edit to its diagnostics: front-matter edits (site rules re-run) and
        prose edits (site-rule findings reused)."""
        c = Conn(str(root))
        init(c, str(root), {"debounce": 0})
        c.notify("initialized", {})
        c.until(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end", timeout=300)
        page = next(p for p in sorted((root / "_pages").glob("*.md")))
        text = page.read_text(encoding="utf-8")
        uri = page.as_uri()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        out = {}
        v = 1
        for kind in ("front-matter", "prose"):
            lat = []
            for k in range(2 * runs):
                v += 1
                if kind == "front-matter":
                    new = text.replace("title:", "titel:", 1) if k % 2 else text
                else:
                    new = text + ("\nMore words." * (k + 1))
                t = time.perf_counter()
                c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                                    "contentChanges": [{"text": new}]})
                c.until(lambda m, v=v: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri and m["params"].get("version") == v)
                lat.append(time.perf_counter() - t)
            out[kind] = (round(statistics.median(lat) * 1000, 1), round(max(lat) * 1000, 1))
        c.close()
        return out

    def many_links(root: Path, lines: int) -> tuple[float, float]:
        """A page of ``lines`` x 100 links to one missing target (QA, issue 11): open → its
        diagnostics published, and a hover sent with the open → answered (s)."""
        c = Conn(str(root))
        init(c, str(root), {"debounce": 0})
        c.notify("initialized", {})
        c.until(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end", timeout=300)
        page = root / "_pages" / f"zz-many-{lines}.md"
        text = "---\nlayout: page\ntitle: Many\n---\n" + ("[a](/no-such-target/) " * 100 + "\n") * lines
        uri = page.as_uri()
        t = time.perf_counter()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}})
        diag = hov = None
        while diag is None or hov is None:
            m = c.until(lambda m: m.get("id") == h or (m.get("method") == "textDocument/publishDiagnostics"
                                                       and m["params"]["uri"] == uri and m["params"]["diagnostics"]),
                        timeout=300)
            if m.get("id") == h:
                hov = time.perf_counter() - t
            else:
                diag = time.perf_counter() - t
        c.close()
        return diag, hov

    res["many_links_s"] = {str(n * 100): [round(x, 2) for x in many_links(small, n)] for n in (20, 200)}
    res["relint_small_ms"] = relint(small, a.runs)
    res["relint_big_ms"] = relint(big, a.runs)
    res.update(pages_small=a.pages, pages_big=a.big)
    print(f"initialize answered        {res['initialize_ms']:8.1f} ms   (target <= 300 ms)")
    fl = res["floor_big_s"] or 1
    print(f"index {a.big:>6}-page site     {res['index_big_s'] * 1000:8.0f} ms   (target <= 2000 ms; parse cache current; "
          f"{res['index_big_s'] / fl:.2f}x the floor)")
    print(f"index {a.big:>6}-page site     {res['index_big_cold_s'] * 1000:8.0f} ms   (no parse cache; "
          f"{res['index_big_cold_s'] / fl:.2f}x the floor)")
    print(f"floor.py {a.big:>6}-page site  {fl * 1000:8.0f} ms   (read + libyaml, a whole process)")
    print(f"first diagnostics, {a.big:>6} pages {res['first_diagnostics_big_ms']:6.0f} ms   (index done -> an opened page's)")
    print(f"FL311 link scan, {a.big:>6} pages {res['scan_big_s'] * 1000:8.0f} ms   (background, after the index)")
    print(f"index {a.pages:>6}-page site     {res['index_small_s'] * 1000:8.0f} ms")
    for name, n in (("relint_small_ms", a.pages), ("relint_big_ms", a.big)):
        for kind, (med, mx) in res[name].items():
            print(f"re-lint, {kind:>12} edit, {n:>6} pages: {med:6.1f} ms median, {mx:6.1f} ms max (target <= 100 ms)")
    for n, (d, h) in res["many_links_s"].items():
        print(f"{n:>6} links to one missing target: diagnostics {d * 1000:6.0f} ms, hover {h * 1000:6.0f} ms (a page opened)")
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
