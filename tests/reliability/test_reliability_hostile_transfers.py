"""Transfers of odd local trees and into dangerous destinations, against the emulator on 127.0.0.1.

Directory uploads with a symlink loop or a name that is not UTF-8; a file that grows while it is
sent; download destinations that are not regular files; symlinks planted at temporary names;
remote names that look like temporary ones; and directory re-runs under 60% faults, which must
converge because files already identical at the destination are skipped.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import (
    APIConnectionError,
    ResourceNotFoundError,
    ServerError,
    TransferError,
    ValidationError,
    VantageClient,
)
from vantage_sdk._transfer import download_temp_paths

from .conftest import Figures, clean_client
from .faultproxy import FaultPlan, FaultProxy

pytestmark = pytest.mark.timeout(300)

KiB = 1024


@pytest.fixture
def client(vantage_emulator: EmulatorProcess) -> Iterator[VantageClient]:
    with clean_client(vantage_emulator) as client:
        yield client


@pytest.fixture
def remote() -> str:
    return f"/hostile-{uuid4().hex[:8]}/"


# --- directory uploads ----------------------------------------------------------------------------


def test_a_symlink_loop_and_a_non_utf8_name_fail_alone(
    client: VantageClient, remote: str, tmp_path: Path, figures: Figures, journal_dir: Path
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text("a")
    (tree / "z.txt").write_text("z")
    (tree / "loop1").symlink_to(tree / "loop2")
    (tree / "loop2").symlink_to(tree / "loop1")
    with open(os.path.join(os.fsencode(tree), b"caf\xe9.txt"), "wb") as f:
        f.write(b"latin-1 name")
    summary = client.storage.upload_directory(tree, remote)
    assert sorted(summary.transferred) == ["a.txt", "z.txt"]
    assert sorted(summary.failed) == ["caf\\xe9.txt", "loop1", "loop2"]
    assert "symlink loop" in str(summary.failed["loop1"])
    assert "UTF-8" in str(summary.failed["caf\\xe9.txt"])
    figures.add(
        "hostile input",
        f"upload_directory with a symlink loop and a non-UTF-8 name: {len(summary.transferred)} uploaded, "
        f"{len(summary.failed)} failed alone, each named (before: RuntimeError, 0 uploaded)",
    )


def test_a_file_growing_during_a_single_request_upload_is_an_error(
    client: VantageClient, remote: str, tmp_path: Path, journal_dir: Path
) -> None:
    local = tmp_path / "growing.log"
    local.write_bytes(b"x" * (3 * 1024 * KiB))  # one request (under the multipart threshold), three chunks

    def grow(done: int, total: int) -> None:
        if 0 < done < total:
            with local.open("ab") as f:
                f.write(b"more")

    with pytest.raises(TransferError, match="changed during the upload"):
        client.storage.upload(local, remote + "growing.log", progress_callback=grow)
    with pytest.raises(ResourceNotFoundError):
        client.storage.metadata(remote + "growing.log")


# --- download destinations ------------------------------------------------------------------------


def special_destinations(folder: Path) -> dict[str, Path]:
    outside = folder / "outside.txt"
    outside.write_text("precious")
    made = {"symlink": folder / "link", "fifo": folder / "fifo"}
    made["symlink"].symlink_to(outside)
    os.mkfifo(made["fifo"])
    if os.geteuid() == 0:
        made["device"] = folder / "null"
        os.mknod(made["device"], stat.S_IFCHR | 0o600, os.makedev(1, 3))
    return made


def test_a_download_never_replaces_or_writes_through_what_is_not_a_regular_file(
    client: VantageClient, remote: str, tmp_path: Path, figures: Figures
) -> None:
    client.storage.upload_string("payload", remote + "x.txt")
    before = {name: os.lstat(path) for name, path in special_destinations(tmp_path).items()}
    for name in before:
        dest = tmp_path / ("null" if name == "device" else {"symlink": "link"}.get(name, name))
        with pytest.raises(ValidationError, match="regular file"):
            client.storage.download(remote + "x.txt", dest)
        after = os.lstat(dest)
        assert (after.st_mode, after.st_ino) == (before[name].st_mode, before[name].st_ino), name
    assert (tmp_path / "outside.txt").read_text() == "precious"
    assert not [p for p in tmp_path.iterdir() if "vantage-download" in p.name]
    figures.add(
        "hostile input",
        f"download onto a {', '.join(before)}: each refused with ValidationError, left as it was "
        "(before: each replaced by a regular file)",
    )


def test_download_directory_refuses_a_symlink_inside_the_destination(
    client: VantageClient, remote: str, tmp_path: Path
) -> None:
    client.storage.upload_string("one", remote + "one.txt")
    client.storage.upload_string("two", remote + "two.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("mine")
    (out / "two.txt").symlink_to(out / "kept.txt")
    summary = client.storage.download_directory(remote, out)
    assert summary.transferred == ["one.txt"]
    assert "symbolic link" in str(summary.failed["two.txt"])
    assert (out / "two.txt").is_symlink() and (out / "kept.txt").read_text() == "mine"


def test_symlinks_planted_at_the_temporary_names_are_never_written_through(
    client: VantageClient, remote: str, tmp_path: Path
) -> None:
    client.storage.upload_string("fresh bytes", remote + "a.bin")
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    dest = tmp_path / "a.bin"
    temp, journal = download_temp_paths(dest, remote + "a.bin")
    temp.symlink_to(victim)
    journal.with_name(journal.name + ".tmp").symlink_to(victim)
    client.storage.download(remote + "a.bin", dest)
    assert dest.read_text() == "fresh bytes"
    assert victim.read_text() == "do not touch"


def test_a_remote_file_named_like_a_temporary_file_downloads_like_any_other(
    client: VantageClient, remote: str, tmp_path: Path, figures: Figures
) -> None:
    client.storage.upload_string("the file", remote + "a.bin")
    client.storage.upload_string("a file with a temporary-looking name", remote + ".a.bin.vantage-download")
    summary = client.storage.download_directory(remote, tmp_path / "out")
    assert summary.ok, summary.failed
    assert (tmp_path / "out" / "a.bin").read_text() == "the file"
    assert (tmp_path / "out" / ".a.bin.vantage-download").read_text() == "a file with a temporary-looking name"
    figures.add(
        "hostile input",
        "remote folder holding a.bin and .a.bin.vantage-download: both downloaded intact "
        "(before: false IntegrityError, a file reported transferred but missing)",
    )


# --- re-runs converge ----------------------------------------------------------------------------

HEAVY_FAULTS = FaultPlan(drop_before=0.2, drop_after=0.2, cut_body=0.1, delay=0.05, trickle=0.05, seed=11)
FILES = 24
MAX_RUNS = 12


def test_directory_reruns_under_60_percent_faults_converge(
    vantage_emulator: EmulatorProcess, remote: str, tmp_path: Path, figures: Figures, journal_dir: Path
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    contents = {f"f{n:02d}.bin": os.urandom(16 * KiB + n * 997) for n in range(FILES)}
    for name, data in contents.items():
        (tree / name).write_bytes(data)
    out = tmp_path / "out"
    with FaultProxy(vantage_emulator.base_url, HEAVY_FAULTS) as proxy:
        client = VantageClient(
            api_key=vantage_emulator.api_key, base_url=proxy.base_url, organization=vantage_emulator.organization
        )
        with client:
            up = rerun_until_ok(lambda: client.storage.upload_directory(tree, remote))
            down = rerun_until_ok(lambda: client.storage.download_directory(remote, out))
        faulted = sum(1 for r in proxy.requests if r.fault)
        total = len(proxy.requests)
    for name, data in contents.items():
        assert hashlib.sha256((out / name).read_bytes()).digest() == hashlib.sha256(data).digest()
    figures.add(
        "hostile input",
        f"directory re-runs, {FILES} files, {faulted} of {total} requests faulted ({100 * faulted / total:.0f}%): "
        f"upload done in {len(up)} runs (failures per run {up}), download in {len(down)} runs ({down}) "
        "(before: 1-6 failures every run, not done after 12)",
    )


def rerun_until_ok(run: object) -> list[int]:
    """Call ``run()`` until its summary is ok; return the failures of each run."""
    failures: list[int] = []
    started = time.monotonic()
    for _ in range(MAX_RUNS):
        try:
            summary = run()  # type: ignore[operator]
        except (APIConnectionError, ServerError):
            failures.append(-1)  # the listing itself failed: the application runs it again
            continue
        failures.append(len(summary.failed))
        if summary.ok:
            return failures
    raise AssertionError(f"not done after {MAX_RUNS} runs ({time.monotonic() - started:.0f}s): {failures}")
