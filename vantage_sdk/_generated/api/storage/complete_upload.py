# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.complete_upload_request import CompleteUploadRequest
from ...models.file_info import FileInfo
from ...types import UNSET, Pagination, Response, StreamKind, Unset, path_segment

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = None
STREAM: StreamKind | None = None


def _get_kwargs(
    upload_id: str,
    *,
    body: CompleteUploadRequest,
    idempotency_key: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/v1/storage/uploads/{path_segment(upload_id)}/complete",
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
    upload_id: str,
    *,
    body: CompleteUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Complete an upload session

     Joins the parts into the file at the session's path, atomically, after
    checking that every part arrived (409 otherwise, naming the missing parts)
    and that the whole file's sha256 or CRC32C (whichever the request gives;
    both when it gives both) matches (422 otherwise). Completing an already
    completed session with the same checksum returns the file again.

    Args:
        upload_id (str):
        idempotency_key (str | Unset):
        body (CompleteUploadRequest): The checksum the joined file must have: its sha256, its
            CRC32C (combined from the parts'), or both; at least one.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
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
    upload_id: str,
    *,
    body: CompleteUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Complete an upload session

     Joins the parts into the file at the session's path, atomically, after
    checking that every part arrived (409 otherwise, naming the missing parts)
    and that the whole file's sha256 or CRC32C (whichever the request gives;
    both when it gives both) matches (422 otherwise). Completing an already
    completed session with the same checksum returns the file again.

    Args:
        upload_id (str):
        idempotency_key (str | Unset):
        body (CompleteUploadRequest): The checksum the joined file must have: its sha256, its
            CRC32C (combined from the parts'), or both; at least one.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
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
    upload_id: str,
    *,
    body: CompleteUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[FileInfo]:
    """Complete an upload session

     Joins the parts into the file at the session's path, atomically, after
    checking that every part arrived (409 otherwise, naming the missing parts)
    and that the whole file's sha256 or CRC32C (whichever the request gives;
    both when it gives both) matches (422 otherwise). Completing an already
    completed session with the same checksum returns the file again.

    Args:
        upload_id (str):
        idempotency_key (str | Unset):
        body (CompleteUploadRequest): The checksum the joined file must have: its sha256, its
            CRC32C (combined from the parts'), or both; at least one.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[FileInfo]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    upload_id: str,
    *,
    body: CompleteUploadRequest,
    idempotency_key: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> FileInfo:
    """Complete an upload session

     Joins the parts into the file at the session's path, atomically, after
    checking that every part arrived (409 otherwise, naming the missing parts)
    and that the whole file's sha256 or CRC32C (whichever the request gives;
    both when it gives both) matches (422 otherwise). Completing an already
    completed session with the same checksum returns the file again.

    Args:
        upload_id (str):
        idempotency_key (str | Unset):
        body (CompleteUploadRequest): The checksum the joined file must have: its sha256, its
            CRC32C (combined from the parts'), or both; at least one.
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        FileInfo
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        body=body,
        idempotency_key=idempotency_key,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
