"""`python -m vantage_emulator` / `vantage-emulator`: flags, the one line, clean stops."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CMD = [sys.executable, "-m", "vantage_emulator"]


def _start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [*CMD, "--port", "0", "--data-dir", str(tmp_path / "data"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Vantage emulator listening on http://127.0.0.1:"), line + process.stderr.read()
    return process, line.split()[-1]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_prints_one_line_serves_and_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    process, url = _start(tmp_path, "--api-key", "cli-key", "--organization", "cli-org")
    response = httpx.get(f"{url}/v1/clusters", headers={"Authorization": "Bearer cli-key"})
    assert response.status_code == 200
    assert httpx.get(f"{url}/v1/clusters", headers={"Authorization": "Bearer emulator-key"}).status_code == 401
    process.send_signal(sig)
    out, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert out == ""  # the announcement was the only line


def test_config_file_adds_keys_and_clusters(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "api_keys:\n  - key: k2\n    organizations: [x, y]\n"
        "clusters:\n  - name: big\n    provider: gcp\n    region: europe-west1\n    nodes: 3\n"
        "    node: {cpu_cores: 16, memory_bytes: 1024, gpus: 2}\n    max_concurrent_jobs: 7\n"
        "default_clusters: false\n"
    )
    process, url = _start(tmp_path, "--config", str(config))
    try:
        for org in ("x", "y"):
            items = httpx.get(
                f"{url}/v1/clusters", headers={"Authorization": "Bearer k2", "X-Vantage-Organization": org}
            ).json()["items"]
            assert [
                (c["name"], c["node_count"], c["total_resources"]["gpus"], c["max_concurrent_jobs"]) for c in items
            ] == [("big", 3, 6, 7)]
        # --api-key not given: the config's keys are the only ones.
        assert httpx.get(f"{url}/v1/clusters", headers={"Authorization": "Bearer emulator-key"}).status_code == 401
    finally:
        process.terminate()
        process.communicate(timeout=15)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("clusters:\n  - name: c\n    provider: moon\n", "clusters[0].provider"),
        ("clusters:\n  - name: Big_One\n", "clusters[0].name"),
        ("api_keys:\n  - key: k\n", "api_keys[0]"),
        ("emulator:\n  cancel_grace_seconds: -1\n", "emulator.cancel_grace_seconds"),
        ("[1, 2", "cannot read config file"),
    ],
)
def test_invalid_config_is_refused_naming_the_setting(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(content)
    result = subprocess.run(
        [*CMD, "--port", "0", "--data-dir", str(tmp_path / "d"), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""


def test_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        result = subprocess.run(
            [*CMD, "--port", str(port), "--data-dir", str(tmp_path / "d")], capture_output=True, text=True, timeout=30
        )
    assert result.returncode != 0 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert time.monotonic() - start < 20
