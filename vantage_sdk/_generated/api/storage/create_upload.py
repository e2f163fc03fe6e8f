# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.create_upload_request import CreateUploadRequest
from ...models.upload_session import UploadSession
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    body: CreateUploadRequest,
    idempotency_key: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/storage/uploads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    if extra_headers:
        headers.update(extra_headers)
    if headers:
        _kwargs["headers"] = headers
    if not isinstance(timeout, Unset):
        _kwargs["timeout"] = timeout
    return _kwargs


def _parse_response(*, response: httpx.Response) -> UploadSession:
    if response.status_code == 201:
        try:
            response_201 = UploadSession.from_dict(_json_loads(response.content))

            return response_201

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[UploadSession]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    body: CreateUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[UploadSession]:
    """Start a resumable upload

     Opens an upload session for a file of known size, split into parts of
    `part_size` bytes (the last may be shorter). Parts may be sent in any order
    and in parallel; the session remembers every part it received until it is
    completed or aborted.

    Args:
        idempotency_key (str | Unset):
        body (CreateUploadRequest): The file an upload session will build.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[UploadSession]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    body: CreateUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> UploadSession:
    """Start a resumable upload

     Opens an upload session for a file of known size, split into parts of
    `part_size` bytes (the last may be shorter). Parts may be sent in any order
    and in parallel; the session remembers every part it received until it is
    completed or aborted.

    Args:
        idempotency_key (str | Unset):
        body (CreateUploadRequest): The file an upload session will build.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        UploadSession
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    body: CreateUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[UploadSession]:
    """Start a resumable upload

     Opens an upload session for a file of known size, split into parts of
    `part_size` bytes (the last may be shorter). Parts may be sent in any order
    and in parallel; the session remembers every part it received until it is
    completed or aborted.

    Args:
        idempotency_key (str | Unset):
        body (CreateUploadRequest): The file an upload session will build.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[UploadSession]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    body: CreateUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> UploadSession:
    """Start a resumable upload

     Opens an upload session for a file of known size, split into parts of
    `part_size` bytes (the last may be shorter). Parts may be sent in any order
    and in parallel; the session remembers every part it received until it is
    completed or aborted.

    Args:
        idempotency_key (str | Unset):
        body (CreateUploadRequest): The file an upload session will build.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        UploadSession
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
