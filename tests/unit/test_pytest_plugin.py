"""The pytest plugin's name for a response in a failure's first line."""

from __future__ import annotations

import pytest

from batchcheck.pytest_plugin import _name


@pytest.mark.parametrize(
    ("url", "method", "status", "expected"),
    [
        ("https://api.test/crm/v4/x?y=1", "post", 207, "POST /crm/v4/x → 207"),
        ("https://api.test", None, 200, "/ → 200"),
        (None, None, 207, "HTTP 207"),  # plain data with status=: no arrow from nothing
        (None, None, None, "<response>"),
    ],
)
def test_a_response_is_named_by_what_is_known_of_it(url, method, status, expected) -> None:
    assert _name(url, method, status) == expected
