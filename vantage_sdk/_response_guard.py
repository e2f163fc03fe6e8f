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
import math
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, ClassVar, NoReturn

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
    "read_timeout",
]

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""The largest buffered response body read by default (JSON and error bodies, plain-text logs)."""

STREAMED = "vantage_sdk.streamed"
"""Request extension marking a response that its caller streams (no total size or deadline)."""

_STARTED = ATTEMPT_STARTED
_HTML_TYPES = (b"text/html", b"application/xhtml+xml")
_JSON = b"application/json"
_DEBUG = logging.DEBUG
_NO_DEADLINE = math.inf
_monotonic = time.monotonic
_new = object.__new__


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
    """What one response may still deliver: bytes before the cap (``limit``), time before ``deadline``.

    The streams below keep their running count in the loop and call out here only past either bound.
    ``_Guard.hook`` fills the slots without an ``__init__`` (a Python call per response costs as much
    as the hook's checks): ``inner`` is the wrapped stream; ``truncate`` says whether a body over the
    cap is cut (an error's) or refused (a success's).
    """

    __slots__ = ("deadline", "inner", "limit", "response", "timeout", "truncate")
    inner: Any
    response: httpx.Response
    limit: int
    deadline: float
    timeout: float
    truncate: bool
    wraps: ClassVar[type[Any]]
    """The kind of stream this one wraps (``httpx.SyncByteStream`` or ``httpx.AsyncByteStream``)."""

    def late(self) -> NoReturn:
        raise httpx.ReadTimeout(
            f"the response body did not arrive within the {self.timeout:g} s timeout", request=self.response.request
        )

    def over(self, chunk: bytes, seen: int) -> bytes:
        """What to keep of ``chunk`` once ``seen`` bytes reach the cap: an error body is cut, a success refused."""
        limit = self.limit
        if self.truncate:
            return chunk[: len(chunk) - (seen - limit)]
        if seen == limit:
            return chunk
        raise_unexpected_response(
            self.response, ResponseTooLarge(f"the body is larger than max_response_bytes ({_size(limit)})")
        )


class _GuardedStream(_Budget, httpx.SyncByteStream):
    __slots__ = ()
    wraps = httpx.SyncByteStream

    def __iter__(self) -> Iterator[bytes]:
        deadline, limit, seen = self.deadline, self.limit, 0
        for chunk in self.inner:
            if _monotonic() > deadline:
                self.late()
            seen += len(chunk)
            if seen < limit:
                yield chunk
            else:
                yield self.over(chunk, seen)
                if self.truncate:
                    return

    def close(self) -> None:
        self.inner.close()


class _AsyncGuardedStream(_Budget, httpx.AsyncByteStream):
    __slots__ = ()
    wraps = httpx.AsyncByteStream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        deadline, limit, seen = self.deadline, self.limit, 0
        async for chunk in self.inner:
            if _monotonic() > deadline:
                self.late()
            seen += len(chunk)
            if seen < limit:
                yield chunk
            else:
                yield self.over(chunk, seen)
                if self.truncate:
                    return

    async def aclose(self) -> None:
        await self.inner.aclose()


HEADERS_HAVE_LIST = isinstance(getattr(httpx.Headers(), "_list", None), list)
"""Whether httpx.Headers keeps its entries as (name, lowercased name, value) bytes in ``_list`` (httpx
0.18 to 0.28 do). Per request, reading or changing that list directly costs a fraction of the public
``get``/``__setitem__``, which re-encode and scan every header each time; without it, the public API."""


def read_timeout(extensions: dict[str, Any]) -> float | None:
    """The request's read timeout in seconds (httpx puts every timeout in its ``timeout`` extension).

    ``_Guard.hook`` applies the same rule written out (it runs for every response); change both.
    """
    try:
        read = extensions["timeout"]["read"]
    except (KeyError, TypeError):
        return None
    return read if isinstance(read, (int, float)) else None


class _Guard:
    """The response hook of one httpx client (its bound ``hook``; the async client awaits ``ahook``).

    It checks the head of each response and wraps its body in a ``stream`` (a streamed success is
    left to its reader), then records the response for ``with_raw_response`` and logs it, which the
    options' and logging's own hooks did before: one hook call per response instead of three.
    """

    __slots__ = ("digits", "limit", "stream")

    def __init__(self, limit: int, stream: type[_GuardedStream | _AsyncGuardedStream]) -> None:
        self.limit = limit
        self.digits = len(str(limit))
        """A shorter Content-Length is under the cap without being parsed."""
        self.stream = stream

    def hook(self, response: httpx.Response) -> None:
        # Every operation here runs on every response: each check goes from the cheapest test up, and
        # the work is written out in this one function (a Python call costs as much as the checks).
        request = response.request
        extensions = request.extensions
        success = 200 <= response.status_code < 300
        wrap = True
        deadline = timeout = _NO_DEADLINE
        if STREAMED in extensions and extensions[STREAMED]:
            wrap = not success
        else:
            if success:
                # The head: refuse a success answered in HTML, or declaring a body over the cap.
                headers = response.headers
                entries = (
                    headers._list if HEADERS_HAVE_LIST else [(b"", name.lower(), value) for name, value in headers.raw]
                )
                media_type = declared = b""
                for _, name, value in entries:
                    if name == b"content-type":
                        media_type = value
                    elif name == b"content-length":
                        declared = value
                if media_type != _JSON and media_type.partition(b";")[0].strip().lower() in _HTML_TYPES:
                    raise_unexpected_response(response, ValueError("an HTML page answered an API request"))
                if len(declared) >= self.digits and declared.isdigit() and int(declared) > self.limit:
                    self._refuse_declared(response, int(declared))
            # read_timeout(extensions) written out: a call here cost 4,000 instructions per request.
            try:
                read = extensions["timeout"]["read"]
            except (KeyError, TypeError):
                read = None
            if isinstance(read, (int, float)):
                timeout = read
                # A request whose body streamed from a file may have taken long to send; its deadline
                # starts with the response. An in-memory body was sent at once.
                started = extensions.get(_STARTED) if isinstance(request.stream, httpx.ByteStream) else None
                deadline = (_monotonic() if started is None else started) + read
        stream = self.stream
        if wrap and isinstance(response.stream, stream.wraps):
            guarded = _new(stream)
            guarded.inner, guarded.response, guarded.limit = response.stream, response, self.limit
            guarded.deadline, guarded.timeout, guarded.truncate = deadline, timeout, not success
            response.stream = guarded
        scope = active_scope()
        if scope is not None and scope.recorder is not None:
            scope.recorder.append(response)
        if logger.isEnabledFor(_DEBUG):
            log_response(response)

    def _refuse_declared(self, response: httpx.Response, declared: int) -> NoReturn:
        limit = self.limit
        raise_unexpected_response(
            response,
            ResponseTooLarge(f"a body of {_size(declared)} is larger than max_response_bytes ({_size(limit)})"),
        )

    async def ahook(self, response: httpx.Response) -> None:
        self.hook(response)


def _on_request(request: httpx.Request) -> None:
    """The request hook: stamp when the attempt started; put the call's options (headers, query, timeout) on it."""
    request.extensions[_STARTED] = _monotonic()
    scope = active_scope()
    if scope is not None:
        apply_options(request, scope.options)


async def _async_on_request(request: httpx.Request) -> None:
    _on_request(request)


def _is_ours(hook: object) -> bool:
    return hook is _on_request or hook is _async_on_request or isinstance(getattr(hook, "__self__", None), _Guard)


def install_response_guard(http: httpx.Client | httpx.AsyncClient, max_response_bytes: int) -> None:
    """Put the SDK's request and response hooks on ``http``, replacing any this function put there before.

    Example:
        >>> install_response_guard(httpx.Client(), DEFAULT_MAX_RESPONSE_BYTES)
    """
    ours: tuple[Callable[..., Any], Callable[..., Any]]
    if isinstance(http, httpx.AsyncClient):
        ours = (_async_on_request, _Guard(max_response_bytes, _AsyncGuardedStream).ahook)
    else:
        ours = (_on_request, _Guard(max_response_bytes, _GuardedStream).hook)
    hooks = http.event_hooks
    hook: Callable[..., Any]
    for event, hook in (("request", ours[0]), ("response", ours[1])):
        # First in line: a later hook that reads the body (a user's, say) must read it guarded.
        hooks[event] = [hook, *(h for h in hooks[event] if not _is_ours(h))]
    http.event_hooks = hooks
