# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...types import UNSET, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = "sse"


def _get_kwargs(
    job_id: str,
    *,
    offset: int | Unset = 0,
    last_event_id: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    if offset is not UNSET and offset is not None:
        params["offset"] = offset

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/v1/jobs/{path_segment(job_id)}/logs/stream",
    }
    if params:
        _kwargs["params"] = params

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> str:
    if response.status_code == 200:
        try:
            response_200 = response.text
            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    offset: int | Unset = 0,
    last_event_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[str]:
    """Follow a job's logs live

     A server-sent event stream of the job's log lines. Each line is a `log`
    event whose `id` is the line's offset and whose `data` is a `LogLine` as
    JSON. The stream ends with one `end` event (`data` is a `LogStreamEnd`)
    once the job is finished and every line has been sent. A client that lost
    the connection resumes with `offset` (or `Last-Event-ID`) set to the last
    offset it received plus one, and gets every later line exactly once.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        offset (int | Unset):  Default: 0.
        last_event_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[str]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        offset=offset,
        last_event_id=last_event_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    job_id: str,
    *,
    offset: int | Unset = 0,
    last_event_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> str:
    """Follow a job's logs live

     A server-sent event stream of the job's log lines. Each line is a `log`
    event whose `id` is the line's offset and whose `data` is a `LogLine` as
    JSON. The stream ends with one `end` event (`data` is a `LogStreamEnd`)
    once the job is finished and every line has been sent. A client that lost
    the connection resumes with `offset` (or `Last-Event-ID`) set to the last
    offset it received plus one, and gets every later line exactly once.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        offset (int | Unset):  Default: 0.
        last_event_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        str
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        offset=offset,
        last_event_id=last_event_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    job_id: str,
    *,
    offset: int | Unset = 0,
    last_event_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[str]:
    """Follow a job's logs live

     A server-sent event stream of the job's log lines. Each line is a `log`
    event whose `id` is the line's offset and whose `data` is a `LogLine` as
    JSON. The stream ends with one `end` event (`data` is a `LogStreamEnd`)
    once the job is finished and every line has been sent. A client that lost
    the connection resumes with `offset` (or `Last-Event-ID`) set to the last
    offset it received plus one, and gets every later line exactly once.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        offset (int | Unset):  Default: 0.
        last_event_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[str]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        offset=offset,
        last_event_id=last_event_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    job_id: str,
    *,
    offset: int | Unset = 0,
    last_event_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> str:
    """Follow a job's logs live

     A server-sent event stream of the job's log lines. Each line is a `log`
    event whose `id` is the line's offset and whose `data` is a `LogLine` as
    JSON. The stream ends with one `end` event (`data` is a `LogStreamEnd`)
    once the job is finished and every line has been sent. A client that lost
    the connection resumes with `offset` (or `Last-Event-ID`) set to the last
    offset it received plus one, and gets every later line exactly once.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        offset (int | Unset):  Default: 0.
        last_event_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        str
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        offset=offset,
        last_event_id=last_event_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
