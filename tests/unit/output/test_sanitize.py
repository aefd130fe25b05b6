"""output/sanitize.py: no runner command survives visible() or write_json(), strings round-trip."""

from __future__ import annotations

import io
import json

import pytest
from support.runner import runner_commands

from batchcheck.output.sanitize import visible, write_json

TEXTS = [
    "::error::x",
    ":::",
    "::::x",
    "a ::warning:: b",
    "##[error]x",
    "###[x",
    "x##[##[",
    "\n::error::x",
    "\r##[x",
]


@pytest.mark.parametrize("text", TEXTS)
def test_visible_leaves_no_runner_command_anywhere(text):
    shown = visible(text)
    assert "::" not in shown and "##[" not in shown
    for cut in range(len(shown) + 1):  # wherever a wrap would start a line
        assert runner_commands(shown[cut:]) == []


def test_visible_keeps_ordinary_text():
    assert visible("a: b, c [d] #1 ##") == "a: b, c [d] #1 ##"
    assert visible("std::string") == "std:\\u003astring"
    assert visible("a ##[b") == "a ##\\u005bb"


@pytest.mark.parametrize("text", TEXTS)
def test_write_json_round_trips_without_runner_commands(text):
    payload = {"k" + text: [text, {"nested": text}], "n": 1.5}
    stream = io.StringIO()
    write_json(payload, stream)
    assert "##[" not in stream.getvalue()
    assert runner_commands(stream.getvalue()) == []
    assert json.loads(stream.getvalue()) == payload
