"""Reporters: one module per output format, each a ``render(report, stream)`` function.

A :class:`Report` holds the sorted diagnostics of a whole run, the sources to quote code frames
from, and the summary numbers. Reporters never see validator or rule internals.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, TextIO

from ..diagnostics import Diagnostic, Position, Severity
from ..source import SourceFile

# format name -> module (lazy: only the chosen one is imported)
FORMATS = {
    "full": "text",
    "text": "text",
    "concise": "concise",
    "json": "json",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
}


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    files_checked: int
    elapsed: float
    sources: dict[str, SourceFile] = field(default_factory=dict)  # display path -> source
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    fixed: int = 0  # fixes applied by --fix (integrations)
    show_fixes: bool = True
    extra_summary: list[str] = field(default_factory=list)
    # display paths of every file checked (with or without findings), when the runner knows them;
    # None: only ``files_checked`` is known (the JUnit reporter then lists the files with findings)
    checked_paths: list[str] | None = None
    fail_at: Severity = Severity.ERROR  # the severity that makes the run fail (WARNING with --strict)

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for d in self.diagnostics:
            c[str(d.severity)] += 1
        return c

    def line_col(self, d: Diagnostic) -> Callable[[int], Position]:
        src = self.sources.get(d.display_path)
        if src is None:
            return lambda _o: Position(1, 1)
        return src.lines.position

    def summary(self) -> dict:
        c = self.counts()
        fixable = sum(1 for d in self.diagnostics if d.fix is not None and d.fix.applicability.value == "safe")
        return {
            "errors": c["error"],
            "warnings": c["warning"],
            "infos": c["info"],
            "files_checked": self.files_checked,
            "files_with_findings": len({d.display_path for d in self.diagnostics}),
            "fixable": fixable,
            "fixed": self.fixed,
            "elapsed_seconds": round(self.elapsed, 3),
        }


def available_formats() -> list[str]:
    out = []
    for name, mod in FORMATS.items():
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError:
            continue
        out.append(name)
    return out


def render(fmt: str, report: Report, stream: TextIO) -> None:
    mod = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    mod.render(report, stream)


def severity_word(s: Severity) -> str:
    return str(s)
