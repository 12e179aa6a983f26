#!/usr/bin/env python3
"""Write docs/rules.md from the rule registry (the rules' docstrings), and the rule index
folio_lint/data/rules_index.json (every rule's code, name, scope, severity and module: what a run
knows of the rules before it imports any rule module).

    python scripts/generate_rule_docs.py           # rewrite both
    python scripts/generate_rule_docs.py --check   # exit 1 if either is out of date

tests/test_integrations_docs.py runs the check, so the committed file never drifts from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from folio_lint.registry import render_index  # noqa: E402
from folio_lint.ruledocs import all_docs, render_markdown_list  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"
INDEX = ROOT / "folio_lint" / "data" / "rules_index.json"


def render() -> str:
    return render_markdown_list(all_docs())


def main(argv: list[str]) -> int:
    outputs = [(TARGET, render()), (INDEX, render_index())]
    if "--check" in argv:
        stale = [p for p, text in outputs if (p.read_text(encoding="utf-8") if p.exists() else "") != text]
        for p in stale:
            sys.stderr.write(f"{p.relative_to(ROOT)} is out of date: run `python scripts/generate_rule_docs.py`\n")
        return 1 if stale else 0
    for p, text in outputs:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
