"""The default report a person reads: grouped by file, code frames with the span underlined, hints, summary."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from ..diagnostics import Diagnostic, Severity
from . import Report

_STYLE = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;34m",
    "path": "\x1b[1m",
    "code": "\x1b[1;31m",
    "dim": "\x1b[2m",
    "hint": "\x1b[36m",
    "fix": "\x1b[32m",
    "reset": "\x1b[0m",
}


class _Paint:
    def __init__(self, on: bool):
        self.on = on

    def __call__(self, style: str, s: str) -> str:
        return f"{_STYLE[style]}{s}{_STYLE['reset']}" if self.on else s


_MAX_LINE = 160  # longer source lines are cut in code frames


def _expand_tabs(line: str) -> str:
    return line.replace("\t", "    ")


def _col_width(line: str, col0: int) -> int:
    """Display width of line[:col0] with tabs expanded as in the frame: East Asian wide characters
    (CJK, most emoji) take two terminal columns, combining marks none."""
    part = line[:col0]
    if part.isascii():
        return len(_expand_tabs(part))
    import unicodedata

    w = 0
    for c in part:
        if c == "\t":
            w += 4
        elif unicodedata.combining(c) or c in "\u200b\u200c\u200d\ufe0f":
            continue
        else:
            w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w


def _frame_lines(d: Diagnostic, report: Report, context: int = 1) -> tuple[int, int] | None:
    """The first and last line the code frame shows (None: no frame)."""
    src = report.sources.get(d.display_path)
    if src is None or not src.text:
        return None
    n_lines = src.lines.line_count()
    if src.text.endswith("\n"):  # the empty "line" after the final newline is not shown as context
        n_lines = max(d.start.line, n_lines - 1)
    first = max(1, d.start.line - context)
    last = min(n_lines, max(d.start.line, min(d.end.line, d.start.line + 3)) + context)
    return first, last


def gutter_width(d: Diagnostic, report: Report) -> int:
    """Width of the line numbers in ``d``'s frame: its widest (last) line number, as ruff does.

    The hint and fix lines are indented by it too, so their ``=`` sits under the gutter's ``|``.
    """
    span = _frame_lines(d, report)
    return len(str(span[1])) if span else 1


def code_frame(d: Diagnostic, report: Report, paint: _Paint) -> list[str]:
    span = _frame_lines(d, report)
    if span is None:
        return []
    src = report.sources[d.display_path]
    first, last = span
    width = len(str(last))
    out = [paint("dim", " " * width + " |")]
    for ln in range(first, last + 1):
        full = src.line_text(ln)
        text = full[:_MAX_LINE] + "…" if len(full) > _MAX_LINE else full
        out.append(paint("dim", f"{ln:>{width}} |") + (" " + _expand_tabs(text) if text else ""))
        if d.start.line <= ln <= d.end.line:
            if ln != d.start.line and not full.strip():
                continue  # a blank line inside a multi-line span: nothing to underline
            s = d.start.column - 1 if ln == d.start.line else len(full) - len(full.lstrip())
            e = d.end.column - 1 if ln == d.end.line else len(full)
            s = min(s, len(text))
            e = min(max(e, s + 1), max(len(text), s + 1))
            pad = _col_width(text, s)
            carets = max(1, _col_width(text, e) - pad)
            style = str(d.severity)
            out.append(paint("dim", " " * width + " | ") + " " * pad + paint(style, "^" * carets))
    return out


def format_diagnostic(d: Diagnostic, report: Report, paint: _Paint) -> list[str]:
    sev = str(d.severity)
    head = (
        f"{paint('path', d.display_path)}:{d.start.line}:{d.start.column}: "
        f"{paint(sev, d.code)} {paint('dim', '[' + d.rule + ']')} {paint(sev, sev)}: {d.message}"
    )
    lines = [head]
    lines += code_frame(d, report, paint)
    width = gutter_width(d, report)
    if d.hint:
        lines.append(" " * width + " " + paint("hint", f"= hint: {d.hint}"))
    if d.fix is not None and report.show_fixes:
        how = {"safe": "fixable with `--fix`", "unsafe": "fixable with `--fix --unsafe-fixes`",
               "display": "suggestion"}[d.fix.applicability.value]
        lines.append(" " * width + " " + paint("fix", f"= fix ({how}): {d.fix.title}"))
    return lines


def summary_line(report: Report) -> str:
    c = report.counts()
    parts = []
    for key, word in (("error", "error"), ("warning", "warning"), ("info", "info")):
        if c[key]:
            parts.append(f"{c[key]} {word}{'s' if c[key] != 1 and word != 'info' else ''}")
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''} checked"
    if not parts:
        return f"All clear: no findings ({files} in {report.elapsed:.2f}s)."
    s = report.summary()
    fx = f" {s['fixable']} fixable with `folio-lint check --fix`." if s["fixable"] else ""
    n = s["files_with_findings"]
    if n <= report.files_checked:
        where = f"in {n} of {files}"
    else:  # findings in files that are not pages (_config.yml, .bib, files Jekyll skips)
        where = f"in {n} file{'s' if n != 1 else ''} ({files})"
    return f"Found {', '.join(parts)} {where} ({report.elapsed:.2f}s).{fx}"


def statistics_lines(report: Report) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    sev: dict[str, Severity] = {}
    for d in report.diagnostics:
        counts[(d.code, d.rule)] = counts.get((d.code, d.rule), 0) + 1
        sev[d.code] = max(sev.get(d.code, d.severity), d.severity)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [f"{n:>6}  {code:<6} {str(sev[code]):<8} {name}" for (code, name), n in rows]


def render(report: Report, stream: TextIO) -> None:
    paint = _Paint(report.color)
    for path, group in groupby(report.diagnostics, key=lambda d: d.display_path):
        for d in group:
            stream.write("\n".join(format_diagnostic(d, report, paint)) + "\n\n")
    if report.statistics and report.diagnostics:
        stream.write("\n".join(statistics_lines(report)) + "\n\n")
    if report.quiet:
        return
    for extra in report.extra_summary:
        stream.write(extra + "\n")
    stream.write(summary_line(report) + "\n")
