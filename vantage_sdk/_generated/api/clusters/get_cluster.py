# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.cluster import Cluster
from ...models.cluster_include import ClusterInclude
from ...types import UNSET, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    cluster_name: str,
    *,
    include: list[ClusterInclude] | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_include: list[str] | Unset = UNSET
    if not isinstance(include, Unset):
        json_include = []
        for include_item_data in include:
            include_item: str = include_item_data
            json_include.append(include_item)

    if json_include is not UNSET and json_include is not None:
        params["include"] = json_include

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/v1/clusters/{path_segment(cluster_name)}",
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


def _parse_response(*, response: httpx.Response) -> Cluster:
    if response.status_code == 200:
        try:
            response_200 = Cluster.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[Cluster]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    cluster_name: str,
    *,
    include: list[ClusterInclude] | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[Cluster]:
    """Get a cluster

     Returns one cluster; `include` adds its metrics and nodes.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        include (list[ClusterInclude] | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[Cluster]
    """

    kwargs = _get_kwargs(
        cluster_name=cluster_name,
        include=include,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    cluster_name: str,
    *,
    include: list[ClusterInclude] | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Cluster:
    """Get a cluster

     Returns one cluster; `include` adds its metrics and nodes.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        include (list[ClusterInclude] | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Cluster
    """

    kwargs = _get_kwargs(
        cluster_name=cluster_name,
        include=include,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    cluster_name: str,
    *,
    include: list[ClusterInclude] | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[Cluster]:
    """Get a cluster

     Returns one cluster; `include` adds its metrics and nodes.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        include (list[ClusterInclude] | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[Cluster]
    """

    kwargs = _get_kwargs(
        cluster_name=cluster_name,
        include=include,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    cluster_name: str,
    *,
    include: list[ClusterInclude] | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Cluster:
    """Get a cluster

     Returns one cluster; `include` adds its metrics and nodes.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        include (list[ClusterInclude] | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Cluster
    """

    kwargs = _get_kwargs(
        cluster_name=cluster_name,
        include=include,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
