# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import PENDING, LazyField, Model, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.log_stream import LogStream


T = TypeVar("T", bound="LogLine")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "offset",
        "timestamp",
        "stream",
        "line",
    }
)


@_attrs_define(repr=False)
class LogLine(Model):
    """One line of a job's output.

    Example:
        {'offset': 0, 'timestamp': '2024-01-01T00:00:01Z', 'stream': 'stdout', 'line': 'hello'}

    Attributes:
        offset (int): The line's 0-based position in the job's log.
        timestamp (datetime.datetime): When the line was written.
        stream (LogStream): Which output stream a line came from.
        line (str): The text, without its line ending.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "offset",
        "timestamp",
        "stream",
        "line",
    )

    offset: int
    timestamp: datetime.datetime
    stream: LogStream | str
    line: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "offset": self.offset,
            "timestamp": self.timestamp.isoformat(),
            "stream": self.stream,
            "line": self.line,
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
        self.offset = src_dict["offset"]
        src_dict["timestamp"]  # present now, parsed when first read
        _set_timestamp(self, PENDING)
        self.stream = src_dict["stream"]
        self.line = src_dict["line"]
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 4 and not _KNOWN.issuperset(src_dict):
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
_set_timestamp = getattr(LogLine, "timestamp").__set__
setattr(LogLine, "timestamp", LazyField(getattr(LogLine, "timestamp"), _parse_timestamp))
