"""Pages of a listing: ``SyncPage`` / ``AsyncPage``, iterable across pages, for any generated list operation.

A generated list operation carries a ``PAGINATION`` hint (``vantage_sdk._generated.types.Pagination``)
naming the items field, the token parameter, the next-token field and the has-more field, so
the same code pages jobs and storage listings. A page holds one response (``items``,
``has_next``, ``next_page_token``, as the API sent them) and knows how to fetch the next one with
the same filters and per-call options; iterating a page walks every item from it to the last
page, fetching each following page only when the previous one is used up (as openai-python's
cursor pages do). Listings the SDK always returns whole (clusters, storage) are an ``ItemList``:
a plain list with the same page attributes.

Example:
    >>> page = client.jobs.list(limit=20)          # one request
    >>> page.items, page.has_next, page.next_page_token
    >>> for job in page:                           # every job, next pages fetched as needed
    ...     print(job.id)
    >>> for p in page.iter_pages():
    ...     print(len(p.items))
"""

from __future__ import annotations

import functools
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Iterator
from typing import Any, Generic, TypeVar

from vantage_sdk._base_client import AsyncCore, SyncCore
from vantage_sdk._exceptions import VantageError
from vantage_sdk._generated.types import Pagination
from vantage_sdk._request_options import CallOptions, request_scope

__all__ = [
    "AsyncPage",
    "AsyncPaginator",
    "ItemList",
    "SyncPage",
    "afetch_page",
    "fetch_page",
    "lazy_aitems",
    "lazy_apages",
    "lazy_items",
    "lazy_pages",
    "pagination_of",
]

T = TypeVar("T")


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


class _PageBase(Generic[T]):
    """What a sync and an async page share: the response's fields and the check of the next token."""

    def __init__(self, items: list[T], has_next: bool, next_page_token: str | None) -> None:
        self.items = items
        self.has_next = has_next
        self.next_page_token = next_page_token

    def _next_token(self, fetch: object) -> str:
        if not self.has_next or not self.next_page_token or fetch is None:
            raise VantageError("this is the last page: check has_next_page() before get_next_page()")
        return self.next_page_token

    def _check_follows(self, following: _PageBase[T]) -> None:
        if following.has_next and following.next_page_token == self.next_page_token:
            raise VantageError(f"the server returned the same page token twice ({self.next_page_token!r}); stopping")

    def to_dict(self) -> dict[str, Any]:
        """The page as the API sent it (``items`` as dicts).

        Example:
            >>> client.jobs.list(limit=1).to_dict()["has_next"]
            True
        """
        items = [item.to_dict() if hasattr(item, "to_dict") else item for item in self.items]
        return {"items": items, "has_next": self.has_next, "next_page_token": self.next_page_token}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items=<{len(self.items)} items>, has_next={self.has_next!r}, "
            f"next_page_token={self.next_page_token!r})"
        )


class SyncPage(_PageBase[T]):
    """One page of a listing; iterating it yields every item of this page and of the pages after it.

    Attributes:
        items: This page's items.
        has_next: Whether another page follows.
        next_page_token: The token of the next page (None on the last page).

    Example:
        >>> page = client.jobs.list(status="running", limit=50)
        >>> while True:
        ...     print([job.id for job in page.items])
        ...     if not page.has_next_page():
        ...         break
        ...     page = page.get_next_page()
    """

    def __init__(
        self,
        items: list[T],
        has_next: bool,
        next_page_token: str | None,
        fetch: Callable[[str], SyncPage[T]] | None = None,
    ) -> None:
        super().__init__(items, has_next, next_page_token)
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """Whether ``get_next_page()`` has a page to fetch."""
        return self.has_next and bool(self.next_page_token) and self._fetch is not None

    def get_next_page(self) -> SyncPage[T]:
        """Fetch the next page, with the same filters and per-call options as this one.

        Raises:
            VantageError: This is the last page.

        Example:
            >>> second = client.jobs.list(limit=10).get_next_page()
        """
        token = self._next_token(self._fetch)
        assert self._fetch is not None
        following = self._fetch(token)
        self._check_follows(following)
        return following

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """Yield this page and every page after it, fetching each when it is reached.

        Example:
            >>> for page in client.jobs.list(limit=100).iter_pages():
            ...     print(len(page.items))
        """
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageBase[T]):
    """The async twin of ``SyncPage``: ``await page.get_next_page()``, ``async for item in page``.

    Example:
        >>> page = await client.jobs.list(limit=50)
        >>> async for job in page:
        ...     print(job.id)
    """

    def __init__(
        self,
        items: list[T],
        has_next: bool,
        next_page_token: str | None,
        fetch: Callable[[str], Awaitable[AsyncPage[T]]] | None = None,
    ) -> None:
        super().__init__(items, has_next, next_page_token)
        self._fetch = fetch

    def has_next_page(self) -> bool:
        """Whether ``get_next_page()`` has a page to fetch."""
        return self.has_next and bool(self.next_page_token) and self._fetch is not None

    async def get_next_page(self) -> AsyncPage[T]:
        """Fetch the next page (see ``SyncPage.get_next_page``).

        Example:
            >>> second = await (await client.jobs.list(limit=10)).get_next_page()
        """
        token = self._next_token(self._fetch)
        assert self._fetch is not None
        following = await self._fetch(token)
        self._check_follows(following)
        return following

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Yield this page and every page after it (``async for``).

        Example:
            >>> async for page in (await client.jobs.list(limit=100)).iter_pages():
            ...     print(len(page.items))
        """
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async ``list()`` returns: ``await`` it for the first page, or ``async for`` every item.

    Example:
        >>> page = await client.jobs.list(limit=20)
        >>> async for job in client.jobs.list(status="failed"):
        ...     print(job.id)
    """

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    def __aiter__(self) -> AsyncIterator[T]:
        return lazy_aitems(self._first)


