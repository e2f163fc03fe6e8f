"""Jobs: the seed's "Jobs API" section (list, submit, get, logs, cancel), runnable, plus `wait`.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/jobs.py

Every job it submits is labelled `vantage-sdk-example=<run id>`; it cancels only jobs it submitted, and
any of them still unfinished at the end, even after an error.
"""

from __future__ import annotations

from pathlib import Path

from _scratch import Scratch

from vantage_sdk import VantageClient

TEMPLATE_FILE = Path(__file__).resolve().parent / "job-template.yaml"


def main() -> None:
    client = VantageClient()
    with Scratch(client) as scratch:
        # --- Submit Job
        # Submit from template dict
        job_template = {
            "name": "my-job",
            "spec": {
                "image": "ubuntu:22.04",
                "command": ["echo", "hello"],
                "resources": {"cpu": "2", "memory": "4Gi"},
            },
        }
        job = client.jobs.submit(job_template, labels=scratch.labels)
        print(f"submitted {job.id} ({job.name}): {job.status}")

        # Submit from YAML file
        from_file = client.jobs.submit_from_file(TEMPLATE_FILE, labels=scratch.labels)
        print(f"submitted {from_file.id} from {TEMPLATE_FILE.name}")

        # Submit with overrides: env merges over the template's, cluster and priority replace its own.
        overridden = client.jobs.submit(
            {"name": "env-job", "spec": {"command": ["sh", "-c", "echo MY_VAR=$MY_VAR"]}},
            cluster="specific-cluster",
            priority=10,
            env={"MY_VAR": "value"},
            labels=scratch.labels,
        )
        scratch.started(job, from_file, overridden)
        print(f"submitted {overridden.id} on {overridden.cluster} with priority {overridden.priority}")

        # --- Wait (beyond the seed): poll with backoff until the job succeeds, fails or is cancelled.
        job = client.jobs.wait(job.id, timeout=60, poll_interval=0.2)
        print(f"{job.id} finished: {job.status}, exit code {job.exit_code}")

        # --- Get Job Details
        job = client.jobs.get(job.id)
        job = client.jobs.get(job.id, include=["logs", "outputs", "metrics"])
        print(f"Job {job.id}: {job.status}")
        print(f"Created: {job.created_at}")
        print(f"Resources: {job.spec.resources}")
        print(f"Metrics: wall {job.metrics.wall_time_seconds:.2f}s, peak memory {job.metrics.peak_memory_bytes} bytes")

        # --- Job Logs
        logs = client.jobs.logs(job.id)
        print(f"logs: {logs!r}")

        # Stream logs: lines arrive while the job writes them; a dropped connection resumes where it was.
        for log_line in client.jobs.logs_stream(from_file.id):
            print(f"stream: {log_line}")

        # Get logs with options
        logs = client.jobs.logs(from_file.id, tail=2, since="2024-01-01T00:00:00Z", timestamps=True)
        print(f"last 2 lines with timestamps:\n{logs}", end="")
        print(f"env-job says: {client.jobs.logs(client.jobs.wait(overridden.id, timeout=60).id).strip()}")

        # --- List Jobs
        jobs = client.jobs.list()
        print(f"list: {len(jobs.items)} jobs on the first page, has_next={jobs.has_next}")

        # List with filters
        jobs = client.jobs.list(status="succeeded", cluster="local", limit=50, offset=0)
        print(f"list: {len(jobs.items)} succeeded jobs on the local cluster")

        # List with pagination: pages are fetched one at a time as the loop asks for them.
        for page in client.jobs.list_paginated(page_size=20):
            for listed in page.items[:3]:
                print(f"Job: {listed.id} - {listed.status}")
            break

        # --- Cancel Job
        sleepers = [
            client.jobs.submit({"name": f"sleeper-{n}", "spec": {"command": ["sleep", "60"]}}, labels=scratch.labels)
            for n in range(3)
        ]
        scratch.started(*sleepers)

        # Cancel a single job
        cancelled = client.jobs.cancel(sleepers[0].id)
        print(f"cancel: {cancelled.id} is {cancelled.status}")

        # Cancel multiple jobs: one result per job; a job that cannot be cancelled does not stop the others.
        for result in client.jobs.cancel_batch([sleepers[1].id, job.id]):
            print(f"cancel_batch: {result.job_id} ok={result.ok}" + ("" if result.ok else f" ({result.error.detail})"))

        # Cancel with reason
        cancelled = client.jobs.cancel(sleepers[2].id, reason="User requested cancellation")
        print(f"cancel with reason: {cancelled.status_reason}")
    client.close()


if __name__ == "__main__":
    main()
