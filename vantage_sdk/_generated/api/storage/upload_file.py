# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.file_info import FileInfo
from ...types import UNSET, File, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = "upload"


def _get_kwargs(
    *,
    body: File,
    path: str,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_content_sha256, Unset):
        headers["X-Content-SHA256"] = x_content_sha256

    if not isinstance(x_content_crc32c, Unset):
        headers["X-Content-CRC32C"] = x_content_crc32c

    params: dict[str, Any] = {}

    if path is not None:
        params["path"] = path

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/storage/content",
    }
    if params:
        _kwargs["params"] = params

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> FileInfo:
    if response.status_code == 201:
        try:
            response_201 = FileInfo.from_dict(_json_loads(response.content))

            return response_201

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[FileInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    body: File,
    path: str,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Upload a file in one request

     Stores the request body at `path`, replacing any file there. The file
    appears atomically once the whole body has arrived. With `X-Content-SHA256`
    (or `X-Content-CRC32C`) the server checks the body's digest and refuses a
    mismatch with a 422.
    Large files should use an upload session instead.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        x_content_sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        x_content_crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian
            bytes (as Google Cloud Storage). Example: yZRlqg==.
        body (File):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        body=body,
        path=path,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    body: File,
    path: str,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Upload a file in one request

     Stores the request body at `path`, replacing any file there. The file
    appears atomically once the whole body has arrived. With `X-Content-SHA256`
    (or `X-Content-CRC32C`) the server checks the body's digest and refuses a
    mismatch with a 422.
    Large files should use an upload session instead.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        x_content_sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        x_content_crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian
            bytes (as Google Cloud Storage). Example: yZRlqg==.
        body (File):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        body=body,
        path=path,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    body: File,
    path: str,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Upload a file in one request

     Stores the request body at `path`, replacing any file there. The file
    appears atomically once the whole body has arrived. With `X-Content-SHA256`
    (or `X-Content-CRC32C`) the server checks the body's digest and refuses a
    mismatch with a 422.
    Large files should use an upload session instead.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        x_content_sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        x_content_crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian
            bytes (as Google Cloud Storage). Example: yZRlqg==.
        body (File):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        body=body,
        path=path,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    body: File,
    path: str,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Upload a file in one request

     Stores the request body at `path`, replacing any file there. The file
    appears atomically once the whole body has arrived. With `X-Content-SHA256`
    (or `X-Content-CRC32C`) the server checks the body's digest and refuses a
    mismatch with a 422.
    Large files should use an upload session instead.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        x_content_sha256 (str | Unset): A lowercase hex sha256 digest. Example:
            9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.
        x_content_crc32c (str | Unset): A CRC32C (Castagnoli) checksum, base64 of its 4 big-endian
            bytes (as Google Cloud Storage). Example: yZRlqg==.
        body (File):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        body=body,
        path=path,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
