# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

ClusterInclude = Literal["metrics", "nodes"]

CLUSTER_INCLUDE_VALUES: set[ClusterInclude] = {
    "metrics",
    "nodes",
}


def check_cluster_include(value: str) -> ClusterInclude:
    if value in CLUSTER_INCLUDE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CLUSTER_INCLUDE_VALUES!r}")
