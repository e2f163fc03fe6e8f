# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.file_page import FilePage
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = Pagination(
    items_field="items",
    token_param="page_token",
    next_token_field="next_page_token",
    has_more_field="has_next",
)
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    path: str,
    recursive: bool | Unset = False,
    include_size: bool | Unset = False,
    include_metadata: bool | Unset = False,
    limit: int | Unset = 100,
    page_token: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    if path is not None:
        params["path"] = path

    if recursive is not UNSET and recursive is not None:
        params["recursive"] = recursive

    if include_size is not UNSET and include_size is not None:
        params["include_size"] = include_size

    if include_metadata is not UNSET and include_metadata is not None:
        params["include_metadata"] = include_metadata

    if limit is not UNSET and limit is not None:
        params["limit"] = limit

    if page_token is not UNSET and page_token is not None:
        params["page_token"] = page_token

    _kwargs: dict[str, Any] = {
        "method": "get",
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


def _parse_response(*, response: httpx.Response) -> FilePage:
    if response.status_code == 200:
        try:
            response_200 = FilePage.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[FilePage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    path: str,
    recursive: bool | Unset = False,
    include_size: bool | Unset = False,
    include_metadata: bool | Unset = False,
    limit: int | Unset = 100,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FilePage]:
    """List files

     Lists the files and folders under a folder path. Folders are implied by the
    paths of the files in them; a folder with no files lists as empty.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        include_size (bool | Unset):  Default: False.
        include_metadata (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 100.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FilePage]
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        include_size=include_size,
        include_metadata=include_metadata,
        limit=limit,
        page_token=page_token,
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
    include_size: bool | Unset = False,
    include_metadata: bool | Unset = False,
    limit: int | Unset = 100,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FilePage:
    """List files

     Lists the files and folders under a folder path. Folders are implied by the
    paths of the files in them; a folder with no files lists as empty.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        include_size (bool | Unset):  Default: False.
        include_metadata (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 100.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FilePage
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        include_size=include_size,
        include_metadata=include_metadata,
        limit=limit,
        page_token=page_token,
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
    recursive: bool | Unset = False,
    include_size: bool | Unset = False,
    include_metadata: bool | Unset = False,
    limit: int | Unset = 100,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FilePage]:
    """List files

     Lists the files and folders under a folder path. Folders are implied by the
    paths of the files in them; a folder with no files lists as empty.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        include_size (bool | Unset):  Default: False.
        include_metadata (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 100.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FilePage]
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        include_size=include_size,
        include_metadata=include_metadata,
        limit=limit,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    path: str,
    recursive: bool | Unset = False,
    include_size: bool | Unset = False,
    include_metadata: bool | Unset = False,
    limit: int | Unset = 100,
    page_token: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FilePage:
    """List files

     Lists the files and folders under a folder path. Folders are implied by the
    paths of the files in them; a folder with no files lists as empty.

    Args:
        path (str): An absolute storage path. Example: /datasets/remote-file.txt.
        recursive (bool | Unset):  Default: False.
        include_size (bool | Unset):  Default: False.
        include_metadata (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 100.
        page_token (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FilePage
    """

    kwargs = _get_kwargs(
        path=path,
        recursive=recursive,
        include_size=include_size,
        include_metadata=include_metadata,
        limit=limit,
        page_token=page_token,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
