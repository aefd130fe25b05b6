"""The many-candidates path of detection: quick checks before validation change no verdict
(bench/detect_accuracy.py, the accuracy over generated instances: tests/system/test_detect_accuracy.py)."""

from __future__ import annotations

import json

import pytest
from support.paths import REPO_ROOT

REPO = REPO_ROOT
SPECS = REPO / "tests" / "data" / "openapi"


def _spec_with_many_components() -> dict:
    """The 3.1 test spec plus 30 look-alike components: past detect.FULL_SCORING candidates."""
    spec = json.loads((SPECS / "crm-3.1.json").read_text())
    schemas = spec["components"]["schemas"]
    for index in range(30):
        schemas[f"Variant{index}"] = {
            "type": "object",
            "required": ["id", "email"] if index % 2 else ["id"],
            "properties": {
                "id": {"type": "string" if index % 3 else "integer"},
                "email": {"type": "string"},
                "lifecycle": {"enum": ["lead", "customer"]} if index % 5 == 0 else {"type": "string"},
            },
            "additionalProperties": index % 4 != 0,
        }
    return spec


@pytest.fixture(scope="module")
def checkers(tmp_path_factory):
    from batchcheck.checker import Checker, CheckOptions
    from batchcheck.schemas.catalog import SchemaSources

    path = tmp_path_factory.mktemp("spec") / "many.json"
    path.write_text(json.dumps(_spec_with_many_components()))
    return Checker(CheckOptions(sources=SchemaSources(openapi=(path,))))


DOCUMENTS = [
    {"id": "1", "email": "a@example.test", "lifecycle": "lead"},
    {"id": 1, "email": "a@example.test"},
    {"id": "1"},
    {"id": "1", "email": "a@example.test", "lifecycle": "customer", "score": 5},
    {"results": [{"id": "1", "email": "a@example.test", "lifecycle": "lead"}], "paging": {"next": None}},
    {"results": [{"id": 1, "email": "a@example.test", "lifecycle": "lead"}], "paging": {"next": None}},
    {"dealId": 1, "amount": -1, "stage": "ON"},
    {"status": "error", "message": "no", "correlationId": "x"},
    {"nothing": "known"},
    [1, 2, 3],
    *(json.loads(path.read_text()) for path in sorted((REPO / "examples").glob("*.json"))),
]


@pytest.mark.parametrize("body", DOCUMENTS, ids=range(len(DOCUMENTS)))
def test_quick_checks_change_no_verdict(checkers, monkeypatch, body):
    """Detection proves a contender invalid with the quick checks before running its validator: the
    same verdict, schema, alternatives and validities as with the validator alone."""
    from batchcheck.detect import detect
    from batchcheck.detect.scoring import Candidate
    from batchcheck.read.parse import parse_bytes

    document = parse_bytes("body.json", json.dumps(body).encode())
    fast = detect(document.data, checkers.candidates)
    monkeypatch.setattr(Candidate, "quick_reason", lambda self, data: None)
    full = detect(document.data, checkers.candidates)
    assert (fast.verdict, fast.schema, fast.alternatives) == (full.verdict, full.schema, full.alternatives)
    assert [s.valid for s in fast.candidates] == [s.valid for s in full.candidates]


def test_quick_checks_never_rule_out_a_schema_that_validates(checkers):
    """Soundness over generated instances: whatever a schema accepts, its quick checks pass."""
    for candidate in checkers.candidates:
        if candidate.entry.origin != "bundled":  # the bundle's big schemas are slow to generate for
            _assert_sound(candidate)


def _assert_sound(candidate) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from hypothesis_jsonschema import from_schema

    from batchcheck.detect.quick import quick_check

    schema = candidate.entry.schema
    formats = {"int64": st.integers(0, 9), "uuid": st.uuids().map(str)}

    @settings(max_examples=10, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema, custom_formats=formats))
    def sound(value):
        if candidate.engine.is_valid(value):
            assert quick_check(schema).reject(value) is None, (candidate.entry.name, value)

    sound()
