"""What the examples may touch on an account: a storage folder and a job label of their own, new each run.

Pointed at a real account, an example writes only below `/vantage-sdk-examples/<run id>/`, a folder it
creates, and deletes that folder (nothing else) when it ends, even after an error. Every job it submits
carries the label `vantage-sdk-example=<run id>`, and the jobs it leaves running are cancelled at the
end; jobs that finished stay in the history, as every job does.

Example:
    >>> with Scratch(client) as scratch:
    ...     client.storage.upload_string("hi", scratch.path("hello.txt"))
    ...     job = client.jobs.submit(template, labels=scratch.labels)
    ...     scratch.started(job)
"""

from __future__ import annotations

import uuid
from types import TracebackType
from typing import Any

from vantage_sdk import AsyncVantageClient, VantageClient
from vantage_sdk.exceptions import ConflictError, ResourceNotFoundError

ROOT = "/vantage-sdk-examples"
LABEL = "vantage-sdk-example"


class Scratch:
    """A run's storage folder and job label; cleans up what the run created when the block ends."""

    def __init__(self, client: VantageClient | AsyncVantageClient) -> None:
        self.client = client
        self.run_id = uuid.uuid4().hex[:12]
        self.folder = f"{ROOT}/{self.run_id}/"
        self.labels = {LABEL: self.run_id}
        self._jobs: list[str] = []

    def path(self, name: str) -> str:
        """A remote path inside this run's folder."""
        return self.folder + name.lstrip("/")

    def started(self, *jobs: Any) -> None:
        """Remember jobs this run submitted, to cancel any still unfinished at the end."""
        self._jobs.extend(job.id for job in jobs if job is not None)

    def _leftovers(self, statuses: dict[str, str]) -> list[str]:
        return [job_id for job_id in self._jobs if statuses.get(job_id) in ("pending", "running")]

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc: object) -> None:
        client = self.client
        assert isinstance(client, VantageClient)
        statuses = {job_id: str(client.jobs.get(job_id).status) for job_id in self._jobs}
        for job_id in self._leftovers(statuses):
            try:
                client.jobs.cancel(job_id, reason="vantage-sdk example finished")
            except ConflictError:
                pass  # it finished meanwhile
        try:
            client.storage.delete(self.folder, recursive=True)
        except ResourceNotFoundError:
            pass  # the run stored nothing

    async def __aenter__(self) -> Scratch:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        client = self.client
        assert isinstance(client, AsyncVantageClient)
        statuses = {job_id: str((await client.jobs.get(job_id)).status) for job_id in self._jobs}
        for job_id in self._leftovers(statuses):
            try:
                await client.jobs.cancel(job_id, reason="vantage-sdk example finished")
            except ConflictError:
                pass
        try:
            await client.storage.delete(self.folder, recursive=True)
        except ResourceNotFoundError:
            pass
