"""Job logs on their way to disk: lines are stored in batches by one writer thread (in the
`logstore` files; the database keeps each job's line count), and log streams waiting on a
job are woken when its lines or status change.

The queue between the pipe readers and the writer is bounded, so a job that prints faster
than the disk takes its lines waits on its pipe instead of growing the emulator. Past
`max_log_bytes` a job's further lines are dropped after one marker line saying so.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from dataclasses import dataclass, field

from .logstore import LogStore
from .state import State

__all__ = ["LOG_LIMIT_MARKER", "LogNotifier", "LogWriter"]

LOG_LIMIT_MARKER = "[vantage-emulator] this job's log reached {limit} bytes; later output is discarded"
QUEUE_LINES = 20_000
BATCH_LINES = 5000


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


@dataclass
class _JobLog:
    next_offset: int
    size: int
    capped: bool


class LogWriter(threading.Thread):
    """Stores log lines in batches, assigning each job's offsets in arrival order.

    Args:
        state: The database holding each job's `log_count`.
        store: The log files.
        notifier: Woken for each job whose lines were stored.
        max_log_bytes: Bytes of log text (lines and their newlines) kept per job.
    """

    def __init__(self, state: State, store: LogStore, notifier: LogNotifier, max_log_bytes: int) -> None:
        super().__init__(name="vantage-log-writer", daemon=True)
        self._state = state
        self._store = store
        self._notifier = notifier
        self._max_log_bytes = max_log_bytes
        self._queue: queue.SimpleQueue[_Line | _Flush | None] = queue.SimpleQueue()
        self._jobs: dict[str, _JobLog] = {}

    def put(self, job_id: str, stream: str, text: str) -> None:
        """Queue a line (waits while the queue is full)."""
        # A SimpleQueue and a look at its size: a bounded queue.Queue's locking
        # halved the rate lines get through.
        while self._queue.qsize() >= QUEUE_LINES and self.is_alive():
            time.sleep(0.005)
        self._queue.put(_Line(job_id, time.time(), stream, text))

    def flush(self, job_id: str, timeout: float = 30.0) -> None:
        """Wait until every line queued for `job_id` so far is stored; close its files."""
        marker = _Flush(job_id)
        self._queue.put(marker)
        marker.done.wait(timeout)

    def stop(self) -> None:
        self._queue.put(None)
        self.join(timeout=10)
        self._store.close_all()

    def run(self) -> None:
        while True:
            item = self._queue.get()
            batch: list[_Line | _Flush] = []
            stopping = item is None
            if item is not None:
                batch.append(item)
                while len(batch) < BATCH_LINES:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stopping = True
                        break
                    batch.append(more)
            if batch:
                self._store_batch(batch)
            if stopping:
                return

    def _job(self, job_id: str) -> _JobLog:
        job = self._jobs.get(job_id)
        if job is None:
            row = self._state.query_one("SELECT log_count FROM jobs WHERE id = ?", (job_id,))
            size = self._store.size(job_id)
            job = self._jobs[job_id] = _JobLog(row[0] if row else 0, size, size >= self._max_log_bytes)
        return job

    def _store_batch(self, batch: list[_Line | _Flush]) -> None:
        lines: dict[str, list[tuple[float, str, str]]] = {}
        for item in batch:
            if isinstance(item, _Line):
                job = self._job(item.job_id)
                if job.capped:
                    continue
                cost = len(item.text) + 1  # the line and its newline, as the logs endpoint sends it
                if job.size + cost > self._max_log_bytes:
                    job.capped = True
                    text = LOG_LIMIT_MARKER.format(limit=self._max_log_bytes)
                    lines.setdefault(item.job_id, []).append((item.ts, "stderr", text))
                    continue
                job.size += cost
                lines.setdefault(item.job_id, []).append((item.ts, item.stream, item.text))
        for job_id, records in lines.items():
            job = self._jobs[job_id]
            self._store.append(job_id, records)
            job.next_offset += len(records)
        if lines:
            with self._state.transaction() as db:
                db.executemany(
                    "UPDATE jobs SET log_count = ? WHERE id = ?", [(self._jobs[j].next_offset, j) for j in lines]
                )
        for job_id in lines:
            self._notifier.notify(job_id)
        for item in batch:
            if isinstance(item, _Flush):
                self._jobs.pop(item.job_id, None)
                self._store.close(item.job_id)
                item.done.set()
