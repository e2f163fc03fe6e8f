# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

JobStatus = Literal["cancelled", "failed", "pending", "running", "succeeded"]

JOB_STATUS_VALUES: set[JobStatus] = {
    "cancelled",
    "failed",
    "pending",
    "running",
    "succeeded",
}


def check_job_status(value: str) -> JobStatus:
    if value in JOB_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_STATUS_VALUES!r}")
