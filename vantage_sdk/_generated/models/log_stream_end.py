# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.job_status import JobStatus


T = TypeVar("T", bound="LogStreamEnd")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "status",
        "exit_code",
        "next_offset",
    }
)


@_attrs_define(repr=False)
class LogStreamEnd(Model):
    """The data of the `end` event that closes a log stream.

    Example:
        {'status': 'succeeded', 'exit_code': 0, 'next_offset': 1}

    Attributes:
        status (JobStatus): Where a job is in its life. Example: running.
        exit_code (int | None): The job's exit code.
        next_offset (int): The number of lines in the job's log.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "status",
        "exit_code",
        "next_offset",
    )

    status: JobStatus | str
    exit_code: int | None
    next_offset: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "status": self.status,
            "exit_code": self.exit_code,
            "next_offset": self.next_offset,
        }
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.status = src_dict["status"]
        self.exit_code = src_dict["exit_code"]
        self.next_offset = src_dict["next_offset"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
