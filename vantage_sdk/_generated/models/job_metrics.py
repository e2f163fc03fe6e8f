# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="JobMetrics")


@_attrs_define
class JobMetrics:
    """What the job used.

    Example:
        {'wall_time_seconds': 1.5, 'cpu_time_seconds': 0.2, 'peak_memory_bytes': 10485760}

    Attributes:
        wall_time_seconds (float): Time from start to finish (or to now).
        cpu_time_seconds (float): User and system CPU time of the job's processes.
        peak_memory_bytes (int): The largest resident set size seen.
    """

    wall_time_seconds: float
    cpu_time_seconds: float
    peak_memory_bytes: int

    def to_dict(self) -> dict[str, Any]:
        wall_time_seconds = self.wall_time_seconds

        cpu_time_seconds = self.cpu_time_seconds

        peak_memory_bytes = self.peak_memory_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "wall_time_seconds": wall_time_seconds,
                "cpu_time_seconds": cpu_time_seconds,
                "peak_memory_bytes": peak_memory_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wall_time_seconds = d.pop("wall_time_seconds")

        cpu_time_seconds = d.pop("cpu_time_seconds")

        peak_memory_bytes = d.pop("peak_memory_bytes")

        job_metrics = cls(
            wall_time_seconds=wall_time_seconds,
            cpu_time_seconds=cpu_time_seconds,
            peak_memory_bytes=peak_memory_bytes,
        )

        return job_metrics
