"""Auth, organizations, isolation, request ids and problem details on every error."""

from __future__ import annotations

import re

import httpx
import pytest
from jobhelpers import submit

from vantage_emulator.testing import EmulatorProcess

REQUEST_ID = re.compile(r"^req-[0-9a-f]{16}$")
PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "instance", "request_id", "errors"}


def _assert_problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert REQUEST_ID.match(response.headers["x-request-id"])
    problem = response.json()
    assert set(problem) <= PROBLEM_KEYS
    assert problem["status"] == status and problem["code"] == code
    assert problem["type"].startswith("https://api.vantage.omnivector.solutions/problems/")
    assert problem["request_id"] == response.headers["x-request-id"]
    return problem


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic ZW11bGF0b3Ita2V5"}, {"Authorization": "Bearer"}],
)
def test_missing_or_invalid_key_is_401(vantage_emulator: EmulatorProcess, headers: dict[str, str]) -> None:
    response = httpx.get(f"{vantage_emulator.base_url}/v1/jobs", headers=headers)
    _assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_organization_the_key_does_not_belong_to_is_403(configured_emulator: EmulatorProcess) -> None:
    response = httpx.get(
        f"{configured_emulator.base_url}/v1/jobs",
        headers={"Authorization": "Bearer b-key", "X-Vantage-Organization": "org-a"},
    )
    problem = _assert_problem(response, 403, "forbidden")
    assert "org-a" in problem["detail"]


def test_multi_org_key_acts_for_the_selected_organization(configured_emulator: EmulatorProcess) -> None:
    base = configured_emulator.base_url
    as_a = {"Authorization": "Bearer multi-key"}  # no header: the key's first organization
    as_b = {"Authorization": "Bearer multi-key", "X-Vantage-Organization": "org-b"}
    job = httpx.post(f"{base}/v1/jobs", headers=as_a, json={"name": "a", "spec": {"command": ["true"]}}).json()
    assert (
        httpx.get(f"{base}/v1/jobs/{job['id']}", headers={**as_a, "X-Vantage-Organization": "org-a"}).status_code == 200
    )
    assert httpx.get(f"{base}/v1/jobs/{job['id']}", headers={"Authorization": "Bearer a-key"}).status_code == 200
    assert httpx.get(f"{base}/v1/jobs/{job['id']}", headers=as_b).status_code == 404


def test_organizations_never_see_each_others_jobs(configured_emulator: EmulatorProcess) -> None:
    base = configured_emulator.base_url
    a = httpx.Client(base_url=base, headers={"Authorization": "Bearer a-key"})
    b = httpx.Client(base_url=base, headers={"Authorization": "Bearer b-key"})
    job = submit(a, ["sleep", "30"])
    for method, path in (
        ("GET", f"/v1/jobs/{job['id']}"),
        ("GET", f"/v1/jobs/{job['id']}/logs"),
        ("GET", f"/v1/jobs/{job['id']}/logs/stream"),
        ("POST", f"/v1/jobs/{job['id']}/cancel"),
    ):
        _assert_problem(b.request(method, path), 404, "not_found")
    assert job["id"] not in {j["id"] for j in b.get("/v1/jobs", params={"limit": 1000}).json()["items"]}
    batch = b.post("/v1/jobs/cancel-batch", json={"job_ids": [job["id"]]}).json()["results"][0]
    assert batch["ok"] is False and batch["error"]["status"] == 404
    assert a.get(f"/v1/jobs/{job['id']}").json()["status"] in ("pending", "running")
    a.post(f"/v1/jobs/{job['id']}/cancel")


def test_every_response_has_a_request_id(client: httpx.Client) -> None:
    responses = [
        client.get("/v1/jobs"),
        client.get("/v1/clusters"),
        client.get("/v1/does-not-exist"),
        client.put("/v1/jobs"),
        client.get("/v1/jobs", params={"limit": 0}),
    ]
    ids = [r.headers["x-request-id"] for r in responses]
    assert all(REQUEST_ID.match(i) for i in ids) and len(set(ids)) == len(ids)


def test_unknown_routes_and_methods_are_problems(client: httpx.Client) -> None:
    _assert_problem(client.get("/v1/does-not-exist"), 404, "not_found")
    _assert_problem(client.get("/"), 404, "not_found")
    problem = _assert_problem(client.delete("/v1/jobs"), 405, "method_not_allowed")
    assert problem["instance"] == "/v1/jobs"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "sleeping"}, "status"),
        ({"limit": "ten"}, "limit"),
        ({"cluster": "UPPER"}, "cluster"),
    ],
)
def test_invalid_parameters_are_400s_naming_them(client: httpx.Client, params: dict, field: str) -> None:
    problem = _assert_problem(client.get("/v1/jobs", params=params), 400, "invalid_parameter")
    assert [e["field"] for e in problem["errors"]] == [field]
