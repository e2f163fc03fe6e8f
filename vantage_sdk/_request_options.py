"""Per-call request options (``timeout=``, ``extra_headers=``, ``extra_query=``, ``extra_body=``).

Every public method takes these as keyword arguments, typed by the ``RequestOptions`` TypedDicts.
A method that makes one request hands its options to the core (``core.call(..., options=options)``),
which enters ``request_scope`` only when there are some; a method that makes several (pages, parts
of a transfer, batches) enters ``request_scope(options)`` around them. The scope lives in a
context variable, so it reaches every request of the call (retries, every page, every part of a
transfer) without each helper passing it on, and it never leaks into other calls or tasks.
The SDK's request hook (``vantage_sdk._response_guard``) applies it at the last moment
(``apply_options``): headers, query parameters and the timeout go on the ``httpx.Request`` itself;
the core adds ``extra_body`` to the JSON body before the request is built (``extra_body_of`` /
``ExtraBody``). The same scope carries a response recorder for ``with_raw_response``
(``recording``), which the response hook fills.

Example:
    >>> with request_scope({"extra_headers": {"X-Trace": "abc"}, "timeout": 5}):
    ...     job = core.call(get_job.sync, "job-3f9a1c2b7d4e")
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

import httpx

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._generated.types import UNSET, Unset

__all__ = [
    "BodyRequestOptions",
    "CallOptions",
    "ExtraBody",
    "PollRequestOptions",
    "QueryValue",
    "RequestOptions",
    "CallScope",
    "OptionsArg",
    "active_scope",
    "apply_options",
    "check_str_map",
    "current_scope",
    "extra_body_of",
    "recording",
    "request_scope",
]

QueryValue = str | int | float | bool | None
"""A value ``extra_query`` may carry (httpx encodes it; None sends an empty value)."""


# Flat TypedDicts (no inheritance): each lists all its keys, so documentation tools show them all.
class PollRequestOptions(TypedDict, total=False):
    """Options of a method whose ``timeout=`` already means something else (``jobs.wait``).

    Attributes:
        extra_headers: Headers sent with every request of the call, over the SDK's own.
        extra_query: Query parameters added to every request of the call.
    """

    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]


class RequestOptions(TypedDict, total=False):
    """Per-call options every method takes.

    Attributes:
        timeout: Seconds (or an ``httpx.Timeout``, or None for none) for each request of this call,
            instead of the client's.
        extra_headers: Headers sent with every request of the call, over the SDK's own.
        extra_query: Query parameters added to every request of the call.

    Example:
        >>> client.jobs.get("job-3f9a1c2b7d4e", timeout=5, extra_headers={"X-Trace": "abc"})
    """

    timeout: float | httpx.Timeout | None
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]


class BodyRequestOptions(TypedDict, total=False):
    """Per-call options of a method that sends a JSON body: those of ``RequestOptions`` plus ``extra_body``.

    Attributes:
        timeout: Seconds (or an ``httpx.Timeout``, or None) for each request of this call.
        extra_headers: Headers sent with every request of the call, over the SDK's own.
        extra_query: Query parameters added to every request of the call.
        extra_body: Fields merged over the JSON body (for API fields this SDK does not know yet).

    Example:
        >>> client.jobs.submit(template, extra_body={"preemptible": True})
    """

    timeout: float | httpx.Timeout | None
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]
    extra_body: Mapping[str, Any]


_KEYS = BodyRequestOptions.__required_keys__ | BodyRequestOptions.__optional_keys__


def _timeout(value: object) -> httpx.Timeout:
    if value is None or isinstance(value, httpx.Timeout):
        return httpx.Timeout(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise ValidationError.for_field("timeout", f"must be a positive number of seconds, got {value!r}")
    return httpx.Timeout(float(value))


def check_str_map(name: str, value: object) -> dict[str, str]:
    """Require a mapping of str to str (headers); the error names the argument.

    Example:
        >>> checkcheck_str_map("extra_headers", {"X-Trace": "abc"})
        {'X-Trace': 'abc'}
    """
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValidationError.for_field(name, f"must be a mapping of str to str, got {value!r}")
    return dict(value)


def _field_map(name: str, value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValidationError.for_field(name, f"must be a mapping with str keys, got {value!r}")
    return dict(value)


@dataclass(frozen=True)
class CallOptions:
    """Checked per-call options; empty fields change nothing.

    Attributes:
        timeout: The per-request timeout of this call, or UNSET for the client's.
        headers: Extra headers.
        query: Extra query parameters.
        body: Extra JSON body fields.
    """

    timeout: httpx.Timeout | Unset = UNSET
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def check(cls, options: Mapping[str, object], *, body: bool = False) -> CallOptions:
        """Check a method's ``**options``; the error names the wrong option.

        Args:
            options: The keyword arguments (``timeout``, ``extra_headers``, ``extra_query``, ``extra_body``).
            body: Whether the method sends a JSON body (else ``extra_body`` is refused).

        Raises:
            ValidationError: An unknown option, a wrong type, or ``extra_body`` where no JSON body is sent.

        Example:
            >>> CallOptions.check({"extra_query": {"debug": 1}}).query
            {'debug': 1}
        """
        if not options:
            return NO_OPTIONS
        unknown = sorted(set(options) - _KEYS)
        if unknown:
            raise ValidationError.for_field(
                unknown[0], f"is not an option; per-call options are {', '.join(sorted(_KEYS))}"
            )
        if not body and options.get("extra_body") is not None:
            raise ValidationError.for_field("extra_body", "this method sends no JSON body to add fields to")
        return cls(
            timeout=_timeout(options["timeout"]) if "timeout" in options else UNSET,
            headers=check_str_map("extra_headers", options.get("extra_headers") or {}),
            query=_field_map("extra_query", options.get("extra_query") or {}),
            body=_field_map("extra_body", options.get("extra_body") or {}),
        )

    @property
    def empty(self) -> bool:
        """Whether these options change nothing."""
        return isinstance(self.timeout, Unset) and not (self.headers or self.query or self.body)

    def over(self, outer: CallOptions) -> CallOptions:
        """These options merged over an enclosing call's (this call's values win)."""
        return CallOptions(
            timeout=outer.timeout if isinstance(self.timeout, Unset) else self.timeout,
            headers={**outer.headers, **self.headers},
            query={**outer.query, **self.query},
            body={**outer.body, **self.body},
        )


NO_OPTIONS = CallOptions()


@dataclass(frozen=True)
class CallScope:
    """What applies to every request of the call running in a context.

    Attributes:
        options: The call's options (merged over an enclosing call's).
        recorder: Where ``with_raw_response`` collects the responses received, if it asked.
    """

    options: CallOptions = field(default_factory=CallOptions)
    recorder: list[httpx.Response] | None = None


_SCOPE: ContextVar[CallScope | None] = ContextVar("vantage_sdk_request_scope", default=None)


def current_scope() -> CallOptions | None:
    """The options of the call running in this context, if any.

    Example:
        >>> current_scope() is None  # outside any call
        True
    """
    scope = _SCOPE.get()
    return None if scope is None else scope.options


class _Applied:
    """The context of ``request_scope``: sets the scope's variable on entry, resets it on exit."""

    __slots__ = ("checked", "_token")

    def __init__(self, checked: CallOptions) -> None:
        self.checked = checked
        self._token: Token[CallScope | None] | None = None

    def __enter__(self) -> CallOptions:
        checked = self.checked
        if not checked.empty:
            outer = _SCOPE.get() or CallScope()
            self._token = _SCOPE.set(replace(outer, options=checked.over(outer.options)))
        return checked

    def __exit__(self, *exc_info: object) -> None:
        token = self._token
        if token is not None:
            self._token = None
            _SCOPE.reset(token)


