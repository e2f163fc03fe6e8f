# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchCancelRequest")


@_attrs_define
class BatchCancelRequest:
    """The jobs to cancel.

    Attributes:
        job_ids (list[str]): The ids of the jobs to cancel.
        reason (str | Unset): Recorded as each job's `status_reason`.
    """

    job_ids: list[str]
    reason: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        job_ids = self.job_ids

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_ids": job_ids,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_ids = cast(list[str], d.pop("job_ids"))

        reason = d.pop("reason", UNSET)

        batch_cancel_request = cls(
            job_ids=job_ids,
            reason=reason,
        )

        return batch_cancel_request
