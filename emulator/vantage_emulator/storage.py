"""The emulator's file storage, independent of HTTP.

Layout under `<data_dir>/storage/<org>/` (one tree per organization):

* `blobs/<aa>/<sha256>` - file contents, content-addressed. A file is a row in
  `storage_files` (organization, path, size, sha256, ...) pointing at its blob.
  User paths never become filesystem paths, so no path can escape the org's
  tree, a file and a folder of the same name never clash on disk, replacing a
  file is one row update, and identical files share one blob. A blob is
  removed when the last row naming it goes. A blob is a single file, or, for
  a file built by an upload session, the session's directory of parts renamed
  into place (read back to back by `PartsReader`): joining the parts into one
  file would copy and fsync every byte a second time (2.8 s per GiB here),
  longer than receiving them took.
* `uploads/<upload_id>/<part>-<random>` - received parts of upload sessions
  (a new name for every copy, so a re-sent part never overwrites bytes a reader
  may use). A part is not hashed on its own unless the client sent its sha256:
  the whole file's sha256 is computed part by part, in order, by a background
  thread as parts arrive (`SessionDigest`), so completing a session only
  hashes the parts that came last, and no byte is hashed twice.
* `tmp/` - bodies being received. They are renamed into `blobs/` or
  `uploads/` only once complete (and fsynced; a part is fsynced after, by
  `SessionDigest`, before its session completes), so a reader never sees a
  half-written file.

Every step that moves a file into place and records it happens under the
state's write lock, in one transaction; the slow parts (receiving and hashing)
run outside it. After a SIGKILL, `Storage()` (run at start-up)
removes what a crash can leave behind: temp files, blobs no row names, part
files no row names, and the directories of finished sessions.

Example:
    >>> from vantage_emulator.state import State
    >>> storage = Storage(State("/tmp/vantage-data"))
    >>> storage.store_bytes("default", "/datasets/hello.txt", b"hi").size
    2
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import io
import json
import logging
import math
import mimetypes
import mmap
import os
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

from vantage_emulator.state import State, format_time, new_id, now

log = logging.getLogger("vantage_emulator")

__all__ = [
    "COPY_CHUNK",
    "DEFAULT_PART_SIZE",
    "DEFAULT_UPLOAD_TTL",
    "MAX_PART_COUNT",
    "MAX_PATH_LENGTH",
    "MAX_SEGMENT_BYTES",
    "STORAGE_SCHEMA",
    "ChecksumMismatchError",
    "ConflictError",
    "FilePage",
    "FileRecord",
    "IncomingFile",
    "InvalidPathError",
    "InvalidRequestError",
    "NotFoundError",
    "PartRecord",
    "PartsReader",
    "PayloadTooLargeError",
    "SessionDigest",
    "Storage",
    "StorageError",
    "UploadSession",
    "add_cli_arguments",
    "apply_cli_arguments",
    "import_file",
    "normalize_file_path",
    "normalize_folder_path",
    "parse_size",
    "setup",
    "storage_for",
    "storage_settings",
]

MAX_PATH_LENGTH = 1024
MAX_SEGMENT_BYTES = 255
DEFAULT_PART_SIZE = 8 * 1024 * 1024
MIN_PART_SIZE = 1024
MAX_PART_SIZE = 512 * 1024 * 1024
MAX_PART_COUNT = 100_000
DEFAULT_UPLOAD_TTL = 7 * 24 * 3600.0
DEFAULT_MAX_SINGLE_UPLOAD = 5 * 1024**3
COPY_CHUNK = 1024 * 1024
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

STORAGE_SCHEMA = """
CREATE TABLE IF NOT EXISTS storage_files (
    organization TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    metadata TEXT NOT NULL,
    modified_at REAL NOT NULL,
    PRIMARY KEY (organization, path)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS storage_files_blob ON storage_files (organization, sha256);
CREATE TABLE IF NOT EXISTS storage_uploads (
    upload_id TEXT PRIMARY KEY,
    organization TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    part_size INTEGER NOT NULL,
    part_count INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    metadata TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    sha256 TEXT,
    completed_at REAL
);
CREATE TABLE IF NOT EXISTS storage_session_parts (
    upload_id TEXT NOT NULL,
    part_number INTEGER NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT,
    PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
"""


class StorageError(Exception):
    """A storage request that cannot be served; handlers turn it into problem+json.

    Attributes:
        status: The HTTP status it maps to.
        code: The stable machine-readable problem code.
        detail: What went wrong, for people.
        field: The request field at fault, if one is.
    """

    status = 400
    code = "invalid_parameter"

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code is not None:
            self.code = code


class InvalidPathError(StorageError):
    """A storage path that is refused (400, field `path`)."""

    code = "invalid_path"

    def __init__(self, path: str, reason: str, *, field: str = "path") -> None:
        super().__init__(f"Path {_shown(path)} {reason}.", field=field)
        self.path = path
        self.reason = reason


class InvalidRequestError(StorageError):
    """Any other bad parameter (400)."""


class NotFoundError(StorageError):
    """Nothing there (404)."""

    status = 404
    code = "not_found"


class ConflictError(StorageError):
    """The request clashes with the current state (409)."""

    status = 409
    code = "conflict"


class ChecksumMismatchError(StorageError):
    """A body's sha256 is not the one the client announced (422)."""

    status = 422
    code = "checksum_mismatch"


class PayloadTooLargeError(StorageError):
    """A single-request upload over the configured limit (413)."""

    status = 413
    code = "payload_too_large"


def _shown(path: str) -> str:
    """A path quoted for an error message, shortened and with odd characters escaped."""
    text = path if len(path) <= 120 else path[:100] + "..." + path[-10:]
    return repr(text)


# --------------------------------------------------------------------------- paths


def _segments(raw: str, field: str) -> tuple[list[str], bool]:
    """Split and check a raw path; returns its segments and whether it ends with '/'."""
    if not isinstance(raw, str) or raw == "":
        raise InvalidPathError(str(raw), "is empty; give an absolute path such as '/datasets/file.csv'", field=field)
    if len(raw) > 4 * MAX_PATH_LENGTH:
        raise InvalidPathError(raw, f"is longer than {MAX_PATH_LENGTH} characters", field=field)
    for ch in raw:
        if ch == "\x00":
            raise InvalidPathError(raw, "contains a NUL byte", field=field)
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            raise InvalidPathError(raw, f"contains the control character U+{ord(ch):04X}", field=field)
    if "\\" in raw:
        raise InvalidPathError(raw, "contains a backslash; separate names with '/'", field=field)
    if not raw.startswith("/"):
        raise InvalidPathError(raw, "is not absolute; it must start with '/'", field=field)
    segments: list[str] = []
    for segment in raw.split("/"):
        # '//' collapses and '.' means "this folder": both normalize away.
        if segment in ("", "."):
            continue
        if segment == "..":
            raise InvalidPathError(raw, "contains a '..' segment", field=field)
        folded = unicodedata.normalize("NFKC", segment)
        # Names of only dots and blanks become '', '.' or '..' on some systems
        # (Windows strips trailing dots and spaces; NFKC folds look-alike dots).
        if folded.strip(" .\t") == "":
            raise InvalidPathError(raw, f"contains the empty or dots-only name {segment!r}", field=field)
        if "/" in folded or "\\" in folded:
            raise InvalidPathError(
                raw, f"contains the name {segment!r}, which looks like a path separator", field=field
            )
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise InvalidPathError(raw, f"has a name longer than {MAX_SEGMENT_BYTES} bytes", field=field)
        segments.append(segment)
    if len("/" + "/".join(segments)) > MAX_PATH_LENGTH:
        raise InvalidPathError(raw, f"is longer than {MAX_PATH_LENGTH} characters", field=field)
    return segments, raw.endswith("/")


def normalize_file_path(raw: str, *, field: str = "path") -> str:
    """The canonical form of a file path: absolute, no '//', no '.', no trailing '/'.

    Raises:
        InvalidPathError: for a relative path, a '..' segment, a NUL byte or control
            character, an empty or dots-only name, a name over 255 bytes, a path
            over 1024 characters, or a path naming a folder (trailing '/' or root).

    Example:
        >>> normalize_file_path("/data//./a.csv")
        '/data/a.csv'
    """
    segments, trailing = _segments(raw, field)
    if not segments:
        raise InvalidPathError(raw, "names the root folder, not a file", field=field)
    if trailing:
        raise InvalidPathError(raw, "ends with '/', which names a folder, not a file", field=field)
    return "/" + "/".join(segments)


def normalize_folder_path(raw: str, *, field: str = "path") -> str:
    """The canonical form of a folder path, ending with '/' ('/' is the root).

    Example:
        >>> normalize_folder_path("/data//sub")
        '/data/sub/'
    """
    segments, _ = _segments(raw, field)
    return "/" + "".join(s + "/" for s in segments)


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` (which ends with '/')."""
    return prefix[:-1] + chr(ord("/") + 1)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class FileRecord:
    """A stored file's metadata."""

    path: str
    size: int
    sha256: str
    content_type: str
    metadata: dict[str, str]
    modified_at: float

    @property
    def name(self) -> str:
        """The last segment of the path."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def etag(self) -> str:
        """The entity tag: the quoted sha256."""
        return f'"{self.sha256}"'

    def to_info(self, *, include_metadata: bool = True) -> dict[str, Any]:
        """The file as a `FileInfo` document."""
        info: dict[str, Any] = {
            "path": self.path,
            "name": self.name,
            "type": "file",
            "size": self.size,
            "modified_at": format_time(self.modified_at),
            "etag": self.etag,
        }
        if include_metadata:
            info["sha256"] = self.sha256
            info["content_type"] = self.content_type
            info["metadata"] = dict(self.metadata)
        return info


@dataclass(frozen=True)
class FilePage:
    """One page of a listing: `FileInfo` documents and the token for the next page."""

    items: list[dict[str, Any]]
    next_page_token: str | None

    def to_page(self) -> dict[str, Any]:
        """The page as a `FilePage` document."""
        return {
            "items": self.items,
            "has_next": self.next_page_token is not None,
            "next_page_token": self.next_page_token,
        }


@dataclass(frozen=True)
class PartRecord:
    """A received part of an upload session.

    Attributes:
        sha256: Known only when the client sent it with the part (and it was checked).
        file_name: The part's file in the session directory.
    """

    part_number: int
    size: int
    sha256: str | None
    file_name: str

    def to_doc(self) -> dict[str, Any]:
        """The part as an `UploadPart` document."""
        doc: dict[str, Any] = {"part_number": self.part_number, "size": self.size}
        if self.sha256 is not None:
            doc["sha256"] = self.sha256
        return doc


@dataclass(frozen=True)
class UploadSession:
    """A resumable upload and the parts it has received."""

    upload_id: str
    organization: str
    path: str
    size: int
    part_size: int
    part_count: int
    content_type: str
    metadata: dict[str, str]
    status: str
    created_at: float
    expires_at: float
    sha256: str | None
    completed_at: float | None
    parts: list[PartRecord] = field(default_factory=list)

    def part_length(self, part_number: int) -> int:
        """The exact size part `part_number` must have."""
        if part_number < self.part_count:
            return self.part_size
        return self.size - (self.part_count - 1) * self.part_size

    def missing_parts(self) -> list[int]:
        """Part numbers not received yet, ascending."""
        have = {p.part_number for p in self.parts}
        return [n for n in range(1, self.part_count + 1) if n not in have]

    def to_doc(self) -> dict[str, Any]:
        """The session as an `UploadSession` document."""
        return {
            "upload_id": self.upload_id,
            "path": self.path,
            "size": self.size,
            "part_size": self.part_size,
            "part_count": self.part_count,
            "status": self.status,
            "parts": [p.to_doc() for p in self.parts],
            "created_at": format_time(self.created_at),
            "expires_at": format_time(self.expires_at),
        }


def _file_record(row: Any) -> FileRecord:
    return FileRecord(
        path=row["path"],
        size=row["size"],
        sha256=row["sha256"],
        content_type=row["content_type"],
        metadata=json.loads(row["metadata"]),
        modified_at=row["modified_at"],
    )


def _number_ranges(numbers: list[int]) -> str:
    """`[1, 2, 3, 7]` -> `'1-3, 7'`, so a 409 for 10 000 missing parts stays short."""
    spans: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [-1]:
        if n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(spans)


def _check_metadata(metadata: dict[str, str] | None) -> dict[str, str]:
    metadata = dict(metadata or {})
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidRequestError("metadata keys and values must be strings", field="metadata")
    return metadata


def _fsync(path: Path, *, missing_ok: bool = False) -> None:
    """fsync a file or directory by path."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        if missing_ok:
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- incoming bodies


class IncomingFile:
    """A body being received: written to a temp file and hashed as it arrives.

    It becomes visible only when `Storage` adopts it (rename after fsync); until then,
    and if it is never adopted, nobody can read it. Use it as a context manager so
    an abandoned body is deleted.

    Args:
        directory: Where the temp file lives (same filesystem as its final place).
        max_size: Refuse more bytes than this.
        too_large: Builds the error raised when `max_size` is exceeded.
        hashed: Compute the body's sha256 as it arrives.
        durable: fsync the file (and its directory after `move_to`) before it counts as
            stored. Parts of upload sessions are made durable later (`SessionDigest`).
    """

    def __init__(
        self,
        directory: Path,
        *,
        max_size: int | None = None,
        too_large: Callable[[int], StorageError] | None = None,
        hashed: bool = True,
        durable: bool = True,
    ) -> None:
        fd, name = tempfile.mkstemp(dir=directory, prefix="in-")
        self.path = Path(name)
        self._file: BinaryIO = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256() if hashed else None
        self.max_size = max_size
        self._too_large = too_large
        self.size = 0
        self._finished = False
        self._durable = durable
        self.adopted = False

    def check_size(self, size: int) -> None:
        """Refuse a body of `size` bytes up front (from its Content-Length).

        Raises:
            StorageError: from `too_large` when `size` exceeds `max_size`.
        """
        if self.max_size is not None and size > self.max_size:
            if self._too_large is None:
                raise PayloadTooLargeError(f"The body is larger than {self.max_size} bytes.")
            raise self._too_large(self.max_size)

    def write(self, data: bytes) -> None:
        """Append a chunk.

        Raises:
            StorageError: from `too_large` once more than `max_size` bytes arrived.
        """
        self.writelines([data])

    def writelines(self, chunks: list[bytes]) -> None:
        """Append chunks as they came off the socket (joining them first would copy every byte).

        Raises:
            StorageError: from `too_large` once more than `max_size` bytes arrived.
        """
        size = sum(map(len, chunks))
        self.check_size(self.size + size)
        if self._hash is not None:
            for chunk in chunks:
                self._hash.update(chunk)
        self._file.writelines(chunks)
        self.size += size

    def copy_from(self, source: BinaryIO) -> None:
        """Append everything `source` yields, in bounded chunks."""
        while chunk := source.read(COPY_CHUNK):
            self.write(chunk)

    def finish(self) -> None:
        """Flush and (when durable) fsync the file, once."""
        if not self._finished:
            self._file.flush()
            if self._durable:
                os.fsync(self._file.fileno())
            self._file.close()
            self._finished = True

    def hexdigest(self) -> str:
        """Finish the file; returns its sha256 (lowercase hex).

        Raises:
            ValueError: it was made with `hashed=False`.
        """
        if self._hash is None:
            raise ValueError(f"{self.path} was received without hashing")
        self.finish()
        return self._hash.hexdigest()

    def discard(self) -> None:
        """Delete the temp file (nothing happens if it was adopted already)."""
        if not self._file.closed:
            self._file.close()
        if not self.adopted:
            self.path.unlink(missing_ok=True)

    def move_to(self, target: Path) -> None:
        """Rename the finished file to `target` (same filesystem), durably if made so."""
        self.finish()
        os.replace(self.path, target)
        self.adopted = True
        if self._durable:
            _fsync(target.parent)

    def __enter__(self) -> IncomingFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()


def _part_files(directory: Path) -> list[Path]:
    """The `<part>-<random>` files of a session or parts blob, in part order."""
    return sorted(directory.iterdir(), key=lambda part: int(part.name.split("-", 1)[0]))


def _remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class PartsReader(io.RawIOBase):
    """A blob stored as parts, read as one seekable file; one part is open at a time.

    `Storage` keeps the parts on disk until the reader is closed (`on_close` tells it),
    so a reader keeps the version it opened even when the file is replaced or deleted,
    as a single-file blob's open handle does.

    Args:
        parts: The part files in order.
        on_close: Called once when the reader closes.

    Example:
        >>> with PartsReader(_part_files(blob_dir)) as reader:
        ...     reader.seek(10)
        ...     head = reader.read(5)
    """

    def __init__(self, parts: list[Path], on_close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._parts = parts
        self._starts: list[int] = []
        offset = 0
        for part in parts:
            self._starts.append(offset)
            offset += part.stat().st_size
        self.size = offset
        self._position = 0
        self._open_index = -1
        self._open_part: BinaryIO | None = None
        self._on_close = on_close

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._position = base + offset
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        remaining = self.size - self._position if size is None or size < 0 else size
        chunks: list[bytes] = []
        while remaining > 0 and self._position < self.size:
            index = bisect.bisect_right(self._starts, self._position) - 1
            part = self._part(index)
            part.seek(self._position - self._starts[index])
            chunk = part.read(remaining)
            if not chunk:
                raise OSError(f"part file {self._parts[index]} is shorter than when the reader opened")
            chunks.append(chunk)
            remaining -= len(chunk)
            self._position += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _part(self, index: int) -> BinaryIO:
        if index != self._open_index or self._open_part is None:
            if self._open_part is not None:
                self._open_part.close()
            self._open_part = open(self._parts[index], "rb", buffering=0)  # noqa: SIM115 - closed by close()
            self._open_index = index
        return self._open_part

    def close(self) -> None:
        if self.closed:
            return
        if self._open_part is not None:
            self._open_part.close()
        super().close()
        if self._on_close is not None:
            self._on_close()


class SessionDigest:
    """The sha256 of an upload session's file, fed its parts in order as they arrive.

    Parts come out of order and in parallel; each time part `n+1` is there after parts
    `1..n` were hashed, it is hashed too (from the page cache, through `mmap`, so no
    copy), and its fsync is handed to `syncer`: a part is acknowledged before it is on
    disk, because an fsync per part held every part's response back 25-30 ms (a sixth
    of the time a 1 GiB upload took), and the fsyncs run apart from the hashing, which
    fell 7-12 parts behind a 1 GiB upload while it waited for them. Completion hashes
    what is left and waits for the fsyncs (`wait_durable`) before the file counts as
    stored; a part lost to a power cut fails that check. A part re-sent after it was
    hashed (a new file) makes the next `advance` start over. Guard it with `lock`.

    Args:
        syncer: Runs the fsyncs; None fsyncs each part right after hashing it.
    """

    def __init__(self, syncer: Executor | None = None) -> None:
        self.lock = threading.Lock()
        self._digest = hashlib.sha256()
        self._hashed: list[str] = []
        self._syncer = syncer
        self._fsyncs: list[Future[None]] = []

    def advance(self, session_dir: Path, parts: Mapping[int, str], *, strict: bool = False) -> str:
        """Hash every next part present in `parts`; returns the digest so far.

        Args:
            session_dir: Where the part files are.
            parts: The session's current parts: part number -> file name.
            strict: Raise when a part file is missing, instead of stopping (a background
                call may race a part being replaced; completion may not).
        """
        if any(parts.get(number) != name for number, name in enumerate(self._hashed, 1)):
            self._digest, self._hashed = hashlib.sha256(), []
        while (name := parts.get(len(self._hashed) + 1)) is not None:
            try:
                with open(session_dir / name, "rb") as part:
                    if os.fstat(part.fileno()).st_size:
                        with mmap.mmap(part.fileno(), 0, access=mmap.ACCESS_READ) as view:
                            self._digest.update(view)
            except FileNotFoundError:
                if strict:
                    raise
                break
            # A part replaced meanwhile is gone; its replacement is fsynced on its own.
            if self._syncer is None:
                _fsync(session_dir / name, missing_ok=True)
            else:
                self._fsyncs.append(self._syncer.submit(_fsync, session_dir / name, missing_ok=True))
            self._hashed.append(name)
        return self._digest.hexdigest()

    def wait_durable(self) -> None:
        """Wait until every part hashed so far is on disk (raises what an fsync raised)."""
        fsyncs, self._fsyncs = self._fsyncs, []
        for fsync in fsyncs:
            fsync.result()


# --------------------------------------------------------------------------- storage


class Storage:
    """Files and upload sessions of every organization, under `<data_dir>/storage`.

    Thread-safe: bodies are received in parallel, and each final step (rename into
    place plus the metadata change) runs under the state's write lock.

    Args:
        state: The emulator's SQLite state; the storage tables are added to it.
        max_single_upload: Largest body `new_incoming(limit_single=True)` accepts.
        upload_ttl: Seconds an unfinished upload session lives.

    Example:
        >>> storage = Storage(State("/tmp/vantage-data"))
        >>> storage.store_bytes("default", "/a/b.txt", b"hello").sha256[:8]
        '2cf24dba'
    """

    def __init__(
        self,
        state: State,
        *,
        max_single_upload: int = DEFAULT_MAX_SINGLE_UPLOAD,
        upload_ttl: float = DEFAULT_UPLOAD_TTL,
    ) -> None:
        self.state = state
        self.root = state.data_dir / "storage"
        self.max_single_upload = max_single_upload
        self.upload_ttl = upload_ttl
        # Sessions being completed right now; a part or an abort arriving meanwhile
        # gets a 409 instead of changing the parts being checked and moved.
        self._completing: set[str] = set()
        self._completing_lock = threading.Lock()
        self._org_roots: dict[str, Path] = {}
        # Open sessions' whole-file digests, advanced by one background thread: it hashes
        # while the next parts are still arriving, on the core the event loop leaves free.
        self._digests: dict[str, SessionDigest] = {}
        self._digests_lock = threading.Lock()
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-hash")
        self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-fsync")
        # Deletes big files nobody can see any more after the response: unlinking the
        # 64 parts of a 1 GiB upload whose bytes were stored already took 0.25 s.
        self._janitor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-janitor")
        # Parts blobs with open readers (count), and those of them no file names any more:
        # a directory, unlike an open file, does not outlive its removal.
        self._pinned: dict[Path, int] = {}
        self._unused_while_pinned: set[Path] = set()
        self._pinned_lock = threading.Lock()
        state.register_schema(STORAGE_SCHEMA)
        self.root.mkdir(parents=True, exist_ok=True)
        self.recover()

    # ----------------------------------------------------------------- layout

    def org_root(self, organization: str) -> Path:
        """The directory holding one organization's storage (created on demand)."""
        root = self._org_roots.get(organization)
        if root is None:
            if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}", organization):
                name = organization
            else:
                name = "~" + hashlib.sha256(organization.encode("utf-8")).hexdigest()[:40]
            root = self.root / name
            for sub in ("blobs", "uploads", "tmp"):
                (root / sub).mkdir(parents=True, exist_ok=True)
            self._org_roots[organization] = root
        return root

    def _blob_path(self, organization: str, sha256: str) -> Path:
        return self.org_root(organization) / "blobs" / sha256[:2] / sha256

    def _session_dir(self, organization: str, upload_id: str) -> Path:
        return self.org_root(organization) / "uploads" / upload_id

    def recover(self) -> None:
        """Remove what a crash can leave behind and expired sessions (run at start-up)."""
        for org_dir in [p for p in self.root.iterdir() if p.is_dir()]:
            shutil.rmtree(org_dir / "tmp", ignore_errors=True)
            (org_dir / "tmp").mkdir(parents=True, exist_ok=True)
        self.expire_uploads()
        with self.state.write_lock:
            orgs = {r["organization"] for r in self.state.query("SELECT DISTINCT organization FROM storage_files")}
            orgs |= {r["organization"] for r in self.state.query("SELECT DISTINCT organization FROM storage_uploads")}
            for org_dir in [p for p in self.root.iterdir() if p.is_dir()]:
                org = next((o for o in orgs if self.org_root(o) == org_dir), None)
                referenced = set()
                if org is not None:
                    rows = self.state.query("SELECT DISTINCT sha256 FROM storage_files WHERE organization = ?", (org,))
                    referenced = {r["sha256"] for r in rows}
                for blob in (org_dir / "blobs").glob("*/*"):
                    if blob.name not in referenced:
                        _remove_path(blob)
                open_sessions = set()
                if org is not None:
                    rows = self.state.query(
                        "SELECT upload_id FROM storage_uploads WHERE organization = ? AND status = 'open'", (org,)
                    )
                    open_sessions = {r["upload_id"] for r in rows}
                for session_dir in (org_dir / "uploads").iterdir():
                    if session_dir.name not in open_sessions:
                        shutil.rmtree(session_dir, ignore_errors=True)
                        continue
                    kept = {
                        r["file_name"]
                        for r in self.state.query(
                            "SELECT file_name FROM storage_session_parts WHERE upload_id = ?", (session_dir.name,)
                        )
                    }
                    for part in session_dir.iterdir():
                        if part.name not in kept:
                            part.unlink(missing_ok=True)

    # ----------------------------------------------------------------- receiving

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

    def _adopt_blob(self, organization: str, incoming: IncomingFile) -> Callable[[], None] | None:
        """Move a finished body into the blob store; caller holds the write lock.

        Returns how to remove the blob again when it is new, else None.
        """
        sha256 = incoming.hexdigest()
        blob = self._blob_path(organization, sha256)
        if blob.exists():
            self._dispose(organization, incoming.path)
            incoming.adopted = True  # nothing left to discard
            return None
        blob.parent.mkdir(parents=True, exist_ok=True)
        incoming.move_to(blob)
        return partial(self._release_blobs, organization, {sha256})

    def _adopt_parts(self, organization: str, sha256: str, session_dir: Path) -> Callable[[], None] | None:
        """Rename a session's directory of fsynced parts into the blob store; caller holds the write lock.

        Returns how to move the parts back to the session when the blob is new, else None
        (an identical file is stored already; the caller removes the parts).
        """
        blob = self._blob_path(organization, sha256)
        if blob.exists():
            return None
        blob.parent.mkdir(parents=True, exist_ok=True)
        os.replace(session_dir, blob)
        _fsync(blob.parent)
        _fsync(session_dir.parent)
        return partial(os.replace, blob, session_dir)

    def _dispose(self, organization: str, path: Path) -> None:
        """Move a file or directory nobody may read any more into `tmp/` and delete it in the background.

        Start-up empties `tmp/`, so a crash before the deletion leaves nothing behind.
        """
        trash = self.org_root(organization) / "tmp" / f"trash-{new_id('del', 12)}"
        os.replace(path, trash)
        self._janitor.submit(_remove_path, trash)

    def _release_blobs(self, organization: str, candidates: set[str]) -> None:
        """Remove blobs no file names any more; caller holds the write lock, after commit.

        A parts blob with open readers is removed when the last of them closes.
        """
        for sha256 in candidates:
            row = self.state.query_one(
                "SELECT 1 FROM storage_files WHERE organization = ? AND sha256 = ? LIMIT 1", (organization, sha256)
            )
            if row is None:
                blob = self._blob_path(organization, sha256)
                with self._pinned_lock:
                    if blob in self._pinned:
                        self._unused_while_pinned.add(blob)
                        continue
                if blob.exists():
                    self._dispose(organization, blob)

    def _pin(self, blob: Path) -> None:
        with self._pinned_lock:
            self._pinned[blob] = self._pinned.get(blob, 0) + 1

    def _unpin(self, organization: str, sha256: str, blob: Path) -> None:
        with self._pinned_lock:
            self._pinned[blob] -= 1
            if self._pinned[blob]:
                return
            del self._pinned[blob]
            if blob not in self._unused_while_pinned:
                return
            self._unused_while_pinned.discard(blob)
        with self.state.write_lock:
            # Checked again: the same bytes may have been stored again meanwhile.
            self._release_blobs(organization, {sha256})

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
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> FileRecord:
        """Store a received body at `path`, replacing any file there, atomically.

        Raises:
            InvalidPathError: `path` is refused.
            ChecksumMismatchError: the body's sha256 is not `expected_sha256` (nothing stored).
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
                        "INSERT OR REPLACE INTO storage_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            organization,
                            path,
                            record.size,
                            record.sha256,
                            record.content_type,
                            json.dumps(record.metadata),
                            record.modified_at,
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
        folder = normalize_folder_path(path)
        if not 1 <= limit <= 1000:
            raise InvalidRequestError("limit must be between 1 and 1000", field="limit")
        after = self._decode_token(page_token, folder, recursive) if page_token else None
        end = _prefix_end(folder)
        db = self.state.connect()
        entries: list[dict[str, Any]] = []
        if recursive:
            rows = db.execute(
                "SELECT * FROM storage_files WHERE organization = ? AND path >= ? AND path < ? AND path > ?"
                " ORDER BY path LIMIT ?",
                (organization, folder, end, after or "", limit + 1),
            ).fetchall()
            entries = [_file_record(r).to_info(include_metadata=include_metadata) for r in rows]
        else:
            # Skip-scan: one indexed look-up per entry; a whole subfolder is jumped
            # over at once, so a page costs O(limit) queries however deep the tree.
            if after is None:
                op, start = ">=", folder
            elif after.endswith("/"):
                op, start = ">=", _prefix_end(after)
            else:
                op, start = ">", after
            while len(entries) <= limit:
                row = db.execute(
                    f"SELECT * FROM storage_files WHERE organization = ? AND path {op} ? AND path < ?"
                    " ORDER BY path LIMIT 1",
                    (organization, start, end),
                ).fetchone()
                if row is None:
                    break
                rest = row["path"][len(folder) :]
                if "/" in rest:
                    name = rest.split("/", 1)[0]
                    sub = folder + name + "/"
                    entry: dict[str, Any] = {"path": sub, "name": name, "type": "directory"}
                    if include_size:
                        total = db.execute(
                            "SELECT COALESCE(SUM(size), 0) FROM storage_files"
                            " WHERE organization = ? AND path >= ? AND path < ?",
                            (organization, sub, _prefix_end(sub)),
                        ).fetchone()[0]
                        entry["size"] = total
                    entries.append(entry)
                    op, start = ">=", _prefix_end(sub)
                else:
                    entries.append(_file_record(row).to_info(include_metadata=include_metadata))
                    op, start = ">", row["path"]
        token = None
        if len(entries) > limit:
            entries = entries[:limit]
            token = self._encode_token(folder, recursive, entries[-1]["path"])
        return FilePage(items=entries, next_page_token=token)

    @staticmethod
    def _encode_token(folder: str, recursive: bool, after: str) -> str:
        raw = json.dumps({"f": folder, "r": recursive, "a": after}, separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @staticmethod
    def _decode_token(token: str, folder: str, recursive: bool) -> str:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw)
            after = data["a"]
            valid = data["f"] == folder and data["r"] == recursive and isinstance(after, str)
        except (binascii.Error, ValueError, TypeError, KeyError):
            valid = False
        if not valid:
            raise InvalidRequestError(
                "page_token is not a next_page_token of this listing (same path and recursive)", field="page_token"
            )
        return str(after)

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

    # ----------------------------------------------------------------- upload sessions

    def create_upload(
        self,
        organization: str,
        path: str,
        size: int,
        *,
        part_size: int | None = None,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> UploadSession:
        """Open an upload session for a file of `size` bytes in parts of `part_size`.

        Without `part_size` the server picks 8 MiB, or more when the file would need
        over 100 000 parts.

        Raises:
            InvalidPathError / InvalidRequestError: bad path, size or part size.
            ConflictError: `path` cannot hold a file (a parent is a file, or it is a folder).
        """
        path = normalize_file_path(path)
        if not isinstance(size, int) or size < 0:
            raise InvalidRequestError("size must be a non-negative integer", field="size")
        if part_size is None:
            part_size = max(DEFAULT_PART_SIZE, math.ceil(size / MAX_PART_COUNT / 1048576) * 1048576)
        elif not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
            raise InvalidRequestError(
                f"part_size must be between {MIN_PART_SIZE} and {MAX_PART_SIZE} bytes", field="part_size"
            )
        part_count = math.ceil(size / part_size)
        if part_count > MAX_PART_COUNT:
            raise InvalidRequestError(
                f"A file of {size} bytes in parts of {part_size} bytes needs {part_count} parts; at most"
                f" {MAX_PART_COUNT} are allowed, so use a part_size of at least {math.ceil(size / MAX_PART_COUNT)}.",
                field="part_size",
            )
        metadata = _check_metadata(metadata)
        self.expire_uploads()
        self._check_namespace(organization, path)
        created = now()
        session = UploadSession(
            upload_id=new_id("upl", 12),
            organization=organization,
            path=path,
            size=size,
            part_size=part_size,
            part_count=part_count,
            content_type=content_type or mimetypes.guess_type(path)[0] or "application/octet-stream",
            metadata=metadata,
            status="open",
            created_at=created,
            expires_at=created + self.upload_ttl,
            sha256=None,
            completed_at=None,
        )
        self._session_dir(organization, session.upload_id).mkdir(parents=True, exist_ok=True)
        with self.state.transaction() as db:
            db.execute(
                "INSERT INTO storage_uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                (
                    session.upload_id,
                    organization,
                    path,
                    size,
                    part_size,
                    part_count,
                    session.content_type,
                    json.dumps(metadata),
                    "open",
                    session.created_at,
                    session.expires_at,
                ),
            )
        return session

    def get_upload(self, organization: str, upload_id: str) -> UploadSession:
        """The session with the parts received so far.

        Raises:
            NotFoundError: no such session in this organization (or it expired or was aborted).
        """
        row = self.state.query_one(
            "SELECT * FROM storage_uploads WHERE upload_id = ? AND organization = ?", (upload_id, organization)
        )
        if row is None or (row["status"] == "open" and row["expires_at"] <= now()):
            raise NotFoundError(f"Upload session {upload_id!r} does not exist.", field="upload_id")
        parts = [
            PartRecord(r["part_number"], r["size"], r["sha256"], r["file_name"])
            for r in self.state.query(
                "SELECT * FROM storage_session_parts WHERE upload_id = ? ORDER BY part_number", (upload_id,)
            )
        ]
        return UploadSession(
            upload_id=row["upload_id"],
            organization=row["organization"],
            path=row["path"],
            size=row["size"],
            part_size=row["part_size"],
            part_count=row["part_count"],
            content_type=row["content_type"],
            metadata=json.loads(row["metadata"]),
            status=row["status"],
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            sha256=row["sha256"],
            completed_at=row["completed_at"],
            parts=parts,
        )

    def _open_session(self, organization: str, upload_id: str) -> UploadSession:
        session = self.get_upload(organization, upload_id)
        if session.status != "open":
            raise ConflictError(
                f"Upload session {upload_id!r} is already {session.status}.", field="upload_id", code="upload_closed"
            )
        with self._completing_lock:
            if upload_id in self._completing:
                raise ConflictError(
                    f"Upload session {upload_id!r} is being completed.", field="upload_id", code="upload_completing"
                )
        return session

    def part_length(self, organization: str, upload_id: str, part_number: int) -> int:
        """The exact size part `part_number` must have, checked before its body is read.

        Raises:
            NotFoundError: no such session.
            ConflictError: the session is completed or being completed.
            InvalidRequestError: `part_number` is outside 1..part_count.
        """
        session = self._open_session(organization, upload_id)
        if not 1 <= part_number <= session.part_count:
            raise InvalidRequestError(
                f"part_number {part_number} is out of range: upload session {upload_id!r} has"
                f" {session.part_count} part{'s' if session.part_count != 1 else ''}"
                + (" (an empty file needs none; complete it directly)" if session.part_count == 0 else ""),
                field="part_number",
            )
        return session.part_length(part_number)

    def new_part(self, organization: str, upload_id: str, part_number: int, *, hashed: bool) -> IncomingFile:
        """A temp file for the body of one part; refuses more bytes than the part may have.

        Args:
            hashed: Hash the part on its own (to check a sha256 the client sent).
        """
        expected = self.part_length(organization, upload_id, part_number)
        return self.new_incoming(
            organization,
            max_size=expected,
            too_large=lambda limit: self._wrong_part_size(upload_id, part_number, expected, None),
            hashed=hashed,
            durable=False,
        )

    @staticmethod
    def _wrong_part_size(upload_id: str, part_number: int, expected: int, got: int | None) -> InvalidRequestError:
        got_text = "more" if got is None else str(got)
        return InvalidRequestError(
            f"Part {part_number} of upload session {upload_id!r} must be exactly {expected} bytes; got {got_text}.",
            field="body",
            code="invalid_part_size",
        )

    def put_part(
        self,
        organization: str,
        upload_id: str,
        part_number: int,
        incoming: IncomingFile,
        *,
        expected_sha256: str | None = None,
    ) -> PartRecord:
        """Store a received part, replacing an earlier copy of the same part.

        Raises:
            NotFoundError: no such session (for example aborted meanwhile).
            ConflictError: the session is completed or being completed.
            InvalidRequestError: wrong part number or size.
            ChecksumMismatchError: the part's sha256 is not `expected_sha256`.
        """
        expected = self.part_length(organization, upload_id, part_number)
        incoming.finish()
        if incoming.size != expected:
            incoming.discard()
            raise self._wrong_part_size(upload_id, part_number, expected, incoming.size)
        sha256 = None
        if expected_sha256 is not None:
            sha256 = incoming.hexdigest()
            if sha256 != expected_sha256.lower():
                incoming.discard()
                raise ChecksumMismatchError(
                    f"Part {part_number}'s sha256 is {sha256}, not {expected_sha256} as X-Content-SHA256 says.",
                    field="X-Content-SHA256",
                )
        session_dir = self._session_dir(organization, upload_id)
        file_name = f"{part_number}-{secrets.token_hex(8)}"
        with self.state.write_lock:
            # Checked again under the lock: an abort or completion may have begun.
            self._open_session(organization, upload_id)
            old = self.state.query_one(
                "SELECT file_name FROM storage_session_parts WHERE upload_id = ? AND part_number = ?",
                (upload_id, part_number),
            )
            session_dir.mkdir(parents=True, exist_ok=True)
            incoming.move_to(session_dir / file_name)
            with self.state.transaction() as db:
                db.execute(
                    "INSERT OR REPLACE INTO storage_session_parts VALUES (?, ?, ?, ?, ?)",
                    (upload_id, part_number, incoming.size, file_name, sha256),
                )
            if old is not None:
                (session_dir / old["file_name"]).unlink(missing_ok=True)
        # The digest object itself, so a late call after completion or abort hashes nothing into a new one.
        digest = self._session_digest(upload_id)
        self._hasher.submit(self._advance_digest, organization, upload_id, digest, strict=False)
        return PartRecord(part_number, incoming.size, sha256, file_name)

    def _session_digest(self, upload_id: str) -> SessionDigest:
        with self._digests_lock:
            return self._digests.setdefault(upload_id, SessionDigest(self._syncer))

    def _forget_digest(self, upload_id: str) -> None:
        with self._digests_lock:
            self._digests.pop(upload_id, None)

    def _advance_digest(self, organization: str, upload_id: str, digest: SessionDigest, *, strict: bool) -> str:
        """Hash the session's next parts that have arrived into `digest`; returns the digest so far."""
        with digest.lock:
            rows = self.state.query(
                "SELECT part_number, file_name FROM storage_session_parts WHERE upload_id = ?", (upload_id,)
            )
            parts = {r["part_number"]: r["file_name"] for r in rows}
            return digest.advance(self._session_dir(organization, upload_id), parts, strict=strict)

    @contextmanager
    def _completing_session(self, upload_id: str) -> Iterator[None]:
        with self._completing_lock:
            if upload_id in self._completing:
                raise ConflictError(
                    f"Upload session {upload_id!r} is being completed.", field="upload_id", code="upload_completing"
                )
            self._completing.add(upload_id)
        try:
            yield
        finally:
            with self._completing_lock:
                self._completing.discard(upload_id)

    def complete_upload(self, organization: str, upload_id: str, sha256: str) -> FileRecord:
        """Make the parts the session's file, atomically, if all arrived and the
        whole file's sha256 is `sha256`. Completing a completed session with the same
        sha256 returns the file again.

        Raises:
            NotFoundError: no such session.
            ConflictError: parts are missing (named in the message), the session is
                being completed, it was completed with another sha256, or its path is
                now a folder or below a file.
            ChecksumMismatchError: the parts' sha256 differs (the session stays open,
                so bad parts can be sent again).
        """
        sha256 = sha256.lower()
        session = self.get_upload(organization, upload_id)
        if session.status == "completed":
            return self._completed_file(session, sha256)
        with self._completing_session(upload_id):
            # Snapshot under the lock: a part commit either finished before it or
            # sees the session as completing and gets a 409.
            with self.state.write_lock:
                session = self.get_upload(organization, upload_id)
            if session.status == "completed":
                return self._completed_file(session, sha256)
            missing = session.missing_parts()
            if missing:
                raise ConflictError(
                    f"Upload session {upload_id!r} is missing part{'s' if len(missing) > 1 else ''}"
                    f" {_number_ranges(missing)} of {session.part_count}.",
                    field="parts",
                    code="missing_parts",
                )
            digest = self._session_digest(upload_id)
            actual = self._advance_digest(organization, upload_id, digest, strict=True)
            if actual != sha256:
                raise ChecksumMismatchError(
                    f"The parts' sha256 is {actual}, not {sha256}; upload session {upload_id!r}"
                    " stays open so parts can be sent again.",
                    field="sha256",
                )
            with digest.lock:
                digest.wait_durable()
            session_dir = self._session_dir(organization, upload_id)
            session_dir.mkdir(parents=True, exist_ok=True)  # an empty file has no parts
            expected = {part.file_name for part in session.parts}
            for leftover in set(os.listdir(session_dir)) - expected:
                # A part replaced just before a crash (start-up removes these too).
                (session_dir / leftover).unlink(missing_ok=True)
            _fsync(session_dir)  # the parts' names (their bytes were fsynced by the digest)
            completed_at = now()

            def mark_completed(db: Any) -> None:
                db.execute(
                    "UPDATE storage_uploads SET status = 'completed', sha256 = ?, completed_at = ? WHERE upload_id = ?",
                    (sha256, completed_at, upload_id),
                )

            record = self._commit_file(
                organization,
                session.path,
                session.size,
                sha256,
                partial(self._adopt_parts, organization, sha256, session_dir),
                content_type=session.content_type,
                metadata=session.metadata,
                in_transaction=mark_completed,
            )
            self._forget_digest(upload_id)
            if session_dir.exists():  # the same bytes were stored already
                self._dispose(organization, session_dir)
            return record

    def _completed_file(self, session: UploadSession, sha256: str) -> FileRecord:
        if session.sha256 != sha256:
            raise ConflictError(
                f"Upload session {session.upload_id!r} was completed with sha256 {session.sha256}, not {sha256}.",
                field="sha256",
                code="upload_closed",
            )
        try:
            current = self.stat(session.organization, session.path)
        except NotFoundError:
            current = None
        if current is not None and current.sha256 == sha256:
            return current
        # The file was replaced or deleted since; describe what this session stored.
        return FileRecord(
            path=session.path,
            size=session.size,
            sha256=sha256,
            content_type=session.content_type,
            metadata=session.metadata,
            modified_at=session.completed_at or session.created_at,
        )

    def abort_upload(self, organization: str, upload_id: str) -> None:
        """Discard a session and every part it received; it is a 404 afterwards.

        Raises:
            NotFoundError: no such session.
            ConflictError: the session is completed or being completed.
        """
        with self.state.write_lock:
            self._open_session(organization, upload_id)
            self._drop_session(upload_id)
        self._forget_digest(upload_id)
        shutil.rmtree(self._session_dir(organization, upload_id), ignore_errors=True)

    def _drop_session(self, upload_id: str) -> None:
        with self.state.transaction() as db:
            db.execute("DELETE FROM storage_session_parts WHERE upload_id = ?", (upload_id,))
            db.execute("DELETE FROM storage_uploads WHERE upload_id = ?", (upload_id,))

    def expire_uploads(self) -> int:
        """Discard sessions past `expires_at` (open ones) and old completed ones; returns how many."""
        with self.state.write_lock:
            rows = self.state.query(
                "SELECT upload_id, organization FROM storage_uploads WHERE expires_at <= ?", (now(),)
            )
            with self._completing_lock:
                rows = [r for r in rows if r["upload_id"] not in self._completing]
            for row in rows:
                self._drop_session(row["upload_id"])
        for row in rows:
            self._forget_digest(row["upload_id"])
            shutil.rmtree(self._session_dir(row["organization"], row["upload_id"]), ignore_errors=True)
        return len(rows)


# --------------------------------------------------------------------------- emulator hooks
# The core emulator (core.EXTENSION_MODULES) calls these module functions.

_instances: weakref.WeakKeyDictionary[Any, Storage] = weakref.WeakKeyDictionary()
_instances_lock = threading.Lock()
_SIZE = re.compile(r"(\d+)\s*([KMGT]i?B?|B)?", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str | int, where: str) -> int:
    """Bytes from `5368709120`, `512MiB`, `5G` or `10K` (binary units).

    Raises:
        ConfigError: naming `where` when `text` is not a size.
    """
    from .config import ConfigError

    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        match = _SIZE.fullmatch(str(text).strip())
        if match is None:
            raise ConfigError(f"{where}: {text!r} is not a size such as 1048576, 512MiB or 5G")
        value = int(match.group(1)) * _UNITS[(match.group(2) or "")[:1].upper()]
    if value < 0:
        raise ConfigError(f"{where}: must be at least 0")
    return value


def storage_settings(options: dict[str, Any]) -> dict[str, Any]:
    """`Storage` keyword arguments from the config file's `storage:` section.

    Example (YAML)::

        storage:
          max_single_upload: 5GiB     # larger single PUTs get a 413
          upload_ttl_seconds: 604800  # unfinished upload sessions expire
    """
    from .config import ConfigError

    section = options.get("storage")
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError("storage: must be a mapping")
    unknown = set(section) - {"max_single_upload", "upload_ttl_seconds"}
    if unknown:
        raise ConfigError(f"storage: unknown setting(s) {', '.join(sorted(unknown))}")
    kwargs: dict[str, Any] = {}
    if "max_single_upload" in section:
        kwargs["max_single_upload"] = parse_size(section["max_single_upload"], "storage.max_single_upload")
    if "upload_ttl_seconds" in section:
        ttl = section["upload_ttl_seconds"]
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
            raise ConfigError("storage.upload_ttl_seconds: must be a number > 0")
        kwargs["upload_ttl"] = float(ttl)
    return kwargs


def setup(emulator: Any) -> None:
    """Create the emulator's storage (recovering what a crash left behind)."""
    storage_for(emulator)


def storage_for(emulator: Any) -> Storage:
    """The `Storage` of an emulator (`core.Emulator`), created on first use."""
    with _instances_lock:
        storage = _instances.get(emulator)
        if storage is None:
            storage = Storage(emulator.state, **storage_settings(emulator.settings.options))
            _instances[emulator] = storage
        return storage


def import_file(emulator: Any, organization: str, path: str, source: Path) -> FileRecord | None:
    """Store a job's output file at storage `path` (the runner's `store_output`).

    Returns the stored file, or None when storage refuses the path (an output name
    with a control character or of only dots, say, or one clashing with a folder):
    that is logged, and the job still finishes.
    """
    try:
        return storage_for(emulator).store_file_from_path(organization, path, source)
    except StorageError as error:
        log.warning("job output %s not stored: %s", source, error.detail)
        return None


def add_cli_arguments(parser: Any) -> None:
    """`vantage-emulator` flags of the storage (they override the config file)."""
    group = parser.add_argument_group("storage")
    group.add_argument(
        "--max-upload-size",
        metavar="SIZE",
        help="largest single-request upload (bytes, or 512MiB, 5G...; default 5GiB); larger ones get a 413",
    )
    group.add_argument(
        "--upload-ttl", metavar="SECONDS", type=float, help="lifetime of unfinished upload sessions (default 7 days)"
    )


def apply_cli_arguments(args: Any, settings: Any) -> None:
    """Copy the storage flags into `settings.options["storage"]`, checking them."""
    storage_settings(settings.options)
    section = dict(settings.options.get("storage") or {})
    if getattr(args, "max_upload_size", None) is not None:
        section["max_single_upload"] = args.max_upload_size
    if getattr(args, "upload_ttl", None) is not None:
        section["upload_ttl_seconds"] = args.upload_ttl
    settings.options["storage"] = section
    storage_settings(settings.options)
