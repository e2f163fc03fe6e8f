"""Progress bars for ``vantage storage cp``, drawn on stderr through the SDK's ``progress=`` hook.

The SDK calls a sink's ``update(snapshot)`` with cumulative figures (``bytes_done``,
``bytes_total``, ``files_done``, ``files_total``) and ``close()`` at the end; each sink here
drives one bar of a shared ``rich.progress.Progress``. Bars are drawn only when stderr is a
terminal and ``--no-progress`` was not given, so stdout (a table or the ``--json`` document)
is never touched.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["BarSink", "TransferBars"]


class BarSink:
    """One bar: a file, or a directory in aggregate (then it also counts files).

    Example:
        >>> client.storage.upload("a.bin", "/datasets/a.bin", progress=bars.file("a.bin"))
    """

    def __init__(self, progress: Progress | None, description: str, *, count_files: bool) -> None:
        self._progress = progress
        self._count_files = count_files
        self._task: TaskID | None = None
        if progress is not None:
            self._task = progress.add_task(description, total=None, files="")

    def update(self, snapshot: Any) -> None:
        """Show a progress snapshot from the SDK.

        Args:
            snapshot: An object with ``bytes_done``, ``bytes_total``, ``files_done`` and
                ``files_total``.
        """
        if self._progress is None or self._task is None:
            return
        files = f"{snapshot.files_done}/{snapshot.files_total} files" if self._count_files else ""
        self._progress.update(self._task, completed=snapshot.bytes_done, total=snapshot.bytes_total, files=files)

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
        if enabled:
            from vantage_sdk.cli._output import stderr_console

            console = stderr_console()
            if console.is_terminal:
                from rich import progress as rp

                self._progress = rp.Progress(
                    rp.TextColumn("{task.description}", markup=False),
                    rp.BarColumn(),
                    rp.DownloadColumn(binary_units=True),
                    rp.TransferSpeedColumn(),
                    rp.TimeRemainingColumn(),
                    rp.TextColumn("{task.fields[files]}"),
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
        return BarSink(self._progress, description, count_files=False)

    def directory(self, description: str) -> BarSink:
        """An aggregate bar for a directory (bytes and files done of total).

        Args:
            description: The directory, shown beside the bar.

        Returns:
            A sink for the SDK's ``progress=`` argument.
        """
        return BarSink(self._progress, description, count_files=True)

    def __enter__(self) -> TransferBars:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
