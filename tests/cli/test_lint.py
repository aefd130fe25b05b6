"""`batchcheck schemas lint`: problems in the schemas themselves, located in their files."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from support.paths import REPO_ROOT

REPO = REPO_ROOT
LINT = REPO / "tests" / "data" / "lint"
BUNDLE = sorted((REPO / "schemas").glob("*.schema.json"))


def findings(result) -> list[dict]:
    payload = result.report
    assert payload["exitCode"] == result.code
    return payload["findings"]


def position(path: Path, needle: str, after: str = "") -> tuple[int, int]:
    """Line and column of needle (on the first line containing `after` or later), found independently."""
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start + 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_bundled_seed_examples_fail_their_own_schema_and_the_seeds_stay_unchanged(bc):
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in BUNDLE}
    result = bc("schemas", "lint", "-f", "json")
    assert result.code == 1
    found = {(Path(f["file"]).name, f["pointer"], f["kind"]) for f in findings(result)}
    assert found == {
        ("BatchAssociationResponse.schema.json", "/properties/results/example", "example"),
        ("BatchAssociationResponse.schema.json", "/properties/errors/example", "example"),
        ("BatchPortalFlagStateResponseWithErrors.schema.json", "/properties/results/example", "example"),
    }
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in BUNDLE} == before


def test_every_kind_of_finding_is_located(bc):
    path = LINT / "flawed.schema.json"
    result = bc("schemas", "lint", path, "-f", "json")
    assert result.code == 1
    got = {f["pointer"]: f for f in findings(result)}
    expected = {
        "/required/1": ("required", position(path, '"kind"')),
        "/properties/id/examples/1": ("example", position(path, '"forty-two"')),
        "/properties/size/default": ("default", position(path, "-1", after='"size"')),
        "/properties/owner/$ref": ("ref", position(path, '"#/$defs/Ownr"')),
        "/properties/tags/example": ("example", position(path, '["ok", 7]')),
    }
    assert {k: (f["kind"], (f["line"], f["column"])) for k, f in got.items()} == expected
    assert "'kind' is not among properties" in got["/required/1"]["message"]
    assert 'found string "forty-two"' in got["/properties/id/examples/1"]["message"]


def test_meta_schema_errors(bc):
    path = LINT / "meta.schema.json"
    result = bc("schemas", "lint", path, "-f", "text")
    assert result.code == 1
    line, column = position(path, '"integr"')
    assert f"{path}:{line}:{column}: /properties/count/type: not valid Draft 2020-12" in result.stdout
    assert "/properties/name/minLength" in result.stdout
    assert result.stdout.splitlines()[-1] == "schemas lint: 2 findings in 1 file"


def test_openapi_yaml_findings_carry_yaml_positions(bc):
    path = LINT / "flawed-3.0.yaml"
    got = {f["pointer"]: f for f in findings(bc("schemas", "lint", path, "-f", "json"))}
    base = "/components/schemas/Item"
    places = ("properties/id/example", "required/1", "properties/parent/$ref")
    assert set(got) == {f"{base}/{place}" for place in places}
    example = got[f"{base}/properties/id/example"]
    assert (example["line"], example["column"]) == position(path, "abc", after="example: abc")
    assert got[f"{base}/required/1"]["column"] == position(path, "name]")[1]


def test_clean_schema_exits_0(bc):
    result = bc("schemas", "lint", LINT / "clean.schema.json", "-f", "text")
    assert result.code == 0
    assert result.stdout == "schemas lint: no findings in 1 file\n"


def test_the_test_specs_are_clean(bc):
    specs = REPO / "tests" / "data" / "openapi"
    result = bc("schemas", "lint", specs / "crm-3.0.yaml", specs / "crm-3.1.json", "-f", "text")
    assert (result.code, result.stdout) == (0, "schemas lint: no findings in 2 files\n")


def test_lint_by_name_and_unknown_name(bc):
    result = bc("schemas", "lint", "BatchPortalFlagStateResponseWithErrors", "-f", "json")
    assert result.code == 1
    assert len(findings(result)) == 1
    result = bc("schemas", "lint", "NoSuchSchema")
    assert result.code == 2
    assert result.stderr.strip() == "batchcheck: error: NoSuchSchema: neither a known schema nor a file"


@pytest.mark.parametrize("broken", ["{", "[1, 2]"])
def test_unreadable_schema_file_is_exit_2(bc, tmp_path, broken):
    path = tmp_path / "bad.json"
    path.write_text(broken)
    result = bc("schemas", "lint", path)
    assert result.code == 2
    assert result.stderr.startswith(f"batchcheck: error: {path}")


def test_lint_covers_user_schemas_from_the_configuration(bc, tmp_path, monkeypatch):
    folder = tmp_path / "contracts"
    folder.mkdir()
    shutil.copy(LINT / "flawed.schema.json", folder)
    shutil.copy(LINT / "meta.schema.json", folder)  # would stop `check` (exit 2); lint reports it
    (tmp_path / ".batchcheck.toml").write_text('schema-dirs = ["contracts"]\nbundled = false\n')
    monkeypatch.chdir(tmp_path)
    result = bc("schemas", "lint", "-f", "json")
    assert result.code == 1
    assert {Path(f["file"]).name for f in findings(result)} == {"flawed.schema.json", "meta.schema.json"}
    assert len(findings(result)) == 7


def test_a_draft_07_schema_is_linted_by_its_own_meta_schema(bc, tmp_path):
    draft = '{"$schema": "http://json-schema.org/draft-07/schema#",\n'
    old, broken = tmp_path / "old.json", tmp_path / "broken.json"
    old.write_text(draft + ' "properties": {"a": {"type": "string", "examples": [1]}}}')
    broken.write_text(draft + ' "properties": {"b": {"minLength": -1}}}')
    result = bc("schemas", "lint", old, broken, "-f", "text")
    assert result.code == 1
    assert result.stdout.splitlines()[:2] == [
        f"{old}:2:54: /properties/a/examples/0: examples fails its schema: expected string, found integer 1 "
        "[example]",
        f"{broken}:2:36: /properties/b/minLength: not valid Draft-07: expected a number >= 0; "
        "found integer -1 [meta-schema]",
    ]


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("http://json-schema.org/draft-03/schema#", "which is not a dialect batchcheck knows"),
        (
            "http://json-schema.org/draft/2020-12/schema",
            "did you mean https://json-schema.org/draft/2020-12/schema (Draft 2020-12)?",
        ),
    ],
    ids=["draft-03", "http-2020-12"],
)
def test_an_unknown_dialect_is_a_finding(bc, tmp_path, declared, message):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"$schema": declared, "type": "object"}))
    result = bc("schemas", "lint", path, "-f", "text")
    assert result.code == 1
    assert f"/$schema: declares {declared.rstrip('#')}" in result.stdout
    assert message in result.stdout
    assert result.stdout.splitlines()[0].endswith("[dialect]")


def test_a_catastrophic_pattern_and_example_lints_in_bounded_time(bc, tmp_path):
    """lint checks examples with batchcheck's validators, whose regexes are bounded (the stock
    `re` would never finish `^(a+)+$` on 40 a's and a b)."""
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"type": "string", "pattern": "^(a+)+$", "examples": ["a" * 40 + "b"]}))
    started = time.monotonic()
    result = bc("schemas", "lint", path, "-f", "text", timeout=10)
    assert time.monotonic() - started < 10
    assert result.code == 1
    assert 'examples fails its schema: expected a string matching "^(a+)+$"' in result.stdout


