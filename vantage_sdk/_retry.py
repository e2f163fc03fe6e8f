"""The retry policy, written once for the sync and async clients.

What is retried: connection failures and timeouts (no response), 408, 429 and 5xx. Other 4xx are
raised at once. Between attempts the runner sleeps with exponential backoff and full jitter
(``uniform(0, min(max_backoff, initial_backoff * 2**n))``), or exactly the server's ``Retry-After``
when it sent one; a ``Retry-After`` longer than ``max_retry_after`` is raised at once rather than
slept through. Every retry carries ``X-Retry-Count`` (1, 2, ...; the first attempt carries none, which
the server reads as 0), and the error finally raised records how many ``attempts`` were made.

Only the sleep differs between ``RetryRunner.run`` and ``RetryRunner.arun``; every decision is in
``RetryRunner._after_failure``.
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

import httpx

from vantage_sdk._exceptions import (
    APIConnectionError,
    RateLimitError,
    ServerError,
    ValidationError,
    VantageAPIError,
    connection_error_from_httpx,
)
from vantage_sdk._logging import logger

__all__ = [
    "RETRIED",
    "RETRY_COUNT_HEADER",
    "RetryPolicy",
    "RetryRunner",
    "new_idempotency_key",
    "retry_safe",
]

T = TypeVar("T")

RETRY_COUNT_HEADER = "X-Retry-Count"

_RETRYABLE_STATUSES = frozenset({408, 429})

RETRIED = (VantageAPIError, APIConnectionError, httpx.RequestError)
"""What an attempt may raise that the runner judges (retries or raises as the final error); the rest propagates."""

_FIRST_ATTEMPT: Mapping[str, str] = MappingProxyType({})
"""The first attempt's extra headers: none (formatting a header on every request cost a quarter of a call)."""


def _attempt_headers(retry_number: int) -> Mapping[str, str]:
    return _FIRST_ATTEMPT if retry_number == 0 else {RETRY_COUNT_HEADER: str(retry_number)}


def new_idempotency_key(user_key: str | None = None) -> str:
    """Return the caller's key, or a fresh random one for one SDK call (reused on its retries).

    Example:
        >>> len(new_idempotency_key())
        36
    """
    if user_key is not None:
        if not user_key or len(user_key) > 255:
            raise ValidationError.for_field("idempotency_key", "must be 1 to 255 characters")
        return user_key
    return str(uuid.uuid4())


_RETRY_SAFE_HINTS: dict[Callable[..., Any], bool] = {}
"""Each generated function's ``RETRY_SAFE`` hint, looked up once (a module lookup per call showed)."""


def retry_safe(fn: Callable[..., Any], kwargs: Mapping[str, Any]) -> bool:
    """Whether a generated operation may be repeated: its ``RETRY_SAFE`` hint, or an ``Idempotency-Key``.

    Example:
        >>> retry_safe(get_job.sync, {})
        True
    """
    safe = _RETRY_SAFE_HINTS.get(fn)
    if safe is None:
        safe = _RETRY_SAFE_HINTS[fn] = bool(getattr(sys.modules[fn.__module__], "RETRY_SAFE", False))
    return safe or ("idempotency_key" in kwargs and bool(kwargs["idempotency_key"]))


