"""Which engine checks a schema (`--engine auto|rs|python`), and building them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from batchcheck.errors import ConfigurationError
from batchcheck.models import EngineName
from batchcheck.validate.engine import ENGINE_CHOICES, Engine, EngineChoice
from batchcheck.validate.python import JsonschemaEngine


def rs_available() -> bool:
    """True when jsonschema-rs can be imported."""
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_engine_name(requested: EngineChoice) -> EngineName:
    """`auto` -> `rs` when jsonschema-rs is installed, else `python`; `rs` without it is an error."""
    if requested not in ENGINE_CHOICES:
        raise ConfigurationError(f"--engine {requested}: choose auto, rs or python")
    if requested == "python" or (requested == "auto" and not rs_available()):
        return "python"
    if not rs_available():
        raise ConfigurationError("--engine rs: jsonschema-rs is not installed (pip install jsonschema-rs)")
    return "rs"


@dataclass(frozen=True)
class EngineSpec:
    """What an engine is built from: the schema, its name in messages, and where the schemas its
    `$ref`s name by URL are (retrieve, from base_uri: never the network)."""

    schema: dict[str, Any]
    label: str
    retrieve: Callable[[str], Any] | None = None
    base_uri: str = ""


def make_engines(schemas: list[EngineSpec], formats: bool, requested: EngineChoice) -> list[Engine]:
    """One compiled engine per schema; `auto` falls back to python-jsonschema for all of them when
    jsonschema-rs cannot use one (a regex whose time it cannot bound, say)."""
    name = resolve_engine_name(requested)
    if name == "rs":
        from batchcheck.validate.rs import RsEngine, RsSchemaError  # lazy: the Rust module loads only here

        try:
            return [RsEngine(s.schema, formats, s.label, s.retrieve, s.base_uri) for s in schemas]
        except RsSchemaError as exc:
            if requested == "rs":
                raise ConfigurationError(str(exc)) from None
    return [
        JsonschemaEngine(s.schema, formats, s.label, base_uri=s.base_uri, retrieve=s.retrieve)
        for s in schemas
    ]
