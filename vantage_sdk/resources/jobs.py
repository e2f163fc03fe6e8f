"""``client.jobs``: list, submit, get, logs, log streams, cancel and wait (``Jobs`` / ``AsyncJobs``).

Argument checks, template merging and wait scheduling are in ``resources._job_args``, shared by both
classes; log-stream resumption is ``vantage_sdk._log_stream.LogFollower``. The classes only
differ in ``await``.

What a method needs beyond the client's core is loaded on its first call, so that a process which
only gets a job does not pay for the rest: each generated operation module on its first use through
``api`` (the package imports them on demand), and pagination, the log follower and template
files by an import inside the methods that use them.
"""

from __future__ import annotations

import builtins
import datetime
import functools
import os
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Unpack

from vantage_sdk._generated.api import jobs as api
from vantage_sdk._request_options import (
    BodyRequestOptions,
    CallOptions,
    PollRequestOptions,
    RequestOptions,
    request_scope,
)
from vantage_sdk._resource import AsyncResource, SyncResource
from vantage_sdk._response import RawResponseView, async_raw_method, raw_method
from vantage_sdk._validation import check_str
from vantage_sdk.resources._job_args import (
    TERMINAL_STATUSES,
    WaitSchedule,
    batch_bodies,
    cancel_kwargs,
    check_page_token,
    get_kwargs,
    list_kwargs,
    logs_kwargs,
    page_kwargs,
    submit_kwargs,
)

if TYPE_CHECKING:
    from vantage_sdk._generated.models.batch_cancel_item import BatchCancelItem
    from vantage_sdk._generated.models.job import Job
    from vantage_sdk._generated.models.job_include import JobInclude
    from vantage_sdk._generated.models.job_status import JobStatus
    from vantage_sdk._pagination import AsyncPage, AsyncPaginator, SyncPage
    from vantage_sdk._templates import JobTemplate

__all__ = ["TERMINAL_STATUSES", "AsyncJobs", "AsyncJobsWithRawResponse", "Jobs", "JobsWithRawResponse"]


