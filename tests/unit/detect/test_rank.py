"""Detection: which schema a response is (matched, ambiguous, closest, none), through the Checker."""

from __future__ import annotations

import pytest
from support.checking import (
    ASSOCIATIONS,
    COMPLETED,
    PORTAL_FLAGS,
    SCHEMA_OF_PREFIX,
    STARTED,
    association,
    check,
    flags_batch,
    flags_result,
)
from support.paths import EXAMPLES

from batchcheck.detect import detect
from batchcheck.models import Verdict

EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.iterdir() if path.is_file())


def test_examples_are_all_covered():
    assert len(EXAMPLE_FILES) == 7
    assert all(name.split(".")[0] in SCHEMA_OF_PREFIX for name in EXAMPLE_FILES)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_detection(checker, name):
    expected_schema = SCHEMA_OF_PREFIX[name.split(".")[0]]
    report = check(checker, (EXAMPLES / name).read_bytes(), name)
    assert report.input_error is None
    assert report.detection.schema == expected_schema
    if ".invalid." in name:
        assert report.detection.verdict is Verdict.CLOSEST
        assert report.valid is False
        assert report.error_count > 0
        assert len(report.errors) == report.error_count
    else:
        assert report.detection.verdict is Verdict.MATCHED
        assert report.detection.alternatives == ()
        assert report.valid is True
        assert report.errors == []
    ranked = [score.schema for score in report.detection.candidates]
    assert ranked[0] == expected_schema
    assert sorted(ranked) == [ASSOCIATIONS, PORTAL_FLAGS]


def test_http_example_keeps_the_207_status(checker):
    report = check(checker, (EXAMPLES / "associations.partial.207.http").read_bytes())
    assert (report.http.status, report.http.reason) == (207, "Multi-Status")
    assert (report.summary.succeeded, report.summary.failed) == (1, 2)
    assert report.summary.warnings == []


EMPTY_BATCH = {"status": "COMPLETE", "results": [], "startedAt": STARTED, "completedAt": COMPLETED}


def test_empty_batch_goes_to_the_tighter_fit(checker):
    """Both bundled schemas describe an empty batch whole and validate it; the flag schema declares
    one member it lacks (`errors`), the association schema four: the tighter fit is named."""
    report = check(checker, EMPTY_BATCH)
    detection = report.detection
    assert (detection.verdict, detection.schema, detection.alternatives) == (
        Verdict.MATCHED,
        PORTAL_FLAGS,
        (),
    )
    assert [score.schema for score in detection.candidates] == [PORTAL_FLAGS, ASSOCIATIONS]
    assert all(score.valid for score in detection.candidates)
    assert report.valid is True


def test_ambiguous_ranking_does_not_depend_on_candidate_order(checker):
    forward = detect(EMPTY_BATCH, checker.candidates)
    backward = detect(EMPTY_BATCH, tuple(reversed(checker.candidates)))
    assert forward == backward
    assert forward == detect(EMPTY_BATCH, checker.candidates)


def test_the_schema_that_describes_more_wins(checker):
    # `numErrors` is declared by the association schema only, neither forbids it: 5 of 5 against 4 of 5
    body = EMPTY_BATCH | {"numErrors": 0}
    detection = check(checker, body).detection
    assert (detection.verdict, detection.schema, detection.alternatives) == (
        Verdict.MATCHED,
        ASSOCIATIONS,
        (),
    )
    assert [(s.schema, s.score, s.valid) for s in detection.candidates] == [
        (ASSOCIATIONS, 1.0, True),
        (PORTAL_FLAGS, 0.8, None),
    ]


def test_hubspot_error_body_is_none(checker):
    report = check(checker, {"status": "error", "message": "Not found", "category": "OBJECT_NOT_FOUND"})
    detection = report.detection
    assert detection.verdict is Verdict.NONE
    assert detection.schema is None
    assert detection.alternatives == ()
    assert {score.schema for score in detection.candidates} == {ASSOCIATIONS, PORTAL_FLAGS}
    for score in detection.candidates:
        assert not score.valid
        assert score.reason.strip()
    assert report.valid is False
    assert report.summary is None


