# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="JobOutput")


@_attrs_define
class JobOutput:
    """A file a job wrote, stored so it can be downloaded.

    Attributes:
        name (str): The file's path relative to the output directory.
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        size (int): Bytes.
        sha256 (str): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
    """

    name: str
    path: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        path = self.path

        size = self.size

        sha256 = self.sha256

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "path": path,
                "size": size,
                "sha256": sha256,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        path = d.pop("path")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        job_output = cls(
            name=name,
            path=path,
            size=size,
            sha256=sha256,
        )

        return job_output
