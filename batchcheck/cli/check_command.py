"""`batchcheck check` once its options are parsed: settings, CheckOptions, the run, the exit code.

Typer parses the command line and hands over here (cli/app.py); the command lines people type
most are read without Typer (cli/quick_args.py, starting from CHECK_DEFAULTS, what Typer hands
when no option is given) and come straight here, skipping a third of a small check's start-up.
tests/unit/cli/test_quick_args.py holds the two to the same parameters. Nothing here imports Typer.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from batchcheck.errors import ConfigurationError, UsageError

if TYPE_CHECKING:
    from batchcheck.config import ConfigFile, Setting
    from batchcheck.environment import Environment
    from batchcheck.schemas.catalog import SchemaSources

_Choice = TypeVar("_Choice", bound=str)

# The parameters of `check` as Typer hands them when no option is given (enums by their value,
# repeatable options and the files as tuples).
CHECK_DEFAULTS: dict[str, Any] = {
    "files": (),
    "schema": None,
    "output": "rich",
    "max_errors": 100,
    "format_checks": True,
    "fail_on_partial": False,
    "verbose": False,
    "quiet": False,
    "color": "auto",
    "engine": "auto",
    "jobs": 0,
    "exclude": (),
    "status": None,
    "url": None,
    "method": None,
    "operation": None,
    "operation_id": None,
    "jsonl": False,
    "dask": None,
    "schema_dirs": (),
    "openapi": (),
    "openapi_components": False,
    "openapi_responses": False,
    "resolve": (),
    "url_map": (),
    "bundled": True,
    "config_path": None,
    "no_config": False,
}


def as_choice(value: object, choices: tuple[_Choice, ...]) -> _Choice:
    """A choice option's value (its Enum member, or the string a configuration file gave) as the
    member of choices, the layer's literal type, that it equals."""
    plain = value.value if isinstance(value, Enum) else value
    for choice in choices:
        if plain == choice:
            return choice
    raise ValueError(f"{plain!r} is not one of {', '.join(choices)}")


def check_command(params: dict[str, Any], given: set[str], env: Environment) -> int:
    """Run `check` with its parsed parameters (given: those set on the command line); the exit code."""
    from batchcheck.checker import CheckOptions  # lazy: start-up
    from batchcheck.models import Request  # lazy: start-up
    from batchcheck.output import REPORT_FORMATS  # lazy: start-up
    from batchcheck.output.console import COLOR_CHOICES  # lazy: start-up
    from batchcheck.run import RunOptions, run  # lazy: start-up
    from batchcheck.validate.engine import ENGINE_CHOICES  # lazy: start-up

    sources = params["files"] or []  # none: standard input
    if (not sources or "-" in sources) and env.stdin_is_terminal:
        raise UsageError("no input: pipe a response into batchcheck or name files (see --help)")
    _, settings = settings_for(params, given, env)
    if settings["verbose"].value and settings["quiet"].value:
        raise UsageError("-v/--verbose and -q/--quiet ask for opposite reports: give one of them")
    url, method = params["url"], params["method"]
    options = CheckOptions(
        schema=params["schema"],
        formats=settings["format-checks"].value,
        max_errors=settings["max-errors"].value or None,
        fail_on_partial=settings["fail-on-partial"].value,
        engine=as_choice(settings["engine"].value, ENGINE_CHOICES),
        exclude=settings["exclude"].value,
        sources=schema_sources(settings),
        status=params["status"],
        request=Request(url, method) if url is not None else None,
        operation=params["operation"],
        operation_id=params["operation_id"],
    )
    if method is not None and url is None:
        raise UsageError("--method goes with --url")
    try:
        code = run(
            sources,
            options,
            as_choice(settings["format"].value, REPORT_FORMATS),
            env,
            settings["verbose"].value,
            quiet=settings["quiet"].value,
            color=as_choice(settings["color"].value, COLOR_CHOICES),
            jobs=settings["jobs"].value,
            reading=RunOptions(jsonl=params["jsonl"], dask=params["dask"]),
        )
    except ConfigurationError as exc:
        raise _as_configured(exc, settings) from None
    return int(code)


def _as_configured(exc: ConfigurationError, settings: dict[str, Setting]) -> ConfigurationError:
    """exc, naming the configuration file, line and key instead of the option (`--engine rs: …`)
    when the value came from the file: never a flag the user did not type."""
    message = str(exc)
    for key, setting in settings.items():
        flag = f"--{key} "
        if message.startswith(flag) and setting.origin not in ("default", "command line"):
            return type(exc)(f"{setting.origin}: {key}: {message.removeprefix(flag)}")
    return exc


def settings_for(
    params: dict[str, Any], given: set[str], env: Environment
) -> tuple[ConfigFile | None, dict[str, Setting]]:
    """The configuration file in force (or None) and every setting with its origin; the
    configuration files passed over on the way are told to env as warnings."""
    from batchcheck.config import effective, find_config, load_config  # lazy: start-up

    _refuse_empty_paths(params)
    found = None
    if not params.get("no_config"):
        if params.get("config_path"):
            path: Path | None = Path(params["config_path"])
        else:
            path, passed_over = find_config(Path.cwd())
            for note in passed_over:
                env.warn(note)
        found = load_config(path) if path is not None else None
    return found, effective(params, given, found)


_PATH_OPTIONS = {
    "schema": "--schema",
    "schema_dirs": "--schema-dir",
    "openapi": "--openapi",
    "config_path": "--config",
}


def _refuse_empty_paths(params: dict[str, Any]) -> None:
    """An empty path (`--schema-dir "$UNSET"`) is a usage error, not the current directory."""
    for name, option in _PATH_OPTIONS.items():
        value = params.get(name)
        if value == "" or (isinstance(value, (list, tuple)) and "" in value):
            raise UsageError(f"{option}: empty path (an unset variable?)")


def schema_sources(settings: dict[str, Setting]) -> SchemaSources:
    from batchcheck.config import verify_paths  # lazy: start-up
    from batchcheck.schemas.catalog import SchemaSources  # lazy: start-up

    verify_paths(settings)
    return SchemaSources(
        schema_dirs=settings["schema-dirs"].value,
        openapi=settings["openapi"].value,
        openapi_components=settings["openapi-components"].value,
        bundled=settings["bundled"].value,
        resolve=settings["resolve"].value,
        url_map=settings["url-map"].value,
    )
