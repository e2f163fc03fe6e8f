"""``client.storage``: list, upload, download, delete (``Storage`` / ``AsyncStorage``).

Transfers go through the engine in ``vantage_sdk._transfer``: files up to
``transfer_config.multipart_threshold`` (16 MiB by default) move in one streamed request with
``X-Content-SHA256``; larger ones through a resumable upload session whose parts travel in
parallel, or as parallel ranged downloads. Every upload is checked by the server against its
sha256 and every download by the SDK before it is renamed into place. An interrupted transfer
re-run with the same arguments continues where it stopped.

The two backends below are the only HTTP code: they send one request each through the client's
retry runner (streamed bodies via the generated ``_get_kwargs`` and ``httpx`` streaming). Argument
checks and directory planning are module-level helpers shared by both classes.
"""

from __future__ import annotations

import builtins
import io
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import (
    ConflictError,
    ResourceNotFoundError,
    TransferError,
    ValidationError,
    VantageError,
    connection_error_from_httpx,
)
from vantage_sdk._generated.api.storage import (
    abort_upload,
    complete_upload,
    create_upload,
    delete_file,
    download_file,
    get_file_metadata,
    get_upload,
    list_files,
    upload_file,
    upload_part,
)
from vantage_sdk._generated.models.complete_upload_request import CompleteUploadRequest
from vantage_sdk._generated.models.create_upload_request import CreateUploadRequest
from vantage_sdk._generated.models.file_info import FileInfo
from vantage_sdk._generated.models.upload_session import UploadSession
from vantage_sdk._generated.types import UNSET, File
from vantage_sdk._pagination import aiter_items, iter_items
from vantage_sdk._resource import AsyncResource, SyncResource
from vantage_sdk._retry import new_idempotency_key
from vantage_sdk._streaming import RequestFactory, aopen_stream, open_stream
from vantage_sdk._transfer import (
    AsyncBackend,
    MiB,
    ProgressArg,
    ProgressCallback,
    ProgressSink,
    ProgressTracker,
    RemoteFile,
    SessionState,
    Source,
    StopFlag,
    SyncBackend,
    TransferConfig,
    TransferProgress,
    TransferSummary,
    check_remote_file,
    check_remote_folder,
    download_async,
    download_sync,
    local_destination,
    make_tracker,
    read_all_async,
    read_all_sync,
    remote_child,
    safe_local_path,
    upload_async,
    upload_sync,
    walk_local_tree,
)
from vantage_sdk._transfer._common import unwrap_task_group_errors

__all__ = ["AsyncStorage", "ProgressSink", "Storage", "TransferConfig", "TransferProgress", "TransferSummary"]

_LIST_PAGE = 1000  # the contract's largest `limit`
_NO_BODY = File(payload=io.BytesIO())  # placeholder for _get_kwargs; the real body replaces "content"

PathArg = str | os.PathLike[str]


# --------------------------------------------------------------------------- shared helpers


def _remote_file(info: FileInfo) -> RemoteFile:
    if info.type_ != "file":
        raise ValidationError(f"{info.path!r} is a folder, not a file; use download_directory() for folders")
    if isinstance(info.size, int):
        size = info.size
    else:
        raise TransferError(f"the server did not report the size of {info.path!r}")
    sha256 = info.sha256 if isinstance(info.sha256, str) else None
    etag = info.etag if isinstance(info.etag, str) else None
    return RemoteFile(info.path, size, sha256, etag)


def _session_state(session: UploadSession) -> SessionState:
    return SessionState(
        upload_id=session.upload_id,
        path=session.path,
        size=session.size,
        part_size=session.part_size,
        is_open=session.status == "open",
        parts={p.part_number: (p.size, p.sha256 if isinstance(p.sha256, str) else None) for p in session.parts},
    )


def _range_header(start: int, end: int) -> str:
    return f"bytes={start}-{end - 1}"


def _range_request(core: SyncCore | AsyncCore, remote: RemoteFile, start: int, end: int) -> RequestFactory:
    def build(headers: Mapping[str, str]) -> dict[str, Any]:
        return download_file._get_kwargs(
            path=remote.path, range_=_range_header(start, end), extra_headers=headers, timeout=core.timeout
        )

    return build


