"""Per-call options (timeout, extra_headers, extra_query, extra_body) and with_options, against the emulator.

Each client here sends through an httpx client whose event hook keeps every request sent, so the
tests read what really went on the wire.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import AsyncVantageClient, TransferConfig, ValidationError, VantageClient

KiB = 1024


def plain(labels: object) -> object:
    """A labels value as a dict, whether the model gives a dict or a model with ``to_dict()``."""
    to_dict = getattr(labels, "to_dict", None)
    return to_dict() if to_dict is not None else labels


def template(*command: str) -> dict[str, object]:
    return {"name": "options", "spec": {"command": list(command)}}


class Sent:
    """The requests an httpx client sent, in order."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)

    async def areceive(self, request: httpx.Request) -> None:
        self.requests.append(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def sent() -> Sent:
    return Sent()


@pytest.fixture
def client(vantage_emulator: EmulatorProcess, sent: Sent) -> Iterator[VantageClient]:
    http = httpx.Client(event_hooks={"request": [sent]})
    with VantageClient(
        api_key=vantage_emulator.api_key,
        base_url=vantage_emulator.base_url,
        organization=vantage_emulator.organization,
        http_client=http,
    ) as vantage:
        yield vantage
    http.close()


@pytest.fixture
async def aclient(vantage_emulator: EmulatorProcess, sent: Sent) -> AsyncIterator[AsyncVantageClient]:
    http = httpx.AsyncClient(event_hooks={"request": [sent.areceive]})
    async with AsyncVantageClient(
        api_key=vantage_emulator.api_key,
        base_url=vantage_emulator.base_url,
        organization=vantage_emulator.organization,
        http_client=http,
    ) as vantage:
        yield vantage
    await http.aclose()


def test_headers_query_and_timeout_reach_the_request_and_only_that_call(client: VantageClient, sent: Sent) -> None:
    job = client.jobs.submit(template("true"))
    got = client.jobs.get(job.id, timeout=7, extra_headers={"X-Trace": "t-1"}, extra_query={"include": "metrics"})
    request = sent.last
    assert request.headers["X-Trace"] == "t-1"
    assert request.url.params["include"] == "metrics"
    assert request.extensions["timeout"]["read"] == 7.0
    assert got.metrics is not None  # the server saw the extra query parameter
    client.jobs.get(job.id)
    assert "X-Trace" not in sent.last.headers and "include" not in sent.last.url.params
    assert sent.last.extensions["timeout"]["read"] != 7.0


def test_extra_body_is_merged_into_the_json_body(client: VantageClient, sent: Sent) -> None:
    job = client.jobs.submit(template("sleep", "30"), extra_body={"labels": {"team": "ml"}, "priority": 7})
    assert json.loads(sent.last.content)["labels"] == {"team": "ml"}
    assert plain(job.labels) == {"team": "ml"} and job.priority == 7
    # A body the method would not send (cancel without a reason) is created for the extra fields.
    cancelled = client.jobs.cancel(job.id, extra_body={"reason": "from extra_body"})
    assert json.loads(sent.last.content) == {"reason": "from extra_body"}
    assert cancelled.status == "cancelled"


def test_options_follow_every_page_and_every_poll(client: VantageClient, sent: Sent) -> None:
    for _ in range(3):
        client.jobs.submit(template("true"), cluster="gpu-cluster")
    sent.requests.clear()
    jobs = list(client.jobs.list(cluster="gpu-cluster", limit=1, extra_headers={"X-Trace": "pages"}))
    assert len(jobs) >= 3 and len(sent.requests) >= 3
    assert all(r.headers.get("X-Trace") == "pages" for r in sent.requests)
    job = client.jobs.submit(template("true"))
    sent.requests.clear()
    client.jobs.wait(job.id, poll_interval=0.05, extra_headers={"X-Trace": "wait"})
    assert sent.requests and all(r.headers.get("X-Trace") == "wait" for r in sent.requests)


def test_options_reach_every_request_of_a_transfer(client: VantageClient, sent: Sent, tmp_path: Path) -> None:
    client.storage.upload_string(b"x" * 1000, "/options/one.bin", extra_headers={"X-Trace": "upload"})
    assert sent.last.headers["X-Trace"] == "upload"
    # A multipart transfer: its parts go from worker threads, which run in the call's context.
    client.storage.transfer_config = TransferConfig(
        multipart_threshold=16 * KiB, part_size=16 * KiB, concurrency=3, journal_dir=tmp_path / "journals"
    )
    big = tmp_path / "big.bin"
    big.write_bytes(b"y" * (40 * KiB))
    sent.requests.clear()
    raw = client.storage.with_raw_response.upload(big, "/options/big.bin", extra_headers={"X-Trace": "parts"})
    assert sum("/parts/" in r.url.path for r in sent.requests) == 3
    assert all(r.headers.get("X-Trace") == "parts" for r in sent.requests)
    assert len(raw.http_responses) == len(sent.requests) and raw.parse().size == 40 * KiB
    sent.requests.clear()
    client.storage.download("/options/big.bin", tmp_path / "back.bin", extra_headers={"X-Trace": "ranges"})
    # The metadata, then ranged requests from the download's worker threads (one, unless it grew).
    assert any("Range" in r.headers for r in sent.requests)
    assert len(sent.requests) >= 2 and all(r.headers.get("X-Trace") == "ranges" for r in sent.requests)
    assert (tmp_path / "back.bin").read_bytes() == big.read_bytes()
    client.storage.delete("/options/big.bin")
    assert client.storage.download_to_string("/options/one.bin", extra_query={"unused": "1"}) == "x" * 1000
    assert sent.last.url.params["unused"] == "1"
    listing = client.storage.list("/options/", extra_headers={"X-Trace": "list"})
    assert [f.name for f in listing] == ["one.bin"] and sent.last.headers["X-Trace"] == "list"
    client.storage.delete("/options/one.bin", timeout=3)
    assert sent.last.extensions["timeout"]["read"] == 3.0


async def test_async_methods_take_the_same_options(aclient: AsyncVantageClient, sent: Sent) -> None:
    job = await aclient.jobs.submit(template("true"), extra_body={"labels": {"via": "async"}})
    assert plain(job.labels) == {"via": "async"}
    await aclient.clusters.get("local", extra_headers={"X-Trace": "a"}, timeout=4)
    assert sent.last.headers["X-Trace"] == "a" and sent.last.extensions["timeout"]["read"] == 4.0
    names = [c.name async for c in _aiter(await aclient.clusters.list(extra_query={"provider": "local"}))]
    assert names == ["local"] and sent.last.url.params["provider"] == "local"


async def _aiter(items: list[object]) -> AsyncIterator[object]:
    for item in items:
        yield item


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.jobs.get("job-3f9a1c2b7d4e", extra_headerz={"a": "b"}), "extra_headerz"),
        (lambda c: c.jobs.get("job-3f9a1c2b7d4e", extra_body={"a": 1}), "extra_body"),
        (lambda c: c.jobs.get("job-3f9a1c2b7d4e", timeout=-1), "timeout"),
        (lambda c: c.jobs.get("job-3f9a1c2b7d4e", extra_headers={"X-Count": 1}), "extra_headers"),
        (lambda c: c.storage.delete("/x", extra_body={"a": 1}), "extra_body"),
        (lambda c: c.jobs.list(extra_query=["page_token"]), "extra_query"),
    ],
)
def test_bad_options_are_named_before_any_request(client: VantageClient, sent: Sent, call: object, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        call(client)  # type: ignore[operator]
    assert sent.requests == []


def test_with_options_takes_every_client_option(vantage_emulator: EmulatorProcess) -> None:
    sent = Sent()
    http = httpx.Client(event_hooks={"request": [sent]})
    with VantageClient(api_key="wrong-key", base_url=vantage_emulator.base_url, http_client=http) as client:
        fixed = client.with_options(
            api_key=vantage_emulator.api_key,
            organization=vantage_emulator.organization,
            default_headers={"X-Team": "ml"},
            timeout=9,
            max_retries=0,
        )
        assert fixed.clusters.get("local").name == "local"
        request = sent.last
        assert request.headers["Authorization"] == f"Bearer {vantage_emulator.api_key}"
        assert request.headers["X-Vantage-Organization"] == vantage_emulator.organization
        assert request.headers["X-Team"] == "ml" and request.extensions["timeout"]["read"] == 9.0
        assert (client.organization, client.max_retries, fixed.max_retries) == (None, 2, 0)
        assert fixed._core.http is http  # shared
        assert vantage_emulator.api_key not in repr(fixed)
    http.close()


def test_with_options_base_url_gets_its_own_pool(vantage_emulator: EmulatorProcess) -> None:
    with VantageClient(api_key=vantage_emulator.api_key, base_url="http://127.0.0.1:9") as client:
        moved = client.with_options(base_url=vantage_emulator.base_url, organization=vantage_emulator.organization)
        assert moved._core.http is not client._core.http
        assert moved.clusters.get("local").name == "local"
        moved.close()
        assert moved._core.http.is_closed and not client._core.http.is_closed
        cleared = client.with_options(organization="x").with_options(organization="")
        assert cleared.organization is None


def test_with_options_of_a_users_client_refuses_a_new_base_url() -> None:
    http = httpx.Client(base_url="http://gateway.test/vantage")
    client = VantageClient(api_key="k", http_client=http)
    with pytest.raises(ValidationError, match="base_url"):
        client.with_options(base_url="http://elsewhere.test")
    http.close()
