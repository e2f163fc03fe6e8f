"""Small pieces shared by the upload and download engines."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import anyio

__all__ = ["StopFlag", "TransferAborted", "unwrap_task_group_errors"]


class TransferAborted(Exception):  # noqa: N818 - internal signal, never escapes the engine
    """Raised inside a worker when another worker failed, so its request stops early."""


class StopFlag:
    """Set once any worker fails; the others check it between chunks and stop.

    A file's flag may have a parent (its directory transfer's): stopping the parent stops every
    file, stopping one file leaves the others running.
    """

    def __init__(self, parent: StopFlag | None = None) -> None:
        self._event = threading.Event()
        self._parent = parent

    def set(self) -> None:
        """Ask every worker of this transfer to stop."""
        self._event.set()

    def is_set(self) -> bool:
        """Whether this transfer or its parent was asked to stop."""
        return self._event.is_set() or (self._parent is not None and self._parent.is_set())

    def check(self) -> None:
        """Raise ``TransferAborted`` if asked to stop."""
        if self.is_set():
            raise TransferAborted


def _first_cause(group: BaseExceptionGroup[BaseException]) -> BaseException | None:
    cancelled = anyio.get_cancelled_exc_class()
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            found = _first_cause(exc)
            if found is not None:
                return found
        elif not isinstance(exc, (cancelled, TransferAborted)):
            return exc
    return None


@contextlib.contextmanager
def unwrap_task_group_errors() -> Iterator[None]:
    """Re-raise the real error out of an anyio task group's ExceptionGroup.

    Callers see the ``ValidationError`` or their own progress-callback exception, not a group
    wrapping it together with the cancellations it caused.
    """
    try:
        yield
    except BaseExceptionGroup as group:
        cause = _first_cause(group)
        if cause is None:
            raise
        # ``from None`` when it had no cause: the group is an artefact of the task group, not news.
        raise cause from cause.__cause__
