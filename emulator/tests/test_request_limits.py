"""Request bodies are capped before they are buffered, stalled ones time out, open upload
sessions have a quota, and a 405 names the methods the path has."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator

CONFIG = """
api_keys:
  - key: limits-key
    organization: org-a
  - key: other-key
    organization: org-b
emulator:
  request_body_timeout_seconds: 1
storage:
  max_open_uploads: 3
"""
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    root = tmp_path_factory.mktemp("limits")
    config = root / "limits.yaml"
    config.write_text(CONFIG)
    with run_emulator(data_dir=root / "data", api_key="limits-key", organization="org-a", config=config) as emu:
        yield emu


def _rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


def _chunks(total: int, size: int = MIB) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * size
        sent += size


@pytest.mark.parametrize("idempotency_key", [None, "big-body-key"])
def test_a_100_mb_job_submission_is_refused_without_buffering_it(
    limited: EmulatorProcess, idempotency_key: str | None
) -> None:
    assert limited.pid is not None
    headers = {**limited.headers, "Content-Type": "application/json"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    before = _rss_bytes(limited.pid)
    with httpx.Client(base_url=limited.base_url, headers=headers, timeout=60) as client:
        declared = client.post("/v1/jobs", content=b" " * (100 * MIB))
        try:
            streamed = client.post("/v1/jobs", content=_chunks(100 * MIB))  # chunked: no Content-Length
            streamed_status = streamed.status_code
        except httpx.TransportError:  # the server may close before the client has sent it all
            streamed_status = 413
    grown = _rss_bytes(limited.pid) - before
    assert declared.status_code == 413 and declared.json()["code"] == "payload_too_large"
    # Without a key connexion refuses a JSON body that has no Content-Length (400)
    # before reading it; with one, the idempotency layer reads it, capped (413).
    assert streamed_status == (413 if idempotency_key else 400)
    assert grown < 40 * MIB, f"the emulator grew by {grown / MIB:.0f} MiB"


def test_a_body_under_the_cap_still_works(limited: EmulatorProcess) -> None:
    # 6.4 MB: under the 10 MiB cap, with every map at its own spec limit or below.
    body = {"name": "fits", "spec": {"command": ["true"], "env": {f"PAD{i}": "x" * 32_000 for i in range(200)}}}
    response = httpx.post(f"{limited.base_url}/v1/jobs", json=body, headers=limited.headers, timeout=30)
    assert response.status_code == 201, response.text


def _raw_request(emulator: EmulatorProcess, head: str, body: bytes) -> tuple[bytes, float]:
    host, port = emulator.base_url.removeprefix("http://").rsplit(":", 1)
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    return answer, time.monotonic() - started


@pytest.mark.parametrize(
    ("method", "path", "content_type"),
    [
        ("POST", "/v1/jobs", "application/json"),
        ("PUT", "/v1/storage/content?path=/stalled.bin", "application/octet-stream"),
    ],
)
def test_a_stalled_request_body_times_out(limited: EmulatorProcess, method: str, path: str, content_type: str) -> None:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer limits-key\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: 1000\r\n\r\n"
    )
    answer, elapsed = _raw_request(limited, head, b'{"name": ')
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert elapsed < 10


def test_open_upload_sessions_have_a_quota_per_organization(limited: EmulatorProcess) -> None:
    headers = {"Authorization": "Bearer limits-key"}
    with httpx.Client(base_url=limited.base_url, headers=headers, timeout=30) as client:
        opened = [client.post("/v1/storage/uploads", json={"path": f"/quota/{i}.bin", "size": 10}) for i in range(3)]
        assert [r.status_code for r in opened] == [201, 201, 201]
        refused = client.post("/v1/storage/uploads", json={"path": "/quota/4.bin", "size": 10})
        assert refused.status_code == 409 and refused.json()["code"] == "too_many_uploads"
        other = client.post(
            "/v1/storage/uploads",
            json={"path": "/quota/0.bin", "size": 10},
            headers={"Authorization": "Bearer other-key"},
        )
        assert other.status_code == 201, "another organization's quota is its own"
        assert client.delete(f"/v1/storage/uploads/{opened[0].json()['upload_id']}").status_code in (200, 204)
        assert client.post("/v1/storage/uploads", json={"path": "/quota/5.bin", "size": 10}).status_code == 201


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/jobs", "GET, POST, HEAD"),
        ("GET", "/v1/jobs/job-0123/cancel", "POST"),
        ("POST", "/v1/storage/content?path=/a", "GET, PUT, HEAD"),
        ("GET", "/v1/storage/uploads/upl-01/parts/1", "PUT"),
    ],
)
def test_a_405_names_the_methods_of_the_path(limited: EmulatorProcess, method: str, path: str, allow: str) -> None:
    response = httpx.request(method, f"{limited.base_url}{path}", headers=limited.headers, timeout=30)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"] == "application/problem+json"


def test_head_is_served_where_allow_says(limited: EmulatorProcess, tmp_path: Path) -> None:
    response = httpx.head(f"{limited.base_url}/v1/jobs", headers=limited.headers, timeout=30)
    assert response.status_code == 200
