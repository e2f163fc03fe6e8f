"""The SDK's exceptions, and the one place that turns HTTP failures into them.

Hierarchy::

    VantageError                      root of everything the SDK raises
    ├── VantageAPIError               the server answered with an error status
    │   ├── ValidationError           400 / 422, or client-side before any request (status_code None)
    │   ├── AuthenticationError       401
    │   ├── AuthorizationError        403
    │   ├── ResourceNotFoundError     404
    │   ├── ConflictError             409
    │   ├── PayloadTooLargeError      413
    │   ├── RateLimitError            429 (retry_after in seconds)
    │   ├── ServerError               5xx
    │   └── UnexpectedResponseError   a success status whose body is not what the API describes
    ├── APIConnectionError            no response at all (refused, reset, DNS, TLS, ...)
    │   └── APITimeoutError           the request timed out
    ├── TransferError                 a file transfer could not be completed
    │   └── IntegrityError            transferred bytes do not match their checksum
    └── WaitTimeoutError              ``jobs.wait`` gave up before the job finished

Every API error carries ``status_code``, ``message``, ``details`` (field errors), ``code``,
``request_id``, the ``response`` and ``attempts`` (how many requests the SDK made).

Example:
    >>> from vantage_sdk.exceptions import ResourceNotFoundError
    >>> try:
    ...     client.jobs.get("job-000000000000")
    ... except ResourceNotFoundError as e:
    ...     print(e.status_code, e.message, e.request_id)
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

import httpx

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "AuthorizationError",
    "ConflictError",
    "FieldError",
    "IntegrityError",
    "PayloadTooLargeError",
    "RateLimitError",
    "ResourceNotFoundError",
    "ServerError",
    "TransferError",
    "UnexpectedResponseError",
    "ValidationError",
    "VantageAPIError",
    "VantageError",
    "WaitTimeoutError",
    "api_error_from_response",
    "connection_error_from_httpx",
    "parse_retry_after",
    "raise_api_error",
    "raise_unexpected_response",
]

FieldError = dict[str, str]
"""One field-level problem: ``{"field": "spec.command", "message": "must not be empty"}``."""

_REDACTED = "***"


class VantageError(Exception):
    """Root of every exception the SDK raises."""


class VantageAPIError(VantageError):
    """The API answered with an error status (or a request was refused client-side).

    Attributes:
        status_code: The HTTP status, or None for an error raised before any request.
        message: What went wrong, for people (the problem's ``detail`` or ``title``).
        details: Field-level errors, each ``{"field": ..., "message": ...}``.
        code: The problem's stable machine-readable code, such as ``job_finished``.
        request_id: The server's request id, to quote when reporting a problem.
        response: The failed ``httpx.Response``, when there was one.
        attempts: How many requests the SDK made before giving up.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        details: Sequence[FieldError] = (),
        code: str | None = None,
        request_id: str | None = None,
        response: httpx.Response | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.details: list[FieldError] = list(details)
        self.code = code
        self.request_id = request_id
        self.response = response
        self.attempts = attempts

    def __str__(self) -> str:
        head = f"{self.status_code} {self.message}" if self.status_code is not None else self.message
        fields = "; ".join(f"{d.get('field', '?')}: {d.get('message', '')}" for d in self.details)
        extras = [f"code={self.code}"] if self.code else []
        if self.request_id:
            extras.append(f"request_id={self.request_id}")
        if self.attempts > 1:
            extras.append(f"attempts={self.attempts}")
        # A client-side error's message already spells out its one field; don't say it twice.
        suffix = f" [{fields}]" if fields and fields not in self.message else ""
        return head + suffix + (f" ({', '.join(extras)})" if extras else "")

    def __repr__(self) -> str:
        # The response (and its request headers, which hold the API key) stays out of the repr.
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, message={self.message!r}, "
            f"code={self.code!r}, request_id={self.request_id!r}, attempts={self.attempts!r})"
        )


