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
    from ..models.job_status import JobStatus
    from ..models.problem import Problem


T = TypeVar("T", bound="BatchCancelItem")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "job_id",
        "ok",
        "job_status",
        "error",
    }
)


@_attrs_define(repr=False)
class BatchCancelItem(Model):
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
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "job_id",
        "ok",
        "job_status",
        "error",
    )

    job_id: str
    ok: bool
    job_status: JobStatus | str | Unset = UNSET
    error: Problem | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "job_id": self.job_id,
            "ok": self.ok,
        }
        if not isinstance(self.job_status, Unset):
            field_dict["job_status"] = self.job_status
        if not isinstance(self.error, Unset):
            field_dict["error"] = self.error.to_dict()
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.job_id = src_dict["job_id"]
        self.ok = src_dict["ok"]
        self.job_status = src_dict.get("job_status", UNSET)
        # error: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 2 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_error(src_dict: Mapping[str, Any]) -> Problem | Unset:
    error = src_dict.get("error", UNSET)
    return UNSET if error is UNSET else _models.Problem.from_dict(error)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
setattr(BatchCancelItem, "error", LazyField(getattr(BatchCancelItem, "error"), _parse_error))