class Jobs(SyncResource):
    """Compute jobs (``client.jobs``).

    Every method also takes the per-call options ``timeout=``, ``extra_headers=``, ``extra_query=``
    and, where a JSON body is sent, ``extra_body=`` (see ``vantage_sdk.types.RequestOptions``).
    """

    @functools.cached_property
    def with_raw_response(self) -> JobsWithRawResponse:
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
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
        from vantage_sdk._pagination import fetch_page

        kwargs = page_kwargs(status, cluster, limit, offset)
        return fetch_page(
            self._core, api.list_jobs.sync, CallOptions.check(options), kwargs, check_page_token(page_token)
        )

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
        from vantage_sdk._pagination import fetch_page, lazy_pages

        kwargs = list_kwargs(status, cluster, page_size)
        return lazy_pages(
            functools.partial(fetch_page, self._core, api.list_jobs.sync, CallOptions.check(options), kwargs)
        )

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
        from vantage_sdk._pagination import fetch_page, lazy_items

        kwargs = list_kwargs(status, cluster, page_size)
        return lazy_items(
            functools.partial(fetch_page, self._core, api.list_jobs.sync, CallOptions.check(options), kwargs)
        )

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
        return self._core.call(
            api.submit_job.sync,
            **submit_kwargs(template, cluster, priority, env, labels, idempotency_key),
            options=options,
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
        from vantage_sdk._templates import load_template_file

        kwargs = submit_kwargs(load_template_file(path), cluster, priority, env, labels, idempotency_key, str(path))
        return self._core.call(api.submit_job.sync, **kwargs, options=options)

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
        return self._core.call(api.get_job.sync, check_str("job_id", job_id), **get_kwargs(include), options=options)

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
        return self._core.call(
            api.get_job_logs.sync, check_str("job_id", job_id), **logs_kwargs(tail, since, timestamps), options=options
        )

    def logs_stream(
        self, job_id: str, *, timeout: float | None = None, **options: Unpack[PollRequestOptions]
    ) -> Iterator[str]:
        """Yield the job's log lines as they are written, until the job finishes.

        A dropped connection is resumed from the line after the last one yielded: nothing is
        lost or repeated. After ``max_retries`` drops in a row without a new line (a read timeout
        counts as one: keep the timeout above the server's keep-alive interval) it raises.

        Args:
            job_id: The job.
            timeout: Seconds to follow at most (None: until the job finishes); keep-alives from
                the server do not extend it.

        Raises:
            APIConnectionError: The stream kept dropping (``APITimeoutError`` if it went silent,
                or ``timeout`` passed before the job finished).
            UnexpectedResponseError: The server sent an event that is not a log line, or a line
                or event over 1 MiB.

        Example:
            >>> for line in client.jobs.logs_stream("job-3f9a1c2b7d4e", timeout=600):
            ...     print(line)
        """
        from vantage_sdk._log_stream import follow_lines

        return follow_lines(self._core, job_id, CallOptions.check(options), timeout)

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
        return self._core.call(
            api.cancel_job.sync, check_str("job_id", job_id), **cancel_kwargs(reason, idempotency_key), options=options
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
                for kwargs in batch_bodies(job_ids, reason, idempotency_key)
                for item in self._core.call(api.cancel_jobs_batch.sync, **kwargs).results
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
        schedule = WaitSchedule(job_id, timeout, poll_interval)
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
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
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
        from vantage_sdk._pagination import AsyncPaginator, afetch_page

        kwargs = page_kwargs(status, cluster, limit, offset)
        checked, token = CallOptions.check(options), check_page_token(page_token)
        return AsyncPaginator(functools.partial(afetch_page, self._core, api.list_jobs.asyncio, checked, kwargs, token))

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
        from vantage_sdk._pagination import afetch_page, lazy_apages

        kwargs = list_kwargs(status, cluster, page_size)
        checked = CallOptions.check(options)
        return lazy_apages(functools.partial(afetch_page, self._core, api.list_jobs.asyncio, checked, kwargs))

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
        from vantage_sdk._pagination import afetch_page, lazy_aitems

        kwargs = list_kwargs(status, cluster, page_size)
        checked = CallOptions.check(options)
        return lazy_aitems(functools.partial(afetch_page, self._core, api.list_jobs.asyncio, checked, kwargs))

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
        return await self._core.call(
            api.submit_job.asyncio,
            **submit_kwargs(template, cluster, priority, env, labels, idempotency_key),
            options=options,
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
        from vantage_sdk._templates import load_template_file

        kwargs = submit_kwargs(load_template_file(path), cluster, priority, env, labels, idempotency_key, str(path))
        return await self._core.call(api.submit_job.asyncio, **kwargs, options=options)

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
        return await self._core.call(
            api.get_job.asyncio, check_str("job_id", job_id), **get_kwargs(include), options=options
        )

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
        return await self._core.call(
            api.get_job_logs.asyncio,
            check_str("job_id", job_id),
            **logs_kwargs(tail, since, timestamps),
            options=options,
        )

    def logs_stream(
        self, job_id: str, *, timeout: float | None = None, **options: Unpack[PollRequestOptions]
    ) -> AsyncIterator[str]:
        """Yield log lines as they are written (``async for``), resuming after a dropped connection.

        ``timeout`` bounds the whole stream as in ``Jobs.logs_stream``.

        An async generator that is left before its end keeps its connection until it is closed or
        garbage-collected; to stop early, close it at once with ``contextlib.aclosing``.

        Example:
            >>> async for line in client.jobs.logs_stream("job-3f9a1c2b7d4e"):
            ...     print(line)
            >>> async with contextlib.aclosing(client.jobs.logs_stream("job-3f9a1c2b7d4e")) as lines:
            ...     first = await anext(lines)
        """
        from vantage_sdk._log_stream import afollow_lines

        return afollow_lines(self._core, job_id, CallOptions.check(options), timeout)

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
        return await self._core.call(
            api.cancel_job.asyncio,
            check_str("job_id", job_id),
            **cancel_kwargs(reason, idempotency_key),
            options=options,
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
            for kwargs in batch_bodies(job_ids, reason, idempotency_key):
                results.extend((await self._core.call(api.cancel_jobs_batch.asyncio, **kwargs)).results)
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
        schedule = WaitSchedule(job_id, timeout, poll_interval)
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
