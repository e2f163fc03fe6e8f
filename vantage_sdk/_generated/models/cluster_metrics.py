# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ClusterMetrics")


@_attrs_define
class ClusterMetrics:
    """The cluster's current load.

    Attributes:
        cpu_utilization (float): Fraction of CPU in use.
        memory_utilization (float): Fraction of memory in use.
        running_jobs (int): Jobs running now.
        queued_jobs (int): Jobs waiting for a slot.
    """

    cpu_utilization: float
    memory_utilization: float
    running_jobs: int
    queued_jobs: int

    def to_dict(self) -> dict[str, Any]:
        cpu_utilization = self.cpu_utilization

        memory_utilization = self.memory_utilization

        running_jobs = self.running_jobs

        queued_jobs = self.queued_jobs

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cpu_utilization": cpu_utilization,
                "memory_utilization": memory_utilization,
                "running_jobs": running_jobs,
                "queued_jobs": queued_jobs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cpu_utilization = d.pop("cpu_utilization")

        memory_utilization = d.pop("memory_utilization")

        running_jobs = d.pop("running_jobs")

        queued_jobs = d.pop("queued_jobs")

        cluster_metrics = cls(
            cpu_utilization=cpu_utilization,
            memory_utilization=memory_utilization,
            running_jobs=running_jobs,
            queued_jobs=queued_jobs,
        )

        return cluster_metrics
