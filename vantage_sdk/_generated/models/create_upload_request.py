# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_upload_request_metadata import CreateUploadRequestMetadata


T = TypeVar("T", bound="CreateUploadRequest")


@_attrs_define
class CreateUploadRequest:
    """The file an upload session will build.

    Attributes:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        size (int): The whole file's size in bytes.
        part_size (int | Unset): Bytes per part (every part but the last); the server picks when absent.
        content_type (str | Unset): The file's media type.
        metadata (CreateUploadRequestMetadata | Unset): User metadata stored with the file (at most 64 entries, each
            value up to 1024 characters).
    """

    path: str
    size: int
    part_size: int | Unset = UNSET
    content_type: str | Unset = UNSET
    metadata: CreateUploadRequestMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        size = self.size

        part_size = self.part_size

        content_type = self.content_type

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "path": path,
                "size": size,
            }
        )
        if part_size is not UNSET:
            field_dict["part_size"] = part_size
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_upload_request_metadata import CreateUploadRequestMetadata  # noqa: PLC0415

        d = dict(src_dict)
        path = d.pop("path")

        size = d.pop("size")

        part_size = d.pop("part_size", UNSET)

        content_type = d.pop("content_type", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateUploadRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateUploadRequestMetadata.from_dict(_metadata)

        create_upload_request = cls(
            path=path,
            size=size,
            part_size=part_size,
            content_type=content_type,
            metadata=metadata,
        )

        return create_upload_request
