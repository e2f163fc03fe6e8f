"""The one mapping from HTTP failures to SDK exceptions (problem+json, headers, httpx errors)."""

from __future__ import annotations

import email.utils
import pickle
from typing import Any

import httpx
import pytest

import vantage_sdk
import vantage_sdk.exceptions as public
from vantage_sdk._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    IntegrityError,
    PayloadTooLargeError,
    RateLimitError,
    ResourceNotFoundError,
    ServerError,
    TransferError,
    UnexpectedResponseError,
    ValidationError,
    VantageAPIError,
    VantageError,
    WaitTimeoutError,
    api_error_from_response,
    connection_error_from_httpx,
    parse_retry_after,
    raise_api_error,
    raise_unexpected_response,
)

KEY = "vk-live-0123456789abcdef"


def response(status: int, body: Any = None, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
    request = httpx.Request("GET", "https://api.test/v1/jobs/job-1", headers={"Authorization": f"Bearer {KEY}"})
    if body is not None:
        kwargs["json"] = body
    return httpx.Response(status, headers=headers, request=request, **kwargs)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, AuthorizationError),
        (404, ResourceNotFoundError),
        (409, ConflictError),
        (413, PayloadTooLargeError),
        (422, ValidationError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (415, VantageAPIError),
        (416, VantageAPIError),
    ],
)
def test_status_maps_to_its_class(status: int, cls: type[VantageAPIError]) -> None:
    err = api_error_from_response(response(status, {"type": "t", "title": "T", "status": status}))
    assert type(err) is cls
    assert err.status_code == status


def test_problem_json_fields_are_read() -> None:
    body = {
        "type": "https://api.vantage.omnivector.solutions/problems/validation",
        "title": "Bad Request",
        "status": 400,
        "detail": "'limit' must be at most 1000",
        "code": "invalid_parameter",
        "errors": [{"field": "limit", "message": "must be at most 1000"}],
        "request_id": "req-7c9e6679f4a1",
    }
    err = api_error_from_response(response(400, body, {"X-Request-ID": "req-from-header"}))
    assert isinstance(err, ValidationError)
    assert err.message == "'limit' must be at most 1000"
    assert err.details == [{"field": "limit", "message": "must be at most 1000"}]
    assert err.code == "invalid_parameter"
    assert err.request_id == "req-7c9e6679f4a1"
    assert err.response is not None and err.response.status_code == 400
    assert str(err) == (
        "400 'limit' must be at most 1000 [limit: must be at most 1000] "
        "(code=invalid_parameter, request_id=req-7c9e6679f4a1)"
    )


def test_message_falls_back_to_title_then_reason_and_request_id_to_the_header() -> None:
    err = api_error_from_response(response(404, {"type": "t", "title": "Not Found", "status": 404}))
    assert err.message == "Not Found"
    err = api_error_from_response(response(404, content=b"", headers={"X-Request-ID": "req-abc"}))
    assert err.message == "Not Found"
    assert err.request_id == "req-abc"
    assert err.details == []


def test_a_non_json_error_body_is_quoted_briefly() -> None:
    html = "<html><body>Bad gateway from the proxy</body></html>" + "x" * 1000
    err = api_error_from_response(response(502, content=html.encode(), headers={"Content-Type": "text/html"}))
    assert isinstance(err, ServerError)
    assert err.message.startswith("Bad Gateway: <html><body>Bad gateway from the proxy")
    assert len(err.message) < 260


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_parsed_as_seconds(status: int) -> None:
    err = api_error_from_response(response(status, {"title": "x"}, {"Retry-After": "7"}))
    assert isinstance(err, (RateLimitError, ServerError))
    assert err.retry_after == 7.0


def test_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == 30.0
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("-5") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert api_error_from_response(response(429, {"title": "x"})).retry_after is None  # type: ignore[attr-defined]


def test_raise_api_error_raises_the_typed_error() -> None:
    with pytest.raises(AuthenticationError, match="The API key is missing or invalid"):
        raise_api_error(response(401, {"title": "Unauthorized", "detail": "The API key is missing or invalid."}))


