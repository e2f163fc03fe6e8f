# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import PENDING, LazyField, Model, parse_datetime

T = TypeVar("T", bound="JobEvent")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "timestamp",
        "type",
        "message",
    }
)


@_attrs_define(repr=False)
class JobEvent(Model):
    """Something that happened to a job.

    Attributes:
        timestamp (datetime.datetime): When it happened.
        type_ (str): A short machine-readable kind, such as `submitted` or `started`.
        message (str): What happened, for people.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "timestamp",
        "type_",
        "message",
    )

    timestamp: datetime.datetime
    type_: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "timestamp": self.timestamp.isoformat(),
            "type": self.type_,
            "message": self.message,
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
        src_dict["timestamp"]  # present now, parsed when first read
        _set_timestamp(self, PENDING)
        self.type_ = src_dict["type"]
        self.message = src_dict["message"]
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_timestamp(src_dict: Mapping[str, Any]) -> datetime.datetime:
    timestamp = src_dict["timestamp"]
    return parse_datetime(timestamp)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_timestamp = getattr(JobEvent, "timestamp").__set__
setattr(JobEvent, "timestamp", LazyField(getattr(JobEvent, "timestamp"), _parse_timestamp))
