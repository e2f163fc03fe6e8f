"""client.clusters end to end against the real emulator, sync and async."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from vantage_sdk import (
    AsyncVantageClient,
    Cluster,
    ClusterMetrics,
    ResourceNotFoundError,
    ValidationError,
    VantageClient,
)


def offline_client() -> VantageClient:
    """Every request would fail to connect: a ValidationError from it proves nothing was sent."""
    return VantageClient(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)


def test_list_returns_clusters_and_filters(vantage_client: VantageClient) -> None:
    clusters = vantage_client.clusters.list()
    assert all(isinstance(c, Cluster) for c in clusters)
    names = [c.name for c in clusters]
    assert {"local", "gpu-cluster"} <= set(names)
    assert names == sorted(names)
    aws = vantage_client.clusters.list(status="running", provider="aws", region="us-west-2")
    assert "gpu-cluster" in [c.name for c in aws]
    assert all((c.status, c.provider, c.region) == ("running", "aws", "us-west-2") for c in aws)
    assert [c.name for c in vantage_client.clusters.list(provider="local")] == ["local"]
    assert vantage_client.clusters.list(region="nowhere-1") == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"status": "up"}, "status"), ({"provider": "ibm"}, "provider"), ({"region": ""}, "region")],
)
def test_bad_filters_are_refused_before_any_request(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field) as info:
        offline_client().clusters.list(**kwargs)
    assert info.value.details[0]["field"] == field


def test_get_with_metrics_and_nodes(vantage_client: VantageClient) -> None:
    local = vantage_client.clusters.get("local")
    assert local.node_count >= 1 and local.total_resources.cpu_cores >= 1
    assert isinstance(local.created_at, datetime.datetime)
    full = vantage_client.clusters.get("local", include=["metrics", "nodes"])
    assert isinstance(full.metrics, ClusterMetrics) and isinstance(full.nodes, list)
    assert 0 <= full.metrics.cpu_utilization <= 1
    assert len(full.nodes) == full.node_count
    assert sum(n.cpu_cores for n in full.nodes) == full.total_resources.cpu_cores
    with pytest.raises(ValidationError, match="include"):
        vantage_client.clusters.get("local", include=["gpus"])
    with pytest.raises(ResourceNotFoundError):
        vantage_client.clusters.get("no-such-cluster")


def test_scale_to_nodes_and_to_autoscaling(vantage_client: VantageClient) -> None:
    fixed = vantage_client.clusters.scale("my-cluster", nodes=4)
    assert fixed.name == "my-cluster" and fixed.autoscaling is None
    auto = vantage_client.clusters.scale("my-cluster", min_nodes=2, max_nodes=20, target_utilization=0.8)
    assert auto.autoscaling is not None
    assert (auto.autoscaling.min_nodes, auto.autoscaling.max_nodes) == (2, 20)
    assert auto.autoscaling.target_utilization == pytest.approx(0.8)
    with pytest.raises(ResourceNotFoundError):
        vantage_client.clusters.scale("no-such-cluster", nodes=1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"nodes": 3, "min_nodes": 1, "max_nodes": 5}, "min_nodes"),
        ({"nodes": 3, "target_utilization": 0.5}, "target_utilization"),
        ({}, "min_nodes"),
        ({"min_nodes": 1}, "max_nodes"),
        ({"max_nodes": 5}, "min_nodes"),
        ({"target_utilization": 0.5}, "min_nodes"),
        ({"nodes": -1}, "nodes"),
        ({"nodes": 1001}, "nodes"),
        ({"nodes": 2.5}, "nodes"),
        ({"nodes": True}, "nodes"),
        ({"min_nodes": 5, "max_nodes": 2}, "min_nodes"),
        ({"min_nodes": 0, "max_nodes": 0}, "max_nodes"),
        ({"min_nodes": 1, "max_nodes": 5, "target_utilization": 0}, "target_utilization"),
        ({"min_nodes": 1, "max_nodes": 5, "target_utilization": 1.5}, "target_utilization"),
        ({"min_nodes": 1, "max_nodes": 5, "target_utilization": float("nan")}, "target_utilization"),
    ],
)
def test_bad_scale_requests_are_refused_before_any_request(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        offline_client().clusters.scale("my-cluster", **kwargs)
    assert info.value.status_code is None
    assert info.value.details[0]["field"] == field


async def test_async_clusters(async_vantage_client: AsyncVantageClient) -> None:
    clusters = async_vantage_client.clusters
    listed = await clusters.list(provider="aws", region="us-west-2")
    assert "gpu-cluster" in [c.name for c in listed]
    got = await clusters.get("gpu-cluster", include="nodes")
    assert got.provider == "aws" and len(got.nodes) == got.node_count  # type: ignore[arg-type]
    scaled = await clusters.scale("specific-cluster", min_nodes=1, max_nodes=3)
    assert scaled.autoscaling is not None and scaled.autoscaling.max_nodes == 3
    with pytest.raises(ValidationError, match="nodes"):
        await clusters.scale("specific-cluster", nodes=1, max_nodes=2)
    with pytest.raises(ResourceNotFoundError):
        await clusters.get("no-such-cluster")
