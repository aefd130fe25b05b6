"""GitHub Actions' reading of a log: which lines it would run as workflow commands.

The runner (actions/runner, ActionCommandManager) looks at every line a step prints, on stdout and
stderr: a line whose text, after leading whitespace, starts with `::` is a command (`::error
file=x::message`, `::add-mask::`, `::stop-commands::`), and so is any line holding the legacy
`##[` form anywhere (`… ##[error]message`). Lines are split at LF, CR LF and a lone CR.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def runner_commands(output: str) -> list[str]:
    """The lines of output that the GitHub runner would read as workflow commands."""
    return [line for line in _LINE_BREAK.split(output) if line.lstrip().startswith("::") or "##[" in line]


def forged_commands(output: str, own: tuple[str, ...] = ()) -> list[str]:
    """runner_commands that are not batchcheck's own (those starting with one of own, as the
    github format's `::error file=` annotations do, whose properties and message are escaped)."""
    return [line for line in runner_commands(output) if not (own and line.startswith(own))]
