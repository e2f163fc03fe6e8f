"""Progress reporting for transfers: cumulative, never decreasing, throttled, aggregated.

One ``ProgressTracker`` serves one SDK call (a file or a whole directory). Workers report bytes as
they move them; the tracker adds them up and forwards a snapshot to its sinks at most every
``min_interval`` seconds, plus once when the total is reached. A part that is sent again after a
failure reports through a ``PartMeter``, which only counts bytes beyond what that part had already
reported, so the figure never goes back.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from vantage_sdk._exceptions import ValidationError

__all__ = [
    "ProgressArg",
    "ProgressCallback",
    "ProgressSink",
    "ProgressTracker",
    "PartMeter",
    "TransferProgress",
    "make_tracker",
]

ProgressCallback = Callable[[int, int], Any]
"""``progress_callback(bytes_transferred, total_bytes)``."""


@dataclass(frozen=True)
class TransferProgress:
    """A snapshot of one transfer (a file, or a directory in aggregate).

    Attributes:
        bytes_done: Bytes moved so far (including bytes a resumed transfer found already there).
        bytes_total: Bytes to move in all.
        files_done: Files finished (transferred or failed).
        files_total: Files to move in all.
        description: What is being transferred, for display.
        bytes_resumed: The part of ``bytes_done`` that a resumed transfer found already in place
            (parts the server held, ranges an earlier download wrote) and did not move again: a rate
            is ``(bytes_done - bytes_resumed) / elapsed``.
    """

    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    description: str
    bytes_resumed: int = 0


class ProgressSink(Protocol):
    """Receives progress snapshots; ``progress=`` accepts any object with these two methods."""

    def update(self, progress: TransferProgress) -> None:
        """Show a snapshot."""

    def close(self) -> None:
        """The transfer ended (successfully or not)."""


ProgressArg = ProgressSink | str | None
"""``progress=``: ``"tqdm"``, ``"rich"``, a ``ProgressSink``, or None."""


class _CallbackSink:
    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback
        self._last: tuple[int, int] | None = None

    def update(self, progress: TransferProgress) -> None:
        figures = (progress.bytes_done, progress.bytes_total)
        if figures != self._last:  # a snapshot that only counts a finished file says nothing new here
            self._last = figures
            self._callback(*figures)

    def close(self) -> None:
        pass


def _require(module: str) -> Any:
    package = module.split(".")[0]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"progress={package!r} needs the optional package {package!r}; "
            f"install it with: pip install 'omnivector-vantage-sdk[progress]' (or pip install {package})"
        ) from exc


class _TqdmSink:
    def __init__(self, description: str) -> None:
        tqdm = _require("tqdm.auto")
        self._bar = tqdm.tqdm(desc=description, unit="B", unit_scale=True, unit_divisor=1024, total=None)
        self._shown = 0

    def update(self, progress: TransferProgress) -> None:
        self._bar.total = progress.bytes_total
        if progress.files_total > 1:
            self._bar.set_postfix_str(f"{progress.files_done}/{progress.files_total} files", refresh=False)
        self._bar.update(progress.bytes_done - self._shown)
        self._shown = progress.bytes_done

    def close(self) -> None:
        self._bar.close()


class _RichSink:
    def __init__(self, description: str) -> None:
        progress_mod = _require("rich.progress")
        self._progress = progress_mod.Progress(
            progress_mod.TextColumn("{task.description}"),
            progress_mod.BarColumn(),
            progress_mod.DownloadColumn(),
            progress_mod.TransferSpeedColumn(),
            progress_mod.TimeRemainingColumn(),
            progress_mod.TextColumn("{task.fields[files]}"),
        )
        self._progress.start()
        self._task = self._progress.add_task(description, total=None, files="")

    def update(self, progress: TransferProgress) -> None:
        files = f"{progress.files_done}/{progress.files_total} files" if progress.files_total > 1 else ""
        self._progress.update(self._task, completed=progress.bytes_done, total=progress.bytes_total, files=files)

    def close(self) -> None:
        self._progress.stop()


def _sink_for(progress: ProgressArg, description: str) -> ProgressSink | None:
    if progress is None:
        return None
    if progress == "tqdm":
        return _TqdmSink(description)
    if progress == "rich":
        return _RichSink(description)
    if not isinstance(progress, str) and callable(getattr(progress, "update", None)):
        return progress
    raise ValidationError.for_field(
        "progress", f"must be 'tqdm', 'rich' or an object with update()/close(), got {progress!r}"
    )


class ProgressTracker:
    """Adds up transferred bytes and forwards throttled, never-decreasing snapshots to sinks.

    Thread-safe: sinks are called under the tracker's lock, so snapshots arrive in order.
    A total of 0 bytes produces no calls (there is no meaningful percentage to show).

    Example:
        >>> seen = []
        >>> t = ProgressTracker(100, sinks=[_CallbackSink(lambda d, n: seen.append(d))])
        >>> t.add(60); t.add(40)
        >>> seen[-1]
        100
    """

    def __init__(
        self,
        bytes_total: int,
        *,
        sinks: list[ProgressSink] | None = None,
        files_total: int = 1,
        description: str = "",
        min_interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bytes_total = bytes_total
        self.files_total = files_total
        self.bytes_done = 0
        self.bytes_resumed = 0
        self.files_done = 0
        self.description = description
        self._sinks = sinks or []
        self._min_interval = min_interval
        self._clock = clock
        self._lock = threading.RLock()
        self._last_emit = float("-inf")
        self._last_sent: TransferProgress | None = None

    def add(self, n: int, *, resumed: bool = False) -> None:
        """Count ``n`` more bytes as done (``n`` < 0 is ignored: progress never goes back).

        ``resumed=True``: the bytes were found already in place by a resumed transfer, not moved.
        """
        if n <= 0:
            return
        with self._lock:
            added = min(self.bytes_total, self.bytes_done + n) - self.bytes_done
            self.bytes_done += added
            if resumed:
                self.bytes_resumed += added
            self._maybe_emit(force=self.bytes_done >= self.bytes_total)

    def file_finished(self) -> None:
        """Count one more file as done."""
        with self._lock:
            self.files_done += 1
            self._maybe_emit(force=self.files_done >= self.files_total)

    def part(self) -> PartMeter:
        """A meter for one part whose attempts each restart from 0."""
        return PartMeter(self)

    def finish(self) -> None:
        """Send the final snapshot now, unless it was the last one sent (call only on success)."""
        with self._lock:
            self._maybe_emit(force=True)

    def close(self) -> None:
        """Close the sinks (progress bars); nothing is reported afterwards."""
        with self._lock:
            sinks, self._sinks = self._sinks, []
        for sink in sinks:
            sink.close()

    def _maybe_emit(self, *, force: bool) -> None:
        if not self._sinks or self.bytes_total == 0:
            return
        now = self._clock()
        if not force and now - self._last_emit < self._min_interval:
            return
        snapshot = TransferProgress(
            self.bytes_done, self.bytes_total, self.files_done, self.files_total, self.description, self.bytes_resumed
        )
        if snapshot == self._last_sent:
            return
        self._last_emit = now
        self._last_sent = snapshot
        for sink in self._sinks:
            sink.update(snapshot)


class PartMeter:
    """Reports one part's bytes; a new attempt counts only what goes beyond the previous ones.

    Example:
        >>> t = ProgressTracker(10)
        >>> m = t.part()
        >>> m.sent(6); m.restart(); m.sent(8)
        >>> t.bytes_done
        8
    """

    def __init__(self, tracker: ProgressTracker) -> None:
        self._tracker = tracker
        self._high = 0
        self._attempt = 0

    def restart(self) -> None:
        """A new attempt begins at byte 0 of the part."""
        self._attempt = 0

    def sent(self, n: int) -> None:
        """``n`` more bytes of this attempt went out."""
        self._attempt += n
        if self._attempt > self._high:
            self._tracker.add(self._attempt - self._high)
            self._high = self._attempt


def make_tracker(
    bytes_total: int,
    *,
    progress_callback: ProgressCallback | None,
    progress: ProgressArg,
    description: str,
    files_total: int = 1,
    min_interval: float = 0.1,
) -> ProgressTracker:
    """Build the tracker for one SDK call from its ``progress_callback=`` and ``progress=`` arguments.

    Raises:
        ValidationError: ``progress`` is not a known adapter name or sink.
        ImportError: ``progress="tqdm"``/``"rich"`` without that package installed.

    Example:
        >>> tracker = make_tracker(10, progress_callback=print, progress=None, description="x")
    """
    sinks: list[ProgressSink] = []
    if progress_callback is not None:
        if not callable(progress_callback):
            raise ValidationError.for_field("progress_callback", f"must be callable, got {progress_callback!r}")
        sinks.append(_CallbackSink(progress_callback))
    adapter = _sink_for(progress, description)
    if adapter is not None:
        sinks.append(adapter)
    return ProgressTracker(
        bytes_total, sinks=sinks, files_total=files_total, description=description, min_interval=min_interval
    )
