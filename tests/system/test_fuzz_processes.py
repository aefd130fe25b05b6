"""The fuzz properties (tests/support/fuzz_properties.py) through the installed console script: a few
examples each, to show that a real process answers as the in-process runs of tests/cli/test_fuzz.py do."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.fuzz_properties import FORMATS, any_bytes, check_bytes, check_mutation, mutations

SUBPROCESS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
formats = st.sampled_from(FORMATS)


@SUBPROCESS
@given(data=any_bytes, fmt=formats)
def test_any_bytes_through_the_installed_cli(data, fmt):
    check_bytes(data, fmt, via_subprocess=True)


@SUBPROCESS
@given(case=mutations())
def test_mutated_examples_through_the_installed_cli(case):
    check_mutation(*case, via_subprocess=True)
