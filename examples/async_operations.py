"""Async: the seed's "Async Operations (Python)" section, runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/async_operations.py
"""

from __future__ import annotations

import asyncio
import time

from _scratch import Scratch

from vantage_sdk import AsyncVantageClient, Job

job_templates = [
    {"name": f"square-{n}", "spec": {"command": ["sh", "-c", f"sleep 0.5; echo $(({n} * {n}))"]}} for n in range(6)
]


async def wait_for_completion(async_client: AsyncVantageClient, job_id: str) -> Job:
    """The seed leaves this helper to you; `jobs.wait` polls with backoff until the job is finished."""
    return await async_client.jobs.wait(job_id, timeout=120, poll_interval=0.2)


async def async_operations() -> list[Job]:
    async with AsyncVantageClient() as async_client, Scratch(async_client) as scratch:
        # Submit multiple jobs concurrently (labelled, so they are known as this example's)
        jobs = await asyncio.gather(
            *[async_client.jobs.submit(template, labels=scratch.labels) for template in job_templates]
        )
        scratch.started(*jobs)

        # Wait for all jobs to complete
        completed_jobs = await asyncio.gather(*[wait_for_completion(async_client, job.id) for job in jobs])

        # Iterators are `async for`: logs as they are written, and every job across pages.
        async for line in async_client.jobs.logs_stream(completed_jobs[-1].id):
            print(f"log of {completed_jobs[-1].name}: {line}")
        count = 0
        async for _job in async_client.jobs.list_all(page_size=50):
            count += 1
        print(f"{count} jobs in the organization")

        # Any call can be awaited side by side with others.
        clusters, first_page = await asyncio.gather(async_client.clusters.list(), async_client.jobs.list(limit=5))
        print(f"{len(clusters)} clusters; newest job {first_page.items[0].id}")
        return list(completed_jobs)


def main() -> None:
    started = time.monotonic()
    # Run async operations
    results = asyncio.run(async_operations())
    for job in results:
        print(f"{job.name}: {job.status}")
    # Six jobs of 0.5 s each, run side by side (the local cluster runs several at a time).
    print(f"all done in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
