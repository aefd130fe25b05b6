"""The streaming JSON, JUnit and SARIF writers write what the whole-run writers wrote."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from batchcheck.checker import Checker, CheckOptions
from batchcheck.errors import ExitCode
from batchcheck.output.describe import Tally, tally_counts
from batchcheck.output.json_report import JsonReporter, document_dict
from batchcheck.output.junit_report import JunitReporter, junit_tree
from batchcheck.output.streamed_json import StreamedArray, dumps
from batchcheck.read.arguments import collect_inputs
from batchcheck.read.source import read_inputs
from batchcheck.run import exit_code


@pytest.fixture(scope="module")
def reports(examples_dir: Path) -> list:
    checker = Checker(CheckOptions())
    return [checker.check(d) for d in read_inputs(collect_inputs([str(examples_dir)]), None)]


@pytest.mark.parametrize("count", [0, 1, 3, 8])
def test_json_is_what_one_dump_writes(reports: list, count: int) -> None:
    chosen = reports[:count]
    stream = io.StringIO()
    reporter = JsonReporter(stream, fail_on_partial=True)
    for report in chosen:
        reporter.document(report)
    code = exit_code(chosen, True)
    reporter.finish(Tally(chosen), code)
    whole = {
        "documents": [document_dict(r, True) for r in chosen],
        "exitCode": int(code),
        "tally": tally_counts(chosen),
    }
    assert stream.getvalue() == json.dumps(whole, indent=2, ensure_ascii=True) + "\n"


@pytest.mark.parametrize("count", [0, 1, 3, 8])
def test_junit_is_what_the_whole_tree_writes(reports: list, count: int) -> None:
    chosen = reports[:count]
    stream = io.StringIO()
    reporter = JunitReporter(stream, fail_on_partial=True)
    for report in chosen:
        reporter.document(report)
    reporter.finish(Tally(chosen), ExitCode.OK)
    tree = junit_tree(chosen, True)
    ET.indent(tree)
    expected = ET.tostring(tree, encoding="us-ascii", xml_declaration=True).decode("ascii") + "\n"
    assert stream.getvalue() == expected


def test_a_streamed_array_at_depth(reports: list) -> None:
    stream = io.StringIO()
    array = StreamedArray(stream, '{\n  "a": {\n    "b": [', depth=3)
    for item in ({"x": [1, {"y": "é"}]}, [], "z"):
        array.add(item)
    array.close("\n  }\n}")
    assert json.loads(stream.getvalue()) == {"a": {"b": [{"x": [1, {"y": "é"}]}, [], "z"]}}
    assert stream.getvalue() == dumps({"a": {"b": [{"x": [1, {"y": "é"}]}, [], "z"]}})
