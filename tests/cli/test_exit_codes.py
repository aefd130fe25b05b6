"""Several files and the exit code: every file is reported, then input > invalid > partial decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.output import no_traceback
from support.paths import ASSOC_INVALID, INVALID, PARTIAL, VALID


def test_every_file_is_reported_in_order(bc, examples_dir):
    files = sorted(str(p) for p in examples_dir.iterdir())
    result = bc("--format", "json", *files)
    documents = result.documents
    assert [d["source"] for d in documents] == files
    # Two invalid examples, the rest valid: the exit code is decided once every file is read.
    assert result.code == 1
    assert sorted(Path(d["source"]).name for d in documents if d["valid"] is False) == [
        ASSOC_INVALID,
        INVALID,
    ]


@pytest.mark.parametrize(
    ("names", "options", "expected"),
    [
        ([VALID], [], 0),
        ([VALID, "associations.valid.json"], [], 0),
        ([PARTIAL], [], 0),
        ([INVALID], [], 1),
        ([ASSOC_INVALID], [], 1),
        (["missing.json"], [], 2),
        ([PARTIAL], ["--fail-on-partial"], 3),
        ([VALID], ["--fail-on-partial"], 0),
    ],
)
def test_exit_codes(bc, examples_dir, names, options, expected):
    result = bc(*options, *(examples_dir / n for n in names))
    assert result.code == expected, result.stdout + result.stderr
    no_traceback(result)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([PARTIAL, INVALID, "missing.json"], 2),
        (["missing.json", INVALID, PARTIAL], 2),
        ([INVALID, "missing.json"], 2),
        ([PARTIAL, "missing.json"], 2),
        ([PARTIAL, INVALID], 1),
        ([INVALID, PARTIAL], 1),
        ([VALID, PARTIAL], 3),
        ([PARTIAL, VALID], 3),
    ],
)
@pytest.mark.parametrize("fmt", ["rich", "text", "json"])
def test_exit_code_precedence_input_over_invalid_over_partial(bc, examples_dir, names, expected, fmt):
    paths = [examples_dir / n for n in names]
    result = bc("--fail-on-partial", "--format", fmt, *paths)
    assert result.code == expected
    if fmt == "json":
        assert [d["source"] for d in result.documents] == [str(p) for p in paths]
    else:  # the rich report lists a valid document with nothing to say only with -v
        for path in paths if fmt == "text" else [p for p in paths if p.name != VALID]:
            assert str(path) in result.stdout


def test_unparseable_file_does_not_stop_the_others(bc, tmp_path, examples_dir):
    broken = tmp_path / "broken.json"
    broken.write_text('{"status": "COMPLETE",\n  "results": [1,,2]\n}\n', encoding="utf-8")
    result = bc("--format", "text", broken, examples_dir / VALID, examples_dir / INVALID)
    assert result.code == 2
    assert f"{broken}:2:" in result.stdout
    assert f"{examples_dir / VALID}: valid" in result.stdout
    assert f"{examples_dir / INVALID}: invalid" in result.stdout
