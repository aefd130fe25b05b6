"""The rich Console every human-readable report draws on, with `--color auto|always|never`.

auto: colour on a terminal, none when piped or with NO_COLOR set (FORCE_COLOR forces it), as rich
decides; always: colour even into a pipe or a file, whatever NO_COLOR says; never: no escape
sequence at all, not even bold.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: tuple[ColorChoice, ...] = ("auto", "always", "never")


def make_console(stream: IO[str], color: ColorChoice = "auto", piped_width: int = 120) -> Console:
    """A Console on stream; piped_width columns when stream is not a terminal (rich would say 80)."""
    from rich.console import Console  # lazy: start-up (the text and JSON formats need no rich)

    options: dict[str, object] = {"file": stream, "highlight": False, "emoji": False}
    if color == "always":
        options.update(force_terminal=True, no_color=False)
    elif color == "never":
        options.update(color_system=None, no_color=True)
    console = Console(**options)  # type: ignore[arg-type]
    if color == "always" and console.color_system is None:  # TERM=dumb or unset: plain ANSI colours
        console = Console(**options, color_system="standard")  # type: ignore[arg-type]
    if not _is_tty(stream):
        console.width = piped_width
    return console


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
