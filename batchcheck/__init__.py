"""batchcheck: detect, validate and summarise JSON API (batch) responses.

The Python API (docs/python.md): `batchcheck.check(response, ...)`, `batchcheck.Checker`,
`batchcheck.Report`, loaded on first use so that the command line's start-up pays nothing for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["BatchcheckError", "Checker", "Report", "__version__", "check"]

if TYPE_CHECKING:
    from batchcheck.api import BatchcheckError, Checker, Report, check


def __getattr__(name: str) -> Any:
    if name in ("check", "Checker", "Report", "BatchcheckError"):
        from batchcheck import api  # lazy: start-up

        return getattr(api, name)
    raise AttributeError(f"module 'batchcheck' has no attribute {name!r}")
