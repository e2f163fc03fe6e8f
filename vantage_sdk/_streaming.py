"""Streamed responses: open one under the retry policy, and decode server-sent events.

Generated endpoint functions buffer whole bodies, so streaming operations build their request with
the generated ``_get_kwargs(...)`` and send it here with ``stream=True``. An error status is read
and raised through ``raise_api_error`` like any other call.

Example:
    >>> def build(headers):
    ...     return stream_job_logs._get_kwargs(job_id, offset=0, extra_headers=headers, timeout=core.timeout)
    >>> response = open_stream(core, build)
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, cast

import httpcore
import httpx

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import UnexpectedResponseError, raise_api_error
from vantage_sdk._response_guard import STREAMED, read_timeout

__all__ = [
    "MAX_EVENT_BYTES",
    "LineReader",
    "SSEDecoder",
    "ServerSentEvent",
    "aiter_body",
    "aopen_stream",
    "iter_body",
    "open_stream",
]

MAX_EVENT_BYTES = 1024 * 1024
"""The longest line, and the most data in one event, read from an event stream (characters)."""

_NEWLINE = re.compile(r"\r\n|\r|\n")

RequestFactory = Callable[[Mapping[str, str]], dict[str, Any]]
"""Builds the generated ``_get_kwargs(...)`` of one attempt from that attempt's extra headers."""


def open_stream(core: SyncCore, build: RequestFactory) -> httpx.Response:
    """Send a request with a streamed body under the retry policy; the caller closes the response.

    Args:
        core: The sync core.
        build: ``extra_headers -> _get_kwargs(..., extra_headers=extra_headers, timeout=core.timeout)``.

    Returns:
        A 2xx response whose body has not been read.

    Raises:
        VantageAPIError: An error status (after retries).
        APIConnectionError: No response (after retries).

    Example:
        >>> with contextlib.closing(open_stream(core, build)) as response:
        ...     for chunk in response.iter_bytes(): ...
    """

    def attempt(attempt_headers: Mapping[str, str]) -> httpx.Response:
        request = core.http.build_request(**build(core.headers(attempt_headers)))
        request.extensions[STREAMED] = True
        response = core.http.send(request, stream=True)
        if response.is_success:
            return response
        try:
            response.read()
        finally:
            response.close()
        raise_api_error(response)

    return core.runner.run(attempt, retry_safe=True)


async def aopen_stream(core: AsyncCore, build: RequestFactory) -> httpx.Response:
    """Async twin of ``open_stream``; the caller ``aclose()``s the response.

    Example:
        >>> response = await aopen_stream(core, build)
    """

    async def attempt(attempt_headers: Mapping[str, str]) -> httpx.Response:
        request = core.http.build_request(**build(core.headers(attempt_headers)))
        request.extensions[STREAMED] = True
        response = await core.http.send(request, stream=True)
        if response.is_success:
            return response
        try:
            await response.aread()
        finally:
            await response.aclose()
        raise_api_error(response)

    return await core.runner.arun(attempt, retry_safe=True)


DIRECT_READ_BYTES = 1024 * 1024
"""The most one socket read asks for when a body is read past httpx (see ``iter_body``)."""


def _direct_length(response: httpx.Response) -> int | None:
    """The body length to read straight from the connection, or None when httpx must read it.

    Only a plain HTTP/1.1 body of declared length qualifies: no content coding to undo, no
    chunked framing to parse, and a connection carrying this one response (in HTTP/2 the
    connection is shared by every stream).
    """
    if response.http_version != "HTTP/1.1" or not hasattr(response.extensions.get("network_stream"), "read"):
        return None
    headers = response.headers
    if headers.get("Content-Encoding", "identity").lower() != "identity" or "Transfer-Encoding" in headers:
        return None
    declared = headers.get("Content-Length", "")
    return int(declared) if declared.isdigit() else None


def _transport_error(exc: Exception, response: httpx.Response) -> httpx.TransportError:
    """httpx's error for a failed read of the connection (httpx itself maps httpcore's like this)."""
    kind = httpx.ReadTimeout if isinstance(exc, httpcore.TimeoutException) else httpx.ReadError
    return kind(str(exc) or type(exc).__name__, request=response.request)


def _cut_short(response: httpx.Response, missing: int) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(
        f"the server closed the connection {missing} bytes before the end of the body", request=response.request
    )


