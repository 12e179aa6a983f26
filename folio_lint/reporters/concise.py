"""One line per finding: ``path:line:col: CODE [rule] severity: message``."""

from __future__ import annotations

from typing import TextIO

from . import Report


def render(report: Report, stream: TextIO) -> None:
    for d in report.diagnostics:
        stream.write(f"{d.display_path}:{d.start.line}:{d.start.column}: {d.code} [{d.rule}] {d.severity}: {d.message}\n")
    if report.statistics:
        from .text import statistics_lines

        for line in statistics_lines(report):
            stream.write(line + "\n")
