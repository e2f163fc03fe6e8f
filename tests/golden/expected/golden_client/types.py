# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
"""Contains some shared types for properties"""

import datetime
import json
import re
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, TypeVar
from urllib.parse import quote

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

_PATH_SAFE = re.compile(r"[A-Za-z0-9_.~-]+").fullmatch


def path_segment(value: Any) -> str:
    """A path parameter as one URL path segment: ``quote(str(value), safe="")``.

    Most ids are made of characters that need no escaping; they skip ``quote`` (a fifth of the
    generated request-building code's cost).
    """
    text = str(value)
    return text if _PATH_SAFE(text) else quote(text, safe="")


class _Pending:
    """The value of a model field whose JSON data is parsed on its first read (see LazyField)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "PENDING"


PENDING: Any = _Pending()


class LazyField:
    """A model field parsed from the model's JSON data (``_lazy_src``) on its first read.

    It wraps the attrs slot: while the slot holds PENDING, a read parses and stores the value; after
    that, and for a value set by ``__init__`` or assignment, it returns what the slot holds.

    ``from_dict`` leaves an optional field's slot unset rather than set it (most are absent from a
    response: setting four such slots was a fifth of building a Job), so an unset slot on a model
    built from JSON data is parsed too; the first read pays for the AttributeError instead.
    """

    __slots__ = ("_get", "_parse", "_set", "_slot")

    def __init__(self, slot: Any, parse: Callable[[Mapping[str, Any]], Any]) -> None:
        self._slot = slot
        self._get = slot.__get__
        self._set = slot.__set__
        self._parse = parse

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        try:
            value = self._get(obj, owner)
        except AttributeError:
            if obj._lazy_src is None:
                raise
            value = PENDING
        if value is PENDING:
            value = self._parse(obj._lazy_src)
            self._set(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self._set(obj, value)

    def __delete__(self, obj: Any) -> None:
        self._slot.__delete__(obj)


class Model:
    """What every generated model shares: ``to_json()``, a repr of the fields that are set, and the
    fields this client does not know (``additional_properties``) by key: ``model["name"]``, ``"name" in model``."""

    __slots__ = ()
    _FIELDS: ClassVar[tuple[str, ...]] = ()
    additional_properties: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError  # every model defines it

    def to_json(self, *, indent: int | None = 2) -> str:
        """The model as a JSON document (``to_dict()`` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        shown = [f"{name}={value!r}" for name in self._FIELDS if (value := getattr(self, name)) is not UNSET]
        if self.additional_properties:
            shown.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    @property
    def additional_keys(self) -> list[str]:
        """The names of the fields this client does not know."""
        return list(self.additional_properties)


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
    "LazyField",
    "PENDING",
    "Model",
    "parse_datetime",
    "path_segment",
]
