# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, UNSET, LazyField, Model, Unset, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.job_event import JobEvent
    from ..models.job_metrics import JobMetrics
    from ..models.job_output import JobOutput
    from ..models.job_spec import JobSpec
    from ..models.job_status import JobStatus
    from ..models.labels import Labels
    from ..models.log_line import LogLine


T = TypeVar("T", bound="Job")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "name",
        "status",
        "cluster",
        "priority",
        "spec",
        "labels",
        "created_at",
        "started_at",
        "finished_at",
        "exit_code",
        "status_reason",
        "logs",
        "outputs",
        "metrics",
        "events",
    }
)


@_attrs_define(repr=False)
class Job(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "id",
        "name",
        "status",
        "cluster",
        "priority",
        "spec",
        "labels",
        "created_at",
        "started_at",
        "finished_at",
        "exit_code",
        "status_reason",
        "logs",
        "outputs",
        "metrics",
        "events",
    )

    id: str
    name: str
    status: JobStatus | str
    cluster: str
    priority: int
    spec: JobSpec
    labels: Labels
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    exit_code: int | None
    status_reason: str | None
    logs: list[LogLine] | Unset = UNSET
    outputs: list[JobOutput] | Unset = UNSET
    metrics: JobMetrics | Unset = UNSET
    events: list[JobEvent] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "cluster": self.cluster,
            "priority": self.priority,
            "spec": self.spec.to_dict(),
            "labels": dict(self.labels),
            "created_at": self.created_at.isoformat(),
            "started_at": None if self.started_at is None else self.started_at.isoformat(),
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
            "exit_code": self.exit_code,
            "status_reason": self.status_reason,
        }
        if not isinstance(self.logs, Unset):
            field_dict["logs"] = [item0.to_dict() for item0 in self.logs]
        if not isinstance(self.outputs, Unset):
            field_dict["outputs"] = [item0.to_dict() for item0 in self.outputs]
        if not isinstance(self.metrics, Unset):
            field_dict["metrics"] = self.metrics.to_dict()
        if not isinstance(self.events, Unset):
            field_dict["events"] = [item0.to_dict() for item0 in self.events]
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.id = src_dict["id"]
        self.name = src_dict["name"]
        self.status = src_dict["status"]
        self.cluster = src_dict["cluster"]
        self.priority = src_dict["priority"]
        src_dict["spec"]  # present now, parsed when first read
        _set_spec(self, PENDING)
        self.labels = src_dict["labels"]
        src_dict["created_at"]  # present now, parsed when first read
        _set_created_at(self, PENDING)
        src_dict["started_at"]  # present now, parsed when first read
        _set_started_at(self, PENDING)
        src_dict["finished_at"]  # present now, parsed when first read
        _set_finished_at(self, PENDING)
        self.exit_code = src_dict["exit_code"]
        self.status_reason = src_dict["status_reason"]
        # logs: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        # outputs: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        # metrics: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        # events: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 12 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_spec(src_dict: Mapping[str, Any]) -> JobSpec:
    spec = src_dict["spec"]
    return _models.JobSpec.from_dict(spec)


def _parse_created_at(src_dict: Mapping[str, Any]) -> datetime.datetime:
    created_at = src_dict["created_at"]
    return parse_datetime(created_at)


def _parse_started_at(src_dict: Mapping[str, Any]) -> datetime.datetime | None:
    started_at = src_dict["started_at"]
    return None if started_at is None else parse_datetime(started_at)


def _parse_finished_at(src_dict: Mapping[str, Any]) -> datetime.datetime | None:
    finished_at = src_dict["finished_at"]
    return None if finished_at is None else parse_datetime(finished_at)


def _parse_logs(src_dict: Mapping[str, Any]) -> list[LogLine] | Unset:
    logs = src_dict.get("logs", UNSET)
    return UNSET if logs is UNSET else [_models.LogLine.from_dict(item0) for item0 in logs]


def _parse_outputs(src_dict: Mapping[str, Any]) -> list[JobOutput] | Unset:
    outputs = src_dict.get("outputs", UNSET)
    return UNSET if outputs is UNSET else [_models.JobOutput.from_dict(item0) for item0 in outputs]


def _parse_metrics(src_dict: Mapping[str, Any]) -> JobMetrics | Unset:
    metrics = src_dict.get("metrics", UNSET)
    return UNSET if metrics is UNSET else _models.JobMetrics.from_dict(metrics)


def _parse_events(src_dict: Mapping[str, Any]) -> list[JobEvent] | Unset:
    events = src_dict.get("events", UNSET)
    return UNSET if events is UNSET else [_models.JobEvent.from_dict(item0) for item0 in events]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_spec = getattr(Job, "spec").__set__
_set_created_at = getattr(Job, "created_at").__set__
_set_started_at = getattr(Job, "started_at").__set__
_set_finished_at = getattr(Job, "finished_at").__set__
setattr(Job, "spec", LazyField(getattr(Job, "spec"), _parse_spec))
setattr(Job, "created_at", LazyField(getattr(Job, "created_at"), _parse_created_at))
setattr(Job, "started_at", LazyField(getattr(Job, "started_at"), _parse_started_at))
setattr(Job, "finished_at", LazyField(getattr(Job, "finished_at"), _parse_finished_at))
setattr(Job, "logs", LazyField(getattr(Job, "logs"), _parse_logs))
setattr(Job, "outputs", LazyField(getattr(Job, "outputs"), _parse_outputs))
setattr(Job, "metrics", LazyField(getattr(Job, "metrics"), _parse_metrics))
setattr(Job, "events", LazyField(getattr(Job, "events"), _parse_events))
