"""`--format junit`: JUnit XML for CI test reports, one testcase per document.

An invalid document is a `<failure>` listing its errors as `SOURCE:LINE:COL: path: message
[keyword]` lines; an unreadable one is an `<error>`. Batch summaries go to `<system-out>`.
Built with xml.etree (which escapes markup); characters XML 1.0 forbids are made visible
first, and the document is written ASCII-only, so any consumer can parse it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from batchcheck.errors import ExitCode
from batchcheck.jsontext.positions import where
from batchcheck.models import DocumentReport
from batchcheck.output import WholeRunReporter
from batchcheck.output.describe import api_error_line, batch_line, partial_reason, verdict_line, verdict_word
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
    words = [verdict_word(r) for r in reports]
    partial = sum(1 for r in reports if fail_on_partial and r.exit_code(True) is ExitCode.PARTIAL)
    counts = {
        "tests": str(len(reports)),
        "failures": str(words.count("invalid") + partial),
        "errors": str(words.count("unreadable")),
        "skipped": "0",
    }
    attributes = {"name": SUITE_NAME, **counts}
    suites = ET.Element("testsuites", attributes)
    suite = ET.SubElement(suites, "testsuite", attributes)
    suite.extend(testcase(report, fail_on_partial) for report in reports)
    return suites


class JunitReporter(WholeRunReporter):
    """One XML document for the whole run, at the end."""

    def finish(self, reports: list[DocumentReport], code: ExitCode) -> None:
        tree = junit_tree(reports, self.fail_on_partial)
        ET.indent(tree)
        self.stream.write(ET.tostring(tree, encoding="us-ascii", xml_declaration=True).decode("ascii"))
        self.stream.write("\n")
