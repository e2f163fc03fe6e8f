"""Upload sessions: a file sent in parts, in any order and in parallel, resumable, completed atomically.

Parts are kept as `uploads/<upload_id>/<part>-<random>` (a new name for every copy, so a re-sent
part never overwrites bytes a reader may use). A part is not hashed on its own unless the client
sent its sha256: the whole file's sha256 is computed part by part, in order, by a background
thread as parts arrive (`SessionDigest`), so completing a session only hashes the parts that came
last, and no byte is hashed twice. Completion renames the session's directory into the blob store.
"""

from __future__ import annotations

import json
import math
import mimetypes
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

from ..state import State, new_id, now
from . import crc32c
from .digests import SessionDigest
from .disk import _fsync
from .errors import ChecksumMismatchError, ConflictError, InvalidRequestError, NotFoundError
from .files import DEFAULT_MAX_SINGLE_UPLOAD, FileStore
from .incoming import IncomingFile
from .paths import normalize_file_path
from .records import FileRecord, PartRecord, UploadSession, _check_metadata, _number_ranges

__all__ = ["DEFAULT_MAX_OPEN_UPLOADS", "DEFAULT_PART_SIZE", "DEFAULT_UPLOAD_TTL", "MAX_PART_COUNT", "UploadSessions"]

DEFAULT_PART_SIZE = 8 * 1024 * 1024
MIN_PART_SIZE = 1024
MAX_PART_SIZE = 512 * 1024 * 1024
MAX_PART_COUNT = 100_000
DEFAULT_UPLOAD_TTL = 7 * 24 * 3600.0
# Open sessions an organization may hold at once: each one reserves a directory and
# up to its declared size on disk until it is completed, aborted or expires.
DEFAULT_MAX_OPEN_UPLOADS = 1000


