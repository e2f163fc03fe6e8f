"""Clusters: the seed's "Clusters API" section (list, get, scale), runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/clusters.py --scale

It looks at `my-cluster` (a simulated cluster of the emulator; `--cluster NAME` picks another). Only
with `--scale` does it scale that cluster, and then it puts it back as it found it, even after an
error: without the flag it changes nothing, so it is safe against a real account.
"""

from __future__ import annotations

import argparse
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
    parser = argparse.ArgumentParser(description="The seed's Clusters API section.")
    parser.add_argument("--cluster", default="my-cluster", help="the cluster to look at (default my-cluster)")
    parser.add_argument("--scale", action="store_true", help="also scale it, then scale it back")
    args = parser.parse_args()
    name = args.cluster
    client = VantageClient()

    # --- List Clusters
    clusters = client.clusters.list()
    print(f"{len(clusters)} clusters")

    # List with filters
    clusters = client.clusters.list(status="running", provider="aws", region="us-west-2")
    for cluster in clusters:
        print(f"Cluster: {cluster.name} ({cluster.status})")

    # --- Get Cluster Details
    cluster = client.clusters.get(name)

    # Get with metrics
    cluster = client.clusters.get(name, include=["metrics", "nodes"])
    print(f"Cluster: {cluster.name}")
    print(f"Nodes: {cluster.node_count}")
    print(f"Resources: {cluster.total_resources}")
    print(f"Metrics: {cluster.metrics.running_jobs} running, {cluster.metrics.queued_jobs} queued")
    print(f"Node names: {[node.name for node in cluster.nodes]}")

    # Mixing the two forms of scaling is refused before any request is sent.
    try:
        client.clusters.scale(name, nodes=3, max_nodes=5)
    except ValidationError as e:
        print(f"refused before sending: {e.message}")

    if args.scale:
        scale_and_restore(client, cluster)
    client.close()


def scale_and_restore(client: VantageClient, cluster: Cluster) -> None:
    """The seed's scaling calls; the cluster gets its node count (or autoscaling bounds) back at the end."""
    name = cluster.name
    original_nodes, original_bounds = cluster.node_count, cluster.autoscaling
    try:
        # --- Scale Cluster
        # Scale to specific node count
        client.clusters.scale(name, nodes=10)
        print(f"scaled to {wait_until_scaled(client, name).node_count} nodes")

        # Scale with auto-scaling
        client.clusters.scale(name, min_nodes=2, max_nodes=20, target_utilization=0.8)
        cluster = wait_until_scaled(client, name)
        bounds = cluster.autoscaling
        print(f"autoscaling {bounds.min_nodes}-{bounds.max_nodes} nodes, now {cluster.node_count}")
    finally:
        if original_bounds:
            client.clusters.scale(
                name,
                min_nodes=original_bounds.min_nodes,
                max_nodes=original_bounds.max_nodes,
                target_utilization=original_bounds.target_utilization,
            )
        else:
            client.clusters.scale(name, nodes=original_nodes)
        print(f"back to {wait_until_scaled(client, name).node_count} nodes")


if __name__ == "__main__":
    main()
