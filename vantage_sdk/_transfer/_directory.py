"""Directory transfers: walking a local tree safely, planning the files, running them several at a
time (threads for sync, an anyio task group for async) and summing up what happened."""

from __future__ import annotations

import contextvars
import logging
import os
import stat
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import anyio

from vantage_sdk._exceptions import (
    APIConnectionError,
    ResourceNotFoundError,
    ServerError,
    TransferError,
    ValidationError,
    VantageError,
)
from vantage_sdk._transfer._backend import AsyncBackend, RemoteFile, SyncBackend
from vantage_sdk._transfer._common import StopFlag, unwrap_task_group_errors
from vantage_sdk._transfer._download import download_async, download_sync
from vantage_sdk._transfer._paths import check_remote_file, check_remote_folder, remote_child
from vantage_sdk._transfer._plan import Source, TransferConfig, file_sha256
from vantage_sdk._transfer._progress import ProgressArg, ProgressCallback, ProgressTracker, make_tracker
from vantage_sdk._transfer._upload import upload_async, upload_sync

__all__ = [
    "DownloadTask",
    "LocalEntry",
    "TransferSummary",
    "UploadTask",
    "plan_upload_directory",
    "printable",
    "run_directory_async",
    "run_directory_sync",
    "walk_local_tree",
]

_logger = logging.getLogger("vantage_sdk")

IDENTICAL = "already identical at the destination (same size and sha256)"
"""The ``skipped`` reason of a file a directory transfer found already there, as ``aws s3 sync`` does."""


@dataclass(frozen=True)
class LocalEntry:
    """A file found below the source folder.

    Attributes:
        relative: Its path below the source folder (``/``-separated), as it will be named remotely.
        path: The file to read (a symlink's target when the link stays inside the tree).
    """

    relative: PurePosixPath
    path: Path


@dataclass
class TransferSummary:
    """What a directory transfer did.

    Attributes:
        transferred: Paths (relative to the folder) that were transferred.
        skipped: Paths left out on purpose, with the reason (symlinks leaving the tree, special files,
            files already identical at the destination, which a re-run therefore does not send again).
        failed: Paths that could not be transferred, with the error.
        bytes_transferred: Bytes of the transferred files.

    Example:
        >>> summary = client.storage.upload_directory("./local-dir/", "/datasets/remote-dir/")
        >>> summary.ok, len(summary.transferred), summary.failed
        (True, 3, {})
    """

    transferred: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, BaseException] = field(default_factory=dict)
    bytes_transferred: int = 0

    @property
    def ok(self) -> bool:
        """Whether no file failed."""
        return not self.failed

    def record_failure(self, relative: str, error: BaseException) -> None:
        """Note a failed file (and log it, so a summary nobody reads still leaves a trace)."""
        self.failed[relative] = error
        _logger.warning("transfer of %r failed: %s", relative, error)

    def raise_for_failures(self) -> None:
        """Raise a ``TransferError`` listing the failed files, if any failed.

        Example:
            >>> client.storage.upload_directory("./data", "/datasets/data/").raise_for_failures()
        """
        if self.failed:
            listed = "; ".join(f"{name}: {error}" for name, error in list(self.failed.items())[:10])
            more = f" (and {len(self.failed) - 10} more)" if len(self.failed) > 10 else ""
            raise TransferError(f"{len(self.failed)} file(s) failed: {listed}{more}")

    def __repr__(self) -> str:
        return (
            f"TransferSummary(transferred={len(self.transferred)}, skipped={len(self.skipped)}, "
            f"failed={len(self.failed)}, bytes_transferred={self.bytes_transferred})"
        )


def printable(relative: PurePosixPath | str) -> str:
    """A local name as text that can be printed and logged (undecodable bytes as ``\\xNN``).

    Example:
        >>> printable(os.fsdecode(b"caf\\xe9.txt"))
        'caf\\\\xe9.txt'
    """
    raw = os.fsencode(str(relative))
    return raw.decode("utf-8", "backslashreplace")


