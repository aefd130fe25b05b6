"""The Python API: check a response in code and get the JSON contract's data back.

    import batchcheck

    report = batchcheck.check(response_bytes, openapi="api.yaml", url=url, method="POST", status=207)
    assert report.valid, report.explain()

`check` builds (and keeps, for the same schema sources) a Checker; `Checker` compiles its schemas
once and checks any number of responses. Neither prints nor exits: a bad schema or spec raises a
`BatchcheckError` (a `ConfigurationError`) naming the file and the place; a response that cannot
be read is a Report whose `valid` is None and whose `input_error` says why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

from batchcheck.checker import Checker as _Checker
from batchcheck.checker import CheckOptions
from batchcheck.errors import BatchcheckError, ConfigurationError
from batchcheck.models import Document, DocumentReport, HttpStatus, Request
from batchcheck.output.describe import batch_line, verdict_line
from batchcheck.output.json_report import document_dict
from batchcheck.output.sanitize import visible
from batchcheck.read.parse import parse_bytes
from batchcheck.schemas.catalog import SchemaSources
from batchcheck.validate.engine import EngineChoice

__all__ = ["BatchcheckError", "Checker", "ConfigurationError", "Report", "check"]

PathLike = str | Path
RESPONSE = "<response>"


@dataclass(frozen=True)
class Report:
    """One response's verdict: `data` is the document exactly as `--format json` reports it
    (docs/output.md, schemas/contract/report.schema.json); the attributes are its most used fields."""

    data: dict[str, Any]
    report: DocumentReport = field(repr=False, compare=False)

    @property
    def valid(self) -> bool | None:
        """True, False, or None when the response could not be read."""
        value: bool | None = self.data["valid"]
        return value

    @property
    def ok(self) -> bool:
        """Nothing wrong: exit code 0 (valid; a batch with failed items only fails under fail_on_partial)."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        code: int = self.data["exitCode"]
        return code

    @property
    def schema(self) -> str | None:
        name: str | None = self.data["schema"]
        return name

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Each error: pointer, path, keyword, message, line, column, schemaLocation."""
        errors: list[dict[str, Any]] = self.data["errors"]
        return errors

    @property
    def summary(self) -> dict[str, Any] | None:
        """The partial-failure summary of a batch, or None."""
        summary: dict[str, Any] | None = self.data["summary"]
        return summary

    @property
    def input_error(self) -> str | None:
        error = self.data["inputError"]
        return str(error["message"]) if error else None

    def explain(self) -> str:
        """The verdict in lines, for a failing test: the schema, each error with its pointer,
        line:column in the body and message, and the batch summary (untrusted text escaped)."""
        report = self.report
        lines = [f"{visible(report.source)}: {visible(verdict_line(report))}"]  # the schema, how chosen
        error = report.input_error
        if error is not None:
            lines.append(f"  {error.position or '-'}  {visible(error.message)}")
        for v in report.errors:
            at = str(v.position) if v.position else "-"
            lines.append(f"  {v.pointer or '/'}  {at}  {visible(v.message)} [{v.keyword}]")
        hidden = report.error_count - len(report.errors)
        if hidden > 0:
            lines.append(f"  … and {hidden} more errors")
        if report.detection is not None and report.detection.schema is None:
            lines += [
                f"  tried {visible(c.schema)}: {visible(c.reason)}" for c in report.detection.candidates[:5]
            ]
        if report.api_error is not None:
            lines.append(
                f"  API error {visible(report.api_error.category)}: {visible(report.api_error.message)}"
            )
        if report.summary is not None:
            lines.append(f"  {visible(batch_line(report.summary))}")
            lines += [f"  warning: {visible(w)}" for w in report.summary.warnings]
        return "\n".join(lines)


class Checker:
    """Checks responses against schemas compiled once: the bundled ones, your own
    (`schema_dirs`, `openapi`) or one `schema` (a name or a file, skipping detection)."""

    def __init__(
        self,
        *,
        schema: PathLike | None = None,
        openapi: PathLike | Iterable[PathLike] | None = None,
        schema_dirs: Iterable[PathLike] = (),
        openapi_components: bool = False,
        bundled: bool = True,
        resolve: Iterable[PathLike] = (),
        url_map: Mapping[str, PathLike] | None = None,
        format_checks: bool = True,
        max_errors: int | None = 100,
        fail_on_partial: bool = False,
        engine: EngineChoice = "auto",
        options: CheckOptions | None = None,
    ) -> None:
        if options is None:
            sources = SchemaSources(
                schema_dirs=tuple(Path(p) for p in schema_dirs),
                openapi=_paths(openapi),
                openapi_components=openapi_components,
                bundled=bundled,
                resolve=tuple(Path(p) for p in resolve),
                url_map=tuple(f"{prefix}={path}" for prefix, path in (url_map or {}).items()),
            )
            options = CheckOptions(
                schema=str(schema) if schema is not None else None,
                formats=format_checks,
                max_errors=max_errors or None,
                fail_on_partial=fail_on_partial,
                engine=engine,
                sources=sources,
            )
        self.options = options
        self._checker = _Checker(options)
        self.warnings: list[str] = []  # what batchcheck would print as warnings (unchecked formats, …)
        self._collect()

    def check(
        self,
        response: Any,
        *,
        url: str | None = None,
        method: str | None = None,
        status: int | None = None,
        source: str = RESPONSE,
    ) -> Report:
        """The verdict on one response: bytes or str (the body as received, or `curl -i` output),
        or data already parsed (a dict, a list, …; written out as JSON, so line:column count in that
        text). url/method select the OpenAPI operation; status is the HTTP status."""
        document = _document(response, source)
        if url is not None or method is not None:
            document.request = Request(url, method.upper() if method else None)
        if status is not None:
            document.http = HttpStatus(status, _phrase(status))
        report = self._checker.check(document)
        self._collect()
        return Report(document_dict(report, self.options.fail_on_partial), report)

    def _collect(self) -> None:
        self.warnings += self._checker.notices
        self._checker.notices.clear()


def check(
    response: Any,
    *,
    schema: PathLike | None = None,
    openapi: PathLike | Sequence[PathLike] | None = None,
    url: str | None = None,
    method: str | None = None,
    status: int | None = None,
) -> Report:
    """The verdict on one response (see Checker.check); the Checker for the same schema and
    OpenAPI documents is kept, so repeated calls compile nothing again."""
    key = (str(schema) if schema is not None else None, tuple(str(p) for p in _paths(openapi)))
    return _cached_checker(*key).check(response, url=url, method=method, status=status)


@lru_cache(maxsize=8)
def _cached_checker(schema: str | None, openapi: tuple[str, ...]) -> Checker:
    return Checker(schema=schema, openapi=openapi)


def _paths(given: PathLike | Iterable[PathLike] | None) -> tuple[Path, ...]:
    if given is None:
        return ()
    if isinstance(given, (str, Path)):
        return (Path(given),)
    return tuple(Path(p) for p in given)


def _document(response: Any, source: str) -> Document:
    if isinstance(response, str):
        response = response.encode("utf-8", "surrogatepass")
    if isinstance(response, (bytes, bytearray, memoryview)):
        return parse_bytes(source, bytes(response))
    try:
        text = json.dumps(response, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"batchcheck.check: not JSON data: {exc}") from None
    return parse_bytes(source, text.encode("utf-8"))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
