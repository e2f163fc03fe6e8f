"""Argument checks and request bodies of ``client.jobs``, and the polling schedule of ``wait``.

Shared by ``Jobs`` and ``AsyncJobs`` (``vantage_sdk.resources.jobs``); each helper checks its
arguments before any request and returns the generated operation's keyword arguments. The request
models and template merging are imported by the helpers that build them, on first use (as the
resource's methods import their operations), so getting a job does not load them.
"""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vantage_sdk._exceptions import ValidationError, WaitTimeoutError
from vantage_sdk._generated.models.job_include import JOB_INCLUDE_VALUES
from vantage_sdk._generated.models.job_status import JOB_STATUS_VALUES
from vantage_sdk._generated.types import UNSET
from vantage_sdk._retry import new_idempotency_key
from vantage_sdk._validation import (
    check_choice,
    check_choices,
    check_datetime,
    check_int,
    check_number,
    check_str,
    or_unset,
)

if TYPE_CHECKING:
    from vantage_sdk._generated.models.job import Job
    from vantage_sdk._templates import JobTemplate

__all__ = [
    "TERMINAL_STATUSES",
    "WaitSchedule",
    "batch_bodies",
    "cancel_kwargs",
    "get_kwargs",
    "list_kwargs",
    "logs_kwargs",
    "page_kwargs",
    "check_page_token",
    "submit_kwargs",
]

TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
_BATCH_LIMIT = 1000  # BatchCancelRequest.job_ids maxItems


def list_kwargs(status: str | None, cluster: str | None, limit: int | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if status is not None:
        kwargs["status"] = check_choice("status", status, JOB_STATUS_VALUES)
    if cluster is not None:
        kwargs["cluster"] = check_str("cluster", cluster)
    if limit is not None:
        kwargs["limit"] = check_int("limit", limit, minimum=1, maximum=1000)
    return kwargs


def page_kwargs(status: str | None, cluster: str | None, limit: int | None, offset: int | None) -> dict[str, Any]:
    kwargs = list_kwargs(status, cluster, limit)
    if offset is not None:
        kwargs["offset"] = check_int("offset", offset, minimum=0)
    return kwargs


def check_page_token(token: str | None) -> str | None:
    return None if token is None else check_str("page_token", token)


def submit_kwargs(
    template: JobTemplate,
    cluster: str | None,
    priority: int | None,
    env: Mapping[str, str] | None,
    labels: Mapping[str, str] | None,
    idempotency_key: str | None,
    source: str | None = None,
) -> dict[str, Any]:
    from vantage_sdk._templates import build_submit_request

    body = build_submit_request(template, cluster=cluster, priority=priority, env=env, labels=labels, source=source)
    return {"body": body, "idempotency_key": new_idempotency_key(idempotency_key)}


def get_kwargs(include: str | Sequence[str] | None) -> dict[str, Any]:
    # Nothing to pass without include= (the generated default leaves it out): most calls.
    return {} if include is None else {"include": check_choices("include", include, JOB_INCLUDE_VALUES)}


def logs_kwargs(tail: int | None, since: str | datetime.datetime | None, timestamps: bool | None) -> dict[str, Any]:
    return {
        "tail": UNSET if tail is None else check_int("tail", tail, minimum=1, maximum=1_000_000),
        "since": UNSET if since is None else check_datetime("since", since),
        "timestamps": or_unset(timestamps),
    }


def cancel_kwargs(reason: str | None, idempotency_key: str | None) -> dict[str, Any]:
    from vantage_sdk._generated.models.cancel_request import CancelRequest

    return {
        "body": CancelRequest(reason=reason) if reason is not None else UNSET,
        "idempotency_key": new_idempotency_key(idempotency_key),
    }


def batch_bodies(job_ids: Sequence[str], reason: str | None, idempotency_key: str | None) -> list[dict[str, Any]]:
    """One request per 1000 ids (the API's limit), each with its own idempotency key."""
    from vantage_sdk._generated.models.batch_cancel_request import BatchCancelRequest

    if isinstance(job_ids, str) or not isinstance(job_ids, Sequence) or not job_ids:
        raise ValidationError.for_field("job_ids", "must be a non-empty list of job ids")
    ids = [check_str(f"job_ids[{i}]", job_id) for i, job_id in enumerate(job_ids)]
    chunks = [ids[i : i + _BATCH_LIMIT] for i in range(0, len(ids), _BATCH_LIMIT)]
    base_key = new_idempotency_key(idempotency_key)
    return [
        {
            "body": BatchCancelRequest(job_ids=chunk, reason=or_unset(reason)),
            "idempotency_key": base_key if len(chunks) == 1 else f"{base_key}-{n}",
        }
        for n, chunk in enumerate(chunks)
    ]


class WaitSchedule:
    """When to poll a job next in ``wait``: backoff from ``poll_interval`` to a cap, within a deadline."""

    GROWTH = 1.5
    MAX_INTERVAL = 10.0

    def __init__(
        self,
        job_id: str,
        timeout: float | None,
        poll_interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id = check_str("job_id", job_id)
        self.timeout = None if timeout is None else check_number("timeout", timeout, above=0, maximum=math.inf)
        self.interval = check_number("poll_interval", poll_interval, above=0, maximum=3600)
        self.max_interval = max(self.interval, self.MAX_INTERVAL)
        self.clock = clock
        self.deadline = None if self.timeout is None else clock() + self.timeout

    def next_delay(self, job: Job) -> float | None:
        """None once the job is terminal; else how long to sleep (raises past the deadline)."""
        if job.status in TERMINAL_STATUSES:
            return None
        remaining = math.inf if self.deadline is None else self.deadline - self.clock()
        if remaining <= 0:
            raise WaitTimeoutError(self.job_id, job.status, self.timeout or 0.0)
        delay = min(self.interval, remaining)
        self.interval = min(self.interval * self.GROWTH, self.max_interval)
        return delay
