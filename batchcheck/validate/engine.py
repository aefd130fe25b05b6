"""What detection and validation need from a validation engine, and the error it raises."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from batchcheck.errors import DocumentError
from batchcheck.models import EngineName, RawError

EngineChoice = Literal["auto", "rs", "python"]
ENGINE_CHOICES: tuple[EngineChoice, ...] = ("auto", "rs", "python")


class EngineError(DocumentError):
    """The engine could not check this document (nested too deeply, a regex past its budget)."""


class Engine(Protocol):
    """A compiled schema: says whether a document is valid, and lists its violations."""

    @property
    def name(self) -> EngineName: ...

    @property
    def checked_by(self) -> EngineName:
        """The engine that checked the last document: `name`, or the one it fell back to."""
        ...

    def is_valid(self, data: Any) -> bool: ...

    def errors(self, data: Any) -> list[RawError]:
        """Every violation, in the engine's order."""
        ...
