"""A fault-injecting HTTP/1.1 proxy for reliability tests, on 127.0.0.1 between a client and a server.

It parses just enough HTTP/1.1 (heads, Content-Length and chunked bodies, keep-alive) to know where
each request and response starts and ends, so a fault hits one request on a kept-alive connection:

* ``drop_before``: the connection is closed as soon as the request head has arrived; nothing reaches
  the server.
* ``drop_after``: the request is forwarded whole and the proxy waits for the response head (the
  server has processed it), then closes the client's connection: the response is lost.
* ``cut_body``: the response is forwarded up to a random byte of its head or body, then the
  connection is closed.
* ``delay``: the request waits up to ``delay_seconds`` before it is forwarded.
* ``trickle``: the response head and the first 2 KiB of its body arrive 1 to 32 bytes at a time.

Draws come from one ``random.Random(seed)``. ``cut_all()`` breaks every live connection at once, as
a network blip would. Every request is logged (method, target, ``Idempotency-Key``,
``X-Retry-Count``, body size, fault) for the tests' figures.

Example:
    >>> with FaultProxy("http://127.0.0.1:8080", FaultPlan(drop_after=0.1, seed=1)) as proxy:
    ...     httpx.get(proxy.base_url + "/v1/jobs", headers=headers)
"""

from __future__ import annotations

import asyncio
import random
import ssl
import threading
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

import httpx

__all__ = ["FAULTS", "FaultPlan", "FaultProxy", "ProxiedRequest"]

T = TypeVar("T")

FAULTS = ("drop_before", "drop_after", "cut_body", "delay", "trickle")
_COPY = 256 * 1024
_TRICKLE_BODY = 2048
_HEAD_LIMIT = 1024 * 1024


def _every_api_request(method: str, target: str) -> bool:
    return target.startswith("/v1/")


@dataclass(frozen=True)
class FaultPlan:
    """The fraction of eligible requests that get each fault (at most one fault per request).

    Attributes:
        eligible: Which requests may be faulted, by ``(method, target)``; default every ``/v1/`` request.
    """

    drop_before: float = 0.0
    drop_after: float = 0.0
    cut_body: float = 0.0
    delay: float = 0.0
    trickle: float = 0.0
    delay_seconds: float = 0.3
    seed: int = 0
    eligible: Callable[[str, str], bool] = field(default=_every_api_request)

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError(f"fault rates must add up to at most 1, got {self.rate}")

    @property
    def rate(self) -> float:
        """The fraction of eligible requests that get some fault."""
        return float(sum(getattr(self, name) for name in FAULTS))


@dataclass
class ProxiedRequest:
    """One request as the proxy saw it, and the status of its response (None: no response came back)."""

    method: str
    target: str
    idempotency_key: str | None
    retry_count: int
    body_bytes: int
    fault: str | None
    status: int | None = None


class _Closed(Exception):
    """The exchange ended: a side closed, or a fault closed it."""


@dataclass
class _Head:
    raw: bytes
    first_line: str
    headers: dict[str, str]

    @classmethod
    def parse(cls, raw: bytes) -> _Head:
        lines = raw.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        return cls(raw, lines[0], headers)

    @property
    def chunked(self) -> bool:
        return "chunked" in self.headers.get("transfer-encoding", "").lower()

    @property
    def length(self) -> int | None:
        value = self.headers.get("content-length")
        return int(value) if value is not None else None

    @property
    def closes(self) -> bool:
        return self.headers.get("connection", "").lower() == "close"


async def _guard(awaitable: Coroutine[Any, Any, T]) -> T:
    try:
        return await awaitable
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, OSError) as exc:
        raise _Closed from exc


class _Sink:
    """One direction's writer: optionally a few bytes at a time, optionally only up to a byte budget."""

    def __init__(self, writer: asyncio.StreamWriter, rng: random.Random, trickle: int = 0, budget: int = -1) -> None:
        self.writer = writer
        self.rng = rng
        self.trickle = trickle
        self.budget = budget
        self.written = 0

    async def write(self, data: bytes) -> None:
        cut = self.budget >= 0 and self.written + len(data) >= self.budget
        if cut:
            data = data[: self.budget - self.written]
        while data:
            size = min(len(data), self.rng.randint(1, 32), self.trickle) if self.trickle > 0 else len(data)
            piece, data = data[:size], data[size:]
            self.writer.write(piece)
            await _guard(self.writer.drain())
            self.written += size
            if self.trickle > 0:
                self.trickle -= size
                await asyncio.sleep(0.001)
        if cut:
            raise _Closed("fault: response cut")