def _name_problem(name: str) -> str | None:
    """Why a local name cannot become a storage path (storage paths are UTF-8 text), or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8, and storage paths are UTF-8 text; rename it"
    return None


def walk_local_tree(local_dir: str | os.PathLike[str], summary: TransferSummary) -> list[LocalEntry]:
    """Every regular file below ``local_dir``, in a stable order.

    Symlinks are followed only when their target lies inside the tree (a link to a folder already
    being walked, which would loop, is skipped); links leading outside, broken links and special
    files (sockets, FIFOs, devices) are recorded in ``summary.skipped`` with the reason.

    Raises:
        ValidationError: ``local_dir`` is missing or not a folder.

    Example:
        >>> [str(e.relative) for e in walk_local_tree("./local-dir", TransferSummary())]
        ['a.txt', 'sub/b.txt']
    """
    root = Path(local_dir)
    if not root.exists():
        raise ValidationError(f"local folder {str(root)!r} does not exist", source=str(root))
    if not root.is_dir():
        raise ValidationError(f"{str(root)!r} is not a folder; use upload() for a single file", source=str(root))
    real_root = root.resolve()
    entries: list[LocalEntry] = []

    def inside(path: Path) -> bool:
        return path == real_root or real_root in path.parents

    def walk(folder: Path, relative: PurePosixPath, ancestors: frozenset[Path]) -> None:
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            summary.record_failure(
                str(relative) or ".", ValidationError(f"cannot list {str(folder)!r}: {exc.strerror}")
            )
            return
        for child in children:
            rel = relative / child.name
            path = Path(child.path)
            problem = _name_problem(child.name)
            if problem:
                summary.record_failure(printable(rel), ValidationError(f"cannot upload {printable(rel)!r}: {problem}"))
                continue
            if child.is_symlink():
                try:
                    target = path.resolve()
                except (RuntimeError, OSError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
                    reason = "a symlink loop" if isinstance(exc, RuntimeError) else exc.strerror
                    summary.record_failure(str(rel), ValidationError(f"cannot read {child.path!r}: {reason}"))
                    continue
                if not inside(target):
                    summary.skipped[str(rel)] = f"symlink to {str(target)!r}, outside the source folder"
                    continue
                if not target.exists():
                    summary.skipped[str(rel)] = "broken symlink"
                    continue
                path = target
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                summary.record_failure(str(rel), ValidationError(f"cannot read {child.path!r}: {exc.strerror}"))
                continue
            if stat.S_ISDIR(mode):
                real = path.resolve()
                if real in ancestors:
                    summary.skipped[str(rel)] = "symlink loop"
                    continue
                walk(path, rel, ancestors | {real})
            elif stat.S_ISREG(mode):
                entries.append(LocalEntry(rel, path))
            else:
                summary.skipped[str(rel)] = "not a regular file"

    walk(root, PurePosixPath(), frozenset({real_root}))
    return entries


@dataclass(frozen=True)
class UploadTask:
    """One file of a directory upload: ``source`` to the storage path ``remote``."""

    relative: str
    size: int
    source: Source
    remote: str


@dataclass(frozen=True)
class DownloadTask:
    """One file of a directory download: ``remote`` to the local path ``dest``."""

    relative: str
    size: int
    remote: RemoteFile
    dest: Path

    def make_folder(self) -> None:
        """Create the destination's folder (per file, so a name the disk cannot hold fails that file only)."""
        self.dest.parent.mkdir(parents=True, exist_ok=True)


def plan_upload_directory(
    local_dir: str | os.PathLike[str], remote_dir: object, summary: TransferSummary
) -> list[UploadTask]:
    """An upload task for every file below ``local_dir``; a file that cannot be read or named fails in ``summary``.

    Example:
        >>> [t.remote for t in plan_upload_directory("./local-dir", "/datasets/d/", TransferSummary())]
        ['/datasets/d/a.txt', '/datasets/d/sub/b.txt']
    """
    folder = check_remote_folder(remote_dir)
    planned: list[UploadTask] = []
    for entry in walk_local_tree(local_dir, summary):
        relative = str(entry.relative)
        try:
            source = Source.from_path(entry.path)
            remote = check_remote_file(remote_child(folder, entry.relative))
            planned.append(UploadTask(relative, source.size, source, remote))
        except ValidationError as exc:
            summary.record_failure(relative, exc)
    return planned


def _same_local_file(path: Path, size: int, sha256: str | None) -> bool:
    """Whether ``path`` is a regular file of ``size`` bytes whose sha256 is ``sha256``."""
    try:
        info = os.lstat(path)
        if sha256 is None or not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        with path.open("rb") as reader:
            return file_sha256(reader, size) == sha256
    except OSError:
        return False


def _identical_remote(remote: RemoteFile | None, task: UploadTask) -> bool:
    if remote is None or remote.size != task.size or task.source.path is None:
        return False
    return _same_local_file(task.source.path, task.size, remote.sha256)


# Asking whether a file is there only saves work: when the question fails (not found, or the
# connection after its retries), the file is simply sent.
_UNKNOWN = (ResourceNotFoundError, APIConnectionError, ServerError)


def _stat_or_none_sync(backend: SyncBackend[Any], remote: str) -> RemoteFile | None:
    try:
        return backend.stat(remote)
    except _UNKNOWN:
        return None


async def _stat_or_none_async(backend: AsyncBackend[Any], remote: str) -> RemoteFile | None:
    try:
        return await backend.stat(remote)
    except _UNKNOWN:
        return None


def _already_there_sync(backend: SyncBackend[Any], task: UploadTask | DownloadTask) -> bool:
    """Whether the file is already at its destination, identical (size and sha256): then it is skipped."""
    if isinstance(task, DownloadTask):
        return _same_local_file(task.dest, task.size, task.remote.sha256)
    return _identical_remote(_stat_or_none_sync(backend, task.remote), task)


async def _already_there_async(backend: AsyncBackend[Any], task: UploadTask | DownloadTask) -> bool:
    """The async twin of ``_already_there_sync`` (hashing in a worker thread)."""
    if isinstance(task, DownloadTask):
        return await anyio.to_thread.run_sync(_same_local_file, task.dest, task.size, task.remote.sha256)
    remote = await _stat_or_none_async(backend, task.remote)
    return await anyio.to_thread.run_sync(_identical_remote, remote, task)


