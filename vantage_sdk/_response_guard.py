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

The same two hooks carry the SDK's other per-request work, so each request pays for two hook calls
rather than six: the call's options (``vantage_sdk._request_options``: headers, query, timeout) go
on the request, the response is recorded for ``with_raw_response``, and a DEBUG line is logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from vantage_sdk._exceptions import ValidationError, raise_unexpected_response
from vantage_sdk._logging import ATTEMPT_STARTED, log_response, logger
from vantage_sdk._request_options import active_scope, apply_options

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "HEADERS_HAVE_LIST",
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
_HTML_TYPES = (b"text/html", b"application/xhtml+xml")
_DEBUG = logging.DEBUG
_monotonic = time.monotonic


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
    """What one response may still deliver: bytes before the cap, time before the deadline.

    ``done`` turns true once a cut (error) body reached the cap: the reader stops there.
    """

    __slots__ = ("deadline", "done", "inner", "limit", "response", "seen", "timeout", "truncate")
    wraps: type[Any]
    """The kind of stream this budget wraps (``httpx.SyncByteStream`` or ``httpx.AsyncByteStream``)."""

    def __init__(
        self,
        inner: Any,
        response: httpx.Response,
        limit: int,
        deadline: float | None,
        timeout: float | None,
        truncate: bool,
    ) -> None:
        self.inner = inner
        self.response = response
        self.limit = limit
        self.deadline = deadline
        self.timeout = timeout
        self.truncate = truncate
        self.seen = 0
        self.done = False

    def take(self, chunk: bytes) -> bytes:
        """Account for ``chunk``; return what of it to keep (raises past the deadline or the cap)."""
        deadline = self.deadline
        if deadline is not None and _monotonic() > deadline:
            raise httpx.ReadTimeout(
                f"the response body did not arrive within the {self.timeout:g} s timeout", request=self.response.request
            )
        seen = self.seen = self.seen + len(chunk)
        limit = self.limit
        if seen < limit:
            return chunk
        if self.truncate:
            self.done = True
            return chunk[: len(chunk) - (seen - limit)]
        if seen == limit:
            return chunk
        raise_unexpected_response(
            self.response,
            ResponseTooLarge(f"the body is larger than max_response_bytes ({_size(limit)})"),
        )


class _GuardedStream(_Budget, httpx.SyncByteStream):
    __slots__ = ()
    wraps = httpx.SyncByteStream

    def __iter__(self) -> Iterator[bytes]:
        take = self.take
        for chunk in self.inner:
            kept = take(chunk)
            if kept:
                yield kept
            if self.done:
                return

    def close(self) -> None:
        self.inner.close()


class _AsyncGuardedStream(_Budget, httpx.AsyncByteStream):
    __slots__ = ()
    wraps = httpx.AsyncByteStream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        take = self.take
        async for chunk in self.inner:
            kept = take(chunk)
            if kept:
                yield kept
            if self.done:
                return

    async def aclose(self) -> None:
        await self.inner.aclose()


HEADERS_HAVE_LIST = isinstance(getattr(httpx.Headers(), "_list", None), list)
"""Whether httpx.Headers keeps its entries as (name, lowercased name, value) bytes in ``_list`` (httpx
0.18 to 0.28 do). Per request, reading or changing that list directly costs a fraction of the public
``get``/``__setitem__``, which re-encode and scan every header each time; without it, the public API."""


def _check_head(response: httpx.Response, limit: int) -> None:
    """Refuse a success answered in HTML, or declaring a body over the cap, before reading it."""
    headers = response.headers
    entries = headers._list if HEADERS_HAVE_LIST else [(b"", name.lower(), value) for name, value in headers.raw]
    media_type = declared = b""
    for _, name, value in entries:
        if name == b"content-type":
            media_type = value
        elif name == b"content-length":
            declared = value
    if media_type and media_type.partition(b";")[0].strip().lower() in _HTML_TYPES:
        raise_unexpected_response(response, ValueError("an HTML page answered an API request"))
    if declared.isdigit() and int(declared) > limit:
        raise_unexpected_response(
            response,
            ResponseTooLarge(f"a body of {_size(int(declared))} is larger than max_response_bytes ({_size(limit)})"),
        )


def _guard(response: httpx.Response, limit: int, kind: type[_GuardedStream | _AsyncGuardedStream]) -> None:
    """Check the head of ``response``; wrap its body in a ``kind`` stream (a streamed success is left to its reader).

    Then record the response for ``with_raw_response`` and log it, as the options' and logging's own
    hooks did: one hook call per response instead of three.
    """
    request = response.request
    extensions = request.extensions
    streamed = STREAMED in extensions and bool(extensions[STREAMED])
    # Inline rather than ``response.is_success`` (two property calls per response).
    success = 200 <= response.status_code < 300
    if success:
        if not streamed:
            _check_head(response, limit)
    if not (success and streamed) and isinstance(response.stream, kind.wraps):
        deadline = timeout = None
        if not streamed:
            timeouts = extensions.get("timeout")
            read = timeouts.get("read") if isinstance(timeouts, dict) else None
            if isinstance(read, (int, float)):
                timeout = float(read)
                # A request whose body streamed from a file may have taken long to send; its deadline
                # starts with the response. An in-memory body was sent at once.
                started = extensions.get(_STARTED) if isinstance(request.stream, httpx.ByteStream) else None
                deadline = (started if isinstance(started, float) else _monotonic()) + timeout
        response.stream = kind(response.stream, response, limit, deadline, timeout, not success)
    scope = active_scope()
    if scope is not None and scope.recorder is not None:
        scope.recorder.append(response)
    if logger.isEnabledFor(_DEBUG):
        log_response(response)


def _on_request(request: httpx.Request) -> None:
    """Stamp when the attempt started; put the call's options (headers, query, timeout) on the request."""
    request.extensions[_STARTED] = _monotonic()
    scope = active_scope()
    if scope is not None:
        apply_options(request, scope.options)


async def _async_on_request(request: httpx.Request) -> None:
    _on_request(request)


def _sync_hooks(limit: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
    def on_response(response: httpx.Response) -> None:
        _guard(response, limit, _GuardedStream)

    return _on_request, on_response


def _async_hooks(limit: int) -> tuple[Callable[..., Any], Callable[..., Any]]:
    async def on_response(response: httpx.Response) -> None:
        _guard(response, limit, _AsyncGuardedStream)

    return _async_on_request, on_response


def install_response_guard(http: httpx.Client | httpx.AsyncClient, max_response_bytes: int) -> None:
    """Put the SDK's request and response hooks on ``http``, replacing any this function put there before.

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
