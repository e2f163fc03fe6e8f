# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, LazyField, Model

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.widget import Widget


T = TypeVar("T", bound="WidgetPage")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "widgets",
        "more",
        "next_cursor",
    }
)


@_attrs_define(repr=False)
class WidgetPage(Model):
    """One page of widgets.

    Attributes:
        widgets (list[Widget]):
        more (bool):
        next_cursor (None | str):
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "widgets",
        "more",
        "next_cursor",
    )

    widgets: list[Widget]
    more: bool
    next_cursor: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "widgets": [item0.to_dict() for item0 in self.widgets],
            "more": self.more,
            "next_cursor": self.next_cursor,
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
        src_dict["widgets"]  # present now, parsed when first read
        _set_widgets(self, PENDING)
        self.more = src_dict["more"]
        self.next_cursor = src_dict["next_cursor"]
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_widgets(src_dict: Mapping[str, Any]) -> list[Widget]:
    widgets = src_dict["widgets"]
    return [_models.Widget.from_dict(item0) for item0 in widgets]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_widgets = getattr(WidgetPage, "widgets").__set__
setattr(WidgetPage, "widgets", LazyField(getattr(WidgetPage, "widgets"), _parse_widgets))
