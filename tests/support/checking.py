"""Checking a body with a Checker (no CLI), and the responses the unit tests build."""

from __future__ import annotations

import json

from batchcheck.checker import Checker
from batchcheck.models import DocumentReport, Verdict
from batchcheck.read.parse import parse_bytes
from support.paths import EXAMPLES

ASSOCIATIONS = "BatchAssociationResponse"
PORTAL_FLAGS = "BatchPortalFlagStateResponseWithErrors"
SCHEMA_OF_PREFIX = {"associations": ASSOCIATIONS, "portal-flags": PORTAL_FLAGS}
STARTED, COMPLETED = "2025-03-15T14:30:00.012Z", "2025-03-15T14:30:00.428Z"


def check(checker: Checker, body: bytes | str | object, source: str = "body.json") -> DocumentReport:
    """Parse (bytes or text as is, anything else dumped with indent=2) and check."""
    if isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode()
    else:
        raw = json.dumps(body, indent=2).encode()
    doc = parse_bytes(source, raw)
    assert doc.error is None, doc.error
    return checker.check(doc)


def outcome(report: DocumentReport) -> tuple[Verdict, str | None, bool | None]:
    return report.detection.verdict, report.detection.schema, report.valid


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def position_of(text: str, marker: str) -> tuple[int, int]:
    """1-based line and column of marker, which must occur exactly once in text."""
    assert text.count(marker) == 1, f"marker {marker!r} is not unique"
    for number, line in enumerate(text.split("\n"), start=1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(f"{marker!r} spans lines")


def flags_result(**overrides) -> dict:
    result = {"appId": 12345678, "flagName": "new-dashboard-feature", "portalId": 98765432, "flagState": "ON"}
    return result | overrides


def flags_batch(*results: dict) -> dict:
    return {"status": "COMPLETE", "results": list(results), "startedAt": STARTED, "completedAt": COMPLETED}


def association(to_object_id: object = "5790939450", **extra) -> dict:
    return {
        "from": {"id": "37295"},
        "to": [
            {
                "toObjectId": to_object_id,
                "associationTypes": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}],
            }
        ],
        **extra,
    }
