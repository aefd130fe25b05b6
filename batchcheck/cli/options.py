"""The options the commands share, as Typer types, and the choices of the enumerated ones.

The choices mirror the literal types of the layers that own them (output.REPORT_FORMATS,
validate.engine.ENGINE_CHOICES); tests/unit/cli checks that they agree. `as_choice` turns a chosen
value into that literal type (and the listing formats into output.schema_list.LIST_FORMATS) where
the CLI hands it to a layer.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Optional, TypeVar

import typer

from batchcheck.cli.check_command import as_choice

__all__ = ["as_choice"]  # the CLI's layers take choices through it


class OutputFormat(str, Enum):
    """--format of `schemas`: the listing formats."""

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
    sarif = "sarif"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class EngineChoice(str, Enum):
    auto = "auto"
    rs = "rs"
    python = "python"


SchemaDirs = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--schema-dir", metavar="DIR", help="Add every schema in DIR (*.json, *.yaml, *.yml; repeatable)."
    ),
]
OpenApiSpecs = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--openapi",
        metavar="SPEC|DIR",
        help="Add an OpenAPI 3.0/3.1 document's response schemas (a directory: all its documents).",
    ),
]
OpenApiComponents = Annotated[
    bool,
    typer.Option(
        "--openapi-components",
        help="Every component schema of the OpenAPI documents, not only response bodies.",
    ),
]
OpenApiResponses = Annotated[
    bool,
    typer.Option(
        "--openapi-responses",
        help="Only response bodies (the default; kept for old configurations).",
        hidden=True,
    ),
]
Status = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--status",
        min=100,
        max=599,
        metavar="CODE",
        help="The HTTP status of responses that carry no headers.",
    ),
]
Url = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--url", metavar="URL", help="The request URL: its operation's response schema is used."),
]
Method = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--method", metavar="METHOD", help="The request method, with --url (default: any)."),
]
Operation = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--operation",
        metavar="'METHOD /PATH'",
        help="The OpenAPI operation the responses answer (path template or path).",
    ),
]
OperationId = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--operation-id", metavar="ID", help="The OpenAPI operationId the responses answer."),
]
Resolve = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--resolve",
        metavar="PATH",
        help="A local copy of schemas $ref names by URL: a schema file, or a directory of them, "
        "each known by its $id (repeatable; never fetched).",
    ),
]
UrlMap = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--url-map",
        metavar="PREFIX=DIR",
        help="Read schemas whose URL starts with PREFIX from DIR (repeatable; never fetched).",
    ),
]
Bundled = Annotated[bool, typer.Option("--bundled/--no-bundled", help="Use the bundled schemas.")]
ConfigPath = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--config", metavar="FILE", help="Read settings from FILE instead of searching for one."),
]
NoConfig = Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")]
Files = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Argument(
        metavar="FILES", help="JSON files to check; '-' or nothing reads standard input.", show_default=False
    ),
]
Schema = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--schema",
        "-s",
        metavar="NAME|PATH",
        help="Skip detection: a known schema's name (title or file stem), or a schema file.",
    ),
]
Format = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", help="Report format: rich, text, json, github, junit or sarif."),
]
JsonLines = Annotated[
    bool,
    typer.Option(
        "--jsonl",
        help="Read standard input (and files not named *.har) as JSON Lines: one response per line.",
    ),
]
Dask = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--dask",
        metavar="SCHEDULER",
        help="Check on the Dask cluster at SCHEDULER (tcp://host:8786); needs batchcheck[dask].",
    ),
]
MaxErrors = Annotated[
    int, typer.Option("--max-errors", min=0, metavar="N", help="Errors printed per document; 0 prints all.")
]
FormatChecks = Annotated[
    bool, typer.Option("--format-checks/--no-format-checks", help="Assert `format` (date-time, int64, ...).")
]
FailOnPartial = Annotated[
    bool, typer.Option("--fail-on-partial", help="Exit 3 when a valid batch reports failed items.")
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Show how detection scored each schema, and every document in full."
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print the tally alone (rich and text formats).")]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the report: auto (on a terminal, unless NO_COLOR is set), always or never.",
    ),
]
Engine = Annotated[
    EngineChoice,
    typer.Option("--engine", help="Validation engine: auto (jsonschema-rs when installed), rs or python."),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Check files in N processes (1: this one; 0, the default: every usable core for many files).",
    ),
]
Exclude = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Skip paths matching GLOB (path or file name; repeatable).",
        show_default=False,
    ),
]


# The options naming where schemas come from, shared by `check`, `schemas` and `schemas lint`.
_SOURCE_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("schema_dirs", SchemaDirs, None),
    ("openapi", OpenApiSpecs, None),
    ("openapi_components", OpenApiComponents, False),
    ("openapi_responses", OpenApiResponses, False),
    ("resolve", Resolve, None),
    ("url_map", UrlMap, None),
    ("bundled", Bundled, True),
    ("config_path", ConfigPath, None),
    ("no_config", NoConfig, False),
)


_Command = TypeVar("_Command", bound=Callable[..., None])


def with_schema_sources(command: _Command) -> _Command:
    """command with the schema-source and configuration options added to its parameters.

    Typer reads a command's options from its signature; the command itself reads these through
    its context (`ctx.params`, as configuration settings), so the wrapper drops them.
    """
    signature = inspect.signature(command, eval_str=True)
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, annotation, default in _SOURCE_OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        for name, _, _ in _SOURCE_OPTIONS:
            kwargs.pop(name, None)
        command(*args, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]  # read by inspect.signature
        parameters=[*signature.parameters.values(), *added]
    )
    wrapper.__annotations__ = {
        **{p.name: p.annotation for p in signature.parameters.values()},
        **{name: annotation for name, annotation, _ in _SOURCE_OPTIONS},
    }
    return wrapper  # type: ignore[return-value]  # the same call, with more keyword options
