# generated from openapi/vantage.yaml by `python -m generator`, do not edit
import datetime
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...types import UNSET, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    job_id: str,
    *,
    tail: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    timestamps: bool | Unset = False,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    if tail is not UNSET and tail is not None:
        params["tail"] = tail

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    if json_since is not UNSET and json_since is not None:
        params["since"] = json_since

    if timestamps is not UNSET and timestamps is not None:
        params["timestamps"] = timestamps

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/v1/jobs/{path_segment(job_id)}/logs",
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
    tail: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    timestamps: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[str]:
    """Get a job's logs

     Returns the job's stdout and stderr lines captured so far as text, one line
    per log line, oldest first.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        tail (int | Unset):
        since (datetime.datetime | Unset):
        timestamps (bool | Unset):  Default: False.
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
        tail=tail,
        since=since,
        timestamps=timestamps,
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
    tail: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    timestamps: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> str:
    """Get a job's logs

     Returns the job's stdout and stderr lines captured so far as text, one line
    per log line, oldest first.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        tail (int | Unset):
        since (datetime.datetime | Unset):
        timestamps (bool | Unset):  Default: False.
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
        tail=tail,
        since=since,
        timestamps=timestamps,
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
    tail: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    timestamps: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[str]:
    """Get a job's logs

     Returns the job's stdout and stderr lines captured so far as text, one line
    per log line, oldest first.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        tail (int | Unset):
        since (datetime.datetime | Unset):
        timestamps (bool | Unset):  Default: False.
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
        tail=tail,
        since=since,
        timestamps=timestamps,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    job_id: str,
    *,
    tail: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    timestamps: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> str:
    """Get a job's logs

     Returns the job's stdout and stderr lines captured so far as text, one line
    per log line, oldest first.

    Args:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        tail (int | Unset):
        since (datetime.datetime | Unset):
        timestamps (bool | Unset):  Default: False.
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
        tail=tail,
        since=since,
        timestamps=timestamps,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
