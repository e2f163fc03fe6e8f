# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.upload_part import UploadPart
from ...types import UNSET, File, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = "upload"


def _get_kwargs(
    upload_id: str,
    part_number: int,
    *,
    body: File,
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

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": f"/v1/storage/uploads/{path_segment(upload_id)}/parts/{path_segment(part_number)}",
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> UploadPart:
    if response.status_code == 200:
        try:
            response_200 = UploadPart.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[UploadPart]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    upload_id: str,
    part_number: int,
    *,
    body: File,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[UploadPart]:
    """Upload one part

     Stores part `part_number` (1-based) of the session. Every part but the last
    must be exactly `part_size` bytes. Sending a part again replaces it.
    With `X-Content-SHA256` the server checks the part's digest (422 on mismatch)
    and reports it; without, the part is not hashed on its own: the server
    hashes the whole file, part by part in order as parts arrive, and checks
    that digest when the session completes. Every part's CRC32C is computed on
    arrival and reported; with `X-Content-CRC32C` it is checked (422 on mismatch).

    Args:
        upload_id (str):
        part_number (int):
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
        Response[UploadPart]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        part_number=part_number,
        body=body,
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
    upload_id: str,
    part_number: int,
    *,
    body: File,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> UploadPart:
    """Upload one part

     Stores part `part_number` (1-based) of the session. Every part but the last
    must be exactly `part_size` bytes. Sending a part again replaces it.
    With `X-Content-SHA256` the server checks the part's digest (422 on mismatch)
    and reports it; without, the part is not hashed on its own: the server
    hashes the whole file, part by part in order as parts arrive, and checks
    that digest when the session completes. Every part's CRC32C is computed on
    arrival and reported; with `X-Content-CRC32C` it is checked (422 on mismatch).

    Args:
        upload_id (str):
        part_number (int):
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
        UploadPart
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        part_number=part_number,
        body=body,
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
    upload_id: str,
    part_number: int,
    *,
    body: File,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[UploadPart]:
    """Upload one part

     Stores part `part_number` (1-based) of the session. Every part but the last
    must be exactly `part_size` bytes. Sending a part again replaces it.
    With `X-Content-SHA256` the server checks the part's digest (422 on mismatch)
    and reports it; without, the part is not hashed on its own: the server
    hashes the whole file, part by part in order as parts arrive, and checks
    that digest when the session completes. Every part's CRC32C is computed on
    arrival and reported; with `X-Content-CRC32C` it is checked (422 on mismatch).

    Args:
        upload_id (str):
        part_number (int):
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
        Response[UploadPart]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        part_number=part_number,
        body=body,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    upload_id: str,
    part_number: int,
    *,
    body: File,
    x_content_sha256: str | Unset = UNSET,
    x_content_crc32c: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> UploadPart:
    """Upload one part

     Stores part `part_number` (1-based) of the session. Every part but the last
    must be exactly `part_size` bytes. Sending a part again replaces it.
    With `X-Content-SHA256` the server checks the part's digest (422 on mismatch)
    and reports it; without, the part is not hashed on its own: the server
    hashes the whole file, part by part in order as parts arrive, and checks
    that digest when the session completes. Every part's CRC32C is computed on
    arrival and reported; with `X-Content-CRC32C` it is checked (422 on mismatch).

    Args:
        upload_id (str):
        part_number (int):
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
        UploadPart
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        part_number=part_number,
        body=body,
        x_content_sha256=x_content_sha256,
        x_content_crc32c=x_content_crc32c,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
