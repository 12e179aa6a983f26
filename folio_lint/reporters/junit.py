"""``--format junit``: JUnit XML, one ``<testsuite>`` per file with findings, one ``<testcase>`` per finding.

CI systems (GitLab, Jenkins, Azure) show each finding as a failed test named after its rule;
a run without findings gives one passing test case, so the report is never empty.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from . import Report


def to_xml(report: Report) -> ET.Element:
    diags = report.diagnostics
    root = ET.Element("testsuites", name="folio-lint", tests=str(max(1, len(diags))),
                      failures=str(len(diags)), errors="0", time=f"{report.elapsed:.3f}")
    if not diags:
        suite = ET.SubElement(root, "testsuite", name="folio-lint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name="folio-lint", classname="folio-lint",
                      time=f"{report.elapsed:.3f}")
        return root
    for path, group in groupby(diags, key=lambda d: d.display_path):
        group = list(group)
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(group)), failures=str(len(group)),
                              errors="0", skipped="0")
        for d in group:
            case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.rule} at line {d.start.line}, column {d.start.column}",
                                 classname=path, file=path, line=str(d.start.line))
            fail = ET.SubElement(case, "failure", message=f"{d.code} {d.message}", type=str(d.severity))
            body = f"{path}:{d.start.line}:{d.start.column}: {d.code} [{d.rule}] {d.severity}: {d.message}"
            if d.hint:
                body += f"\nhint: {d.hint}"
            fail.text = _clean(body)
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
