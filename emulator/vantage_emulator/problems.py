"""RFC 9457 problem details, shaped as the spec's `Problem` schema.

Handlers and middlewares raise `ApiProblem`; the app renders it (and every error
connexion or starlette raise) with `problem_response`.

Example:
    >>> raise ApiProblem(404, "Job 'job-1' does not exist.", code="not_found")
    Traceback (most recent call last):
    ...
    vantage_emulator.problems.ApiProblem: 404 not_found: Job 'job-1' does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import Response

__all__ = [
    "PROBLEM_BASE",
    "ApiProblem",
    "FieldError",
    "problem_body",
    "problem_response",
]

PROBLEM_BASE = "https://api.vantage.omnivector.solutions/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

# status -> (type slug, title, default code)
_KINDS: dict[int, tuple[str, str, str]] = {
    400: ("validation", "Bad Request", "invalid_request"),
    401: ("unauthorized", "Unauthorized", "unauthorized"),
    403: ("forbidden", "Forbidden", "forbidden"),
    404: ("not-found", "Not Found", "not_found"),
    405: ("method-not-allowed", "Method Not Allowed", "method_not_allowed"),
    409: ("conflict", "Conflict", "conflict"),
    413: ("too-large", "Payload Too Large", "payload_too_large"),
    415: ("unsupported-media-type", "Unsupported Media Type", "unsupported_media_type"),
    416: ("range-not-satisfiable", "Range Not Satisfiable", "range_not_satisfiable"),
    422: ("validation", "Unprocessable Entity", "unprocessable_entity"),
    429: ("rate-limited", "Too Many Requests", "rate_limited"),
    500: ("internal", "Internal Server Error", "internal_error"),
    501: ("not-implemented", "Not Implemented", "not_implemented"),
    503: ("unavailable", "Service Unavailable", "unavailable"),
}

FieldError = Mapping[str, str]


class ApiProblem(Exception):
    """An error response; `errors` name the offending fields (`{"field", "message"}`)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or _KINDS.get(status, ("", "", "error"))[2]
        self.errors = [dict(e) for e in errors]
        self.headers = dict(headers or {})

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def problem_body(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    errors: Sequence[FieldError] = (),
    request_id: str | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    """The JSON body of a problem response."""
    slug, title, default_code = _KINDS.get(status, ("error", "Error", "error"))
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code or default_code,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [{"field": str(e["field"]), "message": str(e["message"])} for e in errors]
    if request_id:
        body["request_id"] = request_id
    return body


def problem_response(problem: ApiProblem, *, request_id: str | None = None, instance: str | None = None) -> Response:
    """Render `problem` as an `application/problem+json` response."""
    body = problem_body(
        problem.status,
        problem.detail,
        code=problem.code,
        errors=problem.errors,
        request_id=request_id,
        instance=instance,
    )
    return Response(
        json.dumps(body).encode(),
        status_code=problem.status,
        headers=problem.headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )
