"""``client.storage``: list, upload, download, delete (``Storage`` / ``AsyncStorage``).

Transfers go through the engine in ``vantage_sdk._transfer``: files up to
``transfer_config.multipart_threshold`` (16 MiB by default) move in one streamed request with
``X-Content-SHA256``; larger ones through a resumable upload session whose parts travel in
parallel, or as parallel ranged downloads. Every upload is checked by the server against its
sha256 and every download by the SDK before it is renamed into place. An interrupted transfer
re-run with the same arguments continues where it stopped.

The engine's requests go through ``vantage_sdk._transfer._api`` (``SyncAPIBackend`` /
``AsyncAPIBackend``); directory planning and the several-files-at-a-time runners live in
``vantage_sdk._transfer._directory``. This module checks arguments and reports progress.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Unpack

import anyio

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._generated.api.storage import delete_file, get_file_metadata, list_files
from vantage_sdk._generated.models.file_info import FileInfo
from vantage_sdk._generated.types import UNSET
from vantage_sdk._pagination import ItemList, afetch_page, fetch_page, lazy_aitems, lazy_items
from vantage_sdk._request_options import CallOptions, RequestOptions, request_scope
from vantage_sdk._resource import AsyncResource, SyncResource
from vantage_sdk._response import RawResponseView, async_raw_method, raw_method
from vantage_sdk._transfer import (
    ProgressArg,
    ProgressCallback,
    ProgressSink,
    ProgressTracker,
    Source,
    TransferConfig,
    TransferProgress,
    TransferSummary,
    Verify,
    check_remote_file,
    check_remote_folder,
    download_async,
    download_sync,
    local_destination,
    make_tracker,
    read_all_async,
    read_all_sync,
    upload_async,
    upload_sync,
)
from vantage_sdk._transfer._api import AsyncAPIBackend, SyncAPIBackend, plan_download_directory
from vantage_sdk._transfer._directory import plan_upload_directory, run_directory_async, run_directory_sync
from vantage_sdk.resources._storage_args import encode_text, upload_target

__all__ = [
    "AsyncStorage",
    "AsyncStorageWithRawResponse",
    "ProgressSink",
    "Storage",
    "StorageWithRawResponse",
    "TransferConfig",
    "TransferProgress",
    "TransferSummary",
]

PathArg = str | os.PathLike[str]

_LIST_PAGE = 1000  # the contract's largest `limit`


def _list_kwargs(path: object, recursive: bool, include_size: bool, include_metadata: bool) -> dict[str, object]:
    return {
        "path": check_remote_folder(path, "path"),
        "recursive": recursive,
        "include_size": include_size,
        "include_metadata": include_metadata,
        "limit": _LIST_PAGE,
    }


def _config(config: TransferConfig, verify: Verify | None) -> TransferConfig:
    """``config``, with this call's ``verify=`` when one was given (checked like ``TransferConfig``'s)."""
    return config if verify is None else dataclasses.replace(config, verify=verify)


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
        self._backend = SyncAPIBackend(core)

    @functools.cached_property
    def with_raw_response(self) -> StorageWithRawResponse:
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
        return StorageWithRawResponse(self)

    def list(
        self,
        path: str = "/",
        *,
        recursive: bool = False,
        include_size: bool = False,
        include_metadata: bool = False,
        **options: Unpack[RequestOptions],
    ) -> ItemList[FileInfo]:
        """List the files and folders under a folder, across all pages.

        Args:
            path: The folder, such as ``"/datasets/"``.
            recursive: List every file below the folder instead of its direct children.
            include_size: Also give folders their total size (files always have one).
            include_metadata: Include each file's sha256, CRC32C, content type and user metadata.

        Returns:
            The entries, sorted by path.

        Example:
            >>> for file in client.storage.list("/datasets/", recursive=True):
            ...     print(f"{file.path} ({file.size} bytes)")
        """
        with request_scope(options):
            return ItemList(self._iter(path, recursive, include_size, include_metadata))

    def _iter(self, path: object, recursive: bool, include_size: bool, include_metadata: bool) -> Iterator[FileInfo]:
        kwargs = _list_kwargs(path, recursive, include_size, include_metadata)
        return lazy_items(functools.partial(fetch_page, self._core, list_files.sync, CallOptions(), kwargs))

    def metadata(self, remote_path: str, **options: Unpack[RequestOptions]) -> FileInfo:
        """A file's size, sha256, ETag, content type and user metadata.

        Example:
            >>> client.storage.metadata("/datasets/remote-file.txt").sha256
            '7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069'
        """
        return self._core.call(get_file_metadata.sync, path=check_remote_file(remote_path), options=options)

    def upload(
        self,
        local_path: PathArg,
        remote_path: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        verify: Verify | None = None,
        **options: Unpack[RequestOptions],
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
            verify: ``"crc32c"`` or ``"sha256"`` for this call (default: ``transfer_config.verify``,
                ``"crc32c"``): parts carry their CRC32C, or not (the server checks the sha256 either way).

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
        with request_scope(options):
            source = Source.from_path(local_path)
            remote = upload_target(remote_path, source)
            tracker = make_tracker(
                source.size,
                min_interval=self.transfer_config.progress_interval,
                progress_callback=progress_callback,
                progress=progress,
                description=remote,
            )
            return self._run_upload(source, remote, tracker, verify)

    def _run_upload(
        self, source: Source, remote: str, tracker: ProgressTracker, verify: Verify | None = None
    ) -> FileInfo:
        try:
            info = upload_sync(self._backend, source, remote, _config(self.transfer_config, verify), tracker)
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
        **options: Unpack[RequestOptions],
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
        with request_scope(options):
            summary = TransferSummary()
            tasks = plan_upload_directory(local_dir, remote_dir, summary)
            how = (progress_callback, progress, fail_fast, str(local_dir))
            return run_directory_sync(self._backend, tasks, summary, self.transfer_config, *how)

    def upload_string(
        self, text: str | bytes, remote_path: str, *, encoding: str = "utf-8", **options: Unpack[RequestOptions]
    ) -> FileInfo:
        """Store a string (encoded with ``encoding``) or bytes as a file.

        Example:
            >>> client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        with request_scope(options):
            source = Source.from_bytes(encode_text(text, encoding), label=f"<string for {remote_path}>")
            remote = check_remote_file(remote_path)
            return self._run_upload(source, remote, ProgressTracker(source.size))

    def download(
        self,
        remote_path: str,
        local_path: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        verify: Verify | None = None,
        **options: Unpack[RequestOptions],
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
            verify: ``"crc32c"`` or ``"sha256"`` for this call (default: ``transfer_config.verify``,
                ``"crc32c"``); the file is checked against the server's checksum of that kind.

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
        with request_scope(options):
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
                download_sync(self._backend, remote, dest, _config(self.transfer_config, verify), tracker)
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
        **options: Unpack[RequestOptions],
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
        with request_scope(options):
            summary = TransferSummary()
            folder = check_remote_folder(remote_dir)
            tasks = plan_download_directory(self._iter(folder, True, False, True), folder, local_dir)
            how = (progress_callback, progress, fail_fast, str(local_dir))
            return run_directory_sync(self._backend, tasks, summary, self.transfer_config, *how)

    def download_to_string(
        self, remote_path: str, *, encoding: str = "utf-8", **options: Unpack[RequestOptions]
    ) -> str:
        """Download a file into memory and decode it, verified against its sha256.

        Example:
            >>> client.storage.download_to_string("/datasets/small-file.txt")
            'Hello World!'
        """
        with request_scope(options):
            remote = self._backend.stat(check_remote_file(remote_path))
            data = read_all_sync(self._backend, remote, ProgressTracker(remote.size), self.transfer_config.verify)
            return data.decode(encoding)

    def delete(self, remote_path: str, *, recursive: bool = False, **options: Unpack[RequestOptions]) -> None:
        """Delete a file, or with ``recursive=True`` every file below a folder.

        Raises:
            ResourceNotFoundError: Nothing is stored there.

        Example:
            >>> client.storage.delete("/datasets/old/", recursive=True)
        """
        with request_scope(options):
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
        self._backend = AsyncAPIBackend(core)

    @functools.cached_property
    def with_raw_response(self) -> AsyncStorageWithRawResponse:
        """The same methods, each returning an ``APIResponse`` (``.parse()`` gives the usual result)."""
        return AsyncStorageWithRawResponse(self)

    async def list(
        self,
        path: str = "/",
        *,
        recursive: bool = False,
        include_size: bool = False,
        include_metadata: bool = False,
        **options: Unpack[RequestOptions],
    ) -> ItemList[FileInfo]:
        """List the files and folders under a folder, across all pages (see ``Storage.list``).

        Example:
            >>> files = await client.storage.list("/datasets/", recursive=True)
        """
        with request_scope(options):
            return ItemList([item async for item in self._iter(path, recursive, include_size, include_metadata)])

    def _iter(
        self, path: object, recursive: bool, include_size: bool, include_metadata: bool
    ) -> AsyncIterator[FileInfo]:
        kwargs = _list_kwargs(path, recursive, include_size, include_metadata)
        return lazy_aitems(functools.partial(afetch_page, self._core, list_files.asyncio, CallOptions(), kwargs))

    async def metadata(self, remote_path: str, **options: Unpack[RequestOptions]) -> FileInfo:
        """A file's metadata (see ``Storage.metadata``).

        Example:
            >>> (await client.storage.metadata("/datasets/remote-file.txt")).size
            12
        """
        return await self._core.call(get_file_metadata.asyncio, path=check_remote_file(remote_path), options=options)

    async def upload(
        self,
        local_path: PathArg,
        remote_path: str,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        verify: Verify | None = None,
        **options: Unpack[RequestOptions],
    ) -> FileInfo:
        """Upload one local file (see ``Storage.upload``).

        Example:
            >>> await client.storage.upload("large-file.tar.gz", "/datasets/large-file.tar.gz")
        """
        with request_scope(options):
            source = Source.from_path(local_path)
            remote = upload_target(remote_path, source)
            tracker = make_tracker(
                source.size,
                min_interval=self.transfer_config.progress_interval,
                progress_callback=progress_callback,
                progress=progress,
                description=remote,
            )
            return await self._run_upload(source, remote, tracker, verify)

    async def _run_upload(
        self, source: Source, remote: str, tracker: ProgressTracker, verify: Verify | None = None
    ) -> FileInfo:
        try:
            info = await upload_async(self._backend, source, remote, _config(self.transfer_config, verify), tracker)
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
        **options: Unpack[RequestOptions],
    ) -> TransferSummary:
        """Upload every file below a local folder (see ``Storage.upload_directory``).

        Example:
            >>> summary = await client.storage.upload_directory("./local-dir/", "/datasets/remote-dir/")
        """
        with request_scope(options):
            summary = TransferSummary()
            tasks = await anyio.to_thread.run_sync(plan_upload_directory, local_dir, remote_dir, summary)
            how = (progress_callback, progress, fail_fast, str(local_dir))
            return await run_directory_async(self._backend, tasks, summary, self.transfer_config, *how)

    async def upload_string(
        self, text: str | bytes, remote_path: str, *, encoding: str = "utf-8", **options: Unpack[RequestOptions]
    ) -> FileInfo:
        """Store a string or bytes as a file (see ``Storage.upload_string``).

        Example:
            >>> await client.storage.upload_string("Hello World!", "/datasets/hello.txt")
        """
        with request_scope(options):
            source = Source.from_bytes(encode_text(text, encoding), label=f"<string for {remote_path}>")
            remote = check_remote_file(remote_path)
            return await self._run_upload(source, remote, ProgressTracker(source.size))

    async def download(
        self,
        remote_path: str,
        local_path: PathArg,
        *,
        progress_callback: ProgressCallback | None = None,
        progress: ProgressArg = None,
        verify: Verify | None = None,
        **options: Unpack[RequestOptions],
    ) -> Path:
        """Download one file (see ``Storage.download``).

        Example:
            >>> await client.storage.download("/datasets/remote-file.txt", "local-file.txt")
        """
        with request_scope(options):
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
                await download_async(self._backend, remote, dest, _config(self.transfer_config, verify), tracker)
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
        **options: Unpack[RequestOptions],
    ) -> TransferSummary:
        """Download every file below a storage folder (see ``Storage.download_directory``).

        Example:
            >>> await client.storage.download_directory("/datasets/remote-dir/", "./local-dir/")
        """
        with request_scope(options):
            summary = TransferSummary()
            folder = check_remote_folder(remote_dir)
            listing = [item async for item in self._iter(folder, True, False, True)]
            tasks = await anyio.to_thread.run_sync(plan_download_directory, listing, folder, local_dir)
            how = (progress_callback, progress, fail_fast, str(local_dir))
            return await run_directory_async(self._backend, tasks, summary, self.transfer_config, *how)

    async def download_to_string(
        self, remote_path: str, *, encoding: str = "utf-8", **options: Unpack[RequestOptions]
    ) -> str:
        """Download a file into memory and decode it (see ``Storage.download_to_string``).

        Example:
            >>> await client.storage.download_to_string("/datasets/small-file.txt")
            'Hello World!'
        """
        with request_scope(options):
            remote = await self._backend.stat(check_remote_file(remote_path))
            data = await read_all_async(
                self._backend, remote, ProgressTracker(remote.size), self.transfer_config.verify
            )
            return data.decode(encoding)

    async def delete(self, remote_path: str, *, recursive: bool = False, **options: Unpack[RequestOptions]) -> None:
        """Delete a file or, with ``recursive=True``, a folder (see ``Storage.delete``).

        Example:
            >>> await client.storage.delete("/datasets/old/", recursive=True)
        """
        with request_scope(options):
            path = check_remote_folder(remote_path, "remote_path") if recursive else check_remote_file(remote_path)
            await self._core.call(delete_file.asyncio, path=path, recursive=recursive if recursive else UNSET)


