"""Client set-up: arguments and VANTAGE_* variables, pools, with_options, TLS, debug logging without the key."""

from __future__ import annotations

import asyncio
import logging
import ssl
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import vantage_sdk
from vantage_sdk import AsyncVantageClient, ResourceNotFoundError, ValidationError, VantageClient, VantageError
from vantage_sdk._base_client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, InFlightLimit
from vantage_sdk._generated.types import UNSET

KEY = "vk-test-5f2b9c0d1e7a4b3c"
JOB = {
    "id": "job-3f9a1c2b7d4e",
    "name": "my-job",
    "status": "running",
    "cluster": "local",
    "priority": 0,
    "spec": {"command": ["sleep", "1"]},
    "labels": {},
    "created_at": "2024-01-01T00:00:00Z",
    "started_at": "2024-01-01T00:00:01Z",
    "finished_at": None,
    "exit_code": None,
    "status_reason": None,
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VANTAGE_API_KEY", "VANTAGE_BASE_URL", "VANTAGE_ORGANIZATION", "VANTAGE_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sdk_logger() -> Iterator[logging.Logger]:
    """Restore the vantage_sdk logger after a test turned debug logging on."""
    logger = logging.getLogger("vantage_sdk")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


class Recorder:
    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0) if self.responses else httpx.Response(200, json=JOB)


def mock_client(recorder: Recorder, **kwargs: Any) -> VantageClient:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return VantageClient(api_key=KEY, base_url="http://vantage.test", http_client=http, **kwargs)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>Sign in to the hotel Wi-Fi</html>", headers={"Content-Type": "text/html"}),
        httpx.Response(200, json=["not", "a", "job"]),
        httpx.Response(200, json={"id": "job-1"}),
    ],
    ids=["html", "json-list", "json-missing-fields"],
)
def test_a_success_status_with_an_unreadable_body_is_a_typed_error_not_retried(answer: httpx.Response) -> None:
    recorder = Recorder(answer)
    with mock_client(recorder) as client, pytest.raises(vantage_sdk.UnexpectedResponseError) as info:
        client.jobs.get("job-3f9a1c2b7d4e")
    assert info.value.status_code == 200 and info.value.attempts == 1
    assert isinstance(info.value.__cause__, (ValueError, TypeError, KeyError, AttributeError))
    assert len(recorder.requests) == 1


def test_missing_api_key_is_a_clear_error_at_construction() -> None:
    with pytest.raises(VantageError, match="VANTAGE_API_KEY"):
        VantageClient()
    with pytest.raises(VantageError, match="api_key"):
        AsyncVantageClient(api_key="  ")


def test_arguments_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTAGE_API_KEY", KEY)
    monkeypatch.setenv("VANTAGE_BASE_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("VANTAGE_ORGANIZATION", "research")
    with VantageClient() as client:
        assert client.base_url == "http://127.0.0.1:9"
        assert client.organization == "research"
        headers = client._core.http.headers
        assert headers["Authorization"] == f"Bearer {KEY}"
        assert headers["X-Vantage-Organization"] == "research"
        assert headers["User-Agent"] == f"vantage-sdk-python/{vantage_sdk.__version__}"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTAGE_API_KEY", "from-env")
    monkeypatch.setenv("VANTAGE_ORGANIZATION", "from-env")
    with VantageClient(api_key=KEY, organization="mine") as client:
        assert client._core.http.headers["Authorization"] == f"Bearer {KEY}"
        assert client.organization == "mine"


def test_defaults() -> None:
    with VantageClient(api_key=KEY) as client:
        assert client.base_url == DEFAULT_BASE_URL == "https://api.vantage.omnivector.solutions"
        assert client.max_retries == 2
        assert client.timeout == DEFAULT_TIMEOUT
        assert client.organization is None
        assert "X-Vantage-Organization" not in client._core.http.headers


def test_timeout_argument_forms() -> None:
    with VantageClient(api_key=KEY, timeout=60) as client:
        assert client.timeout == httpx.Timeout(60.0)
    with VantageClient(api_key=KEY, timeout=httpx.Timeout(5, read=30)) as client:
        assert client.timeout == httpx.Timeout(5, read=30)
    with VantageClient(api_key=KEY, timeout=None) as client:
        assert client.timeout == httpx.Timeout(None)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": "60"}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"base_url": "ftp://example.com"}, "base_url"),
        ({"base_url": "not a url"}, "base_url"),
        ({"api_key": "two words"}, "api_key"),
        ({"http_client": httpx.AsyncClient()}, "http_client"),
        ({"http_client": httpx.Client(), "verify": False}, "verify"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], field: str) -> None:
    kwargs.setdefault("api_key", KEY)
    with pytest.raises(ValidationError, match=field) as info:
        VantageClient(**kwargs)
    assert "two words" not in str(info.value)


def test_tls_is_verified_by_default_and_can_be_turned_off() -> None:
    def context(client: VantageClient) -> ssl.SSLContext:
        return client._core.http._transport._pool._ssl_context  # type: ignore[attr-defined,no-any-return]

    with VantageClient(api_key=KEY) as client:
        assert context(client).verify_mode == ssl.CERT_REQUIRED
    with VantageClient(api_key=KEY, verify=False) as client:
        assert context(client).verify_mode == ssl.CERT_NONE


