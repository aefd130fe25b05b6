"""Batch summaries: counts, error categories, samples, duration and self-contradictions."""

from __future__ import annotations

import pytest

from batchcheck.models import ErrorSample, HttpStatus
from batchcheck.summarise import summarize

STARTED = "2025-03-15T14:30:00.012Z"
COMPLETED = "2025-03-15T14:30:00.428Z"


def batch(results: int = 1, errors: list | None = None, **fields) -> dict:
    """A batch envelope with `results` items and the given errors and extra fields."""
    data = {"status": "COMPLETE", "results": [{"n": i} for i in range(results)], **fields}
    if errors is not None:
        data["errors"] = errors
    return data


def error(category: str = "VALIDATION_ERROR", message: str = "bad", **fields) -> dict:
    return {"status": "error", "category": category, "message": message, **fields}


# --- what is a batch ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        [{"status": "COMPLETE", "results": []}],
        "COMPLETE",
        42,
        {},
        {"results": []},  # no status
        {"status": "COMPLETE"},  # no results
        {"status": "COMPLETE", "results": {"a": 1}},  # results not an array
        {"status": "error", "message": "Not found", "category": "OBJECT_NOT_FOUND"},
    ],
    ids=repr,
)
def test_not_a_batch(data):
    assert summarize(data) is None
    assert summarize(data, HttpStatus(207, "Multi-Status")) is None


# --- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("results", "failed"), [(0, 0), (3, 0), (2, 1), (1, 4)])
def test_counts_succeeded_and_failed(results, failed):
    summary = summarize(batch(results, [error() for _ in range(failed)]))
    assert summary is not None
    assert summary.status == "COMPLETE"
    assert (summary.succeeded, summary.failed) == (results, failed)


def test_no_errors_key_means_none_failed():
    summary = summarize(batch(2))
    assert summary.failed == 0
    assert summary.categories == {}
    assert summary.samples == []
    assert summary.warnings == []


def test_num_errors_is_reported():
    summary = summarize(batch(1, [error()], numErrors=1))
    assert summary.num_errors == 1
    assert summary.warnings == []


# --- categories --------------------------------------------------------------------------------


def test_categories_are_counted_most_common_first():
    errors = [
        error("OBJECT_NOT_FOUND"),
        error("VALIDATION_ERROR"),
        error("VALIDATION_ERROR"),
        error("RATE_LIMITS"),
        error("VALIDATION_ERROR"),
        error("OBJECT_NOT_FOUND"),
    ]
    summary = summarize(batch(1, errors))
    assert summary.categories == {"VALIDATION_ERROR": 3, "OBJECT_NOT_FOUND": 2, "RATE_LIMITS": 1}
    assert list(summary.categories) == ["VALIDATION_ERROR", "OBJECT_NOT_FOUND", "RATE_LIMITS"]
    assert sum(summary.categories.values()) == summary.failed


def test_error_without_category():
    summary = summarize(batch(1, [{"status": "error", "message": "?"}]))
    assert summary.categories == {"(no category)": 1}
    assert summary.samples[0].category == "(no category)"


def test_top_level_sub_category():
    errors = [
        error("OBJECT_NOT_FOUND", subCategory="crm.associations.FROM_OBJECT_NOT_FOUND"),
        error("OBJECT_NOT_FOUND", subCategory="crm.associations.FROM_OBJECT_NOT_FOUND"),
        error("OBJECT_NOT_FOUND", subCategory="crm.associations.TO_OBJECT_NOT_FOUND"),
        error("VALIDATION_ERROR"),
    ]
    summary = summarize(batch(1, errors))
    assert summary.sub_categories == {
        "OBJECT_NOT_FOUND": {
            "crm.associations.FROM_OBJECT_NOT_FOUND": 2,
            "crm.associations.TO_OBJECT_NOT_FOUND": 1,
        }
    }


def test_nested_sub_categories_counted_once_per_error():
    details = [
        {"message": "a", "subCategory": "crm.INVALID_ID"},
        {"message": "b", "subCategory": "crm.INVALID_ID"},
        {"message": "c", "subCategory": "crm.MISSING_PROPERTY"},
        {"message": "d"},
    ]
    errors = [error(errors=details), error(errors=[{"message": "e", "subCategory": "crm.INVALID_ID"}])]
    summary = summarize(batch(1, errors))
    assert summary.sub_categories == {"VALIDATION_ERROR": {"crm.INVALID_ID": 2, "crm.MISSING_PROPERTY": 1}}


def test_top_level_sub_category_wins_over_nested_ones():
    errors = [error(subCategory="top", errors=[{"message": "x", "subCategory": "nested"}])]
    assert summarize(batch(1, errors)).sub_categories == {"VALIDATION_ERROR": {"top": 1}}


# --- samples -----------------------------------------------------------------------------------


