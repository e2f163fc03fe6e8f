# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

JobInclude = Literal["events", "logs", "metrics", "outputs"]

JOB_INCLUDE_VALUES: set[JobInclude] = {
    "events",
    "logs",
    "metrics",
    "outputs",
}


def check_job_include(value: str) -> JobInclude:
    if value in JOB_INCLUDE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_INCLUDE_VALUES!r}")
