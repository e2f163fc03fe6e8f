"""Downloads: streamed into a temporary file beside the destination, verified, then renamed.

Files above the multipart threshold are fetched as byte ranges written at their offsets; smaller
ones as one range. How many ranges are in flight adapts (``RangeLimit``): one at first, more while
this process leaves the CPUs mostly idle (a slow or distant server, where parallel connections add
throughput), fewer while it keeps them busy (a fast server, where more receiving threads only
compete for the CPUs and the GIL), never more than ``concurrency``. Workers take ranges in file
order; while one range at a time is in flight, one request fetches the rest of the file, its
ranges still journaled and checksummed one by one (``DownloadJob.span``). With
``verify="crc32c"`` (the default) each range's CRC32C is computed from its bytes as they arrive
and the caller combines them in file order, so the file is never read back; with
``verify="sha256"`` (or a server that reports no CRC32C) the caller hashes the temporary file
front to back as soon as each next range is complete, so the sha256 is ready when the last byte
lands. Only a file whose size and checksum match the server's is renamed onto the
destination; a mismatch deletes it and raises ``IntegrityError`` naming the file. A journal beside
the temporary file lists the finished ranges, so an interrupted download re-run with the same
arguments fetches only the rest.

``DownloadJob`` holds every decision; ``download_sync`` and ``download_async`` only do the I/O.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

import anyio
import anyio.to_thread

from vantage_sdk._exceptions import IntegrityError, ResourceNotFoundError, TransferError
from vantage_sdk._transfer._backend import AsyncBackend, RemoteFile, SyncBackend
from vantage_sdk._transfer._checksum import Verify, combine, encode, extend
from vantage_sdk._transfer._common import StopFlag, unwrap_task_group_errors
from vantage_sdk._transfer._journal import Journal, download_temp_paths
from vantage_sdk._transfer._paths import check_destination, open_temp
from vantage_sdk._transfer._plan import CHUNK_SIZE, Part, PartPlan, TransferConfig, scaled_part_size
from vantage_sdk._transfer._progress import ProgressTracker
from vantage_sdk._transfer._ranges import RANGES_PLANNED, Span, SpanCut, new_range_limit

# Tests replace ``new_range_limit`` in this module to drive the range limit with fake clocks.
__all__ = ["DownloadJob", "download_async", "download_sync", "read_all_async", "read_all_sync"]

InfoT = TypeVar("InfoT")


def _range_chunks(reader: BinaryIO, part: Part) -> Iterator[bytes]:
    reader.seek(part.offset)
    remaining = part.length
    while remaining > 0:
        chunk = reader.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            raise TransferError(f"{reader.name}: the temporary file was truncated during the download")
        yield chunk
        remaining -= len(chunk)


def verify(remote: RemoteFile, size: int, label: str, *, sha256: str | None = None, crc32c: str | None = None) -> None:
    """Raise ``IntegrityError`` naming ``label`` unless ``size`` and the checksum given are the remote file's.

    Example:
        >>> verify(RemoteFile("/a", 3, "ba78...", None, "NCEH0A=="), 3, "a.txt", crc32c="NCEH0A==")
    """
    if size != remote.size:
        raise IntegrityError(f"{label}: got {size} bytes of {remote.path}, expected {remote.size}")
    checked_crc32c = crc32c is not None and remote.crc32c is not None
    checked_sha256 = sha256 is not None and remote.sha256 is not None
    if not (checked_crc32c or checked_sha256):
        # Unverifiable bytes never land: they could be anything, cut short or corrupted.
        raise IntegrityError(
            f"{label}: the server gave no {'CRC32C' if crc32c is not None else 'sha256'} for {remote.path}, "
            "so its bytes cannot be verified"
        )
    if checked_crc32c and crc32c != remote.crc32c:
        raise IntegrityError(
            f"{label}: the bytes of {remote.path} do not match its CRC32C (expected {remote.crc32c}, got {crc32c})"
        )
    if checked_sha256 and sha256 != remote.sha256:
        raise IntegrityError(
            f"{label}: the bytes of {remote.path} do not match its sha256 (expected {remote.sha256}, got {sha256})"
        )


class WholeFileCheck:
    """The whole file's checksum, built range by range in file order.

    CRC32C (when asked for and the server reports one): each range's own, combined; a range an
    earlier run downloaded is read back from the temporary file. sha256: every range read back.

    Example:
        >>> check = WholeFileCheck(remote, "crc32c")
        >>> check.add(reader, part, crc_of_that_part)
        >>> check.verify(remote, size, "a.bin")
    """

    def __init__(self, remote: RemoteFile, mode: Verify) -> None:
        self.crc32c = mode == "crc32c" and remote.crc32c is not None
        self._crc = 0
        self._sha256 = hashlib.sha256()

    def add(self, reader: BinaryIO, part: Part, part_crc: int | None) -> None:
        """Add the next range (blocking: it may read the temporary file)."""
        if not self.crc32c:
            for chunk in _range_chunks(reader, part):
                self._sha256.update(chunk)
            return
        if part_crc is None:
            part_crc = 0
            for chunk in _range_chunks(reader, part):
                part_crc = extend(part_crc, chunk)
        self._crc = combine(self._crc, part_crc, part.length)

    def add_bytes(self, chunk: bytes) -> None:
        """Add bytes in order (an in-memory download)."""
        if self.crc32c:
            self._crc = extend(self._crc, chunk)
        else:
            self._sha256.update(chunk)

    def verify(self, remote: RemoteFile, size: int, label: str) -> None:
        """Raise ``IntegrityError`` naming ``label`` unless size and checksum are the remote file's."""
        if self.crc32c:
            verify(remote, size, label, crc32c=encode(self._crc))
        else:
            verify(remote, size, label, sha256=self._sha256.hexdigest())


