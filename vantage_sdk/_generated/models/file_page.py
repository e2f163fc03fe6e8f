# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, LazyField, Model

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="FilePage")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "items",
        "has_next",
        "next_page_token",
    }
)


@_attrs_define(repr=False)
class FilePage(Model):
    """One page of storage entries.

    Attributes:
        items (list[FileInfo]): The entries on this page.
        has_next (bool): Whether another page follows.
        next_page_token (None | str): Pass as `page_token` to get the next page; null on the last page.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "items",
        "has_next",
        "next_page_token",
    )

    items: list[FileInfo]
    has_next: bool
    next_page_token: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "items": [item0.to_dict() for item0 in self.items],
            "has_next": self.has_next,
            "next_page_token": self.next_page_token,
        }
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        src_dict["items"]  # present now, parsed when first read
        _set_items(self, PENDING)
        self.has_next = src_dict["has_next"]
        self.next_page_token = src_dict["next_page_token"]
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_items(src_dict: Mapping[str, Any]) -> list[FileInfo]:
    items = src_dict["items"]
    return [_models.FileInfo.from_dict(item0) for item0 in items]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_items = getattr(FilePage, "items").__set__
setattr(FilePage, "items", LazyField(getattr(FilePage, "items"), _parse_items))
