"""A JSON document written as it grows: one array member item by item, the rest around it, byte
for byte what `sanitize.write_json` writes for the whole value (`##[` escaped as there). The
JSON and SARIF reports stream their documents or results through it, so a run of a million
responses never holds them all."""

from __future__ import annotations

import json
from typing import IO, Any

from batchcheck.output.sanitize import json_safe

INDENT = 2


def dumps(value: Any, depth: int = 0) -> str:
    """value as json.dump(indent=2) writes it `depth` levels down (ASCII-only, no NaN)."""
    text = json_safe(json.dumps(value, indent=INDENT, ensure_ascii=True, allow_nan=False))
    return text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text


def members(value: dict[str, Any], depth: int) -> list[str]:
    """An object's members as lines of its pretty-printed form, `depth` levels down."""
    pad = " " * (INDENT * depth)
    return [f"{pad}{json_safe(json.dumps(key))}: {dumps(item, depth)}" for key, item in value.items()]


class StreamedArray:
    """An array whose items come one at a time, `depth` levels down; `opening` is the text up to
    and including its `[`."""

    def __init__(self, stream: IO[str], opening: str, depth: int) -> None:
        self.stream, self.opening, self.depth = stream, opening, depth
        self.count = 0

    def add(self, item: Any) -> None:
        pad = " " * (INDENT * self.depth)
        lead = self.opening + "\n" if self.count == 0 else ",\n"
        self.stream.write(f"{lead}{pad}{dumps(item, self.depth)}")
        self.count += 1

    def close(self, closing: str) -> None:
        """`]` (or the whole `[]` when nothing came) and then closing."""
        if self.count == 0:
            self.stream.write(self.opening + "]" + closing)
        else:
            self.stream.write("\n" + " " * (INDENT * (self.depth - 1)) + "]" + closing)
        self.stream.flush()
