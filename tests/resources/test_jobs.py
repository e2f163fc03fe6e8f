"""client.jobs end to end against the real emulator, sync and async."""

from __future__ import annotations

import datetime
import itertools
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import (
    AsyncVantageClient,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    Job,
    JobSubmitRequest,
    ResourceNotFoundError,
    UnexpectedResponseError,
    ValidationError,
    VantageClient,
    WaitTimeoutError,
)


def template(*command: str, name: str = "test-job", **spec: Any) -> dict[str, Any]:
    return {"name": name, "spec": {"image": "ubuntu:22.04", "command": list(command), **spec}}


def counting_lines(n: int, pause: float = 0.0) -> dict[str, Any]:
    script = f"i=1; while [ $i -le {n} ]; do echo line-$i; i=$((i+1)); sleep {pause}; done"
    return template("sh", "-c", script, name="counter")


def offline_client() -> VantageClient:
    """A client whose every request would fail to connect: a ValidationError from it proves nothing was sent."""
    return VantageClient(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)


# Submit


def test_submit_merges_env_over_the_template_and_applies_overrides(vantage_client: VantageClient) -> None:
    spec_env = {"BASE": "from-spec", "MY_VAR": "from-spec"}
    job_template = {**template("sh", "-c", "echo $BASE $MY_VAR $EXTRA", env=spec_env), "env": {"EXTRA": "tmpl"}}
    job = vantage_client.jobs.submit(
        job_template, cluster="local", priority=10, env={"MY_VAR": "value"}, labels={"team": "sdk"}
    )
    assert job.id.startswith("job-") and len(job.id) == 16
    assert (job.cluster, job.priority, job.labels["team"]) == ("local", 10, "sdk")
    assert isinstance(job.created_at, datetime.datetime)
    done = vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.1)
    assert done.status == "succeeded"
    assert vantage_client.jobs.logs(job.id) == "from-spec value tmpl\n"
    assert job_template["env"] == {"EXTRA": "tmpl"}  # the caller's template is not modified


def test_submit_accepts_the_generated_model(vantage_client: VantageClient) -> None:
    model = JobSubmitRequest.from_dict(template("echo", "model"))
    job = vantage_client.jobs.submit(model, env={"A": "1"})
    assert job.name == "test-job"
    assert vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.1).status == "succeeded"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"spec": {"command": ["echo"]}}, "name"),
        ({"name": "x"}, "spec"),
        ({"name": "x", "spec": {"image": "ubuntu"}}, "spec.command"),
        ({"name": "x", "spec": {"command": "echo hello"}}, "spec.command"),
        ({"name": "x", "spec": {"command": ["echo", 1]}}, "spec.command[1]"),
        ({"name": "x", "spec": {"command": []}}, "spec.command"),
        ({"name": "x", "spec": {"command": ["echo"], "env": {"A": 1}}}, "spec.env.A"),
        ({"name": "x", "spec": {"command": ["echo"], "resources": {"gpu": "one"}}}, "spec.resources.gpu"),
        ({"name": "x", "spec": {"command": ["echo"]}, "priority": "high"}, "priority"),
        (["not", "a", "mapping"], "template"),
    ],
)
def test_bad_templates_are_refused_before_any_request(bad: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        offline_client().jobs.submit(bad)
    assert info.value.status_code is None
    assert info.value.details[0]["field"] == field
    assert str(info.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"priority": 5000}, "priority"), ({"env": {"A": 2}}, "env.A"), ({"cluster": 7}, "cluster")],
)
def test_bad_overrides_are_refused_before_any_request(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        offline_client().jobs.submit(template("echo"), **kwargs)
    assert info.value.details[0]["field"] == field


def test_server_side_validation_names_the_field(vantage_client: VantageClient) -> None:
    with pytest.raises(ValidationError) as info:
        vantage_client.jobs.submit(template("echo"), cluster="no-such-cluster")
    assert info.value.status_code == 422
    assert "cluster" in [d["field"] for d in info.value.details]
    assert info.value.request_id and info.value.request_id.startswith("req-")


def test_submit_from_yaml_and_json_files(vantage_client: VantageClient, tmp_path: Path) -> None:
    yaml_file = tmp_path / "job-template.yaml"
    yaml_file.write_text(
        "name: from-yaml\nspec:\n  image: ubuntu:22.04\n  command: [sh, -c, 'echo $GREETING']\n"
        "  resources:\n    cpu: 1\n    memory: 1Gi\n"
    )
    job = vantage_client.jobs.submit_from_file(yaml_file, env={"GREETING": "hi"})
    assert job.name == "from-yaml"
    assert job.spec.resources.cpu == "1"  # type: ignore[union-attr]
    json_file = tmp_path / "job.json"
    json_file.write_text(json.dumps(template("echo", "json", name="from-json")))
    assert vantage_client.jobs.submit_from_file(str(json_file)).name == "from-json"
    assert vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.1).status == "succeeded"
    assert vantage_client.jobs.logs(job.id) == "hi\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.yaml", "name: x\nspec: [unclosed\n", r"bad\.yaml: invalid YAML at line \d+ column \d+"),
        ("list.yaml", "- a\n- b\n", r"list\.yaml: a job template must be a mapping"),
        ("missing.yaml", "name: x\nspec:\n  image: ubuntu\n", r"missing\.yaml: spec\.command: is required"),
        (
            "wrong.yaml",
            "name: x\nspec:\n  command: echo hi\n",
            r"wrong\.yaml: spec\.command: must be a list of strings",
        ),
        ("bad.json", '{"name": "x", "spec": ', r"bad\.json: invalid JSON at line 1 column 23"),
    ],
)
def test_bad_template_files_name_the_file_and_field(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValidationError, match=expected) as info:
        offline_client().jobs.submit_from_file(path)
    assert info.value.source == str(path)


