# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

T = TypeVar("T", bound="ClusterMetrics")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "cpu_utilization",
        "memory_utilization",
        "running_jobs",
        "queued_jobs",
    }
)


@_attrs_define(repr=False)
class ClusterMetrics(Model):
    """The cluster's current load.

    Attributes:
        cpu_utilization (float): Fraction of CPU in use.
        memory_utilization (float): Fraction of memory in use.
        running_jobs (int): Jobs running now.
        queued_jobs (int): Jobs waiting for a slot.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "cpu_utilization",
        "memory_utilization",
        "running_jobs",
        "queued_jobs",
    )

    cpu_utilization: float
    memory_utilization: float
    running_jobs: int
    queued_jobs: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "cpu_utilization": self.cpu_utilization,
            "memory_utilization": self.memory_utilization,
            "running_jobs": self.running_jobs,
            "queued_jobs": self.queued_jobs,
        }
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.cpu_utilization = src_dict["cpu_utilization"]
        self.memory_utilization = src_dict["memory_utilization"]
        self.running_jobs = src_dict["running_jobs"]
        self.queued_jobs = src_dict["queued_jobs"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 4 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