class _Unchanged:
    """The scope of a call without options (most calls): it leaves the context as it is, so it is shared."""

    __slots__ = ()

    def __enter__(self) -> CallOptions:
        return NO_OPTIONS

    def __exit__(self, *exc_info: object) -> None:
        return None


_UNCHANGED = _Unchanged()


OptionsArg = Mapping[str, object] | CallOptions | None
"""A call's options as ``request_scope`` and ``core.call`` take them: a method's ``**options``
(checked on entry), or already checked ``CallOptions``."""


def request_scope(options: OptionsArg, *, body: bool = False) -> AbstractContextManager[CallOptions]:
    """Apply per-call options to every request made inside the block (in this context).

    Args:
        options: A method's ``**options`` (checked here), or already checked ``CallOptions``.
        body: Whether the method sends a JSON body (allows ``extra_body``).

    Returns:
        A context manager yielding the checked options (merged over an enclosing scope's), to keep
        for later requests such as the next page of a listing.

    Example:
        >>> with request_scope({"timeout": 5}) as checked:
        ...     page = core.call(list_jobs.sync)
    """
    if not options:
        # Most calls pass no options: they leave the context as it is (an enclosing call's options stay).
        return _UNCHANGED
    checked = options if isinstance(options, CallOptions) else CallOptions.check(options, body=body)
    return _UNCHANGED if checked.empty else _Applied(checked)


