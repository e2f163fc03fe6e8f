"""Test knobs, off by default: a rate limit and fault injection, as ASGI middleware.

So an SDK's reliability code can be tested against a real server, the emulator can
answer a fraction of API requests (paths under `/v1/`) with:

* `503` problem+json with `Retry-After` (the request is not processed);
* a delay of `delay_ms` before the request is processed normally;
* a dropped connection *before* the request is processed (no side effects);
* a dropped connection *after* the request was processed: the whole body is read,
  the request runs and its side effects happen, its response is thrown away and
  the connection is closed, as when a response is lost on the way back.

Each request draws one number from a `random.Random(seed)`, so a run of sequential
requests sees the same faults every time; at most one fault hits a request. The rate
limit is a token bucket per API key (the `Authorization` header; the client address
without one): `requests_per_second` refill, `burst` capacity; an empty bucket gives
`429` problem+json with `Retry-After` (whole seconds, at least 1).

Config file::

    rate_limit:
      requests_per_second: 20
      burst: 40                 # default: requests_per_second, at least 1
    faults:
      seed: 7
      error_rate: 0.1           # fraction answered 503
      delay_rate: 0.1
      delay_ms: 200
      drop_before_rate: 0.05
      drop_after_rate: 0.05
      retry_after: 1            # seconds, for 503 answers

Flags (override the file): `--rate-limit RPS`, `--rate-limit-burst N`,
`--fault-503-rate P`, `--fault-delay-rate P`, `--fault-delay-ms MS`,
`--fault-drop-before-rate P`, `--fault-drop-after-rate P`, `--fault-seed N`,
`--fault-retry-after S`.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import ConfigError
from .problems import ApiProblem

__all__ = [
    "ConnectionDropped",
    "FaultMiddleware",
    "FaultSettings",
    "RateLimiter",
    "add_cli_arguments",
    "apply_cli_arguments",
    "fault_settings",
    "wrap_app",
]

log = logging.getLogger("vantage_emulator")

API_PREFIX = "/v1/"
DISCONNECT_WAIT_SECONDS = 5.0


class ConnectionDropped(Exception):
    """Raised instead of dropping when the server offers no transport to close
    (an in-process ASGI client), so the client still sees a broken exchange."""


@dataclass(frozen=True)
class FaultSettings:
    """The knobs; all zero means off."""

    requests_per_second: float = 0.0
    burst: int = 0
    error_rate: float = 0.0
    delay_rate: float = 0.0
    delay_ms: int = 0
    drop_before_rate: float = 0.0
    drop_after_rate: float = 0.0
    retry_after: int = 1
    seed: int | None = None

    @property
    def rate_limited(self) -> bool:
        """Whether the rate limit is on."""
        return self.requests_per_second > 0

    @property
    def fault_rate(self) -> float:
        """The fraction of requests that get some fault."""
        return self.error_rate + self.delay_rate + self.drop_before_rate + self.drop_after_rate

    @property
    def enabled(self) -> bool:
        """Whether any knob is on."""
        return self.rate_limited or self.fault_rate > 0


_RATE_LIMIT_KEYS = {"requests_per_second", "burst"}
_FAULT_KEYS = {"seed", "error_rate", "delay_rate", "delay_ms", "drop_before_rate", "drop_after_rate", "retry_after"}


def _section(options: dict[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
    section = options.get(name)
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError(f"{name}: must be a mapping")
    unknown = set(section) - allowed
    if unknown:
        raise ConfigError(f"{name}: unknown setting(s) {', '.join(sorted(unknown))}")
    return section


def _number(value: Any, where: str, *, low: float, high: float = math.inf, integer: bool = False) -> Any:
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        kind = "an integer" if integer else "a number"
        bounds = f"between {low} and {high}" if high != math.inf else f"at least {low}"
        raise ConfigError(f"{where}: must be {kind} {bounds}, not {value!r}")
    return value


def fault_settings(options: dict[str, Any]) -> FaultSettings:
    """The knobs from the config file's `rate_limit:` and `faults:` sections.

    Raises:
        ConfigError: naming the first invalid setting.
    """
    limit = _section(options, "rate_limit", _RATE_LIMIT_KEYS)
    faults = _section(options, "faults", _FAULT_KEYS)
    values: dict[str, Any] = {}
    if "requests_per_second" in limit:
        values["requests_per_second"] = float(
            _number(limit["requests_per_second"], "rate_limit.requests_per_second", low=0)
        )
    if "burst" in limit:
        values["burst"] = _number(limit["burst"], "rate_limit.burst", low=1, integer=True)
    for name in ("error_rate", "delay_rate", "drop_before_rate", "drop_after_rate"):
        if name in faults:
            values[name] = float(_number(faults[name], f"faults.{name}", low=0, high=1))
    if "delay_ms" in faults:
        values["delay_ms"] = _number(faults["delay_ms"], "faults.delay_ms", low=0, integer=True)
    if "retry_after" in faults:
        values["retry_after"] = _number(faults["retry_after"], "faults.retry_after", low=0, integer=True)
    if faults.get("seed") is not None:
        if isinstance(faults["seed"], bool) or not isinstance(faults["seed"], int):
            raise ConfigError(f"faults.seed: must be an integer, not {faults['seed']!r}")
        values["seed"] = faults["seed"]
    settings = FaultSettings(**values)
    if settings.fault_rate > 1:
        raise ConfigError(f"faults: the rates add up to {settings.fault_rate:g}; their sum must be at most 1")
    return settings


class RateLimiter:
    """Token buckets per key: `rate` tokens a second, at most `burst` stored.

    Example:
        >>> limiter = RateLimiter(rate=1, burst=1)
        >>> limiter.acquire("k"), limiter.acquire("k") > 0
        (0.0, True)
    """

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def acquire(self, key: str) -> float:
        """Take a token for `key`: 0.0 when granted, else seconds until one is due."""
        now = self._clock()
        tokens, stamp = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate


def _transport(receive: Receive, send: Send) -> Any:
    """The connection's asyncio transport, from uvicorn's request-response cycle
    (ASGI itself has no way to close a connection without answering)."""
    for channel in (receive, send):
        transport = getattr(getattr(channel, "__self__", None), "transport", None)
        if transport is not None:
            return transport
    return None


class FaultMiddleware:
    """Applies `FaultSettings` to requests under `/v1/`.

    Args:
        app: The API below.
        settings: The knobs.
        clock: Time source of the rate limiter (tests pass a fake one).
    """

    def __init__(self, app: ASGIApp, settings: FaultSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.settings = settings
        self._random = random.Random(settings.seed)
        burst = settings.burst or max(1, math.ceil(settings.requests_per_second))
        self._limiter = RateLimiter(settings.requests_per_second, burst, clock) if settings.rate_limited else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        if self._limiter is not None:
            self._check_rate(scope)
        if self.settings.fault_rate <= 0:
            await self.app(scope, receive, send)
            return
        s = self.settings
        draw = self._random.random()
        if draw < s.error_rate:
            raise ApiProblem(
                503,
                "The service is briefly unavailable (injected fault).",
                code="unavailable",
                headers={"Retry-After": str(s.retry_after)},
            )
        draw -= s.error_rate
        if draw < s.delay_rate:
            await anyio.sleep(s.delay_ms / 1000)
            await self.app(scope, receive, send)
            return
        draw -= s.delay_rate
        if draw < s.drop_before_rate:
            await self._drop(scope, receive, send)
            return
        draw -= s.drop_before_rate
        if draw < s.drop_after_rate:
            await self._process_then_drop(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _check_rate(self, scope: Scope) -> None:
        assert self._limiter is not None
        headers = Headers(scope=scope)
        client = scope.get("client") or ("unknown", 0)
        key = headers.get("authorization") or f"client:{client[0]}"
        wait = self._limiter.acquire(key)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiProblem(
                429,
                f"Rate limit of {self.settings.requests_per_second:g} requests per second exceeded;"
                f" retry after {retry_after} s.",
                code="rate_limited",
                headers={"Retry-After": str(retry_after)},
            )

    async def _process_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        body_done = False

        async def tracking_receive() -> Message:
            nonlocal body_done
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def discard(message: Message) -> None:
            return None

        try:
            await self.app(scope, tracking_receive, discard)
        except Exception:
            # The response is lost anyway; what matters is that the request ran.
            log.debug("request failed before its injected drop", exc_info=True)
        # A handler that answered without reading the body still had its body sent:
        # read it, so the exchange looks like a fully processed request.
        while not body_done:
            await tracking_receive()
        await self._drop(scope, receive, send)

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport = _transport(receive, send)
        if transport is None:
            raise ConnectionDropped(f"injected fault: connection dropped during {scope['method']} {scope['path']}")
        transport.close()
        # Wait until the server has noticed, so it does not answer with a 500 of its own.
        with anyio.move_on_after(DISCONNECT_WAIT_SECONDS):
            while (await receive())["type"] != "http.disconnect":
                pass


# --------------------------------------------------------------------------- emulator hooks


def wrap_app(app: ASGIApp, emulator: Any) -> ASGIApp:
    """Wrap the API with the knobs the emulator's settings turn on (else unchanged)."""
    settings = fault_settings(emulator.settings.options)
    if not settings.enabled:
        return app
    log.warning("test knobs on: %s", {f.name: getattr(settings, f.name) for f in fields(settings)})
    return FaultMiddleware(app, settings)


