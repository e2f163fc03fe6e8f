# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.file_type import FileType, check_file_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_info_metadata import FileInfoMetadata


T = TypeVar("T", bound="FileInfo")


@_attrs_define
class FileInfo:
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
    """

    path: str
    name: str
    type_: FileType
    size: int | Unset = UNSET
    modified_at: datetime.datetime | Unset = UNSET
    etag: str | Unset = UNSET
    sha256: str | Unset = UNSET
    crc32c: str | Unset = UNSET
    content_type: str | Unset = UNSET
    metadata: FileInfoMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        name = self.name

        type_: str = self.type_

        size = self.size

        modified_at: str | Unset = UNSET
        if not isinstance(self.modified_at, Unset):
            modified_at = self.modified_at.isoformat()

        etag = self.etag

        sha256 = self.sha256

        crc32c = self.crc32c

        content_type = self.content_type

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "path": path,
                "name": name,
                "type": type_,
            }
        )
        if size is not UNSET:
            field_dict["size"] = size
        if modified_at is not UNSET:
            field_dict["modified_at"] = modified_at
        if etag is not UNSET:
            field_dict["etag"] = etag
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if crc32c is not UNSET:
            field_dict["crc32c"] = crc32c
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_info_metadata import FileInfoMetadata  # noqa: PLC0415

        d = dict(src_dict)
        path = d.pop("path")

        name = d.pop("name")

        type_ = check_file_type(d.pop("type"))

        size = d.pop("size", UNSET)

        _modified_at = d.pop("modified_at", UNSET)
        modified_at: datetime.datetime | Unset
        if isinstance(_modified_at, Unset):
            modified_at = UNSET
        else:
            modified_at = datetime.datetime.fromisoformat(_modified_at)

        etag = d.pop("etag", UNSET)

        sha256 = d.pop("sha256", UNSET)

        crc32c = d.pop("crc32c", UNSET)

        content_type = d.pop("content_type", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: FileInfoMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = FileInfoMetadata.from_dict(_metadata)

        file_info = cls(
            path=path,
            name=name,
            type_=type_,
            size=size,
            modified_at=modified_at,
            etag=etag,
            sha256=sha256,
            crc32c=crc32c,
            content_type=content_type,
            metadata=metadata,
        )

        return file_info
