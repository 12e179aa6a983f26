#!/usr/bin/env python3
"""Where the time of one ``folio-lint check`` goes: stage by stage and rule by rule.

    python bench/profile_rules.py SITE              # table of stages and rules (one process)
    python bench/profile_rules.py SITE --cprofile 30  # plus the 30 costliest functions (cProfile)

Stages: imports, discovery (walk + read + parse, with the parse timed apart), page rules (each
rule's total over every page), site/config rules. A rule's time includes the shared facts it is
the first to compute (a page's body scan, the URL map), so the order of rules matters: the
first rule to need a fact pays for it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the N costliest functions")
    a = ap.parse_args(argv)

    import gc

    gc.disable()  # as in `folio-lint check` (runner.run pauses the collector for the run)
    t0 = time.perf_counter()
    from folio_lint import discover, frontmatter, site as site_mod
    from folio_lint.engine import RuleContext, _run
    from folio_lint.registry import CONFIG, PAGE, SITE, load_rules
    from folio_lint.settings import Settings

    rules = load_rules()
    t_imports = time.perf_counter() - t0

    parse_time = [0.0]
    real_parse = frontmatter.parse_front_matter

    def timed_parse(src):
        t = time.perf_counter()
        try:
            return real_parse(src)
        finally:
            parse_time[0] += time.perf_counter() - t

    site_mod.parse_front_matter = timed_parse
    prof = None
    if a.cprofile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    site = discover.build_site(a.site)
    t_build = time.perf_counter() - t
    site_mod.parse_front_matter = real_parse

    settings = Settings()
    ctx = RuleContext(site, settings)
    per_rule: dict[str, float] = {}
    docs = list(site.documents.values())
    page_rules = [r for r in rules.values() if r.func is not None and r.scope == PAGE and settings.rule_runs(r)]
    other = sorted((r for r in rules.values() if r.func is not None and r.scope in (CONFIG, SITE) and settings.rule_runs(r)),
                   key=lambda r: (r.scope != CONFIG, r.code))
    t = time.perf_counter()
    n_findings = 0
    for d in docs:
        for r in page_rules:
            t1 = time.perf_counter()
            n_findings += len(_run(r, d, ctx, d.path))
            per_rule[r.code] = per_rule.get(r.code, 0.0) + time.perf_counter() - t1
    t_pages = time.perf_counter() - t
    t = time.perf_counter()
    for r in other:
        t1 = time.perf_counter()
        n_findings += len(_run(r, site, ctx, site.config.path or "_config.yml"))
        per_rule[r.code] = per_rule.get(r.code, 0.0) + time.perf_counter() - t1
    t_site = time.perf_counter() - t
    if prof is not None:
        prof.disable()

    total = t_imports + t_build + t_pages + t_site
    print(f"{len(docs)} documents, {n_findings} findings, {total:.2f} s in all\n")
    print("| stage | seconds | share |")
    print("|---|---:|---:|")
    for name, v in (("imports (all rule modules)", t_imports), ("discovery: walk, read, hash assets", t_build - parse_time[0]),
                    ("discovery: front-matter parse", parse_time[0]), ("page rules", t_pages), ("site and config rules", t_site)):
        print(f"| {name} | {v:.3f} | {100 * v / total:.0f}% |")
    print("\n| rule | name | scope | seconds | share of rules |")
    print("|---|---|---|---:|---:|")
    rt = sum(per_rule.values()) or 1.0
    for code, v in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        if v < 0.005:
            continue
        r = rules[code]
        print(f"| {code} | {r.name} | {r.scope} | {v:.3f} | {100 * v / rt:.0f}% |")
    if prof is not None:
        import pstats

        print()
        pstats.Stats(prof).sort_stats("tottime").print_stats(a.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
