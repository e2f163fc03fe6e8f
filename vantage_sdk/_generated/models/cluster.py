# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, UNSET, LazyField, Model, Unset, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.autoscaling import Autoscaling
    from ..models.cluster_metrics import ClusterMetrics
    from ..models.cluster_node import ClusterNode
    from ..models.cluster_provider import ClusterProvider
    from ..models.cluster_resources import ClusterResources
    from ..models.cluster_status import ClusterStatus


T = TypeVar("T", bound="Cluster")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "name",
        "status",
        "provider",
        "region",
        "node_count",
        "total_resources",
        "max_concurrent_jobs",
        "autoscaling",
        "created_at",
        "metrics",
        "nodes",
    }
)


@_attrs_define(repr=False)
class Cluster(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "name",
        "status",
        "provider",
        "region",
        "node_count",
        "total_resources",
        "max_concurrent_jobs",
        "autoscaling",
        "created_at",
        "metrics",
        "nodes",
    )

    name: str
    status: ClusterStatus | str
    provider: ClusterProvider | str
    region: str
    node_count: int
    total_resources: ClusterResources
    max_concurrent_jobs: int
    autoscaling: Autoscaling | None
    created_at: datetime.datetime
    metrics: ClusterMetrics | Unset = UNSET
    nodes: list[ClusterNode] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "provider": self.provider,
            "region": self.region,
            "node_count": self.node_count,
            "total_resources": self.total_resources.to_dict(),
            "max_concurrent_jobs": self.max_concurrent_jobs,
            "autoscaling": None if self.autoscaling is None else self.autoscaling.to_dict(),
            "created_at": self.created_at.isoformat(),
        }
        if not isinstance(self.metrics, Unset):
            field_dict["metrics"] = self.metrics.to_dict()
        if not isinstance(self.nodes, Unset):
            field_dict["nodes"] = [item0.to_dict() for item0 in self.nodes]
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.name = src_dict["name"]
        self.status = src_dict["status"]
        self.provider = src_dict["provider"]
        self.region = src_dict["region"]
        self.node_count = src_dict["node_count"]
        src_dict["total_resources"]  # present now, parsed when first read
        _set_total_resources(self, PENDING)
        self.max_concurrent_jobs = src_dict["max_concurrent_jobs"]
        src_dict["autoscaling"]  # present now, parsed when first read
        _set_autoscaling(self, PENDING)
        src_dict["created_at"]  # present now, parsed when first read
        _set_created_at(self, PENDING)
        # metrics: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        # nodes: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 9 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_total_resources(src_dict: Mapping[str, Any]) -> ClusterResources:
    total_resources = src_dict["total_resources"]
    return _models.ClusterResources.from_dict(total_resources)


def _parse_autoscaling(src_dict: Mapping[str, Any]) -> Autoscaling | None:
    autoscaling = src_dict["autoscaling"]
    return None if autoscaling is None else _models.Autoscaling.from_dict(autoscaling)


def _parse_created_at(src_dict: Mapping[str, Any]) -> datetime.datetime:
    created_at = src_dict["created_at"]
    return parse_datetime(created_at)


def _parse_metrics(src_dict: Mapping[str, Any]) -> ClusterMetrics | Unset:
    metrics = src_dict.get("metrics", UNSET)
    return UNSET if metrics is UNSET else _models.ClusterMetrics.from_dict(metrics)


def _parse_nodes(src_dict: Mapping[str, Any]) -> list[ClusterNode] | Unset:
    nodes = src_dict.get("nodes", UNSET)
    return UNSET if nodes is UNSET else [_models.ClusterNode.from_dict(item0) for item0 in nodes]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_total_resources = getattr(Cluster, "total_resources").__set__
_set_autoscaling = getattr(Cluster, "autoscaling").__set__
_set_created_at = getattr(Cluster, "created_at").__set__
setattr(Cluster, "total_resources", LazyField(getattr(Cluster, "total_resources"), _parse_total_resources))
setattr(Cluster, "autoscaling", LazyField(getattr(Cluster, "autoscaling"), _parse_autoscaling))
setattr(Cluster, "created_at", LazyField(getattr(Cluster, "created_at"), _parse_created_at))
setattr(Cluster, "metrics", LazyField(getattr(Cluster, "metrics"), _parse_metrics))
setattr(Cluster, "nodes", LazyField(getattr(Cluster, "nodes"), _parse_nodes))
