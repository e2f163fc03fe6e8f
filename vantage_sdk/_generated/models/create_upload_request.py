# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Model, Unset

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.create_upload_request_metadata import CreateUploadRequestMetadata


T = TypeVar("T", bound="CreateUploadRequest")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "path",
        "size",
        "part_size",
        "content_type",
        "metadata",
    }
)


@_attrs_define(repr=False)
class CreateUploadRequest(Model):
    """The file an upload session will build.

    Attributes:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        size (int): The whole file's size in bytes.
        part_size (int | Unset): Bytes per part (every part but the last); the server picks when absent.
        content_type (str | Unset): The file's media type.
        metadata (CreateUploadRequestMetadata | Unset): User metadata stored with the file (at most 64 entries, each
            value up to 1024 characters).
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "path",
        "size",
        "part_size",
        "content_type",
        "metadata",
    )

    path: str
    size: int
    part_size: int | Unset = UNSET
    content_type: str | Unset = UNSET
    metadata: CreateUploadRequestMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "path": self.path,
            "size": self.size,
        }
        if not isinstance(self.part_size, Unset):
            field_dict["part_size"] = self.part_size
        if not isinstance(self.content_type, Unset):
            field_dict["content_type"] = self.content_type
        if not isinstance(self.metadata, Unset):
            field_dict["metadata"] = dict(self.metadata)
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.path = src_dict["path"]
        self.size = src_dict["size"]
        self.part_size = src_dict.get("part_size", UNSET)
        self.content_type = src_dict.get("content_type", UNSET)
        self.metadata = src_dict.get("metadata", UNSET)
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 2 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
