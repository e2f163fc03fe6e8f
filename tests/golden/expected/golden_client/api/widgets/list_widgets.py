# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
from collections.abc import Mapping
from http import HTTPStatus
from json import loads as _json_loads
from typing import Any

import httpx

from vantage_sdk._exceptions import raise_api_error, raise_unexpected_response

from ...client import AuthenticatedClient, Client
from ...models.color import Color
from ...models.widget_page import WidgetPage
from ...types import UNSET, Pagination, Response, StreamKind, Unset

RETRY_SAFE: bool = True
PAGINATION: Pagination | None = Pagination(
    items_field="widgets",
    token_param="cursor",
    next_token_field="next_cursor",
    has_more_field="more",
)
STREAM: StreamKind | None = None


def _get_kwargs(
    *,
    color: Color | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_trace_id: str | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_trace_id, Unset):
        headers["X-Trace-Id"] = x_trace_id

    params: dict[str, Any] = {}

    json_color: str | Unset = UNSET
    if not isinstance(color, Unset):
        json_color = color

    if json_color is not UNSET and json_color is not None:
        params["color"] = json_color

    if cursor is not UNSET and cursor is not None:
        params["cursor"] = cursor

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/widgets",
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


def _parse_response(*, response: httpx.Response) -> WidgetPage:
    if response.status_code == 200:
        try:
            response_200 = WidgetPage.from_dict(_json_loads(response.content))

            return response_200

        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise_unexpected_response(response, exc)
    raise_api_error(response)


def _build_response(*, response: httpx.Response) -> Response[WidgetPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    *,
    color: Color | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_trace_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[WidgetPage]:
    """List widgets

     One page of widgets; a paginated list with a header parameter.

    Args:
        color (Color | Unset): A widget's color.
        cursor (str | Unset):
        x_trace_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[WidgetPage]
    """

    kwargs = _get_kwargs(
        color=color,
        cursor=cursor,
        x_trace_id=x_trace_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _build_response(response=response)


def sync(
    *,
    color: Color | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_trace_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> WidgetPage:
    """List widgets

     One page of widgets; a paginated list with a header parameter.

    Args:
        color (Color | Unset): A widget's color.
        cursor (str | Unset):
        x_trace_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        WidgetPage
    """

    kwargs = _get_kwargs(
        color=color,
        cursor=cursor,
        x_trace_id=x_trace_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = (client._client or client.get_httpx_client()).request(
        **kwargs,
    )

    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    color: Color | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_trace_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> Response[WidgetPage]:
    """List widgets

     One page of widgets; a paginated list with a header parameter.

    Args:
        color (Color | Unset): A widget's color.
        cursor (str | Unset):
        x_trace_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        Response[WidgetPage]
    """

    kwargs = _get_kwargs(
        color=color,
        cursor=cursor,
        x_trace_id=x_trace_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _build_response(response=response)


async def asyncio(
    *,
    color: Color | Unset = UNSET,
    cursor: str | Unset = UNSET,
    x_trace_id: str | Unset = UNSET,
    client: AuthenticatedClient | Client,
    extra_headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | float | None | Unset = UNSET,
) -> WidgetPage:
    """List widgets

     One page of widgets; a paginated list with a header parameter.

    Args:
        color (Color | Unset): A widget's color.
        cursor (str | Unset):
        x_trace_id (str | Unset):
        extra_headers (Mapping[str, str] | None): Headers merged over this request's own.
        timeout (httpx.Timeout | float | None | Unset): This request's timeout; UNSET keeps the client's.

    Raises:
        vantage_sdk.exceptions.VantageAPIError: On any status but a documented success, via raise_api_error.
        httpx.TimeoutException: If the request takes longer than the timeout.

    Returns:
        WidgetPage
    """

    kwargs = _get_kwargs(
        color=color,
        cursor=cursor,
        x_trace_id=x_trace_id,
        extra_headers=extra_headers,
        timeout=timeout,
    )

    response = await (client._async_client or client.get_async_httpx_client()).request(**kwargs)

    return _parse_response(response=response)
