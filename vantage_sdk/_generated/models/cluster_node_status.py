# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

ClusterNodeStatus = Literal["draining", "ready", "starting"]

CLUSTER_NODE_STATUS_VALUES: set[ClusterNodeStatus] = {
    "draining",
    "ready",
    "starting",
}


def check_cluster_node_status(value: str) -> ClusterNodeStatus:
    if value in CLUSTER_NODE_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CLUSTER_NODE_STATUS_VALUES!r}")
