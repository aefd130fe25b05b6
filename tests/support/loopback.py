"""A local HTTP server on 127.0.0.1 and the real curl, for the tests that pipe `curl -i` into
batchcheck (tests never reach the network)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def find_curl() -> str:
    """The curl binary; CI must have it (a skip there would hide the pipeline tests)."""
    found = shutil.which("curl")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("curl is not installed, and CI must run the curl pipeline tests")
        pytest.skip("curl is not installed")
    return found


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """handler answering on 127.0.0.1 (a free port) while inside; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
