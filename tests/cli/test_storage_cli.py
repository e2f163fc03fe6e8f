"""End-to-end tests of `vantage storage`: ls/cp/rm, progress on a terminal, Ctrl-C and resume."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import re
import select
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import TransferConfig

from .conftest import CLI, Result, assert_clean_error, vantage_command

MiB = 1024 * 1024


def remote_dir() -> str:
    """A fresh remote folder, so tests sharing the emulator do not see each other's files."""
    return f"/cli-tests/{uuid.uuid4().hex[:10]}"


def write_file(path: Path, size: int) -> str:
    """Write `size` pseudo-random bytes; return their sha256."""
    block = hashlib.sha256(path.name.encode()).digest() * (MiB // 32)
    with path.open("wb") as fh:
        left = size
        while left:
            chunk = block[: min(left, len(block))]
            fh.write(chunk)
            left -= len(chunk)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cp_ls_rm_single_files(cli: CLI) -> None:
    base = remote_dir()
    local = cli.home / "hello.txt"
    local.write_text("hello storage\n")

    up = cli.ok("storage", "cp", str(local), f"vantage:{base}/", "--json").json()
    assert up == {
        "source": str(local),
        "direction": "upload",
        "destination": f"vantage:{base}/hello.txt",
        "bytes": 14,
        "transferred": ["hello.txt"],
        "skipped": [],
        "failed": [],
    }
    listing = cli.ok("storage", "ls", f"vantage:{base}", "--json").json()
    assert listing["path"] == base
    assert [(f["path"], f["type"], f["size"]) for f in listing["items"]] == [(f"{base}/hello.txt", "file", 14)]
    assert f"{base}/hello.txt" in cli.ok("storage", "ls", base).stdout  # a bare path is remote for ls

    (cli.home / "out").mkdir()
    down = cli.ok("storage", "cp", f"vantage:{base}/hello.txt", str(cli.home / "out"), "--json").json()
    assert down["direction"] == "download" and down["destination"] == str(cli.home / "out" / "hello.txt")
    assert (cli.home / "out" / "hello.txt").read_text() == "hello storage\n"

    human = cli.ok("storage", "cp", str(local), f"vantage:{base}/copy.txt")
    assert human.stdout == "" and "Uploaded 1 file" in human.stderr

    assert cli.ok("storage", "rm", f"vantage:{base}/hello.txt", "--json").json() == {
        "deleted": f"{base}/hello.txt",
        "recursive": False,
    }
    gone = cli.run("storage", "rm", f"vantage:{base}/hello.txt")
    assert_clean_error(gone, 1)
    assert "404" in gone.stderr and "request id req-" in gone.stderr


def test_cp_recursive_both_ways_and_rm_recursive(cli: CLI) -> None:
    base = remote_dir()
    tree = cli.home / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b.txt").write_text("bb")
    (tree / "sub" / "deeper" / "ünïcode c.txt").write_text("ccc")

    refused = cli.run("storage", "cp", str(tree), f"vantage:{base}")
    assert_clean_error(refused, 2)
    assert "-r" in refused.stderr

    up = cli.ok("storage", "cp", "-r", str(tree), f"vantage:{base}", "--json").json()
    assert sorted(up["transferred"]) == ["a.txt", "sub/b.txt", "sub/deeper/ünïcode c.txt"]
    assert up["bytes"] == 6 and up["failed"] == [] and up["destination"] == f"vantage:{base}"

    recursive = cli.ok("storage", "ls", "-r", f"vantage:{base}", "--json").json()["items"]
    assert {f["path"] for f in recursive if f["type"] == "file"} == {
        f"{base}/a.txt",
        f"{base}/sub/b.txt",
        f"{base}/sub/deeper/ünïcode c.txt",
    }

    back = cli.home / "back"
    down = cli.ok("storage", "cp", "--recursive", f"vantage:{base}", str(back), "--json").json()
    assert down["bytes"] == 6 and len(down["transferred"]) == 3
    assert (back / "sub" / "deeper" / "ünïcode c.txt").read_text() == "ccc"

    assert cli.ok("storage", "rm", "-r", base, "--json").json()["recursive"] is True
    assert cli.ok("storage", "ls", base, "--json").json()["items"] == []


def test_cp_missing_local_file_is_a_clear_error(cli: CLI) -> None:
    result = cli.run("storage", "cp", str(cli.home / "nope.bin"), "vantage:/cli-tests/nope.bin")
    assert result.returncode in (1, 2), str(result)
    assert "nope.bin" in result.stderr and "Traceback" not in result.stderr


def run_with_terminal_stderr(cli: CLI, *args: str, timeout: float = 60) -> tuple[Result, str]:
    """Run `vantage ARGS` with stdout piped and stderr on a pseudo-terminal; return both outputs."""
    master, slave = pty.openpty()
    env = cli.environment({"TERM": "xterm-256color", "COLUMNS": "120"})
    proc = subprocess.Popen(
        [*vantage_command(), *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cli.home,
    )
    os.close(slave)
    terminal = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                terminal += data
            elif proc.poll() is not None:
                break
        assert proc.stdout is not None
        stdout = proc.stdout.read().decode()
        returncode = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Result(args, returncode, stdout, ""), terminal.decode(errors="replace")


def test_progress_on_a_terminal_never_corrupts_json(cli: CLI) -> None:
    base = remote_dir()
    big = cli.home / "big.bin"
    digest = write_file(big, 20 * MiB)  # above the multipart threshold: parallel parts

    up, terminal = run_with_terminal_stderr(cli, "storage", "cp", str(big), f"vantage:{base}/big.bin", "--json")
    assert up.returncode == 0, f"{up}\n--- terminal\n{terminal}"
    assert up.json()["bytes"] == 20 * MiB  # stdout is exactly one JSON document
    assert re.search(r"20\.0/20\.0 MiB", terminal), terminal  # and a bar was drawn on the terminal
    assert "big.bin" in terminal

    down, terminal = run_with_terminal_stderr(
        cli, "storage", "cp", f"vantage:{base}/big.bin", str(cli.home / "copy.bin"), "--json"
    )
    assert down.returncode == 0, f"{down}\n--- terminal\n{terminal}"
    assert down.json()["destination"] == str(cli.home / "copy.bin")
    assert re.search(r"20\.0/20\.0 MiB", terminal), terminal
    assert hashlib.sha256((cli.home / "copy.bin").read_bytes()).hexdigest() == digest

    tree = cli.home / "tree"
    tree.mkdir()
    for i in range(3):
        (tree / f"f{i}.txt").write_text("x" * 1000)
    folder, terminal = run_with_terminal_stderr(cli, "storage", "cp", "-r", str(tree), f"vantage:{base}/tree", "--json")
    assert folder.returncode == 0, f"{folder}\n--- terminal\n{terminal}"
    assert len(folder.json()["transferred"]) == 3
    assert "3/3 files" in terminal, terminal  # the aggregate bar counts files

    quiet, terminal = run_with_terminal_stderr(
        cli, "storage", "cp", str(big), f"vantage:{base}/quiet.bin", "--no-progress", "--json"
    )
    assert quiet.returncode == 0 and quiet.json()["bytes"] == 20 * MiB
    assert "MiB" not in terminal and "\x1b[" not in terminal, terminal


@pytest.fixture
def slow_emulator(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """An emulator that holds every API request for 300 ms, so a transfer can be interrupted mid-way."""
    with run_emulator(
        data_dir=tmp_path / "slow-emulator",
        extra_args=["--fault-delay-rate", "1", "--fault-delay-ms", "300", "--fault-seed", "1"],
    ) as emulator:
        yield emulator


def test_ctrl_c_during_upload_exits_130_and_rerun_resumes(cli: CLI, slow_emulator: EmulatorProcess) -> None:
    emulator = slow_emulator
    env: dict[str, str | None] = {
        "VANTAGE_BASE_URL": emulator.base_url,
        "VANTAGE_API_KEY": emulator.api_key,
        "VANTAGE_ORGANIZATION": emulator.organization,
    }
    big = cli.home / "resume.bin"
    digest = write_file(big, 80 * MiB)  # several parts, 4 at a time
    args = ("storage", "cp", str(big), "vantage:/resume/resume.bin", "--json")
    journals = cli.home / "cache" / "vantage-sdk" / "uploads"

    proc = cli.popen(*args, env=env)
    try:
        upload_id = None
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=10) as http:
            while time.monotonic() < deadline and proc.poll() is None:
                if upload_id is None:
                    found = list(journals.glob("*.json")) if journals.exists() else []
                    if found:
                        upload_id = json.loads(found[0].read_text())["state"]["upload_id"]
                elif http.get(f"/v1/storage/uploads/{upload_id}").json()["parts"]:
                    break  # the server holds some parts: interrupt now
                time.sleep(0.02)
        assert upload_id is not None and proc.poll() is None, "the upload finished before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert stdout == "" and "Traceback" not in stderr
    assert "again to resume" in stderr
    assert list(journals.glob("*.json")), "the resume journal must survive the interrupt"

    # Run again without --json, for the summary: the parts the server held are not counted as sent.
    again = cli.run("--debug", *args[:-1], env=env, timeout=120)
    assert again.returncode == 0, str(again)
    parts_sent = re.findall(r"PUT \S+/uploads/\S+/parts/\d+ ", again.stderr)
    parts = -(-80 * MiB // TransferConfig().part_size)
    assert 0 < len(parts_sent) < parts, again.stderr  # only the missing parts went again
    held = 80 - len(parts_sent) * TransferConfig().part_size // MiB
    summary = again.stderr.splitlines()[-1]
    assert summary.startswith(f"Uploaded 1 file, 80.0 MiB ({held}.0 MiB already there from an earlier run) in "), (
        summary,
        parts_sent,
    )
    assert not list(journals.glob("*.json"))

    check = cli.run("storage", "ls", "/resume", "--json", env=env)
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers) as http:
        meta = http.get("/v1/storage/metadata", params={"path": "/resume/resume.bin"}).json()
    assert check.returncode == 0 and meta["sha256"] == digest
