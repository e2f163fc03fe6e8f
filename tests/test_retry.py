"""Retry policy: what is retried, exact backoff and Retry-After timing, headers per attempt.

A real server cannot fail on demand with exact timing, so these use httpx.MockTransport and an
injected sleep (recording the delays instead of sleeping) and jitter.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from vantage_sdk import AsyncVantageClient, VantageClient
from vantage_sdk._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    RateLimitError,
    ResourceNotFoundError,
    ServerError,
    ValidationError,
    VantageAPIError,
)
from vantage_sdk._generated.api.jobs import get_job
from vantage_sdk._generated.client import Client as GeneratedClient
from vantage_sdk._retry import RetryPolicy, RetryRunner

JOB = {
    "id": "job-3f9a1c2b7d4e",
    "name": "my-job",
    "status": "succeeded",
    "cluster": "local",
    "priority": 0,
    "spec": {"command": ["echo", "hello"]},
    "labels": {},
    "created_at": "2024-01-01T00:00:00Z",
    "started_at": None,
    "finished_at": None,
    "exit_code": None,
    "status_reason": None,
}


def problem(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"type": "about:blank", "title": "Failure", "status": status, "detail": f"status {status}"}
    return httpx.Response(status, json=body, headers={"X-Request-ID": f"req-{status}", **(headers or {})})


class Script:
    """A MockTransport handler that plays responses (or raises) in order and records requests."""

    def __init__(self, *steps: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.steps: Iterator[Any] = iter(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response] = next(self.steps)
        if isinstance(step, Exception):
            raise step
        return step(request) if callable(step) else step

    def header(self, name: str) -> list[str | None]:
        return [r.headers.get(name) for r in self.requests]


def ok() -> httpx.Response:
    return httpx.Response(200, json=JOB)


def runner_for(
    script: Script, max_retries: int = 2, jitter: float = 0.5, **policy: Any
) -> tuple[RetryRunner, GeneratedClient, list[float]]:
    sleeps: list[float] = []
    runner = RetryRunner(RetryPolicy(max_retries=max_retries, **policy), sleep=sleeps.append, jitter=lambda: jitter)
    gen = GeneratedClient(base_url="http://vantage.test")
    gen.set_httpx_client(httpx.Client(base_url="http://vantage.test", transport=httpx.MockTransport(script)))
    return runner, gen, sleeps


def run_get(runner: RetryRunner, gen: GeneratedClient, retry_safe: bool = True) -> Any:
    return runner.run(
        lambda headers: get_job.sync("job-3f9a1c2b7d4e", client=gen, extra_headers=headers), retry_safe=retry_safe
    )


def test_server_errors_back_off_exponentially_with_jitter_and_count_retries() -> None:
    script = Script(problem(503), problem(500), ok())
    runner, gen, sleeps = runner_for(script)
    job = run_get(runner, gen)
    assert job.id == "job-3f9a1c2b7d4e"
    # Full jitter with jitter()=0.5: half of 0.5 s, then half of 1.0 s.
    assert sleeps == [0.25, 0.5]
    assert script.header("X-Retry-Count") == [None, "1", "2"]


def test_backoff_doubles_from_half_a_second_and_caps_at_eight() -> None:
    script = Script(*[problem(502)] * 7)
    runner, gen, sleeps = runner_for(script, max_retries=6, jitter=1.0)
    with pytest.raises(ServerError) as info:
        run_get(runner, gen)
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert info.value.attempts == 7
    assert "attempts=7" in str(info.value)


def test_zero_jitter_retries_at_once() -> None:
    script = Script(problem(500), ok())
    runner, gen, sleeps = runner_for(script, jitter=0.0)
    run_get(runner, gen)
    assert sleeps == [0.0]


def test_last_error_is_raised_with_the_number_of_attempts() -> None:
    script = Script(problem(500), problem(503), problem(500, {"X-Request-ID": "req-last"}))
    runner, gen, sleeps = runner_for(script)
    with pytest.raises(ServerError) as info:
        run_get(runner, gen)
    assert info.value.attempts == 3
    assert info.value.status_code == 500
    assert info.value.request_id == "req-last"
    assert len(script.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    ("status", "error"), [(400, ValidationError), (404, ResourceNotFoundError), (409, ConflictError)]
)
def test_other_client_errors_are_not_retried(status: int, error: type[VantageAPIError]) -> None:
    script = Script(problem(status))
    runner, gen, sleeps = runner_for(script)
    with pytest.raises(error) as info:
        run_get(runner, gen)
    assert info.value.attempts == 1
    assert sleeps == []
    assert len(script.requests) == 1


def test_request_timeout_408_is_retried() -> None:
    script = Script(problem(408), ok())
    runner, gen, sleeps = runner_for(script)
    run_get(runner, gen)
    assert sleeps == [0.25]


def test_retry_after_seconds_is_honoured_exactly() -> None:
    script = Script(problem(429, {"Retry-After": "3"}), problem(503, {"Retry-After": "1.5"}), ok())
    runner, gen, sleeps = runner_for(script)
    run_get(runner, gen)
    assert sleeps == [3.0, 1.5]


def test_retry_after_http_date_is_honoured() -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    script = Script(problem(429, {"Retry-After": when}), ok())
    runner, gen, sleeps = runner_for(script)
    run_get(runner, gen)
    # HTTP dates have one-second resolution.
    assert len(sleeps) == 1 and 3.5 <= sleeps[0] <= 5.0


def test_retry_after_beyond_the_cap_is_raised_at_once() -> None:
    script = Script(problem(429, {"Retry-After": "120"}))
    runner, gen, sleeps = runner_for(script, max_retry_after=60.0)
    with pytest.raises(RateLimitError) as info:
        run_get(runner, gen)
    assert info.value.retry_after == 120.0
    assert info.value.attempts == 1
    assert sleeps == []


def test_connection_errors_are_retried_then_raised_as_api_connection_error() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.ReadError("reset"), httpx.RemoteProtocolError("eof"))
    runner, gen, sleeps = runner_for(script)
    with pytest.raises(APIConnectionError) as info:
        run_get(runner, gen)
    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
    assert info.value.attempts == 3
    assert sleeps == [0.25, 0.5]


def test_timeouts_are_retried_then_raised_as_api_timeout_error() -> None:
    script = Script(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"))
    runner, gen, _ = runner_for(script)
    with pytest.raises(APITimeoutError) as info:
        run_get(runner, gen)
    assert info.value.attempts == 3


def test_connection_error_then_success() -> None:
    script = Script(httpx.ConnectError("refused"), ok())
    runner, gen, sleeps = runner_for(script)
    assert run_get(runner, gen).id == "job-3f9a1c2b7d4e"
    assert sleeps == [0.25]


def test_unsafe_requests_retry_only_what_the_server_never_acted_on() -> None:
    script = Script(problem(500))
    runner, gen, _ = runner_for(script)
    with pytest.raises(ServerError):
        run_get(runner, gen, retry_safe=False)
    assert len(script.requests) == 1

    script = Script(httpx.ReadError("reset"))
    runner, gen, _ = runner_for(script)
    with pytest.raises(APIConnectionError):
        run_get(runner, gen, retry_safe=False)
    assert len(script.requests) == 1

    script = Script(httpx.ConnectError("refused"), problem(429, {"Retry-After": "0"}), ok())
    runner, gen, sleeps = runner_for(script)
    run_get(runner, gen, retry_safe=False)
    assert sleeps == [0.25, 0.0]


def test_max_retries_zero_makes_one_attempt() -> None:
    script = Script(problem(503))
    runner, gen, sleeps = runner_for(script, max_retries=0)
    with pytest.raises(ServerError) as info:
        run_get(runner, gen)
    assert info.value.attempts == 1
    assert sleeps == []


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_max_retries_must_be_a_non_negative_integer(bad: Any) -> None:
    with pytest.raises(ValidationError, match="max_retries"):
        RetryPolicy(max_retries=bad)


async def test_async_runner_shares_the_policy_and_sleeps_asynchronously() -> None:
    script = Script(problem(503), problem(429, {"Retry-After": "2"}), ok())
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    runner = RetryRunner(RetryPolicy(), async_sleep=fake_sleep, jitter=lambda: 0.5)
    gen = GeneratedClient(base_url="http://vantage.test")
    gen.set_async_httpx_client(httpx.AsyncClient(base_url="http://vantage.test", transport=httpx.MockTransport(script)))
    job = await runner.arun(lambda headers: get_job.asyncio("job-3f9a1c2b7d4e", client=gen, extra_headers=headers))
    assert job.id == "job-3f9a1c2b7d4e"
    assert sleeps == [0.25, 2.0]
    assert script.header("X-Retry-Count") == [None, "1", "2"]


# Through the client: the Idempotency-Key of a POST is made once per call and kept on retries.

TEMPLATE = {"name": "my-job", "spec": {"command": ["echo", "hello"]}}


def created(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json=JOB)


def client_for(script: Script, **kwargs: Any) -> tuple[VantageClient, list[float]]:
    http = httpx.Client(transport=httpx.MockTransport(script))
    client = VantageClient(api_key="k-secret", base_url="http://vantage.test", http_client=http, **kwargs)
    sleeps: list[float] = []
    client._core.runner.sleep = sleeps.append
    client._core.runner.jitter = lambda: 1.0
    return client, sleeps


def test_submit_reuses_one_idempotency_key_across_retries() -> None:
    script = Script(httpx.ReadError("lost response"), problem(503), created)
    client, sleeps = client_for(script)
    client.jobs.submit(TEMPLATE)
    keys = script.header("Idempotency-Key")
    assert len(keys) == 3 and keys[0] and len(set(keys)) == 1
    assert script.header("X-Retry-Count") == [None, "1", "2"]
    assert sleeps == [0.5, 1.0]


def test_each_submit_call_gets_a_fresh_key_and_a_user_key_is_sent_as_is() -> None:
    script = Script(created, created, created)
    client, _ = client_for(script)
    client.jobs.submit(TEMPLATE)
    client.jobs.submit(TEMPLATE)
    client.jobs.submit(TEMPLATE, idempotency_key="my-own-key")
    keys = script.header("Idempotency-Key")
    assert keys[0] != keys[1]
    assert keys[2] == "my-own-key"


def test_every_post_carries_an_idempotency_key() -> None:
    cancelled = {**JOB, "status": "cancelled"}
    cluster = {
        "name": "gpu-cluster",
        "status": "scaling",
        "provider": "aws",
        "region": "us-west-2",
        "node_count": 1,
        "total_resources": {"cpu_cores": 2, "memory_bytes": 1, "gpus": 0},
        "max_concurrent_jobs": 4,
        "autoscaling": None,
        "created_at": "2024-01-01T00:00:00Z",
    }
    script = Script(
        lambda r: httpx.Response(200, json=cancelled),
        lambda r: httpx.Response(200, json={"results": [{"job_id": "job-3f9a1c2b7d4e", "ok": True}]}),
        lambda r: httpx.Response(202, json=cluster),
    )
    client, _ = client_for(script)
    client.jobs.cancel("job-3f9a1c2b7d4e")
    client.jobs.cancel_batch(["job-3f9a1c2b7d4e"])
    client.clusters.scale("gpu-cluster", nodes=3)
    assert [r.method for r in script.requests] == ["POST"] * 3
    assert all(script.header("Idempotency-Key"))


def test_with_options_max_retries_applies_to_the_copy_only() -> None:
    script = Script(problem(503), problem(503))
    client, _ = client_for(script, max_retries=0)
    patient = client.with_options(max_retries=1)
    patient._core.runner.sleep = lambda s: None
    with pytest.raises(ServerError) as info:
        patient.jobs.submit(TEMPLATE)
    assert info.value.attempts == 2
    assert client.max_retries == 0


async def test_async_submit_reuses_one_idempotency_key_across_retries() -> None:
    script = Script(problem(500), httpx.ConnectError("refused"), created)
    client = AsyncVantageClient(
        api_key="k-secret",
        base_url="http://vantage.test",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    )
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client._core.runner.async_sleep = fake_sleep
    client._core.runner.jitter = lambda: 1.0
    await client.jobs.submit(TEMPLATE)
    keys = script.header("Idempotency-Key")
    assert len(keys) == 3 and len(set(keys)) == 1
    assert sleeps == [0.5, 1.0]
