"""Unit tests of the transfer engine against an in-memory storage backend.

The fake backend implements the engine's backend protocols the way the API does (sessions, parts
with sha256 checks, ranged reads) and counts what it receives, so resume, retries, progress and
integrity can be checked byte for byte without HTTP.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import google_crc32c
import pytest

from vantage_sdk._exceptions import (
    ConflictError,
    IntegrityError,
    ResourceNotFoundError,
    TransferError,
    ValidationError,
)
from vantage_sdk._transfer import (
    ProgressTracker,
    RemoteFile,
    SessionState,
    Source,
    TransferConfig,
    download_async,
    download_sync,
    download_temp_paths,
    read_all_async,
    read_all_sync,
    upload_async,
    upload_sync,
)
from vantage_sdk._transfer import _checksum as checksum
from vantage_sdk._transfer._checksum import Checksum, Verify
from vantage_sdk._transfer._journal import Journal, prune_journals, upload_journal
from vantage_sdk._transfer._plan import CHUNK_SIZE, MAX_PARTS, MiB, PartPlan, file_sha256, scaled_part_size
from vantage_sdk._transfer._progress import PartMeter, make_tracker

KiB = 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def crc(data: bytes) -> str:
    """CRC32C in the wire form (base64 of the 4 big-endian bytes), computed apart from the SDK's code."""
    return base64.b64encode(google_crc32c.value(data).to_bytes(4, "big")).decode()


class Interrupt(Exception):
    """Raised by a progress callback to simulate a crash mid-transfer."""


@dataclass
class _Session:
    path: str
    size: int
    part_size: int
    parts: dict[int, bytes] = field(default_factory=dict)
    part_digests: dict[int, str | None] = field(default_factory=dict)
    part_crcs: dict[int, str] = field(default_factory=dict)
    status: str = "open"


