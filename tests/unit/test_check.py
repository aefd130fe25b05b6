"""Detection and validation: which schema a response is, and what is wrong with it, where."""

from __future__ import annotations

import json

import pytest
from support.paths import EXAMPLES

from batchcheck.check import Checker, CheckOptions
from batchcheck.detect import detect
from batchcheck.errors import SchemaLoadError
from batchcheck.models import DocumentReport, Verdict
from batchcheck.read.parse import parse_bytes
from batchcheck.schemas.catalog import Catalog
from batchcheck.schemas.meta import DRAFT_2020_12

ASSOCIATIONS = "BatchAssociationResponse"
PORTAL_FLAGS = "BatchPortalFlagStateResponseWithErrors"
SCHEMA_OF_PREFIX = {"associations": ASSOCIATIONS, "portal-flags": PORTAL_FLAGS}
STARTED, COMPLETED = "2025-03-15T14:30:00.012Z", "2025-03-15T14:30:00.428Z"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(CheckOptions())


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


# --- the examples ------------------------------------------------------------------------------

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


# --- ambiguous ---------------------------------------------------------------------------------

EMPTY_BATCH = {"status": "COMPLETE", "results": [], "startedAt": STARTED, "completedAt": COMPLETED}


def test_empty_batch_is_ambiguous(checker):
    report = check(checker, EMPTY_BATCH)
    detection = report.detection
    assert detection.verdict is Verdict.AMBIGUOUS
    assert {detection.schema, *detection.alternatives} == {ASSOCIATIONS, PORTAL_FLAGS}
    assert len(detection.alternatives) == 1
    assert all(score.valid for score in detection.candidates)
    assert report.valid is True


def test_ambiguous_ranking_does_not_depend_on_candidate_order(checker):
    forward = detect(EMPTY_BATCH, checker.candidates)
    backward = detect(EMPTY_BATCH, tuple(reversed(checker.candidates)))
    assert forward == backward
    assert forward == detect(EMPTY_BATCH, checker.candidates)


def test_ambiguity_is_broken_by_fewer_undeclared_keys(checker):
    # `numErrors` is declared by the association schema only, neither forbids it
    body = EMPTY_BATCH | {"numErrors": 0}
    detection = check(checker, body).detection
    assert detection.verdict is Verdict.AMBIGUOUS
    assert (detection.schema, detection.alternatives) == (ASSOCIATIONS, (PORTAL_FLAGS,))


# --- none --------------------------------------------------------------------------------------


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


# --- closest: drift not in the examples --------------------------------------------------------


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


# --- forced schemas ----------------------------------------------------------------------------


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


# --- formats -----------------------------------------------------------------------------------


def test_bad_date_time_fails_with_format_checks_and_passes_without():
    body = flags_batch(flags_result()) | {"startedAt": "2025-03-15 14:30"}
    checked = check(Checker(CheckOptions()), body)
    assert checked.detection.verdict is Verdict.CLOSEST
    assert [(e.pointer, e.keyword) for e in checked.errors] == [("/startedAt", "format")]
    assert "date-time" in checked.errors[0].message
    unchecked = check(Checker(CheckOptions(formats=False)), body)
    assert (unchecked.detection.verdict, unchecked.detection.schema) == (Verdict.MATCHED, PORTAL_FLAGS)
    assert unchecked.valid is True


@pytest.mark.parametrize(
    ("value", "fits"),
    [(2**63 - 1, True), (-(2**63), True), (0, True), (2**63, False), (-(2**63) - 1, False), (2**64, False)],
)
def test_int64_range(checker, value, fits):
    report = check(checker, flags_batch(flags_result(appId=value)))
    assert report.detection.schema == PORTAL_FLAGS
    assert report.valid is fits
    if not fits:
        assert [(e.pointer, e.keyword) for e in report.errors] == [("/results/0/appId", "format")]
        assert "int64" in report.errors[0].message


def test_int64_range_is_not_checked_without_format_checks():
    report = check(Checker(CheckOptions(formats=False)), flags_batch(flags_result(appId=2**63)))
    assert report.detection.verdict is Verdict.MATCHED
    assert report.valid is True


@pytest.fixture
def int32_checker(tmp_path) -> Checker:
    schema = {
        "$schema": DRAFT_2020_12,
        "title": "Counter",
        "type": "object",
        "properties": {"n": {"type": "integer", "format": "int32"}, "m": {"format": "int32"}},
    }
    path = tmp_path / "counter.schema.json"
    path.write_text(json.dumps(schema))
    return Checker(CheckOptions(schema=str(path)))


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        (2**31 - 1, True),
        (-(2**31), True),
        (2**31, False),
        (-(2**31) - 1, False),
        (2**40, False),
    ],
)
def test_int32_range(int32_checker, value, fits):
    report = check(int32_checker, {"n": value})
    assert report.detection.verdict is Verdict.FORCED
    assert report.valid is fits
    if not fits:
        assert [(e.pointer, e.keyword) for e in report.errors] == [("/n", "format")]
        assert "int32" in report.errors[0].message


@pytest.mark.parametrize(
    ("value", "fits"),
    [("99999999999", True), (True, True), (1.5, True), (2147483648.0, False), (2147483647.0, True)],
    ids=repr,
)
def test_int32_applies_to_integral_numbers_only(int32_checker, value, fits):
    assert check(int32_checker, {"m": value}).valid is fits


# --- user schema files that cannot be used -----------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"$schema": DRAFT_2020_12, "type": "objekt"},
        {"$schema": DRAFT_2020_12, "type": 5},
        {"$schema": DRAFT_2020_12, "required": "status"},
        {"$schema": DRAFT_2020_12, "properties": {"a": {"minimum": "zero"}}},
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"},
    ],
    ids=["type-name", "type-number", "required-string", "nested", "draft-07"],
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


