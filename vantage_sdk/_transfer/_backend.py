"""What the transfer engine needs from the HTTP layer, as two protocols (sync and async).

The engine plans, reads, hashes, journals and verifies; a backend only moves one request's bytes.
``vantage_sdk._transfer._api`` implements these with the generated endpoint code, the client's
retry runner and ``httpx`` streaming; the engine's unit tests implement them in memory.

Body arguments are *factories*: a backend that retries a request calls the factory again for a
fresh body, and the engine counts each attempt's bytes through a ``PartMeter`` so a retry never
moves progress backwards. ``read`` delivers a byte range to ``sink`` and, when the connection
fails midway, resumes from the first byte not yet delivered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from vantage_sdk._transfer._checksum import Checksum

__all__ = [
    "AsyncBackend",
    "AsyncBody",
    "RemoteFile",
    "SessionState",
    "SyncBackend",
    "SyncBody",
]

InfoT = TypeVar("InfoT", covariant=True)

SyncBody = Callable[[], Iterator[bytes]]
AsyncBody = Callable[[], AsyncIterator[bytes]]


@dataclass(frozen=True)
class RemoteFile:
    """What a download needs to know about a stored file.

    Attributes:
        path: The storage path.
        size: Bytes.
        sha256: The file's lowercase hex sha256, when the server gave one.
        etag: The file's entity tag, when the server gave one (used to detect a change mid-download).
        crc32c: The file's CRC32C in the wire form (base64 of the big-endian 4 bytes), when the server gave one.
    """

    path: str
    size: int
    sha256: str | None
    etag: str | None
    crc32c: str | None = None


@dataclass(frozen=True)
class SessionState:
    """An upload session as the server reports it.

    Attributes:
        upload_id: The session's id.
        path: The storage path the session builds.
        size: The whole file's size.
        part_size: Bytes per part.
        is_open: Whether parts may still be sent.
        parts: The parts received so far: part number -> (size, sha256 when the server knows it).
        part_crc32c: The parts' CRC32C as the server computed them on arrival (wire form), when it reports them.
    """

    upload_id: str
    path: str
    size: int
    part_size: int
    is_open: bool
    parts: Mapping[int, tuple[int, str | None]]
    part_crc32c: Mapping[int, str] = field(default_factory=dict)


class SyncBackend(Protocol[InfoT]):
    """Blocking storage requests, each retried by the backend as its policy allows."""

    def stat(self, remote: str) -> RemoteFile:
        """The file at ``remote`` (raises ``ResourceNotFoundError`` when there is none)."""

    def put(self, remote: str, size: int, checksum: Checksum, body: SyncBody) -> InfoT:
        """Store ``size`` bytes from ``body()`` at ``remote`` in one request, checked against ``checksum``."""

    def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        """Open an upload session."""

    def get_session(self, upload_id: str) -> SessionState | None:
        """The session, or None when the server no longer knows it."""

    def put_part(
        self, upload_id: str, number: int, size: int, sha256: str | None, body: SyncBody, crc32c: str | None = None
    ) -> None:
        """Store one part (checked against ``sha256`` and ``crc32c``, in the wire form, when given)."""

    def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> InfoT:
        """Make the parts a ``size``-byte file, checked against ``checksum`` by the server."""

    def abort_session(self, upload_id: str) -> None:
        """Discard a session and its parts."""

    def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], None]) -> None:
        """Deliver bytes ``[start, end)`` of ``remote`` to ``sink`` in order, each byte once."""


class AsyncBackend(Protocol[InfoT]):
    """The async twin of ``SyncBackend``; bodies are async iterators (httpx needs those, not files)."""

    async def stat(self, remote: str) -> RemoteFile:
        """See ``SyncBackend.stat``."""

    async def put(self, remote: str, size: int, checksum: Checksum, body: AsyncBody) -> InfoT:
        """See ``SyncBackend.put``."""

    async def create_session(self, remote: str, size: int, part_size: int) -> SessionState:
        """See ``SyncBackend.create_session``."""

    async def get_session(self, upload_id: str) -> SessionState | None:
        """See ``SyncBackend.get_session``."""

    async def put_part(
        self, upload_id: str, number: int, size: int, sha256: str | None, body: AsyncBody, crc32c: str | None = None
    ) -> None:
        """See ``SyncBackend.put_part``."""

    async def complete_session(self, upload_id: str, size: int, checksum: Checksum) -> InfoT:
        """See ``SyncBackend.complete_session``."""

    async def abort_session(self, upload_id: str) -> None:
        """See ``SyncBackend.abort_session``."""

    async def read(self, remote: RemoteFile, start: int, end: int, sink: Callable[[bytes], Awaitable[None]]) -> None:
        """See ``SyncBackend.read``."""