class FakeStore:
    """What the server holds, and what it was sent."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.sessions: dict[str, _Session] = {}
        self.lock = threading.Lock()
        self.bytes_received = 0
        self.bytes_served = 0
        self.max_chunk = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.part_attempts: dict[int, int] = {}
        self.flaky_parts: set[int] = set()  # first attempt breaks off halfway, like a reset connection
        self.corrupt_reads = False
        self.await_company = 0  # the first request waits (up to 5 s) until this many are in flight
        self.late_ranges = 0.0  # ranges not starting at 0 arrive this many seconds late
        self.reject_complete = False
        self.part_crc32c_sent: dict[int, str | None] = {}
        self.checksums_given: list[Checksum] = []  # what each stored file was checked against
        self.reports_crc32c = True  # like the API; False plays a server from before CRC32C was kept

    # -- the API's rules, shared by the sync and async backends

    def receive(self, chunks: list[bytes]) -> bytes:
        with self.lock:
            self.bytes_received += sum(len(c) for c in chunks)
            self.max_chunk = max([self.max_chunk, *(len(c) for c in chunks)])
        return b"".join(chunks)

    def store(self, remote: str, data: bytes, checksum: Checksum) -> dict[str, Any]:
        assert checksum.sha256 is not None or checksum.crc32c is not None
        if (checksum.sha256 is not None and sha(data) != checksum.sha256) or (
            checksum.crc32c is not None and crc(data) != checksum.crc32c
        ):
            raise ValidationError("checksum mismatch", status_code=422, code="checksum_mismatch")
        self.files[remote] = data
        self.checksums_given.append(checksum)
        return {"path": remote, "size": len(data), "sha256": sha(data)}

    def create(self, remote: str, size: int, part_size: int) -> SessionState:
        upload_id = f"upl-{len(self.sessions) + 1:04x}"
        self.sessions[upload_id] = _Session(remote, size, part_size)
        return self.state(upload_id)

    def state(self, upload_id: str) -> SessionState:
        s = self.sessions[upload_id]
        # Like the API: a part's sha256 is known only when it was sent with one.
        parts = {n: (len(d), s.part_digests[n]) for n, d in s.parts.items()}
        crcs = dict(s.part_crcs) if self.reports_crc32c else {}
        return SessionState(upload_id, s.path, s.size, s.part_size, s.status == "open", parts, crcs)

    def part(self, upload_id: str, number: int, data: bytes, digest: str | None, crc32c: str | None = None) -> None:
        if digest is not None and sha(data) != digest:
            raise ValidationError("part checksum mismatch", status_code=422)
        if crc32c is not None and crc(data) != crc32c:
            raise ValidationError("part CRC32C mismatch", status_code=422)
        self.sessions[upload_id].parts[number] = data
        self.sessions[upload_id].part_digests[number] = digest
        self.sessions[upload_id].part_crcs[number] = crc(data)
        self.part_crc32c_sent[number] = crc32c

    def complete(self, upload_id: str, checksum: Checksum) -> dict[str, Any]:
        s = self.sessions[upload_id]
        count = PartPlan(s.size, s.part_size).count
        missing = [n for n in range(1, count + 1) if n not in s.parts]
        if missing:
            raise ConflictError(f"missing parts {missing}", status_code=409)
        data = b"".join(s.parts[n] for n in range(1, count + 1))
        if self.reject_complete:
            checksum = Checksum(sha256="0" * 64)
        info = self.store(s.path, data, checksum)
        s.status = "completed"
        return info

    def stat(self, remote: str) -> RemoteFile:
        if remote not in self.files:
            raise ResourceNotFoundError(f"{remote} does not exist", status_code=404)
        data = self.files[remote]
        return RemoteFile(remote, len(data), sha(data), f'"{sha(data)}"', crc(data) if self.reports_crc32c else None)

    def slice(self, remote: RemoteFile, start: int, end: int) -> list[bytes]:
        data = self.files[remote.path][start:end]
        if self.corrupt_reads and data:
            data = bytes([data[0] ^ 1]) + data[1:]
        with self.lock:
            self.bytes_served += len(data)
        return [data[i : i + 7 * KiB] for i in range(0, len(data), 7 * KiB)]

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.wait_for_company()

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def wait_for_company(self) -> None:
        deadline = time.monotonic() + 5
        while self.in_flight < self.await_company and time.monotonic() < deadline:
            time.sleep(0.001)
        self.await_company = 0

    def flaky(self, number: int) -> bool:
        with self.lock:
            self.part_attempts[number] = self.part_attempts.get(number, 0) + 1
            return number in self.flaky_parts and self.part_attempts[number] == 1


class SyncFake:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    def stat(self, remote: str) -> RemoteFile:
        return self.s.stat(remote)

    def put(self, remote: str, size: int, checksum: Checksum, body: Callable[[], Iterator[bytes]]) -> dict[str, Any]:
        return self.s.store(remote, self.s.receive(list(body())), checksum)

    def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        return self.s.create(remote, size, part_size)

    def get_session(self, upload_id: str) -> SessionState | None:
        return self.s.state(upload_id) if upload_id in self.s.sessions else None

    def put_part(
        self,
        upload_id: str,
        number: int,
        size: int,
        sha256: str | None,
        body: Callable[[], Iterator[bytes]],
        crc32c: str | None = None,
    ) -> None:
        self.s.enter()
        try:
            if self.s.flaky(number):
                first = body()
                self.s.receive([next(first)[: size // 2]])  # the connection drops; the backend retries
            self.s.part(upload_id, number, self.s.receive(list(body())), sha256, crc32c)
        finally:
            self.s.leave()

    def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> dict[str, Any]:
        return self.s.complete(upload_id, checksum)

    def abort_session(self, upload_id: str) -> None:
        self.s.sessions.pop(upload_id)

    def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], None]) -> None:
        self.s.enter()
        try:
            if start:
                time.sleep(self.s.late_ranges)
            for chunk in self.s.slice(remote, start, end):
                sink(chunk)
        finally:
            self.s.leave()


class AsyncFake:
    def __init__(self, store: FakeStore) -> None:
        self.s = store

    async def stat(self, remote: str) -> RemoteFile:
        return self.s.stat(remote)

    async def put(
        self, remote: str, size: int, checksum: Checksum, body: Callable[[], AsyncIterator[bytes]]
    ) -> dict[str, Any]:
        return self.s.store(remote, self.s.receive([c async for c in body()]), checksum)

    async def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        return self.s.create(remote, size, part_size)

    async def get_session(self, upload_id: str) -> SessionState | None:
        return self.s.state(upload_id) if upload_id in self.s.sessions else None

    async def put_part(
        self,
        upload_id: str,
        number: int,
        size: int,
        sha256: str | None,
        body: Callable[[], AsyncIterator[bytes]],
        crc32c: str | None = None,
    ) -> None:
        self.s.enter()
        try:
            if self.s.flaky(number):
                first = body()
                self.s.receive([(await first.__anext__())[: size // 2]])
                await first.aclose()
            self.s.part(upload_id, number, self.s.receive([c async for c in body()]), sha256, crc32c)
        finally:
            self.s.leave()

    async def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> dict[str, Any]:
        return self.s.complete(upload_id, checksum)

    async def abort_session(self, upload_id: str) -> None:
        self.s.sessions.pop(upload_id)

    async def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], Awaitable[None]]) -> None:
        self.s.enter()
        try:
            if start:
                await asyncio.sleep(self.s.late_ranges)
            for chunk in self.s.slice(remote, start, end):
                await sink(chunk)
        finally:
            self.s.leave()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def config(tmp_path: Path) -> TransferConfig:
    """Small parts so the multipart paths run on small files."""
    return TransferConfig(multipart_threshold=4 * KiB, part_size=4 * KiB, concurrency=3, journal_dir=tmp_path / "j")


def make_file(path: Path, size: int, seed: int = 0) -> bytes:
    data = hashlib.shake_256(f"{seed}".encode()).digest(size) if size else b""
    path.write_bytes(data)
    return data


class Recorder:
    """A progress callback that records every call and can raise once a fraction is reached."""

    def __init__(self, interrupt_at: float | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.interrupt_at = interrupt_at
        self.lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        with self.lock:
            self.calls.append((done, total))
        if self.interrupt_at is not None and done >= self.interrupt_at * total and done < total:
            raise Interrupt(f"stopped at {done}/{total}")

    def assert_monotonic_and_complete(self, total: int) -> None:
        done = [d for d, _ in self.calls]
        assert done == sorted(done), "progress went backwards"
        assert len(set(done)) == len(done), "the same figure was reported twice"
        assert self.calls[-1] == (total, total)
        assert all(t == total for _, t in self.calls)


def tracker_for(size: int, recorder: Recorder | None = None, interval: float = 0.0) -> ProgressTracker:
    return make_tracker(size, progress_callback=recorder, progress=None, description="t", min_interval=interval)


# --------------------------------------------------------------------------- planning and settings


def test_part_plan_cuts_the_file_and_keeps_the_last_part_short() -> None:
    plan = PartPlan(10 * KiB + 1, 4 * KiB)
    parts = list(plan.parts())
    assert [(p.number, p.offset, p.length) for p in parts] == [(1, 0, 4096), (2, 4096, 4096), (3, 8192, 2049)]
    assert plan.count == 3 and parts[-1].end == plan.size
    assert PartPlan(0, 4 * KiB).count == 0


def test_part_plan_grows_parts_rather_than_exceed_the_server_limit() -> None:
    size = 5 * 1024**4  # 5 TiB
    plan = PartPlan.for_size(size, 8 * MiB)
    assert plan.count <= MAX_PARTS and plan.part_size % MiB == 0
    assert PartPlan.for_size(100 * MiB, 8 * MiB).part_size == 8 * MiB


@pytest.mark.parametrize(
    ("size", "part_size", "in_flight", "expected"),
    [
        (1024 * MiB, 16 * MiB, 4, 32 * MiB),  # 4 parts in flight: 1/8 of the file
        (1024 * MiB, 16 * MiB, 2, 64 * MiB),
        (1000 * MiB, 16 * MiB, 4, 16 * MiB),  # whole multiples only: 31.25 MiB rounds down
        (100 * MiB, 16 * MiB, 4, 16 * MiB),  # never below part_size
        (64 * 1024 * MiB, 16 * MiB, 4, 128 * MiB),  # never above 128 MiB
        (64 * 1024 * MiB, 48 * MiB, 4, 96 * MiB),  # nor rounded up past it
        (1024 * MiB, 256 * MiB, 4, 256 * MiB),  # a part_size above the cap is kept
    ],
)
def test_large_files_get_whole_multiples_of_the_part_size(
    size: int, part_size: int, in_flight: int, expected: int
) -> None:
    assert scaled_part_size(size, part_size, in_flight) == expected


def test_a_large_upload_asks_the_server_for_scaled_parts(tmp_path: Path, store: FakeStore) -> None:
    config = TransferConfig(multipart_threshold=4 * KiB, part_size=4 * KiB, concurrency=2, journal_dir=tmp_path)
    data = make_file(tmp_path / "f.bin", 200 * KiB)  # 1/8 of it over 2 parts in flight: 12.5 KiB
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data)))
    (session,) = store.sessions.values()
    assert session.part_size == 12 * KiB, "whole multiples of part_size"
    assert store.files["/f"] == data


@pytest.mark.parametrize(
    "kwargs",
    [
        {"concurrency": 0},
        {"concurrency": True},
        {"part_size": 10},
        {"part_size": 600 * MiB},
        {"multipart_threshold": -1},
        {"progress_interval": -1},
        {"progress_interval": float("nan")},
    ],
)
def test_transfer_config_refuses_bad_settings(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        TransferConfig(**kwargs)
    assert next(iter(kwargs)) in str(info.value)


def test_journal_folder_follows_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert TransferConfig().upload_journal_dir() == tmp_path / "vantage-sdk" / "uploads"
    assert TransferConfig(journal_dir=tmp_path / "x").upload_journal_dir() == tmp_path / "x"


def test_file_sha256_reads_in_chunks() -> None:
    data = os.urandom(CHUNK_SIZE * 2 + 5)
    assert file_sha256(io.BytesIO(data)) == sha(data)
    assert file_sha256(io.BytesIO(data), 10) == sha(data[:10])


# --------------------------------------------------------------------------- progress


def test_progress_is_throttled_but_always_reports_the_end() -> None:
    now = [0.0]
    seen: list[int] = []
    tracker = ProgressTracker(1000, sinks=[_Sink(seen)], min_interval=0.1, clock=lambda: now[0])
    for _ in range(99):
        tracker.add(10)  # 99 updates within the same instant
    assert seen == [10]
    now[0] = 0.2
    tracker.add(5)
    assert seen == [10, 995]
    tracker.add(5)  # reaching the total is always reported, however soon
    assert seen == [10, 995, 1000]
    tracker.finish()
    assert seen == [10, 995, 1000], "the final figure is not repeated"


@dataclass
class _Sink:
    seen: list[int]
    closed: bool = False

    def update(self, progress: Any) -> None:
        self.seen.append(progress.bytes_done)

    def close(self) -> None:
        self.closed = True


def test_a_retried_part_never_moves_progress_back() -> None:
    seen: list[int] = []
    tracker = ProgressTracker(100, sinks=[_Sink(seen)], min_interval=0)
    meter = PartMeter(tracker)
    meter.sent(30)
    meter.restart()
    meter.sent(10)
    meter.sent(10)
    meter.sent(30)
    assert seen == [30, 50]
    meter.sent(50)
    assert seen == [30, 50, 100]


def test_progress_of_an_empty_transfer_calls_nobody() -> None:
    recorder = Recorder()
    tracker = tracker_for(0, recorder)
    tracker.add(0)
    tracker.finish()
    assert recorder.calls == []


def test_progress_from_many_threads_is_monotonic() -> None:
    recorder = Recorder()
    tracker = tracker_for(8 * 1000, recorder)

    def work() -> None:
        for _ in range(1000):
            tracker.add(1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorder.assert_monotonic_and_complete(8000)


def test_progress_adapters_fail_clearly_when_their_package_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(
        ImportError, match=r"progress='tqdm' needs the optional package 'tqdm'.*vantage-sdk\[progress\]"
    ):
        make_tracker(10, progress_callback=None, progress="tqdm", description="x")
    with pytest.raises(ValidationError, match="progress"):
        make_tracker(10, progress_callback=None, progress="bar", description="x")
    with pytest.raises(ValidationError, match="progress_callback"):
        make_tracker(10, progress_callback=42, progress=None, description="x")  # type: ignore[arg-type]


def test_rich_adapter_shows_bytes_and_files() -> None:
    pytest.importorskip("rich")
    tracker = make_tracker(2048, progress_callback=None, progress="rich", description="up", files_total=2)
    tracker.add(1024)
    tracker.file_finished()
    tracker.add(1024)
    tracker.file_finished()
    sink = tracker._sinks[0]
    task = sink._progress.tasks[0]  # type: ignore[attr-defined]
    assert (task.completed, task.total, task.fields["files"]) == (2048, 2048, "2/2 files")
    tracker.close()


def test_tqdm_adapter_shows_bytes() -> None:
    pytest.importorskip("tqdm")
    tracker = make_tracker(4096, progress_callback=None, progress="tqdm", description="up")
    tracker.add(1000)
    tracker.add(3096)
    bar = tracker._sinks[0]._bar  # type: ignore[attr-defined]
    assert (bar.n, bar.total) == (4096, 4096)
    tracker.close()


# --------------------------------------------------------------------------- journals


def test_journal_round_trip_and_stale_identity(tmp_path: Path) -> None:
    journal = upload_journal(tmp_path, Path("/data/a.bin"), "/datasets/a.bin", 10, 1)
    assert journal.load() is None
    journal.save({"upload_id": "upl-1"})
    assert journal.load() == {"upload_id": "upl-1"}
    assert not list(tmp_path.glob("*.tmp")), "the atomic write leaves no scratch file"
    changed = upload_journal(tmp_path, Path("/data/a.bin"), "/datasets/a.bin", 10, 2)
    assert changed.path != journal.path and changed.load() is None
    # Same file name but another identity (a hash collision, or a hand-edited file): ignored.
    assert Journal(journal.path, {"other": 1}).load() is None
    journal.path.write_text("{not json")
    assert journal.load() is None
    journal.path.write_text(json.dumps({"version": 99}))
    assert journal.load() is None
    journal.remove()
    journal.remove()
    assert not journal.path.exists()


# --------------------------------------------------------------------------- uploads


@pytest.mark.parametrize("size", [0, 1, 4 * KiB, 4 * KiB + 1, 37 * KiB + 3])
def test_upload_round_trip_small_and_multipart(
    tmp_path: Path, store: FakeStore, config: TransferConfig, size: int
) -> None:
    data = make_file(tmp_path / "f.bin", size)
    recorder = Recorder()
    info = upload_sync(
        SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/d/f.bin", config, tracker_for(size, recorder)
    )
    assert store.files["/d/f.bin"] == data and info["sha256"] == sha(data)
    multipart = size > config.multipart_threshold
    assert bool(store.sessions) == multipart
    if size:
        recorder.assert_monotonic_and_complete(size)
    assert not list((tmp_path / "j").glob("*.json")) if multipart else True
    assert store.max_chunk <= CHUNK_SIZE


def test_upload_parts_stream_from_disk_in_bounded_chunks(tmp_path: Path, store: FakeStore) -> None:
    config = TransferConfig(multipart_threshold=MiB, part_size=3 * MiB, concurrency=2, journal_dir=tmp_path)
    data = make_file(tmp_path / "f.bin", 7 * MiB + 5)
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data)))
    assert store.files["/f"] == data
    assert store.max_chunk <= CHUNK_SIZE, "a part is never handed over whole"
    assert 1 <= store.max_in_flight <= 2


def test_upload_sends_parts_concurrently_up_to_the_limit(tmp_path: Path, store: FakeStore) -> None:
    config = TransferConfig(multipart_threshold=KiB, part_size=KiB, concurrency=4, journal_dir=tmp_path)
    make_file(tmp_path / "f.bin", 40 * KiB)
    store.await_company = 4
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB))
    assert store.max_in_flight == 4


def test_a_part_retried_after_a_broken_connection_keeps_progress_monotonic(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = make_file(tmp_path / "f.bin", 40 * KiB)
    store.flaky_parts = {1, 3, 10}
    recorder = Recorder()
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data), recorder))
    assert store.files["/f"] == data
    assert store.bytes_received == len(data) + 3 * 2 * KiB, "three half parts were lost and sent again"
    recorder.assert_monotonic_and_complete(len(data))


def test_interrupted_upload_resumes_and_sends_only_missing_parts(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = make_file(tmp_path / "f.bin", 400 * KiB)
    source = Source.from_path(tmp_path / "f.bin")
    with pytest.raises(Interrupt):
        upload_sync(SyncFake(store), source, "/f", config, tracker_for(len(data), Recorder(interrupt_at=0.5)))
    assert "/f" not in store.files
    assert len(list((tmp_path / "j").glob("*.json"))) == 1, "the journal survives the interruption"

    store.bytes_received = 0
    recorder = Recorder()
    tracker = tracker_for(len(data), recorder)
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker)
    assert store.files["/f"] == data
    assert len(store.sessions) == 1, "the same session was resumed"
    assert store.bytes_received < 0.6 * len(data)
    # The parts the server held are reported as resumed, not as sent (a rate counts only what was sent).
    assert tracker.bytes_resumed == len(data) - store.bytes_received > 0
    recorder.assert_monotonic_and_complete(len(data))
    assert not list((tmp_path / "j").glob("*.json")), "the journal is removed on success"


def test_a_new_upload_prunes_journals_of_uploads_abandoned_long_ago(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    journals = tmp_path / "j"
    journals.mkdir()
    week_and_a_day = time.time() - 8 * 24 * 3600
    old = [journals / "old.json", journals / "old.json.tmp"]
    recent, unrelated = journals / "recent.json", journals / "notes.txt"
    for path in (*old, recent, unrelated):
        path.write_text("{}")
    for path in (*old, unrelated):
        os.utime(path, (week_and_a_day, week_and_a_day))

    data = make_file(tmp_path / "f.bin", 40 * KiB)
    with pytest.raises(Interrupt):
        upload_sync(
            SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data), Recorder(0.5))
        )
    assert not any(path.exists() for path in old)
    assert recent.exists() and unrelated.exists()
    assert len(list(journals.glob("*.json"))) == 2, "the new upload's own journal is kept"
    assert prune_journals(tmp_path / "missing") == 0


def test_resume_starts_over_when_the_server_forgot_the_session(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = make_file(tmp_path / "f.bin", 40 * KiB)
    with pytest.raises(Interrupt):
        upload_sync(
            SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data), Recorder(0.5))
        )
    store.sessions.clear()
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data)))
    assert store.files["/f"] == data


@pytest.mark.parametrize("reports_crc32c", [True, False], ids=["server-crc32c", "no-part-checksums"])
def test_a_file_rewritten_with_its_size_and_mtime_kept_is_sent_again_in_a_new_session(
    tmp_path: Path, store: FakeStore, config: TransferConfig, reports_crc32c: bool
) -> None:
    store.reports_crc32c = reports_crc32c
    make_file(tmp_path / "f.bin", 40 * KiB)
    mtime = (tmp_path / "f.bin").stat().st_mtime_ns
    with pytest.raises(Interrupt):
        upload_sync(
            SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB, Recorder(0.5))
        )
    # The journal cannot tell; the server's check of the whole file can.
    data = make_file(tmp_path / "f.bin", 40 * KiB, seed=1)
    os.utime(tmp_path / "f.bin", ns=(mtime, mtime))
    held = sum(len(part) for part in store.sessions["upl-0001"].parts.values())
    assert held, "the interrupted upload left parts to resume from"
    store.bytes_received = 0
    recorder = Recorder()
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB, recorder))
    assert store.files["/f"] == data
    if reports_crc32c:
        # The held parts' CRC32C differ from the new bytes': they are sent again, in the same session.
        assert store.bytes_received == 40 * KiB and len(store.sessions) == 1
    else:
        # The resumed session (missing parts sent, completion refused, aborted), then all of it anew.
        assert store.bytes_received == 40 * KiB - held + 40 * KiB
    recorder.assert_monotonic_and_complete(40 * KiB)


@pytest.mark.parametrize("reports_crc32c", [True, False], ids=["server-crc32c", "no-part-checksums"])
async def test_async_file_rewritten_with_its_size_and_mtime_kept_is_sent_again_in_a_new_session(
    tmp_path: Path, store: FakeStore, config: TransferConfig, reports_crc32c: bool
) -> None:
    store.reports_crc32c = reports_crc32c
    make_file(tmp_path / "f.bin", 40 * KiB)
    mtime = (tmp_path / "f.bin").stat().st_mtime_ns
    with pytest.raises(Interrupt):
        await upload_async(
            AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB, Recorder(0.5))
        )
    data = make_file(tmp_path / "f.bin", 40 * KiB, seed=1)
    os.utime(tmp_path / "f.bin", ns=(mtime, mtime))
    held = sum(len(part) for part in store.sessions["upl-0001"].parts.values())
    store.bytes_received = 0
    await upload_async(AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB))
    assert store.files["/f"] == data
    if reports_crc32c:
        assert held and store.bytes_received == 40 * KiB and len(store.sessions) == 1
    else:
        assert held and store.bytes_received == 40 * KiB - held + 40 * KiB


def test_a_changed_file_is_not_resumed_into_the_old_session(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    make_file(tmp_path / "f.bin", 40 * KiB)
    with pytest.raises(Interrupt):
        upload_sync(
            SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB, Recorder(0.5))
        )
    data = make_file(tmp_path / "f.bin", 40 * KiB, seed=1)
    os.utime(tmp_path / "f.bin", ns=(1, 1))
    upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(40 * KiB))
    assert store.files["/f"] == data
    assert len(store.sessions) == 2


def test_server_checksum_refusal_is_an_integrity_error_naming_the_file(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    make_file(tmp_path / "f.bin", 20 * KiB)
    store.reject_complete = True
    with pytest.raises(IntegrityError, match=r"f\.bin.*/f"):
        upload_sync(SyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(20 * KiB))
    assert not store.sessions, "a session that cannot complete is aborted"
    assert not list((tmp_path / "j").glob("*.json"))


def test_a_file_changed_during_upload_is_reported(tmp_path: Path, store: FakeStore, config: TransferConfig) -> None:
    make_file(tmp_path / "f.bin", 20 * KiB)
    source = Source.from_path(tmp_path / "f.bin")
    (tmp_path / "f.bin").write_bytes(b"x" * 10)
    with pytest.raises(TransferError, match="shrank|changed"):
        upload_sync(SyncFake(store), source, "/f", config, tracker_for(20 * KiB))
    assert "/f" not in store.files


def test_upload_of_in_memory_bytes_uses_parts_without_a_journal(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = os.urandom(30 * KiB)
    upload_sync(SyncFake(store), Source.from_bytes(data), "/s", config, tracker_for(len(data)))
    assert store.files["/s"] == data and store.sessions
    assert not (tmp_path / "j").exists()


@pytest.mark.parametrize("size", [0, 3 * KiB, 41 * KiB])
async def test_async_upload_round_trip(tmp_path: Path, store: FakeStore, config: TransferConfig, size: int) -> None:
    data = make_file(tmp_path / "f.bin", size)
    store.flaky_parts = {2}
    recorder = Recorder()
    await upload_async(
        AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(size, recorder)
    )
    assert store.files["/f"] == data
    if size:
        recorder.assert_monotonic_and_complete(size)
    assert store.max_in_flight <= config.concurrency


async def test_async_upload_resumes_after_interruption(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = make_file(tmp_path / "f.bin", 400 * KiB)
    with pytest.raises(Interrupt):  # the callback's own exception, not an ExceptionGroup
        await upload_async(
            AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data), Recorder(0.5))
        )
    store.bytes_received = 0
    await upload_async(AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(len(data)))
    assert store.files["/f"] == data
    assert store.bytes_received < 0.6 * len(data)


async def test_async_upload_integrity_error(tmp_path: Path, store: FakeStore, config: TransferConfig) -> None:
    make_file(tmp_path / "f.bin", 20 * KiB)
    store.reject_complete = True
    with pytest.raises(IntegrityError, match="f.bin"):
        await upload_async(AsyncFake(store), Source.from_path(tmp_path / "f.bin"), "/f", config, tracker_for(20 * KiB))


# --------------------------------------------------------------------------- downloads


@pytest.mark.parametrize("size", [0, 1, 4 * KiB, 4 * KiB + 1, 45 * KiB + 7])
def test_download_round_trip_small_and_ranged(
    tmp_path: Path, store: FakeStore, config: TransferConfig, size: int
) -> None:
    data = os.urandom(size)
    store.files["/f"] = data
    dest = tmp_path / "out.bin"
    recorder = Recorder()
    download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(size, recorder))
    assert dest.read_bytes() == data
    temp, journal = download_temp_paths(dest, "/f")
    assert not temp.exists() and not journal.exists()
    if size:
        recorder.assert_monotonic_and_complete(size)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_hashing_never_reads_ahead_into_a_range_still_arriving(
    tmp_path: Path, store: FakeStore, mode: str
) -> None:
    # Ranges smaller than a read buffer: the hash of range 1 must not cache range 2 before it lands
    # (sha256 reads every range back; CRC32C reads back only ranges of an earlier run).
    config = TransferConfig(
        multipart_threshold=KiB, part_size=KiB, concurrency=2, journal_dir=tmp_path, verify="sha256"
    )
    data = os.urandom(5 * KiB + 7)
    store.files["/f"] = data
    store.late_ranges = 0.05
    if mode == "sync":
        download_sync(SyncFake(store), store.stat("/f"), tmp_path / "o", config, tracker_for(len(data)))
    else:
        await download_async(AsyncFake(store), store.stat("/f"), tmp_path / "o", config, tracker_for(len(data)))
    assert (tmp_path / "o").read_bytes() == data


@pytest.mark.parametrize(
    ("verify", "reports_crc32c", "named"),
    [("crc32c", True, "CRC32C"), ("sha256", True, "sha256"), ("crc32c", False, "sha256")],
    ids=["crc32c", "sha256-asked", "crc32c-asked-but-server-has-none"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_corrupted_download_leaves_nothing_behind(
    tmp_path: Path, store: FakeStore, mode: str, verify: Verify, reports_crc32c: bool, named: str
) -> None:
    config = TransferConfig(multipart_threshold=4 * KiB, part_size=4 * KiB, concurrency=3, verify=verify)
    store.files["/f"] = os.urandom(20 * KiB)
    store.corrupt_reads = True
    store.reports_crc32c = reports_crc32c
    dest = tmp_path / "out.bin"
    with pytest.raises(IntegrityError, match=rf"out\.bin.*{named}"):
        if mode == "sync":
            download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(20 * KiB))
        else:
            await download_async(AsyncFake(store), store.stat("/f"), dest, config, tracker_for(20 * KiB))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(IntegrityError, match=named):
        read_all_sync(SyncFake(store), store.stat("/f"), tracker_for(20 * KiB), verify)


@pytest.mark.parametrize("verify", ["crc32c", "sha256"])
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_upload_parts_carry_their_crc32c_only_when_verifying_by_crc32c(
    tmp_path: Path, store: FakeStore, mode: str, verify: Verify
) -> None:
    config = TransferConfig(multipart_threshold=4 * KiB, part_size=4 * KiB, journal_dir=tmp_path / "j", verify=verify)
    data = make_file(tmp_path / "f.bin", 10 * KiB + 3)
    source = Source.from_path(tmp_path / "f.bin")
    if mode == "sync":
        upload_sync(SyncFake(store), source, "/f", config, tracker_for(len(data)))
    else:
        await upload_async(AsyncFake(store), source, "/f", config, tracker_for(len(data)))
    assert store.files["/f"] == data
    parts = [data[i : i + 4 * KiB] for i in range(0, len(data), 4 * KiB)]
    expected = {n: crc(part) if verify == "crc32c" else None for n, part in enumerate(parts, 1)}
    assert store.part_crc32c_sent == expected
    # The completion is checked against the whole file's CRC32C (combined from the parts') or its sha256.
    whole = Checksum(crc32c=crc(data)) if verify == "crc32c" else Checksum(sha256=sha(data))
    assert store.checksums_given == [whole]
    small = make_file(tmp_path / "small.bin", 100)
    if mode == "sync":
        upload_sync(SyncFake(store), Source.from_path(tmp_path / "small.bin"), "/s", config, tracker_for(100))
    else:
        await upload_async(AsyncFake(store), Source.from_path(tmp_path / "small.bin"), "/s", config, tracker_for(100))
    small_whole = Checksum(crc32c=crc(small)) if verify == "crc32c" else Checksum(sha256=sha(small))
    assert store.checksums_given[-1] == small_whole


@pytest.mark.parametrize(("first", "second"), [(0, 0), (1, 0), (0, 5), (7, 13), (1000, 65536), (3, 1 << 20)])
def test_crc32c_combine_equals_the_crc32c_of_the_joined_bytes(first: int, second: int) -> None:
    a, b = os.urandom(first), os.urandom(second)
    assert checksum.combine(google_crc32c.value(a), google_crc32c.value(b), second) == google_crc32c.value(a + b)
    assert checksum.encode(google_crc32c.value(a + b)) == crc(a + b)
    assert checksum.decode(crc(a + b)) == google_crc32c.value(a + b)
    assert checksum.decode("not base64!") is None and checksum.decode("AAAA") is None


def test_transfer_config_refuses_an_unknown_verify() -> None:
    with pytest.raises(ValidationError, match="verify"):
        TransferConfig(verify="md5")  # type: ignore[arg-type]


def test_a_failed_download_keeps_the_existing_destination(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    store.files["/f"] = os.urandom(20 * KiB)
    store.corrupt_reads = True
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"previous")
    with pytest.raises(IntegrityError):
        download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(20 * KiB))
    assert dest.read_bytes() == b"previous"


def test_interrupted_download_resumes_from_the_temp_file(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    data = os.urandom(400 * KiB)
    store.files["/f"] = data
    dest = tmp_path / "out.bin"
    with pytest.raises(Interrupt):
        download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(len(data), Recorder(0.5)))
    temp, journal = download_temp_paths(dest, "/f")
    assert not dest.exists() and temp.exists() and journal.exists()

    store.bytes_served = 0
    recorder = Recorder()
    tracker = tracker_for(len(data), recorder)
    download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker)
    assert dest.read_bytes() == data
    assert store.bytes_served < 0.6 * len(data)
    assert tracker.bytes_resumed == len(data) - store.bytes_served > 0
    recorder.assert_monotonic_and_complete(len(data))
    assert not temp.exists() and not journal.exists()


def test_download_restarts_when_the_remote_file_changed(
    tmp_path: Path, store: FakeStore, config: TransferConfig
) -> None:
    store.files["/f"] = os.urandom(40 * KiB)
    dest = tmp_path / "out.bin"
    with pytest.raises(Interrupt):
        download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(40 * KiB, Recorder(0.5)))
    store.files["/f"] = new = os.urandom(40 * KiB)
    store.bytes_served = 0
    download_sync(SyncFake(store), store.stat("/f"), dest, config, tracker_for(40 * KiB))
    assert dest.read_bytes() == new and store.bytes_served == len(new)


def test_download_of_a_missing_file_cleans_up(tmp_path: Path, store: FakeStore, config: TransferConfig) -> None:
    store.files["/f"] = os.urandom(20 * KiB)
    remote = store.stat("/f")
    del store.files["/f"]
    dest = tmp_path / "out.bin"
    with pytest.raises(KeyError):
        download_sync(SyncFake(store), remote, dest, config, tracker_for(20 * KiB))
    assert not dest.exists()


@pytest.mark.parametrize("size", [0, 3 * KiB, 45 * KiB])
async def test_async_download_round_trip(tmp_path: Path, store: FakeStore, config: TransferConfig, size: int) -> None:
    data = os.urandom(size)
    store.files["/f"] = data
    recorder = Recorder()
    await download_async(AsyncFake(store), store.stat("/f"), tmp_path / "o", config, tracker_for(size, recorder))
    assert (tmp_path / "o").read_bytes() == data
    if size:
        recorder.assert_monotonic_and_complete(size)


async def test_async_download_resume_and_integrity(tmp_path: Path, store: FakeStore, config: TransferConfig) -> None:
    data = os.urandom(400 * KiB)
    store.files["/f"] = data
    dest = tmp_path / "o"
    with pytest.raises(Interrupt):
        await download_async(AsyncFake(store), store.stat("/f"), dest, config, tracker_for(len(data), Recorder(0.5)))
    assert not dest.exists()
    store.bytes_served = 0
    await download_async(AsyncFake(store), store.stat("/f"), dest, config, tracker_for(len(data)))
    assert dest.read_bytes() == data and store.bytes_served < 0.6 * len(data)

    store.corrupt_reads = True
    with pytest.raises(IntegrityError):
        await download_async(AsyncFake(store), store.stat("/f"), tmp_path / "p", config, tracker_for(len(data)))
    assert not (tmp_path / "p").exists() and not download_temp_paths(tmp_path / "p", "/f")[0].exists()


async def test_read_all_verifies(store: FakeStore) -> None:
    store.files["/f"] = b"hello"
    assert read_all_sync(SyncFake(store), store.stat("/f"), tracker_for(5)) == b"hello"
    assert await read_all_async(AsyncFake(store), store.stat("/f"), tracker_for(5)) == b"hello"
    store.corrupt_reads = True
    with pytest.raises(IntegrityError, match="/f"):
        read_all_sync(SyncFake(store), store.stat("/f"), tracker_for(5))
    with pytest.raises(IntegrityError, match="/f"):
        await read_all_async(AsyncFake(store), store.stat("/f"), tracker_for(5))


# --------------------------------------------------------------------------- sources


def test_source_refuses_bad_local_paths(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        Source.from_path(tmp_path / "missing.txt")
    with pytest.raises(ValidationError, match="is a directory.*upload_directory"):
        Source.from_path(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ValidationError, match="not a regular file"):
        Source.from_path(fifo)
