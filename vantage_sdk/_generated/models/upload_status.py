# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

UploadStatus = Literal["aborted", "completed", "open"]

UPLOAD_STATUS_VALUES: set[UploadStatus] = {
    "aborted",
    "completed",
    "open",
}


def check_upload_status(value: str) -> UploadStatus:
    if value in UPLOAD_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPLOAD_STATUS_VALUES!r}")