def _check_range_response(response: httpx.Response, remote: RemoteFile, start: int, end: int) -> None:
    """Refuse a response that is not the range asked for, or is from a different version of the file."""
    digest = response.headers.get("X-Content-SHA256")
    etag = response.headers.get("ETag")
    changed = (remote.sha256 is not None and digest is not None and digest != remote.sha256) or (
        remote.etag is not None and etag is not None and etag != remote.etag
    )
    if changed:
        raise TransferError(f"{remote.path} changed on the server during the download; download it again")
    if response.status_code == 206:
        if response.headers.get("Content-Range", "").startswith(f"bytes {start}-"):
            return
    elif response.status_code == 200 and start == 0 and end == remote.size:
        return
    raise TransferError(
        f"{remote.path}: the server answered {response.status_code} "
        f"(Content-Range {response.headers.get('Content-Range')!r}) to Range {_range_header(start, end)}"
    )


def _upload_target(remote_path: object, source: Source) -> str:
    """``/dir/`` means "into this folder, under the local file's name" (as ``cp`` does)."""
    if isinstance(remote_path, str) and remote_path.endswith("/") and source.path is not None:
        remote_path = remote_path + source.path.name
    return check_remote_file(remote_path)


def _encode(text: str | bytes, encoding: str) -> bytes:
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise ValidationError.for_field("text", f"must be str or bytes, got {type(text).__name__}")
    return text.encode(encoding)


def _is_per_file_failure(exc: BaseException) -> bool:
    """SDK and OS errors fail one file of a directory; anything else (a progress callback that
    raises, KeyboardInterrupt, a bug) stops the whole transfer."""
    return isinstance(exc, (VantageError, OSError))


@dataclass(frozen=True)
class _UploadTask:
    relative: str
    size: int
    source: Source
    remote: str


@dataclass(frozen=True)
class _DownloadTask:
    relative: str
    size: int
    remote: RemoteFile
    dest: Path

    def make_folder(self) -> None:
        # Per file, not while planning: a name the local disk cannot hold (too long) fails that file only.
        self.dest.parent.mkdir(parents=True, exist_ok=True)


def _plan_upload_directory(
    local_dir: PathArg, remote_dir: object, summary: TransferSummary
) -> list[tuple[str, Source, str]]:
    folder = check_remote_folder(remote_dir)
    planned: list[tuple[str, Source, str]] = []
    for entry in walk_local_tree(local_dir, summary):
        relative = str(entry.relative)
        try:
            source = Source.from_path(entry.path)
            planned.append((relative, source, check_remote_file(remote_child(folder, entry.relative))))
        except ValidationError as exc:
            summary.record_failure(relative, exc)
    return planned


def _plan_download_directory(
    listing: Iterable[FileInfo], remote_dir: str, local_dir: PathArg
) -> list[tuple[str, RemoteFile, Path]]:
    """Map every listed file to a local path, refusing the whole transfer if any name is unsafe."""
    root = Path(local_dir)
    if root.exists() and not root.is_dir():
        raise ValidationError(f"cannot download into {str(root)!r}: it is not a folder")
    planned: list[tuple[str, RemoteFile, Path]] = []
    unsafe: list[str] = []
    for info in listing:
        if info.type_ != "file":
            continue
        relative = info.path[len(remote_dir) :] if info.path.startswith(remote_dir) else info.path
        try:
            planned.append((relative, _remote_file(info), safe_local_path(root, relative, info.path)))
        except TransferError as exc:
            unsafe.append(str(exc))
    if unsafe:
        raise TransferError("; ".join(unsafe[:10]) + (f" (and {len(unsafe) - 10} more)" if len(unsafe) > 10 else ""))
    root.mkdir(parents=True, exist_ok=True)
    return planned


# --------------------------------------------------------------------------- backends


def _body_request(
    core: SyncCore | AsyncCore,
    attempt_headers: Mapping[str, str],
    size: int,
    content: Any,
    upload: tuple[str, int] | None = None,
    *,
    path: str = "",
    sha256: str | None,
) -> dict[str, Any]:
    """The kwargs of one streamed ``upload_file`` (or, with ``upload=(id, part)``, ``upload_part``)."""
    common: dict[str, Any] = {
        "body": _NO_BODY,
        "x_content_sha256": UNSET if sha256 is None else sha256,
        "extra_headers": {**core.headers(attempt_headers), "Content-Length": str(size)},
        "timeout": core.timeout,
    }
    if upload is None:
        kwargs = upload_file._get_kwargs(path=path, **common)
    else:
        kwargs = upload_part._get_kwargs(*upload, **common)
    kwargs["content"] = content
    return kwargs


