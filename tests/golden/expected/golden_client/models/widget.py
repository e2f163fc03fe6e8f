# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit


from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import PENDING, UNSET, LazyField, Model, Unset, parse_datetime

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.color import Color
    from ..models.parent_type_0 import ParentType0


T = TypeVar("T", bound="Widget")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "id",
        "color",
        "parent",
        "tags",
        "made_at",
    }
)


@_attrs_define(repr=False)
class Widget(Model):
    """A widget.

    Attributes:
        id (str):
        color (Color): A widget's color.
        parent (None | ParentType0): The parent widget's summary; null for a root widget.
        tags (list[str] | Unset): Free-form tags (added by the overlay).
        made_at (datetime.datetime | Unset): When the widget was made (an optional field parsed on first read).
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "id",
        "color",
        "parent",
        "tags",
        "made_at",
    )

    id: str
    color: Color | str
    parent: ParentType0 | None
    tags: list[str] | Unset = UNSET
    made_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "id": self.id,
            "color": self.color,
            "parent": None if self.parent is None else self.parent.to_dict(),
        }
        if not isinstance(self.tags, Unset):
            field_dict["tags"] = list(self.tags)
        if not isinstance(self.made_at, Unset):
            field_dict["made_at"] = self.made_at.isoformat()
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.id = src_dict["id"]
        self.color = src_dict["color"]
        src_dict["parent"]  # present now, parsed when first read
        _set_parent(self, PENDING)
        self.tags = src_dict.get("tags", UNSET)
        # made_at: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_parent(src_dict: Mapping[str, Any]) -> ParentType0 | None:
    parent = src_dict["parent"]
    return None if parent is None else _models.ParentType0.from_dict(parent)


def _parse_made_at(src_dict: Mapping[str, Any]) -> datetime.datetime | Unset:
    made_at = src_dict.get("made_at", UNSET)
    return UNSET if made_at is UNSET else parse_datetime(made_at)


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_parent = getattr(Widget, "parent").__set__
setattr(Widget, "parent", LazyField(getattr(Widget, "parent"), _parse_parent))
setattr(Widget, "made_at", LazyField(getattr(Widget, "made_at"), _parse_made_at))
