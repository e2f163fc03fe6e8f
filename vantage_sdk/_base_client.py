"""The client core, apart from any resource: configuration, connection pool, retries, request plumbing.

``BaseClient`` resolves arguments and environment, validates them, owns (or borrows) the httpx
client and implements ``with_options``; ``SyncAPIClient`` and ``AsyncAPIClient`` add what differs
between the two (the httpx client type, closing it). Resources reach the API through a *core*
(``SyncCore`` / ``AsyncCore``): the generated ``Client``, the retry runner, the raw httpx client
for streaming, and the per-request timeout and headers. ``vantage_sdk._client`` composes the
public clients from these and the resources; nothing here imports a resource.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from vantage_sdk._config import ConfigError, Settings, select_profile
from vantage_sdk._exceptions import ValidationError, VantageError
from vantage_sdk._generated.client import Client as GeneratedClient
from vantage_sdk._generated.types import UNSET, Unset
from vantage_sdk._logging import enable_debug_logging
from vantage_sdk._pool import POOL_LIMITS, InFlightLimit, Pool, max_connections
from vantage_sdk._request_options import OptionsArg, check_str_map, extra_body_of, request_scope
from vantage_sdk._response_guard import DEFAULT_MAX_RESPONSE_BYTES, check_max_response_bytes, install_response_guard
from vantage_sdk._retry import RETRIED, RetryPolicy, RetryRunner, retry_safe
from vantage_sdk._version import __version__

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "POOL_LIMITS",
    "AsyncAPIClient",
    "AsyncCore",
    "InFlightLimit",
    "BaseClient",
    "ClientConfig",
    "CoreBase",
    "Pool",
    "SyncAPIClient",
    "SyncCore",
    "TimeoutArg",
    "resolve_config",
    "retry_safe",
]

DEFAULT_BASE_URL = "https://api.vantage.omnivector.solutions"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""The SDK's own connection pool (httpx's defaults, spelt out: the async core bounds calls in flight to it)."""

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

TimeoutArg = float | httpx.Timeout | None


@dataclass(frozen=True)
class ClientConfig:
    """Resolved client settings (arguments, then environment, then the profile, then defaults).

    The repr never shows the API key nor the values of ``default_headers``.
    """

    api_key: str
    base_url: str
    organization: str | None
    timeout: httpx.Timeout | Unset
    max_retries: int
    verify: bool | str | ssl.SSLContext
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    default_headers: Mapping[str, str] = field(default_factory=dict)
    profile: str | None = None

    def __repr__(self) -> str:
        return (
            f"ClientConfig(base_url={self.base_url!r}, organization={self.organization!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r}, profile={self.profile!r}, "
            f"default_headers={sorted(self.default_headers)!r}, api_key=<redacted>)"
        )

    def auth_headers(self) -> dict[str, str]:
        """The headers every request carries.

        Example:
            >>> sorted(config.auth_headers())
            ['Authorization', 'User-Agent', 'X-Vantage-Organization']
        """
        headers = {
            "User-Agent": f"vantage-sdk-python/{__version__}",
            **self.default_headers,
            "Authorization": f"Bearer {self.api_key}",
        }
        if self.organization:
            headers["X-Vantage-Organization"] = self.organization
        return headers


