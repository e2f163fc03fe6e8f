# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.job_page import JobPage
from ...models.job_status import JobStatus
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = Pagination(
    items_field="items",
    token_param="page_token",
    next_token_field="next_page_token",
    has_more_field="has_next",
)
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    status: JobStatus | Unset = UNSET,
    cluster: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    page_token: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    if json_status is not UNSET and json_status is not None:
        params["status"] = json_status

    if cluster is not UNSET and cluster is not None:
        params["cluster"] = cluster

    if limit is not UNSET and limit is not None:
        params["limit"] = limit

    if offset is not UNSET and offset is not None:
        params["offset"] = offset

    if page_token is not UNSET and page_token is not None:
        params["page_token"] = page_token

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/jobs",
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


def _parse_response(*, response: httpx.Response) -> JobPage:
    if response.status_code == 200:
        try:
            response_200 = JobPage.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[JobPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    status: JobStatus | Unset = UNSET,
    cluster: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[JobPage]:
    """List jobs

     Lists the organization's jobs, newest first. Page through with either
    `limit`/`offset` or the `next_page_token` of the previous page (which wins
    when both are given).

    Args:
        status (JobStatus | Unset): Where a job is in its life. Example: running.
        cluster (str | Unset): A cluster's name. Example: gpu-cluster.
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[JobPage]
    """

    kwargs = _get_kwargs(
        status=status,
        cluster=cluster,
        limit=limit,
        offset=offset,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    status: JobStatus | Unset = UNSET,
    cluster: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> JobPage:
    """List jobs

     Lists the organization's jobs, newest first. Page through with either
    `limit`/`offset` or the `next_page_token` of the previous page (which wins
    when both are given).

    Args:
        status (JobStatus | Unset): Where a job is in its life. Example: running.
        cluster (str | Unset): A cluster's name. Example: gpu-cluster.
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        JobPage
    """

    kwargs = _get_kwargs(
        status=status,
        cluster=cluster,
        limit=limit,
        offset=offset,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    status: JobStatus | Unset = UNSET,
    cluster: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[JobPage]:
    """List jobs

     Lists the organization's jobs, newest first. Page through with either
    `limit`/`offset` or the `next_page_token` of the previous page (which wins
    when both are given).

    Args:
        status (JobStatus | Unset): Where a job is in its life. Example: running.
        cluster (str | Unset): A cluster's name. Example: gpu-cluster.
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[JobPage]
    """

    kwargs = _get_kwargs(
        status=status,
        cluster=cluster,
        limit=limit,
        offset=offset,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    status: JobStatus | Unset = UNSET,
    cluster: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> JobPage:
    """List jobs

     Lists the organization's jobs, newest first. Page through with either
    `limit`/`offset` or the `next_page_token` of the previous page (which wins
    when both are given).

    Args:
        status (JobStatus | Unset): Where a job is in its life. Example: running.
        cluster (str | Unset): A cluster's name. Example: gpu-cluster.
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        JobPage
    """

    kwargs = _get_kwargs(
        status=status,
        cluster=cluster,
        limit=limit,
        offset=offset,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
