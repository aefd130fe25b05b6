"""The rich report's entries laid out at a width: paths broken between names, words at spaces, the
excerpt trimmed around its value with the marks under it."""

from __future__ import annotations

from rich.cells import cell_len

from batchcheck.models import Excerpt
from batchcheck.output.layout import break_path, entry, excerpt_lines, flow, plain, wrap

PATH = "results[12].associationDefinitions[3].relationshipConfiguration.primaryLabelIdentifier"


def test_paths_break_between_names() -> None:
    lines = break_path(PATH, 40)
    assert lines == [
        "results[12].associationDefinitions[3]",
        ".relationshipConfiguration",
        ".primaryLabelIdentifier",
    ]


def test_words_wrap_at_spaces_and_a_path_in_a_message_between_names() -> None:
    message = wrap(f'{PATH}: expected integer, found string "1" \u00d7200', 40)
    assert all(cell_len(line) <= 40 for line in message)
    assert message[:3] == [
        "results[12].associationDefinitions[3]",
        ".relationshipConfiguration",
        ".primaryLabelIdentifier: expected",
    ]
    assert message[-1].endswith('"1" \u00d7200')  # a count stays with its value


def test_an_entry_starts_with_its_place_and_gives_it_a_line_when_it_must() -> None:
    short = [plain(line) for line in entry("a.json:5:99", "results[1].flagState", "enum", "expected x", 80)]
    assert short == ["  a.json:5:99  results[1].flagState  enum", "    expected x"]
    where = "fixtures/" + "very-long-folder-name/" * 3 + "batch.json:5:99"
    lines = [plain(line) for line in entry(where, PATH, "type", "expected integer", 80)]
    assert lines[0] == f"  {where}"  # never broken: a terminal wraps it, and it stays one thing to click
    assert "".join(line.strip() for line in lines[1:-1]).replace("  type", "") == PATH


def test_the_excerpt_keeps_its_value_and_marks_it_within_the_width() -> None:
    text = '{"a": 1, ' * 40 + '"flagState": "MAYBE", ' + '"b": 2, ' * 40
    start = text.index('"MAYBE"')
    excerpt = Excerpt(7, text, start, len('"MAYBE"'), clipped_left=False, clipped_right=True)
    source, caret = (plain(line) for line in excerpt_lines(excerpt, 60, "    "))
    assert cell_len(source) <= 60 and source.startswith("    7 │ …") and source.endswith("…")
    column = caret.index("^")
    assert source[column : column + 7] == '"MAYBE"' and caret.count("^") == 7


def test_the_excerpt_escapes_what_a_terminal_would_act_on_and_still_marks_the_value() -> None:
    text = 'x\t{"\u202e": "\x1b[31m", "v": "\u5b57\u5b57"}'
    start = text.index('"\u5b57')
    excerpt = Excerpt(1, text, start, 4)
    source, caret = (plain(line) for line in excerpt_lines(excerpt, 80, ""))
    assert "\x1b" not in source and "\u202e" not in source
    assert "\\u001b" in source and "\\u202e" in source and "x " in source  # a tab as one space
    shown_before = source[: source.index('"\u5b57')]
    assert caret.index("^") == cell_len(shown_before)  # under the value, wide characters counted
    assert caret.count("^") == cell_len('"\u5b57\u5b57"')


def test_a_header_flows_between_its_parts() -> None:
    parts = [
        [("\u2718 a.json", "")],
        [("invalid: 3 errors", "")],
        [("SomeRatherLongSchemaName (closest)", "")],
    ]
    assert [plain(line) for line in flow(parts, 40)] == [
        "\u2718 a.json  invalid: 3 errors",
        "  SomeRatherLongSchemaName (closest)",
    ]
