"""The contract check itself: it catches requests and responses outside openapi/vantage.yaml, and fails the test.

Every other end-to-end test relies on it (tests/contract/plugin.py), so these prove it is not blind:
a deliberately wrong request, a wrong JSON body, an undocumented status, a wrong event in an event
stream, and, in a separate pytest run, that an unhandled violation fails the test that caused it.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from vantage_sdk import ValidationError, VantageClient
from vantage_sdk._generated.api.jobs import list_jobs

from .openapi_hook import ContractChecker

TESTS = Path(__file__).resolve().parents[1]
JOB = {
    "id": "job-3f9a1c2b7d4e",
    "name": "n",
    "status": "succeeded",
    "created_at": "2024-01-01T00:00:00Z",
}

Route = tuple[int, str, bytes]


class ScriptedServer:
    """A local HTTP server answering each path with a fixed (status, content type, body)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, content_type, body = routes.get(self.path.split("?")[0], (404, "text/plain", b"no route"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Request-ID", "req-0123456789abcdef")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer(
        {
            "/v1/jobs/job-3f9a1c2b7d4e": (200, "application/json", json.dumps({"id": 5}).encode()),
            "/v1/jobs/job-8b2e4f6a1c3d": (418, "application/json", json.dumps(JOB).encode()),
            "/v1/jobs/job-3f9a1c2b7d4e/logs/stream": (
                200,
                "text/event-stream",
                b'event: log\nid: 0\ndata: {"offset": "zero", "line": "x"}\n\n'
                b'event: end\ndata: {"status": "succeeded", "exit_code": 0, "next_offset": 1}\n\n',
            ),
        }
    )
    yield server
    server.close()


def test_a_request_outside_the_contract_is_recorded_with_the_servers_answer(
    vantage_client: VantageClient, openapi_contract: ContractChecker
) -> None:
    # Past the SDK's own checks, straight to the generated call: limit is at most 1000.
    with pytest.raises(ValidationError):
        vantage_client._core.call(list_jobs.sync, limit=5000)
    [violation] = openapi_contract.take()
    assert (violation.kind, violation.method, violation.status) == ("request", "GET", 400)
    assert "limit" in str(violation) and "/v1/jobs?limit=5000" in violation.url


def test_a_response_body_outside_the_contract_is_recorded(
    scripted: ScriptedServer, openapi_contract: ContractChecker
) -> None:
    with VantageClient(api_key="k", base_url=scripted.base_url, max_retries=0) as client:
        with contextlib.suppress(Exception):  # what the SDK makes of a broken body is not the point here
            client.jobs.get("job-3f9a1c2b7d4e")
    [violation] = openapi_contract.take()
    assert (violation.kind, violation.status) == ("response", 200)
    assert "'name' is a required property" in str(violation) and "5 is not of type 'string'" in str(violation)


def test_an_undocumented_status_is_recorded(scripted: ScriptedServer, openapi_contract: ContractChecker) -> None:
    with VantageClient(api_key="k", base_url=scripted.base_url, max_retries=0) as client:
        with contextlib.suppress(Exception):
            client.jobs.get("job-8b2e4f6a1c3d")
    [violation] = openapi_contract.take()
    assert (violation.kind, violation.status) == ("response", 418)
    assert "ResponseNotFound" in str(violation)


def test_each_event_of_an_event_stream_is_checked_against_its_schema(
    scripted: ScriptedServer, openapi_contract: ContractChecker
) -> None:
    with VantageClient(api_key="k", base_url=scripted.base_url, max_retries=0) as client:
        with contextlib.suppress(Exception):
            list(client.jobs.logs_stream("job-3f9a1c2b7d4e"))
    [violation] = openapi_contract.take()
    assert violation.kind == "response" and "event 'log'" in str(violation)
    assert "'zero' is not of type 'integer'" in str(violation) and "'timestamp' is a required property" in str(
        violation
    )


def test_the_emulators_log_events_pass_the_check(
    vantage_client: VantageClient, openapi_contract: ContractChecker
) -> None:
    job = vantage_client.jobs.submit({"name": "events", "spec": {"command": ["sh", "-c", "echo a; echo b >&2"]}})
    before = openapi_contract.responses_checked
    assert sorted(vantage_client.jobs.logs_stream(job.id)) == ["a", "b"]
    assert openapi_contract.responses_checked > before
    assert openapi_contract.take() == []


INNER_TEST = """
    from vantage_sdk import ValidationError, VantageClient
    from vantage_sdk._generated.api.jobs import list_jobs
    import json, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"items": [], "has_next": False, "next_page_token": None}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Request-ID", "req-1")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    URL = f"http://127.0.0.1:{server.server_address[1]}"

    def test_within_the_contract():
        with VantageClient(api_key="k", base_url=URL) as client:
            assert client.jobs.list(limit=10).items == []

    def test_outside_the_contract():
        with VantageClient(api_key="k", base_url=URL) as client:
            client._core.call(list_jobs.sync, limit=5000)  # a server that accepts anything: only the check sees it
"""


def test_a_violation_fails_the_test_that_caused_it(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TEST))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "contract.plugin", "-p", "no:cacheprovider", "-q", "test_inner.py"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(TESTS), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert "FAILED test_inner.py::test_outside_the_contract" in run.stdout
    assert "1 contract violation(s) during the test" in run.stdout and "limit" in run.stdout
