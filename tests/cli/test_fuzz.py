"""Property tests (hypothesis): whatever comes in, batchcheck answers with a verdict or a clear error.

The properties live in tests/support/fuzz_properties.py; here they run a CI-sized number of examples
in-process through the real Typer app (tests/system/test_fuzz_processes.py: a few through the
installed console script).
`python fuzz/run.py --minutes 5` runs the same properties for longer.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.fuzz_properties import (
    FORMATS,
    any_bytes,
    batch_like,
    check_bytes,
    check_hostile_schema,
    check_mutation,
    check_user_schema,
    check_value,
    hostile_schemas,
    json_values,
    mutations,
    user_schemas,
)

IN_PROCESS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
formats = st.sampled_from(FORMATS)


@IN_PROCESS
@given(data=any_bytes, fmt=formats)
def test_any_bytes_on_stdin(data, fmt):
    check_bytes(data, fmt)


@IN_PROCESS
@given(value=json_values, fmt=formats)
def test_any_json_value(value, fmt):
    check_value(value, fmt)


@settings(IN_PROCESS, max_examples=100)
@given(value=batch_like, fmt=formats)
def test_any_batch_envelope(value, fmt):
    check_value(value, fmt)


@settings(IN_PROCESS, max_examples=250)
@given(case=mutations())
def test_mutated_examples(case):
    check_mutation(*case)


@settings(IN_PROCESS, max_examples=100)
@given(schema=user_schemas, value=json_values)
def test_any_user_schema(tmp_path_factory, schema, value):
    check_user_schema(schema, value, tmp_path_factory.mktemp("schema"))


@settings(IN_PROCESS, max_examples=60)
@given(schema=hostile_schemas, value=json_values)
def test_hostile_user_schema(tmp_path_factory, schema, value):
    check_hostile_schema(schema, value, tmp_path_factory.mktemp("hostile"))
