"""``client.jobs``: list, submit, get, logs, log streams, cancel and wait (``Jobs`` / ``AsyncJobs``).

Argument checks, template merging and wait scheduling are module-level helpers shared by both
classes; log-stream resumption is ``vantage_sdk._log_stream.LogFollower``. The classes only
differ in ``await``.
"""

from __future__ import annotations

import builtins
import datetime
import functools
import math
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Unpack

import httpx

from vantage_sdk._exceptions import ValidationError, WaitTimeoutError
from vantage_sdk._generated.api.jobs import (
    cancel_job,
    cancel_jobs_batch,
    get_job,
    get_job_logs,
    list_jobs,
    submit_job,
)
from vantage_sdk._generated.models.batch_cancel_item import BatchCancelItem
from vantage_sdk._generated.models.batch_cancel_request import BatchCancelRequest
from vantage_sdk._generated.models.cancel_request import CancelRequest
from vantage_sdk._generated.models.job import Job
from vantage_sdk._generated.models.job_include import JOB_INCLUDE_VALUES, JobInclude
from vantage_sdk._generated.models.job_status import JOB_STATUS_VALUES, JobStatus
from vantage_sdk._generated.types import UNSET
from vantage_sdk._log_stream import LogFollower
from vantage_sdk._pagination import (
    AsyncPage,
    AsyncPaginator,
    SyncPage,
    afetch_page,
    fetch_page,
    lazy_aitems,
    lazy_apages,
    lazy_items,
    lazy_pages,
)
from vantage_sdk._request_options import (
    BodyRequestOptions,
    CallOptions,
    PollRequestOptions,
    RequestOptions,
    request_scope,
)
from vantage_sdk._resource import AsyncResource, SyncResource
from vantage_sdk._response import RawResponseView, async_raw_method, raw_method
from vantage_sdk._retry import new_idempotency_key
from vantage_sdk._streaming import aopen_stream, open_stream
from vantage_sdk._templates import JobTemplate, build_submit_request, load_template_file
from vantage_sdk._validation import (
    check_choice,
    check_choices,
    check_datetime,
    check_int,
    check_number,
    check_str,
    or_unset,
)

__all__ = ["TERMINAL_STATUSES", "AsyncJobs", "AsyncJobsWithRawResponse", "Jobs", "JobsWithRawResponse"]

TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
_BATCH_LIMIT = 1000  # BatchCancelRequest.job_ids maxItems


