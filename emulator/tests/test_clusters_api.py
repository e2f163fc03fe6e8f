"""Clusters: seeded list, real local resources, includes, scaling and its validation."""

from __future__ import annotations

import os
import time

import httpx
import pytest


def test_default_clusters_are_listed_by_name(client: httpx.Client) -> None:
    items = client.get("/v1/clusters").json()["items"]
    names = [c["name"] for c in items]
    assert names == sorted(names)
    assert {"local", "gpu-cluster", "my-cluster"} <= set(names)
    gpu = next(c for c in items if c["name"] == "gpu-cluster")
    assert (gpu["provider"], gpu["region"], gpu["status"]) == ("aws", "us-west-2", "running")
    assert all("metrics" not in c and "nodes" not in c for c in items)


def test_local_cluster_reports_this_machine(client: httpx.Client) -> None:
    local = client.get("/v1/clusters/local").json()
    assert (local["provider"], local["region"], local["node_count"]) == ("local", "local", 1)
    assert local["total_resources"]["cpu_cores"] == len(os.sched_getaffinity(0))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert local["total_resources"]["memory_bytes"] == memory
    assert local["autoscaling"] is None and local["max_concurrent_jobs"] >= 1


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"provider": "aws", "region": "us-west-2"}, {"gpu-cluster", "my-cluster"}),
        ({"provider": "local"}, {"local"}),
        ({"region": "nowhere-1"}, set()),
        ({"status": "stopped"}, set()),
    ],
)
def test_list_filters(client: httpx.Client, params: dict, names: set) -> None:
    items = client.get("/v1/clusters", params=params).json()["items"]
    assert {c["name"] for c in items} == names


def test_include_metrics_and_nodes(client: httpx.Client) -> None:
    cluster = client.get("/v1/clusters/gpu-cluster", params={"include": ["metrics", "nodes"]}).json()
    assert set(cluster["metrics"]) == {"cpu_utilization", "memory_utilization", "running_jobs", "queued_jobs"}
    assert len(cluster["nodes"]) == cluster["node_count"]
    assert all(
        n["status"] == "ready" and n["gpus"] * cluster["node_count"] == cluster["total_resources"]["gpus"]
        for n in cluster["nodes"]
    )
    only_nodes = client.get("/v1/clusters/gpu-cluster", params={"include": "nodes"}).json()
    assert "metrics" not in only_nodes and "nodes" in only_nodes


def test_scale_to_a_node_count_passes_through_scaling(configured: httpx.Client) -> None:
    before = configured.get("/v1/clusters/my-cluster").json()
    response = configured.post("/v1/clusters/my-cluster/scale", json={"nodes": before["node_count"] + 2})
    assert response.status_code == 202
    scaling = response.json()
    assert scaling["status"] == "scaling" and scaling["node_count"] == before["node_count"]
    nodes = configured.get("/v1/clusters/my-cluster", params={"include": "nodes"}).json()["nodes"]
    assert [n["status"] for n in nodes][-2:] == ["starting", "starting"]
    deadline = time.monotonic() + 5
    while (after := configured.get("/v1/clusters/my-cluster").json())["status"] == "scaling":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert after["status"] == "running" and after["node_count"] == before["node_count"] + 2
    per_node = before["total_resources"]["cpu_cores"] // before["node_count"]
    assert after["total_resources"]["cpu_cores"] == per_node * after["node_count"]
    assert after["autoscaling"] is None


def test_autoscaling_bounds_are_stored_and_clamp_the_size(configured: httpx.Client) -> None:
    response = configured.post(
        "/v1/clusters/gpu-cluster/scale", json={"min_nodes": 5, "max_nodes": 20, "target_utilization": 0.8}
    )
    assert response.status_code == 202
    assert response.json()["autoscaling"] == {"min_nodes": 5, "max_nodes": 20, "target_utilization": 0.8}
    time.sleep(0.5)
    cluster = configured.get("/v1/clusters/gpu-cluster").json()
    assert cluster["status"] == "running" and cluster["node_count"] == 5
    defaulted = configured.post("/v1/clusters/gpu-cluster/scale", json={"min_nodes": 1, "max_nodes": 2}).json()
    assert defaulted["autoscaling"]["target_utilization"] == 0.7
    fixed = configured.post("/v1/clusters/gpu-cluster/scale", json={"nodes": 2}).json()
    assert fixed["autoscaling"] is None


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"nodes": 3, "min_nodes": 1}, ["nodes", "min_nodes"]),
        ({"nodes": 3, "max_nodes": 4, "target_utilization": 0.5}, ["nodes", "max_nodes", "target_utilization"]),
        ({"min_nodes": 5, "max_nodes": 2}, ["min_nodes", "max_nodes"]),
        ({"min_nodes": 1}, ["max_nodes"]),
        ({"target_utilization": 0.5}, ["min_nodes", "max_nodes"]),
        ({}, ["nodes", "min_nodes", "max_nodes"]),
        ({"min_nodes": 1, "max_nodes": 2, "target_utilization": 0}, ["target_utilization"]),
        ({"min_nodes": 1, "max_nodes": 2, "target_utilization": 1.5}, ["target_utilization"]),
        ({"nodes": -1}, ["nodes"]),
    ],
)
def test_invalid_scale_requests_are_400s_naming_the_fields(client: httpx.Client, body: dict, fields: list) -> None:
    response = client.post("/v1/clusters/my-cluster/scale", json=body)
    assert response.status_code == 400, response.text
    assert [e["field"] for e in response.json()["errors"]] == fields


def test_scaling_the_local_machine_is_a_409(client: httpx.Client) -> None:
    response = client.post("/v1/clusters/local/scale", json={"nodes": 4})
    assert response.status_code == 409 and response.json()["code"] == "cluster_not_scalable"


def test_unknown_cluster_is_404(client: httpx.Client) -> None:
    for response in (client.get("/v1/clusters/nope"), client.post("/v1/clusters/nope/scale", json={"nodes": 1})):
        assert response.status_code == 404 and response.json()["detail"] == "Cluster 'nope' does not exist."
