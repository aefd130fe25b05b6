"""`batchcheck config`: the effective settings, one per line (TOML-like) or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from batchcheck.output.sanitize import visible

if TYPE_CHECKING:
    from batchcheck.config import ConfigFile, Setting


def write_settings(found: ConfigFile | None, settings: dict[str, Setting], stream: IO[str]) -> None:
    """JSON when the effective format is json, else `key = value  # origin` lines."""
    source = str(found.path) if found is not None else None
    if settings["format"].value == "json":
        rows = {key: {"value": _plain(s.value), "origin": s.origin} for key, s in settings.items()}
        json.dump({"config": source, "settings": rows}, stream, ensure_ascii=True, indent=2)
        stream.write("\n")
        return
    stream.write(visible(f"# configuration file: {source or 'none found'}") + "\n")
    lines = [(f"{key} = {json.dumps(_plain(s.value))}", s.origin) for key, s in settings.items()]
    width = max(len(text) for text, _ in lines)
    for text, origin in lines:
        stream.write(visible(f"{text.ljust(width)}  # {origin}") + "\n")


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, Path) else value
