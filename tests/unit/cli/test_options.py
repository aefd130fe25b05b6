"""The CLI's choice enums offer exactly the literal choices of the layers that own them, and the
shared schema-source options reach every command that names schemas."""

from __future__ import annotations

import pytest

from batchcheck.cli import options
from batchcheck.output import REPORT_FORMATS
from batchcheck.output.schema_list import LIST_FORMATS
from batchcheck.validate.engine import ENGINE_CHOICES


@pytest.mark.parametrize(
    ("enum", "choices"),
    [
        (options.ReportFormat, REPORT_FORMATS),
        (options.OutputFormat, LIST_FORMATS),
        (options.EngineChoice, ENGINE_CHOICES),
    ],
)
def test_cli_choices_are_the_layers_literals(enum, choices):
    assert tuple(member.value for member in enum) == choices


def test_lint_formats_are_report_formats():
    assert {member.value for member in options.LintFormat} <= set(REPORT_FORMATS)


def test_as_choice_refuses_what_the_layer_does_not_take():
    assert options.as_choice(options.ReportFormat.junit, REPORT_FORMATS) == "junit"
    assert options.as_choice("python", ENGINE_CHOICES) == "python"
    with pytest.raises(ValueError):
        options.as_choice("xml", REPORT_FORMATS)


@pytest.mark.parametrize("command", [("check",), ("schemas",), ("schemas", "lint")])
def test_schema_source_options_reach_every_command(command):
    import typer

    from batchcheck.cli.app import app

    group = typer.main.get_command(app)
    node = group
    for name in command:
        node = node.commands[name]  # type: ignore[attr-defined]
    names = {opt for param in node.params for opt in getattr(param, "opts", [])}
    assert {
        "--schema-dir",
        "--openapi",
        "--openapi-responses",
        "--bundled",
        "--config",
        "--no-config",
    } <= names
