"""Bodies being received: a temp file, hashed as the bytes arrive, adopted into place once complete."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from . import crc32c
from .disk import _fsync
from .errors import ChecksumMismatchError, PayloadTooLargeError, StorageError

__all__ = ["COPY_CHUNK", "IncomingFile"]

COPY_CHUNK = 1024 * 1024


class IncomingFile:
    """A body being received: written to a temp file and hashed as it arrives.

    It becomes visible only when `Storage` adopts it (rename after fsync); until then,
    and if it is never adopted, nobody can read it. Use it as a context manager so
    an abandoned body is deleted.

    Args:
        directory: Where the temp file lives (same filesystem as its final place).
        max_size: Refuse more bytes than this.
        too_large: Builds the error raised when `max_size` is exceeded.
        hashed: Compute the body's sha256 as it arrives (its CRC32C is always computed).
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
        self.crc32c = 0
        """The CRC32C of the bytes so far (see `crc32c.encode` for the wire form)."""
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
        for chunk in chunks:
            if self._hash is not None:
                self._hash.update(chunk)
            self.crc32c = crc32c.extend(self.crc32c, chunk)
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

    def check_crc32c(self, expected: str | None, what: str) -> None:
        """Refuse the body (and delete it) unless its CRC32C is `expected` (base64; None checks nothing).

        Raises:
            ChecksumMismatchError: it is not; `what` names the body in the message.
        """
        actual = crc32c.encode(self.crc32c)
        if expected is not None and actual != expected:
            self.discard()
            raise ChecksumMismatchError(
                f"{what} CRC32C is {actual}, not {expected} as X-Content-CRC32C says; nothing was stored.",
                field="X-Content-CRC32C",
            )

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
