"""Every bundled example: its detection, validity and batch summary, through the CLI (in-process)."""

from __future__ import annotations

import pytest
from support.paths import EXAMPLES

ASSOCIATIONS = "BatchAssociationResponse"
FLAGS = "BatchPortalFlagStateResponseWithErrors"

# file -> (schema, detection, valid, succeeded, failed, categories, http status, durationMs)
TWO_CATEGORIES = {"OBJECT_NOT_FOUND": 1, "VALIDATION_ERROR": 1}
EXPECTED = {
    "associations.valid.json": (ASSOCIATIONS, "matched", True, 2, 0, {}, None, 185),
    "associations.partial.json": (ASSOCIATIONS, "matched", True, 1, 2, TWO_CATEGORIES, None, 416),
    "associations.partial.207.http": (ASSOCIATIONS, "matched", True, 1, 2, TWO_CATEGORIES, 207, 416),
    # startedAt is not a date-time there, so no duration
    "associations.invalid.json": (ASSOCIATIONS, "closest", False, 2, 0, {}, None, None),
    "portal-flags.valid.json": (FLAGS, "matched", True, 3, 0, {}, None, 416),
    "portal-flags.partial.json": (FLAGS, "matched", True, 3, 2, {"VALIDATION_ERROR": 2}, None, 416),
    "portal-flags.invalid.json": (FLAGS, "closest", False, 3, 0, {}, None, 416),
}

# Errors each invalid example must report: (pointer, keyword, line, column).
INVALID_ERRORS = {
    "associations.invalid.json": [
        ("/results/0/from/id", "type", 5, 22),
        ("/results/0/to/0/toObjectId", "type", 8, 25),
        ("/results/1/to/0", "required", 17, 14),
        ("/startedAt", "format", 20, 16),
    ],
    "portal-flags.invalid.json": [
        ("/results/1/appId", "type", 5, 15),
        ("/results/1/flagState", "enum", 5, 99),
        ("/results/2", "required", 6, 5),
    ],
}


@pytest.fixture
def check(bc):
    """check(name) -> the example's document in the --format json report (in-process)."""

    def run(name: str) -> dict:
        result = bc("--format", "json", EXAMPLES / name)
        assert result.stderr == ""
        return result.documents[0]  # .documents checks the report's exitCode against the run's

    return run


def test_every_example_is_covered() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(check, name: str) -> None:
    schema, detection, valid, succeeded, failed, categories, http, duration = EXPECTED[name]
    doc = check(name)
    assert (doc["schema"], doc["detection"], doc["valid"]) == (schema, detection, valid)
    assert (doc["http"] or {}).get("status") == http
    summary = doc["summary"]
    assert (summary["succeeded"], summary["failed"], summary["categories"]) == (
        succeeded,
        failed,
        categories,
    )
    assert summary["warnings"] == []
    assert summary["durationMs"] == duration


@pytest.mark.parametrize("name", sorted(INVALID_ERRORS))
def test_invalid_example_errors_are_located(check, name: str) -> None:
    doc = check(name)
    found = [(e["pointer"], e["keyword"], e["line"], e["column"]) for e in doc["errors"]]
    assert found == INVALID_ERRORS[name]
    assert doc["errorCount"] == len(found)
    text = (EXAMPLES / name).read_text().splitlines()
    for error in doc["errors"]:
        at_value = text[error["line"] - 1][error["column"] - 1 :]
        assert at_value[:1] in '{["0123456789-tfn', error


def test_partial_examples_name_the_failed_ids(check) -> None:
    samples = check("associations.partial.json")["summary"]["samples"]
    assert [(s["category"], s["ids"]) for s in samples] == [
        ("OBJECT_NOT_FOUND", ["99999"]),
        ("VALIDATION_ERROR", ["abc"]),
    ]
    subs = check("associations.partial.json")["summary"]["subCategories"]
    assert subs == {
        "OBJECT_NOT_FOUND": {"crm.associations.FROM_OBJECT_NOT_FOUND": 1},
        "VALIDATION_ERROR": {"crm.INVALID_ID": 1},
    }
