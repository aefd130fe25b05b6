"""Project configuration: `.batchcheck.toml` or `[tool.batchcheck]` in pyproject.toml.

The nearest directory, from the working directory upward, holding a `.batchcheck.toml` or a
`pyproject.toml` with a `[tool.batchcheck]` table wins; in one directory `.batchcheck.toml` comes
first. The search stops at the repository root (the directory holding `.git`, or `.hg`), so a
file planted above the checkout never applies, and it passes over (with a warning) a file that
someone else could have put there: in a world-writable directory, writable by every user, or
owned by another user (root's files excepted). Paths in the file are relative to the file. Options given on
the command line win over it; `--config FILE` names the file, unchecked.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from batchcheck.errors import ConfigError
from batchcheck.output import REPORT_FORMATS
from batchcheck.output.console import COLOR_CHOICES
from batchcheck.validate.engine import ENGINE_CHOICES

DEDICATED = ".batchcheck.toml"
PYPROJECT = "pyproject.toml"
# The table's header line, as TOML allows it to be written (`[ tool . "batchcheck" ]`), and as it
# may be mistyped (`[tool.batchcheck`): a file that tries to configure batchcheck is read, so
# that its mistake is reported rather than the file passed over.
_HEADER = re.compile(
    r"""^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(["']?)batchcheck\1[ \t]*(\]|$|[^.\w-])""", re.MULTILINE
)
_MAX_BYTES = 2**20

KeyKind = Literal["bool", "count", "paths", "globs", "choice", "url-map"]


@dataclass(frozen=True)
class Key:
    """One configuration key: the option it stands for and the type of its value."""

    param: str  # the parameter name of `batchcheck check`
    kind: KeyKind
    choices: tuple[str, ...] = ()  # the values a `choice` key takes
    exists: Literal["directory", "file", "path", None] = None  # what each path of a `paths` key must name


RETIRED = frozenset({"openapi-responses"})  # accepted from old files, no effect: listed only when set

KEYS: dict[str, Key] = {
    "schema-dirs": Key("schema_dirs", "paths", exists="directory"),
    "openapi": Key("openapi", "paths", exists="path"),  # a document, or a directory of them
    "openapi-components": Key("openapi_components", "bool"),
    "openapi-responses": Key("openapi_responses", "bool"),  # the default now; kept for old files
    "resolve": Key("resolve", "paths", exists="path"),
    "url-map": Key("url_map", "url-map"),
    "bundled": Key("bundled", "bool"),
    "exclude": Key("exclude", "globs"),
    "format-checks": Key("format_checks", "bool"),
    "fail-on-partial": Key("fail_on_partial", "bool"),
    "max-errors": Key("max_errors", "count"),
    "format": Key("output", "choice", REPORT_FORMATS),
    "verbose": Key("verbose", "bool"),
    "quiet": Key("quiet", "bool"),
    "color": Key("color", "choice", COLOR_CHOICES),
    "engine": Key("engine", "choice", ENGINE_CHOICES),
    "jobs": Key("jobs", "count"),
}
_DEFAULTS = {
    "schema_dirs": (),
    "openapi": (),
    "exclude": (),
    "resolve": (),
    "url_map": (),
}  # keys with no option of their own yet


class Setting(NamedTuple):
    """An effective value and where it came from: `default`, `FILE:LINE` or `command line`."""

    value: Any
    origin: str


@dataclass(frozen=True)
class ConfigFile:
    """A configuration file's batchcheck table, with the line of each key."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{_shown(self.path)}:{line}" if line else _shown(self.path)


REPOSITORY_MARKERS = (".git", ".hg")  # the search for a configuration file stops where one is


def find_config(start: Path) -> tuple[Path | None, list[str]]:
    """The nearest configuration file from start upward to the repository root (or None), and a
    note for each file passed over because another user could have written it."""
    passed_over: list[str] = []
    for directory in (start, *start.parents):
        for candidate in (directory / DEDICATED, directory / PYPROJECT):
            if not candidate.is_file() or (candidate.name == PYPROJECT and not _has_table(candidate)):
                continue
            unsafe = _unsafe(candidate)
            if unsafe is None:
                return candidate, passed_over
            passed_over.append(f"{candidate}: configuration ignored: {unsafe} (--config FILE reads it)")
        if any((directory / marker).exists() for marker in REPOSITORY_MARKERS):
            break
    return None, passed_over


def _unsafe(path: Path) -> str | None:
    """Why path may have been written by someone else, or None."""
    try:
        folder, info = path.parent.stat(), path.stat()
    except OSError as exc:
        return exc.strerror or str(exc)
    if folder.st_mode & stat.S_IWOTH:
        return "its directory is writable by every user"
    if info.st_mode & stat.S_IWOTH:
        return "it is writable by every user"
    if info.st_uid not in (os.geteuid(), 0):
        return "it belongs to another user"
    return None


def _has_table(path: Path) -> bool:
    try:
        return _HEADER.search(path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def load_config(path: Path) -> ConfigFile:
    """Read and check a configuration file."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as stream:  # a regular file of at most 1 MiB: never /dev/zero
            regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
            raw = stream.read(_MAX_BYTES + 1) if regular else b""
        if not regular or len(raw) > _MAX_BYTES:
            raise ConfigError(f"{path}: not a regular file of at most 1 MiB")
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))
        where = f"{_shown(path)}:{at[1]}:{at[2]}" if at else _shown(path)
        message = str(exc)[: at.start()] if at else str(exc)
        raise ConfigError(f"{where}: invalid TOML: {message}") from None
    in_pyproject = path.name == PYPROJECT
    tool = document.get("tool", {}) if in_pyproject else {}
    table = tool.get("batchcheck", {}) if isinstance(tool, dict) and in_pyproject else document
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.batchcheck must be a table")
    lines = {key: _line_of(text, key, in_pyproject) for key in table}
    config = ConfigFile(path, {}, {k: v for k, v in lines.items() if v})
    for key, value in table.items():
        config.values[key] = _checked(config, key, value)
    return config


