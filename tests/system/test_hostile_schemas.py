"""Hostile schemas and specs, through the installed CLI: nothing read outside the schema's folder
tree, no traceback, no document blamed for its schema.

A secret is planted outside the tree (a text file and a JSON file, as /proc/self/environ and a
stray config would be); every `$ref` or symlink that reaches for it is refused before reading,
and the secret appears in no output of any format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.loading import write_chain_openapi
from bench.measure import run_once
from bench.tools import Invocation

SECRET = "MY_SECRET_TOKEN=hunter2"
JSON_SECRET = "SECRET_VALUE_42"
OUTSIDE = "is outside"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """tmp/secret.txt, tmp/secret.json (a schema-looking file), and the project in tmp/repo."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "secret.json").write_text(json.dumps({"type": JSON_SECRET}), encoding="utf-8")
    (tmp_path / "repo" / "schemas").mkdir(parents=True)
    return tmp_path


def _refs(root: Path) -> dict[str, str]:
    return {
        "dot-dot": "../../secret.txt",
        "dot-dot-json": "../../secret.json",
        "absolute": str(root / "secret.txt"),
        "percent-encoded": "%2E%2E/%2E%2E/secret.txt",
        "file-url": (root / "secret.json").as_uri(),
        "proc": "/proc/self/environ",
        "dev-zero": "/dev/zero",
    }


REF_CASES = ["dot-dot", "dot-dot-json", "absolute", "percent-encoded", "file-url", "proc", "dev-zero"]


def assert_secret_absent(result) -> None:
    for text in (result.stdout, result.stderr):
        assert SECRET not in text and JSON_SECRET not in text and "hunter2" not in text
        assert "Traceback" not in text


@pytest.mark.parametrize("case", REF_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_ref_never_reads_outside_the_schema_folder(run_cli, planted, case, fmt):
    repo = planted / "repo"
    ref = _refs(planted)[case]
    (repo / "schemas" / "main.schema.json").write_text(
        json.dumps({"type": "object", "properties": {"a": {"$ref": ref}}}), encoding="utf-8"
    )
    result = run_cli("-f", fmt, "--schema", "schemas/main.schema.json", stdin=b'{"a": 1}', cwd=repo)
    assert result.returncode == 2
    assert_secret_absent(result)
    [line] = result.stderr.splitlines()
    if case == "file-url":  # a URL with a scheme is refused as remote, never fetched
        assert line.startswith(
            f"batchcheck: error: schemas/main.schema.json: remote $ref {ref} is not fetched"
        )
    else:
        assert line.startswith(f"batchcheck: error: schemas/main.schema.json: $ref {ref}: ")
        assert OUTSIDE in line


@pytest.mark.parametrize("case", REF_CASES)
def test_a_schema_dir_ref_never_reads_outside_the_dir(run_cli, planted, case):
    repo = planted / "repo"
    ref = _refs(planted)[case]
    (repo / "schemas" / "a.json").write_text(json.dumps({"$ref": ref}), encoding="utf-8")
    result = run_cli("-f", "json", "--schema-dir", "schemas", stdin=b"{}", cwd=repo, timeout=60)
    assert result.returncode == 2
    assert_secret_absent(result)
    [line] = result.stderr.splitlines()
    assert line.startswith(f"batchcheck: error: schemas/a.json: $ref {ref}: ")
    assert OUTSIDE in line


@pytest.mark.parametrize("target", ["secret.txt", "secret.json"])
def test_a_schema_dir_symlink_out_of_the_dir_is_not_read(run_cli, planted, target):
    repo = planted / "repo"
    (repo / "schemas" / "link.json").symlink_to(planted / target)
    for command in (["--schema-dir", "schemas"], ["schemas", "lint", "--schema-dir", "schemas"]):
        result = run_cli(*command, stdin=b"{}", cwd=repo)
        assert result.returncode == 2
        assert_secret_absent(result)
        assert f"schemas/link.json: not read: it is outside {(repo / 'schemas').resolve()}" in result.stderr


def test_a_sibling_that_is_not_json_is_not_quoted(run_cli, planted):
    """A file inside the tree that a ref names is read; if it is no JSON, nothing of it is shown."""
    repo = planted / "repo"
    (repo / "schemas" / "notes.json").write_text(SECRET, encoding="utf-8")
    (repo / "schemas" / "main.json").write_text(json.dumps({"$ref": "notes.json"}), encoding="utf-8")
    result = run_cli("--schema", "schemas/main.json", stdin=b"{}", cwd=repo)
    assert result.returncode == 2
    assert_secret_absent(result)
    assert "notes.json:1:1: not JSON (a $ref must name a JSON schema file)" in result.stderr


def test_lint_finds_a_ref_out_of_the_tree_without_reading_it(run_cli, planted):
    repo = planted / "repo"
    (repo / "schemas" / "a.json").write_text(json.dumps({"$ref": "../../secret.json"}), encoding="utf-8")
    result = run_cli("schemas", "lint", "-f", "json", "--schema-dir", "schemas", "--no-bundled", cwd=repo)
    assert result.returncode == 1
    assert_secret_absent(result)
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["kind"], finding["pointer"]) == ("ref", "/$ref")
    assert OUTSIDE in finding["message"]


