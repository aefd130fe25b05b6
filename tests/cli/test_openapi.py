"""`--openapi SPEC`: an OpenAPI 3.0/3.1 document's component schemas as candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support.paths import DATA

from batchcheck.schemas.openapi.yaml import load_document

SPECS = DATA / "openapi"
PREFIX = "Tiny-CRM#/components/schemas/"
CONTACT = {"id": "1001", "email": "a@example.test", "lifecycle": "lead", "nickname": None, "score": 12.5}
PAGE = {"results": [CONTACT, dict(CONTACT, id="1002", nickname="Bo")], "paging": {"next": None}}
DEAL = {"dealId": 5, "amount": 10, "stage": "ON", "owner": None}


@pytest.fixture(params=["3.0.yaml", "3.1.json", "3.0.json", "3.1.yaml"])
def spec(request, tmp_path) -> Path:
    """The test spec in both versions, each as JSON and as YAML (two stored, two converted here)."""
    version, kind = request.param.rsplit(".", 1)
    stored = {"3.0": SPECS / "crm-3.0.yaml", "3.1": SPECS / "crm-3.1.json"}[version]
    if stored.suffix[1:] == kind:
        return stored
    data = load_document(stored)  # YAML 1.2 booleans, dates kept as text, as batchcheck reads it
    converted = tmp_path / f"crm-{version}.{kind}"
    converted.write_text(json.dumps(data) if kind == "json" else yaml.safe_dump(data, sort_keys=False))
    return converted


def check(bc, spec: Path, body: object, *args: str) -> dict:
    result = bc("--openapi", spec, "-f", "json", *args, stdin=json.dumps(body, indent=2).encode())
    assert "Traceback" not in result.stderr
    payload = result.report
    assert payload["exitCode"] == result.code
    return payload["documents"][0]


def test_a_contact_is_also_a_contact_summary(bc, spec):
    document = check(bc, spec, CONTACT)
    assert (document["detection"], document["schema"]) == ("ambiguous", f"{PREFIX}Contact")  # declares more
    assert document["alternatives"] == [f"{PREFIX}ContactSummary"]


def test_a_page_matches_its_component(bc, spec):
    document = check(bc, spec, PAGE)
    verdict = (document["detection"], document["schema"], document["valid"])
    assert verdict == ("matched", f"{PREFIX}ContactPage", True)


def test_nullable_and_yaml_strings_that_look_like_booleans(bc, spec):
    document = check(bc, spec, DEAL)  # owner: null (nullable allOf $ref), stage "ON" stays a string
    assert (document["schema"], document["valid"]) == (f"{PREFIX}Deal", True)
    document = check(bc, spec, dict(CONTACT, nickname=7))
    assert (document["detection"], document["schema"]) == ("matched", f"{PREFIX}ContactSummary")  # loose
    document = check(bc, spec, dict(CONTACT, nickname=7), "--schema", f"{PREFIX}Contact")
    assert [e["pointer"] for e in document["errors"]] == ["/nickname"]
    assert "expected string or null" in document["errors"][0]["message"]


def test_exclusive_minimum_becomes_numeric(bc, spec):
    contact = ("--schema", f"{PREFIX}Contact")  # detection would settle for the looser ContactSummary
    document = check(bc, spec, dict(CONTACT, score=0), *contact)
    assert document["valid"] is False
    [error] = document["errors"]
    assert (error["pointer"], error["keyword"]) == ("/score", "exclusiveMinimum")
    assert check(bc, spec, dict(CONTACT, score=100), *contact)["valid"] is True  # maximum: inclusive


def test_refs_into_components_resolve(bc, spec):
    assert check(bc, spec, dict(DEAL, owner={"ownerId": 1, "email": "o@example.test"}))["valid"] is True
    document = check(bc, spec, dict(DEAL, owner={"ownerId": 1, "email": "not-an-email"}))
    assert document["schema"] == f"{PREFIX}Deal"  # nullable owner: Owner or null, neither fits
    assert [(e["pointer"], e["keyword"]) for e in document["errors"]] == [("/owner", "anyOf")]
    page = {"results": [dict(CONTACT, lifecycle="churned")], "paging": {"next": {"after": "x"}}}
    document = check(bc, spec, page)
    assert (document["schema"], [e["pointer"] for e in document["errors"]]) == (
        f"{PREFIX}ContactPage",
        ["/results/0/lifecycle"],
    )


def test_openapi_responses_keeps_response_bodies_only(bc, spec):
    result = bc("schemas", "--openapi", spec, "--openapi-responses", "--no-bundled", "-f", "json")
    assert result.code == 0, result.stderr
    names = [row["name"] for row in result.report["schemas"]]
    # Error only through #/components/responses/Problem; DealUpdate is a request body; Owner and Paging nested
    assert names == [f"{PREFIX}{n}" for n in ("Contact", "ContactPage", "Deal", "Error")]
    result = bc("schemas", "--openapi", spec, "--no-bundled", "-f", "json")
    assert len(result.report["schemas"]) == 8
    assert {row["origin"] for row in result.report["schemas"]} == {f"openapi {spec}"}


def test_forcing_a_component_by_name(bc, spec):
    document = check(bc, spec, {"stage": "OFF"}, "--schema", f"{PREFIX}DealUpdate")
    assert (document["detection"], document["valid"]) == ("forced", True)


def _billion_laughs() -> str:
    lines = ["openapi: 3.0.0", "x-laughs:", "  l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    lines += [f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    return "\n".join([*lines, "components:", "  schemas:", "    X:", "      enum: *l8", ""])


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("openapi: 2.0\ninfo: {title: x}\n", ".yaml", "not an OpenAPI 3.0 or 3.1 document (openapi '2.0')"),
        ("openapi: 3.0.0\ncomponents:\n  schemas: [\n", ".yaml", "invalid YAML"),
        ('{"openapi": "3.1.0", "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}}',
         ".json", "/components/schemas/A: cannot resolve $ref #/components/schemas/B"),
        ("- just\n- a list\n", ".yml", "an OpenAPI document must be a mapping"),
        ("openapi: 3.0.0\ncomponents:\n  schemas:\n    X: &x\n      items: *x\n", ".yaml",
         "YAML aliases refer to themselves"),
        (_billion_laughs(), ".yaml", "YAML expands to over 2,000,000 values (aliases?)"),
    ],
)  # fmt: skip
def test_unusable_spec_is_a_usage_error(bc, tmp_path, text, suffix, expected):
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text)
    result = bc("--openapi", bad, stdin=b"{}")
    assert result.code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"batchcheck: error: {bad}") and expected in line


def test_a_component_failing_the_meta_schema_is_reported_when_used(bc, tmp_path):
    broken = {"type": "object", "properties": {"a": {"type": "strin"}}}
    spec = {"openapi": "3.1.0", "info": {"title": "T"}, "components": {"schemas": {"A": broken}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    result = bc("--openapi", path, "--no-bundled", stdin=b'{"a": "text"}')
    assert result.code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"batchcheck: error: {path}: /components/schemas/A: not a valid Draft 2020-12")
    assert "Traceback" not in result.stderr
    lint = bc("schemas", "lint", path)  # lint checks every component, used or not
    assert lint.code == 1
    assert "/components/schemas/A/properties/a/type: not valid Draft 2020-12" in lint.stdout


def test_title_with_spaces_and_no_title(bc, tmp_path):
    spec = {"openapi": "3.1.0", "info": {"title": "  My \t Big  API "}, "components": {"schemas": {"A": {}}}}
    (tmp_path / "named.json").write_text(json.dumps(spec))
    del spec["info"]
    (tmp_path / "untitled.json").write_text(json.dumps(spec))
    args = ("schemas", "--no-bundled", "-f", "json", "--openapi", tmp_path / "named.json")
    result = bc(*args, "--openapi", tmp_path / "untitled.json")
    names = [row["name"] for row in result.report["schemas"]]
    assert names == ["My-Big-API#/components/schemas/A", "untitled#/components/schemas/A"]


def test_an_unchecked_format_is_warned_once_per_document(bc, tmp_path):
    phone = {"type": "object", "properties": {"phone": {"type": "string", "format": "phone"}}}
    schemas = {"Owner": phone, "Deal": {"properties": {"owner": {"$ref": "#/components/schemas/Owner"}}}}
    path = tmp_path / "spec.json"
    spec = {"openapi": "3.1.0", "info": {"title": "T"}, "components": {"schemas": schemas}}
    path.write_text(json.dumps(spec))
    result = bc("--openapi", path, "-f", "text", stdin=b"{}")
    assert result.stderr.splitlines() == [
        f"batchcheck: warning: {path}: format 'phone' is not checked (batchcheck has no checker for it)"
    ]
