"""The Python API: batchcheck.check and Checker return the JSON contract's data, compile once,
never print and never exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.captures import (
    BASE,
    BATCH_READ,
    OPERATION,
    SCHEMA_207,
    SPEC,
    batch_read_207,
    broken_batch_read_207,
)
from support.contract import VALIDATORS

import batchcheck
from batchcheck.errors import BatchcheckError


def fits_the_contract(data: dict) -> None:
    payload = {"documents": [data], "exitCode": data["exitCode"]}
    for validator in VALIDATORS.values():
        assert not list(validator.iter_errors(payload))


def test_check_with_the_operation(capsys) -> None:
    report = batchcheck.check(
        broken_batch_read_207(), openapi=SPEC, url=BASE + BATCH_READ, method="post", status=207
    )
    assert report.valid is False and not report.ok and report.exit_code == 1
    assert report.schema == SCHEMA_207
    assert report.data["detection"] == "operation"
    assert report.data["schemaRef"]["operation"] == OPERATION
    assert report.data["request"] == {"url": BASE + BATCH_READ, "method": "POST"}
    assert report.errors[0]["pointer"] == "/results/0/to/0/toObjectId"
    assert report.summary is not None and report.summary["failed"] == 1
    fits_the_contract(report.data)
    assert capsys.readouterr() == ("", "")  # nothing printed


def test_same_data_as_the_json_format(bc, tmp_path: Path) -> None:
    body = tmp_path / "r.http"
    body.write_text("HTTP/1.1 207 Multi-Status\n\n" + broken_batch_read_207(), encoding="utf-8")
    cli = bc("--no-config", "--openapi", str(SPEC), "-f", "json", str(body))
    report = batchcheck.check(body.read_bytes(), openapi=str(SPEC))
    expected = cli.documents[0]
    assert {**report.data, "source": expected["source"]} == expected


def test_parsed_data_is_located_in_its_json_text() -> None:
    report = batchcheck.check({"status": "COMPLETE", "results": [{"appId": "1"}]})
    assert report.valid is False
    assert all(error["line"] and error["column"] for error in report.errors)
    assert '/results/0/appId  5:16  expected integer, found string "1" [type]' in report.explain()


def test_unreadable_input_is_a_report_not_an_exception() -> None:
    report = batchcheck.check(b'{"status": ')
    assert report.valid is None and report.exit_code == 2
    assert report.input_error == "invalid JSON: unexpected end of input (truncated?)"


def test_curl_i_bytes_carry_their_status() -> None:
    report = batchcheck.check(b"HTTP/1.1 207 Multi-Status\r\n\r\n" + batch_read_207().encode(), openapi=SPEC)
    assert report.data["http"]["status"] == 207 and report.schema == SCHEMA_207


def test_a_bad_schema_raises_a_batchcheck_error_not_system_exit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": 12}', encoding="utf-8")
    with pytest.raises(BatchcheckError, match=r"bad\.json"):
        batchcheck.check({}, schema=bad)


def test_not_json_data_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not JSON data"):
        batchcheck.check({"a": object()})


def test_a_checker_compiles_once_and_checks_many(monkeypatch) -> None:
    from batchcheck.validate import factory

    checker = batchcheck.Checker(openapi=[SPEC], max_errors=1)
    compiled = []
    original = factory.make_engines
    monkeypatch.setattr(factory, "make_engines", lambda *a, **k: compiled.append(1) or original(*a, **k))
    for body in (batch_read_207(), broken_batch_read_207()) * 5:
        checker.check(body, url=BASE + BATCH_READ, method="POST", status=207)
    assert compiled == []
    report = checker.check(json.loads(broken_batch_read_207()), status=207)
    assert len(report.errors) == 1


def test_check_keeps_its_checker() -> None:
    first = batchcheck.check({}, openapi=SPEC)
    assert batchcheck.api._cached_checker.cache_info().hits >= 0
    batchcheck.check({}, openapi=SPEC)
    assert batchcheck.api._cached_checker.cache_info().hits >= 1
    assert first.data["source"] == "<response>"


def test_fail_on_partial() -> None:
    checker = batchcheck.Checker(openapi=SPEC, fail_on_partial=True)
    report = checker.check(batch_read_207(), status=207)
    assert report.valid is True and report.exit_code == 3 and not report.ok


def test_the_names_are_exported() -> None:
    assert {"check", "Checker", "Report", "BatchcheckError"} <= set(batchcheck.__all__)
    assert batchcheck.check is batchcheck.api.check  # not the module it once shadowed
    with pytest.raises(AttributeError):
        batchcheck.nothing  # noqa: B018
