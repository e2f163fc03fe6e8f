# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.file_info import FileInfo
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    path: str,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    if path is not None:
        params["path"] = path

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/storage/metadata",
    }
    if params:
        _kwargs["params"] = params

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> FileInfo:
    if response.status_code == 200:
        try:
            response_200 = FileInfo.from_dict(_json_loads(response.content))

            return response_200

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
    path: str,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Get a file's metadata

     Returns a file's size, sha256, CRC32C, ETag, content type and user metadata.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        path=path,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    path: str,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Get a file's metadata

     Returns a file's size, sha256, CRC32C, ETag, content type and user metadata.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        path=path,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    path: str,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Get a file's metadata

     Returns a file's size, sha256, CRC32C, ETag, content type and user metadata.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        path=path,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    path: str,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Get a file's metadata

     Returns a file's size, sha256, CRC32C, ETag, content type and user metadata.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        path=path,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
