# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.color import Color, check_color

T = TypeVar("T", bound="WidgetCreate")


@_attrs_define
class WidgetCreate:
    """What a new widget looks like.

    Attributes:
        color (Color): A widget's color.
    """

    color: Color

    def to_dict(self) -> dict[str, Any]:
        color: str = self.color

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "color": color,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        color = check_color(d.pop("color"))

        widget_create = cls(
            color=color,
        )

        return widget_create
