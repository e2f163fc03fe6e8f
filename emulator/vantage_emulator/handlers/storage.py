"""Connexion handlers of the `storage` tag, streaming both ways.

Bodies of `upload_file` and `upload_part` are read from the raw ASGI receive channel
in chunks straight into a temp file: connexion only buffers bodies it validates
(JSON and forms) or that a handler takes as a `body` argument, so these handlers
take no `body`. Downloads stream from the open blob with a `StreamingResponse`.

Ranges (RFC 9110 section 14): one range `bytes=a-b`, `bytes=a-` or `bytes=-n` gets a
206 with `Content-Range`; a range starting past the end (or `-0`) gets a 416 with
`Content-Range: bytes */size`. A header asking for several ranges, or one that does
not parse, is ignored and the whole file is sent with 200, as RFC 9110 allows:
multipart/byteranges is not in the contract.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from functools import partial, wraps
from typing import Any, BinaryIO, TypeVar

import anyio.to_thread
from connexion import context as connexion_context
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse

from ..core import current
from ..problems import ApiProblem
from ..storage import (
    COPY_CHUNK,
    IncomingFile,
    Storage,
    StorageError,
    normalize_file_path,
    storage_for,
)
from . import json_response

__all__ = [
    "abort_upload",
    "complete_upload",
    "create_upload",
    "delete_file",
    "download_file",
    "get_file_metadata",
    "get_upload",
    "list_files",
    "parse_range",
    "upload_file",
    "upload_part",
]

_T = TypeVar("_T")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _problem(error: StorageError) -> ApiProblem:
    errors = [{"field": error.field, "message": error.detail}] if error.field else []
    return ApiProblem(error.status, error.detail, code=error.code, errors=errors)


async def _call(func: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run a blocking storage call in a worker thread."""
    return await anyio.to_thread.run_sync(partial(func, *args, **kwargs))


def _caller() -> tuple[Storage, str]:
    ctx = current()
    return storage_for(ctx.emulator), ctx.organization


def _request() -> Request:
    """The raw request: its `stream()` reads the ASGI receive channel unbuffered."""
    return Request(connexion_context.scope._get_current_object(), connexion_context.receive._get_current_object())


