"""`--format junit`: JUnit XML for CI test reports, one testcase per document.

An invalid document is a `<failure>` listing its errors as `SOURCE:LINE:COL: path: message
[keyword]` lines; an unreadable one is an `<error>`. Batch summaries go to `<system-out>`.
Built with xml.etree (which escapes markup); characters XML 1.0 forbids are made visible
first, and the document is written ASCII-only, so any consumer can parse it.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from typing import IO

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import where
from batchcheck.models import DocumentReport
from batchcheck.output.describe import (
    Tally,
    api_error_line,
    batch_line,
    partial_reason,
    verdict_line,
    verdict_word,
)
from batchcheck.output.sanitize import visible

# Everything outside XML 1.0's Char production (controls other than TAB/LF/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUITE_NAME = "batchcheck"


def xml_text(text: str) -> str:
    """Untrusted text made visible, and with nothing left that XML 1.0 forbids."""
    return _NOT_XML.sub("\ufffd", visible(text))


def xml_lines(lines: list[str]) -> str:
    """Several lines of untrusted text, each made safe, joined by real line breaks."""
    return "\n".join(xml_text(line) for line in lines)


def _error_lines(report: DocumentReport) -> list[str]:
    """The failure body: one `SOURCE:LINE:COL: path: message [keyword]` line per error."""
    lines = []
    for v in report.errors:
        lines.append(f"{where(report.source, v.position)}: {v.path}: {v.message} [{v.keyword}]")
    hidden = report.error_count - len(report.errors)
    if hidden > 0:
        lines.append(f"… and {hidden} more (--max-errors 0 shows all)")
    detection = report.detection
    if detection is not None and detection.schema is None:
        lines.extend(f"tried {c.schema} ({c.score:.2f}): {c.reason}" for c in detection.candidates)
    if report.api_error is not None:
        lines.append(api_error_line(report.api_error))
    return lines


def testcase(report: DocumentReport, fail_on_partial: bool = False) -> ET.Element:
    """One `<testcase>`: passed, `<failure>` (invalid; a batch with failed items under
    --fail-on-partial) or `<error>` (unreadable)."""
    schema = report.detection.schema if report.detection else None
    classname = f"{SUITE_NAME}.{schema}" if schema else SUITE_NAME
    case = ET.Element("testcase", classname=xml_text(classname), name=xml_text(report.source))
    case.set("file", xml_text(report.source))
    word = verdict_word(report)
    if word == "unreadable":
        error = report.input_error
        assert error is not None
        node = ET.SubElement(case, "error", message=xml_text(error.message), type="input")
        node.text = xml_text(f"{where(report.source, error.position)}: {error.message}")
    elif word == "invalid":
        node = ET.SubElement(case, "failure", message=xml_text(verdict_line(report)), type="invalid")
        node.text = xml_lines(_error_lines(report))
    elif (reason := partial_reason(report) if fail_on_partial else None) is not None:
        node = ET.SubElement(case, "failure", message=xml_text(reason), type="partial")
        node.text = xml_text(f"{report.source}: {reason}")
    if report.summary is not None:
        out = [batch_line(report.summary), *(f"warning: {w}" for w in report.summary.warnings)]
        ET.SubElement(case, "system-out").text = xml_lines(out)
    return case


def junit_tree(reports: list[DocumentReport], fail_on_partial: bool = False) -> ET.Element:
    """`<testsuites>` with one `<testsuite>` holding a testcase per document, counts on both."""
    counts = _Counts()
    for report in reports:
        counts.add(report, fail_on_partial)
    suites = ET.Element("testsuites", counts.attributes())
    suite = ET.SubElement(suites, "testsuite", counts.attributes())
    suite.extend(testcase(report, fail_on_partial) for report in reports)
    return suites


class _Counts:
    def __init__(self) -> None:
        self.tests = self.failures = self.errors = 0

    def add(self, report: DocumentReport, fail_on_partial: bool) -> None:
        word = verdict_word(report)
        self.tests += 1
        self.errors += word == "unreadable"
        partial = fail_on_partial and report.exit_code(True) is ExitCode.PARTIAL
        self.failures += word == "invalid" or partial

    def attributes(self) -> dict[str, str]:
        counts = {"tests": self.tests, "failures": self.failures, "errors": self.errors, "skipped": 0}
        return {"name": SUITE_NAME, **{key: str(value) for key, value in counts.items()}}


_SPOOL = 8 << 20  # testcases kept in memory up to 8 MiB, then in a temporary file


class JunitReporter:
    """One XML document for the whole run. The root's counts come first in the document but are
    known only at the end: the testcases wait in a spool (memory, then a temporary file), so a
    million documents do not stay in memory."""

    def __init__(self, stream: IO[str], fail_on_partial: bool = False) -> None:
        self.stream = stream
        self.fail_on_partial = fail_on_partial
        self.counts = _Counts()
        self.spool = tempfile.SpooledTemporaryFile(_SPOOL, mode="w+", encoding="ascii")  # noqa: SIM115 - closed at finish

    def document(self, report: DocumentReport) -> None:
        self.counts.add(report, self.fail_on_partial)
        case = testcase(report, self.fail_on_partial)
        ET.indent(case, level=2)
        case.tail = None
        self.spool.write("    " + ET.tostring(case, encoding="us-ascii").decode("ascii") + "\n")

    def finish(self, tally: Tally, code: ExitCode) -> None:
        attributes = self.counts.attributes()
        head = ET.tostring(ET.Element("testsuites", attributes), encoding="unicode").removesuffix(" />")
        suite = ET.tostring(ET.Element("testsuite", attributes), encoding="unicode").removesuffix(" />")
        write = self.stream.write
        write("<?xml version='1.0' encoding='us-ascii'?>\n")
        if self.counts.tests == 0:
            write(f"{head}>\n  {suite} />\n</testsuites>\n")
            return
        write(f"{head}>\n  {suite}>\n")
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 20):
            write(chunk)
        self.spool.close()
        write("  </testsuite>\n</testsuites>\n")
