"""`vantage clusters`: list, inspect and scale clusters."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from vantage_sdk.cli._context import JsonOption, UsageProblem, open_client, wants_json
from vantage_sdk.cli._output import (
    cell,
    emit,
    human_bytes,
    key_value_table,
    print_table,
    stderr_console,
    stdout_console,
    styled_status,
    when,
)

__all__ = ["app"]

app = typer.Typer(name="clusters", help="List, inspect and scale clusters.", no_args_is_help=True)


class ClusterStatus(enum.StrEnum):
    """The cluster statuses a listing can be filtered by."""

    provisioning = "provisioning"
    running = "running"
    scaling = "scaling"
    stopped = "stopped"
    error = "error"


class ClusterProvider(enum.StrEnum):
    """The providers a listing can be filtered by."""

    local = "local"
    aws = "aws"
    gcp = "gcp"
    azure = "azure"
    on_premises = "on-premises"


def _autoscaling(cluster: dict[str, Any]) -> str:
    bounds = cluster.get("autoscaling")
    if not bounds:
        return "off"
    return f"{bounds['min_nodes']}-{bounds['max_nodes']} @ {bounds['target_utilization']:g}"


def _print_cluster(cluster: dict[str, Any]) -> None:
    resources = cluster.get("total_resources") or {}
    pairs = [
        ("name", cell(cluster.get("name"))),
        ("status", styled_status(cluster.get("status"))),
        ("provider", cell(cluster.get("provider"))),
        ("region", cell(cluster.get("region"))),
        ("nodes", cell(cluster.get("node_count"))),
        ("cpu cores", cell(resources.get("cpu_cores"))),
        ("memory", human_bytes(resources.get("memory_bytes"))),
        ("gpus", cell(resources.get("gpus"))),
        ("max concurrent jobs", cell(cluster.get("max_concurrent_jobs"))),
        ("autoscaling", _autoscaling(cluster)),
        ("created", when(cluster.get("created_at"))),
    ]
    metrics = cluster.get("metrics")
    if metrics:
        pairs += [
            ("cpu utilization", f"{metrics['cpu_utilization']:.0%}"),
            ("memory utilization", f"{metrics['memory_utilization']:.0%}"),
            ("running jobs", cell(metrics.get("running_jobs"))),
            ("queued jobs", cell(metrics.get("queued_jobs"))),
        ]
    stdout_console().print(key_value_table(pairs))
    if cluster.get("nodes"):
        print_table(
            ["NODE", "STATUS", "CPU", "MEMORY", "GPUS"],
            (
                [
                    cell(n.get("name")),
                    cell(n.get("status")),
                    cell(n.get("cpu_cores")),
                    human_bytes(n.get("memory_bytes")),
                    cell(n.get("gpus")),
                ]
                for n in cluster["nodes"]
            ),
        )


@app.command("list")
def list_clusters(
    ctx: typer.Context,
    status: Annotated[
        ClusterStatus | None,
        typer.Option(
            "--status", metavar="STATUS", help="Only clusters in this status: " + ", ".join(ClusterStatus) + "."
        ),
    ] = None,
    provider: Annotated[
        ClusterProvider | None,
        typer.Option("--provider", metavar="PROVIDER", help="Only clusters from: " + ", ".join(ClusterProvider) + "."),
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", metavar="REGION", help="Only clusters in this region.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List clusters. JSON: `{"items": [...]}`."""
    filters: dict[str, Any] = {}
    if status is not None:
        filters["status"] = status.value
    if provider is not None:
        filters["provider"] = provider.value
    if region is not None:
        filters["region"] = region
    with open_client(ctx) as client:
        items = client.clusters.list(**filters)
    emit({"items": items}, wants_json(ctx, as_json), lambda page: _print_clusters(page, filtered=bool(filters)))


def _print_clusters(document: dict[str, Any], *, filtered: bool) -> None:
    if not document["items"]:
        stderr_console().print("No clusters match these filters." if filtered else "No clusters.")
        return
    print_table(
        ["NAME", "STATUS", "PROVIDER", "REGION", "NODES", "CPU", "MEMORY", "GPUS", "AUTOSCALING"],
        (
            [
                cell(c.get("name")),
                styled_status(c.get("status")),
                cell(c.get("provider")),
                cell(c.get("region")),
                cell(c.get("node_count")),
                cell((c.get("total_resources") or {}).get("cpu_cores")),
                human_bytes((c.get("total_resources") or {}).get("memory_bytes")),
                cell((c.get("total_resources") or {}).get("gpus")),
                _autoscaling(c),
            ]
            for c in document["items"]
        ),
    )


@app.command()
def get(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The cluster's name.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Show one cluster with its metrics and nodes. JSON: the cluster, as the API returns it."""
    with open_client(ctx) as client:
        cluster = client.clusters.get(name, include=["metrics", "nodes"])
    emit(cluster, wants_json(ctx, as_json), _print_cluster)


@app.command()
def scale(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The cluster's name.", show_default=False)],
    nodes: Annotated[
        int | None, typer.Option(min=0, max=1000, metavar="N", help="A fixed node count (turns autoscaling off).")
    ] = None,
    min_nodes: Annotated[
        int | None, typer.Option("--min", min=0, max=1000, metavar="N", help="Autoscaling lower bound.")
    ] = None,
    max_nodes: Annotated[
        int | None, typer.Option("--max", min=1, max=1000, metavar="N", help="Autoscaling upper bound.")
    ] = None,
    target: Annotated[
        float | None, typer.Option(min=0, max=1, metavar="FRACTION", help="Autoscaling target utilization, in (0, 1].")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Scale a cluster: `--nodes N`, or `--min N --max N [--target F]` for autoscaling.

    JSON: the cluster as it is right after the change was accepted.
    """
    autoscale = (min_nodes, max_nodes, target)
    if nodes is not None:
        if any(v is not None for v in autoscale):
            raise UsageProblem("use either --nodes, or --min/--max/--target, not both")
        kwargs: dict[str, Any] = {"nodes": nodes}
    elif min_nodes is None or max_nodes is None:
        raise UsageProblem("give --nodes N, or both --min N and --max N (optionally --target F)")
    else:
        if target == 0:
            raise UsageProblem("--target must be greater than 0")
        kwargs = {"min_nodes": min_nodes, "max_nodes": max_nodes}
        if target is not None:
            kwargs["target_utilization"] = target
    with open_client(ctx) as client:
        cluster = client.clusters.scale(name, **kwargs)
    emit(cluster, wants_json(ctx, as_json), _print_cluster)
