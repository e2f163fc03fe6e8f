# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompleteUploadRequest")


@_attrs_define
class CompleteUploadRequest:
    """The checksum the joined file must have: its sha256, its CRC32C (combined from the parts'), or both; at least one.

    Attributes:
        sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian bytes (as Google Cloud
            Storage). Example: yZRlqg==.
    """

    sha256: str | Unset = UNSET
    crc32c: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sha256 = self.sha256

        crc32c = self.crc32c

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if crc32c is not UNSET:
            field_dict["crc32c"] = crc32c

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sha256 = d.pop("sha256", UNSET)

        crc32c = d.pop("crc32c", UNSET)

        complete_upload_request = cls(
            sha256=sha256,
            crc32c=crc32c,
        )

        return complete_upload_request