def test_own_http_client_gets_auth_headers_per_request_and_keeps_its_timeout() -> None:
    recorder = Recorder()
    client = mock_client(recorder, organization="research")
    assert client.timeout is UNSET
    client.jobs.get("job-3f9a1c2b7d4e")
    request = recorder.requests[0]
    assert request.url == "http://vantage.test/v1/jobs/job-3f9a1c2b7d4e"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["X-Vantage-Organization"] == "research"
    assert "X-Retry-Count" not in request.headers  # only retries carry it
    assert request.extensions["timeout"] == httpx.Timeout(5.0).as_dict()  # httpx's own default


def test_own_http_client_gets_sdk_headers_once_on_every_attempt_and_keeps_its_own_defaults() -> None:
    recorder = Recorder(httpx.Response(503, json={"error": {"code": "unavailable", "message": "busy"}}))
    client = mock_client(recorder, default_headers={"X-Team": "ml"}).with_options(max_retries=1)
    client._core.runner.sleep = lambda seconds: None
    client.jobs.get("job-3f9a1c2b7d4e")
    first, retry = recorder.requests
    for request in (first, retry):
        assert request.headers.get_list("Authorization") == [f"Bearer {KEY}"]
        assert request.headers.get_list("User-Agent") == [f"vantage-sdk-python/{vantage_sdk.__version__}"]
        assert request.headers["X-Team"] == "ml"
    assert "X-Retry-Count" not in first.headers and retry.headers["X-Retry-Count"] == "1"
    # The user's client itself never gets the key among its defaults.
    assert "Authorization" not in client._core.http.headers


def test_own_http_client_base_url_wins_when_it_has_one() -> None:
    recorder = Recorder()
    http = httpx.Client(base_url="http://gateway.test/vantage/", transport=httpx.MockTransport(recorder))
    client = VantageClient(api_key=KEY, http_client=http)
    client.jobs.get("job-3f9a1c2b7d4e")
    assert client.base_url == "http://gateway.test/vantage"
    assert recorder.requests[0].url == "http://gateway.test/vantage/v1/jobs/job-3f9a1c2b7d4e"


def test_timeout_is_sent_per_request_and_with_options_changes_only_the_copy() -> None:
    recorder = Recorder()
    client = mock_client(recorder, timeout=20)
    quick = client.with_options(timeout=2, max_retries=0)
    quick.jobs.get("job-3f9a1c2b7d4e")
    client.jobs.get("job-3f9a1c2b7d4e")
    assert [r.extensions["timeout"]["read"] for r in recorder.requests] == [2.0, 20.0]
    assert (client.max_retries, quick.max_retries) == (2, 0)
    assert quick._core.http is client._core.http
    assert type(quick) is VantageClient and quick.jobs is not client.jobs


def test_with_options_copy_shares_the_pool_and_closing_it_leaves_the_pool_open() -> None:
    client = VantageClient(api_key=KEY)
    copy = client.with_options(timeout=1)
    assert copy._core.http is client._core.http
    copy.close()
    assert not client._core.http.is_closed
    client.close()
    assert client._core.http.is_closed


def test_own_pool_is_made_on_first_use_and_a_client_closed_unused_refuses_requests() -> None:
    client = VantageClient(api_key=KEY, base_url="http://127.0.0.1:9")
    copy = client.with_options(max_retries=0)
    assert client._core.pool.made is None  # no httpx client (nor its TLS context) until needed
    assert copy._core.http is client._core.http is client._core.pool.made
    unused = VantageClient(api_key=KEY, base_url="http://127.0.0.1:9")
    unused.close()
    assert unused._core.pool.made is None and unused._core.pool.closed
    with pytest.raises(RuntimeError, match="closed"):
        unused.jobs.get("job-3f9a1c2b7d4e")


def test_context_manager_closes_an_owned_pool_but_not_a_users_client() -> None:
    with VantageClient(api_key=KEY) as client:
        assert client._core.pool.http() is client._core.pool.made  # made on this first use
    assert client._core.http.is_closed
    with VantageClient(api_key=KEY) as unused:
        pass
    assert unused._core.pool.closed and unused._core.pool.made is None
    http = httpx.Client()
    with VantageClient(api_key=KEY, http_client=http):
        pass
    assert not http.is_closed
    http.close()


async def test_async_client_context_manager_and_own_client() -> None:
    async with AsyncVantageClient(api_key=KEY, base_url="http://vantage.test") as client:
        assert isinstance(client._core.http, httpx.AsyncClient)
    assert client._core.http.is_closed
    async with AsyncVantageClient(api_key=KEY, base_url="http://vantage.test") as unused:
        pass
    assert unused._core.pool.closed and unused._core.pool.made is None
    recorder = Recorder()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    async with AsyncVantageClient(api_key=KEY, base_url="http://vantage.test", http_client=http) as client:
        job = await client.jobs.get("job-3f9a1c2b7d4e")
    assert job.status == "running"
    assert recorder.requests[0].headers["Authorization"] == f"Bearer {KEY}"
    assert not http.is_closed
    await http.aclose()


