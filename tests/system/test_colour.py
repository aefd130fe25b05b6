"""Colour and terminal detection: rich decides from the real stream and the environment."""

from __future__ import annotations


def test_rich_output_when_not_a_terminal_has_no_ansi(run_cli, examples_dir):
    files = sorted(examples_dir.iterdir())
    proc = run_cli("-v", *files, "missing.json", env={"NO_COLOR": None, "TERM": "xterm-256color"}, text=False)
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stdout
    assert b"\x1b" not in proc.stderr
    out = proc.stdout.decode("utf-8")
    for path in files:
        assert str(path) in out
    assert "8 files checked: 5 valid, 2 invalid, 1 unreadable; 3 batches with failed items" in out
