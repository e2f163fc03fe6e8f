# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from typing import Literal

ClusterProvider = Literal["aws", "azure", "gcp", "local", "on-premises"]

CLUSTER_PROVIDER_VALUES: set[ClusterProvider] = {
    "aws",
    "azure",
    "gcp",
    "local",
    "on-premises",
}


def check_cluster_provider(value: str) -> ClusterProvider:
    if value in CLUSTER_PROVIDER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CLUSTER_PROVIDER_VALUES!r}")
