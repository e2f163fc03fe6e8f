"""Handlers of the `clusters` operations.

A scale request puts the cluster in `scaling` until `scale_delay_seconds` have
passed; the change is applied lazily by the next read after that.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Any

from starlette.responses import Response

from ..config import machine_cpu_count
from ..core import current
from ..problems import ApiProblem
from ..state import State, format_time, now
from . import json_response

__all__ = ["get_cluster", "list_clusters", "scale_cluster"]

DEFAULT_TARGET_UTILIZATION = 0.7


def _settle(state: State, organization: str) -> None:
    """Finish scale operations whose delay has passed."""
    ts = now()
    due = state.query_one(
        "SELECT 1 FROM clusters WHERE organization = ? AND scaling_until IS NOT NULL AND scaling_until <= ?",
        (organization, ts),
    )
    if due is None:
        return
    with state.transaction() as db:
        db.execute(
            "UPDATE clusters SET status = 'running', node_count = pending_node_count, pending_node_count = NULL,"
            " scaling_until = NULL WHERE organization = ? AND scaling_until IS NOT NULL AND scaling_until <= ?",
            (organization, ts),
        )


def _load(state: State, organization: str, name: str) -> sqlite3.Row:
    _settle(state, organization)
    row = state.query_one("SELECT * FROM clusters WHERE organization = ? AND name = ?", (organization, name))
    if row is None:
        raise ApiProblem(404, f"Cluster '{name}' does not exist.")
    return row


def _nodes(row: sqlite3.Row) -> list[dict[str, Any]]:
    target = row["pending_node_count"]
    count = max(row["node_count"], target if target is not None else 0)
    nodes = []
    for i in range(count):
        if target is not None and i >= row["node_count"]:
            status = "starting"
        elif target is not None and i >= target:
            status = "draining"
        else:
            status = "ready"
        nodes.append(
            {
                "name": f"{row['name']}-node-{i + 1}",
                "status": status,
                "cpu_cores": row["node_cpu_cores"],
                "memory_bytes": row["node_memory_bytes"],
                "gpus": row["node_gpus"],
            }
        )
    return nodes


def _machine_utilization() -> tuple[float, float]:
    """This machine's CPU (1-minute load per CPU) and memory utilization."""
    try:
        cpu = os.getloadavg()[0] / machine_cpu_count()
    except OSError:
        cpu = 0.0
    memory = 0.0
    try:
        with open("/proc/meminfo") as f:
            info = {line.split(":")[0]: int(line.split()[1]) for line in f if line.split()[1:]}
        memory = 1 - info["MemAvailable"] / info["MemTotal"]
    except (OSError, KeyError, ValueError, ZeroDivisionError):
        pass
    return min(1.0, max(0.0, cpu)), min(1.0, max(0.0, memory))


def _metrics(state: State, row: sqlite3.Row) -> dict[str, Any]:
    counts = dict.fromkeys(("running", "pending"), 0)
    for r in state.query(
        "SELECT status, COUNT(*) AS n FROM jobs WHERE organization = ? AND cluster = ?"
        " AND status IN ('running', 'pending') GROUP BY status",
        (row["organization"], row["name"]),
    ):
        counts[r["status"]] = r["n"]
    if row["provider"] == "local":
        cpu, memory = _machine_utilization()
    else:
        # Simulated clusters: load follows how many of their slots are busy.
        cpu = memory = min(1.0, counts["running"] / row["max_concurrent_jobs"])
    return {
        "cpu_utilization": round(cpu, 4),
        "memory_utilization": round(memory, 4),
        "running_jobs": counts["running"],
        "queued_jobs": counts["pending"],
    }


