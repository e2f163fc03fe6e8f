# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UploadPart")


@_attrs_define
class UploadPart:
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
    """

    part_number: int
    size: int
    sha256: str | Unset = UNSET
    crc32c: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        part_number = self.part_number

        size = self.size

        sha256 = self.sha256

        crc32c = self.crc32c

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "part_number": part_number,
                "size": size,
            }
        )
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if crc32c is not UNSET:
            field_dict["crc32c"] = crc32c

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        part_number = d.pop("part_number")

        size = d.pop("size")

        sha256 = d.pop("sha256", UNSET)

        crc32c = d.pop("crc32c", UNSET)

        upload_part = cls(
            part_number=part_number,
            size=size,
            sha256=sha256,
            crc32c=crc32c,
        )

        return upload_part
