# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScaleRequest")


@_attrs_define
class ScaleRequest:
    """One of two forms (anything else is a 400):

    * `{"nodes": N}` - a fixed node count; turns autoscaling off.
    * `{"min_nodes": A, "max_nodes": B}`, optionally with `target_utilization` -
      autoscaling between A and B nodes (A <= B).

    `nodes` cannot be combined with the autoscaling fields.

        Example:
            {'nodes': 10}

        Attributes:
            nodes (int | Unset): A fixed node count; turns autoscaling off.
            min_nodes (int | Unset): Autoscaling lower bound.
            max_nodes (int | Unset): Autoscaling upper bound.
            target_utilization (float | Unset): Utilization the autoscaler aims for (default 0.7).
    """

    nodes: int | Unset = UNSET
    min_nodes: int | Unset = UNSET
    max_nodes: int | Unset = UNSET
    target_utilization: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        nodes = self.nodes

        min_nodes = self.min_nodes

        max_nodes = self.max_nodes

        target_utilization = self.target_utilization

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if nodes is not UNSET:
            field_dict["nodes"] = nodes
        if min_nodes is not UNSET:
            field_dict["min_nodes"] = min_nodes
        if max_nodes is not UNSET:
            field_dict["max_nodes"] = max_nodes
        if target_utilization is not UNSET:
            field_dict["target_utilization"] = target_utilization

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        nodes = d.pop("nodes", UNSET)

        min_nodes = d.pop("min_nodes", UNSET)

        max_nodes = d.pop("max_nodes", UNSET)

        target_utilization = d.pop("target_utilization", UNSET)

        scale_request = cls(
            nodes=nodes,
            min_nodes=min_nodes,
            max_nodes=max_nodes,
            target_utilization=target_utilization,
        )

        return scale_request
