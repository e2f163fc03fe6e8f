"""Downloads: streamed into a temporary file beside the destination, verified, then renamed.

Files above the multipart threshold are fetched as parallel byte ranges written at their offsets;
smaller ones as one range. While workers fetch, the caller hashes the temporary file front to back
as soon as each next range is complete, so the sha256 is ready when the last byte lands. Only a
file whose size and sha256 match the server's is renamed onto the destination; a mismatch deletes
it and raises ``IntegrityError``. A journal beside the temporary file lists the finished ranges,
so an interrupted download re-run with the same arguments fetches only the rest.

``DownloadJob`` holds every decision; ``download_sync`` and ``download_async`` only do the I/O.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import anyio
import anyio.to_thread

from vantage_sdk._exceptions import IntegrityError, ResourceNotFoundError, TransferError
from vantage_sdk._transfer._backend import AsyncBackend, RemoteFile, SyncBackend
from vantage_sdk._transfer._common import StopFlag, unwrap_task_group_errors
from vantage_sdk._transfer._journal import Journal, download_temp_paths
from vantage_sdk._transfer._plan import CHUNK_SIZE, MiB, Part, PartPlan, TransferConfig
from vantage_sdk._transfer._progress import ProgressTracker

__all__ = ["DownloadJob", "download_async", "download_sync", "read_all_async", "read_all_sync"]

InfoT = TypeVar("InfoT")

_MAX_RANGE = 64 * MiB


def _hash_range(reader: BinaryIO, part: Part, digest: hashlib._Hash) -> None:
    reader.seek(part.offset)
    remaining = part.length
    while remaining > 0:
        chunk = reader.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            raise TransferError(f"{reader.name}: the temporary file was truncated during the download")
        digest.update(chunk)
        remaining -= len(chunk)


def verify(remote: RemoteFile, size: int, digest: str, label: str) -> None:
    """Raise ``IntegrityError`` naming ``label`` unless ``size``/``digest`` are the remote file's.

    Example:
        >>> verify(RemoteFile("/a", 3, "ba78...", None), 3, "ba78...", "a.txt")
    """
    if size != remote.size:
        raise IntegrityError(f"{label}: got {size} bytes of {remote.path}, expected {remote.size}")
    if remote.sha256 is not None and digest != remote.sha256:
        raise IntegrityError(
            f"{label}: the bytes of {remote.path} do not match its sha256 (expected {remote.sha256}, got {digest})"
        )


class DownloadJob:
    """The plan and bookkeeping of one download, shared by the sync and async paths."""

    def __init__(
        self,
        remote: RemoteFile,
        dest: Path,
        config: TransferConfig,
        tracker: ProgressTracker,
        cancel: StopFlag | None = None,
    ) -> None:
        self.remote = remote
        self.dest = dest
        self.tracker = tracker
        self.temp, journal_path = download_temp_paths(dest)
        self.journal = Journal(
            journal_path, {"remote": remote.path, "size": remote.size, "sha256": remote.sha256, "etag": remote.etag}
        )
        if remote.size > config.multipart_threshold:
            # Each range costs the server a request, so big files get ranges of up to 64 MiB; but the
            # ranges in flight (lost if the process dies) stay within 1/16 of the file.
            ranged = max(config.part_size, min(_MAX_RANGE, remote.size // (config.concurrency * 16)))
            self.plan = PartPlan.for_size(remote.size, ranged)
        else:
            self.plan = PartPlan(remote.size, max(remote.size, 1))
        self.concurrency = config.concurrency
        self.done: set[int] = set()
        self.stop = StopFlag(cancel)
        self._lock = threading.Lock()

    def prepare(self) -> list[Part]:
        """Set up the temporary file (keeping what an earlier run finished); return the parts to fetch."""
        state = self.journal.load()
        done: set[int] = set()
        if state and state.get("part_size") == self.plan.part_size and self._temp_size() == self.remote.size:
            done = {n for n in state.get("done", []) if isinstance(n, int) and 1 <= n <= self.plan.count}
        if not done:
            with self.temp.open("wb") as fresh:
                fresh.truncate(self.remote.size)
        self.done = done
        self._save()
        self.tracker.add(sum(self.plan.part(n).length for n in done))
        return [p for p in self.plan.parts() if p.number not in done]

    def hash_reader(self) -> BinaryIO:
        """A reader for hashing the temporary file while workers still write it.

        Unbuffered: a buffered reader reads ahead, and would serve bytes of the next range as they
        were before that range arrived (zeros) once the hash moves on to it.
        """
        return self.temp.open("rb", buffering=0)

    def _temp_size(self) -> int | None:
        try:
            return self.temp.stat().st_size
        except OSError:
            return None

    def _save(self) -> None:
        self.journal.save({"part_size": self.plan.part_size, "done": sorted(self.done)})

    def part_done(self, part: Part) -> None:
        """Journal a finished range (its bytes are in the temporary file)."""
        with self._lock:
            self.done.add(part.number)
            self._save()

    def sink_for(self, writer: BinaryIO) -> Any:
        """The sync sink for one range: writes, counts progress, and stops when another worker failed."""

        def sink(chunk: bytes) -> None:
            self.stop.check()
            writer.write(chunk)
            self.tracker.add(len(chunk))

        return sink

    def finish(self, digest: str) -> None:
        """Verify the temporary file and rename it onto the destination (or delete it and raise)."""
        try:
            verify(self.remote, self.temp.stat().st_size, digest, str(self.dest))
        except IntegrityError:
            self.discard()
            raise
        os.replace(self.temp, self.dest)
        self.journal.remove()

    def failed(self, exc: BaseException) -> None:
        """After a failure: keep the temporary file for a resume, unless resuming cannot help."""
        self.stop.set()
        if isinstance(exc, (TransferError, ResourceNotFoundError)):
            self.discard()

    def discard(self) -> None:
        """Delete the temporary file and journal."""
        for path in (self.temp, self.journal.path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def download_sync(
    backend: SyncBackend[InfoT],
    remote: RemoteFile,
    dest: Path,
    config: TransferConfig,
    tracker: ProgressTracker,
    *,
    cancel: StopFlag | None = None,
) -> None:
    """Download ``remote`` to ``dest`` (blocking), resuming an interrupted run of the same download.

    Raises:
        IntegrityError: The bytes received do not match the file's size or sha256 (nothing is left
            at ``dest``).
        TransferError: The remote file changed during the download.
        VantageAPIError: The server refused a request (after the backend's retries).

    Example:
        >>> download_sync(backend, backend.stat("/data/a.bin"), Path("a.bin"), TransferConfig(), tracker)
    """
    job = DownloadJob(remote, dest, config, tracker, cancel)
    todo = job.prepare()

    def fetch(part: Part) -> None:
        with job.temp.open("r+b") as writer:
            writer.seek(part.offset)
            backend.read(remote, part.offset, part.end, job.sink_for(writer))
        job.part_done(part)

    pool = ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="vantage-download")
    try:
        futures: dict[int, Future[None]] = {part.number: pool.submit(fetch, part) for part in todo}
        digest = hashlib.sha256()
        with job.hash_reader() as reader:
            for part in job.plan.parts():
                if part.number in futures:
                    futures[part.number].result()
                _hash_range(reader, part, digest)
        job.finish(digest.hexdigest())
    except BaseException as exc:
        job.failed(exc)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def download_async(
    backend: AsyncBackend[InfoT],
    remote: RemoteFile,
    dest: Path,
    config: TransferConfig,
    tracker: ProgressTracker,
    *,
    cancel: StopFlag | None = None,
) -> None:
    """The async twin of ``download_sync``; file writes and hashing run in worker threads.

    Example:
        >>> await download_async(backend, await backend.stat("/data/a.bin"), Path("a.bin"), TransferConfig(), t)
    """
    job = DownloadJob(remote, dest, config, tracker, cancel)
    todo = await anyio.to_thread.run_sync(job.prepare)
    finished = {part.number: anyio.Event() for part in todo}
    queue: Iterator[Part] = iter(todo)

    async def fetch(part: Part) -> None:
        writer = await anyio.to_thread.run_sync(job.temp.open, "r+b")
        try:
            await anyio.to_thread.run_sync(writer.seek, part.offset)
            # Chunks are handed to a thread about 1 MiB at a time (a thread hop per 64 KiB chunk
            # would cost more than the write), as a list: joining them would copy every byte again.
            pending: list[bytes] = []
            pending_size = 0

            async def sink(chunk: bytes) -> None:
                nonlocal pending, pending_size
                pending.append(chunk)
                pending_size += len(chunk)
                tracker.add(len(chunk))
                if pending_size >= CHUNK_SIZE:
                    batch, pending, pending_size = pending, [], 0
                    await anyio.to_thread.run_sync(writer.writelines, batch)

            await backend.read(remote, part.offset, part.end, sink)
            await anyio.to_thread.run_sync(writer.writelines, pending)
        finally:
            await anyio.to_thread.run_sync(writer.close)
        await anyio.to_thread.run_sync(job.part_done, part)
        finished[part.number].set()

    async def worker() -> None:
        for part in queue:
            await fetch(part)

    try:
        with unwrap_task_group_errors():
            async with anyio.create_task_group() as group:
                for _ in range(min(config.concurrency, len(todo))):
                    group.start_soon(worker)
                digest = hashlib.sha256()
                reader = await anyio.to_thread.run_sync(job.hash_reader)
                try:
                    for part in job.plan.parts():
                        if part.number in finished:
                            await finished[part.number].wait()
                        await anyio.to_thread.run_sync(_hash_range, reader, part, digest)
                finally:
                    await anyio.to_thread.run_sync(reader.close)
        await anyio.to_thread.run_sync(job.finish, digest.hexdigest())
    except BaseException as exc:
        job.failed(exc)
        raise


def read_all_sync(backend: SyncBackend[InfoT], remote: RemoteFile, tracker: ProgressTracker) -> bytes:
    """Download ``remote`` into memory, verified like a file download.

    Example:
        >>> read_all_sync(backend, backend.stat("/data/small.txt"), tracker)
        b'hello'
    """
    buffer = bytearray()

    def sink(chunk: bytes) -> None:
        buffer.extend(chunk)
        tracker.add(len(chunk))

    backend.read(remote, 0, remote.size, sink)
    verify(remote, len(buffer), hashlib.sha256(buffer).hexdigest(), remote.path)
    return bytes(buffer)


async def read_all_async(backend: AsyncBackend[InfoT], remote: RemoteFile, tracker: ProgressTracker) -> bytes:
    """The async twin of ``read_all_sync``.

    Example:
        >>> await read_all_async(backend, await backend.stat("/data/small.txt"), tracker)
        b'hello'
    """
    buffer = bytearray()

    async def sink(chunk: bytes) -> None:
        buffer.extend(chunk)
        tracker.add(len(chunk))

    await backend.read(remote, 0, remote.size, sink)
    digest = await anyio.to_thread.run_sync(lambda: hashlib.sha256(buffer).hexdigest())
    verify(remote, len(buffer), digest, remote.path)
    return bytes(buffer)
