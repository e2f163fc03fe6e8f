# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

T = TypeVar("T", bound="JobMetrics")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "wall_time_seconds",
        "cpu_time_seconds",
        "peak_memory_bytes",
    }
)


@_attrs_define(repr=False)
class JobMetrics(Model):
    """What the job used.

    Example:
        {'wall_time_seconds': 1.5, 'cpu_time_seconds': 0.2, 'peak_memory_bytes': 10485760}

    Attributes:
        wall_time_seconds (float): Time from start to finish (or to now).
        cpu_time_seconds (float): User and system CPU time of the job's processes.
        peak_memory_bytes (int): The largest resident set size seen.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "wall_time_seconds",
        "cpu_time_seconds",
        "peak_memory_bytes",
    )

    wall_time_seconds: float
    cpu_time_seconds: float
    peak_memory_bytes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "wall_time_seconds": self.wall_time_seconds,
            "cpu_time_seconds": self.cpu_time_seconds,
            "peak_memory_bytes": self.peak_memory_bytes,
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
        self.wall_time_seconds = src_dict["wall_time_seconds"]
        self.cpu_time_seconds = src_dict["cpu_time_seconds"]
        self.peak_memory_bytes = src_dict["peak_memory_bytes"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
