# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Model

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.color import Color


T = TypeVar("T", bound="WidgetCreate")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "color",
    }
)


@_attrs_define(repr=False)
class WidgetCreate(Model):
    """What a new widget looks like.

    Attributes:
        color (Color): A widget's color.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = ("color",)

    color: Color | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "color": self.color,
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
        self.color = src_dict["color"]
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 1 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self
