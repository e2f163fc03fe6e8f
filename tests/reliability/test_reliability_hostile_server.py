"""The SDK against a broken or hostile server: deadlines, size caps, malformed bodies, bad downloads.

Every server here is ``rawserver.RawServer`` on 127.0.0.1, scripted to do what a real server can:
trickle a body, declare 2 GB, stream forever, nest JSON 100,000 deep. Each test asserts the typed
error the SDK raises and that the call finished (``pytest-timeout`` fails a call that hangs); no
test asserts a timing.
"""

from __future__ import annotations

import hashlib
import socket
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from vantage_sdk import (
    APITimeoutError,
    AsyncVantageClient,
    IntegrityError,
    ResourceNotFoundError,
    ServerError,
    UnexpectedResponseError,
    VantageClient,
    VantageError,
)

from .conftest import Figures
from .rawserver import Handler, RawServer, head, job_document, json_answer, own_async_transport, own_transport

pytestmark = pytest.mark.timeout(60)

MiB = 1024 * 1024


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def client_of(server: RawServer, **options: object) -> VantageClient:
    """A client of ``server`` on an SDK-style own pool (see ``rawserver.own_transport``)."""
    http = own_transport()
    http.base_url = httpx.URL(server.base_url)
    client = VantageClient(api_key="hostile-key", http_client=http, **options)  # type: ignore[arg-type]
    client._owns_http = True  # closing the client closes this test's pool
    return client


# --- timeout= bounds the whole attempt -------------------------------------------------------------


def trickle(server_closed: Callable[[], bool]) -> Handler:
    """Answer with a job whose body arrives one byte per second (each read well within any timeout)."""

    def handler(request_head: str, conn: socket.socket) -> None:
        body = b" " * 1000 + json_answer(job_document()).split(b"\r\n\r\n", 1)[1]
        conn.sendall(head("200 OK", "application/json", content_length=len(body)))
        for byte in body:
            if server_closed():
                return
            conn.sendall(bytes([byte]))
            time.sleep(1.0)

    return handler


TRICKLE_TIMEOUT = 2.5  # above the 1 s between bytes, so no single read ever times out


@pytest.mark.parametrize("call", ["jobs.get", "jobs.wait"])
def test_a_body_trickling_one_byte_per_second_times_out_the_attempt(
    call: str, serve: Callable[[Handler], RawServer], figures: Figures
) -> None:
    server = serve(trickle(lambda: server.closed.is_set()))
    started = time.monotonic()
    with client_of(server, timeout=TRICKLE_TIMEOUT, max_retries=1) as client:
        with pytest.raises(APITimeoutError) as info:
            if call == "jobs.get":
                client.jobs.get("job-3f9a1c2b7d4e")
            else:
                client.jobs.wait("job-3f9a1c2b7d4e", timeout=600)
    assert info.value.attempts == 2
    assert len(server.requests) == 2
    figures.add(
        "hostile server",
        f"{call}, body at 1 byte/s, timeout={TRICKLE_TIMEOUT}: APITimeoutError after 2 attempts in "
        f"{time.monotonic() - started:.1f}s (before: hung until the 1.3 KB body was sent, ~21 min)",
    )