def test_missing_template_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        offline_client().jobs.submit_from_file(tmp_path / "absent.yaml")


# Get, logs


def test_get_with_includes_and_missing_job(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(template("echo", "hello"))
    vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.1)
    full = vantage_client.jobs.get(job.id, include=["logs", "outputs", "metrics"])
    assert full.id == job.id and full.status == "succeeded" and full.exit_code == 0
    assert [line.line for line in full.logs] == ["hello"]  # type: ignore[union-attr]
    assert full.metrics.wall_time_seconds >= 0  # type: ignore[union-attr]
    assert full.outputs == []
    with pytest.raises(ResourceNotFoundError) as info:
        vantage_client.jobs.get("job-000000000000")
    assert info.value.status_code == 404 and "job-000000000000" in info.value.message
    with pytest.raises(ValidationError, match="include"):
        vantage_client.jobs.get(job.id, include=["log"])


_FIRST_GET = """
import json, sys
from vantage_sdk import VantageClient
loaded = lambda: {name for name in sys.modules if name.startswith("vantage_sdk.") or name == "tomllib"}
client = VantageClient(api_key=sys.argv[1], base_url=sys.argv[2], organization=sys.argv[3])
job = client.jobs.get(sys.argv[4])
after_get = loaded()
image = job.spec.image
after_spec = loaded() - after_get
page = client.jobs.list(limit=1)
after_list = loaded() - after_get - after_spec
print(json.dumps({"get": sorted(after_get), "spec": sorted(after_spec), "list": sorted(after_list), "image": image}))
"""


def test_a_first_get_loads_only_what_it_needs(vantage_client: VantageClient, vantage_emulator: EmulatorProcess) -> None:
    # A fresh process that only gets a job pays for neither the other operations nor the nested models.
    job = vantage_client.jobs.submit(template("true"))
    args = [vantage_emulator.api_key, vantage_emulator.base_url, vantage_emulator.organization, job.id]
    run = subprocess.run([sys.executable, "-c", _FIRST_GET, *args], capture_output=True, text=True, check=True)
    report = json.loads(run.stdout)

    endpoints = "vantage_sdk._generated.api.jobs"
    assert f"{endpoints}.get_job" in report["get"] and "vantage_sdk._generated.models.job" in report["get"]
    not_needed = {
        *(f"{endpoints}.{name}" for name in ("list_jobs", "submit_job", "cancel_job", "get_job_logs")),
        f"{endpoints}.cancel_jobs_batch",
        f"{endpoints}.stream_job_logs",
        "vantage_sdk._generated.models.job_spec",
        "vantage_sdk._pagination",
        "vantage_sdk._log_stream",
        "vantage_sdk._streaming",
        "vantage_sdk._templates",
        "tomllib",
    }
    assert not_needed.isdisjoint(report["get"])
    assert report["image"] == "ubuntu:22.04" and "vantage_sdk._generated.models.job_spec" in report["spec"]
    assert {f"{endpoints}.list_jobs", "vantage_sdk._pagination"} <= set(report["list"])