class ValidationError(VantageAPIError):
    """400/422 from the server, or bad input caught before any request (``status_code`` None).

    ``details`` names the fields; ``source`` names the file the input came from, if any.
    """

    def __init__(self, message: str, *, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.source = source

    @classmethod
    def for_field(cls, field: str, problem: str, *, source: str | None = None) -> ValidationError:
        """Build a client-side error about one field.

        Example:
            >>> raise ValidationError.for_field("spec.command", "is required", source="job.yaml")
        """
        where = f"{source}: " if source else ""
        return cls(f"{where}{field}: {problem}", details=[{"field": field, "message": problem}], source=source)


class AuthenticationError(VantageAPIError):
    """401: the API key is missing or invalid."""


class AuthorizationError(VantageAPIError):
    """403: the API key may not act for this organization or resource."""


class ResourceNotFoundError(VantageAPIError):
    """404: no such resource in this organization."""


class ConflictError(VantageAPIError):
    """409: the request conflicts with the resource's state or an earlier idempotency key."""


class PayloadTooLargeError(VantageAPIError):
    """413: the request body is larger than the operation accepts."""


class RateLimitError(VantageAPIError):
    """429: too many requests.

    Attributes:
        retry_after: Seconds the server asked to wait (from ``Retry-After``), or None.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(VantageAPIError):
    """5xx: the server failed; the SDK retries these before raising.

    Attributes:
        retry_after: Seconds the server asked to wait (503 ``Retry-After``), or None.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class UnexpectedResponseError(VantageAPIError):
    """A success status with a body the SDK cannot read as the API describes it.

    For example an HTML page from a proxy or captive portal answering 200 in the API's place. The
    parsing failure is the ``__cause__``; ``response`` holds what arrived.
    """


class APIConnectionError(VantageError):
    """No response arrived: the connection failed, was reset, or the body could not be read.

    Attributes:
        message: What failed.
        request: The ``httpx.Request`` that failed, when known.
        attempts: How many requests the SDK made before giving up.
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message + (f" (attempts={self.attempts})" if self.attempts > 1 else "")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(message={self.message!r}, attempts={self.attempts!r})"


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class TransferError(VantageError):
    """A file transfer could not be completed."""


class IntegrityError(TransferError):
    """Transferred bytes do not match the checksum they should have."""


class WaitTimeoutError(VantageError):
    """``jobs.wait`` reached its deadline before the job finished.

    Attributes:
        job_id: The job waited for.
        last_status: The job's status at the last poll.
        timeout: The deadline, in seconds.
    """

    def __init__(self, job_id: str, last_status: str, timeout: float) -> None:
        super().__init__(f"job {job_id} still {last_status} after waiting {timeout:g}s")
        self.job_id = job_id
        self.last_status = last_status
        self.timeout = timeout

    def __reduce__(self) -> tuple[type[WaitTimeoutError], tuple[str, str, float]]:
        return type(self), (self.job_id, self.last_status, self.timeout)


_STATUS_CLASSES: dict[int, type[VantageAPIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthorizationError,
    404: ResourceNotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: ValidationError,
    429: RateLimitError,
}


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Read a ``Retry-After`` header as seconds to wait (delta-seconds or an HTTP date).

    Args:
        value: The header's value, or None.
        now: The current epoch time (defaults to ``time.time()``), for HTTP dates.

    Returns:
        Seconds (never negative), or None when absent or unreadable.

    Example:
        >>> parse_retry_after("2")
        2.0
    """
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _problem_body(response: httpx.Response) -> Mapping[str, Any]:
    try:
        body = json.loads(response.content)
    except (httpx.ResponseNotRead, ValueError, RecursionError):
        return {}
    return body if isinstance(body, dict) else {}


def _field_errors(raw: Any) -> list[FieldError]:
    if not isinstance(raw, list):
        return []
    return [
        {"field": str(item.get("field", "")), "message": str(item.get("message", ""))}
        for item in raw
        if isinstance(item, dict)
    ]


def _api_key_in(request: httpx.Request | None) -> str | None:
    if request is None:
        return None
    auth = request.headers.get("Authorization", "")
    scheme, _, key = auth.partition(" ")
    return (key.strip() or None) if scheme.lower() == "bearer" else None


def _api_key_of(response: httpx.Response) -> str | None:
    """The API key the request behind ``response`` carried (None for a response built without one)."""
    try:
        return _api_key_in(response.request)
    except RuntimeError:
        return None


def _scrub(text: str, secret: str | None) -> str:
    """Replace ``secret`` where it stands as a whole token, never inside a longer word.

    A key that happens to be a common word (``test``) must not turn ``latest`` into ``la***``.
    """
    if not secret or secret not in text:
        return text
    return re.sub(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", _REDACTED, text, flags=re.ASCII)


def api_error_from_response(response: httpx.Response) -> VantageAPIError:
    """Build the typed exception for an error response (RFC 9457 problem+json or anything else).

    Args:
        response: A response whose status is not a success; its body must have been read.

    Returns:
        The matching ``VantageAPIError`` subclass.

    Example:
        >>> err = api_error_from_response(httpx.Response(404, json={"title": "Not Found"}))
        >>> type(err).__name__
        'ResourceNotFoundError'
    """
    status = response.status_code
    body = _problem_body(response)
    secret = _api_key_of(response)
    message = body.get("detail") or body.get("title") or response.reason_phrase or "HTTP error"
    if not body and not _is_json(response):
        text = _body_text(response)
        if text:
            message = f"{message}: {text[:200]}"
    details = [{k: _scrub(v, secret) for k, v in d.items()} for d in _field_errors(body.get("errors"))]
    code = body.get("code")
    request_id = body.get("request_id") or response.headers.get("X-Request-ID")
    cls = _STATUS_CLASSES.get(status) or (ServerError if status >= 500 else VantageAPIError)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "details": details,
        "code": str(code) if code is not None else None,
        "request_id": str(request_id) if request_id is not None else None,
        "response": response,
    }
    if cls in (RateLimitError, ServerError):
        kwargs["retry_after"] = parse_retry_after(response.headers.get("Retry-After"))
    return cls(_scrub(str(message), secret), **kwargs)


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("Content-Type", "")


def _body_text(response: httpx.Response) -> str:
    try:
        return response.text.strip()
    except httpx.ResponseNotRead:
        return ""


def raise_api_error(response: httpx.Response) -> NoReturn:
    """Raise the typed exception for an error response; used by the generated endpoint code.

    Args:
        response: The error response (body read).

    Raises:
        VantageAPIError: Always, as the subclass matching the status.

    Example:
        >>> raise_api_error(httpx.Response(401, json={"title": "Unauthorized"}))
        Traceback (most recent call last):
        vantage_sdk._exceptions.AuthenticationError: 401 Unauthorized
    """
    raise api_error_from_response(response)


def raise_unexpected_response(response: httpx.Response, problem: Exception) -> NoReturn:
    """Raise ``UnexpectedResponseError`` for a success response whose body could not be parsed.

    Used by the generated endpoint code, so a body that is not JSON, or JSON of another shape,
    never escapes as a bare ``ValueError``/``KeyError``.

    Args:
        response: The response (body read).
        problem: What parsing raised (becomes the ``__cause__``).

    Raises:
        UnexpectedResponseError: Always.

    Example:
        >>> raise_unexpected_response(httpx.Response(200, text="<html>"), ValueError("not JSON"))
        Traceback (most recent call last):
        vantage_sdk._exceptions.UnexpectedResponseError: 200 ... <html>
    """
    content_type = response.headers.get("Content-Type", "no Content-Type")
    text = _body_text(response)
    message = f"the response is not what the API describes ({content_type}; {type(problem).__name__}: {problem})"
    if text:
        message += f": {text[:200]}"
    request_id = response.headers.get("X-Request-ID")
    raise UnexpectedResponseError(
        _scrub(message, _api_key_of(response)),
        status_code=response.status_code,
        code="unexpected_response",
        request_id=request_id,
        response=response,
    ) from problem


def connection_error_from_httpx(exc: httpx.RequestError) -> APIConnectionError:
    """Map an httpx transport failure (no response) to ``APIConnectionError``/``APITimeoutError``.

    Args:
        exc: The httpx exception.

    Returns:
        The SDK exception to raise ``from exc``.

    Example:
        >>> connection_error_from_httpx(httpx.ConnectTimeout("slow")).__class__.__name__
        'APITimeoutError'
    """
    try:
        request: httpx.Request | None = exc.request
    except RuntimeError:
        request = None
    where = f" ({request.method} {request.url.copy_with(query=None)})" if request is not None else ""
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = _scrub(str(exc), _api_key_in(request)) or type(exc).__name__
    return cls(f"{type(exc).__name__}{where}: {detail}", request=request)
