"""Following a job's log stream across dropped connections (``follow_lines``, ``jobs.logs_stream``).

The events come from ``stream_job_logs`` as server-sent events (``_streaming.SSEDecoder``); the
follower turns them into log lines, remembers the next offset and decides, after a drop, how long
to wait before reconnecting or which typed error to raise.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx

from vantage_sdk._base_client import AsyncCore, CoreBase, SyncCore
from vantage_sdk._exceptions import (
    APIConnectionError,
    APITimeoutError,
    UnexpectedResponseError,
    connection_error_from_httpx,
)
from vantage_sdk._generated.api.jobs import stream_job_logs
from vantage_sdk._generated.types import Unset
from vantage_sdk._logging import logger
from vantage_sdk._request_options import CallOptions, request_scope
from vantage_sdk._streaming import LineReader, SSEDecoder, aopen_stream, open_stream
from vantage_sdk._validation import check_number, check_str

__all__ = ["LogFollower", "afollow_lines", "follow_lines"]


class LogFollower:
    """The state of one ``logs_stream``: the next offset to ask for, and reconnect decisions.

    Every line's offset is remembered, so a reconnection asks for ``offset = last + 1`` and
    anything already yielded is dropped if the server sends it again.

    Example:
        >>> follower = LogFollower(core, "job-3f9a1c2b7d4e")
        >>> response = open_stream(core, follower.request)
        >>> lines = [line for raw in response.iter_lines() if (line := follower.feed(raw)) is not None]
    """

    def __init__(self, core: CoreBase[Any], job_id: str, timeout: float | None = None) -> None:
        self.core = core
        self.job_id = check_str("job_id", job_id)
        self.timeout = None if timeout is None else check_number("timeout", timeout, above=0, maximum=math.inf)
        self.deadline = None if self.timeout is None else time.monotonic() + self.timeout
        self.next_offset = 0
        self.done = False
        self.failures = 0
        self.decoder = SSEDecoder()

    def request(self, extra_headers: Mapping[str, str]) -> dict[str, Any]:
        # A fresh decoder per connection: a partial event from a dropped one must not leak in.
        self.decoder = SSEDecoder()
        return stream_job_logs._get_kwargs(
            self.job_id, offset=self.next_offset, extra_headers=extra_headers, timeout=self._connection_timeout()
        )

    def _connection_timeout(self) -> httpx.Timeout | Unset:
        """The client's timeout, with reads cut short so a silent server cannot outlast the deadline."""
        if self.deadline is None:
            return self.core.timeout
        timeout = self.core.http.timeout if isinstance(self.core.timeout, Unset) else self.core.timeout
        remaining = max(0.001, self.deadline - time.monotonic())
        read = remaining if timeout.read is None else min(timeout.read, remaining)
        return httpx.Timeout(timeout.connect, read=read, write=timeout.write, pool=timeout.pool)

    def check_deadline(self) -> None:
        """Raise ``APITimeoutError`` once the caller's ``timeout`` has passed (keep-alives or not)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise APITimeoutError(
                f"log stream of {self.job_id}: the job did not finish within the {self.timeout:g} s timeout",
                attempts=self.failures + 1,
            )

    def lines(self, response: httpx.Response) -> Iterator[str]:
        """The log lines of one connection; each chunk received (keep-alives too) checks the deadline."""
        reader = LineReader()
        for text in response.iter_text():
            self.check_deadline()
            yield from self._feed_all(reader.feed(text))
        yield from self._feed_all(reader.flush())

    async def alines(self, response: httpx.Response) -> AsyncIterator[str]:
        """Async twin of ``lines``."""
        reader = LineReader()
        async for text in response.aiter_text():
            self.check_deadline()
            for line in self._feed_all(reader.feed(text)):
                yield line
        for line in self._feed_all(reader.flush()):
            yield line

    def _feed_all(self, raws: list[str]) -> Iterator[str]:
        for raw in raws:
            line = self.feed(raw)
            if line is not None:
                yield line
            if self.done:
                return

    def feed(self, raw: str) -> str | None:
        """Take one line of the event stream; return the log text to yield, if any."""
        event = self.decoder.feed(raw)
        if event is None:
            return None
        if event.event == "end":
            self.done = True
            return None
        if event.event != "log":
            return None
        try:
            data = json.loads(event.data)
            offset, line = data["offset"], data["line"]
            if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0 or not isinstance(line, str):
                raise TypeError("offset must be an integer >= 0 and line a string")
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            raise UnexpectedResponseError(
                f"log stream of {self.job_id}: an event is not what the API describes"
                f" ({type(exc).__name__}: {exc}): {event.data[:200]}",
                status_code=200,
                code="unexpected_response",
            ) from exc
        if offset < self.next_offset:
            return None
        self.next_offset = offset + 1
        self.failures = 0
        return line

    def dropped(self, exc: Exception | None) -> float:
        """The connection ended before the ``end`` event: the delay before reconnecting, or raise.

        A read timeout counts like any drop: a live stream is never silent for long, since the
        server sends keep-alive comments (every 15 s from the emulator) while a job is quiet.
        """
        self.check_deadline()
        policy = self.core.runner.policy
        self.failures += 1
        if self.failures > policy.max_retries:
            error = (
                connection_error_from_httpx(exc)
                if isinstance(exc, httpx.RequestError)
                else APIConnectionError(f"log stream of {self.job_id} ended before its end event")
            )
            error.attempts = self.failures
            raise error from exc
        delay = self.core.runner.jitter() * policy.backoff_ceiling(self.failures - 1)
        logger.debug(
            "log stream of %s dropped (%r); resuming at offset %d in %.3fs", self.job_id, exc, self.next_offset, delay
        )
        return delay


def follow_lines(core: SyncCore, job_id: str, options: CallOptions, timeout: float | None = None) -> Iterator[str]:
    """Yield a job's log lines as they are written, reconnecting after drops, until the job ends.

    Args:
        core: The sync core.
        job_id: The job.
        options: The call's per-call options, applied to each (re)connection.
        timeout: Seconds to follow at most (None: until the job finishes); keep-alives do not extend it.

    Example:
        >>> for line in follow_lines(core, "job-3f9a1c2b7d4e", CallOptions()):
        ...     print(line)
    """
    follower = LogFollower(core, job_id, timeout)
    while not follower.done:
        # The scope covers opening the stream only: it must not stay set while lines are yielded.
        with request_scope(options):
            response = open_stream(core, follower.request)
        failure: Exception | None = None
        try:
            yield from follower.lines(response)
            if follower.done:
                return
        except httpx.TransportError as exc:
            failure = exc
        finally:
            response.close()
        core.runner.sleep(follower.dropped(failure))


async def afollow_lines(
    core: AsyncCore, job_id: str, options: CallOptions, timeout: float | None = None
) -> AsyncIterator[str]:
    """Async twin of ``follow_lines``.

    Example:
        >>> async for line in afollow_lines(core, "job-3f9a1c2b7d4e", CallOptions()):
        ...     print(line)
    """
    follower = LogFollower(core, job_id, timeout)
    while not follower.done:
        with request_scope(options):
            response = await aopen_stream(core, follower.request)
        failure: Exception | None = None
        try:
            async for line in follower.alines(response):
                yield line
            if follower.done:
                return
        except httpx.TransportError as exc:
            failure = exc
        finally:
            await response.aclose()
        await core.runner.async_sleep(follower.dropped(failure))
