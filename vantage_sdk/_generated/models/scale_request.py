# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Model, Unset

T = TypeVar("T", bound="ScaleRequest")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "nodes",
        "min_nodes",
        "max_nodes",
        "target_utilization",
    }
)


@_attrs_define(repr=False)
class ScaleRequest(Model):
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
            additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
                (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "nodes",
        "min_nodes",
        "max_nodes",
        "target_utilization",
    )

    nodes: int | Unset = UNSET
    min_nodes: int | Unset = UNSET
    max_nodes: int | Unset = UNSET
    target_utilization: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {}
        if not isinstance(self.nodes, Unset):
            field_dict["nodes"] = self.nodes
        if not isinstance(self.min_nodes, Unset):
            field_dict["min_nodes"] = self.min_nodes
        if not isinstance(self.max_nodes, Unset):
            field_dict["max_nodes"] = self.max_nodes
        if not isinstance(self.target_utilization, Unset):
            field_dict["target_utilization"] = self.target_utilization
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.nodes = src_dict.get("nodes", UNSET)
        self.min_nodes = src_dict.get("min_nodes", UNSET)
        self.max_nodes = src_dict.get("max_nodes", UNSET)
        self.target_utilization = src_dict.get("target_utilization", UNSET)
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 0 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