def _resolve_timeout(timeout: TimeoutArg | Unset, own_pool: bool) -> httpx.Timeout | Unset:
    if isinstance(timeout, Unset):
        # A user's own httpx client keeps its own timeout unless one is given explicitly.
        return DEFAULT_TIMEOUT if own_pool else UNSET
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return httpx.Timeout(timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValidationError.for_field("timeout", f"must be a positive number of seconds, got {timeout!r}")
    return httpx.Timeout(float(timeout))


def _pool_timeout(config: ClientConfig) -> httpx.Timeout:
    """The timeout the SDK's own httpx client is made with."""
    return config.timeout if isinstance(config.timeout, httpx.Timeout) else DEFAULT_TIMEOUT


def _resolve_base_url(base_url: str | None) -> str:
    url = (base_url or DEFAULT_BASE_URL).strip()
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValidationError.for_field("base_url", f"must be an http(s) URL such as {DEFAULT_BASE_URL}, got {url!r}")
    return url.rstrip("/")


def _check_api_key(key: str | None, where: str = "") -> str:
    if not key or not key.strip():
        raise VantageError(
            "No API key: pass VantageClient(api_key=...), set the VANTAGE_API_KEY environment variable, "
            f"or add api_key to a profile{where}."
        )
    key = key.strip()
    if not key.isascii() or not key.isprintable() or " " in key:
        # The message must not echo the key.
        raise ValidationError.for_field("api_key", "must be printable ASCII without spaces")
    return key


def _check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {} if headers is None else check_str_map("default_headers", headers)


def _first(*values: T | None) -> T | None:
    return next((value for value in values if value is not None), None)


def resolve_config(
    *,
    api_key: str | None,
    base_url: str | None,
    organization: str | None,
    timeout: TimeoutArg | Unset,
    max_retries: int | None,
    verify: bool | str | ssl.SSLContext,
    own_pool: bool,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    profile: str | None = None,
    default_headers: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> ClientConfig:
    """Merge arguments, ``VANTAGE_*`` environment variables, the profile and defaults, validating each.

    Precedence, highest first: arguments; the environment (``VANTAGE_API_KEY``,
    ``VANTAGE_BASE_URL``, ``VANTAGE_ORGANIZATION``); the profile (``profile``, else
    ``VANTAGE_PROFILE``, else ``default`` when the file has it) of the configuration file the
    ``vantage`` command reads; the defaults.

    Example:
        >>> resolve_config(api_key=None, base_url=None, organization=None, timeout=UNSET, max_retries=None,
        ...                verify=True, own_pool=True).base_url  # with VANTAGE_API_KEY set
        'https://api.vantage.omnivector.solutions'
    """
    env = os.environ if environ is None else environ
    try:
        chosen = select_profile(profile, env)
    except ConfigError as exc:
        raise VantageError(str(exc)) from None
    where = f" ({chosen.profile!r} has none)" if chosen.profile else ""
    org = _first(organization, env.get("VANTAGE_ORGANIZATION") or None, chosen.organization)
    retries = _first(max_retries, chosen.max_retries, 2)
    config = ClientConfig(
        api_key=_check_api_key(_first(api_key, env.get("VANTAGE_API_KEY") or None, chosen.api_key), where),
        base_url=_resolve_base_url(_first(base_url, env.get("VANTAGE_BASE_URL") or None, chosen.base_url)),
        organization=(org.strip() or None) if org is not None else None,
        timeout=_resolve_timeout(_profile_timeout(timeout, chosen), own_pool),
        max_retries=retries if retries is not None else 2,
        verify=verify,
        max_response_bytes=check_max_response_bytes(max_response_bytes),
        default_headers=_check_headers(default_headers),
        profile=chosen.profile,
    )
    RetryPolicy(max_retries=config.max_retries)  # validates max_retries
    return config


def _profile_timeout(timeout: TimeoutArg | Unset, chosen: Settings) -> TimeoutArg | Unset:
    return chosen.timeout if isinstance(timeout, Unset) and chosen.timeout is not None else timeout


class CoreBase(Generic[HttpT]):
    """What a resource needs to talk to the API; shared by ``SyncCore`` and ``AsyncCore``.

    Attributes:
        pool: The httpx client holder, shared with ``with_options`` copies (``http``, ``generated``).
        generated: The generated ``Client``, wired to ``http``; pass it as ``client=``.
        http: The raw httpx client, for streaming with the generated ``_get_kwargs``.
        runner: The retry runner of this client (its policy follows ``max_retries``).
        timeout: Per-request timeout to pass as ``timeout=`` (UNSET keeps the httpx client's).
        base_headers: Headers to add to every request beyond the httpx client's defaults
            (empty when the SDK owns the httpx client; auth headers for a user's own client).
    """

    def __init__(self, pool: Pool[HttpT], config: ClientConfig, base_headers: Mapping[str, str]) -> None:
        self.pool: Pool[HttpT] = pool
        self.config = config
        # Only a timeout that differs from the pool's own is sent per request: httpx builds each
        # request measurably faster without one.
        self.timeout: httpx.Timeout | Unset = UNSET if config.timeout == pool.timeout else config.timeout
        self.base_headers = dict(base_headers)
        self.runner = RetryRunner(RetryPolicy(max_retries=config.max_retries))
        # (first attempt's, retries') generated clients, made on first use: see ``_bind``.
        self._clients: tuple[GeneratedClient, GeneratedClient] | None = None

    def share_limits(self, other: CoreBase[Any]) -> None:
        """Share ``other``'s limits on requests in flight (a ``with_options`` copy shares its pool)."""

    @property
    def http(self) -> HttpT:
        """The raw httpx client (made on first use when the SDK owns it)."""
        return self.pool.http()

    @property
    def generated(self) -> GeneratedClient:
        """The generated ``Client``, wired to ``http``."""
        return self.pool.generated()

    def headers(self, attempt_headers: Mapping[str, str]) -> Mapping[str, str]:
        """The extra headers for one attempt: ``base_headers`` plus the runner's (``X-Retry-Count`` on a retry).

        The first attempt gets ``base_headers`` itself (callers copy what they are given, as the
        generated functions do): no dict is built per request.

        Example:
            >>> core.headers({"X-Retry-Count": "1"})["X-Retry-Count"]
            '1'
        """
        return {**self.base_headers, **attempt_headers} if attempt_headers else self.base_headers

    def _first_client(self) -> GeneratedClient:
        """The generated ``Client`` of every first attempt: ``base_headers`` set on each request once built.

        Without ``base_headers`` (the SDK's own pool has them as defaults) it is the pool's own. A
        user's own httpx client does not carry the API key among its defaults (it may serve other
        hosts), so each request gets it (``Pool.generated_with``).
        """
        clients = self._clients
        if clients is None:
            plain = self.pool.generated()
            first = self.pool.generated_with(self.base_headers) if self.base_headers else plain
            clients = self._clients = (first, plain)
        return clients[0]

    def _bind(
        self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Callable[[Mapping[str, str]], T]:
        """One attempt of ``fn`` as the retry runner calls it, with that attempt's extra headers."""
        first = self._first_client()
        plain = self.pool.generated()
        timeout = self.timeout
        headers = self.headers

        def attempt(attempt_headers: Mapping[str, str]) -> T:
            if attempt_headers:
                return fn(*args, client=plain, extra_headers=headers(attempt_headers), timeout=timeout, **kwargs)
            return fn(*args, client=first, timeout=timeout, **kwargs)

        return attempt


class SyncCore(CoreBase[httpx.Client]):
    """The sync core: ``call`` runs a generated ``sync`` function with retries."""

    def call(self, fn: Callable[..., T], /, *args: Any, options: OptionsArg = None, **kwargs: Any) -> T:
        """Run ``fn(*args, client=..., extra_headers=..., timeout=..., **kwargs)`` under the retry policy.

        Args:
            fn: A generated endpoint's ``sync`` (or ``sync_detailed``) function.
            *args: Its positional arguments (path parameters).
            options: The calling method's ``**options`` (per-call headers, query, timeout...), applied
                to this call's requests; ``extra_body`` is allowed when ``kwargs`` carry a ``body``.
            **kwargs: Its keyword arguments; pass ``idempotency_key=`` for a POST.

        Returns:
            What ``fn`` returns.

        Example:
            >>> job = core.call(get_job.sync, "job-3f9a1c2b7d4e", include=["logs"], options={"timeout": 5})
        """
        if options:
            # Most calls pass no options: checking that here spares them entering a scope.
            with request_scope(options, body="body" in kwargs):
                return self.call(fn, *args, **kwargs)
        if "body" in kwargs:
            kwargs = extra_body_of(kwargs)
        clients = self._clients
        # The first attempt is made here, the runner takes over from a failure: most calls succeed at
        # once, and building the retry closure and entering the runner cost a tenth of a mocked call.
        try:
            return fn(*args, client=clients[0] if clients else self._first_client(), timeout=self.timeout, **kwargs)
        except RETRIED as exc:
            return self.runner.run_after(exc, self._bind(fn, args, kwargs), retry_safe=retry_safe(fn, kwargs))


class AsyncCore(CoreBase[httpx.AsyncClient]):
    """The async core: ``call`` awaits a generated ``asyncio`` function with retries.

    At most as many calls as the pool has connections are in flight at once; the others wait
    for a free slot (each attempt takes one; a retry's back-off sleep holds none).
    """

    def __init__(self, pool: Pool[httpx.AsyncClient], config: ClientConfig, base_headers: Mapping[str, str]) -> None:
        super().__init__(pool, config, base_headers)
        self.in_flight = InFlightLimit(max_connections(pool))

    def share_limits(self, other: CoreBase[Any]) -> None:
        if isinstance(other, AsyncCore):
            self.in_flight = other.in_flight

    async def call(
        self, fn: Callable[..., Awaitable[T]], /, *args: Any, options: OptionsArg = None, **kwargs: Any
    ) -> T:
        """Async twin of ``SyncCore.call`` for a generated ``asyncio`` function.

        Example:
            >>> job = await core.call(get_job.asyncio, "job-3f9a1c2b7d4e", options={"timeout": 5})
        """
        if options:
            with request_scope(options, body="body" in kwargs):
                return await self.call(fn, *args, **kwargs)
        if "body" in kwargs:
            kwargs = extra_body_of(kwargs)
        clients = self._clients
        first = clients[0] if clients else self._first_client()
        semaphore = self.in_flight.semaphore()
        # As in SyncCore.call: the first attempt here, the runner from a failure on (outside the slot).
        try:
            if semaphore is None:
                return await fn(*args, client=first, timeout=self.timeout, **kwargs)
            async with semaphore:
                return await fn(*args, client=first, timeout=self.timeout, **kwargs)
        except RETRIED as exc:
            attempt = self._bind(fn, args, kwargs)
            if semaphore is not None:
                unbounded = attempt

                async def attempt(attempt_headers: Mapping[str, str]) -> T:
                    async with semaphore:
                        return await unbounded(attempt_headers)

            return await self.runner.arun_after(exc, attempt, retry_safe=retry_safe(fn, kwargs))


class BaseClient(Generic[HttpT]):
    """Configuration shared by both clients; ``SyncAPIClient``/``AsyncAPIClient`` make and close the httpx client."""

    _http_type: type[HttpT]
    _core: CoreBase[Any]

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        organization: str | None = None,
        timeout: TimeoutArg | Unset = UNSET,
        max_retries: int | None = None,
        debug: bool | None = None,
        verify: bool | str | ssl.SSLContext = True,
        http_client: HttpT | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        profile: str | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self._check_http_client(http_client, verify)
        config = resolve_config(
            api_key=api_key,
            base_url=base_url,
            organization=organization,
            timeout=timeout,
            max_retries=max_retries,
            verify=verify,
            own_pool=http_client is None,
            profile=profile,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
        )
        self.debug = enable_debug_logging(debug)
        self._connect(config, http_client)

    def _check_http_client(self, http_client: object, verify: object) -> None:
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise ValidationError.for_field(
                "http_client",
                f"must be an {self._http_type.__module__}.{self._http_type.__name__}, got {type(http_client).__name__}",
            )
        if http_client is not None and verify is not True:
            raise ValidationError.for_field(
                "verify", "applies to the SDK's own connection pool; set it on your http_client instead"
            )

    def _connect(self, config: ClientConfig, http_client: HttpT | None) -> None:
        """Make the core: a new pool of our own (made on first use), or the user's ``http_client``."""

        def prepare(http: HttpT) -> None:
            # The SDK's two hooks, on whichever pool is used: the response guard, which also applies
            # the per-call options, records responses for with_raw_response and logs.
            install_response_guard(http, config.max_response_bytes)

        pool: Pool[HttpT]
        if http_client is None:
            pool = Pool(partial(self._new_http, config), owned=True, timeout=_pool_timeout(config), prepare=prepare)
            base_headers: dict[str, str] = {}
        else:
            if str(http_client.base_url):
                # The user's client decides where it connects (a proxy or gateway path, say).
                config = replace(config, base_url=str(http_client.base_url).rstrip("/"))
            else:
                http_client.base_url = httpx.URL(config.base_url)
            pool = Pool.borrowed(http_client, prepare)
            base_headers = config.auth_headers()
        self._owns_http = http_client is None
        self._core = self._make_core(pool, config, base_headers)

    def _new_http(self, config: ClientConfig) -> HttpT:
        verify = config.verify
        if isinstance(verify, str):
            # httpx deprecates a CA path for verify=; the same trust as a context.
            if os.path.isdir(verify):
                verify = ssl.create_default_context(capath=verify)
            else:
                verify = ssl.create_default_context(cafile=verify)
        return self._http_type(
            base_url=config.base_url,
            headers=config.auth_headers(),
            timeout=_pool_timeout(config),
            verify=verify,
            limits=POOL_LIMITS,
        )

    def _make_core(self, pool: Pool[HttpT], config: ClientConfig, base_headers: Mapping[str, str]) -> CoreBase[HttpT]:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._core.config.base_url

    @property
    def organization(self) -> str | None:
        """The organization sent as ``X-Vantage-Organization``, if any."""
        return self._core.config.organization

    @property
    def timeout(self) -> httpx.Timeout | Unset:
        """The per-request timeout (UNSET: the user's own httpx client decides)."""
        return self._core.config.timeout

    @property
    def max_retries(self) -> int:
        """Retries after the first attempt."""
        return self._core.config.max_retries

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        organization: str | None = None,
        timeout: TimeoutArg | Unset = UNSET,
        max_retries: int | None = None,
        debug: bool | None = None,
        verify: bool | str | ssl.SSLContext | None = None,
        http_client: HttpT | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int | None = None,
    ) -> Self:
        """Return a copy with some client options changed; the original is unchanged.

        Every option of the constructor but ``profile`` may be given; the rest is kept. The copy
        shares this client's connection pool (closing it leaves the pool open), unless it needs
        another one: a new ``base_url`` or ``verify`` gets a pool of the copy's own (close the copy),
        and ``http_client`` uses yours. ``default_headers`` are merged over the current ones.

        Args:
            api_key: Another API key.
            base_url: Another API address.
            organization: Another organization ("" for none).
            timeout: Seconds (or an ``httpx.Timeout``, or None for no timeout); UNSET keeps the current one.
            max_retries: Retries after the first attempt; None keeps the current count.
            debug: Turn request logging on or off (it is process-wide, as ``VANTAGE_LOG`` is).
            verify: TLS verification for the copy's own pool.
            http_client: Your own httpx client for the copy (you close it).
            default_headers: Headers added to every request of the copy.
            max_response_bytes: The largest body the copy reads; None keeps the current limit.

        Returns:
            The configured copy.

        Example:
            >>> patient = client.with_options(timeout=300, max_retries=5)
            >>> patient.jobs.get("job-3f9a1c2b7d4e")
            >>> tagged = client.with_options(default_headers={"X-Team": "ml"}, organization="other-org")
        """
        self._check_http_client(http_client, True if verify is None else verify)
        core = self._core
        old = core.config
        config = replace(
            old,
            api_key=old.api_key if api_key is None else _check_api_key(api_key),
            base_url=old.base_url if base_url is None else _resolve_base_url(base_url),
            organization=old.organization if organization is None else (organization.strip() or None),
            timeout=old.timeout if isinstance(timeout, Unset) else _resolve_timeout(timeout, True),
            max_retries=old.max_retries if max_retries is None else max_retries,
            verify=old.verify if verify is None else verify,
            default_headers={**old.default_headers, **_check_headers(default_headers)},
            max_response_bytes=(
                old.max_response_bytes if max_response_bytes is None else check_max_response_bytes(max_response_bytes)
            ),
        )
        RetryPolicy(max_retries=config.max_retries)
        copy = object.__new__(type(self))
        copy.debug = self.debug if debug is None else enable_debug_logging(debug)
        # A default header of the pool cannot be taken off per request (an organization cleared, say).
        # (Only the SDK's own pool has them as defaults: a user's client gets them per request.)
        dropped = core.pool.owned and bool(set(old.auth_headers()) - set(config.auth_headers()))
        # The base URL and the response guard belong to the pool: changing either needs a pool of the copy's own.
        pool_bound = [
            name
            for name, changed in (
                ("base_url", config.base_url != old.base_url),
                ("max_response_bytes", config.max_response_bytes != old.max_response_bytes),
            )
            if changed
        ]
        if http_client is not None or pool_bound or config.verify is not old.verify or dropped:
            if http_client is None and not self._owns_http and pool_bound:
                raise ValidationError.for_field(
                    pool_bound[0],
                    f"this client uses your own http_client: pass a new http_client with the new {pool_bound[0]}",
                )
            copy._connect(config, http_client)
            return copy
        base_headers = core.base_headers if config.auth_headers() == old.auth_headers() else config.auth_headers()
        copy._owns_http = False
        copy._core = self._make_core(core.pool, config, base_headers)
        copy._core.share_limits(core)
        return copy

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, organization={self.organization!r}, "
            f"max_retries={self.max_retries!r})"
        )


class SyncAPIClient(BaseClient[httpx.Client]):
    """The sync transport: an ``httpx.Client`` and a ``SyncCore``; ``VantageClient`` adds the resources."""

    _http_type = httpx.Client
    _core: SyncCore

    def _make_core(self, pool: Pool[httpx.Client], config: ClientConfig, base_headers: Mapping[str, str]) -> SyncCore:
        return SyncCore(pool, config, base_headers)

    def close(self) -> None:
        """Close the connection pool (a ``with_options`` copy or a user's ``http_client`` is left open).

        Example:
            >>> client.close()
        """
        if self._owns_http:
            pool = self._core.pool
            pool.closed = True
            if pool.made is not None:
                pool.made.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """The async transport: an ``httpx.AsyncClient`` and an ``AsyncCore``; ``AsyncVantageClient`` adds the resources."""

    _http_type = httpx.AsyncClient
    _core: AsyncCore

    def _make_core(
        self, pool: Pool[httpx.AsyncClient], config: ClientConfig, base_headers: Mapping[str, str]
    ) -> AsyncCore:
        return AsyncCore(pool, config, base_headers)

    async def aclose(self) -> None:
        """Close the connection pool (a ``with_options`` copy or a user's ``http_client`` is left open).

        Example:
            >>> await client.aclose()
        """
        if self._owns_http:
            pool = self._core.pool
            pool.closed = True
            if pool.made is not None:
                await pool.made.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
