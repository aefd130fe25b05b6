"""`--openapi SPEC`: an OpenAPI 3.0/3.1 document's component schemas as candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support.paths import DATA

from batchcheck.schemas.openapi.yaml import load_document

SPECS = DATA / "openapi"
PREFIX = "Tiny CRM 1.0 › "
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


def test_a_contact_is_its_component_not_the_looser_summary(bc, spec):
    """ContactSummary (no response body, so a candidate only with --openapi-components) validates a
    contact too, but describes two of its five members: Contact, which describes all, is it."""
    document = check(bc, spec, CONTACT, "--openapi-components")
    assert (document["detection"], document["schema"], document["alternatives"]) == (
        "matched",
        f"{PREFIX}Contact",
        [],
    )
    summary = next(c for c in document["candidates"] if c["schema"] == f"{PREFIX}ContactSummary")
    assert (summary["score"], summary["members"], summary["undeclared"]) == (0.4, 5, 3)
    ref = document["schemaRef"]
    assert (ref["origin"], ref["pointer"], ref["operation"], ref["status"]) == (
        "openapi",
        "/components/schemas/Contact",
        "GET /contacts/{id}",
        "200",
    )


def test_a_page_matches_its_component(bc, spec):
    document = check(bc, spec, PAGE)
    verdict = (document["detection"], document["schema"], document["valid"])
    assert verdict == ("matched", f"{PREFIX}ContactPage", True)


def test_nullable_and_yaml_strings_that_look_like_booleans(bc, spec):
    document = check(bc, spec, DEAL)  # owner: null (nullable allOf $ref), stage "ON" stays a string
    assert (document["schema"], document["valid"]) == (f"{PREFIX}Deal", True)
    document = check(bc, spec, dict(CONTACT, nickname=7), "--openapi-components")
    # the loose ContactSummary validates it, but describes less than half of it: Contact, closest
    assert (document["detection"], document["schema"], document["valid"]) == (
        "closest",
        f"{PREFIX}Contact",
        False,
    )
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


def test_response_bodies_by_default_every_component_when_asked(bc, spec):
    result = bc("schemas", "--openapi", spec, "--no-bundled", "-f", "json")
    assert result.code == 0, result.stderr
    names = [row["name"] for row in result.report["schemas"]]
    # Error only through #/components/responses/Problem; DealUpdate is a request body; Owner and Paging nested
    assert names == [f"{PREFIX}{n}" for n in ("Contact", "ContactPage", "Deal", "Error")]
    assert bc("schemas", "--openapi", spec, "--openapi-responses", "--no-bundled", "-f", "json").report == (
        result.report
    )  # the old flag: what is now the default
    result = bc("schemas", "--openapi", spec, "--openapi-components", "--no-bundled", "-f", "json")
    assert len(result.report["schemas"]) == 8
    assert {row["origin"] for row in result.report["schemas"]} == {f"openapi {spec}"}


def test_forcing_a_component_by_name_or_pointer(bc, spec):
    """A component that is no response body (DealUpdate is a request body) can still be forced, by
    its whole name, its pointer, the name typed in ASCII (`>` for `›`) or its own name alone."""
    for name in (
        f"{PREFIX}DealUpdate",
        "#/components/schemas/DealUpdate",
        "Tiny CRM 1.0 > DealUpdate",
        "DealUpdate",
    ):
        document = check(bc, spec, {"stage": "OFF"}, "--schema", name)
        assert (document["detection"], document["valid"], document["schema"]) == (
            "forced",
            True,
            f"{PREFIX}DealUpdate",
        )


def _billion_laughs() -> str:
    lines = ["openapi: 3.0.0", "x-laughs:", "  l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    lines += [f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    return "\n".join([*lines, "components:", "  schemas:", "    X:", "      enum: *l8", ""])


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("openapi: 2.0\ninfo: {title: x}\n", ".yaml", "not an OpenAPI 3.0 or 3.1 document (openapi '2.0')"),
        ("openapi: 3.0.0\ncomponents:\n  schemas: [\n", ".yaml", "invalid YAML"),
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


def test_a_name_two_documents_share_is_refused_naming_both(bc, spec, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    copy = other / spec.name
    copy.write_bytes(spec.read_bytes().replace(b"Tiny CRM", b"Huge CRM"))
    result = bc("--openapi", spec, "--openapi", copy, "--schema", "Deal", "-f", "json", stdin=b"{}")
    assert result.code == 2
    assert result.stderr == (
        "batchcheck: error: --schema Deal: names 2 schemas (Tiny CRM 1.0 › Deal, Huge CRM 1.0 › Deal): "
        "give the whole name\n"
    )


def test_a_broken_component_is_skipped_with_a_warning_and_the_others_decide(bc, tmp_path):
    """A component failing the meta-schema, one with a `$ref` to nothing, and one in a `$ref` cycle
    that would never end: each is set aside with one warning when detection first needs it."""
    broken = {"type": "object", "properties": {"a": {"type": "strin"}}}
    dangling = {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Nowhere"}}}
    parent = {"oneOf": [{"$ref": "#/components/schemas/Child"}], "properties": {"a": {}}}
    child = {"allOf": [{"$ref": "#/components/schemas/Parent"}], "properties": {"a": {}}}
    good = {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
    schemas = {"A": broken, "B": dangling, "Parent": parent, "Child": child, "Good": good}
    spec = {"openapi": "3.1.0", "info": {"title": "T"}, "components": {"schemas": schemas}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    args = ("--openapi", path, "--openapi-components", "--no-bundled", "-f", "json")
    result = bc(*args, stdin=b'{"a": "text"}')
    assert "Traceback" not in result.stderr
    warnings = sorted(result.stderr.splitlines())
    assert len(warnings) == 4, warnings
    assert f"batchcheck: warning: {path}: /components/schemas/A: not a valid Draft 2020-12" in warnings[0]
    assert f"{path}: /components/schemas/B: cannot resolve $ref #/components/schemas/Nowhere" in warnings[1]
    assert all("$ref cycle" in line and "same value forever" in line for line in warnings[2:])
    document = result.documents[0]
    assert (document["schema"], document["detection"], document["valid"]) == ("T › Good", "closest", False)
    assert bc(*args, stdin=b'{"a": 1}').documents[0]["detection"] == "matched"  # warned once per run
    lint = bc("schemas", "lint", path)  # lint checks every component, used or not
    assert lint.code == 1
    assert "/components/schemas/A/properties/a/type: not valid Draft 2020-12" in lint.stdout


def test_a_cycle_below_a_property_breaks_the_response_that_reaches_it(bc, tmp_path):
    """`Page.items` refers to `Parent`, which with `Child` goes round applicators alone: the page's
    schema can never be applied, so the response using it is set aside, never called valid, and
    the cycle is named in the run's one warning."""
    parent = {"oneOf": [{"$ref": "#/components/schemas/Child"}]}
    child = {"allOf": [{"$ref": "#/components/schemas/Parent"}], "properties": {"a": {}}}
    page = {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Parent"}}},
    }
    ok = {
        "200": {
            "description": "",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
        }
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/things": {"get": {"responses": ok}}},
        "components": {"schemas": {"Page": page, "Parent": parent, "Child": child}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    result = bc("--openapi", path, "--no-bundled", "-f", "json", stdin=b'{"items": [{"a": 1}]}')
    assert "Traceback" not in result.stderr
    [warning] = result.stderr.splitlines()
    child, parent = "#/components/schemas/Child", "#/components/schemas/Parent"
    cycle = f"{child} → {child}/allOf/0 → {parent} → {parent}/oneOf/0 → {child}"
    assert f"$ref cycle {cycle}" in warning, warning
    assert result.documents[0]["valid"] is not True


def test_title_with_spaces_and_no_title(bc, tmp_path):
    spec = {"openapi": "3.1.0", "info": {"title": "  My \t Big  API "}, "components": {"schemas": {"A": {}}}}
    (tmp_path / "named.json").write_text(json.dumps(spec))
    del spec["info"]
    (tmp_path / "untitled.json").write_text(json.dumps(spec))
    args = (
        "schemas",
        "--no-bundled",
        "-f",
        "json",
        "--openapi-components",
        "--openapi",
        tmp_path / "named.json",
    )
    result = bc(*args, "--openapi", tmp_path / "untitled.json")
    names = [row["name"] for row in result.report["schemas"]]
    assert names == ["My Big API › A", "untitled › A"]


def test_an_unchecked_format_is_warned_once_per_document(bc, tmp_path):
    phone = {"type": "object", "properties": {"phone": {"type": "string", "format": "phone"}}}
    schemas = {"Owner": phone, "Deal": {"properties": {"owner": {"$ref": "#/components/schemas/Owner"}}}}
    path = tmp_path / "spec.json"
    spec = {"openapi": "3.1.0", "info": {"title": "T"}, "components": {"schemas": schemas}}
    path.write_text(json.dumps(spec))
    result = bc(
        "--openapi",
        path,
        "--openapi-components",
        "--no-bundled",
        "-f",
        "text",
        stdin=b'{"owner": {"phone": "1"}}',
    )
    assert result.stderr.splitlines() == [  # once, when the schemas using it are first validated
        f"batchcheck: warning: {path}: format 'phone' is not checked (batchcheck has no checker for it)"
    ]
