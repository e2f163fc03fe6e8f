"""Progress bars for ``vantage storage cp``, drawn on stderr through the SDK's ``progress=`` hook.

The SDK calls a sink's ``update(snapshot)`` with cumulative figures (``bytes_done``,
``bytes_total``, ``files_done``, ``files_total``) and ``close()`` at the end; each sink here
drives one bar of a shared ``rich.progress.Progress``. Bars are drawn only when stderr is a
terminal and ``--no-progress`` was not given, so stdout (a table or the ``--json`` document)
is never touched.

Sizes and rates are in the same binary units (``MiB`` and ``MiB/s``), and a rate counts only the
bytes really moved: bytes a resumed transfer found already in place (``bytes_resumed``) are shown
as done but are not counted as sent, so resuming a nearly finished copy does not show a burst.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress, Task, TaskID
    from rich.text import Text

__all__ = ["BarSink", "TransferBars", "format_rate"]


def format_rate(byte_count: int, seconds: float) -> str:
    """A transfer rate in the units of ``human_bytes`` (``"12.5 MiB/s"``), or ``"-"`` if unknown.

    Example:
        >>> format_rate(3 * 1024 * 1024, 2.0)
        '1.5 MiB/s'
    """
    from vantage_sdk.cli._output import human_bytes

    if seconds <= 0 or byte_count <= 0:
        return "-"
    return f"{human_bytes(byte_count / seconds)}/s"


def _sent(task: Task) -> float:
    return task.completed - int(task.fields.get("resumed", 0))


def _columns() -> list[Any]:
    """The bar's columns; speed and time left come from the bytes really sent."""
    from rich import progress as rp
    from rich.text import Text

    class RateColumn(rp.ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(format_rate(int(_sent(task)), task.elapsed or 0.0), style="progress.data.speed")

    class RemainingColumn(rp.ProgressColumn):
        max_refresh = 0.5

        def render(self, task: Task) -> Text:
            sent, elapsed = _sent(task), task.elapsed or 0.0
            if task.finished or task.total is None or sent <= 0 or elapsed <= 0:
                return Text("-:--:--" if not task.finished else "0:00:00", style="progress.remaining")
            left = int((task.total - task.completed) * elapsed / sent)
            return Text(f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}", style="progress.remaining")

    return [
        rp.TextColumn("{task.description}", markup=False),
        rp.BarColumn(),
        rp.DownloadColumn(binary_units=True),
        RateColumn(),
        RemainingColumn(),
        rp.TextColumn("{task.fields[files]}"),
    ]


class BarSink:
    """One bar: a file, or a directory in aggregate (then it also counts files).

    Example:
        >>> client.storage.upload("a.bin", "/datasets/a.bin", progress=bars.file("a.bin"))
    """

    def __init__(self, progress: Progress | None, description: str, *, count_files: bool) -> None:
        self._progress = progress
        self._count_files = count_files
        self._task: TaskID | None = None
        self._last: Any = None
        if progress is not None:
            self._task = progress.add_task(description, total=None, files="", resumed=0)

    @property
    def bytes_resumed(self) -> int:
        """Bytes a resumed transfer found already in place (counted as done, never sent)."""
        return int(getattr(self._last, "bytes_resumed", 0)) if self._last is not None else 0

    @property
    def bytes_sent(self) -> int:
        """Bytes really moved so far."""
        return int(self._last.bytes_done) - self.bytes_resumed if self._last is not None else 0

    def update(self, snapshot: Any) -> None:
        """Show a progress snapshot from the SDK.

        Args:
            snapshot: An object with ``bytes_done``, ``bytes_total``, ``files_done`` and
                ``files_total``.
        """
        self._last = snapshot
        if self._progress is None or self._task is None:
            return
        files = f"{snapshot.files_done}/{snapshot.files_total} files" if self._count_files else ""
        self._progress.update(
            self._task,
            completed=snapshot.bytes_done,
            total=snapshot.bytes_total,
            files=files,
            resumed=getattr(snapshot, "bytes_resumed", 0),
        )

    def close(self) -> None:
        """The transfer this bar follows has ended; leave the bar as it stands."""


class TransferBars:
    """The bars of one command; a context manager that starts and stops drawing.

    Args:
        enabled: False for ``--no-progress``; bars are also off when stderr is not a terminal.

    Example:
        >>> with TransferBars(enabled=True) as bars:
        ...     client.storage.download("/datasets/x", "x", progress=bars.file("x"))
    """

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        self._sinks: list[BarSink] = []
        self._started = time.monotonic()
        self._ended: float | None = None
        if enabled:
            from vantage_sdk.cli._output import stderr_console

            console = stderr_console()
            if console.is_terminal:
                from rich import progress as rp

                self._progress = rp.Progress(
                    *_columns(),
                    console=console,
                    # The live display must never capture stdout, which carries the result.
                    redirect_stdout=False,
                    redirect_stderr=False,
                )

    def file(self, description: str) -> BarSink:
        """A bar for one file.

        Args:
            description: The file's name, shown beside the bar.

        Returns:
            A sink for the SDK's ``progress=`` argument.
        """
        return self._add(BarSink(self._progress, description, count_files=False))

    def directory(self, description: str) -> BarSink:
        """An aggregate bar for a directory (bytes and files done of total).

        Args:
            description: The directory, shown beside the bar.

        Returns:
            A sink for the SDK's ``progress=`` argument.
        """
        return self._add(BarSink(self._progress, description, count_files=True))

    def _add(self, sink: BarSink) -> BarSink:
        self._sinks.append(sink)
        return sink

    @property
    def seconds(self) -> float:
        """How long the command's transfers took (until the bars stopped, or until now)."""
        return (self._ended or time.monotonic()) - self._started

    @property
    def bytes_resumed(self) -> int:
        """Bytes the transfers found already in place from an earlier, interrupted run."""
        return sum(sink.bytes_resumed for sink in self._sinks)

    def rate(self) -> str:
        """The average rate of the bytes really sent (``"12.5 MiB/s"``), or ``"-"`` if none were."""
        return format_rate(sum(sink.bytes_sent for sink in self._sinks), self.seconds)

    def __enter__(self) -> TransferBars:
        self._started = time.monotonic()
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._ended = time.monotonic()
        if self._progress is not None:
            self._progress.stop()