# --- schemas that cannot be used: one line, exit 2; lint findings -------------------------------


NON_SCHEMA_REFS = {
    "integer": ({"properties": {"a": {"maxLength": 3}}, "$ref": "#/properties/a/maxLength"}, "integer"),
    "array": ({"enum": [1, 2], "$ref": "#/enum"}, "array"),
    "string": ({"required": ["a"], "$ref": "#/required/0"}, "string"),
}


@pytest.mark.parametrize("case", list(NON_SCHEMA_REFS))
@pytest.mark.parametrize("engine", ["auto", "python"])
def test_a_ref_to_no_schema_is_one_line(run_cli, tmp_path, case, engine):
    schema, kind = NON_SCHEMA_REFS[case]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = run_cli("--engine", engine, "--schema", path, stdin=b'{"a": "x"}')
    assert (result.returncode, result.stdout) == (2, "")
    ref = schema["$ref"]
    assert result.stderr == f"batchcheck: error: {path}: $ref {ref} points at {kind}, not a schema\n"
    lint = run_cli("schemas", "lint", "-f", "json", path)
    assert lint.returncode == 1
    [finding] = json.loads(lint.stdout)["findings"]
    assert finding["message"] == f"$ref {ref} points at {kind}, not a schema"


@pytest.mark.parametrize("broken", [{"type": "objekt"}, {"pattern": "("}], ids=["type", "pattern"])
def test_a_schema_dir_subfolder_file_that_fails_the_meta_schema(run_cli, tmp_path, broken):
    (tmp_path / "schemas" / "sub").mkdir(parents=True)
    (tmp_path / "schemas" / "sub" / "x.json").write_text(json.dumps(broken), encoding="utf-8")
    main = {"type": "object", "properties": {"a": {"$ref": "sub/x.json"}}}
    (tmp_path / "schemas" / "a.json").write_text(json.dumps(main), encoding="utf-8")
    result = run_cli("--schema-dir", "schemas", "--no-bundled", stdin=b'{"a": 1}', cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    [line] = result.stderr.splitlines()
    assert line.startswith("batchcheck: error: schemas/a.json: $ref sub/x.json: ")
    assert re.search(r"x\.json(:\d+:\d+)?: not a valid Draft 2020-12 schema", line), line
    lint = run_cli("schemas", "lint", "-f", "json", "--schema-dir", "schemas", "--no-bundled", cwd=tmp_path)
    assert lint.returncode == 1
    [finding] = json.loads(lint.stdout)["findings"]
    assert finding["kind"] == "ref" and "not a valid Draft 2020-12 schema" in finding["message"]


def _deep(levels: int) -> dict:
    return json.loads('{"items":' * levels + "{}" + "}" * levels)


@pytest.mark.parametrize("where", ["schema-dir", "spec-json", "spec-yaml", "lint", "lint-dir"])
def test_a_schema_nested_400_deep_is_one_line(run_cli, tmp_path, where):
    deep = _deep(400)
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"A": deep}},
    }
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "deep.json").write_text(json.dumps(deep), encoding="utf-8")
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(json.dumps(spec), encoding="utf-8")  # JSON is YAML
    args, named = {
        "schema-dir": (["--schema-dir", "dir", "--no-bundled", "-"], "dir/deep.json"),
        "spec-json": (["--openapi", "spec.json", "-"], "spec.json"),
        "spec-yaml": (["--openapi", "spec.yaml", "-"], "spec.yaml"),
        "lint": (["schemas", "lint", "dir/deep.json"], "dir/deep.json"),
        "lint-dir": (["schemas", "lint", "--schema-dir", "dir", "--no-bundled"], "dir/deep.json"),
    }[where]
    result = run_cli(*args, stdin=b"[1]", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == f"batchcheck: error: {named}: schema nested too deeply to check (over 100 levels)\n"
    )


# --- $ref cycles: found when loading, the same with every engine, the document never blamed -----

CYCLES = {
    "self": ({"$ref": "#"}, "# → #"),
    "mutual-defs": (
        {
            "$defs": {"a": {"allOf": [{"$ref": "#/$defs/b"}]}, "b": {"not": {"$ref": "#/$defs/a"}}},
            "properties": {"x": {"$ref": "#/$defs/a"}},
        },
        "#/$defs/a → #/$defs/a/allOf/0 → #/$defs/b → #/$defs/b/not → #/$defs/a",
    ),
    "anyOf-root": ({"anyOf": [{"type": "string"}, {"$ref": "#"}]}, "# → #/anyOf/1 → #"),
}


