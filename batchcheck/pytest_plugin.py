"""The pytest plugin (registered through the `pytest11` entry point): contract tests in code.

    def test_batch_read(assert_response):
        response = requests.post(f"{base}/crm/v4/associations/contacts/companies/batch/read", json=ids)
        assert_response(response)

`assert_response(response)` takes a `requests` or `httpx` response (URL, method, status and body
taken from it) or plain data (bytes, str, or parsed JSON, with `url=`, `method=`, `status=`), checks
it as `batchcheck` would, and fails the test with the schema, each error (pointer, line:column in
the body, message) and the batch summary. It returns the `batchcheck.Report`. Settings come from
`[tool.batchcheck]` of the project's pyproject.toml (or its `.batchcheck.toml`), found from
pytest's root directory: the schema sources (`schema-dirs`, `openapi`, `openapi-components`,
`resolve`, `url-map`, `bundled`), `format-checks`, `max-errors`, `fail-on-partial` and `engine`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from batchcheck.api import Checker, Report
    from batchcheck.checker import CheckOptions


class ResponseMismatch(AssertionError):
    """A response that is not what its schema says (or cannot be read)."""


AssertResponse = Callable[..., "Report"]
_CHECKERS: dict[tuple[str, str | None], Checker] = {}


def configured_options(root: Path) -> CheckOptions:
    """CheckOptions from the configuration file found from root upward (the defaults without one):
    the settings `batchcheck check` would use there with no option given."""
    from batchcheck.checker import CheckOptions  # lazy: start-up
    from batchcheck.cli.check_command import CHECK_DEFAULTS, as_choice, schema_sources  # lazy: start-up
    from batchcheck.config import effective, find_config, load_config  # lazy: start-up
    from batchcheck.validate.engine import ENGINE_CHOICES  # lazy: start-up

    found, passed_over = find_config(root)
    for note in passed_over:  # a file another user could have written: the CLI warns the same
        warnings.warn(f"batchcheck: {note}", stacklevel=2)
    config = load_config(found) if found is not None else None
    settings = effective(CHECK_DEFAULTS, set(), config)
    return CheckOptions(
        formats=settings["format-checks"].value,
        max_errors=settings["max-errors"].value or None,
        fail_on_partial=settings["fail-on-partial"].value,
        engine=as_choice(settings["engine"].value, ENGINE_CHOICES),
        sources=schema_sources(settings),
    )


def _checker(root: Path, schema: str | None) -> Checker:
    from dataclasses import replace  # lazy: start-up

    from batchcheck.api import Checker  # lazy: start-up
    from batchcheck.errors import BatchcheckError  # lazy: start-up

    key = (str(root), schema)
    if key not in _CHECKERS:
        try:
            options = configured_options(root)
            _CHECKERS[key] = Checker(options=replace(options, schema=schema) if schema else options)
        except BatchcheckError as exc:  # a bad configuration, schema or spec: one line, no traceback
            pytest.fail(f"batchcheck: {exc}", pytrace=False)
    return _CHECKERS[key]


def check_response(
    response: Any,
    *,
    root: Path | None = None,
    schema: str | Path | None = None,
    url: str | None = None,
    method: str | None = None,
    status: int | None = None,
) -> Report:
    """Check response (a requests/httpx response, or plain data) with the project's settings;
    raise ResponseMismatch, explained, unless it is valid (and, under fail-on-partial, no batch
    item failed)."""
    __tracebackhide__ = True
    checker = _checker(root or Path.cwd(), str(schema) if schema is not None else None)
    body, found_url, found_method, found_status = _unpacked(response)
    url, method = url or found_url, method or found_method
    status = status if status is not None else found_status
    report = checker.check(body, url=url, method=method, status=status, source=_name(url, method, status))
    if not report.ok:
        raise ResponseMismatch("batchcheck: the response does not match its schema\n" + report.explain())
    return report


def _unpacked(response: Any) -> tuple[Any, str | None, str | None, int | None]:
    """(body, url, method, status) of a requests or httpx response; (response, None, None, None)
    for plain data."""
    if not (hasattr(response, "status_code") and hasattr(response, "content")):
        return response, None, None, None
    url = str(response.url) if getattr(response, "url", None) else None
    try:  # httpx raises when the response was built without a request
        request = getattr(response, "request", None)
    except RuntimeError:
        request = None
    method = getattr(request, "method", None)
    status = response.status_code if isinstance(response.status_code, int) else None
    return bytes(response.content), url, method if isinstance(method, str) else None, status


def _name(url: str | None, method: str | None, status: int | None) -> str:
    parts = [method.upper()] if method else []
    if url:
        parts.append(urlsplit(url).path or "/")
    if status is not None:
        parts.append(f"→ {status}" if parts else f"HTTP {status}")  # no arrow from nothing
    return " ".join(parts) or "<response>"


@pytest.fixture
def assert_response(request: pytest.FixtureRequest) -> AssertResponse:
    """`assert_response(response, *, schema=None, url=None, method=None, status=None) -> Report`."""
    root = Path(request.config.rootpath)

    def check(response: Any, **given: Any) -> Report:
        __tracebackhide__ = True
        return check_response(response, root=root, **given)

    return check
