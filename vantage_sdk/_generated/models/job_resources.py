# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Model, Unset

T = TypeVar("T", bound="JobResources")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "cpu",
        "memory",
        "gpu",
    }
)


@_attrs_define(repr=False)
class JobResources(Model):
    """What the job asks of a node.

    Example:
        {'cpu': '2', 'memory': '4Gi'}

    Attributes:
        cpu (str | Unset): CPU cores, as a number or millicores (`2`, `500m`).
        memory (str | Unset): Memory, with an optional binary or decimal suffix (`4Gi`, `512M`).
        gpu (int | Unset): Number of GPUs.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "cpu",
        "memory",
        "gpu",
    )

    cpu: str | Unset = UNSET
    memory: str | Unset = UNSET
    gpu: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {}
        if not isinstance(self.cpu, Unset):
            field_dict["cpu"] = self.cpu
        if not isinstance(self.memory, Unset):
            field_dict["memory"] = self.memory
        if not isinstance(self.gpu, Unset):
            field_dict["gpu"] = self.gpu
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.cpu = src_dict.get("cpu", UNSET)
        self.memory = src_dict.get("memory", UNSET)
        self.gpu = src_dict.get("gpu", UNSET)
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 0 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
