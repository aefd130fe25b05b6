"""`batchcheck schemas` as a table: a schema's name, what `--schema` takes, is never broken."""

from __future__ import annotations

import io

import pytest

from batchcheck.output.schema_list import write_schema_list
from batchcheck.schemas.catalog import Catalog


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("columns", [160, 120, 90, 70])
def test_names_stay_whole_on_a_terminal_of_any_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _Terminal()
    write_schema_list(Catalog().bundled, "rich", out, "never")
    lines = out.getvalue().splitlines()
    for entry in Catalog().bundled:
        assert any(f"│ {entry.name} " in line for line in lines), (entry.name, out.getvalue())
    assert all(len(line) <= columns for line in lines)
