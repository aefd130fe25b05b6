"""`--format text`: one located line per error, then one summary line per document."""

from __future__ import annotations

import json
import re

from support.output import LOCATED_LINE, position_of
from support.paths import ASSOC_INVALID, INVALID, VALID


def test_text_format_lines(bc, examples_dir):
    invalid = examples_dir / INVALID
    files = [invalid, examples_dir / VALID, examples_dir / ASSOC_INVALID]
    result = bc("--format", "text", *files)
    assert result.code == 1
    lines = result.stdout.splitlines()

    located = [m.groupdict() for m in map(LOCATED_LINE.match, lines) if m]
    errors_in_invalid = [m for m in located if m["source"] == str(invalid)]
    assert [m["keyword"] for m in errors_in_invalid] == ["type", "enum", "required"]

    # The wrong flagState "MAYBE" of results[1] is reported where it stands in the file.
    line, column = position_of(invalid, '"MAYBE"')
    [enum_error] = [m for m in errors_in_invalid if m["keyword"] == "enum"]
    assert (int(enum_error["line"]), int(enum_error["col"])) == (line, column)
    assert enum_error["message"].startswith("results[1].flagState: ")
    assert '"MAYBE"' in enum_error["message"]
    line, column = position_of(invalid, '"12345678"')
    [type_error] = [m for m in errors_in_invalid if m["keyword"] == "type"]
    assert (int(type_error["line"]), int(type_error["col"])) == (line, column)

    # Then exactly one summary line per document, after its error lines.
    for path in files:
        summaries = [
            i for i, text in enumerate(lines) if re.match(rf"{re.escape(str(path))}: (valid|invalid)", text)
        ]
        assert len(summaries) == 1, result.stdout
        own = [i for i, text in enumerate(lines) if text.startswith(f"{path}:")]
        assert summaries[0] == max(own)
    assert f"{invalid}: invalid: 3 errors, BatchPortalFlagStateResponseWithErrors" in result.stdout
    assert f"{examples_dir / VALID}: valid, BatchPortalFlagStateResponseWithErrors (matched)" in result.stdout


def test_text_format_input_error_line(bc, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "status": "COMPLETE",\n  "results": [}\n', encoding="utf-8")
    result = bc("--format", "text", bad)
    assert result.code == 2
    try:
        json.loads(bad.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        expected = (exc.lineno, exc.colno)
    match = LOCATED_LINE.match(result.stdout.splitlines()[0])
    assert match is not None, result.stdout
    assert match["source"] == str(bad)
    assert (int(match["line"]), int(match["col"])) == expected
    assert match["keyword"] == "input"
    assert f"{bad}: unreadable" in result.stdout.splitlines()


def test_properties_not_allowed_are_placed_on_the_first_of_them_in_the_text(bc, tmp_path):
    """An editor jumping to the error lands on the unexpected property, not on the object's `{`,
    with either engine; the pointer stays the object's."""
    schema = tmp_path / "closed.schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"id": {}}, "additionalProperties": False}))
    response = tmp_path / "resp.json"
    response.write_text('{\n  "id": 1,\n  "zeta": {"deep": true},\n  "alpha": 2\n}\n')
    for engine in ("rs", "python"):
        result = bc("--format", "text", "--engine", engine, "--schema", schema, response)
        [line] = [m for m in map(LOCATED_LINE.match, result.stdout.splitlines()) if m]
        assert (int(line["line"]), int(line["col"])) == position_of(response, '{"deep"')  # zeta comes first
        assert line["message"].startswith("(root): unexpected properties")
        assert (
            bc("--format", "json", "--engine", engine, "--schema", schema, response).documents[0]["errors"][
                0
            ]["pointer"]
            == ""
        )