def test_a_duplicate_anchor_is_a_finding(bc, tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(json.dumps({"$defs": {"a": {"$anchor": "item"}, "b": {"$anchor": "item"}}}, indent=1))
    result = bc("schemas", "lint", path, "-f", "text")
    assert result.code == 1
    assert (
        f'{path}:6:8: /$defs/b: $anchor "item" is declared twice (first at /$defs/a) [duplicate]'
        in result.stdout
    )


def test_a_schema_too_broken_to_crawl_is_reported_not_a_crash(bc, tmp_path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "odd.json").write_text('{"$id": 5, "properties": {"a": {"$ref": 7, "default": 1}}}')
    result = bc("schemas", "lint", "--schema-dir", folder, "--no-bundled", "-f", "text")
    assert result.code == 1, result.stderr
    assert [line.split(": ")[1] for line in result.stdout.splitlines()[:-1]] == ["/$id", "/properties/a/$ref"]
    result = bc("--schema-dir", folder, stdin=b"{}")
    assert result.code == 2
    assert result.stderr.startswith(
        f"batchcheck: error: {folder / 'odd.json'}:1:9: not a valid Draft 2020-12"
    )
    assert "Traceback" not in result.stderr


def test_github_annotations(bc):
    path = LINT / "meta.schema.json"
    result = bc("schemas", "lint", path, "--format", "github")
    assert result.code == 1
    line, column = position(path, '"integr"')
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={path},line={line},col={column},title=batchcheck schemas lint::")
    assert first.endswith("[meta-schema]") and "/properties/count/type" in first


def test_own_schemas_are_linted_without_the_bundles_upstream_findings(bc, tmp_path, monkeypatch):
    folder = tmp_path / "contracts"
    folder.mkdir()
    shutil.copy(LINT / "clean.schema.json", folder)
    monkeypatch.chdir(tmp_path)
    own = bc("schemas", "lint", "--schema-dir", "contracts", "-f", "text")
    assert (own.code, own.stdout) == (0, "schemas lint: no findings in 1 file\n")
    (tmp_path / ".batchcheck.toml").write_text('schema-dirs = ["contracts"]\n')
    assert bc("schemas", "lint", "-f", "text").code == 0  # from the configuration: the same
    asked = bc("schemas", "lint", "--schema-dir", "contracts", "--bundled", "-f", "json")
    assert asked.code == 1  # the bundle asked for: its findings too
    assert {Path(f["file"]).name for f in findings(asked)} == {
        "BatchAssociationResponse.schema.json",
        "BatchPortalFlagStateResponseWithErrors.schema.json",
    }
    named = bc("schemas", "lint", "BatchAssociationResponse", "-f", "json")  # or named
    assert named.code == 1


@pytest.mark.parametrize(
    ("name", "text", "keys"),
    [
        ("docker-compose.yaml", "services:\n  web:\n    image: nginx\n", "services"),
        ("package.json", '{"name": "app", "version": "1.0.0", "scripts": {}}', "name, version, scripts"),
    ],
)
def test_a_file_that_is_no_schema_is_a_finding_not_no_findings(bc, tmp_path, name, text, keys):
    path = tmp_path / name
    path.write_text(text)
    result = bc("schemas", "lint", path, "-f", "text")
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"{path}:1:1: /: neither a JSON Schema nor an OpenAPI document: no schema keyword at the top "
        f"({keys}) [not-a-schema]",
        "schemas lint: 1 finding in 1 file",
    ]
