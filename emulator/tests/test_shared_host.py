"""The emulator on a shared host: who may reach it, what a job may read, what outlives a job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from jobhelpers import JOB_PYTHON, process_alive, submit, wait_for_job

from vantage_emulator.testing import EmulatorProcess, run_emulator

SECRET_KEY = "a-key-only-org-a-holds"
TWO_ORGS = f"""
api_keys:
  - key: {SECRET_KEY}
    organization: org-a
  - key: b-key
    organization: org-b
emulator:
  cancel_grace_seconds: 1
  job_limits: {{cpu_seconds: 600, memory_bytes: 4294967296, file_size_bytes: 1073741824, processes: 256}}
"""
# A job that leaves two grandchildren behind, one in a session of its own: both
# outlive their parent (double fork), so only the emulator can still find them.
ESCAPER = """
import os, sys, time
def leave_grandchild(new_session):
    child = os.fork()
    if child == 0:
        if new_session:
            os.setsid()
        grandchild = os.fork()
        if grandchild == 0:
            time.sleep(300)
            os._exit(0)
        print("pid", grandchild, flush=True)
        os._exit(0)
    os.waitpid(child, 0)
leave_grandchild(True)
leave_grandchild(False)
print("ready", flush=True)
if sys.argv[1] == "wait":
    time.sleep(300)
