# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

LogStream = Literal["stderr", "stdout"]

LOG_STREAM_VALUES: set[LogStream] = {
    "stderr",
    "stdout",
}


def check_log_stream(value: str) -> LogStream:
    if value in LOG_STREAM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOG_STREAM_VALUES!r}")
