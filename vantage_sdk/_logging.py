"""Request/response logging under the ``vantage_sdk`` logger.

Lines carry the method, URL, status, elapsed time, request id and retry count, never headers, so
the API key (sent only in ``Authorization``) cannot reach a log record.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import httpx

__all__ = [
    "ATTEMPT_STARTED",
    "LOGGER_NAME",
    "enable_debug_logging",
    "log_response",
    "logger",
]

LOGGER_NAME = "vantage_sdk"
logger = logging.getLogger(LOGGER_NAME)

ATTEMPT_STARTED = "vantage_sdk.attempt_started"
"""Request extension: ``time.monotonic()`` when the attempt started, stamped by the SDK's request hook
(``vantage_sdk._response_guard``); the log line's elapsed time is counted from it."""


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


def log_response(response: httpx.Response) -> None:
    """One DEBUG line for a response (the SDK's response hook calls it when DEBUG is on).

    Example:
        >>> log_response(client.get("/v1/jobs"))
    """
    if not logger.isEnabledFor(logging.DEBUG):
        return
    request = response.request
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