def _line_of(text: str, key: str, in_table: bool) -> int | None:
    """The line where key is set: in the `[tool.batchcheck]` table, or before any table."""
    pattern = re.compile(rf"""^\s*(["']?){re.escape(key)}\1\s*=""")
    inside = not in_table
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if not in_table:
                return None
            inside = _HEADER.match(line) is not None and not stripped.startswith("[[")
        elif inside and pattern.match(line):
            return number
    return None


def _checked(config: ConfigFile, key: str, value: Any) -> Any:
    spec = KEYS.get(key)
    if spec is None:
        from difflib import get_close_matches  # lazy: only for a mistyped key

        close = get_close_matches(key, [k for k in KEYS if k not in RETIRED], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        known = ", ".join(KEYS)
        raise ConfigError(f"{config.where(key)}: unknown key {key!r} ({hint}known keys: {known})")
    check: Callable[[Any], Any] = _KINDS[spec.kind]
    allowed = spec.choices
    try:
        result = check(value)
        if allowed and result not in allowed:
            raise ValueError(f"one of {', '.join(allowed)}")
    except ValueError as expected:
        raise ConfigError(
            f"{config.where(key)}: {key} must be {expected}; found {_toml_type(value)} {value!r}"
        ) from None
    if spec.kind == "paths":  # inside the file's own folder: a file from a pull request names no other
        home = config.path.parent.resolve()
        for item in result:
            if not (config.path.parent / item).resolve().is_relative_to(home):
                raise ConfigError(
                    f"{config.where(key)}: {key}: {item} is outside {home} (a configuration file names "
                    "schemas inside its own folder; give others on the command line)"
                )
        return tuple(config.path.parent / item for item in result)
    if spec.kind == "url-map":  # PREFIX=DIR, the directory relative to the file
        return tuple(f"{prefix}={config.path.parent / folder}" for prefix, folder in result)
    return result


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("an integer >= 0")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a string")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError("a list of strings")
    return tuple(value)


def _url_map(value: Any) -> tuple[tuple[str, str], ...]:
    """A table of URL prefix = directory, or a list of "PREFIX=DIR" strings."""
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in value.items()
    ):
        return tuple(value.items())
    pairs = tuple(item.rpartition("=") for item in _strings(value))
    if not all(prefix and folder for prefix, _, folder in pairs):
        raise ValueError('a table of "URL-PREFIX" = "DIRECTORY"')
    return tuple((prefix, folder) for prefix, _, folder in pairs)


_KINDS: dict[KeyKind, Callable[[Any], Any]] = {
    "bool": _bool,
    "count": _count,
    "choice": _text,
    "paths": _strings,
    "globs": _strings,
    "url-map": _url_map,
}


def _toml_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    return names.get(type(value), type(value).__name__)


def _shown(path: Path) -> str:
    """path relative to the working directory when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


def effective(params: Mapping[str, Any], given: set[str], config: ConfigFile | None) -> dict[str, Setting]:
    """Each key's effective value: the command line, else the configuration file, else the default.

    params: the parsed options by parameter name; given: the parameters set on the command line.
    """
    settings: dict[str, Setting] = {}
    for key, spec in KEYS.items():
        if spec.param in given:
            settings[key] = Setting(_plain(params[spec.param], spec.kind), "command line")
        elif config is not None and key in config.values:
            settings[key] = Setting(config.values[key], config.where(key))
        else:
            default = params.get(spec.param, _DEFAULTS.get(spec.param))
            settings[key] = Setting(_plain(default, spec.kind), "default")
    return settings


def verify_paths(settings: Mapping[str, Setting]) -> None:
    """The directories and files a configuration file names exist: otherwise an error naming the
    file, line and key (the `--schema-dir` that would complain later was never typed)."""
    for key, spec in KEYS.items():
        setting = settings[key]
        if spec.exists is None or setting.origin in ("default", "command line"):
            continue
        for path in setting.value:
            if spec.exists == "directory" and not path.is_dir():
                what = "not a directory" if path.exists() else "no such directory"
            elif spec.exists == "file" and not path.is_file():
                what = "not a file" if path.exists() else "no such file"
            elif spec.exists == "path" and not path.exists():
                what = "no such file or directory"
            else:
                continue
            raise ConfigError(f"{setting.origin}: {key}: {_shown(path)}: {what}")


def _plain(value: Any, kind: KeyKind) -> Any:
    """An option's value as the configuration holds it: enums by value, lists as tuples of paths/globs."""
    if kind in {"paths", "globs", "url-map"}:
        items = tuple(value or ())
        return tuple(Path(item) for item in items) if kind == "paths" else items
    return getattr(value, "value", value)
