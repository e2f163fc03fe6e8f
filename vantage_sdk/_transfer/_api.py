"""The transfer engine's API adapters: ``SyncBackend``/``AsyncBackend`` over the Vantage storage API.

The engine (the rest of this package) plans, reads, hashes, journals and verifies; these two
classes are the only HTTP code of a transfer. Each method sends one request through the client's
retry runner: JSON calls via the generated functions, streamed bodies via the generated
``_get_kwargs`` and ``httpx`` streaming. Around them: what a listed ``FileInfo`` or an
``UploadSession`` means to the engine, how a ranged read resumes after a broken body
(``_RangeCursor``), and how long completing a large session may take (``_Completion``).
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import (
    ConflictError,
    ResourceNotFoundError,
    TransferError,
    UnexpectedResponseError,
    ValidationError,
    connection_error_from_httpx,
)
from vantage_sdk._generated.api.storage import (
    abort_upload,
    complete_upload,
    create_upload,
    download_file,
    get_file_metadata,
    get_upload,
    upload_file,
    upload_part,
)
from vantage_sdk._generated.models.complete_upload_request import CompleteUploadRequest
from vantage_sdk._generated.models.create_upload_request import CreateUploadRequest
from vantage_sdk._generated.models.file_info import FileInfo
from vantage_sdk._generated.models.upload_session import UploadSession
from vantage_sdk._generated.types import UNSET, File
from vantage_sdk._retry import new_idempotency_key
from vantage_sdk._streaming import RequestFactory, aiter_body, aopen_stream, iter_body, open_stream
from vantage_sdk._transfer._backend import AsyncBackend, RemoteFile, SessionState, SyncBackend
from vantage_sdk._transfer._checksum import Checksum, decode
from vantage_sdk._transfer._directory import DownloadTask
from vantage_sdk._transfer._journal import download_temp_paths
from vantage_sdk._transfer._paths import safe_local_path
from vantage_sdk._transfer._plan import MiB

__all__ = ["AsyncAPIBackend", "SyncAPIBackend", "plan_download_directory"]

MAX_FILE_SIZE = 5 * 1024**4
"""The largest file the API stores (``CreateUploadRequest.size`` maximum, 5 TiB)."""

_NO_BODY = File(payload=io.BytesIO())  # placeholder for _get_kwargs; the real body replaces "content"


def _remote_file(info: FileInfo) -> RemoteFile:
    """What the engine needs to download a listed file.

    Raises:
        ValidationError: ``info`` is a folder.
        TransferError: The server did not give the file's size.
        UnexpectedResponseError: The size is negative or larger than any stored file can be.

    """
    if info.type_ != "file":
        raise ValidationError(f"{info.path!r} is a folder, not a file; use download_directory() for folders")
    if not isinstance(info.size, int):
        raise TransferError(f"the server did not report the size of {info.path!r}")
    size = info.size
    if not 0 <= size <= MAX_FILE_SIZE:
        # Checked before a temporary file of that size is made: 2**50 or -1 is a broken server.
        raise UnexpectedResponseError(
            f"the server reported a size of {size} bytes for {info.path!r}, outside 0 to {MAX_FILE_SIZE}",
            status_code=200,
            code="unexpected_response",
        )
    sha256 = info.sha256 if isinstance(info.sha256, str) else None
    etag = info.etag if isinstance(info.etag, str) else None
    # A malformed CRC32C is ignored (the sha256 then verifies the download), never trusted.
    crc32c = info.crc32c if isinstance(info.crc32c, str) and decode(info.crc32c) is not None else None
    return RemoteFile(info.path, size, sha256, etag, crc32c)


def _session_state(session: UploadSession) -> SessionState:
    return SessionState(
        upload_id=session.upload_id,
        path=session.path,
        size=session.size,
        part_size=session.part_size,
        is_open=session.status == "open",
        parts={p.part_number: (p.size, p.sha256 if isinstance(p.sha256, str) else None) for p in session.parts},
        part_crc32c={p.part_number: p.crc32c for p in session.parts if isinstance(p.crc32c, str)},
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
    crc32c = response.headers.get("X-Content-CRC32C")
    etag = response.headers.get("ETag")
    changed = (
        (remote.sha256 is not None and digest is not None and digest != remote.sha256)
        or (remote.crc32c is not None and crc32c is not None and crc32c != remote.crc32c)
        or (remote.etag is not None and etag is not None and etag != remote.etag)
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


def plan_download_directory(
    listing: Iterable[FileInfo], remote_dir: str, local_dir: str | os.PathLike[str]
) -> list[DownloadTask]:
    """A download task for every listed file, refusing the whole transfer if any name is unsafe."""
    root = Path(local_dir)
    if root.exists() and not root.is_dir():
        raise ValidationError(f"cannot download into {str(root)!r}: it is not a folder")
    planned: list[DownloadTask] = []
    unsafe: list[str] = []
    for info in listing:
        if info.type_ != "file":
            continue
        relative = info.path[len(remote_dir) :] if info.path.startswith(remote_dir) else info.path
        try:
            remote = _remote_file(info)
            planned.append(DownloadTask(relative, remote.size, remote, safe_local_path(root, relative, info.path)))
        except TransferError as exc:
            unsafe.append(str(exc))
    # A listed name equal to another file's temporary name (which carries a digest of its remote
    # path, so only a server crafting it gets here) would have two downloads share one file.
    reserved = {path: task.remote.path for task in planned for path in download_temp_paths(task.dest, task.remote.path)}
    unsafe += [
        f"refusing to download {task.remote.path!r}: its local name is the temporary file of {reserved[task.dest]!r}"
        for task in planned
        if task.dest in reserved
    ]
    if unsafe:
        raise TransferError("; ".join(unsafe[:10]) + (f" (and {len(unsafe) - 10} more)" if len(unsafe) > 10 else ""))
    root.mkdir(parents=True, exist_ok=True)
    return planned


def _body_request(
    core: SyncCore | AsyncCore,
    attempt_headers: Mapping[str, str],
    size: int,
    content: Any,
    upload: tuple[str, int] | None = None,
    *,
    path: str = "",
    sha256: str | None,
    crc32c: str | None = None,
) -> dict[str, Any]:
    """The kwargs of one streamed ``upload_file`` (or, with ``upload=(id, part)``, ``upload_part``)."""
    common: dict[str, Any] = {
        "body": _NO_BODY,
        "x_content_sha256": UNSET if sha256 is None else sha256,
        "x_content_crc32c": UNSET if crc32c is None else crc32c,
        "extra_headers": {**core.headers(attempt_headers), "Content-Length": str(size)},
        "timeout": core.timeout,
    }
    if upload is None:
        kwargs = upload_file._get_kwargs(path=path, **common)
    else:
        kwargs = upload_part._get_kwargs(*upload, **common)
    kwargs["content"] = content
    return kwargs


def _completion_body(checksum: Checksum) -> CompleteUploadRequest:
    return CompleteUploadRequest(
        sha256=UNSET if checksum.sha256 is None else checksum.sha256,
        crc32c=UNSET if checksum.crc32c is None else checksum.crc32c,
    )


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


class SyncAPIBackend(SyncBackend[FileInfo]):
    """The engine's blocking requests, sent through a ``SyncCore`` (``Storage`` holds one).

    Example:
        >>> backend = SyncAPIBackend(client._core)
        >>> backend.stat("/datasets/remote-file.txt").size
        12
    """

    def __init__(self, core: SyncCore) -> None:
        self._core = core

    def stat(self, remote: str) -> RemoteFile:
        return _remote_file(self._core.call(get_file_metadata.sync, path=remote))

    def put(self, remote: str, size: int, checksum: Checksum, body: Callable[[], Iterator[bytes]]) -> FileInfo:
        def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            kwargs = _body_request(
                self._core, attempt_headers, size, body(), path=remote, sha256=checksum.sha256, crc32c=checksum.crc32c
            )
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
        self,
        upload_id: str,
        number: int,
        size: int,
        sha256: str | None,
        body: Callable[[], Iterator[bytes]],
        crc32c: str | None = None,
    ) -> None:
        def attempt(attempt_headers: Mapping[str, str]) -> None:
            upload = (upload_id, number)
            kwargs = _body_request(self._core, attempt_headers, size, body(), upload, sha256=sha256, crc32c=crc32c)
            upload_part._parse_response(response=self._core.http.request(**kwargs))

        self._core.runner.run(attempt, retry_safe=True)

    def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> FileInfo:
        core, completion = self._core, _Completion(self._core, size)

        def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            return complete_upload.sync(
                upload_id,
                body=_completion_body(checksum),
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
                for chunk in iter_body(response):
                    sink(cursor.take(chunk))
                    if cursor.done:
                        break
            except httpx.TransportError as exc:
                failure = exc
            finally:
                response.close()
            if not cursor.done:
                self._core.runner.sleep(cursor.delay_after(failure))


class AsyncAPIBackend(AsyncBackend[FileInfo]):
    """The async twin of ``SyncAPIBackend``, sent through an ``AsyncCore`` (``AsyncStorage`` holds one).

    Example:
        >>> (await AsyncAPIBackend(client._core).stat("/datasets/remote-file.txt")).size
        12
    """

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    async def stat(self, remote: str) -> RemoteFile:
        return _remote_file(await self._core.call(get_file_metadata.asyncio, path=remote))

    async def put(
        self, remote: str, size: int, checksum: Checksum, body: Callable[[], AsyncIterator[bytes]]
    ) -> FileInfo:
        async def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            kwargs = _body_request(
                self._core, attempt_headers, size, body(), path=remote, sha256=checksum.sha256, crc32c=checksum.crc32c
            )
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
        crc32c: str | None = None,
    ) -> None:
        async def attempt(attempt_headers: Mapping[str, str]) -> None:
            upload = (upload_id, number)
            kwargs = _body_request(self._core, attempt_headers, size, body(), upload, sha256=sha256, crc32c=crc32c)
            upload_part._parse_response(response=await self._core.http.request(**kwargs))

        await self._core.runner.arun(attempt, retry_safe=True)

    async def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> FileInfo:
        core, completion = self._core, _Completion(self._core, size)

        async def attempt(attempt_headers: Mapping[str, str]) -> FileInfo:
            return await complete_upload.asyncio(
                upload_id,
                body=_completion_body(checksum),
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
                async for chunk in aiter_body(response):
                    await sink(cursor.take(chunk))
                    if cursor.done:
                        break
            except httpx.TransportError as exc:
                failure = exc
            finally:
                await response.aclose()
            if not cursor.done:
                await self._core.runner.async_sleep(cursor.delay_after(failure))
