"""Timeouts: a server that accepts and never answers (or stalls mid-response) makes calls fail in bounded time.

Each call runs with ``timeout=0.3`` and the default 2 retries, so it may take at most three timeouts
plus two jittered backoffs (at most 0.5 s and 1 s): 2.4 s, checked with 1 s of slack. It must also take
at least the three timeouts, which proves every attempt really waited for the server.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vantage_sdk import APITimeoutError, AsyncVantageClient, VantageClient

from .conftest import Figures
from .rawserver import RawServer

TIMEOUT = 0.3
RETRIES = 2  # the default
BOUND = (RETRIES + 1) * TIMEOUT + 0.5 + 1.0 + 1.0

FILE_INFO = {"path": "/stalled/file.bin", "name": "file.bin", "type": "file", "size": 1000, "sha256": "0" * 64}

Reply = Callable[[str], bytes | None]
"""Given the request head, the bytes to send before going silent (None: send nothing)."""


def never(head: str) -> bytes | None:
    return None


class StallingServer(RawServer):
    """Accepts connections, reads requests, sends what ``reply`` says (perhaps nothing), then never more."""

    def __init__(self, reply: Reply = never) -> None:
        self.reply = reply
        super().__init__(self._stall)

    def _stall(self, head: str, conn: socket.socket) -> None:
        answer = self.reply(head)
        if answer:
            conn.sendall(answer)
        while conn.recv(65536):  # swallow any body; never answer more
            pass


@pytest.fixture
def stalling() -> Iterator[Callable[[Reply], StallingServer]]:
    servers: list[StallingServer] = []

    def start(reply: Reply = never) -> StallingServer:
        servers.append(StallingServer(reply))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def client_of(server: StallingServer) -> VantageClient:
    return VantageClient(api_key="timeout-key", base_url=server.base_url, timeout=TIMEOUT)


def http_head(status: str, content_type: str, extra: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nX-Request-ID: req-1\r\n{extra}\r\n".encode()


def json_reply(document: dict[str, object]) -> bytes:
    body = json.dumps(document).encode()
    return http_head("200 OK", "application/json", f"Content-Length: {len(body)}\r\n") + body


CALLS: dict[str, Callable[[VantageClient, Path], object]] = {
    "jobs.get": lambda c, _: c.jobs.get("job-3f9a1c2b7d4e"),
    "jobs.submit": lambda c, _: c.jobs.submit({"name": "t", "spec": {"command": ["true"]}}),
    "jobs.logs_stream": lambda c, _: next(iter(c.jobs.logs_stream("job-3f9a1c2b7d4e"))),
    "storage.upload_string": lambda c, _: c.storage.upload_string("hello", "/stalled/hello.txt"),
    "storage.download": lambda c, tmp: c.storage.download("/stalled/file.bin", tmp / "file.bin"),
}


def timed_failure(call: Callable[[], object]) -> tuple[APITimeoutError, float]:
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        call()
    return info.value, time.monotonic() - started


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_server_that_never_answers_fails_the_call_within_timeout_and_retries(
    name: str, stalling: Callable[[Reply], StallingServer], tmp_path: Path, figures: Figures
) -> None:
    server = stalling(never)
    with client_of(server) as client:
        error, elapsed = timed_failure(lambda: CALLS[name](client, tmp_path))
    assert error.attempts == RETRIES + 1
    assert len(server.requests) == RETRIES + 1
    assert (RETRIES + 1) * TIMEOUT <= elapsed < BOUND
    figures.add(
        "timeouts", f"{name} against a silent server: APITimeoutError after {error.attempts} attempts, {elapsed:.2f}s"
    )


async def test_async_call_to_a_server_that_never_answers_fails_in_bounded_time(
    stalling: Callable[[Reply], StallingServer],
) -> None:
    server = stalling(never)
    async with AsyncVantageClient(api_key="timeout-key", base_url=server.base_url, timeout=TIMEOUT) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as info:
            await client.jobs.get("job-3f9a1c2b7d4e")
        elapsed = time.monotonic() - started
    assert info.value.attempts == RETRIES + 1
    assert (RETRIES + 1) * TIMEOUT <= elapsed < BOUND


def test_a_download_whose_body_stalls_fails_in_bounded_time_and_leaves_no_file(
    stalling: Callable[[Reply], StallingServer], tmp_path: Path, figures: Figures
) -> None:
    def reply(head: str) -> bytes:
        if head.startswith("GET /v1/storage/metadata"):
            return json_reply(FILE_INFO)
        start = int(head.partition("bytes=")[2].partition("-")[0] or 0)
        ranged = f"Content-Range: bytes {start}-999/1000\r\nContent-Length: {1000 - start}\r\n"
        return http_head("206 Partial Content", "application/octet-stream", ranged) + b"x" * 10

    server = stalling(reply)
    with client_of(server) as client:
        error, elapsed = timed_failure(lambda: client.storage.download("/stalled/file.bin", tmp_path / "file.bin"))
    content_requests = [r for r in server.requests if "/v1/storage/content" in r]
    assert len(content_requests) == RETRIES + 1
    assert (RETRIES + 1) * TIMEOUT <= elapsed < BOUND
    assert not (tmp_path / "file.bin").exists()
    figures.add("timeouts", f"download stalling after 10 of 1000 bytes: {type(error).__name__} in {elapsed:.2f}s")


def test_a_log_stream_that_goes_silent_after_its_headers_fails_in_bounded_time(
    stalling: Callable[[Reply], StallingServer],
) -> None:
    server = stalling(lambda head: http_head("200 OK", "text/event-stream", "Transfer-Encoding: chunked\r\n"))
    outcome: list[BaseException | str] = []

    def follow() -> None:
        with client_of(server) as client:
            try:
                outcome.append(str(list(client.jobs.logs_stream("job-3f9a1c2b7d4e"))))
            except BaseException as exc:  # noqa: BLE001 - whatever ends it, the test reports it
                outcome.append(exc)

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    follower.join(BOUND)
    stuck = follower.is_alive()
    server.close()  # lets a stuck follower fail on its next reconnect
    assert not stuck, f"still following after {BOUND:.1f}s and {len(server.requests)} connections"
    assert isinstance(outcome[0], APITimeoutError)
