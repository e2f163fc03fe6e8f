# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem import Problem


T = TypeVar("T", bound="BatchCancelItem")


@_attrs_define
class BatchCancelItem:
    """The outcome of cancelling one job of a batch.

    Example:
        {'job_id': 'job-8b2e4f6a1c3d', 'ok': False, 'job_status': 'succeeded', 'error': {'type':
            'https://api.vantage.omnivector.solutions/problems/conflict', 'title': 'Conflict', 'status': 409, 'detail': "Job
            'job-8b2e4f6a1c3d' already succeeded and cannot be cancelled.", 'code': 'job_finished'}}

    Attributes:
        job_id (str): A job's id. Example: job-3f9a1c2b7d4e.
        ok (bool): Whether the job is now cancelled.
        job_status (JobStatus | Unset): Where a job is in its life. Example: running.
        error (Problem | Unset): An RFC 9457 problem detail.
    """

    job_id: str
    ok: bool
    job_status: JobStatus | Unset = UNSET
    error: Problem | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        ok = self.ok

        job_status: str | Unset = UNSET
        if not isinstance(self.job_status, Unset):
            job_status = self.job_status

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_id": job_id,
                "ok": ok,
            }
        )
        if job_status is not UNSET:
            field_dict["job_status"] = job_status
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem import Problem  # noqa: PLC0415

        d = dict(src_dict)
        job_id = d.pop("job_id")

        ok = d.pop("ok")

        _job_status = d.pop("job_status", UNSET)
        job_status: JobStatus | Unset
        if isinstance(_job_status, Unset):
            job_status = UNSET
        else:
            job_status = check_job_status(_job_status)

        _error = d.pop("error", UNSET)
        error: Problem | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = Problem.from_dict(_error)

        batch_cancel_item = cls(
            job_id=job_id,
            ok=ok,
            job_status=job_status,
            error=error,
        )

        return batch_cancel_item