def test_samples_keep_category_message_and_ids():
    errors = [
        error("OBJECT_NOT_FOUND", "No contact with ID 99999", id="e-1", context={"fromObjectId": ["99999"]}),
        error("VALIDATION_ERROR", "Invalid object ID", context={"ids": ["abc", "def"], "reason": "bad"}),
        error("VALIDATION_ERROR", "Invalid portal", context={"portalIds": ["11111111"], "appId": 7}),
    ]
    summary = summarize(batch(1, errors))
    assert summary.samples == [
        ErrorSample("OBJECT_NOT_FOUND", "No contact with ID 99999", ("e-1", "99999")),
        ErrorSample("VALIDATION_ERROR", "Invalid object ID", ("abc", "def")),
        ErrorSample("VALIDATION_ERROR", "Invalid portal", ("11111111", "7")),
    ]


@pytest.mark.parametrize(
    "key", ["id", "ID", "objectId", "toObjectId", "ids", "IDS", "portalIds", "recordIDs"]
)
def test_context_keys_ending_in_id_or_ids_give_ids(key):
    summary = summarize(batch(1, [error(context={key: "m-1", "other": "no", "idea": "no"})]))
    assert summary.samples[0].ids == ("m-1",)


@pytest.mark.parametrize("key", ["valid", "invalid", "paid", "uuid", "idea"])
def test_context_keys_that_merely_end_in_id_are_not_ids(key):
    summary = summarize(batch(1, [error(context={key: "m-1"})]))
    assert summary.samples[0].ids == ()


def test_context_without_ids_and_null_values():
    errors = [
        error(context={"reason": "x", "objectId": None, "ids": ["a", None, "b"]}),
        error(context="text"),
    ]
    summary = summarize(batch(1, errors))
    assert summary.samples[0].ids == ("a", "b")
    assert summary.samples[1].ids == ()


def test_samples_are_capped_at_three_in_order():
    errors = [error(message=f"m{i}", id=str(i)) for i in range(5)]
    summary = summarize(batch(1, errors))
    assert [s.message for s in summary.samples] == ["m0", "m1", "m2"]
    assert [s.ids for s in summary.samples] == [("0",), ("1",), ("2",)]
    assert summary.failed == 5


def test_error_without_message():
    assert summarize(batch(1, [{"category": "X"}])).samples == [ErrorSample("X", "(no message)", ())]


# --- duration ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "completed", "duration"),
    [
        (STARTED, COMPLETED, 416),
        ("2025-03-15T14:30:00Z", "2025-03-15T14:30:01Z", 1000),
        ("2025-03-15T14:30:00.1Z", "2025-03-15T14:30:00.25Z", 150),
        ("2025-03-15T14:30:00.000001Z", "2025-03-15T14:30:02.000001Z", 2000),
        ("2025-03-15T14:30:00.123456789Z", "2025-03-15T14:30:01.623456789Z", 1500),
        ("2025-03-15T16:30:00+02:00", "2025-03-15T14:30:01.5Z", 1500),
        ("2025-03-15T09:30:00.000-05:00", "2025-03-15T16:30:00.250+02:00", 250),
        ("2025-03-15t14:30:00z", "2025-03-15T14:30:00.5Z", 500),
        ("2025-03-15T23:59:59.900Z", "2025-03-16T00:00:00.100Z", 200),
    ],
)
def test_duration_from_started_and_completed(started, completed, duration):
    summary = summarize(batch(1, startedAt=started, completedAt=completed))
    assert summary.duration_ms == duration
    assert summary.warnings == []


@pytest.mark.parametrize(
    ("started", "completed"),
    [
        (STARTED, None),
        (None, COMPLETED),
        ("2025-03-15 14:30", COMPLETED),  # no seconds
        ("yesterday", COMPLETED),
        (STARTED, 1742049000),  # a number, not a timestamp
        ("2025-02-30T14:30:00Z", COMPLETED),  # no such day
        (STARTED, "2025-03-15T14:30:00.428Z trailing"),
        # not RFC 3339 date-times, so not used (the `date-time` format rejects them too)
        ("2025-03-15 14:30:00Z", COMPLETED),  # space for T
        ("2025-03-15T14:30:00", COMPLETED),  # no offset
        ("2025-03-15T16:30:00+0200", COMPLETED),  # offset without colon
    ],
)
def test_no_duration_without_two_timestamps(started, completed):
    fields = {k: v for k, v in (("startedAt", started), ("completedAt", completed)) if v is not None}
    summary = summarize(batch(1, **fields))
    assert summary.duration_ms is None
    assert not any("before" in w for w in summary.warnings)


# --- warnings ----------------------------------------------------------------------------------


def has_warning(summary, *words: str) -> bool:
    return any(all(word in warning for word in words) for warning in summary.warnings)


@pytest.mark.parametrize(("num_errors", "failed"), [(3, 2), (0, 1), (2, 0), (1, 2)])
def test_num_errors_disagreeing_with_errors(num_errors, failed):
    summary = summarize(batch(1, [error() for _ in range(failed)], numErrors=num_errors))
    assert has_warning(summary, "numErrors", str(num_errors), f"errors has {failed}")


def test_num_errors_agreeing_is_not_a_warning():
    summary = summarize(batch(1, [error(), error()], numErrors=2))
    assert not has_warning(summary, "numErrors")


