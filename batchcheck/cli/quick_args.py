"""The command lines people type most, read without Typer: `batchcheck`, `batchcheck FILE…`,
`batchcheck -f text --fail-on-partial FILE…`, `batchcheck --max-errors 0 -`.

Importing Typer and building the app from its signatures takes about 50 ms, a third of a small
check's time. A command line made only of existing files (or `-`) and the common options below,
each given once, in the forms Typer reads them, means `check` with those values: main() runs it
straight away. Anything else (another option, `--opt=value`, a repeated option, a word that is
no file, a command name, `--help`, a bad value) is Typer's to read and, when wrong, to explain.
tests/unit/cli/test_quick_args.py holds every command line read here to what Typer makes of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from batchcheck.cli.check_command import CHECK_DEFAULTS
from batchcheck.output import REPORT_FORMATS
from batchcheck.output.console import COLOR_CHOICES
from batchcheck.validate.engine import ENGINE_CHOICES

Read = Callable[[str], Any]  # the value, or None when Typer should read it


def _count(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _choice(choices: tuple[str, ...]) -> Read:
    return lambda text: text if text in choices else None


_VALUES: dict[str, tuple[str, Read]] = {
    "--max-errors": ("max_errors", _count),
    "-f": ("output", _choice(REPORT_FORMATS)),
    "--format": ("output", _choice(REPORT_FORMATS)),
    "--color": ("color", _choice(COLOR_CHOICES)),
    "--engine": ("engine", _choice(ENGINE_CHOICES)),
    "-j": ("jobs", _count),
    "--jobs": ("jobs", _count),
}
_FLAGS: dict[str, tuple[str, bool]] = {
    "-q": ("quiet", True),
    "--quiet": ("quiet", True),
    "-v": ("verbose", True),
    "--verbose": ("verbose", True),
    "--fail-on-partial": ("fail_on_partial", True),
    "--format-checks": ("format_checks", True),
    "--no-format-checks": ("format_checks", False),
    "--no-config": ("no_config", True),
}
_WORDS = {"check", "schemas", "config", "lint"}  # commands, however a file may be named


def quick_parse(args: Sequence[str]) -> tuple[dict[str, Any], set[str]] | None:
    """`check`'s parameters and those given on the command line, as Typer would hand them; None
    when args are not read here (see the module's docstring)."""
    params, given = dict(CHECK_DEFAULTS), set()
    files: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        if word in _FLAGS or word in _VALUES:
            if word in _FLAGS:
                name, value = _FLAGS[word]
                index += 1
            else:
                if index + 1 >= len(args):
                    return None
                name, read = _VALUES[word]
                value = read(args[index + 1])
                index += 2
            if value is None or name in given:
                return None
            params[name] = value
            given.add(name)
        elif word == "-" or (not word.startswith("-") and word not in _WORDS and os.path.exists(word)):
            files.append(word)
            index += 1
        else:
            return None
    if files:
        params["files"] = tuple(files)
        given.add("files")
    return params, given