def test_debug_logs_each_request_and_never_the_key(
    sdk_logger: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    problem = {"type": "t", "title": "Not Found", "status": 404, "detail": "Job 'job-000000000000' does not exist."}
    recorder = Recorder(
        httpx.Response(503, json={"title": "busy"}, headers={"X-Request-ID": "req-111", "Retry-After": "0"}),
        httpx.Response(201, json=JOB, headers={"X-Request-ID": "req-222"}),
        httpx.Response(404, json=problem, headers={"X-Request-ID": "req-333"}),
    )
    caplog.set_level(logging.DEBUG, logger="vantage_sdk")
    client = mock_client(recorder, debug=True)
    assert sdk_logger.isEnabledFor(logging.DEBUG)
    client.jobs.submit({"name": "my-job", "spec": {"command": ["echo", KEY]}}, env={"TOKEN": KEY})
    with pytest.raises(ResourceNotFoundError) as info:
        client.jobs.get("job-000000000000")

    lines = [r.getMessage() for r in caplog.records]
    assert any(
        line.startswith("POST http://vantage.test/v1/jobs -> 503 Service Unavailable in ")
        and "request_id=req-111, retry=0" in line
        for line in lines
    ), lines
    assert any("-> 201 Created in " in line and "request_id=req-222, retry=1" in line for line in lines), lines
    assert any("retrying in 0.000s (retry 1 of 2) after ServerError" in line for line in lines), lines
    assert any("GET http://vantage.test/v1/jobs/job-000000000000 -> 404" in line for line in lines), lines
    assert all("ms (request_id=" in line for line in lines if " -> " in line)

    everything = [*lines, *(str(r.args) for r in caplog.records), *(caplog.text.splitlines())]
    everything += [repr(client), repr(client._core.config), repr(client.jobs), str(info.value), repr(info.value)]
    assert not [text for text in everything if KEY in text]


def test_vantage_log_env_turns_on_debug_logging(monkeypatch: pytest.MonkeyPatch, sdk_logger: logging.Logger) -> None:
    sdk_logger.setLevel(logging.WARNING)
    monkeypatch.setenv("VANTAGE_LOG", "debug")
    client = mock_client(Recorder())
    assert client.debug
    assert sdk_logger.isEnabledFor(logging.DEBUG)


def test_debug_adds_a_handler_only_when_logging_is_unconfigured(sdk_logger: logging.Logger) -> None:
    root_handlers = list(logging.getLogger().handlers)
    logging.getLogger().handlers[:] = []
    sdk_logger.handlers[:] = []
    try:
        mock_client(Recorder(), debug=True)
        assert len(sdk_logger.handlers) == 1
        mock_client(Recorder(), debug=True)
        assert len(sdk_logger.handlers) == 1
    finally:
        logging.getLogger().handlers[:] = root_handlers


def test_resources_are_created_once_per_client() -> None:
    client = mock_client(Recorder())
    assert client.jobs is client.jobs
    assert type(client.storage).__name__ == "Storage"
    assert type(AsyncVantageClient(api_key=KEY).storage).__name__ == "AsyncStorage"


def test_import_is_lazy_and_names_resolve() -> None:
    code = "import sys, vantage_sdk; print('httpx' in sys.modules, vantage_sdk.VantageClient.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "VantageClient"]
    assert set(vantage_sdk.__all__) <= set(dir(vantage_sdk))
    for name in vantage_sdk.__all__:
        assert getattr(vantage_sdk, name) is not None
    with pytest.raises(AttributeError, match="no_such_name"):
        vantage_sdk.no_such_name  # noqa: B018


async def test_async_calls_in_flight_are_held_to_the_pool_size() -> None:
    in_flight = peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json=JOB)

    http = httpx.AsyncClient(transport=httpx.MockTransport(slow))
    client = AsyncVantageClient(api_key=KEY, base_url="http://vantage.test", http_client=http)
    assert client._core.in_flight.limit is None  # a transport without a pool: nothing to hold to
    client._core.in_flight = InFlightLimit(3)
    copy = client.with_options(max_retries=0)
    jobs = await asyncio.gather(*(c.jobs.get("job-3f9a1c2b7d4e") for c in [client, copy] * 5))
    assert [job.id for job in jobs] == ["job-3f9a1c2b7d4e"] * 10
    assert peak == 3  # a with_options copy shares the limit with its pool
    await http.aclose()


def test_the_in_flight_limit_follows_the_pool() -> None:
    assert AsyncVantageClient(api_key=KEY)._core.in_flight.limit == 100
    own = httpx.AsyncClient(limits=httpx.Limits(max_connections=7))
    assert AsyncVantageClient(api_key=KEY, http_client=own)._core.in_flight.limit == 7
    unlimited = httpx.AsyncClient(limits=httpx.Limits(max_connections=None))
    assert AsyncVantageClient(api_key=KEY, http_client=unlimited)._core.in_flight.limit is None