class _RangeCursor:
    """Where a ranged read is: what to ask for next and, after a broken body, how long to wait."""

    def __init__(self, core: SyncCore | AsyncCore, remote: RemoteFile, start: int, end: int) -> None:
        self.core, self.remote, self.position, self.end = core, remote, start, end
        self.failures = 0

    @property
    def done(self) -> bool:
        return self.position >= self.end

    def request(self) -> RequestFactory:
        return _range_request(self.core, self.remote, self.position, self.end)

    def check(self, response: httpx.Response) -> None:
        _check_range_response(response, self.remote, self.position, self.end)

    def take(self, chunk: bytes) -> bytes:
        if len(chunk) > self.end - self.position:  # slicing copies: only trim a chunk that overruns
            chunk = chunk[: self.end - self.position]
        self.position += len(chunk)
        return chunk

    def delay_after(self, failure: httpx.TransportError | None) -> float:
        """The body ended before the range did: wait, then ask for the rest (or give up)."""
        self.failures += 1
        return _resume_delay(self.core, self.failures, self.remote, failure)


class _SyncBackend(SyncBackend[FileInfo]):
    def __init__(self, core: SyncCore) -> None:
        self._core = core

    def stat(self, remote: str) -> RemoteFile:
        return _remote_file(self._core.call(get_file_metadata.sync, path=remote))

    def put(self, remote: str, size: int, sha256: str, body: Callable[[], Iterator[bytes]]) -> FileInfo:
        def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            kwargs = _body_request(self._core, attempt_headers, size, body(), path=remote, sha256=sha256)
            return upload_file._parse_response(response=self._core.http.request(**kwargs))

        return self._core.runner.run(attempt, retry_safe=True)

    def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        request = CreateUploadRequest(path=remote, size=size, part_size=part_size)
        session = self._core.call(create_upload.sync, body=request, idempotency_key=new_idempotency_key())
        return _session_state(session)

    def get_session(self, upload_id: str) -> SessionState | None:
        try:
            return _session_state(self._core.call(get_upload.sync, upload_id))
        except (ResourceNotFoundError, ValidationError):
            return None

    def put_part(
        self, upload_id: str, number: int, size: int, sha256: str | None, body: Callable[[], Iterator[bytes]]
    ) -> None:
        def attempt(attempt_headers: Mapping[str, str]) -> None:
            kwargs = _body_request(self._core, attempt_headers, size, body(), (upload_id, number), sha256=sha256)
            upload_part._parse_response(response=self._core.http.request(**kwargs))

        self._core.runner.run(attempt, retry_safe=True)

    def complete_session(self, upload_id: str, size: int, sha256: str) -> FileInfo:
        core, completion = self._core, _Completion(self._core, size)

        def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            return complete_upload.sync(
                upload_id,
                body=CompleteUploadRequest(sha256=sha256),
                idempotency_key=completion.key,
                client=core.generated,
                extra_headers=core.headers(attempt_headers),
                timeout=completion.timeout,
            )

        while True:
            try:
                return core.runner.run(attempt, retry_safe=True)
            except ConflictError as exc:
                delay = completion.wait_after(exc)
            core.runner.sleep(delay)

    def abort_session(self, upload_id: str) -> None:
        self._core.call(abort_upload.sync, upload_id)

    def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], None]) -> None:
        cursor = _RangeCursor(self._core, remote, start, end)
        while not cursor.done:
            response = open_stream(self._core, cursor.request())
            failure: httpx.TransportError | None = None
            try:
                cursor.check(response)
                for chunk in response.iter_bytes():
                    sink(cursor.take(chunk))
                    if cursor.done:
                        break
            except httpx.TransportError as exc:
                failure = exc
            finally:
                response.close()
            if not cursor.done:
                self._core.runner.sleep(cursor.delay_after(failure))