async def test_the_async_client_gives_up_on_a_trickling_body(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(trickle(lambda: server.closed.is_set()))
    async with (
        own_async_transport() as http,
        AsyncVantageClient(api_key="hostile-key", http_client=http, timeout=TRICKLE_TIMEOUT, max_retries=0) as client,
    ):
        http.base_url = httpx.URL(server.base_url)
        with pytest.raises(APITimeoutError):
            await client.jobs.get("job-3f9a1c2b7d4e")
    assert len(server.requests) == 1


# --- response bodies are capped --------------------------------------------------------------------


def test_a_declared_2_gb_body_is_refused_before_it_is_read(
    serve: Callable[[Handler], RawServer], figures: Figures
) -> None:
    sent: list[int] = []

    def handler(request_head: str, conn: socket.socket) -> None:
        conn.sendall(head("200 OK", "application/json", content_length=2 * 1024**3))
        total = 0
        while total < 8 * MiB:  # then stall: a client without a cap would time out, not fill memory
            conn.sendall(b" " * 65536)
            total += 65536
        sent.append(total)
        server.closed.wait(30)

    server = serve(handler)
    with client_of(server, timeout=5, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.status_code == 200
    assert info.value.request_id == "req-raw"
    assert "max_response_bytes" in info.value.message
    figures.add("hostile server", "Content-Length 2 GiB: UnexpectedResponseError from the head (before: read on)")


def endless(status: str, limit: int) -> Handler:
    """A chunked body of spaces that goes on until ``limit`` bytes (a safety stop for the test machine)."""

    def handler(request_head: str, conn: socket.socket) -> None:
        media_type = "application/json" if status.startswith("2") else "application/problem+json"
        conn.sendall(head(status, media_type, transfer_encoding="chunked"))
        chunk = b"10000\r\n" + b" " * 65536 + b"\r\n"
        for _ in range(limit // 65536):
            conn.sendall(chunk)
        conn.sendall(b"0\r\n\r\n")

    return handler


def test_an_endless_body_stops_at_the_default_cap_with_flat_memory(
    serve: Callable[[Handler], RawServer], figures: Figures
) -> None:
    server = serve(endless("200 OK", 256 * MiB))
    tracemalloc.start()
    try:
        with client_of(server, timeout=30, max_retries=0) as client:
            with pytest.raises(UnexpectedResponseError) as info:
                client.jobs.get("job-3f9a1c2b7d4e")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "max_response_bytes (32 MiB)" in info.value.message
    assert peak < 100 * MiB
    figures.add(
        "hostile server",
        f"endless JSON body (stopped by the test at 256 MiB): UnexpectedResponseError at the 32 MiB default, "
        f"peak {peak / MiB:.0f} MiB traced (before: all 256 MiB buffered, then parsed)",
    )


def test_the_cap_is_configurable_and_an_endless_error_body_is_cut_not_buffered(
    serve: Callable[[Handler], RawServer],
) -> None:
    server = serve(endless("503 Service Unavailable", 64 * MiB))
    with client_of(server, timeout=30, max_retries=1, max_response_bytes=MiB) as client:
        with pytest.raises(ServerError) as info:
            client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.status_code == 503
    assert info.value.attempts == 2  # still retried like any 503
    assert len(info.value.response.content) == MiB  # type: ignore[union-attr]


# --- malformed bodies are typed errors -------------------------------------------------------------


def test_json_nested_100000_deep_is_an_unexpected_response(serve: Callable[[Handler], RawServer]) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    server = serve(lambda h, conn: conn.sendall(head("200 OK", "application/json", content_length=len(deep)) + deep))
    with client_of(server, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            client.jobs.get("job-3f9a1c2b7d4e")
    assert isinstance(info.value.__cause__, RecursionError)
    assert len(str(info.value)) < 1000


def test_an_error_body_nested_100000_deep_still_maps_its_status(serve: Callable[[Handler], RawServer]) -> None:
    deep = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    answer = head("404 Not Found", "application/problem+json", content_length=len(deep)) + deep
    server = serve(lambda h, conn: conn.sendall(answer))
    with client_of(server, max_retries=0) as client:
        with pytest.raises(ResourceNotFoundError) as info:
            client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.request_id == "req-raw"


def test_html_answering_jobs_logs_is_an_unexpected_response(serve: Callable[[Handler], RawServer]) -> None:
    page = b"<html><body>Sign in to the Wi-Fi</body></html>"
    server = serve(lambda h, conn: conn.sendall(head("200 OK", "text/html", content_length=len(page)) + page))
    with client_of(server, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            client.jobs.logs("job-3f9a1c2b7d4e")
    assert "text/html" in info.value.message


def event_stream(*events: bytes, then: Callable[[socket.socket], None] | None = None) -> Handler:
    def handler(request_head: str, conn: socket.socket) -> None:
        conn.sendall(head("200 OK", "text/event-stream"))
        for event in events:
            conn.sendall(event)
        if then is not None:
            then(conn)

    return handler


def test_a_log_event_with_offset_1e400_is_an_unexpected_response(serve: Callable[[Handler], RawServer]) -> None:
    event = (
        b'event: log\ndata: {"offset": 1e400, "timestamp": "2024-01-01T00:00:00Z", "stream": "stdout", "line": "x"}\n\n'
    )
    server = serve(event_stream(event))
    with client_of(server, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            list(client.jobs.logs_stream("job-3f9a1c2b7d4e"))
    assert "offset" in str(info.value)


def test_a_log_line_without_end_is_refused_at_1_mib(serve: Callable[[Handler], RawServer]) -> None:
    def flood(conn: socket.socket) -> None:
        for _ in range(64):  # 4 MiB of one line, then the test's safety stop
            conn.sendall(b"x" * 65536)

    server = serve(event_stream(b"data: ", then=flood))
    with client_of(server, max_retries=0) as client:
        with pytest.raises(UnexpectedResponseError) as info:
            list(client.jobs.logs_stream("job-3f9a1c2b7d4e"))
    assert "longer than" in str(info.value)


def test_a_log_stream_of_keep_alives_only_honours_the_callers_deadline(
    serve: Callable[[Handler], RawServer], figures: Figures
) -> None:
    def keep_alives(conn: socket.socket) -> None:
        while not server.closed.is_set():
            conn.sendall(b": keep-alive\n\n")
            time.sleep(0.2)

    server = serve(event_stream(then=keep_alives))
    started = time.monotonic()
    with client_of(server, timeout=30) as client:
        with pytest.raises(APITimeoutError) as info:
            list(client.jobs.logs_stream("job-3f9a1c2b7d4e", timeout=1.5))
    assert "1.5 s" in str(info.value)
    figures.add(
        "hostile server",
        f"log stream of keep-alives only, logs_stream(timeout=1.5): APITimeoutError in "
        f"{time.monotonic() - started:.1f}s (before: no deadline, followed forever)",
    )


# --- downloads: only verified bytes land -----------------------------------------------------------


def storage_server(info: dict[str, object], content: bytes) -> Handler:
    def handler(request_head: str, conn: socket.socket) -> None:
        if request_head.startswith("GET /v1/storage/metadata"):
            conn.sendall(json_answer(info))
            return
        conn.sendall(
            head(
                "206 Partial Content",
                "application/octet-stream",
                content_length=len(content),
                content_range=f"bytes 0-{len(content) - 1}/{len(content)}",
            )
            + content
        )

    return handler


def file_info(size: object, sha256: str | None) -> dict[str, object]:
    info: dict[str, object] = {"path": "/d/file.bin", "name": "file.bin", "type": "file", "size": size}
    if sha256 is not None:
        info["sha256"] = sha256
    return info


CONTENT = b"the real bytes\n" * 100


@pytest.mark.parametrize(
    ("case", "info", "error"),
    [
        ("no checksum", file_info(len(CONTENT), None), IntegrityError),
        ("wrong bytes", file_info(len(CONTENT), hashlib.sha256(b"other").hexdigest()), IntegrityError),
        ("size 2**50", file_info(2**50, hashlib.sha256(CONTENT).hexdigest()), UnexpectedResponseError),
        ("size -1", file_info(-1, hashlib.sha256(CONTENT).hexdigest()), UnexpectedResponseError),
    ],
)
def test_a_download_that_cannot_be_verified_never_lands(
    case: str,
    info: dict[str, object],
    error: type[VantageError],
    serve: Callable[[Handler], RawServer],
    tmp_path: Path,
    figures: Figures,
) -> None:
    server = serve(storage_server(info, CONTENT))
    dest = tmp_path / "out" / "file.bin"
    dest.parent.mkdir()
    with client_of(server, max_retries=0) as client:
        with pytest.raises(error):
            client.storage.download("/d/file.bin", dest)
    assert list(dest.parent.iterdir()) == []
    figures.add("hostile server", f"download, {case}: {error.__name__}, destination folder empty")
