"""collect_inputs: the command line's arguments as inputs (directories walked, --exclude applied)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support.paths import EXAMPLES, INVALID, VALID

from batchcheck.read.arguments import Input, collect_inputs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """fixtures/ with JSON in b/, b/deep/ and generated/ (the same tree as tests/cli/test_inputs.py)."""
    root = tmp_path / "fixtures"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "generated").mkdir()
    for name, example in {"a.json": VALID, "B.json": VALID, "b/deep/x.json": INVALID, "b/y.json": VALID,
                          "generated/g.json": INVALID, "z.json": VALID}.items():  # fmt: skip
        shutil.copyfile(EXAMPLES / example, root / name)
    return root


def test_unlistable_directory_becomes_an_input_with_its_error(tree, monkeypatch):
    """The same, for root too: the directory listing itself is refused."""
    real_scandir = os.scandir
    locked = str(tree / "b")

    def scandir(path):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = collect_inputs([str(tree)])
    assert Input(locked, inputs[2].error) == inputs[2]
    assert inputs[2].error is not None
    assert inputs[2].error.message == "cannot list directory: permission denied"
    assert [Path(i.source).name for i in inputs] == ["B.json", "a.json", "b", "g.json", "z.json"]


def test_no_arguments_means_standard_input():
    assert collect_inputs([]) == [Input("-")]
    assert collect_inputs(["-", "x.json"], ("*",)) == [Input("-")]  # stdin is never excluded
