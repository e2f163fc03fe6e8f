# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.log_stream import LogStream, check_log_stream

T = TypeVar("T", bound="LogLine")


@_attrs_define
class LogLine:
    """One line of a job's output.

    Example:
        {'offset': 0, 'timestamp': '2024-01-01T00:00:01Z', 'stream': 'stdout', 'line': 'hello'}

    Attributes:
        offset (int): The line's 0-based position in the job's log.
        timestamp (datetime.datetime): When the line was written.
        stream (LogStream): Which output stream a line came from.
        line (str): The text, without its line ending.
    """

    offset: int
    timestamp: datetime.datetime
    stream: LogStream
    line: str

    def to_dict(self) -> dict[str, Any]:
        offset = self.offset

        timestamp = self.timestamp.isoformat()

        stream: str = self.stream

        line = self.line

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "offset": offset,
                "timestamp": timestamp,
                "stream": stream,
                "line": line,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offset = d.pop("offset")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        stream = check_log_stream(d.pop("stream"))

        line = d.pop("line")

        log_line = cls(
            offset=offset,
            timestamp=timestamp,
            stream=stream,
            line=line,
        )

        return log_line
