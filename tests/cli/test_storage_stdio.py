"""`vantage storage cp` with `-`: standard input to storage, storage to standard output, checked at the end."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from vantage_sdk import FileInfo, VantageClient
from vantage_sdk.cli import main
from vantage_sdk.resources.storage import Storage

from .conftest import CLI, assert_clean_error, vantage_command

MiB = 1024 * 1024


def remote_file(name: str = "data.bin") -> str:
    return f"/cli-stdio/{uuid.uuid4().hex[:10]}/{name}"


def run_piped(cli: CLI, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """Run `vantage ARGS` with `stdin` on standard input; stdout and stderr as bytes."""
    return subprocess.run(
        [*vantage_command(), *args], input=stdin, capture_output=True, env=cli.environment(), timeout=120, cwd=cli.home
    )


def client_of(cli: CLI) -> VantageClient:
    emulator = cli.emulator
    return VantageClient(api_key=emulator.api_key, base_url=emulator.base_url, organization=emulator.organization)


@pytest.mark.parametrize("size", [0, 1, 3 * MiB + 7, 20 * MiB])  # 20 MiB: above the multipart threshold
def test_stdin_to_storage_and_storage_to_stdout_round_trip(cli: CLI, size: int) -> None:
    data = os.urandom(size)
    remote = remote_file()

    up = run_piped(cli, "storage", "cp", "-", f"vantage:{remote}", stdin=data)
    assert up.returncode == 0, up.stderr.decode()
    assert up.stdout == b""
    assert f"standard input -> vantage:{remote}" in up.stderr.decode()
    with client_of(cli) as client:
        stored = client.storage.metadata(remote)
    assert (stored.size, stored.sha256) == (size, hashlib.sha256(data).hexdigest())

    down = run_piped(cli, "storage", "cp", f"vantage:{remote}", "-")
    assert down.returncode == 0, down.stderr.decode()
    assert down.stdout == data  # exactly the bytes, nothing else on stdout
    assert f"vantage:{remote} -> standard output" in down.stderr.decode()


def test_stdin_upload_reports_json(cli: CLI) -> None:
    remote = remote_file("note.txt")
    up = run_piped(cli, "storage", "cp", "-", f"vantage:{remote}", "--json", stdin=b"hello\n")
    assert up.returncode == 0, up.stderr.decode()
    document = json.loads(up.stdout)
    assert document["source"] == "-" and document["destination"] == f"vantage:{remote}"
    assert document["bytes"] == 6 and document["direction"] == "upload"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-", "vantage:/cli-stdio/folder/"], "full remote path"),
        (["-r", "-", "vantage:/cli-stdio/x"], "-r copies a directory"),
        (["vantage:/cli-stdio/x", "-", "--json"], "--json"),
        (["-", "-"], "exactly one of SOURCE and DESTINATION must be remote"),
        (["-", "local.txt"], "exactly one of SOURCE and DESTINATION must be remote"),
    ],
)
def test_stdio_usage_errors(cli: CLI, args: list[str], fragment: str) -> None:
    result = cli.run("storage", "cp", *args)
    assert_clean_error(result, 2)
    assert fragment in result.stderr


def test_missing_remote_file_to_stdout_is_an_api_error_with_nothing_on_stdout(cli: CLI) -> None:
    result = cli.run("storage", "cp", f"vantage:{remote_file()}", "-")
    assert_clean_error(result, 1)
    assert "404" in result.stderr


# A server that stores or reports other bytes than it was sent cannot be produced on demand, so the
# mismatch tests run the command in this process against the real emulator, with the one SDK answer
# that carries the checksum altered.
WRONG = "0" * 64


def _altered(info: FileInfo) -> FileInfo:
    return FileInfo.from_dict(info.to_dict() | {"sha256": WRONG})


@pytest.fixture
def in_process(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> CLI:
    for key in [k for k in os.environ if k.startswith("VANTAGE_")]:
        monkeypatch.delenv(key)
    for key, value in cli.env.items():
        if key.startswith(("VANTAGE_", "XDG_")) or key in ("COLUMNS", "NO_COLOR"):
            monkeypatch.setenv(key, value)
    return cli


def test_stdout_mismatch_exits_1_naming_it(in_process: CLI, monkeypatch: pytest.MonkeyPatch, capsysbinary: Any) -> None:
    remote = remote_file()
    with client_of(in_process) as client:
        client.storage.upload_string(b"payload", remote)
    real = Storage.metadata
    monkeypatch.setattr(Storage, "metadata", lambda self, path: _altered(real(self, path)))

    with pytest.raises(SystemExit) as exited:
        main(["storage", "cp", f"vantage:{remote}", "-", "--no-progress"])
    out, err = capsysbinary.readouterr()
    assert exited.value.code == 1
    assert out == b"payload"  # written as it came; the check at the end says it cannot be trusted
    message = err.decode()
    assert "what was written to standard output does not match" in message and WRONG in message
    assert "Traceback" not in message


def test_stdin_mismatch_exits_1_naming_it(in_process: CLI, monkeypatch: pytest.MonkeyPatch, capsysbinary: Any) -> None:
    remote = remote_file()
    real = Storage.upload
    monkeypatch.setattr(Storage, "upload", lambda self, *a, **k: _altered(real(self, *a, **k)))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin")))

    with pytest.raises(SystemExit) as exited:
        main(["storage", "cp", "-", f"vantage:{remote}", "--no-progress"])
    out, err = capsysbinary.readouterr()
    assert exited.value.code == 1
    assert out == b""
    message = err.decode()
    assert "the stored file does not match" in message and hashlib.sha256(b"from stdin").hexdigest() in message


def test_staging_folder_is_removed(in_process: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    staging = tmp_path / "tmp"
    staging.mkdir()
    monkeypatch.setenv("TMPDIR", str(staging))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 1000)))
    remote = remote_file()
    with pytest.raises(SystemExit) as exited:
        main(["storage", "cp", "-", f"vantage:{remote}", "--no-progress"])
    assert exited.value.code in (0, None)
    assert list(staging.iterdir()) == []
