"""Helpers shared by the emulator's job tests (plain httpx)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import httpx

TERMINAL = ("succeeded", "failed", "cancelled")


def _job_python() -> str:
    """A Python a job can run: run as root, the emulator runs jobs as an unprivileged
    uid, which cannot reach an interpreter under a private home (/root/.pyenv, say)."""
    if os.geteuid() != 0:
        return sys.executable
    path = Path(sys.executable).resolve()
    if all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents]):
        return sys.executable
    return shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin") or sys.executable


JOB_PYTHON = _job_python()


def process_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie has ended: only its exit status is left)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for_job(client: httpx.Client, job_id: str, statuses: tuple[str, ...] = TERMINAL, timeout: float = 20.0) -> Any:
    """Poll until the job reaches one of `statuses`; its JSON."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout} s")
        time.sleep(0.02)


def submit(client: httpx.Client, command: list[str], **fields: Any) -> Any:
    """Submit a job running `command`; its JSON (asserting a 201)."""
    body = {"name": fields.pop("name", "test-job"), "spec": {"command": command, **fields.pop("spec", {})}, **fields}
    response = client.post("/v1/jobs", json=body)
    assert response.status_code == 201, response.text
    return response.json()
