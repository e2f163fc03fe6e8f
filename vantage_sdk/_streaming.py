"""Streamed responses: open one under the retry policy, and decode server-sent events.

Generated endpoint functions buffer whole bodies, so streaming operations build their request with
the generated ``_get_kwargs(...)`` and send it here with ``stream=True``. An error status is read
and raised through ``raise_api_error`` like any other call.

Example:
    >>> kwargs = stream_job_logs._get_kwargs(job_id, offset=0, timeout=core.timeout)
    >>> response = open_stream(core, lambda headers: {**kwargs, "headers": {**kwargs["headers"], **headers}})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import raise_api_error

__all__ = ["SSEDecoder", "ServerSentEvent", "aopen_stream", "open_stream"]

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
        response = await core.http.send(request, stream=True)
        if response.is_success:
            return response
        try:
            await response.aread()
        finally:
            await response.aclose()
        raise_api_error(response)

    return await core.runner.arun(attempt, retry_safe=True)


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
            self._event, self._data, self._id = "", [], None
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            self._id = value
        return None
