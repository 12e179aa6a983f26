"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=_pages/about.md,line=3,endLine=3,col=1,endColumn=13,title=FL201 unknown-key::message

Syntax: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
(``error``/``warning``/``notice``; property values escape ``%``, CR, LF, ``:`` and ``,``; the
message escapes ``%``, CR and LF). Chosen automatically when ``GITHUB_ACTIONS=true``.
"""

from __future__ import annotations

import os
from typing import TextIO

from . import Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def repo_path(display_path: str, env=None, cwd: str | None = None) -> str:
    """The path GitHub wants: relative to the checkout (``GITHUB_WORKSPACE``), whatever folder folio-lint ran in."""
    env = os.environ if env is None else env
    ws = env.get("GITHUB_WORKSPACE")
    if not ws:
        return display_path
    ap = os.path.normpath(os.path.join(cwd or os.getcwd(), display_path))
    try:
        rel = os.path.relpath(ap, ws)
    except ValueError:
        return display_path
    return display_path if rel.startswith("..") else rel.replace(os.sep, "/")


def annotation(d, path: str | None = None) -> str:
    props = [
        f"file={escape_property(path or d.display_path)}",
        f"line={d.start.line}",
        f"endLine={d.end.line}",
    ]
    if d.start.line == d.end.line:  # GitHub ignores columns on multi-line annotations
        props += [f"col={d.start.column}", f"endColumn={max(d.end.column, d.start.column)}"]
    else:
        props.append(f"col={d.start.column}")
    props.append(f"title={escape_property(f'{d.code} {d.rule}')}")
    msg = f"{d.code} {d.message}"
    if d.hint:
        msg += f"\nhint: {d.hint}"
    return f"::{LEVEL[str(d.severity)]} {','.join(props)}::{escape_data(msg)}"


def render(report: Report, stream: TextIO) -> None:
    paths: dict[str, str] = {}
    for d in report.diagnostics:
        p = paths.get(d.display_path)
        if p is None:
            p = paths[d.display_path] = repo_path(d.display_path)
        stream.write(annotation(d, p) + "\n")
    if not report.quiet:
        from .text import summary_line

        stream.write(summary_line(report) + "\n")
