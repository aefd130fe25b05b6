"""The rich report's error entries laid out at a width, as plain styled segments.

An entry is `SOURCE:LINE:COL  path  keyword [xN]`, its message below, for a group where its members
are, and for a document's first entries the source excerpt with the value marked. The lines are
wrapped here, at spaces, and paths at their `.`/`[` boundaries, never inside a name: rich only
styles and prints them (soft-wrapped), which keeps it cheap for thousands of entries, and never
breaks a `SOURCE:LINE:COL` a terminal or editor would open. Every string is escaped (`visible`)
before it is measured.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

from batchcheck.models import Excerpt
from batchcheck.output.sanitize import visible

Segment = tuple[str, str]  # text, style
Line = list[Segment]

INDENT = "  "
_PATH_SEGMENT = re.compile(r"\[[^\]]*\]|\.?[^.\[]+")
_BREAKS = re.compile(" (?!\N{MULTIPLICATION SIGN})")  # a count stays with its value: `"on" x133`
_GUTTER_STYLE, _MARK_STYLE = "blue", "bold red"


def entry(
    where: str,
    path: str,
    label: str,
    message: str,
    width: int,
    places: str = "",
    excerpt: Excerpt | None = None,
) -> list[Line]:
    """One error (or group) of the report: where, what, why, and the text there."""
    where, path, message = visible(where), visible(path), visible(message)
    named: Line = [("  ", ""), (path, "bold")] if path else []
    head: Line = [(INDENT, ""), (where, "yellow"), *named, ("  ", ""), (label, "magenta")]
    lines: list[Line]
    if _width(head) <= width or not path:
        lines = [head]
    else:  # the place alone (never broken: a terminal wraps it), then the path at its boundaries
        lines = [[(INDENT, ""), (where, "yellow")]]
        chunks = break_path(path, width - 2 * len(INDENT))
        for chunk in chunks[:-1]:
            lines.append([(INDENT * 2, ""), (chunk, "bold")])
        last = [(INDENT * 2, ""), (chunks[-1], "bold"), ("  ", ""), (label, "magenta")]
        fits = _width(last) <= width
        lines += [last] if fits else [last[:2], [(INDENT * 2, ""), (label, "magenta")]]
    inner = width - 2 * len(INDENT)
    lines += [[(INDENT * 2, ""), (text, "")] for text in wrap(message, inner)]
    if places:
        lines += [[(INDENT * 2, ""), (text, "dim")] for text in wrap(visible(places), inner)]
    if excerpt is not None:
        lines += excerpt_lines(excerpt, width, INDENT * 2)
    return lines


def flow(parts: list[Line], width: int) -> list[Line]:
    """parts (already escaped) two spaces apart, wrapped between parts onto lines indented by two
    (a part wider than a line keeps a line to itself: the terminal wraps it)."""
    lines: list[Line] = []
    current: Line = []
    room = width - len(INDENT)
    for part in _split_wide(parts, room):
        gap: Line = [("  ", "")] if current else []
        if current and _width([*current, *gap, *part]) > width:
            lines.append(current)
            current, gap = [(INDENT, "")], []
        current = [*current, *gap, *part]
    return [*lines, current] if current else lines


def _split_wide(parts: list[Line], room: int) -> list[Line]:
    """A one-segment part wider than room, as parts of words that fit (a name stays whole)."""
    split: list[Line] = []
    for part in parts:
        if len(part) == 1 and _width(part) > room and " " in part[0][0]:
            text, style = part[0]
            split += [[(piece, style)] for piece in wrap(text, room)]
        else:
            split.append(part)
    return split


def note(where: str, text: str, width: int) -> list[Line]:
    """`SOURCE:LINE:COL  text` on one line when it fits, else the place and the text below it."""
    where, text = visible(where), visible(text)
    line: Line = [(INDENT, ""), (where, "yellow"), ("  ", ""), (text, "")]
    if _width(line) <= width:
        return [line]
    return [[(INDENT, ""), (where, "yellow")]] + [
        [(INDENT * 2, ""), (part, "")] for part in wrap(text, width - 2 * len(INDENT))
    ]


def wrap(text: str, width: int) -> list[str]:
    """text in lines of at most width cells, broken at spaces (a longer word alone is folded)."""
    width = max(width, 10)
    lines: list[str] = []
    current = ""
    for word in _BREAKS.split(text):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while cell_len(word) > width:  # a path in a message: broken between its names if it can be
            head, word = _split_cells(word, width)
            boundary = max(head.rfind("."), head.rfind("["))
            if boundary > 0:
                head, word = head[:boundary], head[boundary:] + word
            lines.append(head)
        current = word
    lines.append(current)
    return lines


def break_path(path: str, width: int) -> list[str]:
    """path in lines of at most width cells, broken before a `.name` or `[index]`, never inside one."""
    width = max(width, 10)
    lines, current = [], ""
    for segment in _PATH_SEGMENT.findall(path) or [path]:
        if current and cell_len(current + segment) > width:
            lines.append(current)
            current = ""
        current += segment
        while cell_len(current) > width:  # one name longer than the line: folded, nothing else to do
            head, current = _split_cells(current, width)
            lines.append(head)
    return [*lines, current] if current else lines or [path]


def excerpt_lines(excerpt: Excerpt, width: int, indent: str) -> list[Line]:
    """`  5 │ …"flagState": "MAYBE"},` and its `^^^^^^^` line, trimmed around the value to fit."""
    number = str(excerpt.line)
    gutter = f"{number} │ "
    room = max(width - len(indent) - len(gutter), 20)
    text = excerpt.text.replace("\t", " ")
    before = visible(text[: excerpt.start])
    marked = visible(text[excerpt.start : excerpt.start + excerpt.length])
    after = visible(text[excerpt.start + excerpt.length :])
    if cell_len(marked) > room // 2:
        marked = _split_cells(marked, room // 2 - 1)[0] + "…"
    space = room - cell_len(marked)
    keep_left = min(cell_len(before), max(space // 3, space - cell_len(after)))
    shown_before = _tail(before, keep_left, excerpt.clipped_left)
    shown_after = _head(after, space - cell_len(shown_before), excerpt.clipped_right)
    caret = " " * cell_len(shown_before) + "^" * max(1, cell_len(marked))
    blank = " " * len(number) + " │ "
    return [
        [(indent, ""), (gutter, _GUTTER_STYLE), (shown_before, ""), (marked, _MARK_STYLE), (shown_after, "")],
        [(indent, ""), (blank, _GUTTER_STYLE), (caret, _MARK_STYLE)],
    ]


def plain(line: Line) -> str:
    return "".join(text for text, _ in line).rstrip()


def _width(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


def _tail(text: str, cells: int, clipped: bool) -> str:
    """The last cells of text, `…` first when anything before them is left out."""
    if cell_len(text) <= cells and not clipped:
        return text
    if cells <= 1:
        return "…" if cells == 1 else ""
    kept = _split_cells(text[::-1], cells - 1)[0][::-1]
    return "…" + kept


def _head(text: str, cells: int, clipped: bool) -> str:
    """The first cells of text, `…` last when anything after them is left out."""
    if cell_len(text) <= cells and not clipped:
        return text
    if cells <= 1:
        return "…" if cells == 1 else ""
    return _split_cells(text, cells - 1)[0] + "…"


def _split_cells(text: str, cells: int) -> tuple[str, str]:
    """(the longest start of text within cells, the rest)."""
    used = 0
    for index, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > cells:
            return text[:index], text[index:]
    return text, ""
