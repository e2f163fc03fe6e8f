"""Job logs on their way to SQLite: lines are stored in batches by one writer thread, and log streams
waiting on a job are woken when its lines or status change."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from dataclasses import dataclass, field

from .state import State

__all__ = ["LogNotifier", "LogWriter"]


class LogNotifier:
    """Wakes asyncio waiters (log streams) when a job's lines or status change.

    `notify` may be called from any thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def subscribe(self, job_id: str) -> asyncio.Event:
        """An event set at the next change of `job_id` (call from the event loop)."""
        event = asyncio.Event()
        with self._lock:
            self._waiters.setdefault(job_id, set()).add((asyncio.get_running_loop(), event))
        return event

    def unsubscribe(self, job_id: str, event: asyncio.Event) -> None:
        """Forget a waiter returned by `subscribe`."""
        with self._lock:
            waiters = self._waiters.get(job_id, set())
            for entry in [w for w in waiters if w[1] is event]:
                waiters.discard(entry)
            if not waiters:
                self._waiters.pop(job_id, None)

    def notify(self, job_id: str) -> None:
        """Wake everyone waiting on `job_id`."""
        with self._lock:
            waiters = list(self._waiters.get(job_id, ()))
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # the loop closed under us (shutdown)
                pass


@dataclass
class _Line:
    job_id: str
    ts: float
    stream: str
    text: str


@dataclass
class _Flush:
    job_id: str
    done: threading.Event = field(default_factory=threading.Event)


class LogWriter(threading.Thread):
    """Stores log lines in batches, assigning each job's offsets in arrival order."""

    def __init__(self, state: State, notifier: LogNotifier) -> None:
        super().__init__(name="vantage-log-writer", daemon=True)
        self._state = state
        self._notifier = notifier
        self._queue: queue.SimpleQueue[_Line | _Flush | None] = queue.SimpleQueue()
        self._next_offset: dict[str, int] = {}

    def put(self, job_id: str, stream: str, text: str) -> None:
        self._queue.put(_Line(job_id, time.time(), stream, text))

    def flush(self, job_id: str, timeout: float = 30.0) -> None:
        """Wait until every line queued for `job_id` so far is stored; forget its counter."""
        marker = _Flush(job_id)
        self._queue.put(marker)
        marker.done.wait(timeout)

    def stop(self) -> None:
        self._queue.put(None)
        self.join(timeout=10)

    def run(self) -> None:
        while True:
            item = self._queue.get()
            batch: list[_Line | _Flush] = []
            stopping = item is None
            if item is not None:
                batch.append(item)
                while len(batch) < 5000:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stopping = True
                        break
                    batch.append(more)
            if batch:
                self._store(batch)
            if stopping:
                return

    def _store(self, batch: list[_Line | _Flush]) -> None:
        rows = []
        touched: set[str] = set()
        with self._state.transaction() as db:
            for item in batch:
                if isinstance(item, _Flush):
                    continue
                if item.job_id not in self._next_offset:
                    row = db.execute("SELECT log_count FROM jobs WHERE id = ?", (item.job_id,)).fetchone()
                    self._next_offset[item.job_id] = row[0] if row else 0
                offset = self._next_offset[item.job_id]
                self._next_offset[item.job_id] = offset + 1
                rows.append((item.job_id, offset, item.ts, item.stream, item.text))
                touched.add(item.job_id)
            db.executemany("INSERT INTO job_logs (job_id, offset, ts, stream, line) VALUES (?, ?, ?, ?, ?)", rows)
            db.executemany("UPDATE jobs SET log_count = ? WHERE id = ?", [(self._next_offset[j], j) for j in touched])
        for job_id in touched:
            self._notifier.notify(job_id)
        for item in batch:
            if isinstance(item, _Flush):
                self._next_offset.pop(item.job_id, None)
                item.done.set()
