# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ClusterResources")


@_attrs_define
class ClusterResources:
    """Resources summed over the cluster's nodes.

    Example:
        {'cpu_cores': 2, 'memory_bytes': 25769803776, 'gpus': 0}

    Attributes:
        cpu_cores (int): CPU cores.
        memory_bytes (int): Memory in bytes.
        gpus (int): GPUs.
    """

    cpu_cores: int
    memory_bytes: int
    gpus: int

    def to_dict(self) -> dict[str, Any]:
        cpu_cores = self.cpu_cores

        memory_bytes = self.memory_bytes

        gpus = self.gpus

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cpu_cores": cpu_cores,
                "memory_bytes": memory_bytes,
                "gpus": gpus,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cpu_cores = d.pop("cpu_cores")

        memory_bytes = d.pop("memory_bytes")

        gpus = d.pop("gpus")

        cluster_resources = cls(
            cpu_cores=cpu_cores,
            memory_bytes=memory_bytes,
            gpus=gpus,
        )

        return cluster_resources
