"""Project configuration: `[tool.batchcheck]` in pyproject.toml or `.batchcheck.toml`; `batchcheck config`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.paths import DATA

CONTACTS = {"contacts": [{"id": "1", "email": "a@example.test"}], "total": 1}
BAD_CONTACTS = {"contacts": [{"id": 1, "email": "x"}, {"id": 2, "email": "y"}], "total": 2}


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with its schemas in `contracts/` and a pyproject.toml naming them; work happens in `sub/`."""
    shutil.copytree(DATA / "schemadir", tmp_path / "contracts")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.batchcheck]\nschema-dirs = ["contracts"]\nmax-errors = 1\n'
        'format = "json"\n\n[tool.other]\nmax-errors = 5\n'
    )
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_pyproject_settings_apply_from_a_subdirectory(bc, project, monkeypatch):
    monkeypatch.chdir(project / "sub")
    result = bc(stdin=json.dumps(BAD_CONTACTS).encode())
    assert result.code == 1, result.stderr
    [document] = result.documents  # format = "json" from the file
    assert document["schema"] == "ContactList"  # schema-dirs relative to the file, not the cwd
    assert document["errorCount"] == 4 and len(document["errors"]) == 1  # max-errors = 1


def test_command_line_wins(bc, project, monkeypatch):
    monkeypatch.chdir(project)
    result = bc("-f", "text", "--max-errors", "0", stdin=json.dumps(BAD_CONTACTS).encode())
    assert result.code == 1
    assert len([line for line in result.stdout.splitlines() if line.startswith("<stdin>:1:")]) == 4


def test_dedicated_file_comes_before_pyproject_in_the_same_directory(bc, project, monkeypatch):
    (project / ".batchcheck.toml").write_text('format = "text"\n')
    monkeypatch.chdir(project)
    result = bc(stdin=json.dumps(CONTACTS).encode())
    assert result.stdout.startswith("<stdin>: ")  # text, not json
    assert "ContactList" not in result.stdout  # the pyproject's schema-dirs do not apply


def test_no_config_and_explicit_config(bc, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    result = bc("--no-config", stdin=json.dumps(CONTACTS).encode())
    assert not result.stdout.lstrip().startswith("{")
    other = tmp_path / "elsewhere.toml"
    other.write_text('format = "json"\nschema-dirs = ["contracts"]\n')
    monkeypatch.chdir(project / "sub")
    result = bc("--config", other, stdin=json.dumps(CONTACTS).encode())
    assert result.documents[0]["schema"] == "ContactList"


def test_config_command_says_where_each_setting_came_from(bc, project, monkeypatch):
    text = (project / "pyproject.toml").read_text()
    monkeypatch.chdir(project / "sub")
    result = bc("config", "--fail-on-partial", "-f", "text")
    assert result.code == 0, result.stderr
    lines = {line.split(" = ")[0]: line for line in result.stdout.splitlines() if " = " in line}
    assert lines["max-errors"].endswith(f"# ../pyproject.toml:{line_of(text, 'max-errors = 1')}")
    assert lines["schema-dirs"].split("#")[0].strip() == f'schema-dirs = ["{project / "contracts"}"]'
    assert lines["fail-on-partial"].endswith("# command line")
    assert lines["format"].endswith("# command line")
    assert lines["format-checks"].endswith("# default")
    assert result.stdout.splitlines()[0] == f"# configuration file: {project / 'pyproject.toml'}"


def test_a_retired_key_is_listed_only_when_a_file_sets_it(bc, project, monkeypatch):
    """openapi-responses is the default behaviour now and does nothing: its default is not listed
    (it would read as 'false'), a file that still sets it is."""
    monkeypatch.chdir(project)
    assert "openapi-responses" not in bc("config", "-f", "text").stdout
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text().replace("max-errors = 1\n", "max-errors = 1\nopenapi-responses = true\n", 1)
    )
    listed = [line for line in bc("config", "-f", "text").stdout.splitlines() if "openapi-responses" in line]
    assert (
        len(listed) == 1
        and listed[0].startswith("openapi-responses = true")
        and "pyproject.toml:" in listed[0]
    )


def test_config_command_json(bc, project, monkeypatch):
    monkeypatch.chdir(project)
    result = bc("config")  # format = "json" comes from the file
    payload = result.report
    assert payload["config"] == str(project / "pyproject.toml")
    settings = payload["settings"]
    line = line_of((project / "pyproject.toml").read_text(), "max-errors = 1")
    assert settings["max-errors"] == {"value": 1, "origin": f"pyproject.toml:{line}"}
    assert settings["verbose"] == {"value": False, "origin": "default"}
    assert settings["exclude"] == {"value": [], "origin": "default"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("max-erors = 3", "unknown key 'max-erors' (did you mean 'max-errors'? known keys: schema-dirs,"),
        ('max-errors = "3"', "max-errors must be an integer >= 0; found string '3'"),
        ("fail-on-partial = 1", "fail-on-partial must be true or false; found integer 1"),
        (
            'format = "xml"',
            "format must be one of rich, text, json, github, junit, sarif; found string 'xml'",
        ),
        ("schema-dirs = [1]", "schema-dirs must be a list of strings"),
    ],
)
def test_bad_key_or_type_names_file_line_and_key(bc, tmp_path, line, expected, monkeypatch):
    config = tmp_path / ".batchcheck.toml"
    config.write_text(f"# settings\nverbose = false\n\n{line}\n")
    monkeypatch.chdir(tmp_path)
    result = bc(stdin=b"{}")
    assert result.code == 2
    [message] = result.stderr.splitlines()
    assert message.startswith(f"batchcheck: error: .batchcheck.toml:4: {expected}")
    assert bc("config").code == 2


