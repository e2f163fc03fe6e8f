# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

T = TypeVar("T", bound="JobOutput")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "name",
        "path",
        "size",
        "sha256",
    }
)


@_attrs_define(repr=False)
class JobOutput(Model):
    """A file a job wrote, stored so it can be downloaded.

    Attributes:
        name (str): The file's path relative to the output directory.
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        size (int): Bytes.
        sha256 (str): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "name",
        "path",
        "size",
        "sha256",
    )

    name: str
    path: str
    size: int
    sha256: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
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
        self.path = src_dict["path"]
        self.size = src_dict["size"]
        self.sha256 = src_dict["sha256"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 4 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
