"""The server-sent log stream: live following, the end event, exact resume."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
from jobhelpers import JOB_PYTHON, submit, wait_for_job

PY = JOB_PYTHON


def _events(response: httpx.Response) -> Any:
    """Yield (event, id, data) of an SSE response as they arrive."""
    event: dict[str, str] = {}
    for line in response.iter_lines():
        if not line:
            if event:
                yield event.get("event", "message"), event.get("id"), json.loads(event["data"])
            event = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            event[name] = value.removeprefix(" ")


def _gated_job(client: httpx.Client, gate: str, lines: int) -> Any:
    """A job printing `lines` lines, then waiting for `gate` to exist, then one more line."""
    code = (
        f"import os, time\nfor i in range({lines}):\n    print(f'line {{i}}', flush=True)\n"
        f"while not os.path.exists({gate!r}): time.sleep(0.02)\nprint('last', flush=True)"
    )
    return submit(client, [PY, "-c", code])


def test_stream_follows_a_running_job_live_and_ends(client: httpx.Client, exchange_dir: Any) -> None:
    gate = f"{exchange_dir}/gate"
    job = _gated_job(client, gate, 3)
    received = []
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-request-id"].startswith("req-")
        for kind, event_id, data in _events(response):
            received.append((kind, event_id, data))
            if len(received) == 3:
                # The job is still running: these lines came live, not after the end.
                assert client.get(f"/v1/jobs/{job['id']}").json()["status"] == "running"
                open(gate, "w").close()
    assert [(k, i) for k, i, _ in received] == [("log", "0"), ("log", "1"), ("log", "2"), ("log", "3"), ("end", None)]
    assert [d["line"] for _, _, d in received[:4]] == ["line 0", "line 1", "line 2", "last"]
    assert received[0][2]["stream"] == "stdout" and received[0][2]["offset"] == 0
    assert received[-1][2] == {"status": "succeeded", "exit_code": 0, "next_offset": 4}


def test_stream_resumes_exactly_from_offset_or_last_event_id(client: httpx.Client, exchange_dir: Any) -> None:
    gate = f"{exchange_dir}/gate"
    job = _gated_job(client, gate, 5)
    url = f"/v1/jobs/{job['id']}/logs/stream"
    lines: list[str] = []
    last_id = None
    with client.stream("GET", url) as response:  # drop the connection after two lines
        for _, event_id, data in _events(response):
            lines.append(data["line"])
            last_id = event_id
            if len(lines) == 2:
                break
    with client.stream("GET", url, headers={"Last-Event-ID": str(last_id)}) as response:
        for _, event_id, data in _events(response):
            lines.append(data["line"])
            last_id = event_id
            if len(lines) == 4:
                break
    open(gate, "w").close()
    with client.stream("GET", url, params={"offset": int(last_id) + 1}, headers={"Last-Event-ID": "0"}) as response:
        rest = list(_events(response))
    lines += [d["line"] for kind, _, d in rest if kind == "log"]
    assert lines == ["line 0", "line 1", "line 2", "line 3", "line 4", "last"]
    assert rest[-1][0] == "end" and rest[-1][2]["next_offset"] == 6


def test_stream_of_a_finished_job_replays_and_ends(client: httpx.Client) -> None:
    job = wait_for_job(client, submit(client, [PY, "-c", "print('a'); print('b')"])["id"])
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream", params={"offset": 1}) as response:
        events = list(_events(response))
    assert [(k, d.get("line")) for k, _, d in events] == [("log", "b"), ("end", None)]
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream", params={"offset": 50}) as response:
        events = list(_events(response))
    assert events == [("end", None, {"status": "succeeded", "exit_code": 0, "next_offset": 2})]


def test_stream_ends_when_a_job_is_cancelled(client: httpx.Client) -> None:
    job = submit(client, [PY, "-c", "import time; print('x', flush=True); time.sleep(60)"])
    start = time.monotonic()
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream") as response:
        for kind, _, data in _events(response):
            if kind == "log":
                client.post(f"/v1/jobs/{job['id']}/cancel")
            else:
                assert data["status"] == "cancelled" and data["next_offset"] == 1
    assert time.monotonic() - start < 10


def test_stream_of_many_lines_is_complete_and_ordered(client: httpx.Client) -> None:
    job = submit(client, [PY, "-c", "for i in range(3000): print(i)"])
    with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream") as response:
        events = list(_events(response))
    assert [int(d["line"]) for k, _, d in events if k == "log"] == list(range(3000))
    assert [int(i) for k, i, _ in events if k == "log"] == list(range(3000))
    assert events[-1][2]["next_offset"] == 3000


def test_invalid_last_event_id_is_a_400(client: httpx.Client) -> None:
    job = submit(client, ["true"])
    response = client.get(f"/v1/jobs/{job['id']}/logs/stream", headers={"Last-Event-ID": "abc"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "Last-Event-ID"
