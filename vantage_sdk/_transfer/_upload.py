"""Uploads: one streamed request for small sources, a resumable parallel session for large ones.

A large source is hashed once, front to back, and each part is handed to one of ``concurrency``
workers as soon as the hash has passed it; the worker streams it from the file in 1 MiB chunks, so
memory stays a few MiB whatever the part size. With ``verify="crc32c"`` (the default) that pass
computes each part's CRC32C, which the part carries in ``X-Content-CRC32C`` for the server to check
on arrival, and the whole file's CRC32C, combined from the parts', is what the server checks when
the session completes: about a fifth of the CPU of the sha256 that ``verify="sha256"`` computes
instead (parts then carry no checksum of their own: hashing every byte a second time would cost
the client as much CPU as the whole-file hash). The hasher runs at most
``2 * concurrency`` parts ahead, so a worker re-reads its part from the page cache, not the disk.
Each part is retried on its own by the backend. The session id is journaled, so the same upload
re-run after a crash asks the server which parts it holds (``get_session``) and sends only the
others; at the end the server checks the whole file's checksum. A part the server already holds is
compared by its CRC32C, which the server computes for every part; a server that reports none (nor
a sha256, which it reports only for a part sent with one) has the part of the right size trusted:
the journal is keyed by the file's size and mtime, and if the server still refuses the whole
file, the upload starts over once in a new session.

``UploadJob`` holds every decision; ``upload_sync`` and ``upload_async`` only do the I/O.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import BinaryIO, TypeVar

import anyio
import anyio.to_thread

from vantage_sdk._exceptions import IntegrityError, TransferError, ValidationError, VantageError
from vantage_sdk._transfer._backend import AsyncBackend, AsyncBody, SessionState, SyncBackend, SyncBody
from vantage_sdk._transfer._checksum import Checksum, combine, encode, extend
from vantage_sdk._transfer._common import StopFlag, TransferAborted, unwrap_task_group_errors
from vantage_sdk._transfer._journal import Journal, prune_journals, upload_journal
from vantage_sdk._transfer._plan import CHUNK_SIZE, Part, PartPlan, Source, TransferConfig, scaled_part_size
from vantage_sdk._transfer._progress import ProgressTracker

__all__ = ["UploadJob", "upload_async", "upload_sync"]

InfoT = TypeVar("InfoT")


def _shrank(source: Source) -> TransferError:
    return TransferError(f"{source.label}: shrank during the upload; upload it again")


class WholeChecksum:
    """The whole source's checksum, fed part by part in order: CRC32C combined from the parts', or sha256."""

    def __init__(self, crc32c: bool) -> None:
        self.crc32c = crc32c
        self._crc = 0
        self._sha256 = None if crc32c else hashlib.sha256()

    def update(self, chunk: bytes) -> None:
        """Bytes in order (only the sha256 needs them: the CRC32C is the parts', combined)."""
        if self._sha256 is not None:
            self._sha256.update(chunk)

    def add_part(self, part_crc: int, length: int) -> None:
        """The next part's CRC32C."""
        if self.crc32c:
            self._crc = combine(self._crc, part_crc, length)

    def result(self) -> Checksum:
        """What the server checks the whole file against."""
        if self._sha256 is None:
            return Checksum(crc32c=encode(self._crc))
        return Checksum(sha256=self._sha256.hexdigest())


def _hash_part(
    reader: BinaryIO, part: Part, whole: WholeChecksum, source: Source, own: bool
) -> tuple[str | None, str | None]:
    """Feed the next part to the whole-file checksum; return the part's own sha256 (with ``own``) and
    CRC32C (when verifying by CRC32C, in the wire form)."""
    digest = hashlib.sha256() if own else None
    part_crc = 0
    remaining = part.length
    while remaining > 0:
        chunk = reader.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            raise _shrank(source)
        whole.update(chunk)
        if digest is not None:
            digest.update(chunk)
        if whole.crc32c:
            part_crc = extend(part_crc, chunk)
        remaining -= len(chunk)
    whole.add_part(part_crc, part.length)
    return (digest.hexdigest() if digest is not None else None), (encode(part_crc) if whole.crc32c else None)


class UploadJob:
    """The plan and bookkeeping of one upload, shared by the sync and async paths."""

    def __init__(
        self,
        source: Source,
        remote: str,
        config: TransferConfig,
        tracker: ProgressTracker,
        cancel: StopFlag | None = None,
    ) -> None:
        self.source = source
        self.remote = remote
        self.config = config
        self.tracker = tracker
        self.multipart = source.size > config.multipart_threshold
        self.journal: Journal | None = None
        if self.multipart and source.path is not None:
            self.journal = upload_journal(
                config.upload_journal_dir(), source.path, remote, source.size, source.mtime_ns
            )
        self.stop = StopFlag(cancel)
        self.trusted_unchecked_parts = False

    def journaled_upload_id(self) -> str | None:
        """The session id of an earlier, interrupted run of this same upload."""
        state = self.journal.load() if self.journal else None
        upload_id = state.get("upload_id") if state else None
        return upload_id if isinstance(upload_id, str) else None

    def can_resume(self, session: SessionState | None) -> bool:
        """Whether ``session`` is still open and builds exactly this file."""
        return (
            session is not None and session.is_open and session.path == self.remote and session.size == self.source.size
        )

    def remember(self, session: SessionState) -> None:
        """Journal a new session so a re-run can resume it (and drop journals of abandoned uploads)."""
        if self.journal is not None:
            prune_journals(self.journal.path.parent)
            self.journal.save({"upload_id": session.upload_id})

    def plan(self, session: SessionState) -> PartPlan:
        """The parts, cut as the session expects them."""
        return PartPlan(self.source.size, session.part_size)

    def new_part_size(self) -> int:
        """The part size to ask for when opening a session (``scaled_part_size``: the parts sent at
        once, lost if the process dies, stay within 1/8 of the file)."""
        size, config = self.source.size, self.config
        return PartPlan.for_size(size, scaled_part_size(size, config.part_size, config.concurrency)).part_size

    @property
    def part_crc32c(self) -> bool:
        """Whether parts carry their own CRC32C (``verify="crc32c"``)."""
        return self.config.verify == "crc32c"

    def needs_own_digest(self, session: SessionState, part: Part) -> bool:
        """Whether the server holds this part with a sha256, and no CRC32C, to compare the local bytes with."""
        held = session.parts.get(part.number)
        has_crc = self.part_crc32c and part.number in session.part_crc32c
        return held is not None and held[0] == part.length and held[1] is not None and not has_crc

    def held_by_server(self, session: SessionState, part: Part, digest: str | None, crc32c: str | None) -> bool:
        """Whether the server already holds these bytes as this part (as far as it can tell)."""
        held = session.parts.get(part.number)
        if held is None or held[0] != part.length:
            return False
        held_crc = session.part_crc32c.get(part.number)
        if crc32c is not None and held_crc is not None:
            return held_crc == crc32c
        if held[1] is None:
            self.trusted_unchecked_parts = True
            return True
        return held[1] == digest

    def start_over_after(self, exc: ValidationError) -> bool:
        """Whether a refused completion may be the fault of a trusted part (then start over, once)."""
        if exc.status_code != 422 or not self.trusted_unchecked_parts:
            return False
        self.trusted_unchecked_parts = False
        return True

    def finished(self) -> None:
        """The file is stored: forget the journal."""
        if self.journal is not None:
            self.journal.remove()

    @contextlib.contextmanager
    def checking_integrity(self) -> Iterator[None]:
        """Turn the server's refusal of the bytes (a 422) into an error naming the local file.

        A local file that changed meanwhile is reported as such instead.
        """
        try:
            yield
        except ValidationError as exc:
            if exc.status_code != 422:
                raise
            self.source.check_unchanged()
            raise IntegrityError(
                f"{self.source.label}: the server refused the upload to {self.remote}: "
                f"its checksum does not match the bytes sent ({exc.message})"
            ) from exc

    def _chunks(self, reader: BinaryIO, part: Part) -> Iterator[bytes]:
        reader.seek(part.offset)
        remaining = part.length
        while remaining > 0:
            self.stop.check()
            chunk = reader.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                raise _shrank(self.source)
            remaining -= len(chunk)
            if remaining == 0 and part.offset + part.length == self.source.size:
                # Before the last byte goes out, so the server never stores a file that was still
                # being written: one that grew (or was rewritten) since it was planned is an error.
                self.source.check_unchanged()
            yield chunk

    def body(self, part: Part) -> SyncBody:
        """A re-startable body streaming ``part`` from the source a chunk at a time."""
        meter = self.tracker.part()

        def body() -> Iterator[bytes]:
            meter.restart()
            with self.source.open() as reader:
                for chunk in self._chunks(reader, part):
                    yield chunk
                    meter.sent(len(chunk))

        return body

    def async_body(self, part: Part) -> AsyncBody:
        """The async twin of ``body``: reads run in a worker thread, httpx gets an async iterator."""
        meter = self.tracker.part()

        async def body() -> AsyncIterator[bytes]:
            meter.restart()
            reader = await anyio.to_thread.run_sync(self.source.open)
            try:
                chunks = self._chunks(reader, part)
                while chunk := await anyio.to_thread.run_sync(next, chunks, b""):
                    yield chunk
                    meter.sent(len(chunk))
            finally:
                reader.close()

        return body

    def whole(self) -> Part:
        """The whole source as one part (the single-request path)."""
        return Part(1, 0, self.source.size)

    def whole_checksum(self) -> Checksum:
        """Checksum the whole source (the single-request path needs it before sending)."""
        whole = WholeChecksum(self.part_crc32c)
        with self.source.open() as reader:
            _hash_part(reader, self.whole(), whole, self.source, own=False)
        return whole.result()

    def lookahead(self) -> int:
        """How many parts the hasher may be ahead of the senders."""
        return 2 * self.config.concurrency


def upload_sync(
    backend: SyncBackend[InfoT],
    source: Source,
    remote: str,
    config: TransferConfig,
    tracker: ProgressTracker,
    *,
    cancel: StopFlag | None = None,
) -> InfoT:
    """Upload ``source`` to ``remote`` (blocking), resuming an interrupted run of the same upload.

    Raises:
        IntegrityError: The server found the bytes did not match their sha256.
        TransferError: The local file changed during the upload, or the session could not complete.
        VantageAPIError: The server refused a request (after the backend's retries).

    Example:
        >>> info = upload_sync(backend, Source.from_path("a.bin"), "/data/a.bin", TransferConfig(), tracker)
    """
    job = UploadJob(source, remote, config, tracker, cancel)
    if not job.multipart:
        with job.checking_integrity():
            return backend.put(remote, source.size, job.whole_checksum(), job.body(job.whole()))
    session = _open_session_sync(backend, job)
    try:
        with job.checking_integrity():
            try:
                info = _send_and_complete_sync(backend, job, session)
            except ValidationError as exc:
                if not job.start_over_after(exc):
                    raise
                with contextlib.suppress(VantageError):
                    backend.abort_session(session.upload_id)
                session = _new_session_sync(backend, job)
                info = _send_and_complete_sync(backend, job, session)
    except TransferError:
        # This session can never complete with these bytes: drop it rather than resume it.
        job.finished()
        with contextlib.suppress(VantageError):
            backend.abort_session(session.upload_id)
        raise
    job.finished()
    return info


def _open_session_sync(backend: SyncBackend[InfoT], job: UploadJob) -> SessionState:
    upload_id = job.journaled_upload_id()
    session = backend.get_session(upload_id) if upload_id else None
    if session is None or not job.can_resume(session):
        session = _new_session_sync(backend, job)
    return session


def _new_session_sync(backend: SyncBackend[InfoT], job: UploadJob) -> SessionState:
    session = backend.create_session(job.remote, job.source.size, job.new_part_size())
    job.remember(session)
    return session


def _send_and_complete_sync(backend: SyncBackend[InfoT], job: UploadJob, session: SessionState) -> InfoT:
    digest = _send_parts_sync(backend, job, session)
    job.source.check_unchanged()
    return backend.complete_session(session.upload_id, job.source.size, digest)


def _send_parts_sync(backend: SyncBackend[InfoT], job: UploadJob, session: SessionState) -> Checksum:
    whole = WholeChecksum(job.part_crc32c)
    ahead = threading.BoundedSemaphore(job.lookahead())
    futures: list[Future[None]] = []

    def send(part: Part, crc32c: str | None) -> None:
        try:
            backend.put_part(session.upload_id, part.number, part.length, None, job.body(part), crc32c)
        finally:
            ahead.release()

    pool = ThreadPoolExecutor(max_workers=job.config.concurrency, thread_name_prefix="vantage-upload")
    try:
        with job.source.open() as reader:
            for part in job.plan(session).parts():
                ahead.acquire()
                try:
                    _raise_first_failure(futures)
                    job.stop.check()
                    own = job.needs_own_digest(session, part)
                    digest, crc32c = _hash_part(reader, part, whole, job.source, own)
                except BaseException:
                    ahead.release()
                    raise
                if job.held_by_server(session, part, digest, crc32c):
                    ahead.release()
                    job.tracker.add(part.length, resumed=True)
                else:
                    futures.append(pool.submit(contextvars.copy_context().run, send, part, crc32c))
        wait(futures, return_when=FIRST_EXCEPTION)
        _raise_first_failure(futures)
    except BaseException:
        job.stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return whole.result()


def _raise_first_failure(futures: list[Future[None]]) -> None:
    for future in futures:
        if future.done() and not future.cancelled():
            exc = future.exception()
            if exc is not None and not isinstance(exc, TransferAborted):
                raise exc


async def upload_async(
    backend: AsyncBackend[InfoT],
    source: Source,
    remote: str,
    config: TransferConfig,
    tracker: ProgressTracker,
    *,
    cancel: StopFlag | None = None,
) -> InfoT:
    """The async twin of ``upload_sync``: same plan, journal and checks; reads run in worker threads.

    Example:
        >>> info = await upload_async(backend, Source.from_path("a.bin"), "/data/a.bin", TransferConfig(), tracker)
    """
    job = UploadJob(source, remote, config, tracker, cancel)
    if not job.multipart:
        checksum = await anyio.to_thread.run_sync(job.whole_checksum)
        with job.checking_integrity():
            return await backend.put(remote, source.size, checksum, job.async_body(job.whole()))
    session = await _open_session_async(backend, job)
    try:
        with job.checking_integrity():
            try:
                info = await _send_and_complete_async(backend, job, session)
            except ValidationError as exc:
                if not job.start_over_after(exc):
                    raise
                with contextlib.suppress(VantageError):
                    await backend.abort_session(session.upload_id)
                session = await _new_session_async(backend, job)
                info = await _send_and_complete_async(backend, job, session)
    except TransferError:
        job.finished()
        with contextlib.suppress(VantageError):
            await backend.abort_session(session.upload_id)
        raise
    job.finished()
    return info


async def _open_session_async(backend: AsyncBackend[InfoT], job: UploadJob) -> SessionState:
    upload_id = job.journaled_upload_id()
    session = await backend.get_session(upload_id) if upload_id else None
    if session is None or not job.can_resume(session):
        session = await _new_session_async(backend, job)
    return session


async def _new_session_async(backend: AsyncBackend[InfoT], job: UploadJob) -> SessionState:
    session = await backend.create_session(job.remote, job.source.size, job.new_part_size())
    job.remember(session)
    return session


async def _send_and_complete_async(backend: AsyncBackend[InfoT], job: UploadJob, session: SessionState) -> InfoT:
    digest = await _send_parts_async(backend, job, session)
    job.source.check_unchanged()
    return await backend.complete_session(session.upload_id, job.source.size, digest)


async def _send_parts_async(backend: AsyncBackend[InfoT], job: UploadJob, session: SessionState) -> Checksum:
    whole = WholeChecksum(job.part_crc32c)
    ahead = anyio.Semaphore(job.lookahead())
    senders = anyio.Semaphore(job.config.concurrency)

    async def send(part: Part, crc32c: str | None) -> None:
        try:
            async with senders:
                body = job.async_body(part)
                await backend.put_part(session.upload_id, part.number, part.length, None, body, crc32c)
        finally:
            ahead.release()

    reader = await anyio.to_thread.run_sync(job.source.open)
    try:
        with unwrap_task_group_errors():
            async with anyio.create_task_group() as group:
                for part in job.plan(session).parts():
                    await ahead.acquire()
                    try:
                        own = job.needs_own_digest(session, part)
                        digest, crc32c = await anyio.to_thread.run_sync(
                            _hash_part, reader, part, whole, job.source, own
                        )
                    except BaseException:
                        ahead.release()
                        raise
                    if job.held_by_server(session, part, digest, crc32c):
                        ahead.release()
                        job.tracker.add(part.length, resumed=True)
                    else:
                        group.start_soon(send, part, crc32c)
    finally:
        reader.close()
    return whole.result()
