"""Request/response logging under the ``vantage_sdk`` logger.

Lines carry the method, URL, status, elapsed time, request id and retry count, never headers, so
the API key (sent only in ``Authorization``) cannot reach a log record.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "ATTEMPT_STARTED",
    "LOGGER_NAME",
    "async_log_request",
    "async_log_response",
    "enable_debug_logging",
    "install_hooks",
    "log_request",
    "log_response",
    "logger",
]

LOGGER_NAME = "vantage_sdk"
logger = logging.getLogger(LOGGER_NAME)

_START = "vantage_sdk.started"

ATTEMPT_STARTED = "vantage_sdk.attempt_started"
"""Request extension: ``time.monotonic()`` when the attempt started, stamped by the response guard's hook.

Where the guard is installed (every SDK client) the log line reads its stamp, so no second request
hook runs per request just to time it.
"""


def enable_debug_logging(debug: bool | None) -> bool:
    """Turn on DEBUG logging for ``vantage_sdk`` when asked, or when ``VANTAGE_LOG=debug``.

    Adds a stderr handler only when logging is not configured at all, so an application's own
    configuration wins.

    Args:
        debug: The client's ``debug=`` argument; None defers to ``VANTAGE_LOG``.

    Returns:
        Whether debug logging was requested.

    Example:
        >>> enable_debug_logging(True)
        True
    """
    wanted = debug if debug is not None else os.environ.get("VANTAGE_LOG", "").strip().lower() == "debug"
    if wanted:
        if logger.getEffectiveLevel() > logging.DEBUG:
            logger.setLevel(logging.DEBUG)
        if not logger.hasHandlers():
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
    return wanted


def log_request(request: httpx.Request) -> None:
    """httpx request hook: remember when the request started.

    Example:
        >>> httpx.Client(event_hooks={"request": [log_request], "response": [log_response]})
    """
    request.extensions[_START] = time.perf_counter()


def log_response(response: httpx.Response) -> None:
    """httpx response hook: one DEBUG line per response.

    Example:
        >>> httpx.Client(event_hooks={"request": [log_request], "response": [log_response]})
    """
    if not logger.isEnabledFor(logging.DEBUG):
        return
    request = response.request
    started = request.extensions.get(_START)
    if isinstance(started, float):
        elapsed_ms = (time.perf_counter() - started) * 1000
    else:
        stamped = request.extensions.get(ATTEMPT_STARTED)
        elapsed_ms = (time.monotonic() - stamped) * 1000 if isinstance(stamped, float) else float("nan")
    logger.debug(
        "%s %s -> %d %s in %.1fms (request_id=%s, retry=%s)",
        request.method,
        request.url,
        response.status_code,
        response.reason_phrase,
        elapsed_ms,
        response.headers.get("X-Request-ID", "-"),
        request.headers.get("X-Retry-Count", "0"),
    )


async def async_log_request(request: httpx.Request) -> None:
    """AsyncClient twin of ``log_request`` (httpx needs coroutine hooks there).

    Example:
        >>> httpx.AsyncClient(event_hooks={"request": [async_log_request], "response": [async_log_response]})
    """
    log_request(request)


async def async_log_response(response: httpx.Response) -> None:
    """AsyncClient twin of ``log_response``.

    Example:
        >>> httpx.AsyncClient(event_hooks={"request": [async_log_request], "response": [async_log_response]})
    """
    log_response(response)


def install_hooks(http: httpx.Client | httpx.AsyncClient) -> None:
    """Add the logging hooks to an httpx client once (also to a user's own client).

    On a client with the response guard (installed first), which stamps when each attempt
    started, only the response hook is added.

    Example:
        >>> install_hooks(httpx.Client())
    """
    hooks: dict[str, Callable[..., Any]]
    if isinstance(http, httpx.AsyncClient):
        hooks = {"request": async_log_request, "response": async_log_response}
    else:
        hooks = {"request": log_request, "response": log_response}
    current = http.event_hooks
    if any(getattr(hook, "vantage_sdk_guard", False) for hook in current["request"]):
        del hooks["request"]
    for event, hook in hooks.items():
        if hook not in current[event]:
            current[event].append(hook)
    http.event_hooks = current
