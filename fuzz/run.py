"""The long fuzz run: the properties of tests/support/fuzz_properties.py for minutes, outside CI.

    python fuzz/run.py --minutes 5

Runs rounds of every property (any bytes, any JSON value, batch-like envelopes, mutated
examples, any user schema, hostile user schemas; one round in ten through the installed console
script) until the time is up,
then prints how many examples ran. The first failure stops the run with hypothesis's report
(the smallest input it found, and the traceback) and exit status 1. Needs `pip install -e '.[test]'`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # for tests/support

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import fuzz_properties as props


def _properties(examples: int, via_subprocess: bool) -> list:
    chosen = settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    formats = st.sampled_from(props.FORMATS)

    @chosen
    @given(data=props.any_bytes, fmt=formats)
    def any_bytes(data: bytes, fmt: str) -> None:
        props.check_bytes(data, fmt, via_subprocess)

    @chosen
    @given(value=props.json_values, fmt=formats)
    def any_json(value: object, fmt: str) -> None:
        props.check_value(value, fmt, via_subprocess)

    @chosen
    @given(value=props.batch_like, fmt=formats)
    def batch_like(value: object, fmt: str) -> None:
        props.check_value(value, fmt, via_subprocess)

    @chosen
    @given(case=props.mutations())
    def mutated(case: tuple) -> None:
        props.check_mutation(*case, via_subprocess=via_subprocess)

    @chosen
    @given(schema=props.user_schemas, value=props.json_values)
    def user_schema(schema: object, value: object) -> None:
        with tempfile.TemporaryDirectory() as folder:
            props.check_user_schema(schema, value, Path(folder))

    @chosen
    @given(schema=props.hostile_schemas, value=props.json_values)
    def hostile_schema(schema: object, value: object) -> None:
        with tempfile.TemporaryDirectory() as folder:
            props.check_hostile_schema(schema, value, Path(folder))

    in_process_only = [] if via_subprocess else [user_schema, hostile_schema]
    return [any_bytes, any_json, batch_like, mutated, *in_process_only]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--examples", type=int, default=300, help="examples per property and round")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        via_subprocess = rounds % 10 == 9
        examples = max(args.examples // 30, 5) if via_subprocess else args.examples
        for prop in _properties(examples, via_subprocess):
            try:
                prop()
            except Exception:
                print(f"FAILED after {props.COUNTER['examples']} examples in property {prop.__name__}")
                raise
            if time.monotonic() >= deadline:
                break
        rounds += 1
        print(f"round {rounds}: {props.COUNTER['examples']} examples so far, no failure", flush=True)
    print(f"fuzz: {props.COUNTER['examples']} examples in {args.minutes:g} min, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