def iter_body(response: httpx.Response) -> Iterator[bytes]:
    """The body of a streamed response, in chunks, read past httpx where that is safe.

    httpx's own body reading copies every chunk several times in its HTTP/1.1 parser: a 1 GiB
    download cost 1.05 client CPU-seconds that way against 0.5 reading the same bytes straight
    from the socket (and curl's 0.6). So, for a body of declared length on an HTTP/1.1 connection,
    the first chunk comes through httpx (it holds whatever arrived with the headers) and the rest
    is read from the connection httpcore hands out as the ``network_stream`` response extension,
    in reads of up to ``DIRECT_READ_BYTES``, with the request's read timeout. The connection is then
    closed with the response instead of going back to the pool, since httpx never saw the body end.
    Anything else (content coding, chunked framing, HTTP/2, a transport without a network stream)
    is read through ``iter_bytes()``. Errors are httpx's: ``ReadTimeout``, ``ReadError``, and
    ``RemoteProtocolError`` for a body that ends early.

    Example:
        >>> for chunk in iter_body(response):
        ...     out.write(chunk)
    """
    length = _direct_length(response)
    if length is None:
        yield from response.iter_bytes()
        return
    raw = cast(Generator[bytes, None, None], response.iter_raw())  # a generator, typed as an iterator
    try:
        first = next(raw, b"")
        received = len(first)
        if first:
            yield first
        stream, timeout = response.extensions["network_stream"], read_timeout(response.request.extensions)
        while received < length:
            try:
                chunk = stream.read(min(DIRECT_READ_BYTES, length - received), timeout)
            except (httpcore.NetworkError, httpcore.TimeoutException, OSError) as exc:
                raise _transport_error(exc, response) from exc
            if not chunk:
                raise _cut_short(response, length - received)
            received += len(chunk)
            yield chunk
    finally:
        raw.close()


async def aiter_body(response: httpx.Response) -> AsyncIterator[bytes]:
    """Async twin of ``iter_body``.

    Example:
        >>> async for chunk in aiter_body(response):
        ...     await out.write(chunk)
    """
    length = _direct_length(response)
    if length is None:
        async for chunk in response.aiter_bytes():
            yield chunk
        return
    raw = cast(AsyncGenerator[bytes, None], response.aiter_raw())
    try:
        first = await anext(raw, b"")
        received = len(first)
        if first:
            yield first
        stream, timeout = response.extensions["network_stream"], read_timeout(response.request.extensions)
        while received < length:
            try:
                chunk = await stream.read(min(DIRECT_READ_BYTES, length - received), timeout)
            except (httpcore.NetworkError, httpcore.TimeoutException, OSError) as exc:
                raise _transport_error(exc, response) from exc
            if not chunk:
                raise _cut_short(response, length - received)
            received += len(chunk)
            yield chunk
    finally:
        await raw.aclose()


def _too_long(what: str, limit: int) -> NoReturn:
    raise UnexpectedResponseError(
        f"the event stream sent {what} longer than {limit} characters", status_code=200, code="unexpected_response"
    )


class LineReader:
    """Splits streamed text into lines (``\\n``, ``\\r\\n`` or ``\\r``), refusing one longer than ``limit``.

    httpx's ``iter_lines`` holds a line in memory however long it grows; a server that never sends
    a newline would fill it. This one raises ``UnexpectedResponseError`` instead.

    Example:
        >>> reader = LineReader()
        >>> reader.feed("a\\r\\nb\\nc"), reader.feed("d\\n")
        (['a', 'b'], ['cd'])
    """

    def __init__(self, limit: int = MAX_EVENT_BYTES) -> None:
        self.limit = limit
        self._pending: list[str] = []
        self._pending_size = 0
        self._after_cr = False

    def feed(self, text: str) -> list[str]:
        """Take the next piece of text; return the lines it completes."""
        if self._after_cr and text.startswith("\n"):
            text = text[1:]  # the second half of a "\r\n" split across pieces
        self._after_cr = text.endswith("\r")
        pieces = _NEWLINE.split(text)
        self._pending.append(pieces[0])
        self._pending_size += len(pieces[0])
        if self._pending_size > self.limit:
            _too_long("a line", self.limit)
        if len(pieces) == 1:
            return []
        lines = ["".join(self._pending), *pieces[1:-1]]
        if any(len(line) > self.limit for line in pieces[1:-1]):
            _too_long("a line", self.limit)
        self._pending, self._pending_size = [pieces[-1]], len(pieces[-1])
        return lines

    def flush(self) -> list[str]:
        """The last line, when the stream ended without a newline."""
        rest, self._pending, self._pending_size = "".join(self._pending), [], 0
        return [rest] if rest else []


@dataclass
class ServerSentEvent:
    """One server-sent event."""

    event: str = "message"
    data: str = ""
    id: str | None = None


@dataclass
class SSEDecoder:
    """Turns ``text/event-stream`` lines into events (the WHATWG rules the API needs).

    Example:
        >>> decoder = SSEDecoder()
        >>> [decoder.feed(line) for line in ["event: end", "data: {}", ""]][-1]
        ServerSentEvent(event='end', data='{}', id=None)
    """

    _event: str = ""
    _data: list[str] = field(default_factory=list)
    _id: str | None = None
    _data_size: int = 0
    limit: int = MAX_EVENT_BYTES

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its ending); return an event when a blank line completes one.

        Example:
            >>> SSEDecoder().feed("data: x") is None
            True
        """
        if not line:
            if not self._data and not self._event:
                return None
            event = ServerSentEvent(self._event or "message", "\n".join(self._data), self._id)
            self._event, self._data, self._id, self._data_size = "", [], None, 0
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data_size += len(value) + 1
            if self._data_size > self.limit:
                _too_long("an event", self.limit)
            self._data.append(value)
        elif name == "id":
            self._id = value
        return None
