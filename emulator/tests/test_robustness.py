"""Edge-case input found by fuzzing never reaches a 500."""

from __future__ import annotations

import base64
import json

import httpx
from jobhelpers import submit, wait_for_job


def test_offsets_beyond_any_integer_column_are_empty_pages(client: httpx.Client) -> None:
    response = client.get("/v1/jobs", params={"offset": 7048637732617767419379712})
    assert response.status_code == 200 and response.json()["items"] == []
    job = wait_for_job(client, submit(client, ["true"])["id"])
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream", params={"offset": 10**30}) as stream:
        assert stream.status_code == 200 and "event: end" in stream.read().decode()


def test_page_tokens_with_out_of_range_positions_are_400s(client: httpx.Client) -> None:
    for before in (10**30, -1, "1", None):
        token = base64.urlsafe_b64encode(json.dumps({"before": before}).encode()).decode()
        response = client.get("/v1/jobs", params={"page_token": token})
        assert response.status_code == 400 and response.json()["code"] == "invalid_page_token"


def test_extreme_since_values_are_400s_or_empty(client: httpx.Client) -> None:
    job = wait_for_job(client, submit(client, ["echo", "hi"])["id"])
    url = f"/v1/jobs/{job['id']}/logs"
    assert client.get(url, params={"since": "0001-01-01T00:00:00-23:59"}).status_code in (200, 400)
    assert client.get(url, params={"since": "0001-01-01T00:00:00Z"}).text == "hi\n"
    assert client.get(url, params={"since": "9999-12-31T23:59:59Z"}).text == ""
    assert client.get(url, params={"since": "2024-13-45T00:00:00Z"}).status_code == 400


def test_deeply_nested_json_is_a_400(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", content=b"[" * 100_000, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_json"


def test_lone_surrogates_in_process_strings_are_422s(client: httpx.Client) -> None:
    body = b'{"name": "x", "spec": {"command": ["echo", "\\ud800"], "env": {"A": "\\udfff"}}}'
    response = client.post("/v1/jobs", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["spec.command[1]", "spec.env.A"]