@contextmanager
def recording() -> Iterator[list[httpx.Response]]:
    """Collect every HTTP response received inside the block (for ``with_raw_response``).

    Example:
        >>> with recording() as responses:
        ...     client.jobs.get("job-3f9a1c2b7d4e")
        >>> responses[-1].status_code
        200
    """
    responses: list[httpx.Response] = []
    token = _SCOPE.set(replace(_SCOPE.get() or CallScope(), recorder=responses))
    try:
        yield responses
    finally:
        _SCOPE.reset(token)


# --------------------------------------------------------------------------- applying a scope


active_scope: Callable[[], CallScope | None] = _SCOPE.get
"""The scope of the call running in this context, or None outside any (most calls: they pass no options).

The response guard's request and response hooks (``vantage_sdk._response_guard``) read it for every
request, so it is the context variable's own ``get``: no Python call per request.
"""


def apply_options(request: httpx.Request, options: CallOptions) -> None:
    """Put a call's extra headers, query parameters and timeout on one of its requests, just before it is sent.

    Example:
        >>> apply_options(request, CallOptions.check({"extra_headers": {"X-Trace": "abc"}}))
        >>> request.headers["X-Trace"]
        'abc'
    """
    if options.headers:
        request.headers.update(options.headers)
    if options.query:
        request.url = request.url.copy_merge_params(options.query)
    if not isinstance(options.timeout, Unset):
        request.extensions["timeout"] = options.timeout.as_dict()


# --------------------------------------------------------------------------- extra_body


@dataclass(frozen=True)
class ExtraBody:
    """A generated request body with extra fields merged over its ``to_dict()``.

    The generated functions serialise a body with ``body.to_dict()``; this stands in for the
    model so the extra fields reach the JSON without a change to the generated code.
    """

    base: Any
    extra: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        base = {} if isinstance(self.base, Unset) else self.base.to_dict()
        return {**base, **self.extra}


def extra_body_of(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A generated call's keyword arguments with the scope's ``extra_body`` merged into its body.

    Only operations that take a JSON ``body`` (the methods typed with ``BodyRequestOptions``) get it.

    Example:
        >>> with request_scope({"extra_body": {"x": 1}}, body=True):
        ...     extra_body_of({"body": UNSET})["body"].to_dict()
        {'x': 1}
    """
    if "body" not in kwargs:
        return kwargs
    options = current_scope()
    if options is None or not options.body:
        return kwargs
    return {**kwargs, "body": ExtraBody(kwargs["body"], options.body)}