"""


def _client(emulator: EmulatorProcess, key: str, organization: str) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}", "X-Vantage-Organization": organization}
    return httpx.Client(base_url=emulator.base_url, headers=headers, timeout=30)


@pytest.fixture
def two_orgs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorProcess]:
    """An emulator of org-a and org-b whose own environment holds a canary variable."""
    monkeypatch.setenv("EMULATOR_CANARY", "canary-from-the-emulator-environment")
    config = tmp_path / "two-orgs.yaml"
    config.write_text(TWO_ORGS)
    with run_emulator(data_dir=tmp_path / "data", api_key=SECRET_KEY, organization="org-a", config=config) as emu:
        yield emu


def _logs_once(client: httpx.Client, job_id: str, needle: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while needle not in (text := client.get(f"/v1/jobs/{job_id}/logs").text):
        assert time.monotonic() < deadline, f"{needle!r} never logged: {text!r}"
        time.sleep(0.05)
    return text


# -- who may reach it --------------------------------------------------------------------


def _start(args: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "vantage_emulator", "--port", "0", "--data-dir", str(tmp_path / "data"), *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _exit_of(process: subprocess.Popen[str]) -> tuple[int | None, str]:
    """Its exit code and stderr, or (None, ...) when it started serving instead of exiting."""
    try:
        _, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        return None, err
    return process.returncode, err


def test_non_loopback_host_refuses_the_built_in_key(tmp_path: Path) -> None:
    code, err = _exit_of(_start(["--host", "0.0.0.0", "--api-key", "emulator-key"], tmp_path))
    assert code == 2 and "built-in key" in err
    config = tmp_path / "keys.yaml"
    config.write_text("api_keys:\n  - key: emulator-key\n    organization: default\n")
    code, err = _exit_of(_start(["--host", "0.0.0.0", "--config", str(config)], tmp_path))
    assert code == 2 and "built-in key" in err


def test_non_loopback_host_generates_a_key_and_warns(tmp_path: Path) -> None:
    process = _start(["--host", "0.0.0.0"], tmp_path)
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        port = int(line.rsplit(":", 1)[1])
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert "listening on" in line
    assert "WARNING" in err and "real commands" in err
    generated = err.split("generated API key ", 1)[1].split()[0]
    assert len(generated) >= 32 and port > 0


def test_explicit_key_on_a_non_loopback_host_is_accepted(tmp_path: Path) -> None:
    process = _start(["--host", "0.0.0.0", "--api-key", "a-long-secret-key"], tmp_path)
    try:
        assert process.stdout is not None
        base = process.stdout.readline().rsplit(" ", 1)[1].strip().replace("0.0.0.0", "127.0.0.1")
        assert httpx.get(f"{base}/v1/jobs", headers={"Authorization": "Bearer emulator-key"}).status_code == 401
        ok = httpx.get(f"{base}/v1/jobs", headers={"Authorization": "Bearer a-long-secret-key"})
        assert ok.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


# -- what a job may read -----------------------------------------------------------------


def test_a_job_cannot_read_the_database_or_another_organizations_files(two_orgs: EmulatorProcess) -> None:
    org_a = _client(two_orgs, SECRET_KEY, "org-a")
    org_b = _client(two_orgs, "b-key", "org-b")
    stored = org_a.put("/v1/storage/content", params={"path": "/private/a.txt"}, content=b"org-a-private-bytes")
    assert stored.status_code in (200, 201), stored.text
    data = two_orgs.data_dir
    snoop = (
        f"cat {data}/emulator.sqlite3 {data}/emulator.sqlite3-wal; grep -r org-a-private {data};"
        f" find {data} -type f -exec cat {{}} +; echo pwd=$(pwd); echo uid=$(id -u); env; cat /proc/self/limits"
    )
    job = wait_for_job(org_b, submit(org_b, ["sh", "-c", snoop])["id"])
    logs = org_b.get(f"/v1/jobs/{job['id']}/logs").text
    assert SECRET_KEY not in logs and "org-a-private-bytes" not in logs
    pwd = logs.split("pwd=", 1)[1].split()[0]
    assert not pwd.startswith(str(data)), "the job ran inside the data dir"
    assert "canary-from-the-emulator-environment" not in logs, "the emulator's environment leaked"
    if os.geteuid() == 0:
        assert logs.split("uid=", 1)[1].split()[0] != "0", "the job ran as root"
    limits = {line[:26].strip(): line[26:].split()[0] for line in logs.splitlines() if line.startswith("Max ")}
    assert limits["Max cpu time"] == "600"
    assert limits["Max address space"] == "4294967296"
    assert limits["Max file size"] == "1073741824"
    assert limits["Max processes"] == "256"


def test_a_job_writes_its_outputs_and_the_emulator_stores_them(two_orgs: EmulatorProcess) -> None:
    org_b = _client(two_orgs, "b-key", "org-b")
    script = "mkdir -p $VANTAGE_OUTPUT_DIR/sub && echo result > $VANTAGE_OUTPUT_DIR/sub/r.txt && echo $HOME"
    job = wait_for_job(org_b, submit(org_b, ["sh", "-c", script])["id"])
    assert job["status"] == "succeeded", job
    outputs = org_b.get(f"/v1/jobs/{job['id']}", params={"include": "outputs"}).json()["outputs"]
    assert [o["name"] for o in outputs] == ["sub/r.txt"]
    assert org_b.get("/v1/storage/content", params={"path": outputs[0]["path"]}).content == b"result\n"


def test_outputs_never_follow_a_symlink_the_job_planted(two_orgs: EmulatorProcess) -> None:
    org_b = _client(two_orgs, "b-key", "org-b")
    data = two_orgs.data_dir
    script = (
        f"ln -s {data}/emulator.sqlite3 $VANTAGE_OUTPUT_DIR/db; ln -s {data} $VANTAGE_OUTPUT_DIR/data;"
        f" cd $VANTAGE_OUTPUT_DIR/.. && mv outputs gone && ln -s {data} outputs; true"
    )
    job = wait_for_job(org_b, submit(org_b, ["sh", "-c", script])["id"])
    outputs = org_b.get(f"/v1/jobs/{job['id']}", params={"include": "outputs"}).json()["outputs"]
    for output in outputs:
        content = org_b.get("/v1/storage/content", params={"path": output["path"]}).content
        assert SECRET_KEY.encode() not in content, f"{output['name']} exposed the emulator's files"
    assert outputs == []


# -- what outlives a job -----------------------------------------------------------------


def _escaper(client: httpx.Client, mode: str) -> tuple[str, list[int]]:
    job = submit(client, [JOB_PYTHON, "-c", ESCAPER, mode])
    logs = _logs_once(client, job["id"], "ready")
    pids = [int(line.split()[1]) for line in logs.splitlines() if line.startswith("pid ")]
    assert len(pids) == 2
    return job["id"], pids


def _survivors(pids: list[int], timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (alive := [p for p in pids if process_alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in alive:  # leave nothing behind for the next test
        os.kill(pid, signal.SIGKILL)
    return alive


def test_no_process_of_a_job_survives_its_normal_exit(two_orgs: EmulatorProcess) -> None:
    org_b = _client(two_orgs, "b-key", "org-b")
    job_id, pids = _escaper(org_b, "exit")
    assert wait_for_job(org_b, job_id)["status"] == "succeeded"
    assert _survivors(pids) == []


def test_no_process_of_a_job_survives_a_cancel(two_orgs: EmulatorProcess) -> None:
    org_b = _client(two_orgs, "b-key", "org-b")
    job_id, pids = _escaper(org_b, "wait")
    assert org_b.post(f"/v1/jobs/{job_id}/cancel").json()["status"] == "cancelled"
    wait_for_job(org_b, job_id)
    assert _survivors(pids) == []


def test_no_process_of_a_job_survives_an_emulator_restart(two_orgs: EmulatorProcess) -> None:
    org_b = _client(two_orgs, "b-key", "org-b")
    job_id, pids = _escaper(org_b, "wait")
    two_orgs.kill()
    assert [p for p in pids if process_alive(p)] == pids, "they outlive a SIGKILLed emulator until its restart"
    two_orgs.start()
    org_b = _client(two_orgs, "b-key", "org-b")
    assert org_b.get(f"/v1/jobs/{job_id}").json()["status"] == "failed"
    assert _survivors(pids) == []
