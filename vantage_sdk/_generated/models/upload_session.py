# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.upload_status import UploadStatus, check_upload_status

if TYPE_CHECKING:
    from ..models.upload_part import UploadPart


T = TypeVar("T", bound="UploadSession")


@_attrs_define
class UploadSession:
    """A resumable upload.

    Attributes:
        upload_id (str): The session's id.
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        size (int): The whole file's size in bytes.
        part_size (int): Bytes per part (every part but the last).
        part_count (int): How many parts make the file.
        status (UploadStatus): An upload session's state.
        parts (list[UploadPart]): The parts received so far, by part number.
        created_at (datetime.datetime): When the session was opened.
        expires_at (datetime.datetime): When an unfinished session is discarded.
    """

    upload_id: str
    path: str
    size: int
    part_size: int
    part_count: int
    status: UploadStatus
    parts: list[UploadPart]
    created_at: datetime.datetime
    expires_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        upload_id = self.upload_id

        path = self.path

        size = self.size

        part_size = self.part_size

        part_count = self.part_count

        status: str = self.status

        parts = []
        for parts_item_data in self.parts:
            parts_item = parts_item_data.to_dict()
            parts.append(parts_item)

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "upload_id": upload_id,
                "path": path,
                "size": size,
                "part_size": part_size,
                "part_count": part_count,
                "status": status,
                "parts": parts,
                "created_at": created_at,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.upload_part import UploadPart  # noqa: PLC0415

        d = dict(src_dict)
        upload_id = d.pop("upload_id")

        path = d.pop("path")

        size = d.pop("size")

        part_size = d.pop("part_size")

        part_count = d.pop("part_count")

        status = check_upload_status(d.pop("status"))

        parts = []
        _parts = d.pop("parts")
        for parts_item_data in _parts:
            parts_item = UploadPart.from_dict(parts_item_data)

            parts.append(parts_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        upload_session = cls(
            upload_id=upload_id,
            path=path,
            size=size,
            part_size=part_size,
            part_count=part_count,
            status=status,
            parts=parts,
            created_at=created_at,
            expires_at=expires_at,
        )

        return upload_session
