"""`Storage`: files and upload sessions of every organization, recovered at start-up."""

from __future__ import annotations

from ..state import State
from .cleanup import empty_temp_dirs, remove_unreferenced
from .files import DEFAULT_MAX_SINGLE_UPLOAD
from .records import STORAGE_SCHEMA
from .sessions import DEFAULT_MAX_OPEN_UPLOADS, DEFAULT_UPLOAD_TTL, UploadSessions

__all__ = ["Storage"]


class Storage(UploadSessions):
    """Files and upload sessions of every organization, under `<data_dir>/storage`.

    Thread-safe: bodies are received in parallel, and each final step (rename into
    place plus the metadata change) runs under the state's write lock. Built in layers:
    `BlobStore` (contents on disk) < `FileStore` (paths) < `UploadSessions`.

    Args:
        state: The emulator's SQLite state; the storage tables are added to it.
        max_single_upload: Largest body `new_incoming(limit_single=True)` accepts.
        upload_ttl: Seconds an unfinished upload session lives.
        max_open_uploads: Open upload sessions an organization may hold at once.

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
        max_open_uploads: int = DEFAULT_MAX_OPEN_UPLOADS,
    ) -> None:
        super().__init__(
            state, max_single_upload=max_single_upload, upload_ttl=upload_ttl, max_open_uploads=max_open_uploads
        )
        state.register_schema(STORAGE_SCHEMA)
        _add_crc32c_columns(state)
        self.root.mkdir(parents=True, exist_ok=True)
        self.recover()

    def recover(self) -> None:
        """Remove what a crash can leave behind and expired sessions (run at start-up)."""
        empty_temp_dirs(self.root)
        self.expire_uploads()
        remove_unreferenced(self.state, self.root, self.org_root)


def _add_crc32c_columns(state: State) -> None:
    """Give a data folder made before CRC32C was kept its columns (its files then report none)."""
    for table in ("storage_files", "storage_session_parts"):
        columns = {row["name"] for row in state.query(f"PRAGMA table_info({table})")}
        if "crc32c" not in columns:
            with state.transaction() as db:
                db.execute(f"ALTER TABLE {table} ADD COLUMN crc32c TEXT")
