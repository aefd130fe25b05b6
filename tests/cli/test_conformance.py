"""A few groups of the JSON-Schema-Test-Suite through the command line (`--schema FILE`, stdin); the
whole suite runs through the Checker in tests/unit/validate/test_conformance.py."""

from __future__ import annotations

import json

import pytest
from support.suite import iter_cases

CLI_SAMPLES = [
    ("type.json", "integer type matches integers"),
    ("ref.json", "relative pointer ref to object"),
    ("unevaluatedProperties.json", "unevaluatedProperties with nested unevaluatedProperties"),
    ("optional/format/date-time.json", "validation of date-time strings"),
    ("optional/format/ipv6.json", "validation of IPv6 addresses"),
]


@pytest.mark.parametrize(("file", "group"), CLI_SAMPLES)
def test_through_the_command_line(suite_root, bc, tmp_path, file, group):
    """A few groups through the command line (two valid, two invalid cases each): exit 0 or 1."""
    sub = "optional/format" if file.startswith("optional/") else ""
    cases = [c for c in iter_cases(sub) if c.file == file and c.group == group]
    assert cases, f"{file} :: {group} is not in the suite any more"
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(cases[0].schema), encoding="utf-8")
    sample = [c for c in cases if c.valid][:2] + [c for c in cases if not c.valid][:2]
    for case in sample:
        raw = json.dumps(case.instance, ensure_ascii=False).encode("utf-8", "surrogatepass")
        result = bc("--format", "text", "--schema", schema, stdin=raw)
        assert result.code == (0 if case.valid else 1), f"{case.id}\n{result.stdout}{result.stderr}"
