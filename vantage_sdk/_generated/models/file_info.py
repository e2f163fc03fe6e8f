# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyField, Model, Unset, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.file_info_metadata import FileInfoMetadata
    from ..models.file_type import FileType


T = TypeVar("T", bound="FileInfo")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "path",
        "name",
        "type",
        "size",
        "modified_at",
        "etag",
        "sha256",
        "crc32c",
        "content_type",
        "metadata",
    }
)


@_attrs_define(repr=False)
class FileInfo(Model):
    """A stored file or a folder.

    Example:
        {'path': '/datasets/remote-file.txt', 'name': 'remote-file.txt', 'type': 'file', 'size': 12, 'modified_at':
            '2024-01-01T00:00:00Z', 'etag': '"7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069"', 'sha256':
            '7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069'}

    Attributes:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        name (str): The last segment of the path.
        type_ (FileType): A file, or a folder implied by the files below it.
        size (int | Unset): Bytes; for folders only with `include_size`.
        modified_at (datetime.datetime | Unset): When the file was last written.
        etag (str | Unset): The file's entity tag.
        sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian bytes (as Google Cloud
            Storage). Example: yZRlqg==.
        content_type (str | Unset): The file's media type.
        metadata (FileInfoMetadata | Unset): User metadata.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "path",
        "name",
        "type_",
        "size",
        "modified_at",
        "etag",
        "sha256",
        "crc32c",
        "content_type",
        "metadata",
    )

    path: str
    name: str
    type_: FileType | str
    size: int | Unset = UNSET
    modified_at: datetime.datetime | Unset = UNSET
    etag: str | Unset = UNSET
    sha256: str | Unset = UNSET
    crc32c: str | Unset = UNSET
    content_type: str | Unset = UNSET
    metadata: FileInfoMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "path": self.path,
            "name": self.name,
            "type": self.type_,
        }
        if not isinstance(self.size, Unset):
            field_dict["size"] = self.size
        if not isinstance(self.modified_at, Unset):
            field_dict["modified_at"] = self.modified_at.isoformat()
        if not isinstance(self.etag, Unset):
            field_dict["etag"] = self.etag
        if not isinstance(self.sha256, Unset):
            field_dict["sha256"] = self.sha256
        if not isinstance(self.crc32c, Unset):
            field_dict["crc32c"] = self.crc32c
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
        self.name = src_dict["name"]
        self.type_ = src_dict["type"]
        self.size = src_dict.get("size", UNSET)
        # modified_at: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self.etag = src_dict.get("etag", UNSET)
        self.sha256 = src_dict.get("sha256", UNSET)
        self.crc32c = src_dict.get("crc32c", UNSET)
        self.content_type = src_dict.get("content_type", UNSET)
        self.metadata = src_dict.get("metadata", UNSET)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_modified_at(src_dict: Mapping[str, Any]) -> datetime.datetime | Unset:
    modified_at = src_dict.get("modified_at", UNSET)
    return UNSET if modified_at is UNSET else parse_datetime(modified_at)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
setattr(FileInfo, "modified_at", LazyField(getattr(FileInfo, "modified_at"), _parse_modified_at))
