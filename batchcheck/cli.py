"""Command line: parse options, hand them to the pipeline, turn the outcome into an exit code."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, NoReturn, Optional

import typer
from typer.core import TyperGroup

from batchcheck import __version__

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


@app.command()
def check(
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
            help="Skip detection: a bundled schema's title or file stem, or a schema file.",
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
        bool, typer.Option("--verbose", "-v", help="Show how detection scored each schema.")
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
) -> None:
    """Check responses (files or standard input) against the bundled schemas."""
    from batchcheck.check import CheckOptions
    from batchcheck.models import ConfigurationError
    from batchcheck.pipeline import run

    sources = files or []  # none: standard input
    if (not sources or "-" in sources) and sys.stdin is not None and sys.stdin.isatty():
        _fail("no input: pipe a response into batchcheck or name files (see --help)")
    options = CheckOptions(
        schema=schema,
        formats=format_checks,
        max_errors=max_errors or None,
        fail_on_partial=fail_on_partial,
        engine=engine.value,
        exclude=tuple(exclude or ()),
    )
    try:
        code = run(sources, options, output.value, sys.stdout, _warn, verbose, status=sys.stderr)
    except ConfigurationError as exc:
        _fail(str(exc))
    raise typer.Exit(int(code))


@app.command()
def schemas(
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Listing format: rich, text or json.")
    ] = OutputFormat.rich,
) -> None:
    """List the bundled schemas (name, title, file, description)."""
    from batchcheck.catalog import Catalog
    from batchcheck.output.schema_list import write_schema_list

    write_schema_list(Catalog().entries, output.value, sys.stdout)


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
