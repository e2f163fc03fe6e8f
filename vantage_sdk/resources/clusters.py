"""``client.clusters``: list, get and scale (``Clusters`` / ``AsyncClusters``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Unpack

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._generated.api.clusters import get_cluster, list_clusters, scale_cluster
from vantage_sdk._generated.models.cluster import Cluster
from vantage_sdk._generated.models.cluster_include import CLUSTER_INCLUDE_VALUES, ClusterInclude
from vantage_sdk._generated.models.cluster_provider import CLUSTER_PROVIDER_VALUES, ClusterProvider
from vantage_sdk._generated.models.cluster_status import CLUSTER_STATUS_VALUES, ClusterStatus
from vantage_sdk._generated.models.scale_request import ScaleRequest
from vantage_sdk._generated.types import UNSET
from vantage_sdk._pagination import ItemList
from vantage_sdk._request_options import BodyRequestOptions, RequestOptions
from vantage_sdk._resource import AsyncResource, SyncResource
from vantage_sdk._response import RawResponseView, async_raw_method, raw_method
from vantage_sdk._retry import new_idempotency_key
from vantage_sdk._validation import check_choice, check_choices, check_int, check_number, check_str

__all__ = ["AsyncClusters", "AsyncClustersWithRawResponse", "Clusters", "ClustersWithRawResponse"]

_MAX_NODES = 1000


def _list_kwargs(status: str | None, provider: str | None, region: str | None) -> dict[str, Any]:
    return {
        "status": UNSET if status is None else check_choice("status", status, CLUSTER_STATUS_VALUES),
        "provider": UNSET if provider is None else check_choice("provider", provider, CLUSTER_PROVIDER_VALUES),
        "region": UNSET if region is None else check_str("region", region),
    }


def _get_kwargs(include: str | Sequence[str] | None) -> dict[str, Any]:
    return {"include": check_choices("include", include, CLUSTER_INCLUDE_VALUES)}


def _scale_request(
    nodes: int | None, min_nodes: int | None, max_nodes: int | None, target_utilization: float | None
) -> ScaleRequest:
    """Either ``nodes``, or ``min_nodes`` and ``max_nodes`` (+ ``target_utilization``), checked before sending."""
    autoscale = {"min_nodes": min_nodes, "max_nodes": max_nodes, "target_utilization": target_utilization}
    given = [name for name, value in autoscale.items() if value is not None]
    if nodes is not None:
        if given:
            raise ValidationError.for_field(
                given[0], "cannot be combined with nodes: give either nodes, or min_nodes and max_nodes"
            )
        return ScaleRequest(nodes=check_int("nodes", nodes, minimum=0, maximum=_MAX_NODES))
    if min_nodes is None or max_nodes is None:
        missing = "min_nodes" if min_nodes is None else "max_nodes"
        raise ValidationError.for_field(missing, "is required: give either nodes, or min_nodes and max_nodes")
    low = check_int("min_nodes", min_nodes, minimum=0, maximum=_MAX_NODES)
    high = check_int("max_nodes", max_nodes, minimum=1, maximum=_MAX_NODES)
    if low > high:
        raise ValidationError.for_field("min_nodes", f"must not exceed max_nodes ({low} > {high})")
    target = (
        UNSET
        if target_utilization is None
        else check_number("target_utilization", target_utilization, above=0, maximum=1)
    )
    return ScaleRequest(min_nodes=low, max_nodes=high, target_utilization=target)


def _scale_kwargs(
    nodes: int | None,
    min_nodes: int | None,
    max_nodes: int | None,
    target_utilization: float | None,
    idempotency_key: str | None,
) -> dict[str, Any]:
    return {
        "body": _scale_request(nodes, min_nodes, max_nodes, target_utilization),
        "idempotency_key": new_idempotency_key(idempotency_key),
    }


class Clusters(SyncResource):
    """The clusters that run jobs (``client.clusters``).

    Every method also takes the per-call options ``timeout=``, ``extra_headers=``, ``extra_query=``
    and, for ``scale``, ``extra_body=``.
    """

    @functools.cached_property
    def with_raw_response(self) -> ClustersWithRawResponse:
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
        return ClustersWithRawResponse(self)

    def list(
        self,
        *,
        status: ClusterStatus | None = None,
        provider: ClusterProvider | None = None,
        region: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ItemList[Cluster]:
        """The organization's clusters, sorted by name, optionally filtered (a whole listing).

        Args:
            status: provisioning, running, scaling, stopped or error.
            provider: local, aws, gcp, azure or on-premises.
            region: The provider's region, such as ``us-west-2``.

        Example:
            >>> for cluster in client.clusters.list(status="running", provider="aws", region="us-west-2"):
            ...     print(cluster.name, cluster.status)
        """
        return ItemList(
            self._core.call(list_clusters.sync, **_list_kwargs(status, provider, region), options=options).items
        )

    def get(
        self,
        name: str,
        *,
        include: ClusterInclude | Sequence[ClusterInclude] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Cluster:
        """One cluster, optionally with its ``metrics`` and ``nodes``.

        Example:
            >>> cluster = client.clusters.get("gpu-cluster", include=["metrics", "nodes"])
            >>> cluster.node_count, cluster.total_resources.cpu_cores
        """
        return self._core.call(get_cluster.sync, check_str("name", name), **_get_kwargs(include), options=options)

    def scale(
        self,
        name: str,
        *,
        nodes: int | None = None,
        min_nodes: int | None = None,
        max_nodes: int | None = None,
        target_utilization: float | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Cluster:
        """Set a fixed node count, or autoscaling bounds; the cluster reports ``scaling`` meanwhile.

        Args:
            name: The cluster.
            nodes: A fixed node count (0-1000); turns autoscaling off.
            min_nodes: Autoscaling lower bound (0-1000).
            max_nodes: Autoscaling upper bound (1-1000, at least ``min_nodes``).
            target_utilization: Utilization the autoscaler aims for, in (0, 1].
            idempotency_key: Your own key for the POST (default: a fresh one per call).

        Returns:
            The cluster as it is now.

        Raises:
            ValidationError: The two forms are mixed or a value is out of range (before any request).

        Example:
            >>> client.clusters.scale("gpu-cluster", nodes=10)
            >>> client.clusters.scale("gpu-cluster", min_nodes=2, max_nodes=20, target_utilization=0.8)
        """
        kwargs = _scale_kwargs(nodes, min_nodes, max_nodes, target_utilization, idempotency_key)
        return self._core.call(scale_cluster.sync, check_str("name", name), **kwargs, options=options)


class AsyncClusters(AsyncResource):
    """The clusters that run jobs (``async_client.clusters``); the async twin of ``Clusters``."""

    @functools.cached_property
    def with_raw_response(self) -> AsyncClustersWithRawResponse:
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
        return AsyncClustersWithRawResponse(self)

    async def list(
        self,
        *,
        status: ClusterStatus | None = None,
        provider: ClusterProvider | None = None,
        region: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ItemList[Cluster]:
        """The organization's clusters (see ``Clusters.list``).

        Example:
            >>> clusters = await client.clusters.list(provider="aws")
        """
        page = await self._core.call(list_clusters.asyncio, **_list_kwargs(status, provider, region), options=options)
        return ItemList(page.items)

    async def get(
        self,
        name: str,
        *,
        include: ClusterInclude | Sequence[ClusterInclude] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Cluster:
        """One cluster (see ``Clusters.get``).

        Example:
            >>> cluster = await client.clusters.get("gpu-cluster", include=["metrics"])
        """
        return await self._core.call(
            get_cluster.asyncio, check_str("name", name), **_get_kwargs(include), options=options
        )

    async def scale(
        self,
        name: str,
        *,
        nodes: int | None = None,
        min_nodes: int | None = None,
        max_nodes: int | None = None,
        target_utilization: float | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Cluster:
        """Scale a cluster (see ``Clusters.scale``).

        Example:
            >>> await client.clusters.scale("gpu-cluster", min_nodes=2, max_nodes=20)
        """
        kwargs = _scale_kwargs(nodes, min_nodes, max_nodes, target_utilization, idempotency_key)
        return await self._core.call(scale_cluster.asyncio, check_str("name", name), **kwargs, options=options)


class ClustersWithRawResponse(RawResponseView[Clusters]):
    """``client.clusters.with_raw_response``: each method returns an ``APIResponse`` of the call."""

    list = raw_method(Clusters.list)
    get = raw_method(Clusters.get)
    scale = raw_method(Clusters.scale)


class AsyncClustersWithRawResponse(RawResponseView[AsyncClusters]):
    """``async_client.clusters.with_raw_response`` (see ``ClustersWithRawResponse``)."""

    list = async_raw_method(AsyncClusters.list)
    get = async_raw_method(AsyncClusters.get)
    scale = async_raw_method(AsyncClusters.scale)
