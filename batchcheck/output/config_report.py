"""`batchcheck config`: the effective settings, one per line (TOML-like) or as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from batchcheck.output.sanitize import visible, write_json


def write_settings(
    source: Path | None, settings: Mapping[str, tuple[Any, str]], as_json: bool, stream: IO[str]
) -> None:
    """Each setting's (value, origin): as JSON, or as `key = value  # origin` lines."""
    if as_json:
        rows = {key: {"value": _plain(value), "origin": origin} for key, (value, origin) in settings.items()}
        shown = str(source) if source is not None else None
        write_json({"config": shown, "settings": rows}, stream)
        return
    stream.write(visible(f"# configuration file: {source or 'none found'}") + "\n")
    lines = [(f"{key} = {json.dumps(_plain(value))}", origin) for key, (value, origin) in settings.items()]
    width = max(len(text) for text, _ in lines)
    for text, origin in lines:
        stream.write(visible(f"{text.ljust(width)}  # {origin}") + "\n")


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, Path) else value
