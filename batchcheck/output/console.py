"""The rich Console every human-readable report draws on, with `--color auto|always|never`.

auto: colour on a terminal, none when piped or with NO_COLOR set (FORCE_COLOR forces it), as rich
decides; always: colour even into a pipe or a file, whatever NO_COLOR says; never: no escape
sequence at all, not even bold.
"""

from __future__ import annotations

import builtins
import os
import sys
from typing import IO, TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: tuple[ColorChoice, ...] = ("auto", "always", "never")
PIPED_WIDTH = 120


def make_console(stream: IO[str], color: ColorChoice = "auto", piped_width: int = PIPED_WIDTH) -> Console:
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


def plain_width(stream: IO[str], color: ColorChoice = "auto") -> int | None:
    """The width make_console(stream, color) lays text out at when it would write no escape sequence
    at all and draw ASCII-safe boxes as Unicode (text piped to a file, a pager, CI), decided as rich
    decides, without importing rich; None when it would style (or cannot be told without it).

    The rich report writes such output itself (output/plain_text.py), byte for byte what rich would.
    """
    if color == "always" or sys.platform == "win32" or _is_tty(stream) or hasattr(builtins, "get_ipython"):
        return None  # a terminal, forced colour, Windows consoles, Jupyter: rich decides
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    if color == "auto":  # as rich's Console.is_terminal reads the environment
        compatible = os.environ.get("TTY_COMPATIBLE", "")
        forced = os.environ.get("FORCE_COLOR")
        if compatible == "1" or (compatible != "0" and forced is not None and forced != ""):
            return None
    encoding = (getattr(stream, "encoding", "utf-8") or "utf-8").lower()
    return PIPED_WIDTH if encoding.startswith("utf") else None  # else rich draws ASCII boxes
