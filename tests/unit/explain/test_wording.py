"""Wording of engine errors (explain/wording.py)."""

from __future__ import annotations


def test_unworded_engine_messages_are_bounded():
    from batchcheck.explain.wording import word
    from batchcheck.models import RawError

    long = RawError(("a",), "x-custom", None, "v", engine_message="y" * 10_000)
    assert len(word(long)) == 200 and word(long).endswith("…")
    short = RawError(("a",), "x-custom", None, "v", engine_message="custom keyword failed")
    assert word(short) == "custom keyword failed"
