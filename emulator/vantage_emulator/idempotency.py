"""`Idempotency-Key` for every POST, as an ASGI middleware inside auth.

The first request with a key claims it (a row without a response) before it runs;
its response is stored when it ends. A repeat with the same method, path and body
gets the stored response replayed (`Idempotent-Replayed: true`) without running
again; a repeat that arrives while the first is still running waits for it. A
repeat with another body or path is a 409 `idempotency_key_reused`. Keys are per
organization. 5xx and 429 responses are not stored: the client should retry and
the request should run again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .core import current
from .problems import ApiProblem
from .state import now

__all__ = ["IdempotencyMiddleware"]

HEADER = b"idempotency-key"
MAX_KEY_LENGTH = 255
MAX_BODY = 10 * 1024 * 1024
WAIT_FOR_FIRST_SECONDS = 60.0
# Headers a replay must not copy: they describe the original exchange.
_NOT_REPLAYED = {b"x-request-id", b"content-length", b"date", b"server"}


class IdempotencyMiddleware:
    """Replays stored responses for repeated POSTs with the same `Idempotency-Key`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        raw_key = dict(scope["headers"]).get(HEADER)
        key = raw_key.decode("latin-1") if raw_key is not None else ""
        if not key or len(key) > MAX_KEY_LENGTH:  # invalid keys are left to request validation
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        fingerprint = hashlib.sha256(
            b"\0".join([scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        ctx = current()
        state = ctx.emulator.state
        deadline = time.monotonic() + WAIT_FOR_FIRST_SECONDS
        while True:
            with state.transaction() as db:
                row = db.execute(
                    "SELECT body_sha256, status, headers, body FROM idempotency_keys"
                    " WHERE organization = ? AND key = ?",
                    (ctx.organization, key),
                ).fetchone()
                if row is None:
                    db.execute(
                        "INSERT INTO idempotency_keys (organization, key, method, path, body_sha256, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (ctx.organization, key, scope["method"], scope["path"], fingerprint, now()),
                    )
                    break
            if row["body_sha256"] != fingerprint:
                raise ApiProblem(
                    409,
                    "This Idempotency-Key was already used for a different request; use a new key.",
                    code="idempotency_key_reused",
                    errors=[{"field": "Idempotency-Key", "message": "was used with another method, path or body"}],
                )
            if row["status"] is not None:
                await _replay(send, row["status"], json.loads(row["headers"]), row["body"])
                return
            if time.monotonic() > deadline:
                raise ApiProblem(
                    409,
                    "A request with this Idempotency-Key is still being processed; retry later.",
                    code="idempotency_key_in_use",
                )
            await asyncio.sleep(0.01)
        await self._run_and_store(scope, body, receive, send, ctx.organization, key)

    async def _run_and_store(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, organization: str, key: str
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        body_sent = False

        async def replay_body() -> Message:
            nonlocal body_sent
            if body_sent:
                return await receive()
            body_sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        state = current().emulator.state
        stored = False
        try:
            await self.app(scope, replay_body, capture)
            status = start.get("status", 500)
            if status < 500 and status != 429:
                headers = [
                    [k.decode("latin-1"), v.decode("latin-1")]
                    for k, v in start.get("headers", [])
                    if k.lower() not in _NOT_REPLAYED
                ]
                with state.transaction() as db:
                    db.execute(
                        "UPDATE idempotency_keys SET status = ?, headers = ?, body = ?"
                        " WHERE organization = ? AND key = ?",
                        (status, json.dumps(headers), b"".join(chunks), organization, key),
                    )
                stored = True
        finally:
            if not stored:
                with state.transaction() as db:
                    db.execute(
                        "DELETE FROM idempotency_keys WHERE organization = ? AND key = ? AND status IS NULL",
                        (organization, key),
                    )


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiProblem(413, f"Request bodies of POST operations are limited to {MAX_BODY} bytes.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _replay(send: Send, status: int, headers: list[list[str]], body: bytes) -> None:
    raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    raw_headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
