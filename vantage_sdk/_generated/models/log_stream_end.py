# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.job_status import JobStatus, check_job_status

T = TypeVar("T", bound="LogStreamEnd")


@_attrs_define
class LogStreamEnd:
    """The data of the `end` event that closes a log stream.

    Example:
        {'status': 'succeeded', 'exit_code': 0, 'next_offset': 1}

    Attributes:
        status (JobStatus): Where a job is in its life. Example: running.
        exit_code (int | None): The job's exit code.
        next_offset (int): The number of lines in the job's log.
    """

    status: JobStatus
    exit_code: int | None
    next_offset: int

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        exit_code: int | None
        exit_code = self.exit_code

        next_offset = self.next_offset

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "exit_code": exit_code,
                "next_offset": next_offset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_job_status(d.pop("status"))

        def _parse_exit_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exit_code = _parse_exit_code(d.pop("exit_code"))

        next_offset = d.pop("next_offset")

        log_stream_end = cls(
            status=status,
            exit_code=exit_code,
            next_offset=next_offset,
        )

        return log_stream_end
