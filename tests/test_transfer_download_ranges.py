"""How many ranges a download keeps in flight (``RangeLimit``), driven by fake clocks.

A download starts with two ranges in parallel; while the process keeps the CPUs busy (a fast
server on loopback) the limit halves, down to one, and one request then fetches the rest (each
part still journaled on its own); while it leaves them idle (waiting for the network) it grows, up
to ``TransferConfig.concurrency``. Ranges always start in file order.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from vantage_sdk._exceptions import TransferError
from vantage_sdk._transfer import RemoteFile, TransferConfig, _download, download_async, download_sync, make_tracker
from vantage_sdk._transfer._ranges import RangeLimit

KiB = 1024


def fake_clocks(cpu_share: float, step: float = 1.0) -> dict[str, Callable[[], float]]:
    """A wall clock advancing ``step`` s per reading; a CPU clock advancing ``cpu_share * step`` s per reading."""
    wall = itertools.count(0.0, step)
    cpu = itertools.count(0.0, cpu_share * step)
    return {"clock": lambda: next(wall), "cpu_clock": lambda: next(cpu)}


class Server:
    """Serves one file's ranges in 700-byte chunks; records each request and how many were in flight."""

    def __init__(self, data: bytes, *, chunk_delay: float = 0.0) -> None:
        self.data = data
        self.remote = RemoteFile("/f", len(data), hashlib.sha256(data).hexdigest(), None)
        self.chunk_delay = chunk_delay  # seconds before each chunk (a slow network)
        self.fail_at: int | None = None  # a range reaching this offset raises there
        self.failure: type[Exception] = TransferError
        self.lock = threading.Lock()
        self.in_flight = 0
        self.starts: list[tuple[int, int]] = []  # (offset, ranges in flight including this one)
        self.ends: list[int] = []  # where each request asked to end, in the order of ``starts``

    def enter(self, start: int, end: int) -> None:
        with self.lock:
            self.in_flight += 1
            self.starts.append((start, self.in_flight))
            self.ends.append(end)

    def chunks(self, start: int, end: int) -> Iterator[bytes]:
        """The range in 700-byte chunks (not aligned to the parts), raising where ``fail_at`` says."""
        for offset in range(start, end, 700):
            if self.fail_at is not None and offset <= self.fail_at < offset + 700:
                yield self.data[offset : self.fail_at]
                raise self.failure(f"range broke at {self.fail_at}")
            yield self.data[offset : min(offset + 700, end)]

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


class SyncServer:
    def __init__(self, server: Server) -> None:
        self.s = server

    def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], None]) -> None:
        self.s.enter(start, end)
        try:
            for chunk in self.s.chunks(start, end):
                time.sleep(self.s.chunk_delay)
                sink(chunk)
        finally:
            self.s.leave()


class AsyncServer:
    def __init__(self, server: Server) -> None:
        self.s = server

    async def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], Awaitable[None]]) -> None:
        self.s.enter(start, end)
        try:
            for chunk in self.s.chunks(start, end):
                await asyncio.sleep(self.s.chunk_delay)
                await sink(chunk)
        finally:
            self.s.leave()


async def download(server: Server, dest: Path, config: TransferConfig, mode: str) -> list[tuple[int, int]]:
    """Download the server's file to ``dest``; return the progress reports."""
    seen: list[tuple[int, int]] = []
    tracker = make_tracker(
        len(server.data),
        progress_callback=lambda done, total: seen.append((done, total)),
        progress=None,
        description="t",
        min_interval=0.0,
    )
    if mode == "sync":
        download_sync(SyncServer(server), server.remote, dest, config, tracker)  # type: ignore[arg-type]
    else:
        await download_async(AsyncServer(server), server.remote, dest, config, tracker)  # type: ignore[arg-type]
    return seen


