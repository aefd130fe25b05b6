"""The pytest plugin through real pytest runs in a temporary project: found through its `pytest11`
entry point, configured by the project's [tool.batchcheck], reading real `requests` and `httpx`
responses from a server on 127.0.0.1; a failure shows the schema, each error with its pointer,
line:column in the body and message, and the batch summary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.captures import BATCH_READ, SPEC, batch_read_207, broken_batch_read_207
from support.paths import REPO_ROOT

pytestmark = pytest.mark.slow

CONFTEST = """
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BODIES = {"good": Path("good.json").read_bytes(), "broken": Path("broken.json").read_bytes()}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = BODIES["broken" if "broken" in self.path else "good"]
        self.send_response(207)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base(base_url):
    return base_url
"""

TESTS = f'''
import httpx
import requests

PATH = "{BATCH_READ}"
IDS = {{"inputs": [{{"id": "5101"}}, {{"id": "5102"}}, {{"id": "5199"}}]}}


def test_requests_good(base, assert_response):
    report = assert_response(requests.post(base + PATH, json=IDS, timeout=10))
    assert report.data["detection"] == "operation"
    assert report.data["request"]["method"] == "POST"


def test_httpx_good(base, assert_response):
    assert_response(httpx.post(base + PATH, json=IDS, timeout=10))


def test_requests_broken(base, assert_response):
    assert_response(requests.post(base + PATH + "?broken=1", json=IDS, timeout=10))


def test_httpx_broken(base, assert_response):
    with httpx.Client(base_url=base, timeout=10) as client:
        assert_response(client.post(PATH + "?broken=1", json=IDS))


def test_plain_data(assert_response):
    import json
    from pathlib import Path

    data = json.loads(Path("good.json").read_text())
    assert_response(data, url="https://x.test" + PATH, method="POST", status=207)
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "spec").mkdir(parents=True)
    (root / "tests").mkdir()
    shutil.copyfile(SPEC, root / "spec" / SPEC.name)
    (root / "good.json").write_text(batch_read_207(), encoding="utf-8")
    (root / "broken.json").write_text(broken_batch_read_207(), encoding="utf-8")
    (root / "tests" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (root / "tests" / "test_contract.py").write_text(TESTS, encoding="utf-8")
    config = f"""
        [project]
        name = "integration"
        version = "0"

        [tool.batchcheck]
        openapi = ["spec/{SPEC.name}"]
        max-errors = 5
    """
    (root / "pyproject.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    return root


def pytest_run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BATCHCHECK_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_failures_show_schema_errors_and_summary(project: Path) -> None:
    done = pytest_run(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "2 failed, 3 passed" in output
    for test in ("test_requests_broken", "test_httpx_broken"):
        assert f"FAILED tests/test_contract.py::{test}" in output
    body = broken_batch_read_207()
    column = body.index("18839474952") + 1
    assert "the response does not match its schema" in output
    schema = "Associations v4 › BatchResponsePublicAssociationMultiWithLabelWithErrors (operation POST"
    assert f"POST {BATCH_READ} → 207: invalid: 1 error, {schema}" in output
    assert (
        f"/results/0/to/0/toObjectId  1:{column}  expected string, found integer 18839474952 [type]" in output
    )
    assert "batch COMPLETE: 2 succeeded, 1 failed (OBJECT_NOT_FOUND 1)" in output
    assert "Traceback" not in output and "batchcheck/api.py" not in output  # the test's line, not ours


def test_the_plugin_comes_from_the_entry_point(project: Path) -> None:
    done = pytest_run(project, "--trace-config", "-k", "plain_data")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "batchcheck.pytest_plugin" in done.stdout


def test_configuration_applies(project: Path) -> None:
    """fail-on-partial from [tool.batchcheck]: the valid 207 with a failed item fails too."""
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + "fail-on-partial = true\n", encoding="utf-8")
    done = pytest_run(project, "-k", "good")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "2 failed" in output
    assert "valid" in output and "batch COMPLETE: 2 succeeded, 1 failed" in output


def test_a_bad_configuration_is_one_clear_error(project: Path) -> None:
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("max-errors = 5", 'max-errors = "5"'), encoding="utf-8"
    )
    done = pytest_run(project, "-k", "plain_data")
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "batchcheck: pyproject.toml:8: max-errors must be an integer >= 0; found string '5'" in output
    assert "Traceback" not in output and "config.py" not in output


def test_the_documented_snippet_passes_as_written(project: Path) -> None:
    """docs/python.md's plugin example, pasted as is, against a server that answers as the spec says
    (its base_url fixture is the conftest's, as the example's comment asks)."""
    page = (REPO_ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    section = page[page.index("## The pytest plugin") :]
    snippet = section[section.index("```python\n") + len("```python\n") :]
    snippet = snippet[: snippet.index("```")]
    (project / "tests" / "test_contract.py").write_text(snippet, encoding="utf-8")
    done = pytest_run(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
