"""Check the SDK's HTTP traffic against openapi/vantage.yaml with openapi-core, from httpx event hooks.

``ContractChecker.install(http)`` adds a request hook (method, path, query, headers and JSON body
must match an operation) and a response hook (status documented for that operation, headers, and
the body against its schema) to an httpx client. Streamed bodies are not buffered: for uploads and
downloads the status, content type and headers are checked, not the bytes; an event stream is
checked event by event as the client reads it, each event's ``data`` against the schema the spec
names for that event type (``x-event-data``).
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

import json
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from openapi_core.validation.response.exceptions import MissingData
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from werkzeug.datastructures import Headers, ImmutableMultiDict

from vantage_sdk._streaming import SSEDecoder

__all__ = ["SPEC", "ContractChecker", "Violation"]

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "vantage.yaml"
SPEC_SERVER = "http://127.0.0.1:8080"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_STREAMED_TYPES = ("application/octet-stream", "text/event-stream")
_STREAMED_BODY = b"<streamed body, not buffered by the contract check>"
_MAX_DETAIL = 1500
_PENDING = "contract.request_violation"
_MAX_EVENT_PROBLEMS = 5  # per stream: one broken event type would otherwise repeat for every line


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
    """openapi-core nests the useful text (``schema_errors``) in causes: name the error, then list those."""
    details: list[str] = []
    seen: BaseException | None = error
    while seen is not None and not details:
        schema_errors = getattr(seen, "schema_errors", None) or ()
        details = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in schema_errors]
        if not details and seen.__cause__ is None:
            details = [str(seen)] if str(seen) else []
        seen = seen.__cause__
    text = type(error).__name__ + (": " + "; ".join(details) if details else "")
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


class _EventChecker:
    """Parses a ``text/event-stream`` as it is read and checks each event's ``data``."""

    def __init__(self, validators: dict[str, OAS30Validator], report: Callable[[str], None]) -> None:
        self.validators = validators
        self.report = report
        self.decoder = SSEDecoder()
        self.pending = b""
        self.problems = 0

    def feed(self, chunk: bytes) -> None:
        *lines, self.pending = (self.pending + chunk).split(b"\n")
        for line in lines:
            event = self.decoder.feed(line.rstrip(b"\r").decode("utf-8", errors="replace"))
            if event is not None:
                self._check(event.event, event.data)

    def _check(self, kind: str, data: str) -> None:
        validator = self.validators.get(kind)
        try:
            problems = (
                [
                    f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
                    for e in validator.iter_errors(json.loads(data))
                ]
                if validator is not None
                else ["is not an event type of x-event-data"]
            )
        except ValueError as exc:
            problems = [f"data is not JSON ({exc})"]
        if problems and self.problems < _MAX_EVENT_PROBLEMS:
            self.problems += 1
            self.report(f"event {kind!r} {data[:80]!r}: " + "; ".join(problems))


class _CheckedStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, events: _EventChecker) -> None:
        self.stream = stream
        self.events = events

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.stream:
            self.events.feed(chunk)
            yield chunk

    def close(self) -> None:
        self.stream.close()


class _CheckedAsyncStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, events: _EventChecker) -> None:
        self.stream = stream
        self.events = events

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.stream:
            self.events.feed(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self.stream.aclose()


EventValidators = list[tuple[str, re.Pattern[str], dict[str, OAS30Validator]]]


def _event_validators(spec: Path) -> EventValidators:
    """``(method, path pattern, {event type: validator of its data})`` from the spec's ``x-event-data``."""
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    found: EventValidators = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for response in operation.get("responses", {}).values():
                events = response.get("content", {}).get("text/event-stream", {}).get("x-event-data", {})
                if events:
                    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
                    validators = {
                        kind: OAS30Validator(
                            {**schema, "components": document["components"]}, format_checker=oas30_format_checker
                        )
                        for kind, schema in events.items()
                    }
                    found.append((method.upper(), pattern, validators))
    return found


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
        self.event_validators = _event_validators(spec)
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

    def _events_of(self, response: httpx.Response) -> _EventChecker | None:
        """A checker for the events of an event-stream response, or None for any other response."""
        request = response.request
        if request.url.host not in LOOPBACK or not response.headers.get("content-type", "").startswith(
            "text/event-stream"
        ):
            return None
        validators = next(
            (found for method, path, found in self.event_validators
             if method == request.method and path.match(request.url.path)),
            {},
        )  # fmt: skip

        def report(problem: str) -> None:
            self._record("response", request, response.status_code, [ValueError(problem)])

        return _EventChecker(validators, report)

    def _sync_response(self, response: httpx.Response) -> None:
        self.check_response(response, _STREAMED_BODY if _streamed(response) else response.read())
        events = self._events_of(response)
        if events is not None:
            assert isinstance(response.stream, httpx.SyncByteStream)
            response.stream = _CheckedStream(response.stream, events)

    async def _async_response(self, response: httpx.Response) -> None:
        self.check_response(response, _STREAMED_BODY if _streamed(response) else await response.aread())
        events = self._events_of(response)
        if events is not None:
            assert isinstance(response.stream, httpx.AsyncByteStream)
            response.stream = _CheckedAsyncStream(response.stream, events)

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
