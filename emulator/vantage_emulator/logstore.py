"""Job logs on disk: one append-only file per job plus an offset index, read in bounded memory.

`<data_dir>/logs/<job_id>.log` holds one record per line, `<timestamp> <o|e> <text>\\n`
(the timestamp as Python's round-trip float repr, `o` stdout, `e` stderr); the text
itself never holds a newline, since lines are split on it. `<job_id>.idx` holds each
record's byte position as 8 little-endian bytes, so the line at any offset is one
seek away. A line is visible once the job's `log_count` in the database covers it:
the writer appends, then commits the count, so a reader never sees half a record.

Logs are 1.0-1.1x their text on disk (SQLite rows were 4.7x), and a reader holds at
most one batch of lines in memory.

Example:
    >>> store = LogStore(Path("/tmp/vantage-data"))
    >>> store.append("job-1", [(1700000000.5, "stdout", "hello")])
    >>> [line.text for line in store.read("job-1", 0, 1)]
    ['hello']
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["LogLine", "LogStore"]

_POSITION = struct.Struct("<Q")
_STREAMS = {"stdout": b"o", "stderr": b"e"}
_NAMES = {b"o": "stdout", b"e": "stderr"}
_READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class LogLine:
    """One stored line of a job's output."""

    offset: int
    ts: float
    stream: str
    text: str


class LogStore:
    """The log files of one data dir; appends from one writer thread, reads from any."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "logs"
        self.root.mkdir(mode=0o700, exist_ok=True)
        self._open: dict[str, tuple[BinaryIO, BinaryIO]] = {}

    def _paths(self, job_id: str) -> tuple[Path, Path]:
        return self.root / f"{job_id}.log", self.root / f"{job_id}.idx"

    # -- writing (the log writer thread only) ---------------------------------------

    def append(self, job_id: str, lines: list[tuple[float, str, str]]) -> int:
        """Append `(ts, stream, text)` lines; the bytes written."""
        files = self._open.get(job_id)
        if files is None:
            log_path, index_path = self._paths(job_id)
            files = self._open[job_id] = (open(log_path, "ab"), open(index_path, "ab"))
        log, index = files
        position = log.seek(0, os.SEEK_END)
        records = []
        positions = []
        for ts, stream, text in lines:
            record = b"%r %s %s\n" % (ts, _STREAMS.get(stream, b"o"), text.encode("utf-8", "replace"))
            positions.append(_POSITION.pack(position))
            records.append(record)
            position += len(record)
        data = b"".join(records)
        log.write(data)
        index.write(b"".join(positions))
        log.flush()
        index.flush()
        return len(data)

    def size(self, job_id: str) -> int:
        """Bytes of log stored for a job so far."""
        try:
            return self._paths(job_id)[0].stat().st_size
        except FileNotFoundError:
            return 0

    def close(self, job_id: str) -> None:
        """Close a finished job's files."""
        files = self._open.pop(job_id, None)
        if files is not None:
            for f in files:
                f.close()

    def close_all(self) -> None:
        for job_id in list(self._open):
            self.close(job_id)

    # -- reading -----------------------------------------------------------------------

    def read(self, job_id: str, start: int, stop: int) -> Iterator[LogLine]:
        """Lines `start` (inclusive) to `stop` (exclusive) in order, a chunk at a time."""
        if start >= stop:
            return
        log_path, index_path = self._paths(job_id)
        try:
            with open(index_path, "rb") as index:
                index.seek(start * _POSITION.size)
                raw = index.read(_POSITION.size)
            log = open(log_path, "rb")
        except FileNotFoundError:
            return
        if len(raw) < _POSITION.size:
            log.close()
            return
        with log:
            log.seek(_POSITION.unpack(raw)[0])
            offset = start
            pending = b""
            while offset < stop:
                chunk = log.read(_READ_CHUNK)
                if not chunk:
                    return
                records = (pending + chunk).split(b"\n")
                pending = records.pop()
                for record in records:
                    ts, stream, text = record.split(b" ", 2)
                    yield LogLine(offset, float(ts), _NAMES.get(stream, "stdout"), text.decode("utf-8", "replace"))
                    offset += 1
                    if offset >= stop:
                        return
