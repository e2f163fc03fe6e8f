# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Model, Unset

T = TypeVar("T", bound="UploadPart")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "part_number",
        "size",
        "sha256",
        "crc32c",
    }
)


@_attrs_define(repr=False)
class UploadPart(Model):
    """A part the session received.

    Example:
        {'part_number': 1, 'size': 8388608, 'sha256':
            '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}

    Attributes:
        part_number (int): The part's 1-based number.
        size (int): Bytes.
        sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian bytes (as Google Cloud
            Storage). Example: yZRlqg==.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "part_number",
        "size",
        "sha256",
        "crc32c",
    )

    part_number: int
    size: int
    sha256: str | Unset = UNSET
    crc32c: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "part_number": self.part_number,
            "size": self.size,
        }
        if not isinstance(self.sha256, Unset):
            field_dict["sha256"] = self.sha256
        if not isinstance(self.crc32c, Unset):
            field_dict["crc32c"] = self.crc32c
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.part_number = src_dict["part_number"]
        self.size = src_dict["size"]
        self.sha256 = src_dict.get("sha256", UNSET)
        self.crc32c = src_dict.get("crc32c", UNSET)
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 2 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
