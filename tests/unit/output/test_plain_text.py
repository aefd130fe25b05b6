"""The rich report piped (no escape sequence): written without rich, the very bytes rich writes.

Generated batch panels and lines (ASCII and not: wide, combining, emoji) against rich's own
rendering at many widths; whole reports of the examples and the detection corpus, laid out by the
plain path and by rich, compared byte for byte.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.text import Text
from support.paths import DATA, EXAMPLES

from batchcheck.checker import Checker, CheckOptions
from batchcheck.models import BatchSummary, ErrorSample
from batchcheck.output.batch_panel import plain_panel, rich_panel
from batchcheck.output.console import make_console, plain_width
from batchcheck.output.describe import Tally
from batchcheck.output.plain_text import plain_line
from batchcheck.output.rich_report import RichReporter
from batchcheck.read.source import read_source

ALPHABET = st.sampled_from(
    list("abcXYZ019 _.-:/[]{}\"'") + list("éñü中文한😀⚠✔…→\u00d7\u0301\u0308\u00a0\t\x1b")
)
words = st.text(ALPHABET, min_size=0, max_size=30)


def drawn_by_rich(summary: BatchSummary, width: int) -> str:
    out = io.StringIO()
    console = make_console(out, "auto")
    console.width = width
    console.print(Padding(rich_panel(summary), (0, 0, 0, 2), expand=False))
    return out.getvalue()


summaries = st.builds(
    BatchSummary,
    status=st.one_of(words, st.integers(), st.none()),
    succeeded=st.integers(0, 10**6),
    failed=st.integers(0, 10**4),
    categories=st.dictionaries(words, st.integers(1, 10**5), max_size=14),
    samples=st.lists(st.builds(ErrorSample, words, words, st.lists(words, max_size=3)), max_size=3),
    duration_ms=st.one_of(st.none(), st.integers(-5, 10**8)),
    warnings=st.lists(words, max_size=2),
)


@settings(max_examples=600, deadline=None)
@given(summaries, st.integers(20, 200), st.data())
def test_a_plain_panel_is_the_panel_rich_draws(summary: BatchSummary, width: int, data: st.DataObject):
    summary.sub_categories = {
        category: data.draw(st.dictionaries(words, st.integers(1, 99), max_size=12))
        for category in summary.categories
    }
    written = plain_panel(summary, width)
    if written is not None:
        assert written == drawn_by_rich(summary, width)


def test_a_usual_panel_is_written_plainly() -> None:
    summary = BatchSummary(
        "COMPLETE", 5, 2, categories={"OBJECT_NOT_FOUND": 2}, sub_categories={"OBJECT_NOT_FOUND": {"x.y": 2}},
        samples=[ErrorSample("OBJECT_NOT_FOUND", "No contact with ID 1 exists", ["1"])],
        duration_ms=64, warnings=["numErrors says 3, errors lists 2"],
    )  # fmt: skip
    assert plain_panel(summary, 120) == drawn_by_rich(summary, 120)


@settings(max_examples=600, deadline=None)
@given(words, st.integers(5, 150))
def test_a_plain_line_is_the_line_rich_prints(text: str, width: int) -> None:
    written = plain_line(text, width)
    if written is not None:
        out = io.StringIO()
        console = make_console(out, "never")
        console.width = width
        console.print(Text(text, "bold"))
        assert written == out.getvalue()


def reports() -> list:
    checker = Checker(CheckOptions(max_errors=None))
    sources = sorted(EXAMPLES.iterdir()) + sorted((DATA / "detection" / "responses").iterdir())
    return [checker.check(doc) for path in sources for doc in read_source(str(path), None)]


@pytest.mark.parametrize("verbose", [False, True])
@pytest.mark.parametrize("compact", [False, True])
def test_whole_reports_are_what_rich_writes(verbose: bool, compact: bool) -> None:
    checked = reports()
    plain, drawn = io.StringIO(), io.StringIO()
    assert plain_width(plain) == 120
    for stream, console in ((plain, None), (drawn, make_console(drawn))):
        reporter = RichReporter(stream, verbose, console=console, compact=compact)
        for report in checked:
            reporter.document(report)
        reporter.finish(Tally(checked), max(r.exit_code(False) for r in checked))
    assert plain.getvalue() == drawn.getvalue()
    assert len(plain.getvalue().splitlines()) > 300


@pytest.mark.parametrize(
    ("environment", "color", "plain"),
    [
        ({}, "auto", True),
        ({}, "never", True),
        ({}, "always", False),
        ({"FORCE_COLOR": "1"}, "auto", False),
        ({"FORCE_COLOR": ""}, "auto", True),
        ({"FORCE_COLOR": "1", "TTY_COMPATIBLE": "0"}, "auto", True),
        ({"TTY_COMPATIBLE": "1"}, "auto", False),
    ],
)
def test_plain_exactly_when_rich_would_write_no_escape(monkeypatch, environment, color, plain) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # a forced terminal that can colour
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = io.StringIO()
    console = make_console(stream, color)
    assert (plain_width(stream, color) is not None) == plain
    assert (console.color_system is None) == plain
    assert plain_width(io.TextIOWrapper(io.BytesIO(), encoding="latin-1"), color) is None  # ASCII boxes


def test_console_is_unused_by_a_plain_report(monkeypatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> Console:
        raise AssertionError("rich was asked to draw a plain report")

    monkeypatch.setattr("batchcheck.output.rich_report.make_console", refuse)
    checked = reports()
    reporter = RichReporter(io.StringIO(), compact=True)
    for report in checked[:7]:  # the examples: every kind of panel, no line too wide
        reporter.document(report)
