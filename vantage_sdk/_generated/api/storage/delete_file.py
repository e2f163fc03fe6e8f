# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error

from ...client import AuthenticatedClient, Client
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    path: str,
    recursive: bool | Unset = False,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    if path is not None:
        params["path"] = path

    if recursive is not UNSET and recursive is not None:
        params["recursive"] = recursive

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/storage/files",
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


def _parse_response(*, response: httpx.Response) -> None:
    if response.status_code == 204:
        return None
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[None]:
    _parse_response(response=response)
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=None,
    )


def sync_detailed(
    *,
    path: str,
    recursive: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[None]:
    """Delete a file or folder

     Deletes one file, or with `recursive` every file below a folder path.
    Deleting a path that does not exist is a 404.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[None]
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
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
    recursive: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> None:
    """Delete a file or folder

     Deletes one file, or with `recursive` every file below a folder path.
    Deleting a path that does not exist is a 404.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        None
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    _parse_response(response=response)


async def asyncio_detailed(
    *,
    path: str,
    recursive: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[None]:
    """Delete a file or folder

     Deletes one file, or with `recursive` every file below a folder path.
    Deleting a path that does not exist is a 404.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[None]
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    path: str,
    recursive: bool | Unset = False,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> None:
    """Delete a file or folder

     Deletes one file, or with `recursive` every file below a folder path.
    Deleting a path that does not exist is a 404.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        None
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    _parse_response(response=response)