@pytest.mark.parametrize(
    ("body", "kind"),
    [("[1, 2]", "array"), ('"COMPLETE"', "string"), ("207", "integer"), ("null", "null"), ("[]", "array")],
)
def test_non_object_documents_are_none(checker, body, kind):
    report = check(checker, body)
    assert report.input_error is None
    assert report.detection.verdict is Verdict.NONE
    assert report.valid is False
    for score in report.detection.candidates:
        assert score.score == 0.0
        assert kind in score.reason


def test_association_drift_is_closest_to_associations(checker):
    result = association(5790939450, objectType="companies", extra={"unknown": True})
    result["to"][0]["associationTypes"][0]["label"] = None
    result["to"][0]["newField"] = "x"
    body = {"status": "COMPLETE", "results": [result, association("1")], "startedAt": STARTED}
    body |= {"completedAt": COMPLETED, "requestId": "abc"}
    report = check(checker, body)
    assert report.detection.verdict is Verdict.CLOSEST
    assert report.detection.schema == ASSOCIATIONS
    assert [(e.pointer, e.keyword) for e in report.errors] == [("/results/0/to/0/toObjectId", "type")]


def test_portal_flag_drift_is_closest_to_portal_flags(checker):
    body = flags_batch(flags_result(appId="12345678"), flags_result(appId="12345678", portalId=98765433))
    report = check(checker, body)
    assert report.detection.verdict is Verdict.CLOSEST
    assert report.detection.schema == PORTAL_FLAGS
    assert [(e.pointer, e.keyword) for e in report.errors] == [
        ("/results/0/appId", "type"),
        ("/results/1/appId", "type"),
    ]


def test_candidates_described_alike_are_listed_by_their_bound_computed_or_not(monkeypatch):
    """Up to DESCRIBE_ALL candidates each is described without a bound; the listing still orders
    those that describe a document equally by their bound, as when every bound is computed."""
    from support.paths import DATA

    import batchcheck.detect.rank as rank
    from batchcheck.checker import Checker, CheckOptions
    from batchcheck.detect.bound import bound, members
    from batchcheck.detect.sample import Sizes
    from batchcheck.read.source import read_source
    from batchcheck.schemas.catalog import SchemaSources

    specs = tuple(sorted((DATA / "detection" / "specs").iterdir()))
    responses = sorted((DATA / "detection" / "responses").iterdir())
    documents = [doc for path in responses for doc in read_source(str(path), None)]

    def detections() -> list:  # a fresh checker each time: a broken component is set aside in a run
        candidates = Checker(CheckOptions(sources=SchemaSources(openapi=specs))).candidates
        assert len(candidates) > rank.DESCRIBE_ALL  # the corpus: many; below, a handful each time
        groups = [candidates[start : start + 12] for start in range(0, len(candidates), 12)]
        return [rank.detect(doc.data, group) for doc in documents if doc.data is not None for group in groups]

    lazy = detections()

    def every_bound(rest, data, sizes: Sizes) -> None:
        level = members(data, sizes=sizes)
        for s in rest:
            if not s.typed_out:
                entry = s.candidate.entry
                s.bound = bound(entry.outline, entry.resolve_outline, data, level, s.candidate.outline_view)

    monkeypatch.setattr(rank, "_bound_equals", every_bound)
    eager = detections()
    assert lazy == eager
    tied = [d for d in eager if len({c.score for c in d.candidates}) < len(d.candidates)]
    assert len(tied) > 20  # ties the bound orders did occur
    monkeypatch.setattr(rank, "_bound_equals", lambda rest, data, sizes: None)
    assert detections() != eager  # and without their bounds, some would be listed otherwise
