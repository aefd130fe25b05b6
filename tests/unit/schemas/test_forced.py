"""Forced schemas (--schema NAME|FILE) and user schema files that cannot be used."""

from __future__ import annotations

import json

import pytest
from support.checking import (
    ASSOCIATIONS,
    check,
    example,
    outcome,
)

from batchcheck.checker import Checker, CheckOptions
from batchcheck.errors import SchemaLoadError
from batchcheck.models import Verdict
from batchcheck.schemas.catalog import Catalog
from batchcheck.schemas.meta import DRAFT_2020_12


@pytest.mark.parametrize("name", [ASSOCIATIONS, f"{ASSOCIATIONS}.schema"])
def test_forced_schema_by_title_or_file_stem(name):
    forced = Checker(CheckOptions(schema=name))
    valid = check(forced, example("associations.valid.json"))
    assert outcome(valid) == (Verdict.FORCED, ASSOCIATIONS, True)
    other = check(forced, example("portal-flags.valid.json"))
    assert outcome(other) == (Verdict.FORCED, ASSOCIATIONS, False)
    assert other.error_count > 0


def test_forced_schema_by_stem_differing_from_title(tmp_path):
    schema = {"$schema": DRAFT_2020_12, "title": "Flags", "type": "object", "required": ["status"]}
    (tmp_path / "portal-flags.schema.json").write_text(json.dumps(schema))
    forced = Checker(CheckOptions(schema="portal-flags"), Catalog(tmp_path))
    report = check(forced, "{}")
    assert (report.detection.verdict, report.detection.schema) == (Verdict.FORCED, "Flags")
    assert [(e.pointer, e.keyword) for e in report.errors] == [("", "required")]


def test_forced_user_schema_file(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"$schema": DRAFT_2020_12, "type": "array"}))
    report = check(Checker(CheckOptions(schema=str(path))), "[1]")
    assert outcome(report) == (Verdict.FORCED, "mine", True)


def test_unknown_schema_name():
    with pytest.raises(SchemaLoadError, match="NoSuchSchema"):
        Checker(CheckOptions(schema="NoSuchSchema"))


@pytest.mark.parametrize(
    "schema",
    [
        {"$schema": DRAFT_2020_12, "type": "objekt"},
        {"$schema": DRAFT_2020_12, "type": 5},
        {"$schema": DRAFT_2020_12, "required": "status"},
        {"$schema": DRAFT_2020_12, "properties": {"a": {"minimum": "zero"}}},
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "objekt"},
        {"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"},
    ],
    ids=["type-name", "type-number", "required-string", "nested", "draft-07", "draft-03"],
)
def test_user_schema_failing_the_meta_schema(tmp_path, schema):
    path = tmp_path / "broken.schema.json"
    path.write_text(json.dumps(schema))
    with pytest.raises(SchemaLoadError) as info:
        Checker(CheckOptions(schema=str(path)))
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text", ['{"type": "object",}', "[]", ""], ids=["bad-json", "array", "empty"])
def test_user_schema_file_that_is_not_a_schema(tmp_path, text):
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(SchemaLoadError, match=r"broken\.json"):
        Checker(CheckOptions(schema=str(path)))
