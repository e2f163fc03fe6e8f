"""Reading a streamed body past httpx (``iter_body``/``aiter_body``), against raw-socket servers.

Each server sends what a test needs on the wire: a large body of declared length (read straight
from the connection), chunked framing or gzip (left to httpx), a body cut short or stalled (the
errors must be httpx's, which the transfer engine resumes after).
"""

from __future__ import annotations

import gzip
import os
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.reliability.rawserver import RawServer, head, own_async_transport, own_transport
from vantage_sdk._streaming import DIRECT_READ_BYTES, aiter_body, iter_body

MiB = 1024 * 1024
BODY = os.urandom(6 * MiB + 12345)
HTTPX_CHUNK = 64 * 1024  # httpcore reads at most this much per socket read


def _serve(answer: bytes, *, then_wait: threading.Event | None = None) -> RawServer:
    def handler(_head: str, conn: socket.socket) -> None:
        conn.sendall(answer)
        if then_wait is not None:
            then_wait.wait(10)

    return RawServer(handler)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def _sync_chunks(server: RawServer, timeout: float = 10) -> list[bytes]:
    with own_transport() as http, http.stream("GET", server.base_url + "/f", timeout=timeout) as response:
        return list(iter_body(response))


async def _async_chunks(server: RawServer, timeout: float = 10) -> list[bytes]:
    async with own_async_transport() as http, http.stream("GET", server.base_url + "/f", timeout=timeout) as response:
        return [chunk async for chunk in aiter_body(response)]


def test_a_declared_length_body_is_read_straight_from_the_connection() -> None:
    server = _serve(head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY)
    try:
        chunks = _sync_chunks(server)
    finally:
        server.close()
    assert b"".join(chunks) == BODY
    # httpx never hands out more than one 64 KiB socket read; the direct reads ask for 1 MiB.
    assert max(len(chunk) for chunk in chunks) > HTTPX_CHUNK
    assert max(len(chunk) for chunk in chunks) <= DIRECT_READ_BYTES


async def test_async_a_declared_length_body_is_read_straight_from_the_connection() -> None:
    server = _serve(head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY)
    try:
        chunks = await _async_chunks(server)
    finally:
        server.close()
    assert b"".join(chunks) == BODY
    assert max(len(chunk) for chunk in chunks) > HTTPX_CHUNK


def test_a_body_that_fits_in_the_first_read_comes_whole() -> None:
    server = _serve(head("200 OK", "application/octet-stream", content_length=5) + b"hello")
    try:
        assert b"".join(_sync_chunks(server)) == b"hello"
    finally:
        server.close()


def _chunked(data: bytes, size: int = 100_000) -> bytes:
    pieces = [
        f"{len(data[i : i + size]):x}\r\n".encode() + data[i : i + size] + b"\r\n" for i in range(0, len(data), size)
    ]
    return b"".join(pieces) + b"0\r\n\r\n"


def test_chunked_framing_is_left_to_httpx() -> None:
    server = _serve(head("200 OK", "application/octet-stream", transfer_encoding="chunked") + _chunked(BODY))
    try:
        chunks = _sync_chunks(server)
    finally:
        server.close()
    assert b"".join(chunks) == BODY  # a direct read would have kept the chunk-size lines
    assert max(len(chunk) for chunk in chunks) <= HTTPX_CHUNK


async def test_async_a_content_coding_is_undone_by_httpx() -> None:
    packed = gzip.compress(BODY)
    server = _serve(
        head("200 OK", "application/octet-stream", content_length=len(packed), content_encoding="gzip") + packed
    )
    try:
        assert b"".join(await _async_chunks(server)) == BODY
    finally:
        server.close()


def test_a_body_cut_short_is_a_remote_protocol_error() -> None:
    answer = head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY[: 2 * MiB]
    server = _serve(answer)  # the handler returns and the connection closes
    try:
        with pytest.raises(httpx.RemoteProtocolError, match=f"{len(BODY) - 2 * MiB} bytes before the end"):
            _sync_chunks(server)
    finally:
        server.close()


async def test_async_a_body_cut_short_is_a_remote_protocol_error() -> None:
    server = _serve(head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY[: 2 * MiB])
    try:
        with pytest.raises(httpx.RemoteProtocolError, match="bytes before the end"):
            await _async_chunks(server)
    finally:
        server.close()


def test_a_stalled_body_is_a_read_timeout(release: threading.Event) -> None:
    answer = head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY[: 2 * MiB]
    server = _serve(answer, then_wait=release)
    try:
        with pytest.raises(httpx.ReadTimeout):
            _sync_chunks(server, timeout=0.5)
    finally:
        server.close()


async def test_async_a_stalled_body_is_a_read_timeout(release: threading.Event) -> None:
    answer = head("200 OK", "application/octet-stream", content_length=len(BODY)) + BODY[: 2 * MiB]
    server = _serve(answer, then_wait=release)
    try:
        with pytest.raises(httpx.ReadTimeout):
            await _async_chunks(server, timeout=0.5)
    finally:
        server.close()
