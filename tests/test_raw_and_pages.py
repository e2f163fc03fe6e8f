"""with_raw_response for every method, and pages you can iterate, against the emulator."""

from __future__ import annotations

import inspect
import itertools

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import (
    APIResponse,
    AsyncPage,
    AsyncVantageClient,
    ItemList,
    ResourceNotFoundError,
    SyncPage,
    VantageClient,
    VantageError,
)
from vantage_sdk.resources.clusters import AsyncClusters, Clusters
from vantage_sdk.resources.jobs import AsyncJobs, Jobs
from vantage_sdk.resources.storage import AsyncStorage, Storage

# Methods that return iterators have no raw form: there is no one response to return.
ITERATORS = {"list_paginated", "list_all", "logs_stream"}


def template(*command: str) -> dict[str, object]:
    return {"name": "surface", "spec": {"command": list(command)}}


@pytest.mark.parametrize("resource", [Jobs, AsyncJobs, Clusters, AsyncClusters, Storage, AsyncStorage])
def test_every_method_has_a_raw_form(resource: type) -> None:
    public = {
        name
        for name, member in vars(resource).items()
        if inspect.isfunction(member) and not name.startswith("_") and name not in ITERATORS
    }
    view = inspect.signature(resource.with_raw_response.func).return_annotation  # type: ignore[attr-defined]
    view_class = vars(inspect.getmodule(resource))[view]
    assert public == {name for name in vars(view_class) if not name.startswith("_")}


def test_raw_response_of_a_get(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(template("true"))
    raw = vantage_client.jobs.with_raw_response.get(job.id, include=["metrics"])
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.method == "GET"
    assert raw.request_id and raw.request_id == raw.headers["x-request-id"]
    assert raw.url.path == f"/v1/jobs/{job.id}" and raw.url.params["include"] == "metrics"
    assert raw.retries_taken == 0
    assert raw.parse().id == job.id
    assert raw.http_response.json()["id"] == job.id
    assert repr(raw).startswith(f"<APIResponse [200] GET {raw.url}")


def test_raw_response_of_a_submit_a_list_and_a_multi_request_call(vantage_client: VantageClient) -> None:
    raw = vantage_client.jobs.with_raw_response.submit(template("true"))
    assert raw.status_code == 201 and raw.method == "POST" and raw.parse().name == "surface"
    page = vantage_client.jobs.with_raw_response.list(limit=1)
    assert isinstance(page.parse(), SyncPage) and page.url.params["limit"] == "1"
    waited = vantage_client.jobs.with_raw_response.wait(raw.parse().id, poll_interval=0.05)
    assert waited.parse().status == "succeeded"
    assert len(waited.http_responses) >= 1 and waited.http_response is waited.http_responses[-1]
    clusters = vantage_client.clusters.with_raw_response.list()
    assert isinstance(clusters.parse(), ItemList) and clusters.status_code == 200
    stored = vantage_client.storage.with_raw_response.upload_string("hi", "/raw/hi.txt")
    assert stored.parse().size == 2 and stored.method in ("PUT", "POST")


def test_raw_response_still_raises_on_an_error_status(vantage_client: VantageClient) -> None:
    with pytest.raises(ResourceNotFoundError) as info:
        vantage_client.jobs.with_raw_response.get("job-000000000000")
    assert info.value.request_id


async def test_async_raw_response(async_vantage_client: AsyncVantageClient) -> None:
    raw = await async_vantage_client.clusters.with_raw_response.get("local")
    assert raw.status_code == 200 and raw.parse().name == "local"
    page = await async_vantage_client.jobs.with_raw_response.list(limit=1)
    assert isinstance(page.parse(), AsyncPage)


# Pages


def test_iterating_a_page_walks_every_page_lazily(vantage_emulator: EmulatorProcess) -> None:
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    with VantageClient(api_key=vantage_emulator.api_key, base_url=vantage_emulator.base_url, http_client=http) as c:
        submitted = {c.jobs.submit(template("true"), cluster="gpu-cluster").id for _ in range(4)}
        requests.clear()
        page = c.jobs.list(cluster="gpu-cluster", limit=2)
        assert len(requests) == 1 and len(page.items) == 2 and page.has_next and page.next_page_token
        first_three = list(itertools.islice(page, 3))
        assert len(requests) == 2  # the second page only when the first ran out
        every = [job.id for job in c.jobs.list(cluster="gpu-cluster", limit=2)]
        assert submitted <= set(every) and len(every) == len(set(every))
        # Ids, not whole jobs: a job may finish between the two reads of the second page.
        assert [j.id for j in first_three] == [j.id for j in [*page.items, page.get_next_page().items[0]]]
        pages = list(page.iter_pages())
        assert [j.id for p in pages for j in p.items] == every
        last = pages[-1]
        assert not last.has_next_page()
        with pytest.raises(VantageError, match="last page"):
            last.get_next_page()
        # The seed's manual loop still works on the same page objects.
        token, seen = None, []
        while True:
            manual = c.jobs.list(cluster="gpu-cluster", limit=2, page_token=token)
            seen += [job.id for job in manual.items]
            if not manual.has_next:
                break
            token = manual.next_page_token
        assert seen == every
        assert manual.to_dict()["has_next"] is False and "SyncPage(items=<" in repr(manual)
    http.close()


def test_whole_listings_have_the_page_attributes(vantage_client: VantageClient) -> None:
    clusters = vantage_client.clusters.list()
    assert isinstance(clusters, list) and clusters.items is clusters
    assert not clusters.has_next and clusters.next_page_token is None and not clusters.has_next_page()
    assert list(clusters.iter_pages()) == [clusters]
    assert vantage_client.storage.list("/nothing-here/") == []


async def test_async_list_is_awaitable_and_async_iterable(async_vantage_client: AsyncVantageClient) -> None:
    jobs = async_vantage_client.jobs
    for _ in range(3):
        await jobs.submit(template("true"), cluster="gpu-cluster")
    page = await jobs.list(cluster="gpu-cluster", limit=1)
    assert len(page.items) == 1 and page.has_next_page()
    second = await page.get_next_page()
    assert second.items[0].id != page.items[0].id
    every = [job.id async for job in jobs.list(cluster="gpu-cluster", limit=1)]
    from_page = [job.id async for job in page]
    assert every == from_page and len(every) >= 3
    assert [p.items[0].id async for p in page.iter_pages()] == every
