"""Standard input: `-` or no argument reads it, and positions in it are located."""

from __future__ import annotations

import pytest
from support.output import position_of
from support.paths import INVALID, PARTIAL, VALID


@pytest.mark.parametrize("args", [("-",), ()], ids=["dash", "no-argument"])
def test_reads_standard_input(bc, examples_dir, args):
    result = bc("--format", "json", *args, stdin=(examples_dir / VALID).read_bytes())
    assert result.code == 0, result.stderr
    [document] = result.documents
    assert document["source"] == "<stdin>"
    assert document["valid"] is True
    assert document["schema"] == "BatchPortalFlagStateResponseWithErrors"
    assert document["detection"] == "matched"


def test_invalid_document_on_standard_input_is_located(bc, examples_dir):
    result = bc("--format", "text", stdin=(examples_dir / INVALID).read_bytes())
    assert result.code == 1
    line, column = position_of(examples_dir / INVALID, '"MAYBE"')
    assert f"<stdin>:{line}:{column}: results[1].flagState:" in result.stdout


def test_in_process_stdin(bc, examples_dir):
    result = bc("--format", "text", "-", stdin=(examples_dir / PARTIAL).read_bytes())
    assert result.code == 0
    assert "<stdin>: valid, BatchPortalFlagStateResponseWithErrors (matched)" in result.stdout