@pytest.mark.parametrize("status", ["PENDING", "PROCESSING"])
def test_unfinished_status(status):
    summary = summarize({**batch(1), "status": status})
    assert has_warning(summary, status, "incomplete")


def test_canceled_status():
    summary = summarize({**batch(1), "status": "CANCELED"})
    assert has_warning(summary, "CANCELED")


def test_complete_status_is_not_a_warning():
    assert summarize(batch(1, startedAt=STARTED, completedAt=COMPLETED)).warnings == []


def test_completed_before_started():
    summary = summarize(batch(1, startedAt=COMPLETED, completedAt=STARTED))
    assert summary.duration_ms == -416
    assert has_warning(summary, "completedAt is before startedAt")


def test_http_200_with_failed_items():
    summary = summarize(batch(1, [error(), error()]), HttpStatus(200, "OK"))
    assert has_warning(summary, "HTTP 200", "2 items failed")


def test_http_207_without_failed_items():
    summary = summarize(batch(2, []), HttpStatus(207, "Multi-Status"))
    assert has_warning(summary, "HTTP 207", "errors is empty")


@pytest.mark.parametrize(
    ("http", "failed"),
    [(HttpStatus(207, "Multi-Status"), 1), (HttpStatus(200, "OK"), 0), (None, 1), (None, 0)],
)
def test_consistent_http_status_is_not_a_warning(http, failed):
    summary = summarize(batch(1, [error() for _ in range(failed)]), http)
    assert not has_warning(summary, "HTTP")


def test_nothing_succeeded():
    summary = summarize(batch(0, [error()]), HttpStatus(207, "Multi-Status"))
    assert has_warning(summary, "no item succeeded")


def test_example_shaped_partial_failure_has_no_warnings():
    errors = [
        error("OBJECT_NOT_FOUND", subCategory="crm.associations.FROM_OBJECT_NOT_FOUND"),
        error("VALIDATION_ERROR", errors=[{"message": "x", "subCategory": "crm.INVALID_ID"}]),
    ]
    data = batch(1, errors, numErrors=2, startedAt=STARTED, completedAt=COMPLETED)
    summary = summarize(data, HttpStatus(207, "Multi-Status"))
    assert summary.warnings == []
    assert (summary.succeeded, summary.failed, summary.duration_ms) == (1, 2, 416)


# --- robustness: odd shapes never raise --------------------------------------------------------


@pytest.mark.parametrize("errors", ["oops", {"category": "X"}, 3, None, True], ids=repr)
def test_errors_not_a_list(errors):
    summary = summarize({**batch(2), "errors": errors})
    assert summary.failed == 0
    assert summary.categories == {}
    assert summary.samples == []


def test_error_items_that_are_not_objects():
    errors = [1, "text", None, ["a"], error("REAL")]
    summary = summarize(batch(1, errors))
    assert summary.categories == {"REAL": 1}
    assert [s.category for s in summary.samples] == ["REAL"]


@pytest.mark.parametrize("status", [5, None, True, 1.5], ids=repr)
def test_status_not_a_string(status):
    summary = summarize({**batch(1), "status": status})
    assert summary.status == status
    assert not has_warning(summary, "status is")


@pytest.mark.parametrize("status", [["PENDING"], {"state": "PENDING"}], ids=repr)
def test_status_an_array_or_object(status):
    summary = summarize({**batch(1), "status": status})
    assert summary.status == status
    assert not has_warning(summary, "status is")


def test_category_and_sub_category_not_strings():
    errors = [
        error(500, subCategory=7, id=42, message=["m"]),
        error({"code": 1}, errors=[{"subCategory": ["x"]}, "detail", {"subCategory": None}]),
        error(500, errors="not a list"),
    ]
    summary = summarize(batch(1, errors))
    assert summary.categories == {"500": 2, "object with 1 property": 1}
    assert summary.sub_categories == {"500": {"7": 1}, "object with 1 property": {"array of 1 item": 1}}
    assert summary.samples[0] == ErrorSample("500", "array of 1 item", ("42",))


def test_num_errors_not_a_number():
    summary = summarize(batch(1, [error()], numErrors="two"))
    assert has_warning(summary, "numErrors", '"two"')


def test_api_error_body_is_recognised():
    from batchcheck.summarise import api_error

    body = {
        "status": "error",
        "message": "Authentication credentials not found.",
        "correlationId": "4a5b-77",
        "category": "INVALID_AUTHENTICATION",
        "context": {"portalId": 42},
    }
    error = api_error(body)
    assert (error.category, error.message, error.ids, error.correlation_id) == (
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found.",
        ("42",),
        "4a5b-77",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"status": "COMPLETE", "results": [], "message": "x", "category": "C"},  # a batch
        {"message": "hello"},  # neither category nor status "error"
        {"status": "error", "message": 3},  # message not text
        ["status", "error"],
    ],
    ids=repr,
)
def test_api_error_needs_an_error_body(data):
    from batchcheck.summarise import api_error

    assert api_error(data) is None
