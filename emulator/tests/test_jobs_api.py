"""End-to-end tests of the emulator's jobs API over HTTP on 127.0.0.1 (plain httpx)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from pathlib import Path

import httpx
import pytest
from jobhelpers import JOB_PYTHON, submit, wait_for_job

PY = JOB_PYTHON


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for_file(path: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not (os.path.exists(path) and open(path).read().strip()):
        assert time.monotonic() < deadline, f"{path} never written"
        time.sleep(0.02)
    return open(path).read().strip()


def test_submit_runs_the_command_to_success(client: httpx.Client) -> None:
    response = client.post(
        "/v1/jobs",
        json={"name": "my-job", "spec": {"image": "ubuntu:22.04", "command": ["echo", "hello"]}, "labels": {"t": "1"}},
    )
    assert response.status_code == 201
    created = response.json()
    assert created["id"].startswith("job-") and len(created["id"]) == 16
    assert response.headers["location"] == f"/v1/jobs/{created['id']}"
    assert created["status"] in ("pending", "running")
    assert created["cluster"] == "local" and created["priority"] == 0 and created["labels"] == {"t": "1"}
    job = wait_for_job(client, created["id"])
    assert job["status"] == "succeeded" and job["exit_code"] == 0 and job["status_reason"] is None
    assert job["created_at"] <= job["started_at"] <= job["finished_at"]
    assert client.get(f"/v1/jobs/{job['id']}/logs").text == "hello\n"
    events = client.get(f"/v1/jobs/{job['id']}", params={"include": "events"}).json()["events"]
    kinds = [e["type"] for e in events]
    assert kinds[:2] == ["submitted", "image_not_pulled"] and "started" in kinds and kinds[-1] == "succeeded"
    assert "not pulled" in events[1]["message"]


def test_failing_command_reports_exit_code_and_reason(client: httpx.Client) -> None:
    job = wait_for_job(client, submit(client, [PY, "-c", "import sys; sys.exit(3)"])["id"])
    assert job["status"] == "failed" and job["exit_code"] == 3
    assert job["status_reason"] == "Exited with code 3."


def test_missing_program_fails_the_job_with_a_reason(client: httpx.Client) -> None:
    job = wait_for_job(client, submit(client, ["no-such-program-xyz"])["id"])
    assert job["status"] == "failed" and job["exit_code"] is None
    assert "no-such-program-xyz" in job["status_reason"]


def test_environment_merges_template_overrides_and_job_variables(client: httpx.Client) -> None:
    code = "import os; print(os.environ['A'], os.environ['B'], os.environ['VANTAGE_JOB_ID'], os.getcwd())"
    created = submit(
        client,
        [PY, "-c", code],
        spec={"env": {"A": "template", "B": "template"}, "working_dir": "sub/dir"},
        env={"B": "override"},
    )
    job = wait_for_job(client, created["id"])
    assert job["status"] == "succeeded", job
    a, b, job_id, cwd = client.get(f"/v1/jobs/{job['id']}/logs").text.split()
    assert (a, b, job_id) == ("template", "override", job["id"])
    assert cwd.endswith(f"{job['id']}/work/sub/dir")
    assert job["spec"]["env"] == {"A": "template", "B": "template"}


def test_stdout_and_stderr_lines_are_captured_in_order_with_timestamps(client: httpx.Client) -> None:
    code = (
        "import sys, time\nfor i in range(3):\n    print('out', i, flush=True); time.sleep(0.05)\n"
        "    print('err', i, file=sys.stderr, flush=True); time.sleep(0.05)"
    )
    job = wait_for_job(client, submit(client, [PY, "-c", code])["id"])
    lines = client.get(f"/v1/jobs/{job['id']}", params={"include": "logs"}).json()["logs"]
    assert [(x["offset"], x["stream"], x["line"]) for x in lines] == [
        (0, "stdout", "out 0"),
        (1, "stderr", "err 0"),
        (2, "stdout", "out 1"),
        (3, "stderr", "err 1"),
        (4, "stdout", "out 2"),
        (5, "stderr", "err 2"),
    ]
    stamps = [x["timestamp"] for x in lines]
    assert stamps == sorted(stamps) and stamps[0] >= job["started_at"]


def test_text_logs_support_tail_since_and_timestamps(client: httpx.Client) -> None:
    code = "import time\nfor i in range(5):\n    print(f'line {i}', flush=True)\n    time.sleep(0.1 if i == 2 else 0)"
    job = wait_for_job(client, submit(client, [PY, "-c", code])["id"])
    url = f"/v1/jobs/{job['id']}/logs"
    assert client.get(url).text == "".join(f"line {i}\n" for i in range(5))
    assert client.get(url, params={"tail": 2}).text == "line 3\nline 4\n"
    stamped = client.get(url, params={"timestamps": "true"}).text.splitlines()
    stamp, text = stamped[3].split(" ", 1)
    assert text == "line 3" and dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).tzinfo is not None
    assert client.get(url, params={"since": stamp}).text == "line 3\nline 4\n"
    assert client.get(url, params={"since": stamp, "tail": 1}).text == "line 4\n"
    assert client.get(url, params={"since": "2999-01-01T00:00:00Z"}).text == ""
    bad = client.get(url, params={"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "since"


def test_outputs_metrics_and_download_through_storage(client: httpx.Client) -> None:
    code = (
        "import os\nd = os.environ['VANTAGE_OUTPUT_DIR']\nos.makedirs(os.path.join(d, 'nested'))\n"
        "open(os.path.join(d, 'result.txt'), 'w').write('42')\n"
        "open(os.path.join(d, 'nested', 'data.bin'), 'wb').write(b'x' * 1000)\n"
        "blob = bytearray(64 * 1024 * 1024)\nimport time; time.sleep(0.4)\nsum(range(2000000))"
    )
    job = wait_for_job(client, submit(client, [PY, "-c", code])["id"])
    assert job["status"] == "succeeded", job
    full = client.get(f"/v1/jobs/{job['id']}", params={"include": ["outputs", "metrics"]}).json()
    outputs = {o["name"]: o for o in full["outputs"]}
    assert set(outputs) == {"result.txt", "nested/data.bin"}
    assert outputs["result.txt"]["size"] == 2
    assert outputs["result.txt"]["path"] == f"/jobs/{job['id']}/outputs/result.txt"
    assert outputs["result.txt"]["sha256"] == "73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049"
    download = client.get("/v1/storage/content", params={"path": outputs["nested/data.bin"]["path"]})
    assert download.status_code == 200 and download.content == b"x" * 1000
    metrics = full["metrics"]
    assert 0.4 <= metrics["wall_time_seconds"] < 10
    assert 0 < metrics["cpu_time_seconds"] < 10
    assert 64 * 1024 * 1024 < metrics["peak_memory_bytes"] < 1024 * 1024 * 1024


def test_running_job_reports_live_metrics(client: httpx.Client) -> None:
    job = submit(client, [PY, "-c", "import time; time.sleep(30)"])
    wait_for_job(client, job["id"], ("running",))
    time.sleep(0.3)
    metrics = client.get(f"/v1/jobs/{job['id']}", params={"include": "metrics"}).json()["metrics"]
    assert metrics["wall_time_seconds"] >= 0.2 and metrics["peak_memory_bytes"] > 0
    client.post(f"/v1/jobs/{job['id']}/cancel")


def test_timeout_fails_the_job(client: httpx.Client) -> None:
    start = time.monotonic()
    job = submit(client, [PY, "-c", "import time; time.sleep(60)"], spec={"timeout_seconds": 1})
    job = wait_for_job(client, job["id"])
    assert job["status"] == "failed" and job["status_reason"] == "Timed out after 1 second."
    assert job["exit_code"] == 128 + signal.SIGTERM
    assert time.monotonic() - start < 8


def test_cancel_terminates_the_whole_process_group(client: httpx.Client, exchange_dir: Path) -> None:
    pid_file = f"{exchange_dir}/child.pid"
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({pid_file!r}, 'w').write(str(child.pid))\n"
        "print('started', flush=True)\ntime.sleep(60)"
    )
    job = submit(client, [PY, "-c", code])
    child = int(_wait_for_file(pid_file))
    assert _alive(child)
    response = client.post(f"/v1/jobs/{job['id']}/cancel", json={"reason": "User requested cancellation"})
    assert response.status_code == 200
    cancelled = response.json()
    assert cancelled["status"] == "cancelled" and cancelled["status_reason"] == "User requested cancellation"
    assert cancelled["finished_at"] is not None
    deadline = time.monotonic() + 5
    while _alive(child):
        assert time.monotonic() < deadline, "the job's child process survived the cancel"
        time.sleep(0.02)
    assert wait_for_job(client, job["id"])["exit_code"] == 128 + signal.SIGTERM


def test_cancel_kills_a_process_that_ignores_sigterm_after_the_grace_period(configured: httpx.Client) -> None:
    code = (
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(60)"
    )
    job = submit(configured, [PY, "-c", code])
    deadline = time.monotonic() + 10
    while "ready" not in configured.get(f"/v1/jobs/{job['id']}/logs").text:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    start = time.monotonic()
    assert configured.post(f"/v1/jobs/{job['id']}/cancel").json()["status"] == "cancelled"
    while configured.get(f"/v1/jobs/{job['id']}").json()["exit_code"] is None:
        assert time.monotonic() - start < 5, "SIGKILL never came"
        time.sleep(0.02)
    assert 0.9 <= time.monotonic() - start  # the configured grace period is 1 s
    assert configured.get(f"/v1/jobs/{job['id']}").json()["exit_code"] == 128 + signal.SIGKILL


def test_cancel_is_idempotent_and_refuses_finished_jobs(client: httpx.Client) -> None:
    running = submit(client, [PY, "-c", "import time; time.sleep(60)"])
    first = client.post(f"/v1/jobs/{running['id']}/cancel", json={"reason": "first"}).json()
    again = client.post(f"/v1/jobs/{running['id']}/cancel", json={"reason": "second"})
    assert again.status_code == 200
    assert again.json()["status_reason"] == "first" and again.json()["finished_at"] == first["finished_at"]
    done = wait_for_job(client, submit(client, ["true"])["id"])
    refused = client.post(f"/v1/jobs/{done['id']}/cancel")
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["code"] == "job_finished" and "already succeeded" in problem["detail"]
    assert refused.headers["content-type"] == "application/problem+json"
    missing = client.post("/v1/jobs/job-000000000000/cancel")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_cancel_batch_reports_each_job(client: httpx.Client) -> None:
    running = submit(client, [PY, "-c", "import time; time.sleep(60)"])
    done = wait_for_job(client, submit(client, ["true"])["id"])
    response = client.post(
        "/v1/jobs/cancel-batch",
        json={"job_ids": [running["id"], done["id"], "job-000000000000"], "reason": "batch"},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["job_id"] for r in results] == [running["id"], done["id"], "job-000000000000"]
    assert results[0] == {"job_id": running["id"], "ok": True, "job_status": "cancelled"}
    assert results[1]["ok"] is False and results[1]["job_status"] == "succeeded"
    assert results[1]["error"]["status"] == 409 and results[1]["error"]["code"] == "job_finished"
    assert results[2]["ok"] is False and results[2]["error"]["status"] == 404 and "job_status" not in results[2]
    assert client.get(f"/v1/jobs/{running['id']}").json()["status_reason"] == "batch"


def test_cancel_pending_job_never_starts_it(configured: httpx.Client, exchange_dir: Path) -> None:
    marker = f"{exchange_dir}/ran"
    blocker = submit(configured, [PY, "-c", "import time; time.sleep(60)"], cluster="solo")
    queued = submit(configured, [PY, "-c", f"open({marker!r}, 'w')"], cluster="solo")
    wait_for_job(configured, blocker["id"], ("running",))
    assert configured.get(f"/v1/jobs/{queued['id']}").json()["status"] == "pending"
    assert configured.post(f"/v1/jobs/{queued['id']}/cancel").json()["status"] == "cancelled"
    configured.post(f"/v1/jobs/{blocker['id']}/cancel")
    time.sleep(0.3)
    assert not os.path.exists(marker)
    assert configured.get(f"/v1/jobs/{queued['id']}").json()["started_at"] is None


def test_cluster_limit_queues_by_priority_then_age(configured: httpx.Client, exchange_dir: Path) -> None:
    order = f"{exchange_dir}/order"
    gate = f"{exchange_dir}/gate"
    Path(order).touch()
    os.chmod(order, 0o666)  # each job may run as its own uid
    blocker = submit(
        configured,
        [PY, "-c", f"import os, time\nwhile not os.path.exists({gate!r}): time.sleep(0.02)"],
        cluster="solo",
    )
    wait_for_job(configured, blocker["id"], ("running",))
    jobs = [
        submit(configured, [PY, "-c", f"open({order!r}, 'a').write('{name}\\n')"], cluster="solo", priority=priority)
        for name, priority in (("low", -5), ("mid-old", 1), ("high", 10), ("mid-new", 1))
    ]
    time.sleep(0.2)
    assert {configured.get(f"/v1/jobs/{j['id']}").json()["status"] for j in jobs} == {"pending"}
    events = configured.get(f"/v1/jobs/{jobs[0]['id']}", params={"include": "events"}).json()["events"]
    assert events[-1]["type"] == "queued" and "1 of 1" in events[-1]["message"]
    metrics = configured.get("/v1/clusters/solo", params={"include": "metrics"}).json()["metrics"]
    assert metrics["running_jobs"] == 1 and metrics["queued_jobs"] == 4
    open(gate, "w").close()
    for job in jobs:
        assert wait_for_job(configured, job["id"])["status"] == "succeeded"
    assert open(order).read().split() == ["high", "mid-old", "mid-new", "low"]


def test_list_filters_and_pages_newest_first(configured: httpx.Client) -> None:
    # An organization no other test uses keeps the listing exact.
    headers = {"Authorization": "Bearer list-key", "X-Vantage-Organization": "org-list"}
    ids = [
        configured.post(
            "/v1/jobs",
            headers=headers,
            json={"name": f"j{i}", "spec": {"command": ["true"]}, "cluster": "gpu-cluster" if i % 2 else "local"},
        ).json()["id"]
        for i in range(7)
    ]
    for job_id in ids:
        wait_for_job(httpx.Client(base_url=str(configured.base_url), headers=headers), job_id)
    listing = configured.get("/v1/jobs", headers=headers, params={"limit": 1000}).json()
    assert [j["id"] for j in listing["items"]] == ids[::-1]
    assert listing["has_next"] is False and listing["next_page_token"] is None
    gpu = configured.get("/v1/jobs", headers=headers, params={"cluster": "gpu-cluster"}).json()["items"]
    assert [j["id"] for j in gpu] == [ids[5], ids[3], ids[1]]
    assert configured.get("/v1/jobs", headers=headers, params={"status": "running"}).json()["items"] == []
    page = configured.get("/v1/jobs", headers=headers, params={"limit": 2, "offset": 2}).json()
    assert [j["id"] for j in page["items"]] == [ids[4], ids[3]] and page["has_next"] is True

    # Token paging stays stable while new jobs are submitted between pages.
    first = configured.get("/v1/jobs", headers=headers, params={"limit": 3}).json()
    configured.post("/v1/jobs", headers=headers, json={"name": "late", "spec": {"command": ["true"]}})
    second = configured.get(
        "/v1/jobs", headers=headers, params={"limit": 3, "page_token": first["next_page_token"], "offset": 99}
    ).json()
    third = configured.get(
        "/v1/jobs", headers=headers, params={"limit": 3, "page_token": second["next_page_token"]}
    ).json()
    seen = [j["id"] for page in (first, second, third) for j in page["items"]]
    assert seen == ids[::-1] and third["has_next"] is False

    bad = configured.get("/v1/jobs", headers=headers, params={"page_token": "garbage!"})
    assert bad.status_code == 400 and bad.json()["errors"] == [
        {"field": "page_token", "message": "is not a valid page token"}
    ]


def test_unknown_cluster_is_a_422_naming_the_field(client: httpx.Client) -> None:
    response = client.post("/v1/jobs", json={"name": "x", "spec": {"command": ["true"]}, "cluster": "nowhere"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "unknown_cluster" and problem["errors"][0]["field"] == "cluster"
    assert "nowhere" in problem["detail"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"spec": {"command": ["true"]}}, ["name"]),
        ({"name": "x", "spec": {"command": []}}, ["spec.command"]),
        ({"name": "x", "spec": {"command": ["true"], "timeout_seconds": 0}}, ["spec.timeout_seconds"]),
        ({"name": "x", "spec": {"command": ["true"]}, "priority": 5000, "colour": "red"}, ["colour", "priority"]),
        ({"name": "-bad name-", "spec": {"command": ["true"]}}, ["name"]),
        ({"name": "x", "spec": {"command": ["true"], "resources": {"cpu": "lots"}}}, ["spec.resources.cpu"]),
    ],
)
def test_invalid_submissions_are_400s_naming_the_fields(client: httpx.Client, body: dict, fields: list[str]) -> None:
    response = client.post("/v1/jobs", json=body)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert sorted(e["field"] for e in problem["errors"]) == fields
    assert problem["status"] == 400 and problem["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"command": ["true"], "working_dir": "../escape"}, "spec.working_dir"),
        ({"command": ["true"], "working_dir": "/etc"}, "spec.working_dir"),
        ({"command": ["tr\0ue"]}, "spec.command[0]"),
        ({"command": ["true"], "env": {"A=B": "x"}}, "spec.env.A=B"),
    ],
)
def test_submissions_a_process_cannot_take_are_422s(client: httpx.Client, spec: dict, field: str) -> None:
    response = client.post("/v1/jobs", json={"name": "x", "spec": spec})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_bodies_that_are_not_json_never_reach_a_500(client: httpx.Client) -> None:
    cases = [
        (b"\xff\xfe{}", "application/json", 400),
        (b"{not json", "application/json", 400),
        (b'{"name": "x"}', "text/plain", 415),
        (b"", "application/json", 400),
        (b"[]", "application/json", 400),
    ]
    for content, content_type, status in cases:
        response = client.post("/v1/jobs", content=content, headers={"Content-Type": content_type})
        assert response.status_code == status, (content, content_type, response.text)
        assert response.json()["status"] == status and response.headers["x-request-id"].startswith("req-")


def test_unknown_job_is_a_404_problem(client: httpx.Client) -> None:
    for path in (
        "/v1/jobs/job-000000000000",
        "/v1/jobs/job-000000000000/logs",
        "/v1/jobs/job-000000000000/logs/stream",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"] == "Job 'job-000000000000' does not exist."


def test_get_job_include_rejects_unknown_values(client: httpx.Client) -> None:
    job = submit(client, ["true"])
    response = client.get(f"/v1/jobs/{job['id']}", params={"include": "logs,secrets"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "include[1]"