def test_bad_key_in_pyproject_table_is_found_on_its_line(bc, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nverbose = 1\n\n[tool.batchcheck]\n"verbose" = 1\n')
    monkeypatch.chdir(tmp_path)
    result = bc(stdin=b"{}")
    assert result.code == 2
    assert "pyproject.toml:5: verbose must be true or false; found integer 1" in result.stderr


def test_invalid_toml_is_a_usage_error(bc, tmp_path, monkeypatch):
    (tmp_path / ".batchcheck.toml").write_text("format = \n")
    monkeypatch.chdir(tmp_path)
    result = bc(stdin=b"{}")
    assert result.code == 2
    assert ".batchcheck.toml:1:10: invalid TOML" in result.stderr  # FILE:LINE:COL
    assert "Traceback" not in result.stderr


def test_a_file_named_config_is_checked_as_dot_slash_config(bc, tmp_path, examples_dir, monkeypatch):
    shutil.copy(examples_dir / "portal-flags.valid.json", tmp_path / "config")
    monkeypatch.chdir(tmp_path)
    result = bc("-f", "text", "./config")
    assert result.code == 0
    assert result.stdout.startswith("./config: valid")
    assert bc("config").stdout.startswith("# configuration file: none found")


def test_config_bad_option(bc, tmp_path, monkeypatch):
    """(`config --help`, which Typer prints on the process's stdout: tests/system/test_entry_points.py)"""
    monkeypatch.chdir(tmp_path)
    result = bc("config", "--bogus")
    assert result.code == 2
    assert "No such option: --bogus" in result.stderr  # click's message, on the run's stderr


def test_exclude_from_the_configuration_applies_and_the_command_line_replaces_it(
    bc, tmp_path, examples_dir, monkeypatch
):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("portal-flags.valid.json", "portal-flags.invalid.json"):
        shutil.copy(examples_dir / name, fixtures / name)
    (tmp_path / ".batchcheck.toml").write_text('exclude = ["*.invalid.json"]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    result = bc("fixtures")
    assert result.code == 0, result.stdout
    assert [d["source"] for d in result.documents] == ["fixtures/portal-flags.valid.json"]
    result = bc("fixtures", "--exclude", "*.valid.json")
    assert result.code == 1
    assert [d["source"] for d in result.documents] == ["fixtures/portal-flags.invalid.json"]
    assert '"origin": "command line"' in bc("config", "--exclude", "x").stdout


@pytest.mark.parametrize(
    ("key", "value", "what"),
    [("schema-dirs", "contracts", "no such directory"), ("openapi", "api.yaml", "no such file or directory")],
)
def test_a_missing_path_is_named_by_its_key_and_file_not_by_a_flag(
    bc, tmp_path, monkeypatch, key, value, what
):
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.batchcheck]\n{key} = ["{value}"]\n'
    )
    monkeypatch.chdir(tmp_path)
    for args in ((), ("schemas",), ("schemas", "lint")):
        result = bc(*args, stdin=b"{}")
        assert result.code == 2
        assert result.stderr == f"batchcheck: error: pyproject.toml:5: {key}: {value}: {what}\n"
        assert "--schema-dir" not in result.stderr and "--openapi" not in result.stderr


def test_the_command_line_replaces_a_missing_path_of_the_file(bc, tmp_path, monkeypatch, examples_dir):
    (tmp_path / ".batchcheck.toml").write_text('schema-dirs = ["gone"]\n')
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path)
    assert bc("--schema-dir", "mine", examples_dir / "portal-flags.valid.json").code == 0


@pytest.mark.parametrize(
    "header",
    ["[tool.batchcheck", "[ tool.batchcheck", "[tool.batchcheck}"],
    ids=["no-bracket", "spaced", "wrong-bracket"],
)
def test_a_malformed_table_header_is_an_error_not_none_found(bc, tmp_path, monkeypatch, header):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n{header}\nmax-errors = 3\n')
    monkeypatch.chdir(tmp_path)
    result = bc("config")
    assert result.code == 2
    assert result.stderr.startswith("batchcheck: error: pyproject.toml:4:")
    assert "invalid TOML" in result.stderr


def test_a_spaced_but_valid_table_header_is_found_with_its_lines(bc, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[ tool . "batchcheck" ]\nmax-errors = "3"\n')
    monkeypatch.chdir(tmp_path)
    result = bc("config")
    assert result.code == 2
    assert "pyproject.toml:2: max-errors must be an integer >= 0; found string '3'" in result.stderr
