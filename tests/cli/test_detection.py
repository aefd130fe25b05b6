"""Detection on OpenAPI documents shaped like real ones: describe first, validate second; status,
operation, the user's documents over the bundle; broken components set aside; collections."""

from __future__ import annotations

import json

import pytest
from support.paths import DATA

CORPUS = DATA / "detection"
V4 = CORPUS / "specs" / "associations-v4.json"
V3 = CORPUS / "specs" / "associations-v3.yaml"
V2026 = CORPUS / "specs" / "associations-2026-03.yaml"
CONTACTS = CORPUS / "specs" / "crm-contacts.yaml"
REPOHOST = CORPUS / "specs" / "repohost-3.1.yaml"
STARTED, COMPLETED = "2025-03-15T14:30:00.120Z", "2025-03-15T14:30:00.536Z"
READ = "POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"


def association(to_id: object = "5001", label: object = "Primary") -> dict:
    types = [{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": label}]
    return {"from": {"id": "101"}, "to": [{"toObjectId": to_id, "associationTypes": types}]}


def batch(*results: dict, **extra: object) -> dict:
    return {
        "status": "COMPLETE",
        "results": list(results),
        "startedAt": STARTED,
        "completedAt": COMPLETED,
        **extra,
    }


def run(bc, body: object, *args: object, status: int | None = None) -> dict:
    text = json.dumps(body)
    if status is not None:  # as `curl -i` shows it
        text = f"HTTP/2 {status} \r\ncontent-type: application/json\r\n\r\n{text}"
    result = bc("-f", "json", *args, stdin=text.encode())
    assert "Traceback" not in result.stderr
    return result.documents[0]


def component(document: dict) -> str:
    return document["schemaRef"]["pointer"].rsplit("/", 1)[-1]


def test_a_permissive_component_never_wins_over_the_one_that_describes_the_document(bc):
    """ForwardPaging and Paging (nothing required, extra keys allowed) validate any object; the batch
    component, which declares every key and fails on a leaf value, is the closest."""
    body = batch(association(to_id=5001, label=None))
    document = run(bc, body, "--openapi", V4, "--openapi-components")
    assert (document["detection"], component(document), document["valid"]) == (
        "closest",
        "BatchResponsePublicAssociationMultiWithLabel",
        False,
    )
    assert [(e["pointer"], e["keyword"]) for e in document["errors"]] == [
        ("/results/0/to/0/toObjectId", "type"),
        ("/results/0/to/0/associationTypes/0/label", "type"),
    ]
    paging = [c for c in document["candidates"] if c["schema"].endswith("› ForwardPaging")]
    assert paging and paging[0]["score"] == 0.0  # it describes none of the batch's members


def test_a_catch_all_schema_never_matches(bc, tmp_path):
    (tmp_path / "any.json").write_text(json.dumps({"type": "object"}))
    (tmp_path / "free.json").write_text(json.dumps({"type": "object", "additionalProperties": True}))
    document = run(bc, {"id": "1", "name": "x"}, "--schema-dir", tmp_path, "--no-bundled")
    assert (document["detection"], document["schema"], document["valid"]) == ("none", None, False)
    assert {c["reason"] for c in document["candidates"]} == {
        "describes nothing: it constrains no member of the document"
    }


def test_a_207_is_its_with_errors_component_though_its_error_items_drift(bc):
    """The live 207: error items without `links` and `errors`. The 200 variant validates it (it allows
    extra keys), the `…WithErrors` one does not; the status line says 207, and the spec returns
    `…WithErrors` for 207."""
    error = {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "no", "context": {"ids": ["9"]}}
    body = batch(association(), numErrors=1, errors=[error])
    document = run(bc, body, "--openapi", V4, status=207)
    assert (component(document), document["detection"], document["valid"]) == (
        "BatchResponsePublicAssociationMultiWithLabelWithErrors",
        "closest",
        False,
    )
    assert document["schemaRef"]["operation"] == READ and document["schemaRef"]["status"] == "207"
    assert {e["message"] for e in document["errors"]} == {
        'missing required property "errors"',
        'missing required property "links"',
    }
    assert run(bc, batch(association()), "--openapi", V4, status=200)["valid"] is True  # and the 200 one


def test_the_users_document_outranks_the_bundle(bc):
    """The bundled association schema has no enum on `category`: an enum typo is valid there, and
    invalid against the user's document, which describes the batch as well."""
    body = batch(association())
    body["results"][0]["to"][0]["associationTypes"][0]["category"] = "HUBSPOT_DEFINDE"
    document = run(bc, body, "--openapi", V4, status=200)
    assert document["schemaRef"]["origin"] == "openapi"
    assert (document["detection"], document["valid"]) == ("closest", False)
    assert [e["keyword"] for e in document["errors"]] == ["enum"]
    bundled = next(c for c in document["candidates"] if c["schema"] == "BatchAssociationResponse")
    assert bundled["valid"] is True  # listed, valid, and not the verdict


def test_identical_components_of_several_documents_are_reported_once(bc):
    document = run(bc, batch(association()), "--openapi", V4, "--openapi", V2026, status=200)
    assert document["detection"] == "matched"
    assert document["schema"] == "Associations v4 › BatchResponsePublicAssociationMultiWithLabel"
    assert document["alsoIn"] == ["Associations 2026-03 › BatchResponsePublicAssociationMultiWithLabel"]
    text = bc(
        "--openapi",
        V4,
        "--openapi",
        V2026,
        "--status",
        "200",
        "-f",
        "text",
        stdin=json.dumps(batch(association())).encode(),
    ).stdout
    assert "(matched; also in 1 other document)" in text


@pytest.mark.parametrize(
    "how",
    [
        ("--url", "https://api.example-crm.test/crm/v4/associations/contacts/companies/batch/read"),
        ("--url", "/crm/v4/associations/contacts/companies/batch/read", "--method", "post"),
        ("--operation", READ),
        ("--operation", "POST /crm/v4/associations/deals/contacts/batch/read"),
    ],
    ids=["url", "path-and-method", "template", "concrete-path"],
)
def test_when_the_operation_is_known_there_is_nothing_to_guess(bc, how):
    """An empty 207 fits every `…WithErrors` batch of three documents alike; the operation names it."""
    error = {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "no", "context": {}, "links": {},
             "errors": []}  # fmt: skip
    body = batch(numErrors=1, errors=[error])
    guessed = run(bc, body, "--openapi", V4, "--openapi", V3, "--openapi", V2026, status=207)
    assert guessed["alternatives"]  # several describe it as well
    document = run(bc, body, "--openapi", V4, "--openapi", V3, *how, status=207)
    assert (document["detection"], document["schema"]) == (
        "operation",
        "Associations v4 › BatchResponsePublicAssociationMultiWithLabelWithErrors",
    )
    assert (document["schemaRef"]["operation"], document["schemaRef"]["status"]) == (READ, "207")


@pytest.mark.parametrize(
    ("how", "told"),
    [
        (
            ("--url", "https://api.example-crm.test/crm/v4/no/such/path"),
            "https://api.example-crm.test/crm/v4/no/such/path",
        ),
        (
            ("--url", "/crm/v4/associations/contacts/companies/batch/read", "--method", "DELETE"),
            "DELETE /crm/v4/",
        ),
    ],
    ids=["unknown-path", "wrong-method"],
)
def test_a_url_no_operation_answers_is_said_once_and_detection_decides(bc, how, told):
    """A typo in --url must not quietly turn operation checking off: one warning, then detection."""
    text = json.dumps(batch(association()))
    response = f"HTTP/2 200 \r\ncontent-type: application/json\r\n\r\n{text}\n"
    stdin = (response * 2).encode()  # two responses in one stream: said once
    result = bc("-f", "json", "--openapi", V4, *how, "-", stdin=stdin)
    assert len(result.documents) == 2 and result.documents[0]["detection"] != "operation"
    warnings = [line for line in result.stderr.splitlines() if "no operation" in line]
    assert len(warnings) == 1, result.stderr
    said = "with status 200: no operation of the OpenAPI documents answers it; the schema is detected"
    assert told in warnings[0] and warnings[0].endswith(f"{said} among all of them")


def test_operation_id_and_status_pick_the_response(bc):
    body = [{"id": 1, "title": "t"}]
    by_id = run(bc, [], "--openapi", REPOHOST, "--operation-id", "issues/list-for-repo", "--status", "200")
    assert by_id["detection"] == "operation"
    assert by_id["schemaRef"]["operation"] == "GET /repos/{owner}/{repo}/issues"
    result = bc(
        "-f",
        "json",
        "--openapi",
        REPOHOST,
        "--operation",
        "GET /no/such/path",
        stdin=json.dumps(body).encode(),
    )
    assert result.code == 2
    assert (
        "--operation GET /no/such/path: no OpenAPI document given returns a response for it" in result.stderr
    )


def test_a_response_file_left_in_a_schema_dir_is_skipped_and_refused_as_a_schema(bc, tmp_path, examples_dir):
    schemas = tmp_path / "contracts"
    schemas.mkdir()
    response = examples_dir / "associations.valid.json"
    (schemas / "resp.json").write_bytes(response.read_bytes())
    (schemas / "owner.json").write_text(
        json.dumps({"type": "object", "properties": {"id": {"type": "string"}}})
    )
    result = bc("-f", "json", "--schema-dir", schemas, response)
    assert result.stderr.splitlines() == [
        f"batchcheck: warning: {schemas / 'resp.json'}: not a schema (it has no JSON Schema keyword): skipped"
    ]
    assert result.documents[0]["schema"] == "BatchAssociationResponse"
    forced = bc("--schema", schemas / "resp.json", response)
    assert forced.code == 2
    assert "not a schema: it has no JSON Schema keyword (a response file?)" in forced.stderr
    lint = bc("schemas", "lint", "-f", "text", schemas / "resp.json")
    assert lint.code == 1 and "[not-a-schema]" in lint.stdout


def test_example_null_is_no_lint_finding(bc, tmp_path):
    spec = {
        "openapi": "3.0.1",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"type": "object", "example": None, "properties": {
            "id": {"type": "string", "example": None}, "n": {"type": "integer", "example": "x"}}}}},
    }  # fmt: skip
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    result = bc("schemas", "lint", "-f", "json", path)
    assert [(f["pointer"], f["kind"]) for f in result.report["findings"]] == [
        ("/components/schemas/A/properties/n/example", "example")
    ]