class _Completion:
    """How long completing a session may take, and whether to wait for one still being completed.

    The server hashes the parts as they arrive, but may have to hash every byte before it answers
    (a server that restarted mid-upload does), so the read timeout grows with the file (30 s plus
    20 MiB/s). A retry after a timeout can find the first attempt still running (409
    ``upload_completing``); the session is then polled by re-sending the same completion, which
    returns the file once the first is done.
    """

    def __init__(self, core: SyncCore | AsyncCore, size: int) -> None:
        base = core.timeout if isinstance(core.timeout, httpx.Timeout) else core.http.timeout
        read = None if base.read is None else max(base.read, 30.0 + size / (20 * MiB))
        self.timeout = httpx.Timeout(connect=base.connect, read=read, write=base.write, pool=base.pool)
        self.key = new_idempotency_key()
        self._deadline = time.monotonic() + (read if read is not None else float("inf"))
        self._delay = 0.25

    def wait_after(self, exc: ConflictError) -> float:
        """The pause before asking again, or re-raise when the 409 is not "still completing" or time is up."""
        if exc.code != "upload_completing" or time.monotonic() > self._deadline:
            raise exc
        self._delay = min(self._delay * 2, 5.0)
        return self._delay


def _resume_delay(core: SyncCore | AsyncCore, failures: int, remote: RemoteFile, failure: Exception | None) -> float:
    """The pause before re-requesting the rest of a range whose body broke off, or the final error."""
    if failures > core.runner.policy.max_retries:
        if isinstance(failure, httpx.TransportError):
            error = connection_error_from_httpx(failure)
            error.attempts = failures
            raise error from failure
        raise TransferError(f"{remote.path}: the server ended the download early {failures} times")
    return core.runner.jitter() * core.runner.policy.backoff_ceiling(failures - 1)


class _AsyncBackend(AsyncBackend[FileInfo]):
    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    async def stat(self, remote: str) -> RemoteFile:
        return _remote_file(await self._core.call(get_file_metadata.asyncio, path=remote))

    async def put(self, remote: str, size: int, sha256: str, body: Callable[[], AsyncIterator[bytes]]) -> FileInfo:
        async def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            kwargs = _body_request(self._core, attempt_headers, size, body(), path=remote, sha256=sha256)
            return upload_file._parse_response(response=await self._core.http.request(**kwargs))

        return await self._core.runner.arun(attempt, retry_safe=True)

    async def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        request = CreateUploadRequest(path=remote, size=size, part_size=part_size)
        session = await self._core.call(create_upload.asyncio, body=request, idempotency_key=new_idempotency_key())
        return _session_state(session)

    async def get_session(self, upload_id: str) -> SessionState | None:
        try:
            return _session_state(await self._core.call(get_upload.asyncio, upload_id))
        except (ResourceNotFoundError, ValidationError):
            return None

    async def put_part(
        self,
        upload_id: str,
        number: int,
        size: int,
        sha256: str | None,
        body: Callable[[], AsyncIterator[bytes]],
    ) -> None:
        async def attempt(attempt_headers: Mapping[str, str]) -> None:
            kwargs = _body_request(self._core, attempt_headers, size, body(), (upload_id, number), sha256=sha256)
            upload_part._parse_response(response=await self._core.http.request(**kwargs))

        await self._core.runner.arun(attempt, retry_safe=True)

    async def complete_session(self, upload_id: str, size: int, sha256: str) -> FileInfo:
        core, completion = self._core, _Completion(self._core, size)

        async def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            return await complete_upload.asyncio(
                upload_id,
                body=CompleteUploadRequest(sha256=sha256),
                idempotency_key=completion.key,
                client=core.generated,
                extra_headers=core.headers(attempt_headers),
                timeout=completion.timeout,
            )

        while True:
            try:
                return await core.runner.arun(attempt, retry_safe=True)
            except ConflictError as exc:
                delay = completion.wait_after(exc)
            await core.runner.async_sleep(delay)

    async def abort_session(self, upload_id: str) -> None:
        await self._core.call(abort_upload.asyncio, upload_id)

    async def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], Awaitable[None]]) -> None:
        cursor = _RangeCursor(self._core, remote, start, end)
        while not cursor.done:
            response = await aopen_stream(self._core, cursor.request())
            failure: httpx.TransportError | None = None
            try:
                cursor.check(response)
                async for chunk in response.aiter_bytes():
                    await sink(cursor.take(chunk))
                    if cursor.done:
                        break
            except httpx.TransportError as exc:
                failure = exc
            finally:
                await response.aclose()
            if not cursor.done:
                await self._core.runner.async_sleep(cursor.delay_after(failure))


# --------------------------------------------------------------------------- resources