class _RangeSink:
    """The sync sink of one request: writes, checksums and journals each part, counts progress, and
    stops when another worker failed."""

    __slots__ = ("_job", "_writer", "_span", "_finished", "_start_workers", "_checksum", "crc")

    def __init__(
        self,
        job: DownloadJob,
        writer: BinaryIO,
        span: Span,
        finished: Callable[[Part], None],
        start_workers: Callable[[int], None],
    ) -> None:
        self._job, self._writer, self._span = job, writer, span
        self._finished, self._start_workers = finished, start_workers
        self._checksum = job.check.crc32c
        self.crc = 0

    def __call__(self, chunk: bytes) -> None:
        job, span = self._job, self._span
        job.stop.check()
        while True:
            head, chunk = span.split(chunk)
            self._writer.write(head)
            if self._checksum:
                self.crc = extend(self.crc, head)
            job.tracker.add(len(head))
            if span.left:
                self._start_workers(job.adapt_limit())
                return
            finished = cast(Part, span.part)
            self._writer.flush()  # the journal and the hash of the file read what is on disk
            claimed = job.part_finished(finished, self.crc if self._checksum else None)
            self.crc = 0
            self._finished(finished)
            if not span.advance(finished, claimed) or not chunk:
                return


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
        self.temp, journal_path = download_temp_paths(dest, remote.path)
        self.journal = Journal(
            journal_path, {"remote": remote.path, "size": remote.size, "sha256": remote.sha256, "etag": remote.etag}
        )
        self.check = WholeFileCheck(remote, config.verify)
        self.crcs: dict[int, int] = {}
        """The CRC32C of each range fetched by this run (ranges from an earlier run are read back)."""
        if remote.size > config.multipart_threshold:
            # Each range costs the server a request and a pause before its first byte, so big files
            # get larger ranges, sized as if ``RANGES_PLANNED`` were in flight. Measured
            # on 2 cores, 1 GiB from the emulator, 4 interleaved rounds with memory backed (medians):
            # 32 MiB ranges moved 89% of curl's throughput, 64 MiB 98%, 128 MiB 99%.
            planned = min(config.concurrency, RANGES_PLANNED)
            self.plan = PartPlan.for_size(remote.size, scaled_part_size(remote.size, config.part_size, planned))
        else:
            self.plan = PartPlan(remote.size, max(remote.size, 1))
        self.limit = new_range_limit(config.concurrency if self.plan.count > 1 else 1)
        self.workers = 0  # fetching a range, or about to take one
        self._todo: list[Part] = []
        self._started = 0  # parts of ``_todo`` handed to workers, in order
        self.done: set[int] = set()
        self.stop = StopFlag(cancel)
        self._lock = threading.Lock()

    def prepare(self) -> list[Part]:
        """Set up the temporary file (keeping what an earlier run finished); return the parts to fetch."""
        check_destination(self.dest)
        state = self.journal.load()
        done: set[int] = set()
        if state and state.get("part_size") == self.plan.part_size and self._temp_size() == self.remote.size:
            done = {n for n in state.get("done", []) if isinstance(n, int) and 1 <= n <= self.plan.count}
        if not done:
            with contextlib.suppress(FileNotFoundError):
                self.temp.unlink()  # a stale temporary file, or whatever was planted at its name
            with open_temp(self.temp, create=True) as fresh:
                fresh.truncate(self.remote.size)
        self.done = done
        self._save()
        self.tracker.add(sum(self.plan.part(n).length for n in done), resumed=True)
        self._todo = [p for p in self.plan.parts() if p.number not in done]
        return list(self._todo)

    def hash_reader(self) -> BinaryIO:
        """A reader for hashing the temporary file while workers still write it.

        Unbuffered: a buffered reader reads ahead, and would serve bytes of the next range as they
        were before that range arrived (zeros) once the hash moves on to it.
        """
        return open_temp(self.temp, create=False, write=False)

    def open_writer(self) -> BinaryIO:
        """The temporary file, opened to write a range (never through a symlink at its name)."""
        return open_temp(self.temp, create=False)

    def _temp_size(self) -> int | None:
        try:
            info = os.lstat(self.temp)
        except OSError:
            return None
        return info.st_size if stat.S_ISREG(info.st_mode) else None

    def _save(self) -> None:
        self.journal.save({"part_size": self.plan.part_size, "done": sorted(self.done)})

    def add_workers(self) -> int:
        """How many more workers to start now, to bring the ranges in flight up to the limit.

        Each started worker takes ranges from ``next_range`` until it gets None.
        """
        with self._lock:
            return self._add_workers()

    def adapt_limit(self) -> int:
        """Adapt the limit as bytes arrive (a range may be long); return how many workers to start."""
        with self._lock:
            self.limit.adapt()
            return self._add_workers()

    def _add_workers(self) -> int:
        wanted = min(self.limit.value, self.workers + len(self._todo) - self._started)
        added = max(0, wanted - self.workers)
        self.workers += added
        return added

    def next_range(self, finished: Part | None) -> Part | None:
        """The next range for a worker that just started or finished one; None when it should stop.

        A worker goes straight on to the next range in file order (the hash follows the file
        front to back; handing each range to a thread waiting for its turn measured 15% slower),
        and stops when the limit fell below the workers there are, or no range is left. Every
        range is handed out, even after a failure: the caller waits for each in order.
        """
        with self._lock:
            if finished is not None:
                self.limit.adapt()
            if self._started >= len(self._todo) or self.workers > self.limit.value:
                self.workers -= 1
                return None
            self._started += 1
            return self._todo[self._started - 1]

    def span(self, part: Part) -> Span:
        """The request that fetches ``part``: up to the part's end, or, while one range at a time is in
        flight, up to the end of the consecutive parts after it that nobody has taken.

        A download starts with one range, and stays at one while this process keeps the CPUs busy
        (a fast server); then every request would cost the server a round of request handling and a
        pause before its first byte that no parallel range hides. So one request fetches the rest, each part still
        journaled and checksummed as its last byte lands, and the worker claims each next part at
        the boundary (stopping there if the limit grew and another worker took it). Measured on 2
        cores, 1 GiB from the emulator, 9 interleaved rounds (medians): one request for the file
        cost the emulator 0.73 CPU-seconds, sixteen 64 MiB ranges 0.77 (curl's one request 0.66).
        """
        with self._lock:
            end = part.end
            if self.limit.value == 1 and self.workers == 1:
                for later in self._todo[self._started :]:
                    if later.offset != end:
                        break  # a range an earlier run finished
                    end = later.end
        return Span(part, end)

    def part_finished(self, part: Part, crc: int | None) -> Part | None:
        """Journal ``part`` (its last byte is in the temporary file), with its CRC32C if computed;
        return the worker's next part (None: stop)."""
        with self._lock:
            if crc is not None:
                self.crcs[part.number] = crc
            self.done.add(part.number)
            self._save()
        return self.next_range(part)

    def worker_failed(self) -> None:
        """A worker stops after its range failed (the caller reports the error)."""
        with self._lock:
            self.workers -= 1

    def add_to_check(self, reader: BinaryIO, part: Part) -> None:
        """Add the next range, in file order, to the whole file's checksum (blocking)."""
        self.check.add(reader, part, self.crcs.get(part.number))

    def finish(self) -> None:
        """Verify the temporary file and rename it onto the destination (or delete it and raise)."""
        try:
            self.check.verify(self.remote, self.temp.stat().st_size, str(self.dest))
            check_destination(self.dest)  # again: something may have appeared there meanwhile
        except TransferError:
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
    results: dict[int, Future[None]] = {part.number: Future() for part in job.prepare()}
    pool = ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="vantage-download")

    def start_workers(count: int) -> None:
        for _ in range(count):
            pool.submit(contextvars.copy_context().run, worker)

    def finished(part: Part) -> None:
        results[part.number].set_result(None)
        start_workers(job.add_workers())

    def fetch(span: Span) -> None:
        with job.open_writer() as writer, contextlib.suppress(SpanCut):
            writer.seek(span.start)
            backend.read(remote, span.start, span.end, _RangeSink(job, writer, span, finished, start_workers))

    def worker() -> None:
        part = job.next_range(None)
        while part is not None:
            span = job.span(part)
            try:
                job.stop.check()
                fetch(span)
            except BaseException as exc:
                if span.part is not None:  # else the worker had left: nothing waits for it
                    job.worker_failed()
                    results[span.part.number].set_exception(exc)
                return
            part = span.part

    try:
        start_workers(job.add_workers())
        with job.hash_reader() as reader:
            for part in job.plan.parts():
                if part.number in results:
                    results[part.number].result()
                job.add_to_check(reader, part)
        job.finish()
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
    results = {part.number: anyio.Event() for part in await anyio.to_thread.run_sync(job.prepare)}

    def start_workers(count: int) -> None:
        for _ in range(count):
            group.start_soon(worker)

    def finished(part: Part) -> None:
        results[part.number].set()
        start_workers(job.add_workers())

    async def fetch(span: Span) -> None:
        writer = await anyio.to_thread.run_sync(job.open_writer)
        try:
            await anyio.to_thread.run_sync(writer.seek, span.start)
            # Chunks are handed to a thread about 1 MiB at a time (a thread hop per 64 KiB chunk
            # would cost more than the write), as a list: joining them would copy every byte again.
            # The CRC32C is computed in the same thread hop as the write, off the event loop.
            pending: list[bytes] = []
            pending_size = 0
            crc = 0

            def write(batch: list[bytes]) -> None:
                nonlocal crc
                if job.check.crc32c:
                    for chunk in batch:
                        crc = extend(crc, chunk)
                writer.writelines(batch)

            def complete(part: Part) -> Part | None:
                writer.flush()  # the journal and the hash of the file read what is on disk
                return job.part_finished(part, crc if job.check.crc32c else None)

            async def sink(chunk: bytes) -> None:
                nonlocal pending, pending_size, crc
                job.stop.check()
                while True:
                    head, chunk = span.split(chunk)
                    pending.append(head)
                    pending_size += len(head)
                    tracker.add(len(head))
                    if span.left:
                        start_workers(job.adapt_limit())
                        if pending_size < CHUNK_SIZE:
                            return
                    batch, pending, pending_size = pending, [], 0
                    await anyio.to_thread.run_sync(write, batch)
                    if span.left:
                        return
                    done = cast(Part, span.part)
                    claimed = await anyio.to_thread.run_sync(complete, done)
                    crc = 0
                    finished(done)
                    if not span.advance(done, claimed) or not chunk:
                        return

            with contextlib.suppress(SpanCut):
                await backend.read(remote, span.start, span.end, sink)
        finally:
            await anyio.to_thread.run_sync(writer.close)

    async def worker() -> None:
        part = job.next_range(None)
        while part is not None:
            span = job.span(part)
            try:
                await fetch(span)
            except BaseException:
                if span.part is not None:  # else the worker had left: nothing waits for it
                    job.worker_failed()
                raise
            part = span.part

    try:
        with unwrap_task_group_errors():
            async with anyio.create_task_group() as group:
                start_workers(job.add_workers())
                reader = await anyio.to_thread.run_sync(job.hash_reader)
                try:
                    for part in job.plan.parts():
                        if part.number in results:
                            await results[part.number].wait()
                        await anyio.to_thread.run_sync(job.add_to_check, reader, part)
                finally:
                    await anyio.to_thread.run_sync(reader.close)
        await anyio.to_thread.run_sync(job.finish)
    except BaseException as exc:
        job.failed(exc)
        raise