async def _copy_body(reader: asyncio.StreamReader, sink: _Sink, head: _Head, *, is_response: bool) -> bool:
    """Forward one message body; returns False when the body runs to the end of the connection."""
    if head.chunked:
        while True:
            line = await _guard(reader.readuntil(b"\r\n"))
            await sink.write(line)
            size = int(line.split(b";")[0].strip(), 16)
            if size == 0:
                while (trailer := await _guard(reader.readuntil(b"\r\n"))) != b"\r\n":
                    await sink.write(trailer)
                await sink.write(trailer)
                return True
            await sink.write(await _guard(reader.readexactly(size + 2)))
    remaining = head.length
    if remaining is None:
        if not is_response:
            return True
        while data := await _guard(reader.read(_COPY)):
            await sink.write(data)
        return False
    while remaining > 0:
        data = await _guard(reader.read(min(_COPY, remaining)))
        if not data:
            raise _Closed("body ended early")
        await sink.write(data)
        remaining -= len(data)
    return True


class FaultProxy:
    """The proxy; runs its own event loop in a daemon thread until ``close()``.

    With ``tls`` (a server-side ``ssl.SSLContext``) it accepts HTTPS and forwards plain HTTP.

    Attributes:
        base_url: ``http://127.0.0.1:<port>`` to point a client at.
        requests: Every request seen, in arrival order.
    """

    def __init__(self, upstream: str, plan: FaultPlan | None = None, *, tls: ssl.SSLContext | None = None) -> None:
        url = httpx.URL(upstream)
        self._upstream = (url.host, url.port or 80)
        self.requests: list[ProxiedRequest] = []
        self.set_plan(plan or FaultPlan())
        self._live: set[asyncio.StreamWriter] = set()
        self._clients: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._thread.start()
        self._server = self._run(asyncio.start_server(self._handle, "127.0.0.1", 0, limit=_HEAD_LIMIT, ssl=tls))
        scheme = "https" if tls is not None else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    def set_plan(self, plan: FaultPlan) -> None:
        """Use another plan (and restart its random sequence) from the next request on."""
        self.plan = plan
        self._rng = random.Random(plan.seed)

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)

    def faults(self) -> Counter[str]:
        """How many requests got each fault."""
        return Counter(r.fault for r in self.requests if r.fault)

    def cut_all(self) -> int:
        """Break every live connection, both sides; returns how many client connections were cut."""

        async def cut() -> int:
            live, self._live = self._live, set()
            for writer in live:
                writer.transport.abort()
            return len(live & self._clients)

        return self._run(cut())

    def close(self) -> None:
        """Stop accepting, break live connections and stop the loop."""

        async def shutdown() -> None:
            self._server.close()
            for writer in self._live:
                writer.transport.abort()
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

        if self._loop.is_running():
            self._run(shutdown())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _draw(self, method: str, target: str) -> str | None:
        if not self.plan.eligible(method, target):
            return None
        draw = self._rng.random()
        for name in FAULTS:
            draw -= getattr(self.plan, name)
            if draw < 0:
                return name
        return None

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._live.add(client_writer)
        self._clients.add(client_writer)
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                request = _Head.parse(await _guard(client_reader.readuntil(b"\r\n\r\n")))
                if upstream is None:
                    upstream = await _guard(asyncio.open_connection(*self._upstream, limit=_HEAD_LIMIT))
                    self._live.add(upstream[1])
                if not await self._exchange(request, client_reader, client_writer, *upstream):
                    return
        except (_Closed, asyncio.CancelledError):
            # A cancelled handler (close()) ends quietly instead of logging from asyncio's callback.
            pass
        finally:
            for writer in (client_writer, upstream[1] if upstream else None):
                if writer is not None:
                    self._live.discard(writer)
                    writer.transport.abort()
            self._clients.discard(client_writer)
            self._tasks.discard(task)

    async def _exchange(
        self,
        request: _Head,
        client_reader: asyncio.StreamReader,
        client_writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> bool:
        """Forward one request and its response; False when the connection must end."""
        method, target = (request.first_line.split(" ") + ["", ""])[:2]
        fault = self._draw(method, target)
        seen = ProxiedRequest(
            method,
            target,
            request.headers.get("idempotency-key"),
            int(request.headers.get("x-retry-count", "0") or 0),
            request.length or 0,
            fault,
        )
        self.requests.append(seen)
        if fault == "drop_before":
            return False
        if fault == "delay":
            await asyncio.sleep(self._rng.uniform(0, self.plan.delay_seconds))
        upstream = _Sink(up_writer, self._rng)
        await upstream.write(request.raw)
        await _copy_body(client_reader, upstream, request, is_response=False)
        response = _Head.parse(await _guard(up_reader.readuntil(b"\r\n\r\n")))
        status = seen.status = int(response.first_line.split(" ")[1])
        if fault == "drop_after":
            return False
        has_body = method != "HEAD" and status >= 200 and status not in (204, 304)
        body_size = (response.length if response.length is not None else 65536) if has_body else 0
        downstream = _Sink(
            client_writer,
            self._rng,
            trickle=len(response.raw) + _TRICKLE_BODY if fault == "trickle" else 0,
            budget=self._rng.randrange(len(response.raw) + body_size) if fault == "cut_body" else -1,
        )
        await downstream.write(response.raw)
        kept_alive = await _copy_body(up_reader, downstream, response, is_response=True) if has_body else True
        return kept_alive and not response.closes and not request.closes