def cluster_json(state: State, row: sqlite3.Row, include: list[str] | None = None) -> dict[str, Any]:
    """A cluster row as the spec's `Cluster`, with the `include`d extras."""
    nodes = row["node_count"]
    cluster: dict[str, Any] = {
        "name": row["name"],
        "status": row["status"],
        "provider": row["provider"],
        "region": row["region"],
        "node_count": nodes,
        "total_resources": {
            "cpu_cores": nodes * row["node_cpu_cores"],
            "memory_bytes": nodes * row["node_memory_bytes"],
            "gpus": nodes * row["node_gpus"],
        },
        "max_concurrent_jobs": row["max_concurrent_jobs"],
        "autoscaling": json.loads(row["autoscaling"]) if row["autoscaling"] else None,
        "created_at": format_time(row["created_at"]),
    }
    if include and "metrics" in include:
        cluster["metrics"] = _metrics(state, row)
    if include and "nodes" in include:
        cluster["nodes"] = _nodes(row)
    return cluster


async def list_clusters(status: str | None = None, provider: str | None = None, region: str | None = None) -> Response:
    ctx = current()
    state = ctx.emulator.state
    _settle(state, ctx.organization)
    where, params = ["organization = ?"], [ctx.organization]
    for column, value in (("status", status), ("provider", provider), ("region", region)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    rows = state.query(f"SELECT * FROM clusters WHERE {' AND '.join(where)} ORDER BY name", params)
    return json_response({"items": [cluster_json(state, row) for row in rows]})


async def get_cluster(cluster_name: str, include: list[str] | None = None) -> Response:
    ctx = current()
    row = _load(ctx.emulator.state, ctx.organization, cluster_name)
    return json_response(cluster_json(ctx.emulator.state, row, include))


def _scale_target(body: dict[str, Any], current_nodes: int) -> tuple[int, dict[str, Any] | None]:
    """The node count and autoscaling settings a scale request asks for.

    Raises:
        ApiProblem: 400 naming the fields when the request mixes or lacks forms.
    """
    auto_fields = [f for f in ("min_nodes", "max_nodes", "target_utilization") if f in body]
    if "nodes" in body and auto_fields:
        raise ApiProblem(
            400,
            "Give either `nodes` or autoscaling bounds (`min_nodes`, `max_nodes`), not both.",
            code="invalid_scale_request",
            errors=[{"field": f, "message": "cannot be combined with the other form"} for f in ["nodes", *auto_fields]],
        )
    if "nodes" in body:
        return body["nodes"], None
    missing = [f for f in ("min_nodes", "max_nodes") if f not in body]
    if missing:
        raise ApiProblem(
            400,
            "Give `nodes`, or both `min_nodes` and `max_nodes`.",
            code="invalid_scale_request",
            errors=[
                {"field": f, "message": "is required for autoscaling"}
                for f in (missing if auto_fields else ["nodes", *missing])
            ],
        )
    low, high = body["min_nodes"], body["max_nodes"]
    if low > high:
        raise ApiProblem(
            400,
            f"min_nodes ({low}) is greater than max_nodes ({high}).",
            code="invalid_scale_request",
            errors=[
                {"field": "min_nodes", "message": f"must not exceed max_nodes ({high})"},
                {"field": "max_nodes", "message": f"must be at least min_nodes ({low})"},
            ],
        )
    target = body.get("target_utilization", DEFAULT_TARGET_UTILIZATION)
    autoscaling = {"min_nodes": low, "max_nodes": high, "target_utilization": target}
    return min(max(current_nodes, low), high), autoscaling


def scale_cluster(cluster_name: str, body: dict[str, Any]) -> Response:
    ctx = current()
    state = ctx.emulator.state
    row = _load(state, ctx.organization, cluster_name)
    nodes, autoscaling = _scale_target(body, row["node_count"])
    if row["provider"] == "local":
        raise ApiProblem(
            409, f"Cluster '{cluster_name}' is this machine and cannot be scaled.", code="cluster_not_scalable"
        )
    with state.transaction() as db:
        db.execute(
            "UPDATE clusters SET status = 'scaling', pending_node_count = ?, autoscaling = ?, scaling_until = ?"
            " WHERE organization = ? AND name = ?",
            (
                nodes,
                json.dumps(autoscaling) if autoscaling else None,
                now() + ctx.emulator.settings.scale_delay_seconds,
                ctx.organization,
                cluster_name,
            ),
        )
        row = db.execute(
            "SELECT * FROM clusters WHERE organization = ? AND name = ?", (ctx.organization, cluster_name)
        ).fetchone()
    return json_response(cluster_json(state, row), 202)
