# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_spec import JobSpec
    from ..models.job_submit_request_env import JobSubmitRequestEnv
    from ..models.labels import Labels


T = TypeVar("T", bound="JobSubmitRequest")


@_attrs_define
class JobSubmitRequest:
    """A job template and where and how to run it.

    Attributes:
        name (str): A job's name, for people; need not be unique. Example: my-job.
        spec (JobSpec): What the job runs. Example: {'image': 'ubuntu:22.04', 'command': ['echo', 'hello'], 'resources':
            {'cpu': '2', 'memory': '4Gi'}}.
        labels (Labels | Unset): Free-form string labels (at most 64). Example: {'team': 'research'}.
        cluster (str | Unset): A cluster's name. Example: gpu-cluster.
        priority (int | Unset): Higher runs first among queued jobs. Default: 0.
        env (JobSubmitRequestEnv | Unset): Environment overrides merged over `spec.env` (at most 256, each value up to
            32 KiB).
    """

    name: str
    spec: JobSpec
    labels: Labels | Unset = UNSET
    cluster: str | Unset = UNSET
    priority: int | Unset = 0
    env: JobSubmitRequestEnv | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        spec = self.spec.to_dict()

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

        cluster = self.cluster

        priority = self.priority

        env: dict[str, Any] | Unset = UNSET
        if not isinstance(self.env, Unset):
            env = self.env.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "spec": spec,
            }
        )
        if labels is not UNSET:
            field_dict["labels"] = labels
        if cluster is not UNSET:
            field_dict["cluster"] = cluster
        if priority is not UNSET:
            field_dict["priority"] = priority
        if env is not UNSET:
            field_dict["env"] = env

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_spec import JobSpec  # noqa: PLC0415
        from ..models.job_submit_request_env import JobSubmitRequestEnv  # noqa: PLC0415
        from ..models.labels import Labels  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        spec = JobSpec.from_dict(d.pop("spec"))

        _labels = d.pop("labels", UNSET)
        labels: Labels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = Labels.from_dict(_labels)

        cluster = d.pop("cluster", UNSET)

        priority = d.pop("priority", UNSET)

        _env = d.pop("env", UNSET)
        env: JobSubmitRequestEnv | Unset
        if isinstance(_env, Unset):
            env = UNSET
        else:
            env = JobSubmitRequestEnv.from_dict(_env)

        job_submit_request = cls(
            name=name,
            spec=spec,
            labels=labels,
            cluster=cluster,
            priority=priority,
            env=env,
        )

        return job_submit_request
