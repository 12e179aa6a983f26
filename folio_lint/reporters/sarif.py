"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` holds every registered rule (id, name, descriptions, help text
and help URI from the rule's docstring, default level); each result points at its rule by
``ruleId``/``ruleIndex`` and carries its region (1-based lines and columns, columns in Unicode
code points as ``run.columnKind`` says) and, when the finding has one, its fix as
``artifactChanges`` (character offsets into the file's text).
"""

from __future__ import annotations

import json
from typing import TextIO

from .. import __version__
from . import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://github.com/folio-lint/folio-lint"


def _rules() -> tuple[list[dict], dict[str, int]]:
    from ..ruledocs import all_docs, render_markdown, rule_url

    out, index = [], {}
    for d in all_docs():
        text_help = "\n\n".join(f"{t}\n{b}" for t, b in d.sections) or d.summary
        index[d.code] = len(out)
        out.append({
            "id": d.code,
            "name": d.name,
            "shortDescription": {"text": d.summary},
            "fullDescription": {"text": (d.section("What it checks") or d.summary)},
            "help": {"text": text_help, "markdown": "\n".join(render_markdown(d)).strip()},
            "helpUri": rule_url(d.code),
            "defaultConfiguration": {"level": LEVEL[d.severity], "enabled": d.default_enabled},
            "properties": {"tags": [d.code[:3], d.scope], "fixable": d.fixable},
        })
    return out, index


def _result(d, report: Report, index: dict[str, int]) -> dict:
    region = {
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": max(d.end.column, d.start.column + (1 if d.end.line == d.start.line else 0)),
        "charOffset": d.start_offset,
        "charLength": max(0, d.end_offset - d.start_offset),
    }
    msg = d.message if not d.hint else f"{d.message}\nhint: {d.hint}"
    res = {
        "ruleId": d.code,
        "level": LEVEL[str(d.severity)],
        "message": {"text": msg},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(d.display_path), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }
        }],
    }
    if d.code in index:
        res["ruleIndex"] = index[d.code]
    if d.fix is not None and d.fix.edits:
        res["fixes"] = [{
            "description": {"text": f"{d.fix.title} ({d.fix.applicability.value})"},
            "artifactChanges": [{
                "artifactLocation": {"uri": _uri(d.display_path), "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                     **({"insertedContent": {"text": e.content}} if e.content else {})}
                    for e in d.fix.edits
                ],
            }],
        }]
    return res


def _uri(path: str) -> str:
    """A relative URI under ``%SRCROOT%`` (the checkout under GitHub Actions, else the current folder)."""
    from urllib.parse import quote

    from .github import repo_path

    return quote(repo_path(path).replace("\\", "/"), safe="/._-~")


def to_dict(report: Report) -> dict:
    rules, index = _rules()
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "folio-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory folio-lint ran in."}}},
            "results": [_result(d, report, index) for d in report.diagnostics],
        }],
    }


def render(report: Report, stream: TextIO) -> None:
    json.dump(to_dict(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
