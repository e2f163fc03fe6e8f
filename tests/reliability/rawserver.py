"""A tiny raw-socket HTTP server on 127.0.0.1 that answers however a test scripts it.

It does what a real server (or a hostile one) can do and a well-behaved framework won't: trickle a
body a byte at a time, declare 2 GB and send something else, stream forever. Each connection
serves one request; ``handler(head, conn)`` writes the answer bytes itself.

Clients of these servers use ``own_transport()``: the session's contract check (tests/contract)
only rides on httpx's own transports, and these answers break the contract on purpose.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable

import httpx

Handler = Callable[[str, socket.socket], None]


class RawServer:
    """Serves every connection with ``handler``; ``requests`` records each request line."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.server = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.requests: list[str] = []
        self._sockets: list[socket.socket] = []
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self._sockets.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        try:
            while b"\r\n\r\n" not in buffer:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
            head = buffer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            self.requests.append(head.split("\r\n", 1)[0])
            self.handler(head, conn)
        except OSError:
            pass  # the client gave up: what these tests want
        finally:
            conn.close()

    def close(self) -> None:
        self.closed.set()
        self.server.close()
        for conn in self._sockets:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


def head(status: str, content_type: str, **headers: object) -> bytes:
    """A response head (``Connection: close``, ``X-Request-ID: req-raw``); ``content_length=`` and
    other keyword headers are written with ``-`` for ``_``."""
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "X-Request-ID: req-raw", "Connection: close"]
    lines += [f"{name.replace('_', '-').title()}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def json_answer(document: object, status: str = "200 OK") -> bytes:
    body = json.dumps(document).encode()
    return head(status, "application/json", content_length=len(body)) + body


def job_document(status: str = "running") -> dict[str, object]:
    return {
        "id": "job-3f9a1c2b7d4e",
        "name": "t",
        "status": status,
        "cluster": "local",
        "priority": 0,
        "spec": {"command": ["true"]},
        "labels": {},
        "created_at": "2024-01-01T00:00:00Z",
        "started_at": None,
        "finished_at": None,
        "exit_code": None,
        "status_reason": None,
    }


class _Transport(httpx.BaseTransport):
    """httpx's transport under another type, so the contract check leaves it alone."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class _AsyncTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def own_transport() -> httpx.Client:
    """An httpx client for a ``RawServer`` (pass as ``http_client=``; close it after)."""
    return httpx.Client(transport=_Transport())


def own_async_transport() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=_AsyncTransport())
