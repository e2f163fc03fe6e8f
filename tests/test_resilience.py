"""Retries against a real emulator that fails on purpose: lost responses, 503s, dropped connections, 429s."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import APIConnectionError, AsyncVantageClient, RateLimitError, ServerError, VantageClient

TEMPLATE = {"name": "flaky", "spec": {"command": ["true"]}}


@pytest.fixture(scope="module")
def flaky_emulator() -> Iterator[EmulatorProcess]:
    """About half of all API requests fail: 503, dropped before processing, or processed with the response lost."""
    args = [
        "--fault-503-rate", "0.15", "--fault-drop-before-rate", "0.15", "--fault-drop-after-rate", "0.2",
        "--fault-retry-after", "0", "--fault-seed", "11",
    ]  # fmt: skip
    with run_emulator(extra_args=args) as emulator:
        yield emulator


def flaky_kwargs(emulator: EmulatorProcess) -> dict[str, object]:
    return {"api_key": emulator.api_key, "base_url": emulator.base_url, "max_retries": 8}


def fast_retries(client: VantageClient | AsyncVantageClient) -> None:
    # Real sleeps, but short: the timing itself is covered in test_retry.py.
    client._core.runner.jitter = lambda: 0.05


def test_lost_responses_never_create_a_second_job(
    flaky_emulator: EmulatorProcess, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vantage_sdk")
    with VantageClient(**flaky_kwargs(flaky_emulator)) as client:  # type: ignore[arg-type]
        fast_retries(client)
        submitted = [client.jobs.submit(TEMPLATE, labels={"n": str(n)}) for n in range(12)]
        listed = list(client.jobs.list_all(page_size=5))
        got = [client.jobs.get(job.id) for job in submitted]
    assert len({job.id for job in submitted}) == 12
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    # The faults did happen, including responses lost after the server acted.
    assert any("APIConnectionError" in line for line in retries), retries
    assert any("ServerError" in line for line in retries), retries
    assert sorted(job.labels["n"] for job in listed) == sorted(str(n) for n in range(12))
    assert [job.id for job in got] == [job.id for job in submitted]


async def test_async_lost_responses_never_create_a_second_job(flaky_emulator: EmulatorProcess) -> None:
    async with AsyncVantageClient(**flaky_kwargs(flaky_emulator)) as client:  # type: ignore[arg-type]
        fast_retries(client)
        before = {job.id async for job in client.jobs.list_all()}
        submitted = [await client.jobs.submit(TEMPLATE, labels={"async": str(n)}) for n in range(8)]
        after = [job async for job in client.jobs.list_all()]
    new = [job for job in after if job.id not in before]
    assert sorted(job.id for job in new) == sorted(job.id for job in submitted)


def test_faults_surface_with_attempts_when_retries_run_out(flaky_emulator: EmulatorProcess) -> None:
    failures = []
    with VantageClient(api_key=flaky_emulator.api_key, base_url=flaky_emulator.base_url, max_retries=0) as client:
        for _ in range(20):
            try:
                client.clusters.list()
            except (ServerError, APIConnectionError) as exc:
                failures.append(exc)
    assert failures, "the fault rate should fail some of 20 unretried requests"
    assert all(exc.attempts == 1 for exc in failures)


@pytest.fixture(scope="module")
def limited_emulator() -> Iterator[EmulatorProcess]:
    with run_emulator(extra_args=["--rate-limit", "2", "--rate-limit-burst", "1"]) as emulator:
        yield emulator


def test_rate_limit_waits_for_retry_after(limited_emulator: EmulatorProcess) -> None:
    with VantageClient(api_key=limited_emulator.api_key, base_url=limited_emulator.base_url) as client:
        start = time.monotonic()
        for _ in range(3):
            client.clusters.list()
        elapsed = time.monotonic() - start
    # The bucket holds one token; the others each waited the server's Retry-After (whole seconds).
    assert elapsed >= 0.9


def test_rate_limit_error_carries_retry_after_when_not_retried(limited_emulator: EmulatorProcess) -> None:
    with VantageClient(api_key=limited_emulator.api_key, base_url=limited_emulator.base_url, max_retries=0) as client:
        with pytest.raises(RateLimitError) as info:
            for _ in range(5):
                client.clusters.list()
    assert info.value.status_code == 429
    assert info.value.retry_after is not None and info.value.retry_after >= 1
    assert info.value.request_id
