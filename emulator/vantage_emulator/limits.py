"""Request bodies are bounded before anything buffers them, and must keep arriving.

Every request body except a file's bytes (the `PUT`s of `upload_file` and
`upload_part`, which storage streams to disk under its own size limits) is capped at
`max_body` bytes: a `Content-Length` over it gets a 413 before a byte is read, and a
body without one is counted as it arrives and refused once it passes the cap. This
runs outside the idempotency layer and connexion's validators, which both buffer the
whole body. Any body (files too) that sends nothing for `body_timeout` seconds gets
a 408, so a stalled client cannot hold a worker and a temp file forever.

Example:
    >>> app = RequestLimitMiddleware(app, max_body=10 * 1024**2, body_timeout=30.0)
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import ApiProblem

__all__ = ["RequestLimitMiddleware"]

# Operations whose body is a file's bytes: streamed to disk, limited by storage.
_STREAMED_METHODS = ("PUT",)


class RequestLimitMiddleware:
    """Caps request bodies (413) and times out stalled ones (408)."""

    def __init__(self, app: ASGIApp, *, max_body: int, body_timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        capped = scope["method"] not in _STREAMED_METHODS
        if capped:
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body:
                raise self._too_large()
        received = 0
        finished = False

        async def limited_receive() -> Message:
            nonlocal received, finished
            if finished:
                # After the body, receive() only reports a disconnect, which a
                # streaming response may wait for as long as it streams.
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise ApiProblem(
                    408,
                    f"The request body stalled: nothing arrived for {self.body_timeout:g} seconds.",
                    code="request_timeout",
                ) from None
            if message["type"] != "http.request":
                finished = True
                return message
            received += len(message.get("body", b""))
            if capped and received > self.max_body:
                raise self._too_large()
            finished = not message.get("more_body", False)
            return message

        await self.app(scope, limited_receive, send)

    def _too_large(self) -> ApiProblem:
        return ApiProblem(
            413,
            f"Request bodies are limited to {self.max_body} bytes.",
            code="payload_too_large",
            errors=[{"field": "body", "message": f"must be at most {self.max_body} bytes"}],
        )
