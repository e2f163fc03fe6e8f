# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.cluster import Cluster
from ...models.scale_request import ScaleRequest
from ...types import UNSET, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    cluster_name: str,
    *,
    body: ScaleRequest,
    idempotency_key: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/v1/clusters/{path_segment(cluster_name)}/scale",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> Cluster:
    if response.status_code == 202:
        try:
            response_202 = Cluster.from_dict(_json_loads(response.content))

            return response_202

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
    body: ScaleRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[Cluster]:
    """Scale a cluster

     Sets a fixed node count (`nodes`) or autoscaling bounds (`min_nodes`,
    `max_nodes`, `target_utilization`), never both. Mixing the two forms,
    `min_nodes` greater than `max_nodes`, or a target utilization outside
    (0, 1] is a 400. The cluster reports `scaling` until the change is done.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        idempotency_key (str | Unset):
        body (ScaleRequest): One of two forms (anything else is a 400):

            * `{"nodes": N}` - a fixed node count; turns autoscaling off.
            * `{"min_nodes": A, "max_nodes": B}`, optionally with `target_utilization` -
              autoscaling between A and B nodes (A <= B).

            `nodes` cannot be combined with the autoscaling fields.
             Example: {'nodes': 10}.
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
        body=body,
        idempotency_key=idempotency_key,
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
    body: ScaleRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Cluster:
    """Scale a cluster

     Sets a fixed node count (`nodes`) or autoscaling bounds (`min_nodes`,
    `max_nodes`, `target_utilization`), never both. Mixing the two forms,
    `min_nodes` greater than `max_nodes`, or a target utilization outside
    (0, 1] is a 400. The cluster reports `scaling` until the change is done.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        idempotency_key (str | Unset):
        body (ScaleRequest): One of two forms (anything else is a 400):

            * `{"nodes": N}` - a fixed node count; turns autoscaling off.
            * `{"min_nodes": A, "max_nodes": B}`, optionally with `target_utilization` -
              autoscaling between A and B nodes (A <= B).

            `nodes` cannot be combined with the autoscaling fields.
             Example: {'nodes': 10}.
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
        body=body,
        idempotency_key=idempotency_key,
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
    body: ScaleRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[Cluster]:
    """Scale a cluster

     Sets a fixed node count (`nodes`) or autoscaling bounds (`min_nodes`,
    `max_nodes`, `target_utilization`), never both. Mixing the two forms,
    `min_nodes` greater than `max_nodes`, or a target utilization outside
    (0, 1] is a 400. The cluster reports `scaling` until the change is done.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        idempotency_key (str | Unset):
        body (ScaleRequest): One of two forms (anything else is a 400):

            * `{"nodes": N}` - a fixed node count; turns autoscaling off.
            * `{"min_nodes": A, "max_nodes": B}`, optionally with `target_utilization` -
              autoscaling between A and B nodes (A <= B).

            `nodes` cannot be combined with the autoscaling fields.
             Example: {'nodes': 10}.
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
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    cluster_name: str,
    *,
    body: ScaleRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Cluster:
    """Scale a cluster

     Sets a fixed node count (`nodes`) or autoscaling bounds (`min_nodes`,
    `max_nodes`, `target_utilization`), never both. Mixing the two forms,
    `min_nodes` greater than `max_nodes`, or a target utilization outside
    (0, 1] is a 400. The cluster reports `scaling` until the change is done.

    Args:
        cluster_name (str): A cluster's name. Example: gpu-cluster.
        idempotency_key (str | Unset):
        body (ScaleRequest): One of two forms (anything else is a 400):

            * `{"nodes": N}` - a fixed node count; turns autoscaling off.
            * `{"min_nodes": A, "max_nodes": B}`, optionally with `target_utilization` -
              autoscaling between A and B nodes (A <= B).

            `nodes` cannot be combined with the autoscaling fields.
             Example: {'nodes': 10}.
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
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
