# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, UNSET, LazyField, Model, Unset

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.job_spec import JobSpec
    from ..models.job_submit_request_env import JobSubmitRequestEnv
    from ..models.labels import Labels


T = TypeVar("T", bound="JobSubmitRequest")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "name",
        "spec",
        "labels",
        "cluster",
        "priority",
        "env",
    }
)


@_attrs_define(repr=False)
class JobSubmitRequest(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "name",
        "spec",
        "labels",
        "cluster",
        "priority",
        "env",
    )

    name: str
    spec: JobSpec
    labels: Labels | Unset = UNSET
    cluster: str | Unset = UNSET
    priority: int | Unset = UNSET
    env: JobSubmitRequestEnv | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "spec": self.spec.to_dict(),
        }
        if not isinstance(self.labels, Unset):
            field_dict["labels"] = dict(self.labels)
        if not isinstance(self.cluster, Unset):
            field_dict["cluster"] = self.cluster
        if not isinstance(self.priority, Unset):
            field_dict["priority"] = self.priority
        if not isinstance(self.env, Unset):
            field_dict["env"] = dict(self.env)
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.name = src_dict["name"]
        src_dict["spec"]  # present now, parsed when first read
        _set_spec(self, PENDING)
        self.labels = src_dict.get("labels", UNSET)
        self.cluster = src_dict.get("cluster", UNSET)
        self.priority = src_dict.get("priority", UNSET)
        self.env = src_dict.get("env", UNSET)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 2 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_spec(src_dict: Mapping[str, Any]) -> JobSpec:
    spec = src_dict["spec"]
    return _models.JobSpec.from_dict(spec)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_spec = getattr(JobSubmitRequest, "spec").__set__
setattr(JobSubmitRequest, "spec", LazyField(getattr(JobSubmitRequest, "spec"), _parse_spec))
