# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobResources")


@_attrs_define
class JobResources:
    """What the job asks of a node.

    Example:
        {'cpu': '2', 'memory': '4Gi'}

    Attributes:
        cpu (str | Unset): CPU cores, as a number or millicores (`2`, `500m`).
        memory (str | Unset): Memory, with an optional binary or decimal suffix (`4Gi`, `512M`).
        gpu (int | Unset): Number of GPUs.
    """

    cpu: str | Unset = UNSET
    memory: str | Unset = UNSET
    gpu: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cpu = self.cpu

        memory = self.memory

        gpu = self.gpu

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cpu is not UNSET:
            field_dict["cpu"] = cpu
        if memory is not UNSET:
            field_dict["memory"] = memory
        if gpu is not UNSET:
            field_dict["gpu"] = gpu

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cpu = d.pop("cpu", UNSET)

        memory = d.pop("memory", UNSET)

        gpu = d.pop("gpu", UNSET)

        job_resources = cls(
            cpu=cpu,
            memory=memory,
            gpu=gpu,
        )

        return job_resources
