"""Files: storing a body at a path (atomically, replacing what was there), reading, listing, deleting."""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Callable
from functools import partial
from typing import Any, BinaryIO, cast

from ..state import State, now
from . import crc32c
from .blobs import BlobStore
from .disk import _part_files
from .errors import (
    ChecksumMismatchError,
    ConflictError,
    InvalidPathError,
    NotFoundError,
    PayloadTooLargeError,
    StorageError,
    _shown,
)
from .incoming import IncomingFile
from .listing import list_folder
from .paths import _prefix_end, normalize_file_path, normalize_folder_path
from .readers import PartsReader
from .records import FilePage, FileRecord, _check_metadata, _file_record

__all__ = ["DEFAULT_MAX_SINGLE_UPLOAD", "FileStore"]

DEFAULT_MAX_SINGLE_UPLOAD = 5 * 1024**3


class FileStore(BlobStore):
    """The files of every organization: `storage_files` rows naming blobs of the `BlobStore`.

    Each final step (adopting the blob plus the row change) runs under the state's write
    lock, in one transaction; receiving and hashing a body run outside it.

    Args:
        state: The emulator's SQLite state.
        max_single_upload: Largest body `new_single_upload` accepts.
    """

    def __init__(self, state: State, *, max_single_upload: int = DEFAULT_MAX_SINGLE_UPLOAD) -> None:
        super().__init__(state)
        self.max_single_upload = max_single_upload

    def new_incoming(
        self,
        organization: str,
        *,
        max_size: int | None = None,
        too_large: Callable[[int], StorageError] | None = None,
        hashed: bool = True,
        durable: bool = True,
    ) -> IncomingFile:
        """A temp file for a body about to arrive (see `IncomingFile`)."""
        return IncomingFile(
            self.org_root(organization) / "tmp",
            max_size=max_size,
            too_large=too_large,
            hashed=hashed,
            durable=durable,
        )

    def new_single_upload(self, organization: str) -> IncomingFile:
        """A temp file for a single-request upload, limited to `max_single_upload` bytes."""
        return self.new_incoming(organization, max_size=self.max_single_upload, too_large=self.single_upload_too_large)

    def single_upload_too_large(self, limit: int | None = None) -> PayloadTooLargeError:
        """The 413 for a single-request upload over the limit."""
        return PayloadTooLargeError(
            f"Single uploads are limited to {self.max_single_upload} bytes; use an upload session.", field="body"
        )

    def _check_namespace(self, organization: str, path: str) -> None:
        """Refuse a file at `path` when a parent is a file or `path` is a folder.

        Keeping files and folders apart keeps the tree downloadable to a disk.
        """
        parts = path.split("/")[1:-1]
        ancestors = ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]
        for ancestor in ancestors:
            if self.state.query_one(
                "SELECT 1 FROM storage_files WHERE organization = ? AND path = ?", (organization, ancestor)
            ):
                raise ConflictError(
                    f"Cannot store {_shown(path)}: {_shown(ancestor)} is a file, not a folder.",
                    field="path",
                    code="path_conflict",
                )
        prefix = path + "/"
        if self.state.query_one(
            "SELECT 1 FROM storage_files WHERE organization = ? AND path >= ? AND path < ? LIMIT 1",
            (organization, prefix, _prefix_end(prefix)),
        ):
            raise ConflictError(
                f"Cannot store a file at {_shown(path)}: it is a folder with files in it.",
                field="path",
                code="path_conflict",
            )

    def put_file(
        self,
        organization: str,
        path: str,
        incoming: IncomingFile,
        *,
        expected_sha256: str | None = None,
        expected_crc32c: str | None = None,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> FileRecord:
        """Store a received body at `path`, replacing any file there, atomically.

        Raises:
            InvalidPathError: `path` is refused.
            ChecksumMismatchError: the body's sha256 is not `expected_sha256`, or its CRC32C not
                `expected_crc32c` (nothing stored).
            ConflictError: a parent of `path` is a file, or `path` is a folder.
        """
        path = normalize_file_path(path)
        sha256 = incoming.hexdigest()
        if expected_sha256 is not None and sha256 != expected_sha256.lower():
            incoming.discard()
            raise ChecksumMismatchError(
                f"The body's sha256 is {sha256}, not {expected_sha256} as X-Content-SHA256 says; nothing was stored.",
                field="X-Content-SHA256",
            )
        incoming.check_crc32c(expected_crc32c, "The body's")
        return self._commit_incoming(organization, path, incoming, content_type=content_type, metadata=metadata)

    def _commit_incoming(
        self,
        organization: str,
        path: str,
        incoming: IncomingFile,
        *,
        content_type: str | None,
        metadata: dict[str, str] | None,
    ) -> FileRecord:
        return self._commit_file(
            organization,
            path,
            incoming.size,
            incoming.hexdigest(),
            partial(self._adopt_blob, organization, incoming),
            crc32c=crc32c.encode(incoming.crc32c),
            content_type=content_type,
            metadata=metadata,
        )

    def _commit_file(
        self,
        organization: str,
        path: str,
        size: int,
        sha256: str,
        adopt: Callable[[], Callable[[], None] | None],
        *,
        content_type: str | None,
        metadata: dict[str, str] | None,
        crc32c: str | None,
        in_transaction: Callable[[Any], None] | None = None,
    ) -> FileRecord:
        """Make `path` name the blob `sha256`, which `adopt()` puts into the blob store.

        `adopt` runs under the write lock; when it created the blob, it returns how to
        undo that if the metadata cannot be written.
        """
        record = FileRecord(
            path=path,
            size=size,
            sha256=sha256,
            content_type=content_type or mimetypes.guess_type(path)[0] or "application/octet-stream",
            metadata=_check_metadata(metadata),
            modified_at=now(),
            crc32c=crc32c,
        )
        with self.state.write_lock:
            self._check_namespace(organization, path)
            old = self.state.query_one(
                "SELECT sha256 FROM storage_files WHERE organization = ? AND path = ?", (organization, path)
            )
            undo = adopt()
            try:
                with self.state.transaction() as db:
                    db.execute(
                        "INSERT OR REPLACE INTO storage_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            organization,
                            path,
                            record.size,
                            record.sha256,
                            record.content_type,
                            json.dumps(record.metadata),
                            record.modified_at,
                            record.crc32c,
                        ),
                    )
                    if in_transaction is not None:
                        in_transaction(db)
            except BaseException:
                if undo is not None:
                    undo()
                raise
            if old is not None and old["sha256"] != record.sha256:
                self._release_blobs(organization, {old["sha256"]})
        return record

    def store_file_from_path(
        self,
        organization: str,
        remote_path: str,
        local_path: str | os.PathLike[str],
        *,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> FileRecord:
        """Copy a local file into storage at `remote_path` (used for job outputs).

        Example:
            >>> storage.store_file_from_path("default", "/jobs/job-1/out.txt", "/tmp/out.txt")
        """
        remote_path = normalize_file_path(remote_path)
        with self.new_incoming(organization) as incoming, open(local_path, "rb") as source:
            incoming.copy_from(source)
            return self._commit_incoming(
                organization, remote_path, incoming, content_type=content_type, metadata=metadata
            )

    def store_bytes(
        self,
        organization: str,
        path: str,
        data: bytes,
        *,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> FileRecord:
        """Store `data` at `path` (a convenience for small files)."""
        path = normalize_file_path(path)
        with self.new_incoming(organization) as incoming:
            incoming.write(data)
            return self._commit_incoming(organization, path, incoming, content_type=content_type, metadata=metadata)

    # ----------------------------------------------------------------- reading

    def stat(self, organization: str, path: str) -> FileRecord:
        """The metadata of the file at `path`.

        Raises:
            InvalidPathError: `path` is refused.
            NotFoundError: no file there.
        """
        path = normalize_file_path(path)
        row = self.state.query_one(
            "SELECT * FROM storage_files WHERE organization = ? AND path = ?", (organization, path)
        )
        if row is None:
            raise NotFoundError(f"File {_shown(path)} does not exist.", field="path")
        return _file_record(row)

    def open_file(self, organization: str, path: str) -> tuple[FileRecord, BinaryIO]:
        """The file's metadata and an open handle on its bytes.

        The handle stays valid if the file is replaced or deleted meanwhile: the reader
        keeps the version it opened.
        """
        with self.state.write_lock:
            record = self.stat(organization, path)
            blob = self._blob_path(organization, record.sha256)
            if not blob.is_dir():
                return record, open(blob, "rb")  # noqa: SIM115 - the caller closes it
            self._pin(blob)
        try:
            reader = PartsReader(_part_files(blob), partial(self._unpin, organization, record.sha256, blob))
        except BaseException:
            self._unpin(organization, record.sha256, blob)
            raise
        return record, cast(BinaryIO, reader)

    def read_bytes(self, organization: str, path: str) -> bytes:
        """The whole file (a convenience for small files)."""
        _, handle = self.open_file(organization, path)
        with handle:
            return handle.read()

    def list_files(
        self,
        organization: str,
        path: str,
        *,
        recursive: bool = False,
        include_size: bool = False,
        include_metadata: bool = False,
        limit: int = 100,
        page_token: str | None = None,
    ) -> FilePage:
        """List a folder: its direct children (files and implied folders), or with
        `recursive` every file below it; sorted by path, `limit` entries a page.

        Raises:
            InvalidPathError: `path` is refused.
            InvalidRequestError: `page_token` is not one this listing produced.
        """
        return list_folder(
            self.state,
            organization,
            path,
            recursive=recursive,
            include_size=include_size,
            include_metadata=include_metadata,
            limit=limit,
            page_token=page_token,
        )

    # ----------------------------------------------------------------- deleting

    def delete(self, organization: str, path: str, *, recursive: bool = False) -> int:
        """Delete the file at `path`, or with `recursive` every file below the folder
        `path` (and the file `path` itself, if there is one); returns how many.

        Raises:
            InvalidPathError: `path` is refused, or names a folder without `recursive`.
            NotFoundError: nothing there.
        """
        if recursive:
            folder = normalize_folder_path(path)
            file_path = folder[:-1] if folder != "/" and not path.endswith("/") else None
        else:
            file_path = normalize_file_path(path)
            folder = None
        with self.state.write_lock:
            with self.state.transaction() as db:
                rows = []
                if file_path is not None:
                    rows += db.execute(
                        "SELECT path, sha256 FROM storage_files WHERE organization = ? AND path = ?",
                        (organization, file_path),
                    ).fetchall()
                if folder is not None:
                    rows += db.execute(
                        "SELECT path, sha256 FROM storage_files WHERE organization = ? AND path >= ? AND path < ?",
                        (organization, folder, _prefix_end(folder)),
                    ).fetchall()
                if not rows:
                    if not recursive and file_path is not None:
                        prefix = file_path + "/"
                        if db.execute(
                            "SELECT 1 FROM storage_files WHERE organization = ? AND path >= ? AND path < ? LIMIT 1",
                            (organization, prefix, _prefix_end(prefix)),
                        ).fetchone():
                            raise InvalidPathError(path, "is a folder; delete it with recursive=true")
                    raise NotFoundError(f"Nothing is stored at {_shown(path)}.", field="path")
                db.executemany(
                    "DELETE FROM storage_files WHERE organization = ? AND path = ?",
                    [(organization, r["path"]) for r in rows],
                )
            self._release_blobs(organization, {r["sha256"] for r in rows})
        return len(rows)
