# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CompleteUploadRequest")


@_attrs_define
class CompleteUploadRequest:
    """The digest the joined file must have.

    Attributes:
        sha256 (str): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
    """

    sha256: str

    def to_dict(self) -> dict[str, Any]:
        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sha256 = d.pop("sha256")

        complete_upload_request = cls(
            sha256=sha256,
        )

        return complete_upload_request