class UploadSessions(FileStore):
    """Upload sessions on top of the files (`storage_uploads` and `storage_session_parts` rows).

    Args:
        state: The emulator's SQLite state.
        max_single_upload: Largest body `new_single_upload` accepts.
        upload_ttl: Seconds an unfinished upload session lives.
        max_open_uploads: Open sessions an organization may hold at once.
    """

    def __init__(
        self,
        state: State,
        *,
        max_single_upload: int = DEFAULT_MAX_SINGLE_UPLOAD,
        upload_ttl: float = DEFAULT_UPLOAD_TTL,
        max_open_uploads: int = DEFAULT_MAX_OPEN_UPLOADS,
    ) -> None:
        super().__init__(state, max_single_upload=max_single_upload)
        self.upload_ttl = upload_ttl
        self.max_open_uploads = max_open_uploads
        # Sessions being completed right now; a part or an abort arriving meanwhile
        # gets a 409 instead of changing the parts being checked and moved.
        self._completing: set[str] = set()
        self._completing_lock = threading.Lock()
        # Open sessions' whole-file digests, advanced by one background thread: it hashes
        # while the next parts are still arriving, on the core the event loop leaves free.
        self._digests: dict[str, SessionDigest] = {}
        self._digests_lock = threading.Lock()
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-hash")
        self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-fsync")

    def _check_quota(self, organization: str) -> None:
        row = self.state.query_one(
            "SELECT COUNT(*) FROM storage_uploads WHERE organization = ? AND status = 'open'", (organization,)
        )
        if row is not None and row[0] >= self.max_open_uploads:
            raise ConflictError(
                f"This organization already has {row[0]} open upload sessions, the most allowed;"
                " complete or abort some first.",
                code="too_many_uploads",
            )

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
        self._check_quota(organization)
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
            PartRecord(r["part_number"], r["size"], r["sha256"], r["file_name"], r["crc32c"])
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
        expected_crc32c: str | None = None,
    ) -> PartRecord:
        """Store a received part, replacing an earlier copy of the same part.

        Raises:
            NotFoundError: no such session (for example aborted meanwhile).
            ConflictError: the session is completed or being completed.
            InvalidRequestError: wrong part number or size.
            ChecksumMismatchError: the part's sha256 is not `expected_sha256`, or its CRC32C not
                `expected_crc32c`.
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
        incoming.check_crc32c(expected_crc32c, f"Part {part_number}'s")
        part_crc32c = crc32c.encode(incoming.crc32c)
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
                    "INSERT OR REPLACE INTO storage_session_parts VALUES (?, ?, ?, ?, ?, ?)",
                    (upload_id, part_number, incoming.size, file_name, sha256, part_crc32c),
                )
            if old is not None:
                (session_dir / old["file_name"]).unlink(missing_ok=True)
        # The digest object itself, so a late call after completion or abort hashes nothing into a new one.
        digest = self._session_digest(upload_id)
        self._hasher.submit(self._advance_digest, organization, upload_id, digest, strict=False)
        return PartRecord(part_number, incoming.size, sha256, file_name, part_crc32c)

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

    def complete_upload(
        self, organization: str, upload_id: str, sha256: str | None = None, crc32c: str | None = None
    ) -> FileRecord:
        """Make the parts the session's file, atomically, if all arrived and the
        whole file's sha256 is `sha256` and its CRC32C `crc32c` (each checked when given,
        at least one must be). Completing a completed session with the same checksum
        returns the file again.

        Raises:
            NotFoundError: no such session.
            ConflictError: parts are missing (named in the message), the session is
                being completed, it was completed with another sha256, or its path is
                now a folder or below a file.
            ChecksumMismatchError: the parts' sha256 or CRC32C differs (the session stays
                open, so bad parts can be sent again).
            InvalidRequestError: neither checksum was given.
        """
        if sha256 is None and crc32c is None:
            raise InvalidRequestError("Give the whole file's sha256 or crc32c to complete the upload.", field="sha256")
        sha256 = sha256.lower() if sha256 is not None else None
        session = self.get_upload(organization, upload_id)
        if session.status == "completed":
            return self._completed_file(session, sha256, crc32c)
        with self._completing_session(upload_id):
            # Snapshot under the lock: a part commit either finished before it or
            # sees the session as completing and gets a 409.
            with self.state.write_lock:
                session = self.get_upload(organization, upload_id)
            if session.status == "completed":
                return self._completed_file(session, sha256, crc32c)
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
            if sha256 is not None and actual != sha256:
                raise ChecksumMismatchError(
                    f"The parts' sha256 is {actual}, not {sha256}; upload session {upload_id!r}"
                    " stays open so parts can be sent again.",
                    field="sha256",
                )
            whole_crc32c = _whole_crc32c(session.parts)
            if crc32c is not None and whole_crc32c != crc32c:
                raise ChecksumMismatchError(
                    f"The parts' CRC32C is {whole_crc32c}, not {crc32c}; upload session {upload_id!r}"
                    " stays open so parts can be sent again.",
                    field="crc32c",
                )
            sha256 = actual
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
                crc32c=whole_crc32c,
                content_type=session.content_type,
                metadata=session.metadata,
                in_transaction=mark_completed,
            )
            self._forget_digest(upload_id)
            if session_dir.exists():  # the same bytes were stored already
                self._dispose(organization, session_dir)
            return record

    def _completed_file(self, session: UploadSession, sha256: str | None, crc32c: str | None) -> FileRecord:
        whole_crc32c = _whole_crc32c(session.parts)
        for name, given, stored in (("sha256", sha256, session.sha256), ("crc32c", crc32c, whole_crc32c)):
            if given is not None and given != stored:
                raise ConflictError(
                    f"Upload session {session.upload_id!r} was completed with {name} {stored}, not {given}.",
                    field=name,
                    code="upload_closed",
                )
        try:
            current = self.stat(session.organization, session.path)
        except NotFoundError:
            current = None
        if current is not None and current.sha256 == session.sha256:
            return current
        # The file was replaced or deleted since; describe what this session stored.
        return FileRecord(
            path=session.path,
            size=session.size,
            sha256=session.sha256 or "",
            content_type=session.content_type,
            metadata=session.metadata,
            modified_at=session.completed_at or session.created_at,
            crc32c=whole_crc32c,
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


def _whole_crc32c(parts: list[PartRecord]) -> str | None:
    """The file's CRC32C from its parts' (None when a part was stored before CRC32C was kept)."""
    whole = 0
    for part in sorted(parts, key=lambda p: p.part_number):
        if part.crc32c is None:
            return None
        whole = crc32c.combine(whole, crc32c.decode(part.crc32c), part.size)
    return crc32c.encode(whole)