async def _async_sleep(seconds: float) -> None:
    # asyncio is imported on first use: sync-only programs should not pay for it at import.
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times and how long to wait.

    Attributes:
        max_retries: Retries after the first attempt (so ``max_retries + 1`` attempts at most).
        initial_backoff: Upper bound of the first jittered wait, in seconds; doubles per retry.
        max_backoff: Cap of the jittered wait, in seconds.
        max_retry_after: The longest ``Retry-After`` honoured; a longer one is raised at once.
    """

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if not isinstance(self.max_retries, int) or isinstance(self.max_retries, bool) or self.max_retries < 0:
            raise ValidationError.for_field("max_retries", f"must be an integer >= 0, got {self.max_retries!r}")

    def backoff_ceiling(self, retry_number: int) -> float:
        """The largest wait before retry ``retry_number`` (0-based), before jitter.

        Example:
            >>> [RetryPolicy().backoff_ceiling(n) for n in range(6)]
            [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
        """
        return float(min(self.max_backoff, self.initial_backoff * 2**retry_number))


def _is_retryable(error: Exception, original: Exception, retry_safe: bool) -> bool:
    if isinstance(error, APIConnectionError):
        # A request that never reached the server can always be sent again.
        never_sent = isinstance(original, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
        return retry_safe or never_sent
    if isinstance(error, VantageAPIError) and error.status_code is not None:
        status = error.status_code
        # 429 means the server did nothing, so even an unsafe request may be repeated.
        return status == 429 or (retry_safe and (status in _RETRYABLE_STATUSES or status >= 500))
    return False


@dataclass
class RetryRunner:
    """Runs one SDK call: sends, classifies failures, sleeps, re-sends, and raises the last error.

    Attributes:
        policy: The retry policy.
        sleep: Blocking sleep (injectable for tests).
        async_sleep: Awaitable sleep (injectable for tests).
        jitter: Returns a float in ``[0, 1)``; scales the backoff ceiling (injectable for tests).

    Example:
        >>> runner = RetryRunner(RetryPolicy(max_retries=3))
        >>> runner.run(lambda headers: api.sync(client=gen, extra_headers=headers))
    """

    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _async_sleep
    jitter: Callable[[], float] = random.random

    def run(self, send: Callable[[Mapping[str, str]], T], *, retry_safe: bool = True) -> T:
        """Call ``send(extra_headers)`` until it succeeds or the policy gives up.

        Args:
            send: Performs one attempt; receives the headers to add (``X-Retry-Count`` on a retry, else none).
            retry_safe: Whether repeating the request is harmless (GET, PUT, POST with an
                ``Idempotency-Key``). When False only failures the server never acted on retry.

        Returns:
            What ``send`` returned.

        Raises:
            VantageAPIError: The last API error, with ``attempts`` set.
            APIConnectionError: The last connection failure or timeout, with ``attempts`` set.

        Example:
            >>> job = runner.run(lambda h: get_job.sync("job-3f9a1c2b7d4e", client=gen, extra_headers=h))
        """
        try:
            return send(_FIRST_ATTEMPT)
        except RETRIED as exc:
            return self.run_after(exc, send, retry_safe=retry_safe)

    def run_after(self, failure: Exception, send: Callable[[Mapping[str, str]], T], *, retry_safe: bool = True) -> T:
        """Go on with a call whose first attempt raised ``failure``: decide, sleep, send the retries.

        Call it from the ``except`` block that caught ``failure`` (as ``run`` does), so the error
        finally raised chains to it the same way. ``SyncCore.call`` makes the first attempt itself
        (no closure per call) and hands a failed one over here.

        Example:
            >>> try:
            ...     job = get_job.sync("job-3f9a1c2b7d4e", client=gen)
            ... except RETRIED as exc:
            ...     job = runner.run_after(exc, lambda h: get_job.sync("job-3f9a1c2b7d4e", client=gen, extra_headers=h))
        """
        retry_number = 0
        delay = self._after_failure(failure, retry_number, retry_safe)
        while True:
            self.sleep(delay)
            retry_number += 1
            try:
                return send(_attempt_headers(retry_number))
            except RETRIED as exc:
                delay = self._after_failure(exc, retry_number, retry_safe)

    async def arun(self, send: Callable[[Mapping[str, str]], Awaitable[T]], *, retry_safe: bool = True) -> T:
        """Async twin of ``run``: awaits ``send(extra_headers)`` and sleeps with ``async_sleep``.

        Example:
            >>> job = await runner.arun(lambda h: get_job.asyncio("job-3f9a1c2b7d4e", client=gen, extra_headers=h))
        """
        try:
            return await send(_FIRST_ATTEMPT)
        except RETRIED as exc:
            return await self.arun_after(exc, send, retry_safe=retry_safe)

    async def arun_after(
        self, failure: Exception, send: Callable[[Mapping[str, str]], Awaitable[T]], *, retry_safe: bool = True
    ) -> T:
        """Async twin of ``run_after``."""
        retry_number = 0
        delay = self._after_failure(failure, retry_number, retry_safe)
        while True:
            await self.async_sleep(delay)
            retry_number += 1
            try:
                return await send(_attempt_headers(retry_number))
            except RETRIED as exc:
                delay = self._after_failure(exc, retry_number, retry_safe)

    def _after_failure(self, exc: Exception, retry_number: int, retry_safe: bool) -> float:
        """Return how long to sleep before the next attempt, or raise the final error."""
        error = connection_error_from_httpx(exc) if isinstance(exc, httpx.RequestError) else exc
        if isinstance(error, (VantageAPIError, APIConnectionError)):
            error.attempts = retry_number + 1
        if retry_number >= self.policy.max_retries or not _is_retryable(error, exc, retry_safe):
            self._give_up(error, exc)
        retry_after = error.retry_after if isinstance(error, (RateLimitError, ServerError)) else None
        if retry_after is not None and retry_after > self.policy.max_retry_after:
            self._give_up(error, exc)
        delay = retry_after if retry_after is not None else self.jitter() * self.policy.backoff_ceiling(retry_number)
        logger.debug(
            "retrying in %.3fs (retry %d of %d) after %s: %s",
            delay,
            retry_number + 1,
            self.policy.max_retries,
            type(error).__name__,
            error,
        )
        return delay

    @staticmethod
    def _give_up(error: Exception, original: Exception) -> NoReturn:
        if error is original:
            raise error
        raise error from original
