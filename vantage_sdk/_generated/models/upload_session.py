# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, LazyField, Model, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.upload_part import UploadPart
    from ..models.upload_status import UploadStatus


T = TypeVar("T", bound="UploadSession")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "upload_id",
        "path",
        "size",
        "part_size",
        "part_count",
        "status",
        "parts",
        "created_at",
        "expires_at",
    }
)


@_attrs_define(repr=False)
class UploadSession(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "upload_id",
        "path",
        "size",
        "part_size",
        "part_count",
        "status",
        "parts",
        "created_at",
        "expires_at",
    )

    upload_id: str
    path: str
    size: int
    part_size: int
    part_count: int
    status: UploadStatus | str
    parts: list[UploadPart]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "upload_id": self.upload_id,
            "path": self.path,
            "size": self.size,
            "part_size": self.part_size,
            "part_count": self.part_count,
            "status": self.status,
            "parts": [item0.to_dict() for item0 in self.parts],
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
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
        self.upload_id = src_dict["upload_id"]
        self.path = src_dict["path"]
        self.size = src_dict["size"]
        self.part_size = src_dict["part_size"]
        self.part_count = src_dict["part_count"]
        self.status = src_dict["status"]
        src_dict["parts"]  # present now, parsed when first read
        _set_parts(self, PENDING)
        src_dict["created_at"]  # present now, parsed when first read
        _set_created_at(self, PENDING)
        src_dict["expires_at"]  # present now, parsed when first read
        _set_expires_at(self, PENDING)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 9 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_parts(src_dict: Mapping[str, Any]) -> list[UploadPart]:
    parts = src_dict["parts"]
    return [_models.UploadPart.from_dict(item0) for item0 in parts]


def _parse_created_at(src_dict: Mapping[str, Any]) -> datetime.datetime:
    created_at = src_dict["created_at"]
    return parse_datetime(created_at)


def _parse_expires_at(src_dict: Mapping[str, Any]) -> datetime.datetime:
    expires_at = src_dict["expires_at"]
    return parse_datetime(expires_at)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_parts = getattr(UploadSession, "parts").__set__
_set_created_at = getattr(UploadSession, "created_at").__set__
_set_expires_at = getattr(UploadSession, "expires_at").__set__
setattr(UploadSession, "parts", LazyField(getattr(UploadSession, "parts"), _parse_parts))
setattr(UploadSession, "created_at", LazyField(getattr(UploadSession, "created_at"), _parse_created_at))
setattr(UploadSession, "expires_at", LazyField(getattr(UploadSession, "expires_at"), _parse_expires_at))
