# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="JobEvent")


@_attrs_define
class JobEvent:
    """Something that happened to a job.

    Attributes:
        timestamp (datetime.datetime): When it happened.
        type_ (str): A short machine-readable kind, such as `submitted` or `started`.
        message (str): What happened, for people.
    """

    timestamp: datetime.datetime
    type_: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        timestamp = self.timestamp.isoformat()

        type_ = self.type_

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "timestamp": timestamp,
                "type": type_,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = d.pop("type")

        message = d.pop("message")

        job_event = cls(
            timestamp=timestamp,
            type_=type_,
            message=message,
        )

        return job_event
