"""`batchcheck schemas` as a table: a schema's name, what `--schema` takes, is not broken while it
fits in half the terminal; narrower, every column folds and nothing is cut."""

from __future__ import annotations

import io

import pytest

from batchcheck.output.schema_list import write_schema_list
from batchcheck.schemas.catalog import Catalog


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _table(monkeypatch: pytest.MonkeyPatch, columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _Terminal()
    write_schema_list(Catalog().bundled, "rich", out, "never")
    return out.getvalue().splitlines()


@pytest.mark.parametrize("columns", [60, 70])
def test_a_narrow_terminal_folds_every_column_and_cuts_nothing(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    lines = _table(monkeypatch, columns)
    assert all(len(line) <= columns for line in lines)
    assert not any("…" in line for line in lines)
    assert lines[-1].startswith("└") and lines[-1].endswith("┘")


@pytest.mark.parametrize("columns", [160, 120, 90, 80])
def test_names_stay_whole_on_a_terminal_of_any_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _Terminal()
    write_schema_list(Catalog().bundled, "rich", out, "never")
    lines = out.getvalue().splitlines()
    for entry in Catalog().bundled:
        assert any(f"│ {entry.name} " in line for line in lines), (entry.name, out.getvalue())
    assert all(len(line) <= columns for line in lines)
