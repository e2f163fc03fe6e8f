"""Pagination: the seed's "Pagination" section (automatic and manual), runnable.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/pagination.py

It first submits 25 short jobs (`true`, labelled `vantage-sdk-example=<run id>`) so that there are
several pages to walk; any still unfinished at the end are cancelled.
"""

from __future__ import annotations

from _scratch import Scratch

from vantage_sdk import VantageClient


def main() -> None:
    client = VantageClient()
    with Scratch(client) as scratch:
        for n in range(25):
            scratch.started(
                client.jobs.submit(
                    {"name": f"page-filler-{n}", "spec": {"command": ["true"]}},
                    cluster="gpu-cluster",
                    labels=scratch.labels,
                )
            )

        # Iterate through all jobs automatically: pages are fetched lazily, one request per page.
        seen = 0
        for job in client.jobs.list_all():
            if seen < 3:
                print(f"Job: {job.id}")
            seen += 1
        print(f"list_all: {seen} jobs")

        # Manual pagination (limit=10 to get several pages out of a few dozen jobs)
        page_token = None
        pages = 0
        while True:
            page = client.jobs.list(limit=10, page_token=page_token)
            pages += 1
            print(f"page {pages}: {len(page.items)} jobs, first {page.items[0].id}")

            if not page.has_next:
                break
            page_token = page.next_page_token

        # Pages themselves, with filters; stop whenever you like, nothing more is fetched.
        for page in client.jobs.list_paginated(page_size=10, cluster="gpu-cluster"):
            print(f"gpu-cluster page of {len(page.items)}, has_next={page.has_next}")
            break

        # Keyset page tokens: jobs submitted while you page do not shift or repeat the pages after the token.
        first = client.jobs.list(limit=5)
        scratch.started(
            client.jobs.submit({"name": "late-arrival", "spec": {"command": ["true"]}}, labels=scratch.labels)
        )
        second = client.jobs.list(limit=5, page_token=first.next_page_token)
        overlap = {j.id for j in first.items} & {j.id for j in second.items}
        print(f"jobs on both pages after a new submit: {len(overlap)}")
    client.close()


if __name__ == "__main__":
    main()
