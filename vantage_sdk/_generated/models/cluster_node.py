# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.cluster_node_status import ClusterNodeStatus


T = TypeVar("T", bound="ClusterNode")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "name",
        "status",
        "cpu_cores",
        "memory_bytes",
        "gpus",
    }
)


@_attrs_define(repr=False)
class ClusterNode(Model):
    """One node of a cluster.

    Attributes:
        name (str): The node's name.
        status (ClusterNodeStatus): The node's state.
        cpu_cores (int): CPU cores.
        memory_bytes (int): Memory in bytes.
        gpus (int): GPUs.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "name",
        "status",
        "cpu_cores",
        "memory_bytes",
        "gpus",
    )

    name: str
    status: ClusterNodeStatus | str
    cpu_cores: int
    memory_bytes: int
    gpus: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
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
        self.name = src_dict["name"]
        self.status = src_dict["status"]
        self.cpu_cores = src_dict["cpu_cores"]
        self.memory_bytes = src_dict["memory_bytes"]
        self.gpus = src_dict["gpus"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 5 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
