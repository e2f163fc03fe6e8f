# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.cluster_node_status import ClusterNodeStatus, check_cluster_node_status

T = TypeVar("T", bound="ClusterNode")


@_attrs_define
class ClusterNode:
    """One node of a cluster.

    Attributes:
        name (str): The node's name.
        status (ClusterNodeStatus): The node's state.
        cpu_cores (int): CPU cores.
        memory_bytes (int): Memory in bytes.
        gpus (int): GPUs.
    """

    name: str
    status: ClusterNodeStatus
    cpu_cores: int
    memory_bytes: int
    gpus: int

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        status: str = self.status

        cpu_cores = self.cpu_cores

        memory_bytes = self.memory_bytes

        gpus = self.gpus

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "status": status,
                "cpu_cores": cpu_cores,
                "memory_bytes": memory_bytes,
                "gpus": gpus,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        status = check_cluster_node_status(d.pop("status"))

        cpu_cores = d.pop("cpu_cores")

        memory_bytes = d.pop("memory_bytes")

        gpus = d.pop("gpus")

        cluster_node = cls(
            name=name,
            status=status,
            cpu_cores=cpu_cores,
            memory_bytes=memory_bytes,
            gpus=gpus,
        )

        return cluster_node
