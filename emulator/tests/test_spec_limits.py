"""The spec states the limits the server enforces, and the server enforces what the spec states."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml

from vantage_emulator.app import spec_path

SPEC = yaml.safe_load(spec_path().read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]


def _job(**fields: Any) -> dict[str, Any]:
    spec = {"command": ["true"], **fields.pop("spec", {})}
    return {"name": "limits", "spec": spec, **fields}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_job(spec={"env": {f"V{i}": "x" for i in range(257)}}), "spec.env"),
        (_job(env={f"V{i}": "x" for i in range(257)}), "env"),
        (_job(env={"BIG": "x" * 32769}), "env.BIG"),
        (_job(labels={f"l{i}": "x" for i in range(65)}), "labels"),
    ],
)
def test_job_maps_over_the_spec_limits_are_refused(client: httpx.Client, body: dict[str, Any], field: str) -> None:
    response = client.post("/v1/jobs", json=body)
    assert response.status_code == 400, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_job_maps_at_the_spec_limits_are_accepted(client: httpx.Client) -> None:
    body = _job(spec={"env": {f"V{i}": "x" for i in range(256)}}, labels={f"l{i}": "x" * 256 for i in range(64)})
    assert client.post("/v1/jobs", json=body).status_code == 201


def test_upload_metadata_over_the_limit_is_refused(client: httpx.Client) -> None:
    too_many = {"path": "/meta/a.bin", "size": 1, "metadata": {f"k{i}": "v" for i in range(65)}}
    too_long = {"path": "/meta/b.bin", "size": 1, "metadata": {"k": "v" * 1025}}
    for body in (too_many, too_long):
        response = client.post("/v1/storage/uploads", json=body)
        assert response.status_code == 400, response.text


def test_include_arrays_are_bounded(client: httpx.Client) -> None:
    job = client.post("/v1/jobs", json=_job()).json()
    params = [("include", "logs")] * 5
    assert client.get(f"/v1/jobs/{job['id']}", params=params).status_code == 400
    assert client.get("/v1/clusters/local", params=[("include", "nodes")] * 3).status_code == 400


def test_storage_paths_need_a_leading_slash(client: httpx.Client) -> None:
    assert SCHEMAS["StoragePath"]["pattern"] == "^/"
    response = client.get("/v1/storage/metadata", params={"path": "datasets/a.csv"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "path"


def test_request_maps_and_arrays_declare_their_limits() -> None:
    job_spec, submit = SCHEMAS["JobSpec"]["properties"], SCHEMAS["JobSubmitRequest"]["properties"]
    assert job_spec["env"]["maxProperties"] == submit["env"]["maxProperties"] == 256
    assert SCHEMAS["Labels"]["maxProperties"] == 64
    assert SCHEMAS["CreateUploadRequest"]["properties"]["metadata"]["maxProperties"] == 64
    describe = SCHEMAS["ScaleRequest"]["description"]
    assert '{"nodes": N}' in describe and '"min_nodes": A' in describe and "cannot be combined" in describe


def test_idempotent_replayed_is_documented_where_it_is_sent() -> None:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method != "post":
                continue
            success = [r for status, r in operation["responses"].items() if str(status).startswith("2")]
            for response in success:
                assert "Idempotent-Replayed" in response.get("headers", {}), f"POST {path}"


def test_a_replayed_response_carries_the_documented_header(client: httpx.Client) -> None:
    headers = {"Idempotency-Key": "spec-limits-replay"}
    first = client.post("/v1/jobs", json=_job(), headers=headers)
    again = client.post("/v1/jobs", json=_job(), headers=headers)
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]
