"""Bounds on what a server can make the SDK read: a size cap on buffered bodies, a deadline per attempt.

httpx's timeouts apply to each socket operation, so a server sending one byte a second never trips
a 60 s read timeout, and a buffered body is read whatever its size. Two event hooks, put on the
SDK's httpx client (and on a user's own), close both gaps for every buffered response:

* Deadline: the whole body must arrive within the request's timeout (its ``read`` part), counted
  from when the request started, or, for a request whose own body streams from a file (an
  upload), from when the response began. Past it the read fails with ``httpx.ReadTimeout``, which
  the retry runner treats like any timeout (retried, then ``APITimeoutError``).
* Size: a success body larger than ``max_response_bytes`` (default ``DEFAULT_MAX_RESPONSE_BYTES``,
  32 MiB; a declared ``Content-Length`` is checked before any byte is read) raises
  ``UnexpectedResponseError``. An error body is cut at the cap instead, so its status still
  maps to its exception (and a 5xx is still retried).
* A success answered in HTML, which no API operation does (a proxy's or captive portal's page),
  raises ``UnexpectedResponseError`` before its body is read.

Streamed responses (downloads and event streams, whose requests carry the ``STREAMED`` extension)
are left to their readers, which bound their own lines and events; only their error bodies are cut.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from vantage_sdk._exceptions import ValidationError, raise_unexpected_response
from vantage_sdk._logging import ATTEMPT_STARTED

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "STREAMED",
    "ResponseTooLarge",
    "check_max_response_bytes",
    "install_response_guard",
]

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""The largest buffered response body read by default (JSON and error bodies, plain-text logs)."""

STREAMED = "vantage_sdk.streamed"
"""Request extension marking a response that its caller streams (no total size or deadline)."""

_STARTED = ATTEMPT_STARTED
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ResponseTooLarge(ValueError):
    """The problem behind an ``UnexpectedResponseError`` for a body over the cap (its ``__cause__``)."""


def check_max_response_bytes(value: object) -> int:
    """Validate the ``max_response_bytes`` client argument.

    Example:
        >>> check_max_response_bytes(64 * 1024 * 1024)
        67108864
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1024:
        raise ValidationError.for_field("max_response_bytes", f"must be an integer of at least 1024, got {value!r}")
    return value


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n} bytes"


class _Budget:
    """What one response may still deliver: bytes before the cap, time before the deadline."""

    def __init__(
        self, response: httpx.Response, limit: int, deadline: float | None, timeout: float | None, *, truncate: bool
    ) -> None:
        self.response = response
        self.limit = limit
        self.deadline = deadline
        self.timeout = timeout
        self.truncate = truncate
        self.seen = 0

    def take(self, chunk: bytes) -> bytes:
        """Account for ``chunk``; return what of it to keep (raises past the deadline or the cap)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout(
                f"the response body did not arrive within the {self.timeout:g} s timeout", request=self.response.request
            )
        self.seen += len(chunk)
        if self.seen <= self.limit:
            return chunk
        if self.truncate:
            return chunk[: len(chunk) - (self.seen - self.limit)]
        raise_unexpected_response(
            self.response,
            ResponseTooLarge(f"the body is larger than max_response_bytes ({_size(self.limit)})"),
        )

    @property
    def full(self) -> bool:
        return self.truncate and self.seen >= self.limit


class _GuardedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, budget: _Budget) -> None:
        self.inner = inner
        self.budget = budget

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            kept = self.budget.take(chunk)
            if kept:
                yield kept
            if self.budget.full:
                return

    def close(self) -> None:
        self.inner.close()


class _AsyncGuardedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, budget: _Budget) -> None:
        self.inner = inner
        self.budget = budget

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            kept = self.budget.take(chunk)
            if kept:
                yield kept
            if self.budget.full:
                return

    async def aclose(self) -> None:
        await self.inner.aclose()


def _read_timeout(request: httpx.Request) -> float | None:
    timeouts = request.extensions.get("timeout")
    value = timeouts.get("read") if isinstance(timeouts, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _budget_for(response: httpx.Response, limit: int) -> _Budget | None:
    """Check the head of ``response``; return the budget for its body (None: left to a streaming reader)."""
    request = response.request
    extensions = request.extensions
    streamed = bool(extensions.get(STREAMED))
    # Inline rather than ``response.is_success`` (two property calls per response, once each here).
    success = 200 <= response.status_code < 300
    if streamed and success:
        return None
    if success:
        headers = response.headers
        media_type = headers.get("Content-Type", "").partition(";")[0].strip().lower()
        if media_type in _HTML_TYPES:
            raise_unexpected_response(response, ValueError("an HTML page answered an API request"))
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise_unexpected_response(
                response,
                ResponseTooLarge(
                    f"a body of {_size(int(declared))} is larger than max_response_bytes ({_size(limit)})"
                ),
            )
    timeout = None if streamed else _read_timeout(request)
    deadline = None
    if timeout is not None:
        # A request whose body streamed from a file may have taken long to send; its deadline
        # starts with the response. An in-memory body was sent at once.
        in_memory = isinstance(request.stream, httpx.ByteStream)
        started = extensions.get(_STARTED) if in_memory else None
        deadline = (started if isinstance(started, float) else time.monotonic()) + timeout
    return _Budget(response, limit, deadline, timeout, truncate=not success)


def _sync_hooks(limit: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
    def on_request(request: httpx.Request) -> None:
        request.extensions[_STARTED] = time.monotonic()

    def on_response(response: httpx.Response) -> None:
        budget = _budget_for(response, limit)
        if budget is not None and isinstance(response.stream, httpx.SyncByteStream):
            response.stream = _GuardedStream(response.stream, budget)

    return on_request, on_response


def _async_hooks(limit: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
    async def on_request(request: httpx.Request) -> None:
        request.extensions[_STARTED] = time.monotonic()

    async def on_response(response: httpx.Response) -> None:
        budget = _budget_for(response, limit)
        if budget is not None and isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _AsyncGuardedStream(response.stream, budget)

    return on_request, on_response


def install_response_guard(http: httpx.Client | httpx.AsyncClient, max_response_bytes: int) -> None:
    """Put the deadline and size hooks on ``http``, replacing any this function put there before.

    Example:
        >>> install_response_guard(httpx.Client(), DEFAULT_MAX_RESPONSE_BYTES)
    """
    on_request, on_response = (
        _async_hooks(max_response_bytes) if isinstance(http, httpx.AsyncClient) else _sync_hooks(max_response_bytes)
    )
    hooks = http.event_hooks
    for event, hook in (("request", on_request), ("response", on_response)):
        hook.__dict__["vantage_sdk_guard"] = True
        # First in line: a later hook that reads the body (a user's, say) must read it guarded.
        hooks[event] = [hook] + [h for h in hooks[event] if not getattr(h, "vantage_sdk_guard", False)]
    http.event_hooks = hooks