def test_an_unreadable_success_body_is_an_unexpected_response_error_quoting_it() -> None:
    page = response(200, headers={"X-Request-ID": "req-7", "Content-Type": "text/html"}, text=f"<html>{KEY}</html>")
    cause = ValueError("Expecting value: line 1 column 1 (char 0)")
    with pytest.raises(UnexpectedResponseError) as info:
        raise_unexpected_response(page, cause)
    err = info.value
    assert (err.status_code, err.request_id, err.code, err.response) == (200, "req-7", "unexpected_response", page)
    assert err.__cause__ is cause
    assert "text/html" in err.message and "ValueError" in err.message and "<html>" in err.message
    assert KEY not in str(err) and KEY not in repr(err)


def test_the_api_key_never_appears_in_messages_details_or_reprs() -> None:
    echoed = {"title": "Unauthorized", "detail": f"key {KEY} is revoked", "errors": [{"field": "key", "message": KEY}]}
    err = api_error_from_response(response(401, echoed))
    for text in (str(err), repr(err), err.message, str(err.details)):
        assert KEY not in text
    assert "***" in err.message
    conn = connection_error_from_httpx(httpx.ConnectError(f"failed with {KEY}", request=response(200).request))
    assert KEY not in str(conn) and KEY not in repr(conn)


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadError("reset"), APIConnectionError),
        (httpx.RemoteProtocolError("eof"), APIConnectionError),
        (httpx.ConnectTimeout("slow"), APITimeoutError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.PoolTimeout("busy"), APITimeoutError),
    ],
)
def test_httpx_failures_map_to_connection_errors(exc: httpx.RequestError, cls: type[APIConnectionError]) -> None:
    exc.request = httpx.Request("POST", "https://api.test/v1/jobs?x=1")
    err = connection_error_from_httpx(exc)
    assert type(err) is cls
    assert err.request is exc.request
    assert str(err).startswith(f"{type(exc).__name__} (POST https://api.test/v1/jobs)")


def test_hierarchy() -> None:
    for cls in (
        AuthenticationError,
        AuthorizationError,
        ResourceNotFoundError,
        ConflictError,
        ValidationError,
        PayloadTooLargeError,
        RateLimitError,
        ServerError,
        UnexpectedResponseError,
    ):
        assert issubclass(cls, VantageAPIError)
    assert issubclass(VantageAPIError, VantageError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, VantageError)
    assert not issubclass(APIConnectionError, VantageAPIError)
    assert issubclass(IntegrityError, TransferError)
    assert issubclass(TransferError, VantageError)
    assert issubclass(WaitTimeoutError, VantageError)


def test_public_modules_re_export_the_same_classes() -> None:
    for name in public.__all__:
        assert getattr(public, name) is getattr(vantage_sdk, name)


def test_client_side_validation_error_names_field_and_file() -> None:
    err = ValidationError.for_field("spec.command", "is required", source="job.yaml")
    assert err.status_code is None
    assert err.source == "job.yaml"
    assert err.details == [{"field": "spec.command", "message": "is required"}]
    assert str(err) == "job.yaml: spec.command: is required"


def test_wait_timeout_names_the_job_and_its_last_status() -> None:
    err = WaitTimeoutError("job-3f9a1c2b7d4e", "running", 30)
    assert str(err) == "job job-3f9a1c2b7d4e still running after waiting 30s"
    assert (err.job_id, err.last_status, err.timeout) == ("job-3f9a1c2b7d4e", "running", 30)


def test_errors_can_be_raised_across_processes_without_the_response() -> None:
    err = ResourceNotFoundError("gone", status_code=404, request_id="req-1")
    clone = pickle.loads(pickle.dumps(err))
    assert str(clone) == str(err)
    timeout = pickle.loads(pickle.dumps(WaitTimeoutError("job-3f9a1c2b7d4e", "running", 5)))
    assert (timeout.job_id, str(timeout)) == ("job-3f9a1c2b7d4e", "job job-3f9a1c2b7d4e still running after waiting 5s")
