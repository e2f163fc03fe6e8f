# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Autoscaling")


@_attrs_define
class Autoscaling:
    """Autoscaling bounds; null for a cluster of fixed size.

    Attributes:
        min_nodes (int): Fewest nodes.
        max_nodes (int): Most nodes.
        target_utilization (float): Utilization the autoscaler aims for.
    """

    min_nodes: int
    max_nodes: int
    target_utilization: float

    def to_dict(self) -> dict[str, Any]:
        min_nodes = self.min_nodes

        max_nodes = self.max_nodes

        target_utilization = self.target_utilization

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "min_nodes": min_nodes,
                "max_nodes": max_nodes,
                "target_utilization": target_utilization,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        min_nodes = d.pop("min_nodes")

        max_nodes = d.pop("max_nodes")

        target_utilization = d.pop("target_utilization")

        autoscaling = cls(
            min_nodes=min_nodes,
            max_nodes=max_nodes,
            target_utilization=target_utilization,
        )

        return autoscaling
