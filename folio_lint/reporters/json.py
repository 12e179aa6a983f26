"""``--format json``: the public, versioned contract (``schemas/folio-lint-output.schema.json``).

    {"version": 1,
     "diagnostics": [{"path", "line", "column", "end_line", "end_column", "code", "rule",
                      "severity", "message", "hint", "fix"}],
     "summary": {"errors", "warnings", "infos", "files_checked", "files_with_findings",
                 "fixable", "fixed", "elapsed_seconds"}}

Paths are relative to the current directory with ``/`` separators; lines and columns are 1-based
(columns count Unicode code points). ``fix`` is null or ``{"title", "applicability": "safe" |
"unsafe" | "display", "edits": [{"start": {"line", "column"}, "end": {...}, "start_offset",
"end_offset", "content"}]}`` (offsets index the file's text after decoding, BOM excluded).
"""

from __future__ import annotations

import json
from typing import TextIO

from . import Report

VERSION = 1


def to_dict(report: Report) -> dict:
    diags = []
    for d in report.diagnostics:
        diags.append(
            {
                "path": d.display_path,
                "line": d.start.line,
                "column": d.start.column,
                "end_line": d.end.line,
                "end_column": d.end.column,
                "code": d.code,
                "rule": d.rule,
                "severity": str(d.severity),
                "message": d.message,
                "hint": d.hint,
                "fix": d.fix_dict(report.line_col(d)),
            }
        )
    return {"version": VERSION, "diagnostics": diags, "summary": report.summary()}


def render(report: Report, stream: TextIO) -> None:
    json.dump(to_dict(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
