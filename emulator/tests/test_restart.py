"""State survives SIGKILL: jobs, logs and idempotency keys; running jobs fail, pending ones run."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import httpx
from jobhelpers import JOB_PYTHON, process_alive, submit, wait_for_job

from vantage_emulator.state import State
from vantage_emulator.testing import run_emulator

PY = JOB_PYTHON
CONFIG = """
clusters:
  - name: solo
    max_concurrent_jobs: 1
"""


def test_sigkill_and_restart_keeps_state_and_recovers_jobs(tmp_path: Path, exchange_dir: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    pid_file = exchange_dir / "job.pid"
    with run_emulator(data_dir=tmp_path / "data", config=config) as emulator:
        client = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30)
        done = wait_for_job(client, submit(client, [PY, "-c", "print('kept')"])["id"])
        replayed = client.post(
            "/v1/jobs", json={"name": "idem", "spec": {"command": ["true"]}}, headers={"Idempotency-Key": "survives"}
        ).json()
        running = submit(
            client,
            [PY, "-c", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"],
            cluster="solo",
        )
        pending = submit(client, [PY, "-c", "print('ran after restart')"], cluster="solo")
        wait_for_job(client, running["id"], ("running",))
        deadline = time.monotonic() + 10
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.02)
        orphan = int(pid_file.read_text())
        assert client.get(f"/v1/jobs/{pending['id']}").json()["status"] == "pending"

        emulator.kill()
        assert process_alive(orphan), "the job's process outlives a SIGKILLed emulator until the restart"
        emulator.start()
        client = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30)

        failed = client.get(f"/v1/jobs/{running['id']}", params={"include": "events"}).json()
        assert failed["status"] == "failed" and "emulator restarted" in failed["status_reason"]
        assert failed["finished_at"] is not None and failed["events"][-1]["type"] == "emulator_restarted"
        deadline = time.monotonic() + 5
        while process_alive(orphan):
            assert time.monotonic() < deadline, "the orphaned job process was not killed on restart"
            time.sleep(0.02)
        with client.stream("GET", f"/v1/jobs/{running['id']}/logs/stream") as response:
            assert "event: end" in response.read().decode()

        resumed = wait_for_job(client, pending["id"])
        assert resumed["status"] == "succeeded"
        assert client.get(f"/v1/jobs/{pending['id']}/logs").text == "ran after restart\n"
        assert client.get(f"/v1/jobs/{done['id']}").json() == done
        assert client.get(f"/v1/jobs/{done['id']}/logs").text == "kept\n"
        again = client.post(
            "/v1/jobs", json={"name": "idem", "spec": {"command": ["true"]}}, headers={"Idempotency-Key": "survives"}
        )
        assert again.json()["id"] == replayed["id"] and again.headers["idempotent-replayed"] == "true"
    assert State(tmp_path / "data").query_one("PRAGMA journal_mode")[0] == "wal"


def test_clean_stop_fails_running_jobs_with_a_reason(tmp_path: Path) -> None:
    with run_emulator(data_dir=tmp_path / "data") as emulator:
        client = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30)
        job = submit(client, ["sleep", "60"])
        wait_for_job(client, job["id"], ("running",))
        start = time.monotonic()
        assert emulator.stop() == 0
        assert time.monotonic() - start < 10
        emulator.start()
        client = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30)
        stopped = client.get(f"/v1/jobs/{job['id']}").json()
        assert stopped["status"] == "failed" and "emulator stopped" in stopped["status_reason"]
        assert stopped["exit_code"] == 128 + 15


def test_restart_reuses_the_port_and_prints_one_line(tmp_path: Path) -> None:
    with run_emulator(data_dir=tmp_path / "data") as emulator:
        url = emulator.base_url
        emulator.restart()
        assert emulator.base_url == url
        assert httpx.get(f"{url}/v1/clusters", headers=emulator.headers).status_code == 200
        lines = [line for line in emulator.log_path.read_text().splitlines() if "listening on" in line]
        assert lines == [f"Vantage emulator listening on {url}"] * 2


def test_clean_stop_ends_open_log_streams_with_an_end_event(tmp_path: Path) -> None:
    with run_emulator(data_dir=tmp_path / "data") as emulator:
        client = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30)
        job = submit(client, [PY, "-c", "import time; print('up', flush=True); time.sleep(60)"])
        with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream") as response:
            lines = response.iter_lines()
            assert next(lines) == "event: log"
            assert emulator.pid is not None
            os.kill(emulator.pid, signal.SIGTERM)
            rest = list(lines)
        assert "event: end" in rest
        end = json.loads(rest[rest.index("event: end") + 1].removeprefix("data: "))
        assert end["status"] == "failed" and end["next_offset"] == 1
        assert emulator.stop() == 0
