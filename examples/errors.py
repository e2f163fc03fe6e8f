"""Errors: the seed's "Error Handling" section, runnable, with each error really provoked.

Reads VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION from the environment:

    VANTAGE_API_KEY=emulator-key VANTAGE_BASE_URL=http://127.0.0.1:8080 python examples/errors.py

The jobs it submits are short `echo`s labelled `vantage-sdk-example=<run id>`; any still unfinished at
the end are cancelled.
"""

from __future__ import annotations

from typing import Any

from _scratch import Scratch

from vantage_sdk import Job, VantageClient
from vantage_sdk.exceptions import (
    APIConnectionError,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    RateLimitError,
    ResourceNotFoundError,
    ServerError,
    ValidationError,
    VantageAPIError,
    VantageError,
)

job_template = {"name": "my-job", "spec": {"image": "ubuntu:22.04", "command": ["echo", "hello"]}}


def submit(client: VantageClient, job_template: Any, **overrides: Any) -> Job | None:
    """The seed's try/except chain around `jobs.submit`."""
    try:
        job = client.jobs.submit(job_template, **overrides)
        print(f"submitted {job.id}")
        return job
    except AuthenticationError:
        print("Invalid API key")
    except RateLimitError as e:
        print(f"Rate limited. Retry after {e.retry_after} seconds")
    except ValidationError as e:
        print(f"Invalid request: {e.details}")
    except VantageAPIError as e:
        print(f"API error {e.status_code}: {e.message}")
    return None


def main() -> None:
    client = VantageClient()
    with Scratch(client) as scratch:
        scratch.started(submit(client, job_template, labels=scratch.labels))  # works

        # ValidationError raised by the SDK before any request: status_code is None, details name the field.
        submit(client, {"name": "no-spec"})
        submit(client, {"name": "bad", "spec": {"command": "echo hello"}})

        # ValidationError from the server (422): the cluster does not exist.
        submit(client, job_template, cluster="no-such-cluster")

        # AuthenticationError (401): a wrong key. max_retries=0 because 401 is never retried anyway.
        with VantageClient(api_key="wrong-key", max_retries=0) as stranger:
            submit(stranger, job_template)

        # Every API error carries the status, a message, a stable code and the request id to quote.
        try:
            client.jobs.get("job-000000000000")
        except ResourceNotFoundError as e:
            print(f"ResourceNotFoundError: status={e.status_code} code={e.code} request_id={e.request_id}")
            print(f"  message: {e.message}")

        # ConflictError (409): a finished job cannot be cancelled.
        done = client.jobs.submit(job_template, labels=scratch.labels)
        scratch.started(done)
        done = client.jobs.wait(done.id, timeout=60, poll_interval=0.2)
        try:
            client.jobs.cancel(done.id)
        except ConflictError as e:
            print(f"ConflictError: {e.message} (code {e.code})")

        # No response at all: APIConnectionError (after the retries), here against a closed port.
        with VantageClient(base_url="http://127.0.0.1:9", max_retries=1, timeout=2) as nowhere:
            try:
                nowhere.clusters.list()
            except APIConnectionError as e:
                print(f"APIConnectionError after {e.attempts} attempts: {e.message}")

        # AuthorizationError (403): a valid key acting for an organization it does not belong to.
        with VantageClient(organization="someone-elses-org") as trespasser:
            try:
                trespasser.jobs.list()
            except AuthorizationError as e:
                print(f"AuthorizationError: {e.message}")

        # RateLimitError (429, with retry_after) and ServerError (5xx) are retried first (max_retries);
        # start the emulator with `--rate-limit 5` or `--fault-503-rate 0.3` to meet them.
        # VantageError is the root of everything the SDK raises, for one last `except`.
        assert all(issubclass(error, VantageError) for error in (RateLimitError, ServerError, APIConnectionError))
    client.close()


if __name__ == "__main__":
    main()
