"""Text as rich writes it when it writes no escape sequence: what the rich report can write itself.

A line of text rich prints unstyled, with no wrapping, comes out as the line and a newline when
every character takes at least one cell (`fits_plainly`); rich places zero-width characters
(combining marks) its own way, and wraps what is wider than the console. The rich report writes
such lines itself and leaves the rest to rich: the output is the same bytes, without laying out
through rich's renderables (a few hundred microseconds a line) or importing rich at all.
"""

from __future__ import annotations

from functools import lru_cache


def cells(text: str) -> int:
    """The terminal cells text takes (rich's measure)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len  # lazy: start-up (ASCII text needs no table of widths)

    return cell_len(text)


def fits_plainly(text: str) -> bool:
    """True when every character of text takes at least one cell (see the module's docstring): no
    control character (a tab, an escape), no zero-width one."""
    if text.isascii():
        return text.isprintable()
    return all(_cell_size(char) > 0 for char in text)


@lru_cache(maxsize=4096)
def _cell_size(char: str) -> int:
    from rich.cells import get_character_cell_size  # lazy: start-up

    return get_character_cell_size(char)


def plain_line(text: str, width: int) -> str | None:
    """text and a newline, as rich prints it unstyled at width; None when rich must print it."""
    if "\n" in text or not fits_plainly(text) or cells(text) > width:
        return None
    return text + "\n"