_FLAGS: list[tuple[str, str, str, type, str, str]] = [
    ("--rate-limit", "rate_limit", "requests_per_second", float, "RPS", "requests/s per API key; more get a 429"),
    ("--rate-limit-burst", "rate_limit", "burst", int, "N", "requests a key may send at once (default: the rate)"),
    ("--fault-503-rate", "faults", "error_rate", float, "P", "fraction of requests answered 503 with Retry-After"),
    ("--fault-delay-rate", "faults", "delay_rate", float, "P", "fraction of requests delayed by --fault-delay-ms"),
    ("--fault-delay-ms", "faults", "delay_ms", int, "MS", "delay of delayed requests, in milliseconds"),
    ("--fault-drop-before-rate", "faults", "drop_before_rate", float, "P", "fraction dropped before being processed"),
    ("--fault-drop-after-rate", "faults", "drop_after_rate", float, "P", "fraction dropped after being processed"),
    ("--fault-seed", "faults", "seed", int, "SEED", "seed of the fault draws, for reproducible runs"),
    ("--fault-retry-after", "faults", "retry_after", int, "SECONDS", "Retry-After of injected 503s (default 1)"),
]


def add_cli_arguments(parser: Any) -> None:
    """`vantage-emulator` flags of the test knobs (all off by default)."""
    group = parser.add_argument_group("test knobs (off by default)")
    for flag, _, _, kind, metavar, help_text in _FLAGS:
        group.add_argument(flag, type=kind, default=None, metavar=metavar, help=help_text)


def apply_cli_arguments(args: Any, settings: Any) -> None:
    """Copy the flags given into `settings.options`, then check the result."""
    fault_settings(settings.options)
    for flag, section, key, _, _, _ in _FLAGS:
        value = getattr(args, flag.lstrip("-").replace("-", "_"), None)
        if value is not None:
            merged = dict(settings.options.get(section) or {})
            merged[key] = value
            settings.options[section] = merged
    fault_settings(settings.options)
