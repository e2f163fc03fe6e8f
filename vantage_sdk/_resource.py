"""Base classes of resource namespaces: each holds the core of the client it belongs to.

A resource calls generated operations through ``self._core.call(module.sync, ...)`` (sync) or
``await self._core.call(module.asyncio, ...)`` (async); see ``vantage_sdk._base_client.SyncCore``.
"""

from __future__ import annotations

from vantage_sdk._base_client import AsyncCore, SyncCore

__all__ = ["AsyncResource", "SyncResource"]


class SyncResource:
    """A namespace of sync operations on one client.

    Example:
        >>> class Jobs(SyncResource):
        ...     def get(self, job_id: str) -> Job:
        ...         return self._core.call(get_job.sync, job_id)
    """

    def __init__(self, core: SyncCore) -> None:
        self._core = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._core.config.base_url}>"


class AsyncResource:
    """A namespace of async operations on one client (the async twin of ``SyncResource``)."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._core.config.base_url}>"
