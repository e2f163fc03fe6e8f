# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import UNSET, LazyField, Model, Unset

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.job_resources import JobResources
    from ..models.job_spec_env import JobSpecEnv


T = TypeVar("T", bound="JobSpec")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "command",
        "image",
        "env",
        "resources",
        "working_dir",
        "timeout_seconds",
    }
)


@_attrs_define(repr=False)
class JobSpec(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "command",
        "image",
        "env",
        "resources",
        "working_dir",
        "timeout_seconds",
    )

    command: list[str]
    image: str | Unset = UNSET
    env: JobSpecEnv | Unset = UNSET
    resources: JobResources | Unset = UNSET
    working_dir: str | Unset = UNSET
    timeout_seconds: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "command": list(self.command),
        }
        if not isinstance(self.image, Unset):
            field_dict["image"] = self.image
        if not isinstance(self.env, Unset):
            field_dict["env"] = dict(self.env)
        if not isinstance(self.resources, Unset):
            field_dict["resources"] = self.resources.to_dict()
        if not isinstance(self.working_dir, Unset):
            field_dict["working_dir"] = self.working_dir
        if not isinstance(self.timeout_seconds, Unset):
            field_dict["timeout_seconds"] = self.timeout_seconds
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.command = src_dict["command"]
        self.image = src_dict.get("image", UNSET)
        self.env = src_dict.get("env", UNSET)
        # resources: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self.working_dir = src_dict.get("working_dir", UNSET)
        self.timeout_seconds = src_dict.get("timeout_seconds", UNSET)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 1 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_resources(src_dict: Mapping[str, Any]) -> JobResources | Unset:
    resources = src_dict.get("resources", UNSET)
    return UNSET if resources is UNSET else _models.JobResources.from_dict(resources)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
setattr(JobSpec, "resources", LazyField(getattr(JobSpec, "resources"), _parse_resources))
