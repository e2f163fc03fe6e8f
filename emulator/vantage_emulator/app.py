"""The emulator's ASGI app: connexion 3 routes and validates from openapi/vantage.yaml.

Layers, outermost first:
  * request id: `X-Request-ID: req-<hex>` on every response; anything that escapes
    below becomes a 500 problem (never a bare traceback);
  * extension wrappers (`wrap_app` of the optional emulator modules, e.g. faults,
    which need uvicorn's own receive channel to drop connections);
  * request limits (`limits`): bodies capped before anything buffers them (413),
    stalled bodies time out (408);
  * auth: bearer key -> organization (401/403 problems), sets `core.current()`;
  * idempotency (`Idempotency-Key` on POST);
  * connexion: routing, request validation (problem+json with `errors[]`),
    response validation of JSON bodies when `validate_responses` is on, and the
    handlers `vantage_emulator.handlers.<tag>.<operationId>`.

Connexion's security middleware is left out on purpose: auth is the layer above,
so the spec's `organization` apiKey scheme needs no connexion security function.

Example:
    >>> emulator = Emulator(Settings(data_dir=Path(".vantage-emulator")))
    >>> app = create_app(emulator)   # serve with uvicorn; call emulator.start() first
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import os
import re
import secrets
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml
from connexion import AsyncApp
from connexion.exceptions import ProblemException, UnsupportedMediaTypeProblem
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.resolver import Resolver
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .core import Emulator, RequestContext, use_context
from .limits import RequestLimitMiddleware
from .problems import ApiProblem, problem_body, problem_response
from .validation import VALIDATOR_MAP

__all__ = ["SPEC_ENV_VAR", "create_app", "request_id", "spec_path"]

log = logging.getLogger("vantage_emulator")

SPEC_ENV_VAR = "VANTAGE_EMULATOR_SPEC"
HANDLERS_PACKAGE = "vantage_emulator.handlers"
_request_id: ContextVar[str | None] = ContextVar("vantage_request_id", default=None)


def spec_path() -> Path:
    """Where openapi/vantage.yaml is: `$VANTAGE_EMULATOR_SPEC`, the copy a wheel
    force-includes as package data, or the repository's file next to the package.

    Raises:
        FileNotFoundError: when none exists.
    """
    override = os.environ.get(SPEC_ENV_VAR)
    candidates = [Path(override)] if override else []
    packaged = importlib.resources.files(__package__) / "openapi" / "vantage.yaml"
    candidates += [Path(str(packaged)), Path(__file__).resolve().parents[2] / "openapi" / "vantage.yaml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"openapi/vantage.yaml not found (looked at {', '.join(map(str, candidates))})")


def request_id() -> str | None:
    """The id of the request being handled."""
    return _request_id.get()


class _TagResolver(Resolver):  # type: ignore[misc]
    """operationId `submit_job` tagged `jobs` -> `handlers.jobs.submit_job`."""

    def resolve_operation_id(self, operation: Any) -> str:
        tags = operation._operation.get("tags") or ["misc"]
        return f"{HANDLERS_PACKAGE}.{tags[0]}.{operation.operation_id}"


def _render(problem: ApiProblem, path: str | None) -> ConnexionResponse:
    body = problem_body(
        problem.status,
        problem.detail,
        code=problem.code,
        errors=problem.errors,
        request_id=request_id(),
        instance=path,
    )
    return ConnexionResponse(
        status_code=problem.status,
        mimetype="application/problem+json",
        content_type="application/problem+json",
        body=json.dumps(body).encode(),
        headers=problem.headers,
    )


def _on_api_problem(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ApiProblem)
    return _render(exc, request.url.path)


def _on_connexion_problem(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ProblemException)
    status = exc.status or 500
    detail = exc.detail or exc.title or "Error"
    code = None
    if isinstance(exc, UnsupportedMediaTypeProblem):
        code = "unsupported_media_type"
    elif status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, detail)
        code = "response_validation_failed" if "conform" in detail else None
    return _render(ApiProblem(status, detail, code=code, headers=exc.headers), request.url.path)


class _AllowedMethods:
    """The methods the spec declares for each path, for the `Allow` header of a 405
    (connexion's own says `HEAD, GET` whatever the path)."""

    def __init__(self, spec: Path) -> None:
        paths = yaml.safe_load(spec.read_text(encoding="utf-8")).get("paths", {})
        self._routes = [
            (re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"), _methods(item))
            for template, item in paths.items()
        ]

    def __call__(self, path: str) -> str | None:
        for pattern, methods in self._routes:
            if pattern.match(path):
                return ", ".join(methods)
        return None


def _methods(item: dict[str, Any]) -> list[str]:
    declared = [m.upper() for m in ("get", "put", "post", "delete", "patch") if m in item]
    # Starlette's routing answers HEAD wherever GET is served.
    return declared + ["HEAD"] if "GET" in declared else declared


def _http_exception_handler(allowed: _AllowedMethods) -> Any:
    def on_http_exception(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers or {})
        if exc.status_code == 404:
            detail = f"No operation at {request.method} {request.url.path}."
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}."
            methods = allowed(request.url.path)
            headers = {k: v for k, v in headers.items() if k.lower() != "allow"}
            if methods:
                headers["Allow"] = methods
        else:
            detail = str(exc.detail)
        return _render(ApiProblem(exc.status_code, detail, headers=headers), request.url.path)

    return on_http_exception


def _on_exception(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _render(ApiProblem(500, "An unexpected error occurred."), request.url.path)


class _RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = "req-" + secrets.token_hex(8)
        _request_id.set(rid)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except ApiProblem as raised:
            if started:
                raise
            await problem_response(raised, request_id=rid, instance=scope.get("path"))(scope, receive, send_with_id)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            failure = ApiProblem(500, "An unexpected error occurred.")
            await problem_response(failure, request_id=rid, instance=scope.get("path"))(scope, receive, send_with_id)


class _AuthMiddleware:
    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        organization = self.emulator.authenticate(headers.get("authorization"), headers.get("x-vantage-organization"))
        use_context(RequestContext(self.emulator, organization, _request_id.get() or ""))
        await self.app(scope, receive, send)


def create_app(emulator: Emulator) -> ASGIApp:
    """The whole emulator API for `emulator` as an ASGI app (lifespan not needed)."""
    from .idempotency import IdempotencyMiddleware

    middlewares = [
        m for m in ConnexionMiddleware.default_middlewares if m not in (SecurityMiddleware, SwaggerUIMiddleware)
    ]
    api = AsyncApp(__name__, middlewares=middlewares)
    api.add_api(
        spec_path(),
        base_path="",
        resolver=_TagResolver(),
        resolver_error=501,
        validate_responses=emulator.settings.validate_responses,
        validator_map=VALIDATOR_MAP,
    )
    api.add_error_handler(ApiProblem, _on_api_problem)
    api.add_error_handler(ProblemException, _on_connexion_problem)
    api.add_error_handler(HTTPException, _http_exception_handler(_AllowedMethods(spec_path())))
    api.add_error_handler(Exception, _on_exception)
    settings = emulator.settings
    app: ASGIApp = RequestLimitMiddleware(
        _AuthMiddleware(IdempotencyMiddleware(api), emulator),
        max_body=settings.max_request_body_bytes,
        body_timeout=settings.request_body_timeout_seconds,
    )
    for module in reversed(emulator.extensions):
        wrap = getattr(module, "wrap_app", None)
        if wrap is not None:
            app = wrap(app, emulator)
    return _RequestIdMiddleware(app)
