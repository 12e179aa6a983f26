#!/usr/bin/env python3
"""Write docs/rules.md from the rule registry (the rules' docstrings).

    python scripts/generate_rule_docs.py           # rewrite docs/rules.md
    python scripts/generate_rule_docs.py --check   # exit 1 if docs/rules.md is out of date

tests/test_integrations_docs.py runs the check, so the committed file never drifts from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from folio_lint.ruledocs import all_docs, render_markdown_list  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"


def render() -> str:
    return render_markdown_list(all_docs())


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write("docs/rules.md is out of date: run `python scripts/generate_rule_docs.py`\n")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
