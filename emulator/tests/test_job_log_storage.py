"""Job logs live in per-job files: bounded memory, no database amplification, a per-job cap."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from jobhelpers import JOB_PYTHON, submit, wait_for_job

from vantage_emulator.testing import EmulatorProcess, run_emulator

MIB = 1024 * 1024
CAP = 2 * MIB
# Lines of 100 bytes (99 and the newline), numbered so order and gaps show.
PRINTER = """
import sys
line = "x" * 90
out = sys.stdout
for i in range(int(sys.argv[1])):
    out.write(f"{i:08d} {line}\\n")
"""


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    root = tmp_path_factory.mktemp("logcap")
    config = root / "config.yaml"
    config.write_text(f"emulator:\n  max_log_bytes: {CAP}\n")
    with run_emulator(data_dir=root / "data", config=config) as emulator:
        yield emulator


def _client(emulator: EmulatorProcess) -> httpx.Client:
    return httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=60)


def _db_bytes(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.glob("emulator.sqlite3*"))


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


def test_logs_do_not_grow_the_database_or_the_emulator(tmp_path: Path) -> None:
    lines = 300_000  # 30 MB of output
    with run_emulator(data_dir=tmp_path / "data") as emulator, _client(emulator) as client:
        assert emulator.pid is not None
        db_before, rss_before = _db_bytes(emulator.data_dir), _rss(emulator.pid)
        job = wait_for_job(client, submit(client, [JOB_PYTHON, "-c", PRINTER, str(lines)])["id"], timeout=120)
        assert job["status"] == "succeeded"
        db_growth = _db_bytes(emulator.data_dir) - db_before
        with client.stream("GET", f"/v1/jobs/{job['id']}/logs") as response:
            received = sum(len(chunk) for chunk in response.iter_bytes())
        tail = client.get(f"/v1/jobs/{job['id']}/logs", params={"tail": 2}).text.splitlines()
        rss_growth = _rss(emulator.pid) - rss_before
    assert received == lines * 100
    assert tail[-1].startswith(f"{lines - 1:08d} ") and tail[0].startswith(f"{lines - 2:08d} ")
    # What grows is SQLite's write-ahead log of the line counts, checkpointed back at about 4 MiB.
    assert db_growth < 6 * MIB, (
        f"the database grew by {db_growth / MIB:.1f} MiB for {lines * 100 / MIB:.0f} MiB of logs"
    )
    assert rss_growth < 100 * MIB, f"the emulator grew by {rss_growth / MIB:.0f} MiB"


def test_a_log_over_the_cap_ends_with_a_marker_line(capped: EmulatorProcess) -> None:
    with _client(capped) as client:
        job = wait_for_job(client, submit(client, [JOB_PYTHON, "-c", PRINTER, "60000"])["id"], timeout=60)
        assert job["status"] == "succeeded", "the job runs on; only its log stops"
        text = client.get(f"/v1/jobs/{job['id']}/logs").text
        lines = text.splitlines()
        assert "reached" in lines[-1] and "discarded" in lines[-1]
        assert CAP - 1000 < len(text.encode()) <= CAP + 1000
        assert [int(line[:8]) for line in lines[:-1]] == list(range(len(lines) - 1))
        with client.stream("GET", f"/v1/jobs/{job['id']}/logs/stream", params={"offset": len(lines) - 2}) as stream:
            events = [e for e in stream.read().decode().split("\n\n") if e.startswith("event:")]
        data = [json.loads(e.split("data: ", 1)[1]) for e in events]
        assert [d.get("offset") for d in data[:2]] == [len(lines) - 2, len(lines) - 1]
        assert data[1]["stream"] == "stderr" and "discarded" in data[1]["line"]
        assert events[-1].startswith("event: end") and data[-1]["next_offset"] == len(lines)