class Storage(SyncResource):
    """Files in the organization's storage.

    Attributes:
        transfer_config: How transfers move bytes (threshold, part size, concurrency, journal folder).

    Example:
        >>> client.storage.upload("local-file.txt", "/datasets/remote-file.txt")
        >>> client.storage.download_to_string("/datasets/remote-file.txt")
        'hello'
    """

    def __init__(self, core: SyncCore, transfer_config: TransferConfig | None = None) -> None:
        super().__init__(core)
        self.transfer_config = transfer_config or TransferConfig()
        self._backend = _SyncBackend(core)

    def list(
        self,
        path: str = "/",
        *,
        recursive: bool = False,
        include_size: bool = False,
        include_metadata: bool = False,
    ) -> builtins.list[FileInfo]:
        """List the files and folders under a folder, across all pages.

        Args:
            path: The folder, such as ``"/datasets/"``.
            recursive: List every file below the folder instead of its direct children.
            include_size: Also give folders their total size (files always have one).
            include_metadata: Include each file's sha256, content type and user metadata.

        Returns:
            The entries, sorted by path.

        Example:
            >>> for file in client.storage.list("/datasets/", recursive=True):
            ...     print(f"{file.path} ({file.size} bytes)")
        """
        return builtins.list(self._iter(path, recursive, include_size, include_metadata))

    def _iter(self, path: object, recursive: bool, include_size: bool, include_metadata: bool) -> Iterator[FileInfo]:
        return iter_items(
            self._core,
            list_files.sync,
            path=check_remote_folder(path, "path"),
            recursive=recursive,
            include_size=include_size,
            include_metadata=include_metadata,
            limit=_LIST_PAGE,
        )

    def metadata(self, remote_path: str) -> FileInfo:
        """A file's size, sha256, ETag, content type and user metadata.

        Example:
            >>> client.storage.metadata("/datasets/remote-file.txt").sha256
            '7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069'
        """
        return self._core.call(get_file_metadata.sync, path=check_remote_file(remote_path))

    def upload(
        self,
        local_path: PathArg,
        remote_path: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
    ) -> FileInfo:
        """Upload one local file; a ``remote_path`` ending in ``/`` keeps the local file's name.

        Large files go through a resumable session: if this call is interrupted (even by killing
        the process), calling it again with the same arguments sends only the missing parts.

        Args:
            local_path: The file to upload.
            remote_path: Where to store it, such as ``"/datasets/remote-file.txt"``.
            progress_callback: Called as ``progress_callback(bytes_transferred, total_bytes)`` with
                cumulative figures, about 10 times a second and once at 100% (not for empty files).
            progress: ``"tqdm"`` or ``"rich"`` for a progress bar (needs the ``progress`` extra).

        Returns:
            The stored file.

        Raises:
            ValidationError: The local file is missing, unreadable or a folder, or the remote path is invalid.
            IntegrityError: The server found the bytes did not match their sha256.
            TransferError: The local file changed during the upload.

        Example:
            >>> client.storage.upload("large-file.tar.gz", "/datasets/large-file.tar.gz",
            ...                       progress_callback=lambda done, total: print(done, total))
        """
        source = Source.from_path(local_path)
        remote = _upload_target(remote_path, source)
        tracker = make_tracker(
            source.size,
            min_interval=self.transfer_config.progress_interval,
            progress_callback=progress_callback,
            progress=progress,
            description=remote,
        )
        return self._run_upload(source, remote, tracker)

    def _run_upload(self, source: Source, remote: str, tracker: ProgressTracker) -> FileInfo:
        try:
            info = upload_sync(self._backend, source, remote, self.transfer_config, tracker)
            tracker.finish()
            return info
        finally:
            tracker.close()

    def upload_directory(
        self,
        local_dir: PathArg,
        remote_dir: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        fail_fast: bool = False,
    ) -> TransferSummary:
        """Upload every file below a local folder, keeping relative paths, several files at a time.

        A file that fails is recorded in the summary and the others go on (unless ``fail_fast``).
        Symlinks are followed only when they point inside ``local_dir``.

        Args:
            local_dir: The folder to upload.
            remote_dir: The storage folder to upload into, such as ``"/datasets/remote-dir/"``.
            progress_callback: Called with cumulative bytes of all files, as for ``upload``.
            progress: ``"tqdm"`` or ``"rich"`` for one bar over the whole folder (with a file count).
            fail_fast: Stop at the first failed file and raise its error.

        Returns:
            What was transferred, skipped (and why) and failed (and with which error).

        Example:
            >>> summary = client.storage.upload_directory("./local-dir/", "/datasets/remote-dir/")
            >>> summary.raise_for_failures()
        """
        summary = TransferSummary()
        planned = _plan_upload_directory(local_dir, remote_dir, summary)
        tasks: builtins.list[_UploadTask | _DownloadTask] = [
            _UploadTask(rel, src.size, src, remote) for rel, src, remote in planned
        ]
        return self._run_directory(tasks, summary, progress_callback, progress, fail_fast, str(local_dir))

    def _run_directory(
        self,
        tasks: builtins.list[_UploadTask | _DownloadTask],
        summary: TransferSummary,
        progress_callback: ProgressCallback | None,
        progress: ProgressArg,
        fail_fast: bool,
        description: str,
    ) -> TransferSummary:
        if fail_fast and summary.failed:
            raise next(iter(summary.failed.values()))
        tracker = make_tracker(
            sum(t.size for t in tasks),
            progress_callback=progress_callback,
            progress=progress,
            description=description,
            files_total=len(tasks),
            min_interval=self.transfer_config.progress_interval,
        )
        cancel = StopFlag()
        config = self.transfer_config

        def run(task: _UploadTask | _DownloadTask) -> None:
            if cancel.is_set():
                return
            try:
                if isinstance(task, _UploadTask):
                    upload_sync(self._backend, task.source, task.remote, config, tracker, cancel=cancel)
                else:
                    task.make_folder()
                    download_sync(self._backend, task.remote, task.dest, config, tracker, cancel=cancel)
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
            futures = [pool.submit(run, task) for task in tasks]
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

    def upload_string(self, text: str | bytes, remote_path: str, *, encoding: str = "utf-8") -> FileInfo:
        """Store a string (encoded with ``encoding``) or bytes as a file.

        Example:
            >>> client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        source = Source.from_bytes(_encode(text, encoding), label=f"<string for {remote_path}>")
        remote = check_remote_file(remote_path)
        return self._run_upload(source, remote, ProgressTracker(source.size))

    def download(
        self,
        remote_path: str,
        local_path: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
    ) -> Path:
        """Download one file; an existing folder (or a path ending in a separator) keeps the remote name.

        The bytes go to a temporary file beside the destination, which replaces the destination only
        once its size and sha256 match the server's: a failed download leaves the destination as it
        was. An interrupted download called again with the same arguments fetches only the rest.

        Args:
            remote_path: The file to download, such as ``"/datasets/remote-file.txt"``.
            local_path: Where to write it; its folder must exist.
            progress_callback: Called as ``progress_callback(bytes_transferred, total_bytes)``, as for ``upload``.
            progress: ``"tqdm"`` or ``"rich"`` for a progress bar.

        Returns:
            The path written.

        Raises:
            ResourceNotFoundError: No such file.
            ValidationError: The remote path names a folder, or the local folder does not exist.
            IntegrityError: The bytes received do not match the file's sha256.

        Example:
            >>> client.storage.download("/datasets/remote-file.txt", "local-file.txt")
            PosixPath('local-file.txt')
        """
        remote_path = check_remote_file(remote_path)
        dest = local_destination(local_path, remote_path)
        remote = self._backend.stat(remote_path)
        tracker = make_tracker(
            remote.size,
            min_interval=self.transfer_config.progress_interval,
            progress_callback=progress_callback,
            progress=progress,
            description=str(dest),
        )
        try:
            download_sync(self._backend, remote, dest, self.transfer_config, tracker)
            tracker.finish()
        finally:
            tracker.close()
        return dest

    def download_directory(
        self,
        remote_dir: str,
        local_dir: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        fail_fast: bool = False,
    ) -> TransferSummary:
        """Download every file below a storage folder into a local folder (created if needed).

        Before any byte moves, every remote name is checked: a name that would land outside
        ``local_dir`` (``..``, absolute, a drive letter, a backslash, a symlink already there) makes
        the whole call fail with a ``TransferError`` naming it.

        Args:
            remote_dir: The storage folder, such as ``"/datasets/remote-dir/"``.
            local_dir: The local folder to write into.
            progress_callback: Called with cumulative bytes of all files.
            progress: ``"tqdm"`` or ``"rich"`` for one bar over the whole folder.
            fail_fast: Stop at the first failed file and raise its error.

        Returns:
            What was transferred and what failed.

        Example:
            >>> client.storage.download_directory("/datasets/remote-dir/", "./local-dir/").transferred
            ['a.txt', 'sub/b.txt']
        """
        folder = check_remote_folder(remote_dir)
        planned = _plan_download_directory(self._iter(folder, True, False, True), folder, local_dir)
        tasks: builtins.list[_UploadTask | _DownloadTask] = [
            _DownloadTask(relative, remote.size, remote, dest) for relative, remote, dest in planned
        ]
        return self._run_directory(tasks, TransferSummary(), progress_callback, progress, fail_fast, str(local_dir))

    def download_to_string(self, remote_path: str, *, encoding: str = "utf-8") -> str:
        """Download a file into memory and decode it, verified against its sha256.

        Example:
            >>> client.storage.download_to_string("/datasets/small-file.txt")
            'Hello World!'
        """
        remote = self._backend.stat(check_remote_file(remote_path))
        return read_all_sync(self._backend, remote, ProgressTracker(remote.size)).decode(encoding)

    def delete(self, remote_path: str, *, recursive: bool = False) -> None:
        """Delete a file, or with ``recursive=True`` every file below a folder.

        Raises:
            ResourceNotFoundError: Nothing is stored there.

        Example:
            >>> client.storage.delete("/datasets/old/", recursive=True)
        """
        path = check_remote_folder(remote_path, "remote_path") if recursive else check_remote_file(remote_path)
        self._core.call(delete_file.sync, path=path, recursive=recursive if recursive else UNSET)


class AsyncStorage(AsyncResource):
    """The async twin of ``Storage``: the same methods, awaitable.

    Example:
        >>> await client.storage.upload("local-file.txt", "/datasets/remote-file.txt")
    """

    def __init__(self, core: AsyncCore, transfer_config: TransferConfig | None = None) -> None:
        super().__init__(core)
        self.transfer_config = transfer_config or TransferConfig()
        self._backend = _AsyncBackend(core)

    async def list(
        self,
        path: str = "/",
        *,
        recursive: bool = False,
        include_size: bool = False,
        include_metadata: bool = False,
    ) -> builtins.list[FileInfo]:
        """List the files and folders under a folder, across all pages (see ``Storage.list``).

        Example:
            >>> files = await client.storage.list("/datasets/", recursive=True)
        """
        return [item async for item in self._iter(path, recursive, include_size, include_metadata)]

    def _iter(
        self, path: object, recursive: bool, include_size: bool, include_metadata: bool
    ) -> AsyncIterator[FileInfo]:
        return aiter_items(
            self._core,
            list_files.asyncio,
            path=check_remote_folder(path, "path"),
            recursive=recursive,
            include_size=include_size,
            include_metadata=include_metadata,
            limit=_LIST_PAGE,
        )

    async def metadata(self, remote_path: str) -> FileInfo:
        """A file's metadata (see ``Storage.metadata``).

        Example:
            >>> (await client.storage.metadata("/datasets/remote-file.txt")).size
            12
        """
        return await self._core.call(get_file_metadata.asyncio, path=check_remote_file(remote_path))

    async def upload(
        self,
        local_path: PathArg,
        remote_path: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
    ) -> FileInfo:
        """Upload one local file (see ``Storage.upload``).

        Example:
            >>> await client.storage.upload("large-file.tar.gz", "/datasets/large-file.tar.gz")
        """
        source = Source.from_path(local_path)
        remote = _upload_target(remote_path, source)
        tracker = make_tracker(
            source.size,
            min_interval=self.transfer_config.progress_interval,
            progress_callback=progress_callback,
            progress=progress,
            description=remote,
        )
        return await self._run_upload(source, remote, tracker)

    async def _run_upload(self, source: Source, remote: str, tracker: ProgressTracker) -> FileInfo:
        try:
            info = await upload_async(self._backend, source, remote, self.transfer_config, tracker)
            tracker.finish()
            return info
        finally:
            tracker.close()

    async def upload_directory(
        self,
        local_dir: PathArg,
        remote_dir: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        fail_fast: bool = False,
    ) -> TransferSummary:
        """Upload every file below a local folder (see ``Storage.upload_directory``).

        Example:
            >>> summary = await client.storage.upload_directory("./local-dir/", "/datasets/remote-dir/")
        """
        summary = TransferSummary()
        planned = await anyio.to_thread.run_sync(_plan_upload_directory, local_dir, remote_dir, summary)
        tasks: builtins.list[_UploadTask | _DownloadTask] = [
            _UploadTask(rel, src.size, src, remote) for rel, src, remote in planned
        ]
        return await self._run_directory(tasks, summary, progress_callback, progress, fail_fast, str(local_dir))

    async def _run_directory(
        self,
        tasks: builtins.list[_UploadTask | _DownloadTask],
        summary: TransferSummary,
        progress_callback: ProgressCallback | None,
        progress: ProgressArg,
        fail_fast: bool,
        description: str,
    ) -> TransferSummary:
        if fail_fast and summary.failed:
            raise next(iter(summary.failed.values()))
        tracker = make_tracker(
            sum(t.size for t in tasks),
            progress_callback=progress_callback,
            progress=progress,
            description=description,
            files_total=len(tasks),
            min_interval=self.transfer_config.progress_interval,
        )
        config = self.transfer_config
        queue = iter(tasks)

        async def worker() -> None:
            for task in queue:
                try:
                    if isinstance(task, _UploadTask):
                        await upload_async(self._backend, task.source, task.remote, config, tracker)
                    else:
                        await anyio.to_thread.run_sync(task.make_folder)
                        await download_async(self._backend, task.remote, task.dest, config, tracker)
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

    async def upload_string(self, text: str | bytes, remote_path: str, *, encoding: str = "utf-8") -> FileInfo:
        """Store a string or bytes as a file (see ``Storage.upload_string``).

        Example:
            >>> await client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        source = Source.from_bytes(_encode(text, encoding), label=f"<string for {remote_path}>")
        remote = check_remote_file(remote_path)
        return await self._run_upload(source, remote, ProgressTracker(source.size))

    async def download(
        self,
        remote_path: str,
        local_path: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
    ) -> Path:
        """Download one file (see ``Storage.download``).

        Example:
            >>> await client.storage.download("/datasets/remote-file.txt", "local-file.txt")
        """
        remote_path = check_remote_file(remote_path)
        dest = await anyio.to_thread.run_sync(local_destination, local_path, remote_path)
        remote = await self._backend.stat(remote_path)
        tracker = make_tracker(
            remote.size,
            min_interval=self.transfer_config.progress_interval,
            progress_callback=progress_callback,
            progress=progress,
            description=str(dest),
        )
        try:
            await download_async(self._backend, remote, dest, self.transfer_config, tracker)
            tracker.finish()
        finally:
            tracker.close()
        return dest

    async def download_directory(
        self,
        remote_dir: str,
        local_dir: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        fail_fast: bool = False,
    ) -> TransferSummary:
        """Download every file below a storage folder (see ``Storage.download_directory``).

        Example:
            >>> await client.storage.download_directory("/datasets/remote-dir/", "./local-dir/")
        """
        folder = check_remote_folder(remote_dir)
        listing = [item async for item in self._iter(folder, True, False, True)]
        planned = await anyio.to_thread.run_sync(_plan_download_directory, listing, folder, local_dir)
        tasks: builtins.list[_UploadTask | _DownloadTask] = [
            _DownloadTask(relative, remote.size, remote, dest) for relative, remote, dest in planned
        ]
        return await self._run_directory(
            tasks, TransferSummary(), progress_callback, progress, fail_fast, str(local_dir)
        )

    async def download_to_string(self, remote_path: str, *, encoding: str = "utf-8") -> str:
        """Download a file into memory and decode it (see ``Storage.download_to_string``).

        Example:
            >>> await client.storage.download_to_string("/datasets/small-file.txt")
            'Hello World!'
        """
        remote = await self._backend.stat(check_remote_file(remote_path))
        data = await read_all_async(self._backend, remote, ProgressTracker(remote.size))
        return data.decode(encoding)

    async def delete(self, remote_path: str, *, recursive: bool = False) -> None:
        """Delete a file or, with ``recursive=True``, a folder (see ``Storage.delete``).

        Example:
            >>> await client.storage.delete("/datasets/old/", recursive=True)
        """
        path = check_remote_folder(remote_path, "remote_path") if recursive else check_remote_file(remote_path)
        await self._core.call(delete_file.asyncio, path=path, recursive=recursive if recursive else UNSET)