def test_logs_tail_since_and_timestamps(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(counting_lines(5))
    vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.1)
    assert vantage_client.jobs.logs(job.id).splitlines() == [f"line-{i}" for i in range(1, 6)]
    assert vantage_client.jobs.logs(job.id, tail=2) == "line-4\nline-5\n"
    stamped = vantage_client.jobs.logs(job.id, tail=1, since="2024-01-01T00:00:00Z", timestamps=True)
    stamp, _, text = stamped.strip().partition(" ")
    assert text == "line-5" and datetime.datetime.fromisoformat(stamp).year >= 2024
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    assert vantage_client.jobs.logs(job.id, since=future) == ""
    with pytest.raises(ValidationError, match="since"):
        vantage_client.jobs.logs(job.id, since="yesterday")


# Streams


def test_logs_stream_yields_every_line_then_stops(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(counting_lines(20, pause=0.02))
    assert list(vantage_client.jobs.logs_stream(job.id)) == [f"line-{i}" for i in range(1, 21)]
    assert vantage_client.jobs.get(job.id).status == "succeeded"


class CuttingProxy:
    """A TCP proxy to the emulator whose live connections can be cut, as a flaky network would."""

    def __init__(self, upstream: str) -> None:
        url = httpx.URL(upstream)
        self.upstream = (url.host, url.port or 80)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.live: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                downstream, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.live += [downstream, upstream]
            for a, b in ((downstream, upstream), (upstream, downstream)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        with self.lock:
            live, self.live = self.live, []
        for s in live:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.server.close()
        self.cut()


@pytest.fixture
def proxy(vantage_emulator: EmulatorProcess) -> Iterator[CuttingProxy]:
    proxy = CuttingProxy(vantage_emulator.base_url)
    yield proxy
    proxy.close()


def proxied(emulator: EmulatorProcess, proxy: CuttingProxy) -> dict[str, Any]:
    return {"api_key": emulator.api_key, "base_url": proxy.base_url, "organization": emulator.organization}


def test_logs_stream_resumes_after_dropped_connections(vantage_emulator: EmulatorProcess, proxy: CuttingProxy) -> None:
    expected = [f"line-{i}" for i in range(1, 61)]
    with VantageClient(**proxied(vantage_emulator, proxy)) as client:
        job = client.jobs.submit(counting_lines(60, pause=0.02))
        seen = []
        for line in client.jobs.logs_stream(job.id):
            seen.append(line)
            if len(seen) in (5, 25, 40):
                proxy.cut()
    assert seen == expected


async def test_async_logs_stream_resumes_after_dropped_connections(
    vantage_emulator: EmulatorProcess, proxy: CuttingProxy
) -> None:
    expected = [f"line-{i}" for i in range(1, 41)]
    async with AsyncVantageClient(**proxied(vantage_emulator, proxy)) as client:
        job = await client.jobs.submit(counting_lines(40, pause=0.02))
        seen = []
        async for line in client.jobs.logs_stream(job.id):
            seen.append(line)
            if len(seen) in (3, 20):
                proxy.cut()
    assert seen == expected


def test_logs_stream_of_a_missing_job_raises(vantage_client: VantageClient) -> None:
    with pytest.raises(ResourceNotFoundError):
        next(iter(vantage_client.jobs.logs_stream("job-000000000000")))


BAD_EVENTS = b'event: log\ndata: {"offset": 0, "line": "ok"}\n\nevent: log\ndata: {"offset": 1}\n\n'


def bad_event_stream(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=BAD_EVENTS)


def test_logs_stream_event_not_as_the_api_describes_is_a_typed_error() -> None:
    http = httpx.Client(transport=httpx.MockTransport(bad_event_stream))
    with VantageClient(api_key="k", base_url="http://vantage.test", http_client=http) as client:
        lines = client.jobs.logs_stream("job-3f9a1c2b7d4e")
        assert next(lines) == "ok"
        with pytest.raises(UnexpectedResponseError, match=r"log stream of job-3f9a1c2b7d4e.*KeyError.*offset"):
            next(lines)


async def test_async_logs_stream_event_not_as_the_api_describes_is_a_typed_error() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(bad_event_stream))
    async with AsyncVantageClient(api_key="k", base_url="http://vantage.test", http_client=http) as client:
        lines = client.jobs.logs_stream("job-3f9a1c2b7d4e")
        assert await anext(lines) == "ok"
        with pytest.raises(UnexpectedResponseError, match="KeyError"):
            await anext(lines)
        await lines.aclose()


# Cancel, wait


def test_cancel_is_idempotent_and_finished_jobs_conflict(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(template("sleep", "30"))
    cancelled = vantage_client.jobs.cancel(job.id, reason="User requested cancellation")
    assert cancelled.status == "cancelled"
    assert cancelled.status_reason == "User requested cancellation"
    again = vantage_client.jobs.cancel(job.id)
    assert again.status == "cancelled"
    done = vantage_client.jobs.submit(template("true"))
    vantage_client.jobs.wait(done.id, timeout=30, poll_interval=0.1)
    with pytest.raises(ConflictError) as info:
        vantage_client.jobs.cancel(done.id)
    assert info.value.code == "job_finished"


def test_cancel_batch_reports_each_job_and_does_not_stop_at_failures(vantage_client: VantageClient) -> None:
    running = vantage_client.jobs.submit(template("sleep", "30"))
    finished = vantage_client.jobs.submit(template("true"))
    vantage_client.jobs.wait(finished.id, timeout=30, poll_interval=0.1)
    results = vantage_client.jobs.cancel_batch([finished.id, "job-000000000000", running.id], reason="cleanup")
    assert [(r.job_id, r.ok) for r in results] == [
        (finished.id, False),
        ("job-000000000000", False),
        (running.id, True),
    ]
    assert results[0].error.code == "job_finished"  # type: ignore[union-attr]
    assert results[1].error.status == 404  # type: ignore[union-attr]
    assert vantage_client.jobs.get(running.id).status_reason == "cleanup"
    with pytest.raises(ValidationError, match="job_ids"):
        vantage_client.jobs.cancel_batch(running.id)  # a string, not a list
    with pytest.raises(ValidationError, match="job_ids"):
        vantage_client.jobs.cancel_batch([])


def test_wait_returns_the_finished_job(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(template("sh", "-c", "exit 3"))
    done = vantage_client.jobs.wait(job.id, timeout=30, poll_interval=0.05)
    assert (done.status, done.exit_code) == ("failed", 3)


def test_wait_times_out_naming_the_job_and_its_status(vantage_client: VantageClient) -> None:
    job = vantage_client.jobs.submit(template("sleep", "30"))
    try:
        with pytest.raises(WaitTimeoutError) as info:
            vantage_client.jobs.wait(job.id, timeout=0.6, poll_interval=0.1)
        assert info.value.job_id == job.id
        assert info.value.last_status in ("pending", "running")
        assert job.id in str(info.value) and info.value.last_status in str(info.value)
    finally:
        vantage_client.jobs.cancel(job.id)


def test_wait_backs_off_between_polls() -> None:
    from vantage_sdk.resources._job_args import WaitSchedule as _WaitSchedule

    now = [0.0]
    schedule = _WaitSchedule("job-3f9a1c2b7d4e", timeout=60, poll_interval=1.0, clock=lambda: now[0])
    running = Job.from_dict(
        {
            "id": "job-3f9a1c2b7d4e", "name": "x", "status": "running", "cluster": "local", "priority": 0,
            "spec": {"command": ["x"]}, "labels": {}, "created_at": "2024-01-01T00:00:00Z", "started_at": None,
            "finished_at": None, "exit_code": None, "status_reason": None,
        }
    )  # fmt: skip
    delays = []
    with pytest.raises(WaitTimeoutError):
        while True:
            delay = schedule.next_delay(running)
            assert delay is not None
            delays.append(round(delay, 3))
            now[0] += delay
    # 1.5x growth capped at 10 s; the last pause ends exactly at the deadline.
    assert delays == [1.0, 1.5, 2.25, 3.375, 5.062, 7.594, 10.0, 10.0, 10.0, 9.219]
    assert sum(delays) == pytest.approx(60.0, abs=0.01)


# Listing


def test_list_filters_and_pages(vantage_client: VantageClient) -> None:
    ids = {vantage_client.jobs.submit(template("true"), cluster="gpu-cluster").id for _ in range(5)}
    page = vantage_client.jobs.list(cluster="gpu-cluster", limit=2)
    assert len(page.items) == 2 and page.has_next and page.next_page_token
    assert all(job.cluster == "gpu-cluster" for job in page.items)
    second = vantage_client.jobs.list(cluster="gpu-cluster", limit=2, page_token=page.next_page_token)
    assert not {j.id for j in page.items} & {j.id for j in second.items}
    by_offset = vantage_client.jobs.list(cluster="gpu-cluster", limit=2, offset=2)
    assert [j.id for j in by_offset.items] == [j.id for j in second.items]

    pages = list(vantage_client.jobs.list_paginated(page_size=2, cluster="gpu-cluster"))
    assert all(len(p.items) <= 2 for p in pages) and not pages[-1].has_next
    paged_ids = [j.id for p in pages for j in p.items]
    all_ids = [j.id for j in vantage_client.jobs.list_all(cluster="gpu-cluster", page_size=3)]
    assert paged_ids == all_ids and len(set(all_ids)) == len(all_ids)
    assert ids <= set(all_ids)
    with pytest.raises(ValidationError, match="status"):
        vantage_client.jobs.list(status="runing")
    with pytest.raises(ValidationError, match="limit"):
        vantage_client.jobs.list(limit=0)


def test_list_all_fetches_pages_lazily(vantage_emulator: EmulatorProcess) -> None:
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    with VantageClient(
        api_key=vantage_emulator.api_key, base_url=vantage_emulator.base_url, http_client=http
    ) as client:
        for _ in range(3):
            client.jobs.submit(template("true"))
        requests.clear()
        first_two = list(itertools.islice(client.jobs.list_all(page_size=1), 2))
    assert len(first_two) == 2
    assert len(requests) == 2
    assert "page_token" in str(requests[1].url) and "page_token" not in str(requests[0].url)
    http.close()


# Auth


def test_bad_key_and_foreign_organization(vantage_emulator: EmulatorProcess) -> None:
    with VantageClient(api_key="wrong-key", base_url=vantage_emulator.base_url) as client:
        with pytest.raises(AuthenticationError) as info:
            client.jobs.list()
        assert "wrong-key" not in str(info.value) and "wrong-key" not in repr(info.value)
    with VantageClient(
        api_key=vantage_emulator.api_key, base_url=vantage_emulator.base_url, organization="someone-else"
    ) as client:
        with pytest.raises(AuthorizationError):
            client.jobs.list()


# Async


async def test_async_jobs_surface(async_vantage_client: AsyncVantageClient, tmp_path: Path) -> None:
    jobs = async_vantage_client.jobs
    job = await jobs.submit(template("sh", "-c", "echo $MY_VAR"), env={"MY_VAR": "value"}, priority=3)
    assert job.priority == 3
    assert [line async for line in jobs.logs_stream(job.id)] == ["value"]
    done = await jobs.wait(job.id, timeout=30, poll_interval=0.1)
    assert done.status == "succeeded"
    assert await jobs.logs(job.id, tail=1, timestamps=False) == "value\n"
    got = await jobs.get(job.id, include="metrics")
    assert got.metrics.peak_memory_bytes >= 0  # type: ignore[union-attr]

    path = tmp_path / "job.yaml"
    path.write_text("name: async-file\nspec:\n  command: [sleep, '30']\n")
    sleeper = await jobs.submit_from_file(path)
    assert (await jobs.cancel(sleeper.id, reason="stop")).status == "cancelled"
    results = await jobs.cancel_batch([sleeper.id, "job-000000000000"])
    assert [r.ok for r in results] == [True, False]
    with pytest.raises(WaitTimeoutError):
        await jobs.wait((await jobs.submit(template("sleep", "5"))).id, timeout=0.3, poll_interval=0.1)

    page = await jobs.list(limit=2)
    assert len(page.items) == 2
    pages = [p async for p in jobs.list_paginated(page_size=2)]
    all_ids = [j.id async for j in jobs.list_all(page_size=2)]
    assert [j.id for p in pages for j in p.items] == all_ids
    assert job.id in all_ids and sleeper.id in all_ids
    with pytest.raises(ResourceNotFoundError):
        await jobs.get("job-000000000000")
