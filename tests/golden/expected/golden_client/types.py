# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains some shared types for properties"""

import datetime
from collections.abc import Iterable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define, frozen


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        # Pickle and copy hand back the module's UNSET, so `value is UNSET` holds after a round trip.
        return "UNSET"


UNSET: Unset = Unset()


def model_repr(model: Any, names: Iterable[str]) -> str:
    """``Name(field=value, ...)`` with only the fields that are set, then the ones this client does not know."""
    shown = [f"{name}={value!r}" for name in names if (value := getattr(model, name)) is not UNSET]
    if model.additional_properties:
        shown.append(f"additional_properties={model.additional_properties!r}")
    return f"{type(model).__name__}({', '.join(shown)})"


def parse_datetime(value: str) -> datetime.datetime:
    """An RFC 3339 date-time: what ``datetime.fromisoformat`` reads, plus a lowercase ``t`` or ``z``."""
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        if not isinstance(value, str) or value == value.upper():
            raise
        return datetime.datetime.fromisoformat(value.upper())


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A documented success response from an endpoint (any other status raises)"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T


@frozen
class Pagination:
    """How a list operation pages (from the `x-vantage-pagination` overlay hint).

    Attributes:
        items_field: The response field holding this page's items.
        token_param: The query parameter that takes the token of the page to fetch.
        next_token_field: The response field holding the next page's token.
        has_more_field: The response field saying whether another page follows.
    """

    items_field: str
    token_param: str
    next_token_field: str
    has_more_field: str


# How an operation streams (from the `x-vantage-stream` overlay hint): "sse" is a
# server-sent event response, "download" a binary response body, "upload" a binary request body.
StreamKind = Literal["sse", "download", "upload"]


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "Pagination",
    "RequestFiles",
    "Response",
    "StreamKind",
    "Unset",
    "model_repr",
    "parse_datetime",
]
