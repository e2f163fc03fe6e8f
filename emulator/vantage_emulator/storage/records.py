"""What storage keeps in SQLite (the schema) and the records it hands out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..state import format_time
from .errors import InvalidRequestError

__all__ = ["STORAGE_SCHEMA", "FilePage", "FileRecord", "PartRecord", "UploadSession"]

STORAGE_SCHEMA = """
CREATE TABLE IF NOT EXISTS storage_files (
    organization TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    metadata TEXT NOT NULL,
    modified_at REAL NOT NULL,
    crc32c TEXT,
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
    crc32c TEXT,
    PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class FileRecord:
    """A stored file's metadata."""

    path: str
    size: int
    sha256: str
    content_type: str
    metadata: dict[str, str]
    modified_at: float
    crc32c: str | None = None
    """Base64 of the 4 big-endian bytes, as GCS reports it; None for a file stored before it was kept."""

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
            if self.crc32c is not None:
                info["crc32c"] = self.crc32c
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
        crc32c: The part's CRC32C (always computed on arrival; None for a part stored before it was kept).
    """

    part_number: int
    size: int
    sha256: str | None
    file_name: str
    crc32c: str | None = None

    def to_doc(self) -> dict[str, Any]:
        """The part as an `UploadPart` document."""
        doc: dict[str, Any] = {"part_number": self.part_number, "size": self.size}
        if self.sha256 is not None:
            doc["sha256"] = self.sha256
        if self.crc32c is not None:
            doc["crc32c"] = self.crc32c
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
        crc32c=row["crc32c"],
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
