"""``--format junit``: JUnit XML, one ``<testcase>`` per checked file.

A file is a test: ``classname="folio-lint"``, ``name`` and ``file`` = its path. A file with a
finding that fails the run (error level; warning too with ``--strict``, as the exit code) has one
``<failure>`` listing all its findings, one per line (``line:col code [rule] severity: message``).
A file with only warnings or infos passes and lists them in ``<system-out>``: GitLab and Jenkins
show a test case's output on its page, and ``<skipped>`` would say the file was not checked.

``tests`` is the number of cases: the files checked, and the other files with findings
(``_config.yml``, ``_data/*.yml`` and ``.bib`` files are not counted as checked pages). When the
report does not carry the paths of the clean files (``Report.checked_paths`` is None) they are one
passing case, "N files without findings", so a clean run is never an empty report (Jenkins fails
a build on a report without test cases).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from ..diagnostics import Diagnostic
from . import Report

CLASSNAME = "folio-lint"


def _line(d: Diagnostic) -> str:
    s = f"{d.start.line}:{d.start.column} {d.code} [{d.rule}] {d.severity}: {d.message}"
    if d.hint:
        s += f"\n    hint: {d.hint}"
    return s


def _counts(group: list[Diagnostic]) -> str:
    c = {"error": 0, "warning": 0, "info": 0}
    for d in group:
        c[str(d.severity)] += 1
    return ", ".join(f"{n} {w}{'s' if n != 1 and w != 'info' else ''}" for w, n in c.items() if n)


def to_xml(report: Report) -> ET.Element:
    by_file = {path: list(g) for path, g in groupby(report.diagnostics, key=lambda d: d.display_path)}
    if report.checked_paths is not None:
        paths = sorted(set(report.checked_paths) | set(by_file))
        clean_rest = 0
    else:
        paths = sorted(by_file)
        # findings may be in files that are not counted as checked pages (_config.yml, .bib)
        clean_rest = max(0, report.files_checked - len(by_file))
    tests = len(paths) + clean_rest
    cases = []
    failures = 0
    for path in paths:
        group = by_file.get(path, [])
        case = ET.Element("testcase", classname=CLASSNAME, name=path, file=path, time="0")
        if group:
            text = _clean("\n".join(_line(d) for d in group))
            if max(d.severity for d in group) >= report.fail_at:
                failures += 1
                worst = max(group, key=lambda d: d.severity)
                fail = ET.SubElement(case, "failure", message=f"{_counts(group)}; line {worst.start.line}: {worst.code} {worst.message}",
                                     type=str(worst.severity))
                fail.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        cases.append(case)
    if clean_rest or not cases:
        n = clean_rest
        cases.append(ET.Element("testcase", classname=CLASSNAME, time="0",
                                name=f"{n} file{'s' if n != 1 else ''} without findings"))
        tests = max(tests, 1)
    attrs = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0",
             "time": f"{report.elapsed:.3f}"}
    root = ET.Element("testsuites", name=CLASSNAME, **attrs)
    suite = ET.SubElement(root, "testsuite", name=CLASSNAME, **attrs)
    suite.extend(cases)
    return root


def _clean(s: str) -> str:
    """XML 1.0 cannot hold most control characters; a finding may quote them."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02x}" for c in s)


def render(report: Report, stream: TextIO) -> None:
    root = to_xml(report)
    for el in root.iter():
        for k, v in list(el.attrib.items()):
            el.set(k, _clean(v))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
