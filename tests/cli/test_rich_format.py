"""The rich report (the default format), laid out 200 columns wide."""

from __future__ import annotations

from support.output import position_of
from support.paths import INVALID, PARTIAL


def test_rich_output_content(bc, examples_dir):
    result = bc(examples_dir / INVALID)
    assert result.code == 1
    assert "invalid: 3 errors" in result.stdout
    line, column = position_of(examples_dir / INVALID, '"MAYBE"')
    row = next(text for text in result.stdout.splitlines() if "results[1].flagState" in text)
    assert row.split()[:3] == [f"{examples_dir / INVALID}:{line}:{column}", "results[1].flagState", "enum"]
    result = bc(examples_dir / PARTIAL)  # one document: the full batch panel
    assert result.code == 0
    out = result.stdout
    assert "batch COMPLETE: 3 succeeded, 2 failed" in out
    category_row = next(text for text in out.splitlines() if "VALIDATION_ERROR" in text)
    assert category_row.split()[1:3] == ["VALIDATION_ERROR", "2"]
    assert "Portal 22222222 has not installed app 12345678" in out


def test_rich_lists_valid_batches_in_two_lines_among_several(bc, examples_dir):
    """Several documents: a valid batch is its header and batch line; an invalid one keeps its
    table and panel; -v shows every document in full."""
    result = bc(examples_dir / INVALID, examples_dir / PARTIAL)
    assert result.code == 1
    lines = result.stdout.splitlines()
    header = next(i for i, text in enumerate(lines) if PARTIAL in text)
    assert "valid" in lines[header]
    assert lines[header + 1].strip().startswith("batch COMPLETE: 3 succeeded, 2 failed (VALIDATION_ERROR 2")
    assert "╭" not in "".join(lines[header:])  # no panel for the valid batch
    assert "╭" in "".join(lines[:header])  # the invalid document keeps its panel
    assert "results[1].flagState" in result.stdout
    full = bc("-v", examples_dir / INVALID, examples_dir / PARTIAL).stdout
    assert "Portal 22222222 has not installed app 12345678" in full
    assert "Portal 22222222 has not installed app 12345678" not in result.stdout


def test_detection_scores_keep_schema_names_whole(bc, tmp_path):
    path = tmp_path / "array.json"
    path.write_text("[1, 2]")
    lines = bc(path).stdout.splitlines()
    assert "  BatchPortalFlagStateResponseWithErrors  not described  not validated" in lines
    assert "      expects object, found array" in lines
