"""Token pagination for any generated list operation that carries a ``PAGINATION`` hint.

The hint (``vantage_sdk._generated.types.Pagination``) names the items field, the token
parameter, the next-token field and the has-more field, so the same loop pages jobs and storage
listings. Pages are fetched lazily, one request per page, each under the client's retry policy.

Example:
    >>> for page in iter_pages(core, list_jobs.sync, limit=20, status="running"):
    ...     print(len(page.items))
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import VantageError
from vantage_sdk._generated.types import Pagination

__all__ = ["aiter_items", "aiter_pages", "iter_items", "iter_pages", "pagination_of"]

P = TypeVar("P")


def pagination_of(fn: Callable[..., Any]) -> Pagination:
    """The ``PAGINATION`` hint of a generated operation's module.

    Raises:
        TypeError: The operation does not page (a programming error in the SDK).

    Example:
        >>> pagination_of(list_jobs.sync).token_param
        'page_token'
    """
    hint = getattr(sys.modules[fn.__module__], "PAGINATION", None)
    if not isinstance(hint, Pagination):
        raise TypeError(f"{fn.__module__} has no PAGINATION hint")
    return hint


class _Cursor:
    """Where a listing is: the token to send next, and whether it is finished (shared sync/async)."""

    def __init__(self, hint: Pagination) -> None:
        self.hint = hint
        self.token: str | None = None
        self.done = False

    def request_kwargs(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {**kwargs, self.hint.token_param: self.token} if self.token else kwargs

    def advance(self, page: object) -> None:
        token = getattr(page, self.hint.next_token_field) if getattr(page, self.hint.has_more_field) else None
        if token is not None and token == self.token:
            raise VantageError(f"the server returned the same page token twice ({token!r}); stopping")
        self.token = token or None
        self.done = self.token is None


def iter_pages(core: SyncCore, fn: Callable[..., P], /, *args: Any, **kwargs: Any) -> Iterator[P]:
    """Yield every page of a listing, following ``next_page_token`` until the last page.

    Args:
        core: The sync core of the client.
        fn: A generated list operation's ``sync`` function (with a ``PAGINATION`` hint).
        *args: Its positional arguments.
        **kwargs: Its filters and page size (``limit=``).

    Example:
        >>> pages = list(iter_pages(core, list_jobs.sync, limit=100))
    """
    cursor = _Cursor(pagination_of(fn))
    while not cursor.done:
        page = core.call(fn, *args, **cursor.request_kwargs(kwargs))
        cursor.advance(page)
        yield page


async def aiter_pages(
    core: AsyncCore, fn: Callable[..., Awaitable[P]], /, *args: Any, **kwargs: Any
) -> AsyncIterator[P]:
    """Async twin of ``iter_pages`` for a generated ``asyncio`` function.

    Example:
        >>> async for page in aiter_pages(core, list_jobs.asyncio, limit=100):
        ...     print(page.items)
    """
    cursor = _Cursor(pagination_of(fn))
    while not cursor.done:
        page = await core.call(fn, *args, **cursor.request_kwargs(kwargs))
        cursor.advance(page)
        yield page


def iter_items(core: SyncCore, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Iterator[Any]:
    """Yield every item across all pages of a listing, fetching pages lazily.

    Example:
        >>> for job in iter_items(core, list_jobs.sync, limit=100):
        ...     print(job.id)
    """
    items_field = pagination_of(fn).items_field
    for page in iter_pages(core, fn, *args, **kwargs):
        yield from getattr(page, items_field)


async def aiter_items(
    core: AsyncCore, fn: Callable[..., Awaitable[Any]], /, *args: Any, **kwargs: Any
) -> AsyncIterator[Any]:
    """Async twin of ``iter_items``.

    Example:
        >>> async for job in aiter_items(core, list_jobs.asyncio, limit=100):
        ...     print(job.id)
    """
    items_field = pagination_of(fn).items_field
    async for page in aiter_pages(core, fn, *args, **kwargs):
        for item in getattr(page, items_field):
            yield item