def read_all_sync(
    backend: SyncBackend[InfoT], remote: RemoteFile, tracker: ProgressTracker, verify: Verify = "crc32c"
) -> bytes:
    """Download ``remote`` into memory, verified like a file download.

    Example:
        >>> read_all_sync(backend, backend.stat("/data/small.txt"), tracker)
        b'hello'
    """
    buffer = bytearray()
    check = WholeFileCheck(remote, verify)

    def sink(chunk: bytes) -> None:
        buffer.extend(chunk)
        check.add_bytes(chunk)
        tracker.add(len(chunk))

    backend.read(remote, 0, remote.size, sink)
    check.verify(remote, len(buffer), remote.path)
    return bytes(buffer)


async def read_all_async(
    backend: AsyncBackend[InfoT], remote: RemoteFile, tracker: ProgressTracker, verify: Verify = "crc32c"
) -> bytes:
    """The async twin of ``read_all_sync``.

    Example:
        >>> await read_all_async(backend, await backend.stat("/data/small.txt"), tracker)
        b'hello'
    """
    buffer = bytearray()
    check = WholeFileCheck(remote, verify)

    async def sink(chunk: bytes) -> None:
        buffer.extend(chunk)
        check.add_bytes(chunk)
        tracker.add(len(chunk))

    await backend.read(remote, 0, remote.size, sink)
    check.verify(remote, len(buffer), remote.path)
    return bytes(buffer)