class ItemList(list[T]):
    """A whole listing (clusters, files): a plain list with the attributes of a last page.

    Example:
        >>> clusters = client.clusters.list()
        >>> len(clusters), clusters.has_next, [c.name for c in clusters.items]
    """

    has_next = False
    next_page_token: str | None = None

    def __init__(self, items: Iterable[T] = ()) -> None:
        super().__init__(items)

    @property
    def items(self) -> list[T]:
        """The entries (the list itself)."""
        return self

    def has_next_page(self) -> bool:
        """Always False: the listing is whole."""
        return False

    def iter_pages(self) -> Iterator[ItemList[T]]:
        """This one page (for code written against ``SyncPage``)."""
        yield self


# --------------------------------------------------------------------------- fetching


def _request(hint: Pagination, kwargs: dict[str, Any], token: str | None) -> dict[str, Any]:
    return {**kwargs, hint.token_param: token} if token else kwargs


def fetch_page(
    core: SyncCore, fn: Callable[..., Any], options: CallOptions, kwargs: dict[str, Any], token: str | None = None
) -> SyncPage[Any]:
    """Fetch one page of a generated list operation and wrap it as a ``SyncPage``.

    Args:
        core: The sync core.
        fn: A generated list operation's ``sync`` function (with a ``PAGINATION`` hint).
        options: The call's checked per-call options (kept for the next pages).
        kwargs: Its filters and page size, without the page token.
        token: The page token to send (None: the first page).

    Example:
        >>> page = fetch_page(core, list_jobs.sync, CallOptions(), {"limit": 20})
    """
    hint = pagination_of(fn)
    with request_scope(options):
        response = core.call(fn, **_request(hint, kwargs, token))
    return SyncPage(
        getattr(response, hint.items_field),
        bool(getattr(response, hint.has_more_field)),
        getattr(response, hint.next_token_field),
        functools.partial(fetch_page, core, fn, options, kwargs),
    )


async def afetch_page(
    core: AsyncCore,
    fn: Callable[..., Awaitable[Any]],
    options: CallOptions,
    kwargs: dict[str, Any],
    token: str | None = None,
) -> AsyncPage[Any]:
    """Async twin of ``fetch_page`` for a generated ``asyncio`` function.

    Example:
        >>> page = await afetch_page(core, list_jobs.asyncio, CallOptions(), {"limit": 20})
    """
    hint = pagination_of(fn)
    with request_scope(options):
        response = await core.call(fn, **_request(hint, kwargs, token))
    return AsyncPage(
        getattr(response, hint.items_field),
        bool(getattr(response, hint.has_more_field)),
        getattr(response, hint.next_token_field),
        functools.partial(afetch_page, core, fn, options, kwargs),
    )


def lazy_pages(first: Callable[[], SyncPage[T]]) -> Iterator[SyncPage[T]]:
    """Every page, the first fetched only when iteration starts.

    Example:
        >>> pages = lazy_pages(lambda: fetch_page(core, list_jobs.sync, CallOptions(), {}))
    """
    yield from first().iter_pages()


def lazy_items(first: Callable[[], SyncPage[T]]) -> Iterator[T]:
    """Every item of every page, the first page fetched only when iteration starts."""
    yield from first()


async def lazy_apages(first: Callable[[], Awaitable[AsyncPage[T]]]) -> AsyncIterator[AsyncPage[T]]:
    """Async twin of ``lazy_pages``."""
    async for page in (await first()).iter_pages():
        yield page


async def lazy_aitems(first: Callable[[], Awaitable[AsyncPage[T]]]) -> AsyncIterator[T]:
    """Async twin of ``lazy_items``."""
    async for item in await first():
        yield item
