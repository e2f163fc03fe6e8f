# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_event import JobEvent
    from ..models.job_metrics import JobMetrics
    from ..models.job_output import JobOutput
    from ..models.job_spec import JobSpec
    from ..models.labels import Labels
    from ..models.log_line import LogLine


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """A submitted job.

    Example:
        {'id': 'job-3f9a1c2b7d4e', 'name': 'my-job', 'status': 'succeeded', 'cluster': 'local', 'priority': 0, 'spec':
            {'image': 'ubuntu:22.04', 'command': ['echo', 'hello'], 'resources': {'cpu': '2', 'memory': '4Gi'}}, 'labels':
            {}, 'created_at': '2024-01-01T00:00:00Z', 'started_at': '2024-01-01T00:00:01Z', 'finished_at':
            '2024-01-01T00:00:02Z', 'exit_code': 0, 'status_reason': None}

    Attributes:
        id (str): A job's id. Example: job-3f9a1c2b7d4e.
        name (str): A job's name, for people; need not be unique. Example: my-job.
        status (JobStatus): Where a job is in its life. Example: running.
        cluster (str): A cluster's name. Example: gpu-cluster.
        priority (int): The job's priority.
        spec (JobSpec): What the job runs. Example: {'image': 'ubuntu:22.04', 'command': ['echo', 'hello'], 'resources':
            {'cpu': '2', 'memory': '4Gi'}}.
        labels (Labels): Free-form string labels (at most 64). Example: {'team': 'research'}.
        created_at (datetime.datetime): When the job was submitted.
        started_at (datetime.datetime | None): When the job started running.
        finished_at (datetime.datetime | None): When the job finished.
        exit_code (int | None): The command's exit code, once it has exited.
        status_reason (None | str): Why the job is in its status (a failure or the cancel reason).
        logs (list[LogLine] | Unset): With `include=logs`, the log lines so far.
        outputs (list[JobOutput] | Unset): With `include=outputs`, the files the job wrote to `$VANTAGE_OUTPUT_DIR`.
        metrics (JobMetrics | Unset): What the job used. Example: {'wall_time_seconds': 1.5, 'cpu_time_seconds': 0.2,
            'peak_memory_bytes': 10485760}.
        events (list[JobEvent] | Unset): With `include=events`, what happened to the job.
    """

    id: str
    name: str
    status: JobStatus
    cluster: str
    priority: int
    spec: JobSpec
    labels: Labels
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    exit_code: int | None
    status_reason: None | str
    logs: list[LogLine] | Unset = UNSET
    outputs: list[JobOutput] | Unset = UNSET
    metrics: JobMetrics | Unset = UNSET
    events: list[JobEvent] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status: str = self.status

        cluster = self.cluster

        priority = self.priority

        spec = self.spec.to_dict()

        labels = self.labels.to_dict()

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        exit_code: int | None
        exit_code = self.exit_code

        status_reason: None | str
        status_reason = self.status_reason

        logs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.logs, Unset):
            logs = []
            for logs_item_data in self.logs:
                logs_item = logs_item_data.to_dict()
                logs.append(logs_item)

        outputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = []
            for outputs_item_data in self.outputs:
                outputs_item = outputs_item_data.to_dict()
                outputs.append(outputs_item)

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "cluster": cluster,
                "priority": priority,
                "spec": spec,
                "labels": labels,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "exit_code": exit_code,
                "status_reason": status_reason,
            }
        )
        if logs is not UNSET:
            field_dict["logs"] = logs
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_event import JobEvent  # noqa: PLC0415
        from ..models.job_metrics import JobMetrics  # noqa: PLC0415
        from ..models.job_output import JobOutput  # noqa: PLC0415
        from ..models.job_spec import JobSpec  # noqa: PLC0415
        from ..models.labels import Labels  # noqa: PLC0415
        from ..models.log_line import LogLine  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = check_job_status(d.pop("status"))

        cluster = d.pop("cluster")

        priority = d.pop("priority")

        spec = JobSpec.from_dict(d.pop("spec"))

        labels = Labels.from_dict(d.pop("labels"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_exit_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exit_code = _parse_exit_code(d.pop("exit_code"))

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))

        _logs = d.pop("logs", UNSET)
        logs: list[LogLine] | Unset = UNSET
        if _logs is not UNSET:
            logs = []
            for logs_item_data in _logs:
                logs_item = LogLine.from_dict(logs_item_data)

                logs.append(logs_item)

        _outputs = d.pop("outputs", UNSET)
        outputs: list[JobOutput] | Unset = UNSET
        if _outputs is not UNSET:
            outputs = []
            for outputs_item_data in _outputs:
                outputs_item = JobOutput.from_dict(outputs_item_data)

                outputs.append(outputs_item)

        _metrics = d.pop("metrics", UNSET)
        metrics: JobMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = JobMetrics.from_dict(_metrics)

        _events = d.pop("events", UNSET)
        events: list[JobEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = JobEvent.from_dict(events_item_data)

                events.append(events_item)

        job = cls(
            id=id,
            name=name,
            status=status,
            cluster=cluster,
            priority=priority,
            spec=spec,
            labels=labels,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            exit_code=exit_code,
            status_reason=status_reason,
            logs=logs,
            outputs=outputs,
            metrics=metrics,
            events=events,
        )

        return job
