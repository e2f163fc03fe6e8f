"""The httpx client behind an SDK client: made on first use, shared by ``with_options`` copies.

``Pool`` makes (or borrows) the httpx client and the generated ``Client`` wired to it; the header
senders set the SDK's headers on a user's own client per request; ``InFlightLimit`` holds an async
client's calls in flight to its pool size.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx

from vantage_sdk._generated.client import Client as GeneratedClient
from vantage_sdk._response_guard import HEADERS_HAVE_LIST

if TYPE_CHECKING:
    import anyio

__all__ = ["POOL_LIMITS", "AsyncHeaderSender", "HeaderSender", "InFlightLimit", "Pool", "max_connections"]

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


class Pool(Generic[HttpT]):
    """The httpx client of one SDK client and its ``with_options`` copies, made on first use.

    Making an ``httpx.Client`` costs about 30 ms (its TLS context), so a client that is made but not
    used yet, or not at all, does not pay for it. A user's own httpx client is used as given.

    Example:
        >>> pool = Pool(lambda: httpx.Client(), owned=True, timeout=DEFAULT_TIMEOUT, prepare=lambda http: None)
        >>> pool.http() is pool.http()
        True
    """

    def __init__(
        self,
        make: Callable[[], HttpT],
        *,
        owned: bool,
        timeout: httpx.Timeout,
        prepare: Callable[[HttpT], None],
    ) -> None:
        self._make: Callable[[], HttpT] = make
        self._prepare: Callable[[HttpT], None] = prepare
        self._http: HttpT | None = None
        self._generated: GeneratedClient | None = None
        self._lock = threading.Lock()
        self.owned = owned
        self.timeout = timeout
        """The httpx client's own timeout (known before it is made)."""
        self.closed = False

    @classmethod
    def borrowed(cls, http: HttpT, prepare: Callable[[HttpT], None]) -> Pool[HttpT]:
        """A pool over a user's own httpx client (made already; the user closes it)."""
        pool = cls(lambda: http, owned=False, timeout=http.timeout, prepare=prepare)
        pool.http()
        return pool

    @property
    def made(self) -> HttpT | None:
        """The httpx client if it was made already, else None."""
        return self._http

    def http(self) -> HttpT:
        """The httpx client, made now if this is its first use.

        Raises:
            RuntimeError: The pool was closed before it was ever used (as httpx does for a closed client).
        """
        http = self._http
        if http is None:
            with self._lock:
                if self._http is None:
                    if self.closed:
                        raise RuntimeError("Cannot send a request, as the client has been closed.")
                    made = self._make()
                    self._prepare(made)
                    self._http = made
                http = self._http
        return http

    def generated(self) -> GeneratedClient:
        """The generated ``Client`` wired to ``http()``."""
        generated = self._generated
        if generated is None:
            generated = self._generated = self._wired(None)
        return generated

    def generated_with(self, headers: Mapping[str, str]) -> GeneratedClient:
        """A new generated ``Client`` wired to ``http()`` whose requests get ``headers`` set once built.

        httpx merging headers passed to ``request()`` re-reads every header of the request; setting
        them on the built request cost 46k instructions less per call.
        """
        return self._wired(headers)

    def _wired(self, headers: Mapping[str, str] | None) -> GeneratedClient:
        """A generated ``Client`` sending through ``http()``, or through a header sender over it."""
        http = self.http()
        made = GeneratedClient(base_url=str(http.base_url).rstrip("/"))
        if isinstance(http, httpx.AsyncClient):
            made.set_async_httpx_client(
                http if headers is None else cast(httpx.AsyncClient, AsyncHeaderSender(http, headers))
            )
        else:
            made.set_httpx_client(http if headers is None else cast(httpx.Client, HeaderSender(http, headers)))
        return made


_HeaderItem = tuple[bytes, bytes, bytes]

# Where httpx.Headers keeps its entries as (name, lowercased name, value) bytes in ``_list``, the
# headers are put in place there: ``Headers.__setitem__`` re-encodes and scans every entry per
# header, about 9,000 instructions each (a tenth of a mocked request).


class _Headers:
    """Headers to set over a built request's own (as ``extra_headers`` would be)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self.headers = dict(headers)
        self.names = frozenset(name.lower().encode("ascii") for name in headers if name.isascii())
        self.items: list[_HeaderItem] | None = None
        if HEADERS_HAVE_LIST and all(name.isascii() and value.isascii() for name, value in headers.items()):
            self.items = [(name.encode(), name.lower().encode(), value.encode()) for name, value in headers.items()]

    def put(self, request: httpx.Request) -> None:
        target = request.headers
        items = self.items
        if items is None:
            for name, value in self.headers.items():
                target[name] = value
            return
        entries: list[_HeaderItem] = target._list
        names = self.names
        entries[:] = [entry for entry in entries if entry[1] not in names]
        entries.extend(items)


class HeaderSender(_Headers):
    """Stands in for an httpx client in a generated ``Client``: builds, sets ``headers`` over, sends."""

    def __init__(self, http: httpx.Client, headers: Mapping[str, str]) -> None:
        super().__init__(headers)
        self.http = http

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        request = self.http.build_request(method, url, **kwargs)
        self.put(request)
        return self.http.send(request)


class AsyncHeaderSender(_Headers):
    """The async twin of ``HeaderSender``."""

    def __init__(self, http: httpx.AsyncClient, headers: Mapping[str, str]) -> None:
        super().__init__(headers)
        self.http = http

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        request = self.http.build_request(method, url, **kwargs)
        self.put(request)
        return await self.http.send(request)


def max_connections(pool: Pool[httpx.AsyncClient]) -> int | None:
    """How many connections the pool's httpx client may open (None: no limit, or not known)."""
    if pool.owned:
        return POOL_LIMITS.max_connections
    # A user's own client: httpx keeps its limits on the transport's connection pool.
    transport = getattr(pool.http(), "_transport", None)
    limit = getattr(getattr(transport, "_pool", None), "_max_connections", None)
    # httpcore spells "no limit" as sys.maxsize.
    return limit if isinstance(limit, int) and 0 < limit < sys.maxsize else None


class InFlightLimit:
    """Holds the calls of an async client in flight to the size of its connection pool.

    httpcore 1.0 re-checks every queued request against every connection each time one frees, so
    1,000 calls gathered at once on a 100-connection pool spent about 30 ms of CPU each and ran
    slower than one after another; waiting here instead, they ran 12.5x faster than in sequence.
    The semaphore is made on first use, inside the event loop (anyio's, so trio works too).
    """

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self._semaphore: anyio.Semaphore | None = None

    def semaphore(self) -> anyio.Semaphore | None:
        """The semaphore (None when the pool has no known limit)."""
        if self._semaphore is None and self.limit is not None:
            import anyio  # here, not at import: a sync client never needs it

            self._semaphore = anyio.Semaphore(self.limit, fast_acquire=True)
        return self._semaphore
