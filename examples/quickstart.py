"""A tour of the Vantage SDK in one script: jobs, live logs, pagination, clusters, files, errors.

It talks to whatever VANTAGE_BASE_URL points at, with VANTAGE_API_KEY and VANTAGE_ORGANIZATION.
`make demo` starts a local emulator on a free port with a throw-away data directory and runs this
script against it (with `--cluster gpu-cluster --scale`). By hand:

    vantage-emulator --port 8080 &
    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/quickstart.py

Against a real account it touches only what it creates: its files live in a storage folder of its own,
`/vantage-sdk-examples/<run id>/`, deleted at the end; its jobs are labelled
`vantage-sdk-example=<run id>` and the unfinished ones cancelled at the end, even after an error; a
cluster is scaled (and scaled back) only with `--scale`.

Options: --file-mib N sets the size of the file sent through storage (default 64); --cluster NAME
where the batch of jobs runs and which cluster to look at (default: the account's default cluster);
--scale scales that cluster up by two nodes and back.
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
from _scratch import Scratch

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


def run_a_job(client: VantageClient, scratch: Scratch) -> str:
    ui.heading(1, "Submit a job from a YAML template and follow its logs live")
    job = client.jobs.submit_from_file(HERE / "job-template.yaml", env={"SEED": "2024"}, labels=scratch.labels)
    scratch.started(job)
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


def page_through_jobs(client: VantageClient, scratch: Scratch, cluster: str | None) -> None:
    ui.heading(2, "Submit a batch, page through the job list, cancel the batch")
    where = {"cluster": cluster} if cluster else {}
    batch = [
        client.jobs.submit(
            {"name": f"sleeper-{n}", "spec": {"command": ["sleep", "30"]}}, priority=n, labels=scratch.labels, **where
        )
        for n in range(12)
    ]
    scratch.started(*batch)
    ui.ok(f"submitted {len(batch)} jobs to {batch[0].cluster} (more than it runs at a time: some queue)")

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


def look_at_clusters(client: VantageClient, name: str | None, scale: bool) -> None:
    ui.heading(3, "Look at the clusters" + (" and scale one" if scale else ""))
    clusters = client.clusters.list()
    rows = [
        (c.name, c.provider, c.region, c.status, c.node_count, c.total_resources.cpu_cores, c.total_resources.gpus)
        for c in clusters
    ]
    ui.table("clusters", ["name", "provider", "region", "status", "nodes", "CPUs", "GPUs"], rows)

    name = name or clusters[0].name
    cluster = client.clusters.get(name, include=["metrics", "nodes"])
    ui.step(
        f"{name}: {cluster.metrics.running_jobs} jobs running, {cluster.metrics.queued_jobs} queued, "
        f"CPU {cluster.metrics.cpu_utilization:.0%}; nodes: {', '.join(node.name for node in cluster.nodes)}"
    )
    if not scale:
        return
    before = cluster.node_count
    try:
        cluster = client.clusters.scale(name, nodes=before + 2)
        ui.ok(f"scale {name} to {before + 2} nodes: status {cluster.status}")
        while cluster.status == "scaling":
            time.sleep(0.25)
            cluster = client.clusters.get(name)
        ui.ok(f"{name} is {cluster.status} with {cluster.node_count} nodes, {cluster.total_resources.gpus} GPUs")
    finally:
        client.clusters.scale(name, nodes=before)
        ui.step(f"(scaled back to {before} nodes)")


def move_a_file(client: VantageClient, remote_scratch: Scratch, scratch: Path, mib: int) -> None:
    ui.heading(4, f"Upload and download a {mib} MiB file with a progress bar")
    original = scratch / "random.bin"
    with original.open("wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))
    remote = remote_scratch.path("random.bin")

    started = time.monotonic()
    stored = client.storage.upload(original, remote, **ui.progress_arguments())
    ui.ok(f"uploaded to {stored.path} in {time.monotonic() - started:.2f}s; server sha256 {stored.sha256[:16]}…")

    copy = scratch / "copy.bin"
    started = time.monotonic()
    client.storage.download(remote, copy, **ui.progress_arguments())
    ui.ok(f"downloaded to {copy.name} in {time.monotonic() - started:.2f}s (checked against the sha256 on arrival)")
    same = sha256_of(copy) == sha256_of(original)
    ui.step(f"local copies identical: {same}")

    for file in client.storage.list(remote_scratch.folder, include_metadata=True):
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
    parser = argparse.ArgumentParser(description="A tour of the Vantage SDK.")
    parser.add_argument("--file-mib", type=int, default=64, help="size of the file to transfer (default 64)")
    parser.add_argument("--cluster", help="where the batch runs and which cluster to look at")
    parser.add_argument("--scale", action="store_true", help="scale that cluster up by two nodes, then back")
    args = parser.parse_args()

    started = time.monotonic()
    with (
        VantageClient() as client,
        Scratch(client) as remote_scratch,
        tempfile.TemporaryDirectory(prefix="vantage-quickstart-") as scratch,
    ):
        ui.step(f"VantageClient() connected to {client.base_url} as organization {client.organization or 'default'}")
        try:
            job_id = run_a_job(client, remote_scratch)
            page_through_jobs(client, remote_scratch, args.cluster)
            look_at_clusters(client, args.cluster, args.scale)
            move_a_file(client, remote_scratch, Path(scratch), args.file_mib)
            catch_typed_errors(client, job_id)
        except VantageAPIError as e:
            ui.caught(f"unexpected API error: {e}")
            return 1
    ui.ok(f"tour finished in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
