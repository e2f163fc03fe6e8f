"""A tour of the Vantage SDK in one script: jobs, live logs, pagination, clusters, files, errors.

It talks to whatever VANTAGE_BASE_URL points at, with VANTAGE_API_KEY and VANTAGE_ORGANIZATION.
It is meant for the local emulator (it scales a cluster and submits jobs); `make demo` starts one
on a free port with a throw-away data directory and runs this script against it. By hand:

    vantage-emulator --port 8080 &
    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/quickstart.py

Options: --file-mib N sets the size of the file sent through storage (default 64).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

from _display import Display

from vantage_sdk import VantageClient
from vantage_sdk.exceptions import (
    AuthenticationError,
    ConflictError,
    ResourceNotFoundError,
    ValidationError,
    VantageAPIError,
)

HERE = Path(__file__).resolve().parent
ui = Display()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def run_a_job(client: VantageClient) -> str:
    ui.heading(1, "Submit a job from a YAML template and follow its logs live")
    job = client.jobs.submit_from_file(HERE / "job-template.yaml", env={"SEED": "2024"})
    ui.ok(f"submitted {job.id} ({job.name}) on cluster {job.cluster}: {job.status}")
    for line in client.jobs.logs_stream(job.id):
        ui.log(line)

    job = client.jobs.wait(job.id, timeout=120, poll_interval=0.2)
    ui.ok(f"{job.id} {job.status} with exit code {job.exit_code}")
    job = client.jobs.get(job.id, include=["metrics", "outputs"])
    metrics = job.metrics
    ui.step(
        f"wall time {metrics.wall_time_seconds:.2f}s, CPU time {metrics.cpu_time_seconds:.2f}s, "
        f"peak memory {metrics.peak_memory_bytes / 2**20:.1f} MiB"
    )
    for output in job.outputs:
        value = client.storage.download_to_string(output.path).strip()
        ui.step(f"output {output.name} ({output.size} bytes, stored at {output.path}): pi = {value}")
    return job.id


def page_through_jobs(client: VantageClient) -> None:
    ui.heading(2, "Submit a batch, page through the job list, cancel the batch")
    batch = [
        client.jobs.submit(
            {"name": f"sleeper-{n}", "spec": {"command": ["sleep", "30"]}}, cluster="gpu-cluster", priority=n
        )
        for n in range(12)
    ]
    ui.ok(f"submitted {len(batch)} jobs to gpu-cluster (it runs 8 at a time; the rest queue)")

    for number, page in enumerate(client.jobs.list_paginated(page_size=5), start=1):
        rows = [(job.id, job.name, job.status, job.cluster) for job in page.items]
        ui.table(f"page {number} (has_next={page.has_next})", ["id", "name", "status", "cluster"], rows)
        if number == 3:
            break  # pages are fetched lazily: stopping here sends no more requests
    total = sum(1 for _ in client.jobs.list_all(page_size=200))
    ui.step(f"list_all() walked every page: {total} jobs in this organization")

    results = client.jobs.cancel_batch([job.id for job in batch], reason="quickstart: demo over")
    cancelled = sum(result.ok for result in results)
    ui.ok(f"cancel_batch: {cancelled} of {len(results)} cancelled")


def look_at_clusters(client: VantageClient) -> None:
    ui.heading(3, "Look at the clusters and scale one")
    rows = [
        (c.name, c.provider, c.region, c.status, c.node_count, c.total_resources.cpu_cores, c.total_resources.gpus)
        for c in client.clusters.list()
    ]
    ui.table("clusters", ["name", "provider", "region", "status", "nodes", "CPUs", "GPUs"], rows)

    cluster = client.clusters.get("gpu-cluster", include=["metrics", "nodes"])
    ui.step(
        f"gpu-cluster: {cluster.metrics.running_jobs} jobs running, {cluster.metrics.queued_jobs} queued, "
        f"CPU {cluster.metrics.cpu_utilization:.0%}; nodes: {', '.join(node.name for node in cluster.nodes)}"
    )
    before = cluster.node_count
    cluster = client.clusters.scale("gpu-cluster", nodes=before + 2)
    ui.ok(f"scale gpu-cluster to {before + 2} nodes: status {cluster.status}")
    while cluster.status == "scaling":
        time.sleep(0.25)
        cluster = client.clusters.get("gpu-cluster")
    ui.ok(f"gpu-cluster is {cluster.status} with {cluster.node_count} nodes, {cluster.total_resources.gpus} GPUs")
    client.clusters.scale("gpu-cluster", nodes=before)
    ui.step(f"(scaled back to {before} nodes)")


def move_a_file(client: VantageClient, scratch: Path, mib: int) -> None:
    ui.heading(4, f"Upload and download a {mib} MiB file with a progress bar")
    original = scratch / "random.bin"
    with original.open("wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))
    remote = "/quickstart/random.bin"

    started = time.monotonic()
    stored = client.storage.upload(original, remote, **ui.progress_arguments())
    ui.ok(f"uploaded to {stored.path} in {time.monotonic() - started:.2f}s; server sha256 {stored.sha256[:16]}…")

    copy = scratch / "copy.bin"
    started = time.monotonic()
    client.storage.download(remote, copy, **ui.progress_arguments())
    ui.ok(f"downloaded to {copy.name} in {time.monotonic() - started:.2f}s (checked against the sha256 on arrival)")
    same = sha256_of(copy) == sha256_of(original)
    ui.step(f"local copies identical: {same}")

    for file in client.storage.list("/quickstart/", include_metadata=True):
        ui.step(f"listed {file.path}: {file.size:,} bytes, {file.content_type}")
    client.storage.delete(remote)
    ui.step(f"(deleted {remote})")


def catch_typed_errors(client: VantageClient, finished_job: str) -> None:
    ui.heading(5, "Typed errors")
    try:
        client.jobs.get("job-000000000000")
    except ResourceNotFoundError as e:
        ui.caught(f"ResourceNotFoundError: {e.status_code} {e.message} (request id {e.request_id})")

    try:
        client.jobs.cancel(finished_job, reason="too late")
    except ConflictError as e:
        ui.caught(f"ConflictError: {e.status_code} {e.message} (code {e.code})")

    try:
        client.clusters.scale("gpu-cluster", nodes=4, min_nodes=1)
    except ValidationError as e:
        problem = f"{e.details[0]['field']} {e.details[0]['message']}"
        ui.caught(f"ValidationError before any request (status_code={e.status_code}): {problem}")

    with VantageClient(api_key="not-a-real-key", base_url=client.base_url) as stranger:
        try:
            stranger.jobs.list()
        except AuthenticationError as e:
            ui.caught(f"AuthenticationError: {e.status_code} {e.message}")


def main() -> int:
    parser = argparse.ArgumentParser(description="A tour of the Vantage SDK against the local emulator.")
    parser.add_argument("--file-mib", type=int, default=64, help="size of the file to transfer (default 64)")
    args = parser.parse_args()

    started = time.monotonic()
    with VantageClient() as client, tempfile.TemporaryDirectory(prefix="vantage-quickstart-") as scratch:
        ui.step(f"VantageClient() connected to {client.base_url} as organization {client.organization or 'default'}")
        try:
            job_id = run_a_job(client)
            page_through_jobs(client)
            look_at_clusters(client)
            move_a_file(client, Path(scratch), args.file_mib)
            catch_typed_errors(client, job_id)
        except VantageAPIError as e:
            ui.caught(f"unexpected API error: {e}")
            return 1
    ui.ok(f"tour finished in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
