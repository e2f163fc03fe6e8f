"""Reading a blob stored as a directory of parts as one seekable file."""

from __future__ import annotations

import bisect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["PartsReader"]


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
