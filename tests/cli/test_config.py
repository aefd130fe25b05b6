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


def test_pyproject_settings_apply_from_a_subdirectory(run_cli, project):
    proc = run_cli(stdin=json.dumps(BAD_CONTACTS).encode(), cwd=project / "sub")
    assert proc.returncode == 1, proc.stderr
    [document] = json.loads(proc.stdout)["documents"]  # format = "json" from the file
    assert document["schema"] == "ContactList"  # schema-dirs relative to the file, not the cwd
    assert document["errorCount"] == 4 and len(document["errors"]) == 1  # max-errors = 1


def test_command_line_wins(run_cli, project):
    proc = run_cli("-f", "text", "--max-errors", "0", stdin=json.dumps(BAD_CONTACTS).encode(), cwd=project)
    assert proc.returncode == 1
    assert len([line for line in proc.stdout.splitlines() if line.startswith("<stdin>:1:")]) == 4


def test_dedicated_file_comes_before_pyproject_in_the_same_directory(run_cli, project):
    (project / ".batchcheck.toml").write_text('format = "text"\n')
    proc = run_cli(stdin=json.dumps(CONTACTS).encode(), cwd=project)
    assert proc.stdout.startswith("<stdin>: ")  # text, not json
    assert "ContactList" not in proc.stdout  # the pyproject's schema-dirs do not apply


def test_no_config_and_explicit_config(run_cli, project, tmp_path):
    proc = run_cli("--no-config", stdin=json.dumps(CONTACTS).encode(), cwd=project)
    assert not proc.stdout.lstrip().startswith("{")
    other = tmp_path / "elsewhere.toml"
    other.write_text('format = "json"\nschema-dirs = ["contracts"]\n')
    proc = run_cli("--config", other, stdin=json.dumps(CONTACTS).encode(), cwd=project / "sub")
    assert json.loads(proc.stdout)["documents"][0]["schema"] == "ContactList"


def test_config_command_says_where_each_setting_came_from(run_cli, project):
    text = (project / "pyproject.toml").read_text()
    proc = run_cli("config", "--fail-on-partial", "-f", "text", cwd=project / "sub")
    assert proc.returncode == 0, proc.stderr
    lines = {line.split(" = ")[0]: line for line in proc.stdout.splitlines() if " = " in line}
    assert lines["max-errors"].endswith(f"# ../pyproject.toml:{line_of(text, 'max-errors = 1')}")
    assert lines["schema-dirs"].split("#")[0].strip() == f'schema-dirs = ["{project / "contracts"}"]'
    assert lines["fail-on-partial"].endswith("# command line")
    assert lines["format"].endswith("# command line")
    assert lines["format-checks"].endswith("# default")
    assert proc.stdout.splitlines()[0] == f"# configuration file: {project / 'pyproject.toml'}"


def test_config_command_json(run_cli, project):
    proc = run_cli("config", cwd=project)  # format = "json" comes from the file
    payload = json.loads(proc.stdout)
    assert payload["config"] == str(project / "pyproject.toml")
    settings = payload["settings"]
    line = line_of((project / "pyproject.toml").read_text(), "max-errors = 1")
    assert settings["max-errors"] == {"value": 1, "origin": f"pyproject.toml:{line}"}
    assert settings["verbose"] == {"value": False, "origin": "default"}
    assert settings["exclude"] == {"value": [], "origin": "default"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("max-erors = 3", "unknown key 'max-erors'"),
        ('max-errors = "3"', "max-errors must be an integer >= 0; found string '3'"),
        ("fail-on-partial = 1", "fail-on-partial must be true or false; found integer 1"),
        ('format = "xml"', "format must be one of rich, text, json, github, junit; found string 'xml'"),
        ("schema-dirs = [1]", "schema-dirs must be a list of strings"),
    ],
)
def test_bad_key_or_type_names_file_line_and_key(run_cli, tmp_path, line, expected):
    config = tmp_path / ".batchcheck.toml"
    config.write_text(f"# settings\nverbose = false\n\n{line}\n")
    proc = run_cli(stdin=b"{}", cwd=tmp_path)
    assert proc.returncode == 2
    [message] = proc.stderr.splitlines()
    assert message.startswith(f"batchcheck: error: .batchcheck.toml:4: {expected}")
    assert run_cli("config", cwd=tmp_path).returncode == 2


def test_bad_key_in_pyproject_table_is_found_on_its_line(run_cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nverbose = 1\n\n[tool.batchcheck]\n"verbose" = 1\n')
    proc = run_cli(stdin=b"{}", cwd=tmp_path)
    assert proc.returncode == 2
    assert "pyproject.toml:5: verbose must be true or false; found integer 1" in proc.stderr


def test_invalid_toml_is_a_usage_error(run_cli, tmp_path):
    (tmp_path / ".batchcheck.toml").write_text("format = \n")
    proc = run_cli(stdin=b"{}", cwd=tmp_path)
    assert proc.returncode == 2
    assert ".batchcheck.toml: invalid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_file_named_config_is_checked_as_dot_slash_config(run_cli, tmp_path, examples_dir):
    shutil.copy(examples_dir / "portal-flags.valid.json", tmp_path / "config")
    proc = run_cli("-f", "text", "./config", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("./config: valid")
    assert run_cli("config", cwd=tmp_path).stdout.startswith("# configuration file: none found")


def test_config_help_and_bad_option(run_cli, tmp_path):
    proc = run_cli("config", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: batchcheck config [OPTIONS]")
    assert "those of `batchcheck check`" in proc.stdout
    proc = run_cli("config", "--bogus", cwd=tmp_path)
    assert proc.returncode == 2
    assert "No such option: --bogus" in proc.stderr


def test_exclude_from_the_configuration_applies_and_the_command_line_replaces_it(
    run_cli, tmp_path, examples_dir
):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("portal-flags.valid.json", "portal-flags.invalid.json"):
        shutil.copy(examples_dir / name, fixtures / name)
    (tmp_path / ".batchcheck.toml").write_text('exclude = ["*.invalid.json"]\nformat = "json"\n')
    proc = run_cli("fixtures", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert [d["source"] for d in json.loads(proc.stdout)["documents"]] == ["fixtures/portal-flags.valid.json"]
    proc = run_cli("fixtures", "--exclude", "*.valid.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert [d["source"] for d in json.loads(proc.stdout)["documents"]] == [
        "fixtures/portal-flags.invalid.json"
    ]
    assert '"origin": "command line"' in run_cli("config", "--exclude", "x", cwd=tmp_path).stdout
