"""The commands: parse options, build what the run needs, hand over. No error handling here:
errors carry their exit code and cli/main.py reports them.

Each command imports the flow it runs in its body (marked `# lazy: start-up`): `--help`,
`--version` and shell completion, which runs the program at every TAB, load none of it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from batchcheck import __version__
from batchcheck.cli.group import CheckByDefault
from batchcheck.cli.options import (
    Color,
    ColorOption,
    Dask,
    Engine,
    EngineChoice,
    Exclude,
    FailOnPartial,
    Files,
    Format,
    FormatChecks,
    Jobs,
    JsonLines,
    LintFormat,
    MaxErrors,
    Method,
    Operation,
    OperationId,
    OutputFormat,
    Quiet,
    ReportFormat,
    Schema,
    Status,
    Url,
    Verbose,
    as_choice,
    with_schema_sources,
)

if TYPE_CHECKING:
    from typer._click import Context as ClickContext  # Typer's own copy of click

    from batchcheck.config import ConfigFile, Setting
    from batchcheck.environment import Environment
    from batchcheck.schemas.catalog import SchemaSources


app = typer.Typer(
    cls=CheckByDefault,
    help=(
        "Detect which schema a JSON API response is, validate it and summarise batch partial "
        "failures.\n\nRun `batchcheck [OPTIONS] [FILES]...` (short for `batchcheck check`) or "
        "`batchcheck schemas`."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        _env(ctx).stdout.write(f"batchcheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """batchcheck: detect, validate and summarise JSON API responses."""


@app.command()
@with_schema_sources
def check(
    ctx: typer.Context,
    files: Files = None,
    schema: Schema = None,
    output: Format = ReportFormat.rich,
    max_errors: MaxErrors = 100,
    format_checks: FormatChecks = True,
    fail_on_partial: FailOnPartial = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
    color: ColorOption = Color.auto,
    engine: Engine = EngineChoice.auto,
    jobs: Jobs = 0,
    exclude: Exclude = None,
    status: Status = None,
    url: Url = None,
    method: Method = None,
    operation: Operation = None,
    operation_id: OperationId = None,
    jsonl: JsonLines = False,
    dask: Dask = None,
) -> None:
    """Check responses (files or standard input) against the bundled and your own schemas."""
    from batchcheck.cli.check_command import check_command  # lazy: start-up

    raise typer.Exit(check_command(ctx.params, _given(ctx), _env(ctx)))


schemas_app = typer.Typer(
    help="List the schemas batchcheck knows, or lint them (`batchcheck schemas lint`).",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
app.add_typer(schemas_app, name="schemas")


@schemas_app.callback(invoke_without_command=True)
@with_schema_sources
def schemas(
    ctx: typer.Context,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Listing format: rich, text or json.")
    ] = OutputFormat.rich,
    color: ColorOption = Color.auto,
) -> None:
    """List the schemas batchcheck knows (name, file, where it came from, description)."""
    if ctx.invoked_subcommand is not None:
        return
    from batchcheck.output.console import COLOR_CHOICES  # lazy: start-up
    from batchcheck.output.schema_list import LIST_FORMATS, write_schema_list  # lazy: start-up
    from batchcheck.schemas.catalog import Catalog  # lazy: start-up

    _, settings = _settings(ctx)
    entries = Catalog(sources=_schema_sources(settings)).entries
    fmt, colour = as_choice(output, LIST_FORMATS), as_choice(settings["color"].value, COLOR_CHOICES)
    write_schema_list(entries, fmt, _env(ctx).stdout, colour)


@schemas_app.command("lint")
@with_schema_sources
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
) -> None:
    """Lint schemas: meta-schema, examples/defaults that fail their schema, unresolvable $refs,
    required names missing from properties with additionalProperties false. Exit 1 on findings."""
    from batchcheck.output import REPORT_FORMATS  # lazy: start-up
    from batchcheck.output.lint_report import write_findings  # lazy: start-up
    from batchcheck.schemas.catalog import Catalog  # lazy: start-up
    from batchcheck.schemas.lint import lint, lint_targets  # lazy: start-up

    _, settings = _settings(ctx)
    sources = replace(_schema_sources(settings), verify=False)
    asked = settings["bundled"].origin != "default"  # --bundled (or the configuration) asks for the bundle
    units = lint_targets(targets or [], Catalog(sources=sources).entries, sources.resolution, bundled=asked)
    findings = [finding for unit in units for finding in lint(unit)]
    fmt = as_choice(settings["format"].value, REPORT_FORMATS)  # the shared `format` setting
    write_findings(findings, len(units), fmt, _env(ctx).stdout)
    raise typer.Exit(1 if findings else 0)


@app.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
def config(ctx: typer.Context) -> None:
    """Print the effective settings and where each came from; takes the options of `check`."""
    from batchcheck.output.config_report import write_settings  # lazy: start-up

    env = _env(ctx)
    if {"-h", "--help"} & set(ctx.args):
        env.stdout.write(
            f"{ctx.get_help()}\n\nOptions: those of `batchcheck check` (see `batchcheck check --help`).\n"
        )
        raise typer.Exit()
    root = typer.main.get_command(app)
    assert isinstance(root, CheckByDefault)  # the app's group, which has the commands
    command = root.commands["check"]
    with command.make_context("config", list(ctx.args), parent=ctx.parent) as check_ctx:
        found, settings = _settings(check_ctx)
    from batchcheck.config import RETIRED  # lazy: start-up

    rows = {
        key: (s.value, s.origin)
        for key, s in settings.items()
        if key not in RETIRED or s.origin != "default"  # a retired key's default says nothing
    }
    source = found.path if found is not None else None
    write_settings(source, rows, settings["format"].value == "json", env.stdout)


def _env(ctx: typer.Context) -> Environment:
    """The Environment main() handed to the app (the root context's obj)."""
    env: Environment = ctx.find_root().obj
    return env


def _given(ctx: ClickContext) -> set[str]:
    """The parameters set on the command line (or from the environment), not defaulted."""
    return {
        name
        for name in ctx.params
        if getattr(ctx.get_parameter_source(name), "name", None) in {"COMMANDLINE", "ENVIRONMENT"}
    }


def _settings(ctx: ClickContext) -> tuple[ConfigFile | None, dict[str, Setting]]:
    """The configuration file in force (or None) and every setting with its origin."""
    from batchcheck.cli.check_command import settings_for  # lazy: start-up

    return settings_for(ctx.params, _given(ctx), ctx.find_root().obj)


def _schema_sources(settings: dict[str, Setting]) -> SchemaSources:
    from batchcheck.cli.check_command import schema_sources  # lazy: start-up

    return schema_sources(settings)
