# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cluster_provider import ClusterProvider, check_cluster_provider
from ..models.cluster_status import ClusterStatus, check_cluster_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.autoscaling import Autoscaling
    from ..models.cluster_metrics import ClusterMetrics
    from ..models.cluster_node import ClusterNode
    from ..models.cluster_resources import ClusterResources


T = TypeVar("T", bound="Cluster")


@_attrs_define
class Cluster:
    """A cluster that runs jobs.

    Example:
        {'name': 'local', 'status': 'running', 'provider': 'local', 'region': 'local', 'node_count': 1,
            'total_resources': {'cpu_cores': 2, 'memory_bytes': 25769803776, 'gpus': 0}, 'max_concurrent_jobs': 4,
            'autoscaling': None, 'created_at': '2024-01-01T00:00:00Z'}

    Attributes:
        name (str): A cluster's name. Example: gpu-cluster.
        status (ClusterStatus): A cluster's state.
        provider (ClusterProvider): Where the cluster runs.
        region (str): The provider's region.
        node_count (int): Nodes now.
        total_resources (ClusterResources): Resources summed over the cluster's nodes. Example: {'cpu_cores': 2,
            'memory_bytes': 25769803776, 'gpus': 0}.
        max_concurrent_jobs (int): Jobs that may run at once; the rest queue.
        autoscaling (Autoscaling | None): Autoscaling bounds; null for a cluster of fixed size.
        created_at (datetime.datetime): When the cluster was created.
        metrics (ClusterMetrics | Unset): The cluster's current load.
        nodes (list[ClusterNode] | Unset): With `include=nodes`, the nodes.
    """

    name: str
    status: ClusterStatus
    provider: ClusterProvider
    region: str
    node_count: int
    total_resources: ClusterResources
    max_concurrent_jobs: int
    autoscaling: Autoscaling | None
    created_at: datetime.datetime
    metrics: ClusterMetrics | Unset = UNSET
    nodes: list[ClusterNode] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.autoscaling import Autoscaling  # noqa: PLC0415

        name = self.name

        status: str = self.status

        provider: str = self.provider

        region = self.region

        node_count = self.node_count

        total_resources = self.total_resources.to_dict()

        max_concurrent_jobs = self.max_concurrent_jobs

        autoscaling: dict[str, Any] | None
        if isinstance(self.autoscaling, Autoscaling):
            autoscaling = self.autoscaling.to_dict()
        else:
            autoscaling = self.autoscaling

        created_at = self.created_at.isoformat()

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        nodes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.nodes, Unset):
            nodes = []
            for nodes_item_data in self.nodes:
                nodes_item = nodes_item_data.to_dict()
                nodes.append(nodes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "status": status,
                "provider": provider,
                "region": region,
                "node_count": node_count,
                "total_resources": total_resources,
                "max_concurrent_jobs": max_concurrent_jobs,
                "autoscaling": autoscaling,
                "created_at": created_at,
            }
        )
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if nodes is not UNSET:
            field_dict["nodes"] = nodes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.autoscaling import Autoscaling  # noqa: PLC0415
        from ..models.cluster_metrics import ClusterMetrics  # noqa: PLC0415
        from ..models.cluster_node import ClusterNode  # noqa: PLC0415
        from ..models.cluster_resources import ClusterResources  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        status = check_cluster_status(d.pop("status"))

        provider = check_cluster_provider(d.pop("provider"))

        region = d.pop("region")

        node_count = d.pop("node_count")

        total_resources = ClusterResources.from_dict(d.pop("total_resources"))

        max_concurrent_jobs = d.pop("max_concurrent_jobs")

        def _parse_autoscaling(data: object) -> Autoscaling | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_autoscaling_type_0 = Autoscaling.from_dict(data)

                return componentsschemas_autoscaling_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Autoscaling | None, data)

        autoscaling = _parse_autoscaling(d.pop("autoscaling"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _metrics = d.pop("metrics", UNSET)
        metrics: ClusterMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = ClusterMetrics.from_dict(_metrics)

        _nodes = d.pop("nodes", UNSET)
        nodes: list[ClusterNode] | Unset = UNSET
        if _nodes is not UNSET:
            nodes = []
            for nodes_item_data in _nodes:
                nodes_item = ClusterNode.from_dict(nodes_item_data)

                nodes.append(nodes_item)

        cluster = cls(
            name=name,
            status=status,
            provider=provider,
            region=region,
            node_count=node_count,
            total_resources=total_resources,
            max_concurrent_jobs=max_concurrent_jobs,
            autoscaling=autoscaling,
            created_at=created_at,
            metrics=metrics,
            nodes=nodes,
        )

        return cluster
