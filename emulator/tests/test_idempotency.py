"""`Idempotency-Key` on POST: replay, conflicts, concurrent duplicates, org scoping."""

from __future__ import annotations

import threading
import uuid

import httpx
from jobhelpers import submit

from vantage_emulator.testing import EmulatorProcess

BODY = {"name": "idem", "spec": {"command": ["true"]}, "labels": {"suite": "idempotency"}}


def _count_jobs(client: httpx.Client, name: str) -> int:
    return sum(1 for job in client.get("/v1/jobs", params={"limit": 1000}).json()["items"] if job["name"] == name)


def test_same_key_and_body_replays_the_first_response(client: httpx.Client) -> None:
    key = str(uuid.uuid4())
    body = {**BODY, "name": f"idem-{key[:8]}"}
    first = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": key})
    second = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second.headers["location"] == first.headers["location"]
    assert second.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    assert _count_jobs(client, body["name"]) == 1


def test_same_key_with_another_body_or_path_is_a_409(client: httpx.Client) -> None:
    key = str(uuid.uuid4())
    assert client.post("/v1/jobs", json=BODY, headers={"Idempotency-Key": key}).status_code == 201
    for method_path, body in (("/v1/jobs", {**BODY, "priority": 3}), ("/v1/jobs/cancel-batch", {"job_ids": ["job-1"]})):
        response = client.post(method_path, json=body, headers={"Idempotency-Key": key})
        assert response.status_code == 409
        problem = response.json()
        assert problem["code"] == "idempotency_key_reused" and problem["errors"][0]["field"] == "Idempotency-Key"


def test_concurrent_duplicates_create_one_job(client: httpx.Client, vantage_emulator: EmulatorProcess) -> None:
    key = str(uuid.uuid4())
    body = {**BODY, "name": f"race-{key[:8]}", "spec": {"command": ["sleep", "0.2"]}}
    results: list[httpx.Response] = []
    barrier = threading.Barrier(8)

    def post() -> None:
        with httpx.Client(base_url=vantage_emulator.base_url, headers=vantage_emulator.headers, timeout=30) as c:
            barrier.wait()
            results.append(c.post("/v1/jobs", json=body, headers={"Idempotency-Key": key}))

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [201] * 8
    assert len({r.json()["id"] for r in results}) == 1
    assert _count_jobs(client, body["name"]) == 1


def test_cancel_with_a_key_is_replayed_not_repeated(client: httpx.Client) -> None:
    job = submit(client, ["sleep", "30"])
    key = str(uuid.uuid4())
    first = client.post(f"/v1/jobs/{job['id']}/cancel", json={"reason": "once"}, headers={"Idempotency-Key": key})
    again = client.post(f"/v1/jobs/{job['id']}/cancel", json={"reason": "once"}, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 200 and again.json() == first.json()


def test_error_responses_are_replayed_too(client: httpx.Client) -> None:
    key = str(uuid.uuid4())
    body = {**BODY, "cluster": "nowhere"}
    first = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": key})
    again = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"


def test_keys_are_scoped_per_organization(configured_emulator: EmulatorProcess) -> None:
    key = str(uuid.uuid4())
    ids = []
    for headers in (
        {"Authorization": "Bearer multi-key", "X-Vantage-Organization": "org-a"},
        {"Authorization": "Bearer multi-key", "X-Vantage-Organization": "org-b"},
    ):
        response = httpx.post(
            f"{configured_emulator.base_url}/v1/jobs", json=BODY, headers={**headers, "Idempotency-Key": key}
        )
        assert response.status_code == 201 and "idempotent-replayed" not in response.headers
        ids.append(response.json()["id"])
    assert ids[0] != ids[1]


def test_invalid_keys_are_400s(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "k" * 256})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "Idempotency-Key"
