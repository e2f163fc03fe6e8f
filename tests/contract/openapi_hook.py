"""Check the SDK's HTTP traffic against openapi/vantage.yaml with openapi-core, from httpx event hooks.

``ContractChecker.install(http)`` adds a request hook (method, path, query, headers and JSON body
must match an operation) and a response hook (status documented for that operation, headers, and
the body against its schema) to an httpx client. Streamed bodies (uploads, downloads, the log event
stream) are not buffered: their status, content type and headers are checked, not their bytes.
Problems are recorded as ``Violation``s rather than raised, so the code under test behaves exactly
as without the checker; the pytest plugin fails the test that caused them.

Every loopback port is checked as if it were the spec's emulator server ``http://127.0.0.1:8080``.

Example:
    >>> checker = ContractChecker()
    >>> checker.install(client._core.http)
    >>> client.jobs.list(limit=5)
    >>> checker.take()
    []
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from openapi_core.validation.response.exceptions import MissingData
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = ["SPEC", "ContractChecker", "Violation"]

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "vantage.yaml"
SPEC_SERVER = "http://127.0.0.1:8080"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_STREAMED_TYPES = ("application/octet-stream", "text/event-stream")
_STREAMED_BODY = b"<streamed body, not buffered by the contract check>"
_MAX_DETAIL = 400
_PENDING = "contract.request_violation"


@dataclass
class Violation:
    """A request or response that does not match the contract.

    ``status`` is the status of the response to the request (set when it arrives; None if none did).
    """

    kind: str  # "request" or "response"
    method: str
    url: str
    status: int | None
    problems: tuple[str, ...]

    def __str__(self) -> str:
        status = f" -> {self.status}" if self.status is not None else ""
        return f"{self.kind} {self.method} {self.url}{status}: " + "; ".join(self.problems)


def _describe(error: BaseException) -> str:
    """openapi-core nests the useful text (``schema_errors``) in causes: flatten it, briefly."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None:
        schema_errors = getattr(seen, "schema_errors", None)
        if schema_errors:
            parts += [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in schema_errors]
        else:
            parts.append(f"{type(seen).__name__}: {seen}" if str(seen) else type(seen).__name__)
        seen = seen.__cause__
    text = " <- ".join(parts)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


class _Request:
    """An httpx request in openapi-core's ``Request`` protocol."""

    host_url = SPEC_SERVER

    def __init__(self, request: httpx.Request) -> None:
        self.path = request.url.path
        self.method = request.method.lower()
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)),
            header=Headers(list(request.headers.multi_items())),
        )
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = _STREAMED_BODY
        self.body: bytes | None = content if content or self.content_type else None


class _Response:
    """An httpx response in openapi-core's ``Response`` protocol; ``data`` is given (it may be unread)."""

    def __init__(self, response: httpx.Response, data: bytes) -> None:
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(list(response.headers.multi_items()))
        self.data = data


def _streamed(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith(_STREAMED_TYPES)


class ContractChecker:
    """Validates requests and responses against the spec and keeps the violations found.

    Attributes:
        requests_checked: How many requests were checked.
        responses_checked: How many responses were checked.
    """

    def __init__(self, spec: Path = SPEC) -> None:
        config = Config(
            extra_media_type_deserializers={"application/problem+json": json_loads, "text/event-stream": plain_loads}
        )
        self.openapi = OpenAPI.from_file_path(str(spec), config=config)
        self.requests_checked = 0
        self.responses_checked = 0
        self._violations: list[Violation] = []
        self._lock = threading.Lock()

    def take(self) -> list[Violation]:
        """The violations found since the last call (and forget them)."""
        with self._lock:
            found, self._violations = self._violations, []
        return found

    def _record(
        self, kind: str, request: httpx.Request, status: int | None, errors: list[BaseException]
    ) -> Violation | None:
        url = str(request.url.copy_with(scheme="http", host="127.0.0.1", port=8080))
        violation = Violation(kind, request.method, url, status, tuple(map(_describe, errors))) if errors else None
        with self._lock:
            if kind == "request":
                self.requests_checked += 1
            else:
                self.responses_checked += 1
            if violation is not None:
                self._violations.append(violation)
        return violation

    def check_request(self, request: httpx.Request) -> None:
        """Validate one request (no-op for a host that is not loopback)."""
        if request.url.host in LOOPBACK:
            errors = list(self.openapi.iter_request_errors(_Request(request)))
            request.extensions[_PENDING] = self._record("request", request, None, errors)

    def check_response(self, response: httpx.Response, data: bytes) -> None:
        """Validate one response whose body is ``data`` (a placeholder for a streamed body)."""
        request = response.request
        if request.url.host in LOOPBACK:
            pending = request.extensions.pop(_PENDING, None)
            if isinstance(pending, Violation):
                pending.status = response.status_code
            errors = list(self.openapi.iter_response_errors(_Request(request), _Response(response, data)))
            if not data and response.headers.get("content-type", "").startswith("text/plain"):
                # An empty text body is the empty string, which openapi-core reports as missing.
                errors = [e for e in errors if not isinstance(e, MissingData)]
            self._record("response", request, response.status_code, errors)

    def _sync_response(self, response: httpx.Response) -> None:
        self.check_response(response, _STREAMED_BODY if _streamed(response) else response.read())

    async def _async_response(self, response: httpx.Response) -> None:
        self.check_response(response, _STREAMED_BODY if _streamed(response) else await response.aread())

    async def _async_request(self, request: httpx.Request) -> None:
        self.check_request(request)

    def install(self, http: httpx.Client | httpx.AsyncClient) -> None:
        """Add the checking hooks to ``http`` (once)."""
        hooks: dict[str, Any]
        if isinstance(http, httpx.AsyncClient):
            hooks = {"request": self._async_request, "response": self._async_response}
        else:
            hooks = {"request": self.check_request, "response": self._sync_response}
        current = http.event_hooks
        for event, hook in hooks.items():
            if hook not in current[event]:
                current[event].append(hook)
        http.event_hooks = current
