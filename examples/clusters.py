"""Clusters: the seed's "Clusters API" section (list, get, scale), runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/clusters.py

It scales `my-cluster` (a simulated cluster of the emulator) and puts it back as it found it.
"""

from __future__ import annotations

import time

from vantage_sdk import Cluster, VantageClient
from vantage_sdk.exceptions import ValidationError


def wait_until_scaled(client: VantageClient, name: str) -> Cluster:
    """A scale request leaves the cluster `scaling` for a while; poll until it is `running` again."""
    cluster = client.clusters.get(name)
    while cluster.status == "scaling":
        time.sleep(0.2)
        cluster = client.clusters.get(name)
    return cluster


def main() -> None:
    client = VantageClient()

    # --- List Clusters
    clusters = client.clusters.list()
    print(f"{len(clusters)} clusters")

    # List with filters
    clusters = client.clusters.list(status="running", provider="aws", region="us-west-2")
    for cluster in clusters:
        print(f"Cluster: {cluster.name} ({cluster.status})")

    # --- Get Cluster Details
    cluster = client.clusters.get("my-cluster")

    # Get with metrics
    cluster = client.clusters.get("my-cluster", include=["metrics", "nodes"])
    print(f"Cluster: {cluster.name}")
    print(f"Nodes: {cluster.node_count}")
    print(f"Resources: {cluster.total_resources}")
    print(f"Metrics: {cluster.metrics.running_jobs} running, {cluster.metrics.queued_jobs} queued")
    print(f"Node names: {[node.name for node in cluster.nodes]}")
    original_nodes = cluster.node_count

    # --- Scale Cluster
    # Scale to specific node count
    client.clusters.scale("my-cluster", nodes=10)
    print(f"scaled to {wait_until_scaled(client, 'my-cluster').node_count} nodes")

    # Scale with auto-scaling
    client.clusters.scale("my-cluster", min_nodes=2, max_nodes=20, target_utilization=0.8)
    cluster = wait_until_scaled(client, "my-cluster")
    bounds = cluster.autoscaling
    print(f"autoscaling {bounds.min_nodes}-{bounds.max_nodes} nodes, now {cluster.node_count}")

    # Mixing the two forms is refused before any request is sent.
    try:
        client.clusters.scale("my-cluster", nodes=3, max_nodes=5)
    except ValidationError as e:
        print(f"refused before sending: {e.message}")

    client.clusters.scale("my-cluster", nodes=original_nodes)
    print(f"back to {wait_until_scaled(client, 'my-cluster').node_count} nodes")
    client.close()


if __name__ == "__main__":
    main()