# --- reported errors ---------------------------------------------------------------------------


def test_portal_flag_errors_carry_pointer_path_keyword_message_and_position(checker):
    text = example("portal-flags.invalid.json")
    report = check(checker, text)
    expected = [
        ("/results/1/appId", "results[1].appId", "type", '"12345678"', "expected integer"),
        ("/results/1/flagState", "results[1].flagState", "enum", '"MAYBE"', "MAYBE"),
        ("/results/2", "results[2]", "required", '{"appId": 12345678, "portalId"', "flagName"),
    ]
    assert report.error_count == len(expected)
    for error, (pointer, path, keyword, marker, words) in zip(report.errors, expected, strict=True):
        assert (error.pointer, error.path, error.keyword) == (pointer, path, keyword)
        assert words in error.message
        assert error.position == position_of(text, marker)


def test_association_errors_are_located_and_in_document_order(checker):
    text = example("associations.invalid.json")
    report = check(checker, text)
    expected = [
        ("/results/0/from/id", "results[0].from.id", "type", "37295"),
        ("/results/0/to/0/toObjectId", "results[0].to[0].toObjectId", "type", "5790939450"),
        ("/results/1/to/0", "results[1].to[0]", "required", '{"toObjectId": "5790939451"}'),
        ("/startedAt", "startedAt", "format", '"2025-03-15 14:30"'),
    ]
    actual = [(e.pointer, e.path, e.keyword, e.position) for e in report.errors]
    assert actual == [(p, path, k, position_of(text, marker)) for p, path, k, marker in expected]
    assert "associationTypes" in report.errors[2].message


def test_errors_are_sorted_in_document_order_not_schema_order(checker):
    # the schema lists appId before flagState; the document has them the other way round
    text = (
        '{"status": "COMPLETE", "results": [\n'
        '  {"flagState": "MAYBE", "flagName": "f", "portalId": 1, "appId": "1"},\n'
        '  {"portalId": "2", "flagState": "NO", "flagName": 3, "appId": 4}\n'
        "]}"
    )
    report = check(checker, text)
    assert report.detection.schema == PORTAL_FLAGS
    assert [e.pointer for e in report.errors] == [
        "/results/0/flagState",
        "/results/0/appId",
        "/results/1/portalId",
        "/results/1/flagState",
        "/results/1/flagName",
    ]
    positions = [e.position for e in report.errors]
    assert positions == sorted(positions)


def test_positions_after_http_headers_count_from_the_top(checker):
    original = example("associations.partial.207.http")
    text = original.replace('"toObjectId": "5790939450"', '"toObjectId": 57909')
    report = check(checker, text)
    assert report.http.status == 207
    assert [(e.pointer, *e.position) for e in report.errors] == [
        ("/results/0/to/0/toObjectId", *position_of(text, "57909,")),
    ]
    assert report.errors[0].position.line > 10


def test_keys_needing_quotes_in_path_and_escapes_in_pointer(tmp_path):
    schema = {"$schema": DRAFT_2020_12, "additionalProperties": {"type": "string"}}
    path = tmp_path / "strings.schema.json"
    path.write_text(json.dumps(schema))
    text = '{"ok": "x", "a/b~c": 1, "sp ace": 2}'
    report = check(Checker(CheckOptions(schema=str(path))), text)
    assert [(e.pointer, e.path, *e.position) for e in report.errors] == [
        ("/a~1b~0c", '["a/b~c"]', *position_of(text, "1,")),
        ("/sp ace", '["sp ace"]', *position_of(text, "2}")),
    ]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_max_errors_caps_errors_but_not_the_count(limit):
    text = example("associations.invalid.json")
    report = check(Checker(CheckOptions(max_errors=limit)), text)
    full = check(Checker(CheckOptions(max_errors=None)), text)
    assert full.error_count == len(full.errors) == 4
    assert report.error_count == 4
    assert report.errors == full.errors[:limit]


def test_many_errors_are_all_counted_and_located(checker):
    results = [flags_result(portalId=i, flagState="MAYBE" if i % 3 else "ON") for i in range(150)]
    text = json.dumps(flags_batch(*results), indent=1)
    report = check(checker, text)
    bad = [i for i in range(150) if i % 3]
    assert report.error_count == len(bad)
    assert len(report.errors) == 100  # the default max_errors
    assert [e.pointer for e in report.errors] == [f"/results/{i}/flagState" for i in bad[:100]]
    lines = text.split("\n")
    for error in report.errors:
        assert lines[error.position.line - 1][error.position.column - 1 :].startswith('"MAYBE"')


def test_typed_maps_and_free_form_objects_count_as_declared():
    from batchcheck.detect.coverage import coverage

    typed = {"type": "object", "additionalProperties": {"type": "string"}}
    closed = {"type": "object", "properties": {"b": {}}, "additionalProperties": False}
    assert coverage(typed, {"a": "x", "c": "y"}) == (0, 2)
    assert coverage(closed, {"a": "x", "b": 1}) == (1, 2)
    assert coverage({"type": "object"}, {"a": {"b": 1}}) == (0, 1)


def test_formats_inside_data_keywords_are_not_formats():
    from batchcheck.validate.formats import unchecked_formats

    schema = {
        "properties": {
            "a": {"format": "duration"},
            "b": {"const": {"format": "csv"}, "examples": [{"format": "x"}], "default": {"format": "y"}},
        }
    }
    assert unchecked_formats(schema) == ["duration"]
