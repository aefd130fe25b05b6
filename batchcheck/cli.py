"""Command line: parse options, hand them to the pipeline, turn the outcome into an exit code."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer
from typer.core import TyperGroup

from batchcheck import __version__

if TYPE_CHECKING:
    from batchcheck.config import ConfigFile, Setting
    from batchcheck.sources import SchemaSources

_GROUP_OPTIONS = {"--help", "-h", "--version", "--install-completion", "--show-completion"}


class _CheckByDefault(TyperGroup):
    """`batchcheck [OPTIONS] [FILES]...` means `batchcheck check ...` unless a command is named."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in _GROUP_OPTIONS):
            args = ["check", *args]
        return super().parse_args(ctx, args)


class OutputFormat(str, Enum):
    rich = "rich"
    text = "text"
    json = "json"


class LintFormat(str, Enum):
    """--format of `schemas lint`: the listing formats plus GitHub annotations."""

    rich = "rich"
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(str, Enum):
    """--format of `check`: the listing formats plus the CI ones."""

    rich = "rich"
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class EngineChoice(str, Enum):
    auto = "auto"
    rs = "rs"
    python = "python"


app = typer.Typer(
    cls=_CheckByDefault,
    help=(
        "Detect which schema a JSON API response is, validate it and summarise batch partial "
        "failures.\n\nRun `batchcheck [OPTIONS] [FILES]...` (short for `batchcheck check`) or "
        "`batchcheck schemas`."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"batchcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """batchcheck: detect, validate and summarise JSON API responses."""


SchemaDirs = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--schema-dir", metavar="DIR", help="Add every *.json schema in DIR (repeatable)."),
]
OpenApiSpecs = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--openapi", metavar="SPEC", help="Add an OpenAPI 3.0/3.1 document's component schemas (repeatable)."
    ),
]
OpenApiResponses = Annotated[
    bool, typer.Option("--openapi-responses", help="Only OpenAPI schemas used as a response body.")
]
Bundled = Annotated[bool, typer.Option("--bundled/--no-bundled", help="Use the bundled schemas.")]
ConfigPath = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--config", metavar="FILE", help="Read settings from FILE instead of searching for one."),
]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")]


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Argument(
            metavar="FILES",
            help="JSON files to check; '-' or nothing reads standard input.",
            show_default=False,
        ),
    ] = None,
    schema: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--schema",
            "-s",
            metavar="NAME|PATH",
            help="Skip detection: a known schema's name (title or file stem), or a schema file.",
        ),
    ] = None,
    output: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Report format: rich, text, json, github or junit."),
    ] = ReportFormat.rich,
    max_errors: Annotated[
        int,
        typer.Option("--max-errors", min=0, metavar="N", help="Errors printed per document; 0 prints all."),
    ] = 100,
    format_checks: Annotated[
        bool,
        typer.Option("--format-checks/--no-format-checks", help="Assert `format` (date-time, int64, ...)."),
    ] = True,
    fail_on_partial: Annotated[
        bool, typer.Option("--fail-on-partial", help="Exit 3 when a valid batch reports failed items.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show how detection scored each schema, and every document in full."
        ),
    ] = False,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine", help="Validation engine: auto (jsonschema-rs when installed), rs or python."
        ),
    ] = EngineChoice.auto,
    exclude: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip paths matching GLOB (path or file name; repeatable).",
            show_default=False,
        ),
    ] = None,
    schema_dirs: SchemaDirs = None,
    openapi: OpenApiSpecs = None,
    openapi_responses: OpenApiResponses = False,
    bundled: Bundled = True,
    config_path: ConfigPath = None,
    no_config: NoConfig = False,
) -> None:
    """Check responses (files or standard input) against the bundled and your own schemas."""
    from batchcheck.check import CheckOptions
    from batchcheck.models import ConfigurationError
    from batchcheck.pipeline import run

    sources = files or []  # none: standard input
    if (not sources or "-" in sources) and sys.stdin is not None and sys.stdin.isatty():
        _fail("no input: pipe a response into batchcheck or name files (see --help)")
    try:
        _, settings = _settings(ctx)
        options = CheckOptions(
            schema=schema,
            formats=settings["format-checks"].value,
            max_errors=settings["max-errors"].value or None,
            fail_on_partial=settings["fail-on-partial"].value,
            engine=settings["engine"].value,
            exclude=settings["exclude"].value,
            sources=_schema_sources(settings),
        )
        fmt, verbose = settings["format"].value, settings["verbose"].value
        code = run(sources, options, fmt, sys.stdout, _warn, verbose, status=sys.stderr)
    except ConfigurationError as exc:
        _fail(str(exc))
    raise typer.Exit(int(code))


schemas_app = typer.Typer(
    help="List the schemas batchcheck knows, or lint them (`batchcheck schemas lint`).",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
app.add_typer(schemas_app, name="schemas")


@schemas_app.callback(invoke_without_command=True)
def schemas(
    ctx: typer.Context,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Listing format: rich, text or json.")
    ] = OutputFormat.rich,
    schema_dirs: SchemaDirs = None,
    openapi: OpenApiSpecs = None,
    openapi_responses: OpenApiResponses = False,
    bundled: Bundled = True,
    config_path: ConfigPath = None,
    no_config: NoConfig = False,
) -> None:
    """List the schemas batchcheck knows (name, file, where it came from, description)."""
    if ctx.invoked_subcommand is not None:
        return
    from batchcheck.catalog import Catalog
    from batchcheck.models import ConfigurationError
    from batchcheck.output.schema_list import write_schema_list

    try:
        _, settings = _settings(ctx)
        entries = Catalog(sources=_schema_sources(settings)).entries
    except ConfigurationError as exc:
        _fail(str(exc))
    write_schema_list(entries, output.value, sys.stdout)


@schemas_app.command("lint")
def schemas_lint(
    ctx: typer.Context,
    targets: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[NAME|PATH]...", help="Schemas to lint; none: every known schema.", show_default=False
        ),
    ] = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Report format: rich, text, json or github.")
    ] = LintFormat.rich,
    schema_dirs: SchemaDirs = None,
    openapi: OpenApiSpecs = None,
    openapi_responses: OpenApiResponses = False,
    bundled: Bundled = True,
    config_path: ConfigPath = None,
    no_config: NoConfig = False,
) -> None:
    """Lint schemas: meta-schema, examples/defaults that fail their schema, unresolvable $refs,
    required names missing from properties with additionalProperties false. Exit 1 on findings."""
    from dataclasses import replace

    from batchcheck.catalog import Catalog
    from batchcheck.lint import lint, lint_targets
    from batchcheck.models import ConfigurationError
    from batchcheck.output.lint_report import write_findings

    try:
        _, settings = _settings(ctx)
        sources = replace(_schema_sources(settings), verify=False)
        units = lint_targets(targets or [], Catalog(sources=sources).entries)
        findings = [finding for unit in units for finding in lint(unit)]
    except ConfigurationError as exc:
        _fail(str(exc))
    write_findings(findings, len(units), settings["format"].value, sys.stdout)
    raise typer.Exit(1 if findings else 0)


@app.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
def config(ctx: typer.Context) -> None:
    """Print the effective settings and where each came from; takes the options of `check`."""
    from batchcheck.models import ConfigurationError
    from batchcheck.output.config_report import write_settings

    if {"-h", "--help"} & set(ctx.args):
        typer.echo(
            f"{ctx.get_help()}\n\nOptions: those of `batchcheck check` (see `batchcheck check --help`)."
        )
        raise typer.Exit()
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    try:
        with command.make_context("config", list(ctx.args), parent=ctx.parent) as check_ctx:
            found, settings = _settings(check_ctx)
    except ConfigurationError as exc:
        _fail(str(exc))
    write_settings(found, settings, sys.stdout)


def _settings(ctx: typer.Context) -> tuple[ConfigFile | None, dict[str, Setting]]:
    """The configuration file in force (or None) and every setting with its origin."""
    from pathlib import Path

    from batchcheck.config import effective, find_config, load_config

    params = ctx.params
    given = {
        name
        for name in params
        if getattr(ctx.get_parameter_source(name), "name", None) in {"COMMANDLINE", "ENVIRONMENT"}
    }
    found = None
    if not params.get("no_config"):
        path = Path(params["config_path"]) if params.get("config_path") else find_config(Path.cwd())
        choices = {"output": [fmt.value for fmt in ReportFormat], "engine": [e.value for e in EngineChoice]}
        found = load_config(path, choices) if path is not None else None
    return found, effective(params, given, found)


def _schema_sources(settings: dict[str, Setting]) -> SchemaSources:
    from batchcheck.sources import SchemaSources

    return SchemaSources(
        schema_dirs=settings["schema-dirs"].value,
        openapi=settings["openapi"].value,
        openapi_responses=settings["openapi-responses"].value,
        bundled=settings["bundled"].value,
    )


def _warn(message: str) -> None:
    from batchcheck.output.sanitize import visible

    sys.stderr.write(f"batchcheck: warning: {visible(message)}\n")


def _fail(message: str) -> NoReturn:
    from batchcheck.output.sanitize import visible

    sys.stderr.write(f"batchcheck: error: {visible(message)}\n")
    raise typer.Exit(2)


def main() -> None:
    """Console-script entry point: quiet on a closed pipe and on Ctrl-C, one line if output fails."""
    if sys.stdout is None:
        sys.stderr.write("batchcheck: error: standard output is closed\n")
        sys.exit(2)
    sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        app()
    # typer already turns Ctrl-C into exit 130 and a closed pipe into exit 1; these two
    # are the safety net for anything raised outside its handling (a final flush, say).
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)
    except OSError as exc:  # disk full, closed descriptor: the report could not be written
        _silence_stdout()
        sys.stderr.write(f"batchcheck: error: cannot write the report: {exc.strerror or exc}\n")
        sys.exit(2)


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
