"""Raw responses: ``client.jobs.with_raw_response.get(...)`` and the same for every other method.

``with_raw_response`` is a view of a resource whose methods are the resource's own, run while the
HTTP responses they receive are recorded (``vantage_sdk._request_options.recording``, an httpx
response hook); each returns an ``APIResponse`` with the last response (status, headers, request
id) and ``parse()`` for what the method itself returns. A view class lists its methods with
``raw_method`` / ``async_raw_method``, which keep each method's exact parameters for type checkers;
the wrapping is written once, here.

As with openai-python, an error status still raises (``VantageAPIError`` carries the response).
Unlike openai-python's lazy ``parse()``, the body is parsed during the call, exactly as without
``with_raw_response`` (so a malformed body raises there); ``parse()`` hands that result back.

Example:
    >>> response = client.jobs.with_raw_response.get("job-3f9a1c2b7d4e")
    >>> response.status_code, response.request_id
    (200, 'req-...')
    >>> job = response.parse()
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

import httpx

from vantage_sdk._exceptions import VantageError
from vantage_sdk._request_options import recording
from vantage_sdk._retry import RETRY_COUNT_HEADER

__all__ = ["APIResponse", "RawResponseView", "async_raw_method", "raw_method"]

P = ParamSpec("P")
R = TypeVar("R")
ResourceT = TypeVar("ResourceT")


class APIResponse(Generic[R]):
    """The HTTP response behind one SDK call, and what the call returned.

    For a call that makes several requests (a multipart upload, a wait, a batch of over 1000
    cancels) ``http_response`` is the last one and ``http_responses`` all of them, in order.

    Attributes:
        http_response: The last ``httpx.Response`` received.
        http_responses: Every response received during the call.

    Example:
        >>> raw = client.clusters.with_raw_response.get("gpu-cluster")
        >>> raw.headers["content-type"], raw.parse().name
        ('application/json', 'gpu-cluster')
    """

    def __init__(self, responses: list[httpx.Response], parsed: R) -> None:
        if not responses:
            raise VantageError("the call received no HTTP response to return raw")
        self.http_responses = list(responses)
        self.http_response = responses[-1]
        self._parsed = parsed

    @property
    def status_code(self) -> int:
        """The HTTP status, such as 200."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive)."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-ID``, to quote when reporting a problem."""
        request_id: str | None = self.http_response.headers.get("X-Request-ID")
        return request_id

    @property
    def url(self) -> httpx.URL:
        """The URL requested."""
        return self.http_response.request.url

    @property
    def method(self) -> str:
        """The HTTP method, such as ``GET``."""
        return self.http_response.request.method

    @property
    def retries_taken(self) -> int:
        """How many retries came before the last request (0 when the first attempt answered)."""
        return int(self.http_response.request.headers.get(RETRY_COUNT_HEADER, "0"))

    def parse(self) -> R:
        """What the method returns without ``with_raw_response`` (a model, a page, text...).

        Example:
            >>> job = client.jobs.with_raw_response.get("job-3f9a1c2b7d4e").parse()
        """
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url} request_id={self.request_id!r}>"


class RawResponseView(Generic[ResourceT]):
    """Base of a resource's ``with_raw_response`` view: holds the resource its methods run on.

    Example:
        >>> class JobsWithRawResponse(RawResponseView["Jobs"]):
        ...     get = raw_method(Jobs.get)
    """

    def __init__(self, resource: ResourceT) -> None:
        self._resource = resource

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._resource!r}>"


class raw_method(Generic[P, R]):  # noqa: N801 - used like a decorator/descriptor
    """A sync resource method as a raw-response method of a ``RawResponseView``.

    Example:
        >>> get = raw_method(Jobs.get)  # in the view class body
    """

    def __init__(self, method: Callable[Concatenate[Any, P], R]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: RawResponseView[Any], owner: type[Any]) -> Callable[P, APIResponse[R]]: ...
    def __get__(self, view: RawResponseView[Any] | None, owner: type[Any]) -> Self | Callable[P, APIResponse[R]]:
        if view is None:
            return self
        bound: Callable[P, R] = getattr(view._resource, self._name)

        @functools.wraps(bound)
        def call(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
            with recording() as responses:
                result = bound(*args, **kwargs)
            return APIResponse(responses, result)

        return call


class async_raw_method(Generic[P, R]):  # noqa: N801 - used like a decorator/descriptor
    """An async resource method as a raw-response method (the async twin of ``raw_method``).

    Example:
        >>> get = async_raw_method(AsyncJobs.get)  # in the view class body
    """

    def __init__(self, method: Callable[Concatenate[Any, P], Awaitable[R]]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: RawResponseView[Any], owner: type[Any]) -> Callable[P, Awaitable[APIResponse[R]]]: ...
    def __get__(
        self, view: RawResponseView[Any] | None, owner: type[Any]
    ) -> Self | Callable[P, Awaitable[APIResponse[R]]]:
        if view is None:
            return self
        bound: Callable[P, Awaitable[R]] = getattr(view._resource, self._name)

        @functools.wraps(bound)
        async def call(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
            with recording() as responses:
                result = await bound(*args, **kwargs)
            return APIResponse(responses, result)

        return call
