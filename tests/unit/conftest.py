"""Fixtures of the unit tests."""

from __future__ import annotations

import pytest

from batchcheck.checker import Checker, CheckOptions


@pytest.fixture(scope="module")
def checker() -> Checker:
    """A Checker with the default options and the bundled schemas."""
    return Checker(CheckOptions())