def test_a_collection_directory_loads_every_document_and_skips_broken_files(bc, tmp_path):
    collection = tmp_path / "specs"
    (collection / "crm").mkdir(parents=True)
    for spec in (V4, V2026, CONTACTS):
        (collection / "crm" / spec.name).write_bytes(spec.read_bytes())
    (collection / "broken.json").write_text('{"openapi": "3.0.1", "paths": {')
    (collection / "postman.json").write_text('{"info": {"name": "a Postman collection"}, "item": []}')
    (collection / "swagger.yaml").write_text("swagger: '2.0'\n")
    result = bc(
        "-f",
        "json",
        "--openapi",
        collection,
        "--status",
        "200",
        stdin=json.dumps(batch(association())).encode(),
    )
    warnings = result.stderr.splitlines()
    assert any(f"{collection / 'broken.json'}:" in w and "skipped" in w for w in warnings), warnings
    assert (
        f"batchcheck: warning: --openapi {collection}: 2 JSON/YAML files are not OpenAPI documents: skipped"
        in warnings
    )
    document = result.documents[0]
    assert (document["detection"], component(document)) == (
        "matched",
        "BatchResponsePublicAssociationMultiWithLabel",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = bc("--openapi", empty, stdin=b"{}")
    assert refused.code == 2 and "no OpenAPI document in this directory" in refused.stderr


def test_documents_sharing_a_title_and_version_get_names_a_person_can_tell_apart(bc, tmp_path):
    for folder in ("130902", "50914"):
        (tmp_path / folder / "v4").mkdir(parents=True)
        (tmp_path / folder / "v4" / "associations.json").write_bytes(V4.read_bytes())
    result = bc("schemas", "--no-bundled", "-f", "json", "--openapi", tmp_path)
    names = {row["name"].split(" › ")[0] for row in result.report["schemas"]}
    assert names == {
        "Associations v4 [130902/v4/associations.json]",
        "Associations v4 [50914/v4/associations.json]",
    }


def test_long_names_fold_and_no_column_gets_zero_width(bc, tmp_path):
    result = bc("schemas", "--openapi", V4, "--openapi", V2026, env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert any("Response from batch association" in line for line in lines)  # the bundle's description
    assert all(len(line) <= 160 for line in lines)
    assert "…" not in result.stdout  # folded, never cut


def test_array_and_inline_response_bodies_are_candidates_named_by_their_operation(bc):
    pulls = [{"id": 1, "number": 7, "state": "open"}]
    document = run(bc, {"total_count": 0, "workflow_runs": []}, "--openapi", REPOHOST, "--status", "200")
    assert document["schema"] == "Repo Host REST API 1.1.4 › GET /repos/{owner}/{repo}/actions/runs → 200"
    assert document["schemaRef"]["pointer"].startswith("/paths/")
    listing = bc("schemas", "--openapi", REPOHOST, "--no-bundled", "-f", "json").report["schemas"]
    assert any(row["name"].endswith("GET /repos/{owner}/{repo}/pulls → 200") for row in listing)
    assert run(bc, pulls, "--openapi", REPOHOST)["schemaRef"]["operation"] is not None


@pytest.mark.parametrize("broken", ["wrong-type", "missing-required"])
@pytest.mark.parametrize("fillers", [0, 20], ids=["two-candidates", "many-candidates"])
def test_a_loose_batch_with_free_form_items_never_makes_a_broken_specific_one_valid(
    bc, tmp_path, fillers, broken
):
    """Found on HubSpot's published collection: a `BatchResponse` whose results are free-form
    objects validates anything batch-shaped, and describes all it looks at (the envelope). A
    companies batch with one wrong type must stay invalid against its own schema, which describes
    the items too, never `valid` against the loose one: with two candidates (each described) and
    with many (the bound leaves some out)."""
    stamp = {"type": "string", "format": "date-time"}
    company = {
        "type": "object",
        "required": ["id", "properties", "createdAt", "updatedAt", "archived"],
        "properties": {
            "id": {"type": "string"},
            "properties": {"type": "object", "additionalProperties": {"type": "string"}},
            "createdAt": stamp,
            "updatedAt": stamp,
            "archived": {"type": "boolean"},
        },
    }
    envelope = {"status": {"type": "string"}, "startedAt": stamp, "completedAt": stamp}
    schemas = {
        "BatchResponseSimplePublicObject": {
            "type": "object",
            "required": ["status", "results", "startedAt", "completedAt"],
            "properties": {**envelope, "results": {"type": "array", "items": company}},
        },
        "BatchResponse": {
            "type": "object",
            "required": ["status", "results", "startedAt", "completedAt"],
            "properties": {**envelope, "results": {"type": "array", "items": {"type": "object"}}},
        },
        **{
            f"Filler{n}": {
                "type": "object",
                "required": [f"f{n}"],
                "properties": {f"f{n}": {"type": "string"}},
            }
            for n in range(fillers)
        },
    }
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "CRM", "version": "1"}, "paths": {},
                                "components": {"schemas": schemas}}))  # fmt: skip
    item = {"id": "512", "properties": {"name": "Acme"}, "createdAt": "2025-01-02T03:04:05Z",
            "updatedAt": "2025-01-02T03:04:05Z", "archived": "false"}  # fmt: skip
    body = {"status": "COMPLETE", "results": [item], "startedAt": "2025-01-02T03:04:05Z",
            "completedAt": "2025-01-02T03:04:06Z"}  # fmt: skip
    if broken == "missing-required":
        item["archived"] = False
        del item["id"]
    document = run(bc, body, "--openapi", spec, "--openapi-components", "--no-bundled")
    assert (document["valid"], document["schema"]) == (False, "CRM 1 › BatchResponseSimplePublicObject")
    assert [e["keyword"] for e in document["errors"]] == ["type" if broken == "wrong-type" else "required"]
    item.update(id="512", archived=False)  # and the repaired batch is its schema's, matched
    repaired = run(bc, body, "--openapi", spec, "--openapi-components", "--no-bundled")
    assert (repaired["valid"], repaired["detection"], repaired["schema"]) == (
        True,
        "matched",
        "CRM 1 › BatchResponseSimplePublicObject",
    )