def _list_kwargs(status: str | None, cluster: str | None, limit: int | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if status is not None:
        kwargs["status"] = check_choice("status", status, JOB_STATUS_VALUES)
    if cluster is not None:
        kwargs["cluster"] = check_str("cluster", cluster)
    if limit is not None:
        kwargs["limit"] = check_int("limit", limit, minimum=1, maximum=1000)
    return kwargs


def _page_kwargs(status: str | None, cluster: str | None, limit: int | None, offset: int | None) -> dict[str, Any]:
    kwargs = _list_kwargs(status, cluster, limit)
    if offset is not None:
        kwargs["offset"] = check_int("offset", offset, minimum=0)
    return kwargs


def _token(page_token: str | None) -> str | None:
    return None if page_token is None else check_str("page_token", page_token)


def _submit_kwargs(
    template: JobTemplate,
    cluster: str | None,
    priority: int | None,
    env: Mapping[str, str] | None,
    labels: Mapping[str, str] | None,
    idempotency_key: str | None,
    source: str | None = None,
) -> dict[str, Any]:
    body = build_submit_request(template, cluster=cluster, priority=priority, env=env, labels=labels, source=source)
    return {"body": body, "idempotency_key": new_idempotency_key(idempotency_key)}


def _get_kwargs(include: str | Sequence[str] | None) -> dict[str, Any]:
    return {"include": check_choices("include", include, JOB_INCLUDE_VALUES)}


def _logs_kwargs(tail: int | None, since: str | datetime.datetime | None, timestamps: bool | None) -> dict[str, Any]:
    return {
        "tail": UNSET if tail is None else check_int("tail", tail, minimum=1, maximum=1_000_000),
        "since": UNSET if since is None else check_datetime("since", since),
        "timestamps": or_unset(timestamps),
    }


def _cancel_kwargs(reason: str | None, idempotency_key: str | None) -> dict[str, Any]:
    return {
        "body": CancelRequest(reason=reason) if reason is not None else UNSET,
        "idempotency_key": new_idempotency_key(idempotency_key),
    }


def _batch_bodies(job_ids: Sequence[str], reason: str | None, idempotency_key: str | None) -> list[dict[str, Any]]:
    """One request per 1000 ids (the API's limit), each with its own idempotency key."""
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


class _WaitSchedule:
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


class Jobs(SyncResource):
    """Compute jobs (``client.jobs``).

    Every method also takes the per-call options ``timeout=``, ``extra_headers=``, ``extra_query=``
    and, where a JSON body is sent, ``extra_body=`` (see ``vantage_sdk.types.RequestOptions``).
    """

    @functools.cached_property
    def with_raw_response(self) -> JobsWithRawResponse:
        """The same methods, returning the HTTP response (``.parse()`` gives the usual result).

        Example:
            >>> raw = client.jobs.with_raw_response.get("job-3f9a1c2b7d4e")
            >>> raw.status_code, raw.request_id, raw.parse().status
        """
        return JobsWithRawResponse(self)

    def list(
        self,
        *,
        status: JobStatus | None = None,
        cluster: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        page_token: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Job]:
        """One page of jobs, newest first; iterating the page walks every job from it on.

        Args:
            status: Only jobs in this status (pending, running, succeeded, failed, cancelled).
            cluster: Only jobs on this cluster.
            limit: Jobs per page (1-1000, server default 100).
            offset: Jobs to skip (ignored with ``page_token``).
            page_token: The ``next_page_token`` of the previous page.
            **options: Per-call ``timeout``, ``extra_headers``, ``extra_query`` (kept for the next pages).

        Returns:
            A ``SyncPage`` with ``items``, ``has_next`` and ``next_page_token``, ``get_next_page()``
            and ``iter_pages()``.

        Example:
            >>> page = client.jobs.list(status="running", cluster="gpu-cluster", limit=50)
            >>> [job.id for job in page.items]
            >>> for job in client.jobs.list(status="failed"):  # every page
            ...     print(job.id)
        """
        kwargs = _page_kwargs(status, cluster, limit, offset)
        return fetch_page(self._core, list_jobs.sync, CallOptions.check(options), kwargs, _token(page_token))

    def list_paginated(
        self,
        *,
        page_size: int = 100,
        status: JobStatus | None = None,
        cluster: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Iterator[SyncPage[Job]]:
        """Yield pages of jobs, fetching each only when the previous one is consumed.

        Example:
            >>> for page in client.jobs.list_paginated(page_size=20):
            ...     print(len(page.items))
        """
        kwargs = _list_kwargs(status, cluster, page_size)
        return lazy_pages(functools.partial(fetch_page, self._core, list_jobs.sync, CallOptions.check(options), kwargs))

    def list_all(
        self,
        *,
        status: JobStatus | None = None,
        cluster: str | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> Iterator[Job]:
        """Yield every job across all pages, fetching pages lazily.

        Example:
            >>> for job in client.jobs.list_all(status="failed"):
            ...     print(job.id)
        """
        kwargs = _list_kwargs(status, cluster, page_size)
        return lazy_items(functools.partial(fetch_page, self._core, list_jobs.sync, CallOptions.check(options), kwargs))

    def submit(
        self,
        template: JobTemplate,
        *,
        cluster: str | None = None,
        priority: int | None = None,
        env: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Submit a job from a template (a dict or a ``JobSubmitRequest``).

        The request carries an ``Idempotency-Key`` (yours, or a fresh one per call) reused on
        every retry, so a retried submit never creates a second job.

        Args:
            template: ``{"name": ..., "spec": {"command": [...], ...}, ...}``.
            cluster: Run on this cluster.
            priority: Higher runs first among queued jobs (-1000 to 1000).
            env: Environment overrides merged over the template's.
            labels: Labels merged over the template's.
            idempotency_key: Your own key, to make a submit safe to repeat across processes.

        Returns:
            The new job.

        Raises:
            ValidationError: The template is missing a field or has a wrong type (before any request),
                or the server refused it.

        Example:
            >>> job = client.jobs.submit(job_template, cluster="local", priority=10, env={"MY_VAR": "value"})
        """
        with request_scope(options, body=True):
            return self._core.call(
                submit_job.sync, **_submit_kwargs(template, cluster, priority, env, labels, idempotency_key)
            )

    def submit_from_file(
        self,
        path: str | os.PathLike[str],
        *,
        cluster: str | None = None,
        priority: int | None = None,
        env: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Submit a job from a YAML or JSON template file (checked before any request).

        Raises:
            FileNotFoundError: No such file.
            ValidationError: The file does not parse or lacks a field; the message names the file.

        Example:
            >>> job = client.jobs.submit_from_file("job-template.yaml")
        """
        kwargs = _submit_kwargs(load_template_file(path), cluster, priority, env, labels, idempotency_key, str(path))
        with request_scope(options, body=True):
            return self._core.call(submit_job.sync, **kwargs)

    def get(
        self,
        job_id: str,
        *,
        include: JobInclude | Sequence[JobInclude] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Job:
        """Get one job, optionally with its logs, outputs, metrics or events.

        Example:
            >>> job = client.jobs.get("job-3f9a1c2b7d4e", include=["logs", "outputs", "metrics"])
            >>> print(job.status, job.created_at)
        """
        with request_scope(options):
            return self._core.call(get_job.sync, check_str("job_id", job_id), **_get_kwargs(include))

    def logs(
        self,
        job_id: str,
        *,
        tail: int | None = None,
        since: str | datetime.datetime | None = None,
        timestamps: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The job's log text so far.

        Args:
            job_id: The job.
            tail: Only the last N lines.
            since: Only lines written at or after this time (RFC 3339 string or datetime).
            timestamps: Prefix each line with its RFC 3339 timestamp.

        Example:
            >>> print(client.jobs.logs("job-3f9a1c2b7d4e", tail=100, timestamps=True))
        """
        with request_scope(options):
            return self._core.call(
                get_job_logs.sync, check_str("job_id", job_id), **_logs_kwargs(tail, since, timestamps)
            )

    def logs_stream(self, job_id: str, **options: Unpack[RequestOptions]) -> Iterator[str]:
        """Yield the job's log lines as they are written, until the job finishes.

        A dropped connection is resumed from the line after the last one yielded: nothing is
        lost or repeated. After ``max_retries`` drops in a row without a new line (a read timeout
        counts as one: keep the timeout above the server's keep-alive interval) it raises.

        Raises:
            APIConnectionError: The stream kept dropping (``APITimeoutError`` if it went silent).

        Example:
            >>> for line in client.jobs.logs_stream("job-3f9a1c2b7d4e"):
            ...     print(line)
        """
        checked = CallOptions.check(options)
        follower = LogFollower(self._core, job_id)
        while not follower.done:
            # The scope covers opening the stream only: it must not stay set while lines are yielded.
            with request_scope(checked):
                response = open_stream(self._core, follower.request)
            failure: Exception | None = None
            try:
                for raw in response.iter_lines():
                    line = follower.feed(raw)
                    if line is not None:
                        yield line
                    if follower.done:
                        return
            except httpx.TransportError as exc:
                failure = exc
            finally:
                response.close()
            self._core.runner.sleep(follower.dropped(failure))

    def cancel(
        self,
        job_id: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Cancel a pending or running job; cancelling a cancelled job returns it unchanged.

        Raises:
            ConflictError: The job already succeeded or failed.

        Example:
            >>> client.jobs.cancel("job-3f9a1c2b7d4e", reason="User requested cancellation")
        """
        with request_scope(options, body=True):
            return self._core.call(
                cancel_job.sync, check_str("job_id", job_id), **_cancel_kwargs(reason, idempotency_key)
            )

    def cancel_batch(
        self,
        job_ids: Sequence[str],
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> builtins.list[BatchCancelItem]:
        """Cancel several jobs; one result per job (``ok``, ``job_status``, ``error``), in order.

        A job that cannot be cancelled does not stop the others.

        Example:
            >>> for result in client.jobs.cancel_batch(["job-3f9a1c2b7d4e", "job-8b2e4f6a1c3d"]):
            ...     print(result.job_id, result.ok)
        """
        with request_scope(options, body=True):
            return [
                item
                for kwargs in _batch_bodies(job_ids, reason, idempotency_key)
                for item in self._core.call(cancel_jobs_batch.sync, **kwargs).results
            ]

    def wait(
        self,
        job_id: str,
        *,
        timeout: float | None = 3600.0,
        poll_interval: float = 1.0,
        **options: Unpack[PollRequestOptions],
    ) -> Job:
        """Poll a job until it succeeds, fails or is cancelled, backing off between polls.

        Args:
            job_id: The job.
            timeout: Seconds to wait at most (None: no limit); the per-request timeout stays the
                client's (``client.with_options(timeout=...)`` changes it).
            poll_interval: The first pause between polls; it grows 1.5x per poll up to 10 s.

        Returns:
            The finished job.

        Raises:
            WaitTimeoutError: The deadline passed; the error names the job and its last status.

        Example:
            >>> job = client.jobs.wait(job.id, timeout=300)
            >>> job.status
            'succeeded'
        """
        schedule = _WaitSchedule(job_id, timeout, poll_interval)
        checked = CallOptions.check(options)
        while True:
            with request_scope(checked):
                job = self.get(job_id)
            delay = schedule.next_delay(job)
            if delay is None:
                return job
            self._core.runner.sleep(delay)


class AsyncJobs(AsyncResource):
    """Compute jobs (``async_client.jobs``); the async twin of ``Jobs``."""

    @functools.cached_property
    def with_raw_response(self) -> AsyncJobsWithRawResponse:
        """The same methods, returning the HTTP response (see ``Jobs.with_raw_response``).

        Example:
            >>> raw = await client.jobs.with_raw_response.get("job-3f9a1c2b7d4e")
        """
        return AsyncJobsWithRawResponse(self)

    def list(
        self,
        *,
        status: JobStatus | None = None,
        cluster: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        page_token: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[Job]:
        """One page of jobs, newest first (see ``Jobs.list``): ``await`` it, or ``async for`` every job.

        Example:
            >>> page = await client.jobs.list(status="running", limit=50)
            >>> async for job in client.jobs.list(status="failed"):
            ...     print(job.id)
        """
        kwargs = _page_kwargs(status, cluster, limit, offset)
        checked, token = CallOptions.check(options), _token(page_token)
        return AsyncPaginator(functools.partial(afetch_page, self._core, list_jobs.asyncio, checked, kwargs, token))

    def list_paginated(
        self,
        *,
        page_size: int = 100,
        status: JobStatus | None = None,
        cluster: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[AsyncPage[Job]]:
        """Yield pages of jobs lazily (``async for``).

        Example:
            >>> async for page in client.jobs.list_paginated(page_size=20):
            ...     print(len(page.items))
        """
        kwargs = _list_kwargs(status, cluster, page_size)
        checked = CallOptions.check(options)
        return lazy_apages(functools.partial(afetch_page, self._core, list_jobs.asyncio, checked, kwargs))

    def list_all(
        self,
        *,
        status: JobStatus | None = None,
        cluster: str | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[Job]:
        """Yield every job across all pages (``async for``).

        Example:
            >>> async for job in client.jobs.list_all():
            ...     print(job.id)
        """
        kwargs = _list_kwargs(status, cluster, page_size)
        checked = CallOptions.check(options)
        return lazy_aitems(functools.partial(afetch_page, self._core, list_jobs.asyncio, checked, kwargs))

    async def submit(
        self,
        template: JobTemplate,
        *,
        cluster: str | None = None,
        priority: int | None = None,
        env: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Submit a job from a template (see ``Jobs.submit``).

        Example:
            >>> job = await client.jobs.submit(job_template, env={"MY_VAR": "value"})
        """
        with request_scope(options, body=True):
            return await self._core.call(
                submit_job.asyncio, **_submit_kwargs(template, cluster, priority, env, labels, idempotency_key)
            )

    async def submit_from_file(
        self,
        path: str | os.PathLike[str],
        *,
        cluster: str | None = None,
        priority: int | None = None,
        env: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Submit a job from a YAML or JSON template file (see ``Jobs.submit_from_file``).

        Example:
            >>> job = await client.jobs.submit_from_file("job-template.yaml")
        """
        kwargs = _submit_kwargs(load_template_file(path), cluster, priority, env, labels, idempotency_key, str(path))
        with request_scope(options, body=True):
            return await self._core.call(submit_job.asyncio, **kwargs)

    async def get(
        self,
        job_id: str,
        *,
        include: JobInclude | Sequence[JobInclude] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Job:
        """Get one job (see ``Jobs.get``).

        Example:
            >>> job = await client.jobs.get("job-3f9a1c2b7d4e", include=["metrics"])
        """
        with request_scope(options):
            return await self._core.call(get_job.asyncio, check_str("job_id", job_id), **_get_kwargs(include))

    async def logs(
        self,
        job_id: str,
        *,
        tail: int | None = None,
        since: str | datetime.datetime | None = None,
        timestamps: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The job's log text so far (see ``Jobs.logs``).

        Example:
            >>> text = await client.jobs.logs("job-3f9a1c2b7d4e", tail=100)
        """
        with request_scope(options):
            return await self._core.call(
                get_job_logs.asyncio, check_str("job_id", job_id), **_logs_kwargs(tail, since, timestamps)
            )

    async def logs_stream(self, job_id: str, **options: Unpack[RequestOptions]) -> AsyncIterator[str]:
        """Yield log lines as they are written (``async for``), resuming after a dropped connection.

        An async generator that is left before its end keeps its connection until it is closed or
        garbage-collected; to stop early, close it at once with ``contextlib.aclosing``.

        Example:
            >>> async for line in client.jobs.logs_stream("job-3f9a1c2b7d4e"):
            ...     print(line)
            >>> async with contextlib.aclosing(client.jobs.logs_stream("job-3f9a1c2b7d4e")) as lines:
            ...     first = await anext(lines)
        """
        checked = CallOptions.check(options)
        follower = LogFollower(self._core, job_id)
        while not follower.done:
            with request_scope(checked):
                response = await aopen_stream(self._core, follower.request)
            failure: Exception | None = None
            try:
                async for raw in response.aiter_lines():
                    line = follower.feed(raw)
                    if line is not None:
                        yield line
                    if follower.done:
                        return
            except httpx.TransportError as exc:
                failure = exc
            finally:
                await response.aclose()
            await self._core.runner.async_sleep(follower.dropped(failure))

    async def cancel(
        self,
        job_id: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Job:
        """Cancel a job (see ``Jobs.cancel``).

        Example:
            >>> await client.jobs.cancel("job-3f9a1c2b7d4e", reason="User requested cancellation")
        """
        with request_scope(options, body=True):
            return await self._core.call(
                cancel_job.asyncio, check_str("job_id", job_id), **_cancel_kwargs(reason, idempotency_key)
            )

    async def cancel_batch(
        self,
        job_ids: Sequence[str],
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> builtins.list[BatchCancelItem]:
        """Cancel several jobs; one result per job (see ``Jobs.cancel_batch``).

        Example:
            >>> results = await client.jobs.cancel_batch(["job-3f9a1c2b7d4e", "job-8b2e4f6a1c3d"])
        """
        results: builtins.list[BatchCancelItem] = []
        with request_scope(options, body=True):
            for kwargs in _batch_bodies(job_ids, reason, idempotency_key):
                results.extend((await self._core.call(cancel_jobs_batch.asyncio, **kwargs)).results)
        return results

    async def wait(
        self,
        job_id: str,
        *,
        timeout: float | None = 3600.0,
        poll_interval: float = 1.0,
        **options: Unpack[PollRequestOptions],
    ) -> Job:
        """Poll a job until it is finished (see ``Jobs.wait``).

        Example:
            >>> job = await client.jobs.wait(job.id, timeout=300)
        """
        schedule = _WaitSchedule(job_id, timeout, poll_interval)
        checked = CallOptions.check(options)
        while True:
            with request_scope(checked):
                job = await self.get(job_id)
            delay = schedule.next_delay(job)
            if delay is None:
                return job
            await self._core.runner.async_sleep(delay)


class JobsWithRawResponse(RawResponseView[Jobs]):
    """``client.jobs.with_raw_response``: each method returns an ``APIResponse`` of the call.

    The iterator methods (``list_paginated``, ``list_all``, ``logs_stream``) have no raw form;
    ``with_raw_response.list()`` gives the first page's response and the page as ``parse()``.
    """

    list = raw_method(Jobs.list)
    submit = raw_method(Jobs.submit)
    submit_from_file = raw_method(Jobs.submit_from_file)
    get = raw_method(Jobs.get)
    logs = raw_method(Jobs.logs)
    cancel = raw_method(Jobs.cancel)
    cancel_batch = raw_method(Jobs.cancel_batch)
    wait = raw_method(Jobs.wait)


class AsyncJobsWithRawResponse(RawResponseView[AsyncJobs]):
    """``async_client.jobs.with_raw_response`` (see ``JobsWithRawResponse``)."""

    list = async_raw_method(AsyncJobs.list)
    submit = async_raw_method(AsyncJobs.submit)
    submit_from_file = async_raw_method(AsyncJobs.submit_from_file)
    get = async_raw_method(AsyncJobs.get)
    logs = async_raw_method(AsyncJobs.logs)
    cancel = async_raw_method(AsyncJobs.cancel)
    cancel_batch = async_raw_method(AsyncJobs.cancel_batch)
    wait = async_raw_method(AsyncJobs.wait)
