# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.cluster_list import ClusterList
from ...models.cluster_provider import ClusterProvider
from ...models.cluster_status import ClusterStatus
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    status: ClusterStatus | Unset = UNSET,
    provider: ClusterProvider | Unset = UNSET,
    region: str | Unset = UNSET,
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

    json_provider: str | Unset = UNSET
    if not isinstance(provider, Unset):
        json_provider = provider

    if json_provider is not UNSET and json_provider is not None:
        params["provider"] = json_provider

    if region is not UNSET and region is not None:
        params["region"] = region

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/clusters",
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


def _parse_response(*, response: httpx.Response) -> ClusterList:
    if response.status_code == 200:
        try:
            response_200 = ClusterList.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[ClusterList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    status: ClusterStatus | Unset = UNSET,
    provider: ClusterProvider | Unset = UNSET,
    region: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[ClusterList]:
    """List clusters

     Lists the organization's clusters, optionally filtered.

    Args:
        status (ClusterStatus | Unset): A cluster's state.
        provider (ClusterProvider | Unset): Where the cluster runs.
        region (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[ClusterList]
    """

    kwargs = _get_kwargs(
        status=status,
        provider=provider,
        region=region,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    status: ClusterStatus | Unset = UNSET,
    provider: ClusterProvider | Unset = UNSET,
    region: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> ClusterList:
    """List clusters

     Lists the organization's clusters, optionally filtered.

    Args:
        status (ClusterStatus | Unset): A cluster's state.
        provider (ClusterProvider | Unset): Where the cluster runs.
        region (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        ClusterList
    """

    kwargs = _get_kwargs(
        status=status,
        provider=provider,
        region=region,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    status: ClusterStatus | Unset = UNSET,
    provider: ClusterProvider | Unset = UNSET,
    region: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[ClusterList]:
    """List clusters

     Lists the organization's clusters, optionally filtered.

    Args:
        status (ClusterStatus | Unset): A cluster's state.
        provider (ClusterProvider | Unset): Where the cluster runs.
        region (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[ClusterList]
    """

    kwargs = _get_kwargs(
        status=status,
        provider=provider,
        region=region,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    status: ClusterStatus | Unset = UNSET,
    provider: ClusterProvider | Unset = UNSET,
    region: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> ClusterList:
    """List clusters

     Lists the organization's clusters, optionally filtered.

    Args:
        status (ClusterStatus | Unset): A cluster's state.
        provider (ClusterProvider | Unset): Where the cluster runs.
        region (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        ClusterList
    """

    kwargs = _get_kwargs(
        status=status,
        provider=provider,
        region=region,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