def keep_the_cpus_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Downloads see their process keep 90% of one CPU busy (a fast server): the limit falls to one."""
    monkeypatch.setattr(_download, "new_range_limit", lambda ceiling: RangeLimit(ceiling, 1, **fake_clocks(0.9)))


def ranged(tmp_path: Path, concurrency: int = 4) -> TransferConfig:
    return TransferConfig(multipart_threshold=KiB, part_size=KiB, concurrency=concurrency, journal_dir=tmp_path)


def test_a_download_starts_with_one_range_within_the_ceiling() -> None:
    assert RangeLimit(4, cpus=2).value == 1
    assert RangeLimit(1, cpus=8).value == 1


@pytest.mark.parametrize(
    ("cpu_share", "limits"),
    [
        (1.9, [1, 1, 1]),  # the process keeps 95% of both CPUs busy: halve, never below one
        (0.7, [1, 1, 1]),  # 35%: keep
        (0.2, [2, 3, 4, 4]),  # 10% (waiting for the network): one more, never above the ceiling
    ],
)
def test_the_limit_halves_while_the_cpus_are_busy_and_grows_while_they_idle(
    cpu_share: float, limits: list[int]
) -> None:
    limit = RangeLimit(4, cpus=2, **fake_clocks(cpu_share))
    assert [limit.adapt() for _ in limits] == limits


def test_the_limit_halves_from_where_it_grew() -> None:
    shares = itertools.chain([0.0] * 3, itertools.repeat(1.9))
    cpu = itertools.accumulate(shares, initial=0.0)
    limit = RangeLimit(4, cpus=2, clock=itertools.count(0.0, 1.0).__next__, cpu_clock=cpu.__next__)
    assert [limit.adapt() for _ in range(5)] == [2, 3, 4, 2, 1]


def test_the_limit_changes_only_after_a_quarter_second_of_measurement() -> None:
    limit = RangeLimit(4, cpus=1, **fake_clocks(0.0, step=0.1))
    assert [limit.adapt() for _ in range(4)] == [1, 1, 2, 2]


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_download_that_keeps_the_cpus_busy_fetches_the_file_with_one_request(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Like a fast server on loopback: more ranges would only cost the server more requests and the
    # CPUs more receiving threads.
    keep_the_cpus_busy(monkeypatch)
    server = Server(os.urandom(30 * KiB + 5))
    seen = await download(server, tmp_path / "o", ranged(tmp_path), mode)
    assert (tmp_path / "o").read_bytes() == server.data
    assert server.starts == [(0, 1)] and server.ends == [len(server.data)], "one request, for the whole file"
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1] == (len(server.data),) * 2


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_request_for_many_parts_journals_each_so_a_rerun_fetches_only_the_rest(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_the_cpus_busy(monkeypatch)
    server = Server(os.urandom(30 * KiB + 5))
    server.fail_at, server.failure = 20 * KiB + 300, ConnectionError  # mid-part, in the request for the rest
    with pytest.raises(ConnectionError, match="range broke at 20780"):
        await download(server, tmp_path / "o", ranged(tmp_path), mode)
    assert server.ends[-1] == len(server.data), "the request that broke was the one for the rest"
    server.fail_at, server.starts, server.ends = None, [], []
    await download(server, tmp_path / "o", ranged(tmp_path), mode)
    assert (tmp_path / "o").read_bytes() == server.data
    assert min(offset for offset, _ in server.starts) == 20 * KiB, "the parts before the break were journaled"


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_download_waiting_for_the_network_adds_ranges_up_to_concurrency(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The request for the whole file stops at the first part another worker took; from then on
    # each range is one request, up to ``concurrency`` at once.
    monkeypatch.setattr(_download, "new_range_limit", lambda ceiling: RangeLimit(ceiling, 1, **fake_clocks(0.05)))
    server = Server(os.urandom(30 * KiB + 5), chunk_delay=0.002)
    await download(server, tmp_path / "o", ranged(tmp_path, concurrency=3), mode)
    assert (tmp_path / "o").read_bytes() == server.data
    requests = sorted(zip((offset for offset, _ in server.starts), server.ends, strict=True))
    assert requests[0] == (0, len(server.data)), "first, one request for the whole file"
    first_taken = requests[1][0] // KiB
    assert first_taken >= 1
    assert requests[1:] == [(n * KiB, min((n + 1) * KiB, len(server.data))) for n in range(first_taken, 31)], (
        "then each range the first request did not reach, once, one request each"
    )
    assert max(n for _, n in server.starts) == 3, "up to concurrency, never more"


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_range_failing_after_the_limit_dropped_fails_the_download(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one worker left fails: the download ends with its error, not waiting for ranges nobody fetches.
    keep_the_cpus_busy(monkeypatch)
    server = Server(os.urandom(30 * KiB + 5))
    server.fail_at = 20 * KiB
    with pytest.raises(TransferError, match="range broke at 20480"):
        await download(server, tmp_path / "o", ranged(tmp_path), mode)
    assert not (tmp_path / "o").exists()
    last_start, last_end = server.starts[-1][0], server.ends[-1]
    assert last_start < 20 * KiB < last_end == len(server.data), "the request for the rest failed, and was the last"