@pytest.mark.parametrize("case", list(CYCLES))
def test_a_ref_cycle_is_refused_when_loading_by_every_engine(run_cli, tmp_path, case):
    schema, cycle = CYCLES[case]
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    expected = (
        f"batchcheck: error: {path}: $ref cycle {cycle}: the schema applies to the same value forever, "
        "so no value can be checked against it\n"
    )
    for engine in ("auto", "rs", "python"):
        result = run_cli("--engine", engine, "-f", "json", "--schema", path, stdin=b'{"x": "fine"}')
        assert (result.returncode, result.stdout, result.stderr) == (2, "", expected), engine
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "cycle.json").write_text(json.dumps(schema), encoding="utf-8")
    result = run_cli("--schema-dir", tmp_path / "dir", stdin=b"{}")
    assert result.returncode == 2 and f"$ref cycle {cycle}" in result.stderr
    lint = run_cli("schemas", "lint", "-f", "json", path)
    assert lint.returncode == 1
    assert [f["message"] for f in json.loads(lint.stdout)["findings"]] == [
        f"$ref cycle {cycle}: the schema applies to the same value forever"
    ]


def test_recursion_through_properties_is_no_cycle(run_cli, tmp_path):
    """A tree schema refers to itself one level down: it ends with the document, and is checked."""
    path = tmp_path / "tree.json"
    path.write_text(
        json.dumps({"type": "object", "properties": {"name": {"type": "string"}, "child": {"$ref": "#"}}}),
        encoding="utf-8",
    )
    doc = json.dumps({"name": "a", "child": {"name": "b", "child": {"name": 3}}}).encode()
    for engine in ("rs", "python"):
        result = run_cli("--engine", engine, "-f", "json", "--schema", path, stdin=doc)
        assert result.returncode == 1, result.stderr
        assert [e["pointer"] for e in json.loads(result.stdout)["documents"][0]["errors"]] == [
            "/child/child/name"
        ]


def test_a_cycle_across_schema_dir_files(run_cli, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"allOf": [{"$ref": "b.json"}]}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"$ref": "a.json"}), encoding="utf-8")
    result = run_cli("--schema-dir", tmp_path, "--no-bundled", stdin=b"{}")
    assert result.returncode == 2
    cycle = "# → #/allOf/0 → b.json# → #"  # labels: `#` pointers in a.json, b.json's as `b.json#`
    assert result.stderr.startswith(f"batchcheck: error: {tmp_path / 'a.json'}: $ref cycle {cycle}: ")


# --- loading many schemas: linear, flat memory (timings: bench/loading.py) ------------------------


def test_a_large_schema_dir_shares_one_registry(cli_path, cli_env, tmp_path):
    """1,000 small schemas that refer to each other: the peak memory stays flat (it was 180 MiB
    and grew with the square of the count: every validator got a copy of the whole registry)."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    for i in range(1000):
        properties = {"id": {"type": "integer"}, f"f{i}": {"type": "string"}}
        if i % 10 == 0 and i:
            properties["ref"] = {"$ref": f"s{i - 1}.json"}
        schema = {"title": f"S{i}", "type": "object", "properties": properties, "required": ["id", f"f{i}"]}
        (folder / f"s{i}.json").write_text(json.dumps(schema), encoding="utf-8")
    document = tmp_path / "doc.json"
    document.write_text('{"id": 1, "f3": "x"}', encoding="utf-8")
    argv = [str(cli_path), "-f", "json", "--schema-dir", str(folder), "--no-bundled", str(document)]
    # bench/launch.py forks from a small fresh process: a child forked from pytest would count
    # pytest's own memory in its peak RSS.
    outcome = run_once(Invocation(argv), cli_env(), keep_output=True)
    assert outcome.sample.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["documents"][0]["schema"] == "S3"
    assert outcome.sample.rss_kib < 120 * 1024  # about 35 MiB now


def test_a_long_component_ref_chain_in_an_openapi_document_loads(run_cli, tmp_path):
    """4,000 components each referring to the next (370 KB; 1,000 of them took 17 s, 4,000 did not
    finish): the response body that reaches them all is put together once, in linear time, and
    the response is matched. The time limit only guards against a hang: bench/loading.py times it."""
    args = write_chain_openapi(tmp_path / "chain", 4000)  # the benchmark's document
    (tmp_path / "doc.json").write_text('{"id": 1, "next": {"id": 2, "next": {"id": "three"}}}')
    result = run_cli(*args, "-f", "json", tmp_path / "doc.json", timeout=120)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)["documents"][0]
    assert document["schema"] == "Chain 1 › C0"  # the body is that component
    assert [e["path"] for e in document["errors"]] == ["next.next.id"]
