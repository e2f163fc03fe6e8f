"""Client-side argument checks that raise ``ValidationError`` naming the field, before any request."""

from __future__ import annotations

import datetime
import math
import reprlib
from collections.abc import Collection, Sequence
from typing import TypeVar

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._generated.types import UNSET, Unset, parse_datetime

__all__ = [
    "check_choice",
    "check_choices",
    "check_datetime",
    "check_int",
    "check_number",
    "check_str",
    "excerpt",
    "or_unset",
]

L = TypeVar("L", bound=str)
T = TypeVar("T")


def or_unset(value: T | None) -> T | Unset:
    """None (an argument left out) becomes UNSET for the generated functions.

    Example:
        >>> or_unset(None) is UNSET, or_unset(3)
        (True, 3)
    """
    return UNSET if value is None else value


_EXCERPT = reprlib.Repr()  # keyword arguments to Repr() need Python 3.12
_EXCERPT.maxlevel, _EXCERPT.maxstring, _EXCERPT.maxother = 2, 60, 60
_EXCERPT.maxlist = _EXCERPT.maxdict = _EXCERPT.maxtuple = _EXCERPT.maxset = 4
_EXCERPT_MAX = 100


def excerpt(value: object) -> str:
    """A short repr of ``value`` for an error message: never the whole of a huge or deeply nested value.

    Example:
        >>> len(excerpt("x" * 10_000))
        62
    """
    text = _EXCERPT.repr(value)
    return text if len(text) <= _EXCERPT_MAX else text[: _EXCERPT_MAX - 3] + "..."


def _type_name(value: object) -> str:
    return type(value).__name__


def check_str(field: str, value: object) -> str:
    """Require a non-empty string.

    Example:
        >>> check_str("job_id", "job-3f9a1c2b7d4e")
        'job-3f9a1c2b7d4e'
    """
    if not isinstance(value, str) or not value:
        raise ValidationError.for_field(field, f"must be a non-empty string, got {excerpt(value)}")
    return value


def check_choice(field: str, value: object, allowed: Collection[L]) -> L:
    """Require one of the spec's enum values.

    Example:
        >>> check_choice("status", "running", {"running", "pending"})
        'running'
    """
    # Checking the type first keeps an unhashable value (a list) from raising TypeError on a set.
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError.for_field(field, f"must be one of {', '.join(sorted(allowed))}; got {excerpt(value)}")
    # The membership test above is exactly what the Literal type states.
    return value  # type: ignore[return-value]


def check_choices(field: str, values: str | Sequence[str] | None, allowed: Collection[L]) -> list[L] | Unset:
    """A single value or a list of enum values (such as ``include=["logs", "metrics"]``).

    Example:
        >>> check_choices("include", "logs", {"logs", "metrics"})
        ['logs']
    """
    if values is None:
        return UNSET
    try:
        items = [values] if isinstance(values, str) else list(values)
    except TypeError as exc:
        message = f"must be a string or a list of strings, got {_type_name(values)}"
        raise ValidationError.for_field(field, message) from exc
    return [check_choice(f"{field}[{i}]", v, allowed) for i, v in enumerate(items)]


def check_int(field: str, value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Require an integer (not a bool) within bounds.

    Example:
        >>> check_int("nodes", 10, minimum=0, maximum=1000)
        10
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError.for_field(field, f"must be an integer, got {_type_name(value)} {excerpt(value)}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValidationError.for_field(field, f"must be between {minimum} and {maximum}, got {value}")
    return value


def check_number(field: str, value: object, *, above: float, maximum: float) -> float:
    """Require a finite number in ``(above, maximum]``.

    Example:
        >>> check_number("target_utilization", 0.8, above=0, maximum=1)
        0.8
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError.for_field(field, f"must be a number, got {_type_name(value)} {excerpt(value)}")
    if not above < value <= maximum:
        raise ValidationError.for_field(field, f"must be greater than {above:g} and at most {maximum:g}, got {value}")
    return float(value)


def check_datetime(field: str, value: str | datetime.datetime) -> datetime.datetime:
    """An RFC 3339 string or a datetime; a naive datetime is taken as local time.

    Example:
        >>> check_datetime("since", "2024-01-01T00:00:00Z").year
        2024
    """
    if isinstance(value, str):
        # Imported here: python-dateutil costs 6-7 ms to import, which a client's first call need not pay.

        try:
            value = parse_datetime(value)
        except ValueError as exc:
            raise ValidationError.for_field(field, f"must be an RFC 3339 date-time, got {excerpt(value)}") from exc
    if not isinstance(value, datetime.datetime):
        raise ValidationError.for_field(field, f"must be a datetime or an RFC 3339 string, got {_type_name(value)}")
    if value.tzinfo is not None:
        return value
    try:
        return value.astimezone()
    except (ValueError, OverflowError) as exc:  # a naive datetime near year 1 or 9999 has no local time
        raise ValidationError.for_field(field, f"is out of range in local time: {excerpt(value)}") from exc