def _skipped_identical(task: UploadTask | DownloadTask, summary: TransferSummary, tracker: ProgressTracker) -> None:
    summary.skipped[task.relative] = IDENTICAL
    tracker.add(task.size)


def _is_per_file_failure(exc: BaseException) -> bool:
    """SDK and OS errors fail one file of a directory; anything else (a progress callback that
    raises, KeyboardInterrupt, a bug) stops the whole transfer."""
    return isinstance(exc, (VantageError, OSError))


def _directory_tracker(
    tasks: Sequence[UploadTask | DownloadTask],
    summary: TransferSummary,
    config: TransferConfig,
    progress_callback: ProgressCallback | None,
    progress: ProgressArg,
    fail_fast: bool,
    description: str,
) -> ProgressTracker:
    if fail_fast and summary.failed:
        raise next(iter(summary.failed.values()))
    return make_tracker(
        sum(t.size for t in tasks),
        progress_callback=progress_callback,
        progress=progress,
        description=description,
        files_total=len(tasks),
        min_interval=config.progress_interval,
    )


def run_directory_sync(
    backend: SyncBackend[Any],
    tasks: Sequence[UploadTask | DownloadTask],
    summary: TransferSummary,
    config: TransferConfig,
    progress_callback: ProgressCallback | None,
    progress: ProgressArg,
    fail_fast: bool,
    description: str,
) -> TransferSummary:
    """Run ``tasks`` on ``config.concurrency`` threads, recording each file in ``summary``.

    A failed file is recorded and the others go on, unless ``fail_fast`` (then its error is
    raised) or the failure is not the file's own (a progress callback raising, Ctrl-C), which
    stops every file in flight and starts no more.

    Example:
        >>> summary = TransferSummary()
        >>> tasks = plan_upload_directory("./local-dir", "/datasets/d/", summary)
        >>> run_directory_sync(backend, tasks, summary, TransferConfig(), None, None, False, "./local-dir").transferred
        ['a.txt', 'sub/b.txt']
    """
    tracker = _directory_tracker(tasks, summary, config, progress_callback, progress, fail_fast, description)
    cancel = StopFlag()

    def run(task: UploadTask | DownloadTask) -> None:
        if cancel.is_set():
            return
        try:
            if _already_there_sync(backend, task):
                _skipped_identical(task, summary, tracker)
                return
            if isinstance(task, UploadTask):
                upload_sync(backend, task.source, task.remote, config, tracker, cancel=cancel)
            else:
                task.make_folder()
                download_sync(backend, task.remote, task.dest, config, tracker, cancel=cancel)
        except BaseException as exc:
            if cancel.is_set() and not _is_per_file_failure(exc):
                return
            if not _is_per_file_failure(exc) or fail_fast:
                cancel.set()
                raise
            summary.record_failure(task.relative, exc)
        else:
            summary.transferred.append(task.relative)
            summary.bytes_transferred += task.size
        finally:
            tracker.file_finished()

    pool = ThreadPoolExecutor(config.concurrency, thread_name_prefix="vantage-files")
    try:
        futures = [pool.submit(contextvars.copy_context().run, run, task) for task in tasks]
        for future in futures:
            future.result()
        tracker.finish()
    except BaseException:
        # Before the pool is shut down: a Ctrl-C must stop the files in flight and start no more.
        cancel.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        tracker.close()
    summary.transferred.sort()
    return summary


async def run_directory_async(
    backend: AsyncBackend[Any],
    tasks: Sequence[UploadTask | DownloadTask],
    summary: TransferSummary,
    config: TransferConfig,
    progress_callback: ProgressCallback | None,
    progress: ProgressArg,
    fail_fast: bool,
    description: str,
) -> TransferSummary:
    """The async twin of ``run_directory_sync``: ``config.concurrency`` workers in one anyio task group.

    Example:
        >>> await run_directory_async(backend, tasks, summary, TransferConfig(), None, None, False, "./local-dir")
    """
    tracker = _directory_tracker(tasks, summary, config, progress_callback, progress, fail_fast, description)
    queue = iter(tasks)

    async def worker() -> None:
        for task in queue:
            try:
                if await _already_there_async(backend, task):
                    _skipped_identical(task, summary, tracker)
                    continue
                if isinstance(task, UploadTask):
                    await upload_async(backend, task.source, task.remote, config, tracker)
                else:
                    await anyio.to_thread.run_sync(task.make_folder)
                    await download_async(backend, task.remote, task.dest, config, tracker)
            except Exception as exc:
                if not _is_per_file_failure(exc) or fail_fast:
                    raise
                summary.record_failure(task.relative, exc)
            else:
                summary.transferred.append(task.relative)
                summary.bytes_transferred += task.size
            finally:
                tracker.file_finished()

    try:
        with unwrap_task_group_errors():
            async with anyio.create_task_group() as group:
                for _ in range(min(config.concurrency, len(tasks))):
                    group.start_soon(worker)
        tracker.finish()
    finally:
        tracker.close()
    summary.transferred.sort()
    return summary
