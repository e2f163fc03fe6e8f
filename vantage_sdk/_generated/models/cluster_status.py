# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

ClusterStatus = Literal["error", "provisioning", "running", "scaling", "stopped"]

CLUSTER_STATUS_VALUES: set[ClusterStatus] = {
    "error",
    "provisioning",
    "running",
    "scaling",
    "stopped",
}


def check_cluster_status(value: str) -> ClusterStatus:
    if value in CLUSTER_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CLUSTER_STATUS_VALUES!r}")