class StorageWithRawResponse(RawResponseView[Storage]):
    """``client.storage.with_raw_response``: each method returns an ``APIResponse`` of its last request."""

    list = raw_method(Storage.list)
    metadata = raw_method(Storage.metadata)
    upload = raw_method(Storage.upload)
    upload_directory = raw_method(Storage.upload_directory)
    upload_string = raw_method(Storage.upload_string)
    download = raw_method(Storage.download)
    download_directory = raw_method(Storage.download_directory)
    download_to_string = raw_method(Storage.download_to_string)
    delete = raw_method(Storage.delete)


class AsyncStorageWithRawResponse(RawResponseView[AsyncStorage]):
    """``async_client.storage.with_raw_response`` (see ``StorageWithRawResponse``)."""

    list = async_raw_method(AsyncStorage.list)
    metadata = async_raw_method(AsyncStorage.metadata)
    upload = async_raw_method(AsyncStorage.upload)
    upload_directory = async_raw_method(AsyncStorage.upload_directory)
    upload_string = async_raw_method(AsyncStorage.upload_string)
    download = async_raw_method(AsyncStorage.download)
    download_directory = async_raw_method(AsyncStorage.download_directory)
    download_to_string = async_raw_method(AsyncStorage.download_to_string)
    delete = async_raw_method(AsyncStorage.delete)
