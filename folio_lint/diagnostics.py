"""Core value types: findings, fixes, diagnostics.

Rules yield :class:`Finding` objects (a span in one file, a message, an optional hint and fix).
The engine stamps each with its rule's code, name and effective severity, giving a
:class:`Diagnostic`. Reporters only ever see diagnostics.

Offsets are indices into the file's decoded text (``SourceFile.text``); the file is re-encoded
exactly as it was read (same encoding, same BOM), so an edit touches only the bytes it means to.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered: ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | "Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    def __str__(self) -> str:  # "error", "warning", "info"
        return self.name.lower()


class Applicability(str, enum.Enum):
    """Whether ``--fix`` may apply a fix on its own (ruff's model)."""

    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes
    DISPLAY = "display"  # shown as a suggestion, never applied


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of one file by ``content`` (insert: start == end; delete: content == "")."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a span ``[start, end)`` in ``path`` and what is wrong there.

    ``path`` is the site-relative path (``/`` separated) of the file the finding is in; it may
    differ from the page being checked (e.g. a finding on a ``defaults:`` entry of ``_config.yml``).
    ``severity`` overrides the rule's default (e.g. a deprecation that is only informative on an
    old site); a configured severity overrides both. ``code`` is only set by rule functions that
    are registered for several codes.
    """

    path: str
    start: int
    end: int
    message: str
    hint: str | None = None
    fix: Fix | None = None
    severity: Severity | None = None
    code: str | None = None
    data: dict[str, Any] | None = None  # machine-readable extras (suggestions, matched text, ...)


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in code points


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding stamped by the engine: code, rule name, severity and resolved positions."""

    path: str  # site-relative, "/" separated
    display_path: str  # as shown to the user (relative to the current directory)
    start: Position
    end: Position
    start_offset: int
    end_offset: int
    code: str
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    fix: Fix | None = None
    data: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple:
        return (self.display_path, self.start.line, self.start.column, self.code, self.message)

    def fix_dict(self, line_col) -> dict | None:
        """The fix as JSON data; ``line_col`` maps an offset to a :class:`Position`."""
        if self.fix is None:
            return None
        edits = []
        for e in self.fix.edits:
            s, t = line_col(e.start), line_col(e.end)
            edits.append(
                {
                    "start": {"line": s.line, "column": s.column},
                    "end": {"line": t.line, "column": t.column},
                    "start_offset": e.start,
                    "end_offset": e.end,
                    "content": e.content,
                }
            )
        return {"title": self.fix.title, "applicability": self.fix.applicability.value, "edits": edits}
