"""The emulator's persistent state: one SQLite database (WAL mode) under the data dir.

Every thread gets its own connection (`State.connect()`); reads never block in WAL
mode. Writes go through `State.transaction()`, which serialises writers of this
process with a lock and opens an immediate transaction so a write never fails half
way with "database is locked". Other emulator modules add their own tables with
`State.register_schema()` (idempotent DDL, run once per `State`).

Example:
    >>> state = State("/tmp/vantage-data")
    >>> state.register_schema("CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT)")
    >>> with state.transaction() as db:
    ...     db.execute("INSERT OR REPLACE INTO notes VALUES (?, ?)", ("a", "hello"))
    >>> state.query_one("SELECT body FROM notes WHERE id = ?", ("a",))["body"]
    'hello'
"""

from __future__ import annotations

import datetime as _dt
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "CORE_SCHEMA",
    "State",
    "format_time",
    "new_id",
    "now",
    "parse_time",
]

DB_FILENAME = "emulator.sqlite3"

# Timestamps are stored as REAL unix seconds: cheap to compare for `since` and
# keyset paging, formatted as RFC 3339 only on the way out.
CORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key TEXT NOT NULL,
    organization TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (key, organization)
);
CREATE TABLE IF NOT EXISTS clusters (
    organization TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    provider TEXT NOT NULL,
    region TEXT NOT NULL,
    node_count INTEGER NOT NULL,
    node_cpu_cores INTEGER NOT NULL,
    node_memory_bytes INTEGER NOT NULL,
    node_gpus INTEGER NOT NULL,
    max_concurrent_jobs INTEGER NOT NULL,
    autoscaling TEXT,
    scaling_until REAL,
    pending_node_count INTEGER,
    created_at REAL NOT NULL,
    PRIMARY KEY (organization, name)
);
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    organization TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    cluster TEXT NOT NULL,
    priority INTEGER NOT NULL,
    spec TEXT NOT NULL,
    labels TEXT NOT NULL,
    env TEXT NOT NULL,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    exit_code INTEGER,
    status_reason TEXT,
    pid INTEGER,
    logs_complete INTEGER NOT NULL DEFAULT 0,
    log_count INTEGER NOT NULL DEFAULT 0,
    cpu_time_seconds REAL,
    peak_memory_bytes INTEGER,
    wall_time_seconds REAL
);
CREATE INDEX IF NOT EXISTS jobs_org_seq ON jobs (organization, seq);
CREATE INDEX IF NOT EXISTS jobs_queue ON jobs (status, organization, cluster, priority, seq);
-- Only in data dirs from before the log files (logstore.py): moved out at start.
CREATE TABLE IF NOT EXISTS job_logs (
    job_id TEXT NOT NULL,
    offset INTEGER NOT NULL,
    ts REAL NOT NULL,
    stream TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (job_id, offset)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS job_events (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts REAL NOT NULL,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS job_outputs (
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (job_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency_keys (
    organization TEXT NOT NULL,
    key TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    body BLOB,
    created_at REAL NOT NULL,
    PRIMARY KEY (organization, key)
);
"""


def now() -> float:
    """Current time as unix seconds."""
    return time.time()


def format_time(ts: float | None) -> str | None:
    """Format unix seconds as RFC 3339 UTC with microseconds (None stays None)."""
    if ts is None:
        return None
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def parse_time(value: str) -> float:
    """Parse an RFC 3339 timestamp (naive means UTC) into unix seconds.

    Raises:
        ValueError: when `value` is not a timestamp.
    """
    parsed = _dt.datetime.fromisoformat(value.strip().replace("z", "Z").replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.UTC)
    return parsed.timestamp()


def new_id(prefix: str, nbytes: int = 6) -> str:
    """A random id such as `job-3f9a1c2b7d4e` (`nbytes` random bytes in hex)."""
    return f"{prefix}-{secrets.token_hex(nbytes)}"


class State:
    """The SQLite database of one emulator data dir.

    Args:
        data_dir: Directory holding the database (created if missing). File
            contents of other modules live below it too.
    """

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.data_dir / DB_FILENAME
        self.write_lock = threading.RLock()
        self._local = threading.local()
        self._schemas: set[str] = set()
        self._schema_lock = threading.Lock()
        db = self.connect()
        db.execute("PRAGMA journal_mode=WAL")
        self.register_schema(CORE_SCHEMA)

    def connect(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode, rows as `sqlite3.Row`).

        Use it directly for reads; wrap writes in `transaction()`.
        """
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.db_path, isolation_level=None, timeout=30.0)
            db.row_factory = sqlite3.Row
            # NORMAL is safe in WAL mode against process crashes (SIGKILL); only an
            # OS crash could lose the last commits, which an emulator can afford.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
            self._local.depth = 0
        return db

    def register_schema(self, sql: str) -> None:
        """Run DDL (use `IF NOT EXISTS`) once per State; safe to call repeatedly."""
        with self._schema_lock:
            if sql in self._schemas:
                return
            with self.transaction() as db:
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
            self._schemas.add(sql)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls on one thread join the outer one.

        Commits on success, rolls back on an exception (which propagates).
        """
        db = self.connect()
        with self.write_lock:
            if self._local.depth:
                self._local.depth += 1
                try:
                    yield db
                finally:
                    self._local.depth -= 1
                return
            db.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            else:
                db.execute("COMMIT")
            finally:
                self._local.depth = 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query on this thread's connection."""
        return self.connect().execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """The first row of a read query, or None."""
        row: sqlite3.Row | None = self.connect().execute(sql, params).fetchone()
        return row

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