def _as_problems(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the storage errors a handler raises into problem responses."""

    @wraps(handler)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await handler(*args, **kwargs)
        except StorageError as error:
            raise _problem(error) from error

    return wrapper


async def _receive_into(request: Request, incoming: IncomingFile) -> None:
    """Copy the request body into `incoming` in batches of ~1 MiB of chunks.

    A worker thread hashes and writes one batch while the event loop receives the
    next: awaiting each write before reading on would pause the socket (uvicorn
    stops reading past 64 KiB unread) and halve the throughput. A batch is a list
    of the chunks as received: joining them into one buffer cost the event loop
    two more copies of every byte. At most two batches are in memory per upload.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        # Refuse an oversized body before reading it.
        incoming.check_size(int(declared))
    loop = asyncio.get_running_loop()
    writing: asyncio.Future[None] | None = None
    batch: list[bytes] = []
    batch_size = 0
    try:
        async for chunk in request.stream():
            batch.append(chunk)
            batch_size += len(chunk)
            if batch_size >= COPY_CHUNK:
                if writing is not None:
                    await writing
                writing = loop.run_in_executor(None, incoming.writelines, batch)
                batch, batch_size = [], 0
        if writing is not None:
            await writing
        if batch:
            await loop.run_in_executor(None, incoming.writelines, batch)
    except ClientDisconnect as exc:
        raise ApiProblem(400, "The client disconnected before sending the whole body.", code="incomplete_body") from exc
    finally:
        if writing is not None:
            # Never leave a write running into a file the caller is about to discard.
            await asyncio.wait([writing])
            if not writing.cancelled():
                writing.exception()


def _content_sha256(request: Request) -> str | None:
    value = request.headers.get("x-content-sha256")
    return value.lower() if value else None


def _content_crc32c(request: Request) -> str | None:
    return request.headers.get("x-content-crc32c") or None


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte span one `Range` header asks for, or None for the whole file.

    Raises:
        ApiProblem: 416 when the range starts past the end of the file.

    Example:
        >>> parse_range("bytes=-10", 100)
        (90, 99)
    """
    if not header or "," in header:
        return None
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None or match.groups() == ("", ""):
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        suffix = int(last_text)
        if suffix == 0:
            raise _unsatisfiable(header, size)
        return max(0, size - suffix), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise _unsatisfiable(header, size)
    return first, min(int(last_text), size - 1) if last_text else size - 1


def _unsatisfiable(header: str, size: int) -> ApiProblem:
    return ApiProblem(
        416,
        f"The file has {size} bytes; range {header} is not inside it.",
        code="range_not_satisfiable",
        errors=[{"field": "Range", "message": f"must start below {size}"}],
        headers={"Content-Range": f"bytes */{size}"},
    )


async def _stream(handle: BinaryIO, first: int, length: int) -> AsyncIterator[bytes]:
    try:
        await anyio.to_thread.run_sync(handle.seek, first)
        remaining = length
        while remaining > 0:
            chunk = await anyio.to_thread.run_sync(handle.read, min(COPY_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


# ----------------------------------------------------------------------------- files


@_as_problems
async def list_files(
    path: str,
    recursive: bool = False,
    include_size: bool = False,
    include_metadata: bool = False,
    limit: int = 100,
    page_token: str | None = None,
) -> Response:
    """GET /v1/storage/files."""
    storage, org = _caller()
    page = await _call(
        storage.list_files,
        org,
        path,
        recursive=recursive,
        include_size=include_size,
        include_metadata=include_metadata,
        limit=limit,
        page_token=page_token,
    )
    return json_response(page.to_page())


@_as_problems
async def delete_file(path: str, recursive: bool = False) -> Response:
    """DELETE /v1/storage/files."""
    storage, org = _caller()
    await _call(storage.delete, org, path, recursive=recursive)
    return Response(status_code=204)


@_as_problems
async def get_file_metadata(path: str) -> Response:
    """GET /v1/storage/metadata."""
    storage, org = _caller()
    record = await _call(storage.stat, org, path)
    return json_response(record.to_info())


@_as_problems
async def download_file(path: str) -> Response:
    """GET /v1/storage/content (200 whole file, 206 one range, 416 outside it)."""
    storage, org = _caller()
    record, handle = await _call(storage.open_file, org, path)
    try:
        span = parse_range(_request().headers.get("range"), record.size)
    except ApiProblem:
        handle.close()
        raise
    headers = {"ETag": record.etag, "X-Content-SHA256": record.sha256, "Accept-Ranges": "bytes"}
    if record.crc32c is not None:
        headers["X-Content-CRC32C"] = record.crc32c
    first, last = span if span is not None else (0, record.size - 1)
    length = last - first + 1
    headers["Content-Length"] = str(length)
    if span is not None:
        headers["Content-Range"] = f"bytes {first}-{last}/{record.size}"
    return StreamingResponse(
        _stream(handle, first, length),
        status_code=206 if span is not None else 200,
        headers=headers,
        media_type="application/octet-stream",
    )


@_as_problems
async def upload_file(path: str) -> Response:
    """PUT /v1/storage/content: the body, streamed to disk, becomes the file atomically."""
    storage, org = _caller()
    path = normalize_file_path(path)
    request = _request()
    incoming = await _call(storage.new_single_upload, org)
    try:
        await _receive_into(request, incoming)
        record = await _call(
            storage.put_file,
            org,
            path,
            incoming,
            expected_sha256=_content_sha256(request),
            expected_crc32c=_content_crc32c(request),
        )
    finally:
        await anyio.to_thread.run_sync(incoming.discard)
    return json_response(record.to_info(), 201)


# ----------------------------------------------------------------------------- upload sessions


@_as_problems
async def create_upload(body: dict[str, Any]) -> Response:
    """POST /v1/storage/uploads."""
    storage, org = _caller()
    session = await _call(
        storage.create_upload,
        org,
        body["path"],
        body["size"],
        part_size=body.get("part_size"),
        content_type=body.get("content_type"),
        metadata=body.get("metadata"),
    )
    return json_response(session.to_doc(), 201)


@_as_problems
async def get_upload(upload_id: str) -> Response:
    """GET /v1/storage/uploads/{upload_id}."""
    storage, org = _caller()
    session = await _call(storage.get_upload, org, upload_id)
    return json_response(session.to_doc())


@_as_problems
async def abort_upload(upload_id: str) -> Response:
    """DELETE /v1/storage/uploads/{upload_id}: the session and its parts are gone."""
    storage, org = _caller()
    await _call(storage.abort_upload, org, upload_id)
    return Response(status_code=204)


@_as_problems
async def upload_part(upload_id: str, part_number: int) -> Response:
    """PUT /v1/storage/uploads/{upload_id}/parts/{part_number}."""
    storage, org = _caller()
    request = _request()
    incoming = await _call(storage.new_part, org, upload_id, part_number, hashed=_content_sha256(request) is not None)
    try:
        await _receive_into(request, incoming)
        part = await _call(
            storage.put_part,
            org,
            upload_id,
            part_number,
            incoming,
            expected_sha256=_content_sha256(request),
            expected_crc32c=_content_crc32c(request),
        )
    finally:
        await anyio.to_thread.run_sync(incoming.discard)
    return json_response(part.to_doc())


@_as_problems
async def complete_upload(upload_id: str, body: dict[str, Any]) -> Response:
    """POST /v1/storage/uploads/{upload_id}/complete."""
    storage, org = _caller()
    record = await _call(storage.complete_upload, org, upload_id, body.get("sha256"), body.get("crc32c"))
    return json_response(record.to_info(), 201)