def test_a_users_loose_batch_schema_never_outranks_a_bundled_one_that_describes_more(
    bc, tmp_path, examples_dir
):
    """Found with HubSpot's whole collection given: its loose `BatchResponse` (free-form items)
    took the invalid flag-state example as valid because the user's schemas came first. Fit comes
    first now: the bundled flag-state schema describes the items and its three errors stand."""
    loose = {
        "type": "object",
        "required": ["status", "results"],
        "properties": {
            "status": {"type": "string"},
            "results": {"type": "array", "items": {"type": "object"}},
            "startedAt": {"type": "string"},
            "completedAt": {"type": "string"},
        },
    }
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "CRM", "version": "1"}, "paths": {},
                                "components": {"schemas": {"BatchResponse": loose}}}))  # fmt: skip
    result = bc(
        "-f", "json", "--openapi", spec, "--openapi-components", examples_dir / "portal-flags.invalid.json"
    )
    [document] = result.documents
    assert (document["valid"], document["schema"], document["errorCount"]) == (
        False,
        "BatchPortalFlagStateResponseWithErrors",
        3,
    )
    valid = bc(
        "-f", "json", "--openapi", spec, "--openapi-components", examples_dir / "portal-flags.valid.json"
    )
    assert valid.documents[0]["schema"] == "BatchPortalFlagStateResponseWithErrors"
