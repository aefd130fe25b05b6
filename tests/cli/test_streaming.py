"""Documents stream through the run: a report is gone once it is reported, whatever the format,
so a long capture runs in flat memory (bench/jsonl_memory.py measures the figure)."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest
from support.captures import write_jsonl

from batchcheck.checker import Checker


@pytest.mark.parametrize("fmt", ["rich", "text", "json", "github", "junit", "sarif"])
def test_no_report_outlives_its_turn(bc, tmp_path: Path, monkeypatch, fmt: str) -> None:
    lines = [json.dumps({"status": "COMPLETE" if n % 7 else 3, "results": []}) for n in range(60)]
    log = write_jsonl(tmp_path / "day.jsonl", lines)
    alive: list[int] = []
    refs: list[weakref.ref] = []
    check = Checker.check

    def counting(self, document):
        gc.collect()
        alive.append(sum(ref() is not None for ref in refs))
        report = check(self, document)
        refs.append(weakref.ref(report))
        return report

    monkeypatch.setattr(Checker, "check", counting)
    result = bc("--no-config", "-f", fmt, str(log))
    assert result.code == 1
    assert len(alive) == 60
    assert max(alive) <= 2  # the one being reported, at most one more in the pipeline
