# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_resources import JobResources
    from ..models.job_spec_env import JobSpecEnv


T = TypeVar("T", bound="JobSpec")


@_attrs_define
class JobSpec:
    """What the job runs.

    Example:
        {'image': 'ubuntu:22.04', 'command': ['echo', 'hello'], 'resources': {'cpu': '2', 'memory': '4Gi'}}

    Attributes:
        command (list[str]): The program and its arguments.
        image (str | Unset): The container image (the emulator records it but runs the command on the host).
        env (JobSpecEnv | Unset): Environment variables for the command (at most 256, each value up to 32 KiB).
        resources (JobResources | Unset): What the job asks of a node. Example: {'cpu': '2', 'memory': '4Gi'}.
        working_dir (str | Unset): A directory relative to the job's own working directory.
        timeout_seconds (int | Unset): The job fails once it has run this long.
    """

    command: list[str]
    image: str | Unset = UNSET
    env: JobSpecEnv | Unset = UNSET
    resources: JobResources | Unset = UNSET
    working_dir: str | Unset = UNSET
    timeout_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command = self.command

        image = self.image

        env: dict[str, Any] | Unset = UNSET
        if not isinstance(self.env, Unset):
            env = self.env.to_dict()

        resources: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resources, Unset):
            resources = self.resources.to_dict()

        working_dir = self.working_dir

        timeout_seconds = self.timeout_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "command": command,
            }
        )
        if image is not UNSET:
            field_dict["image"] = image
        if env is not UNSET:
            field_dict["env"] = env
        if resources is not UNSET:
            field_dict["resources"] = resources
        if working_dir is not UNSET:
            field_dict["working_dir"] = working_dir
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_resources import JobResources  # noqa: PLC0415
        from ..models.job_spec_env import JobSpecEnv  # noqa: PLC0415

        d = dict(src_dict)
        command = cast(list[str], d.pop("command"))

        image = d.pop("image", UNSET)

        _env = d.pop("env", UNSET)
        env: JobSpecEnv | Unset
        if isinstance(_env, Unset):
            env = UNSET
        else:
            env = JobSpecEnv.from_dict(_env)

        _resources = d.pop("resources", UNSET)
        resources: JobResources | Unset
        if isinstance(_resources, Unset):
            resources = UNSET
        else:
            resources = JobResources.from_dict(_resources)

        working_dir = d.pop("working_dir", UNSET)

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        job_spec = cls(
            command=command,
            image=image,
            env=env,
            resources=resources,
            working_dir=working_dir,
            timeout_seconds=timeout_seconds,
        )

        return job_spec
