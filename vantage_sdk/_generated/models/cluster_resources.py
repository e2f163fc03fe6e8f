# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

T = TypeVar("T", bound="ClusterResources")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "cpu_cores",
        "memory_bytes",
        "gpus",
    }
)


@_attrs_define(repr=False)
class ClusterResources(Model):
    """Resources summed over the cluster's nodes.

    Example:
        {'cpu_cores': 2, 'memory_bytes': 25769803776, 'gpus': 0}

    Attributes:
        cpu_cores (int): CPU cores.
        memory_bytes (int): Memory in bytes.
        gpus (int): GPUs.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "cpu_cores",
        "memory_bytes",
        "gpus",
    )

    cpu_cores: int
    memory_bytes: int
    gpus: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "cpu_cores": self.cpu_cores,
            "memory_bytes": self.memory_bytes,
            "gpus": self.gpus,
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
        self.cpu_cores = src_dict["cpu_cores"]
        self.memory_bytes = src_dict["memory_bytes"]
        self.gpus = src_dict["gpus"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
