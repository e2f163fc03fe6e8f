# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.color import Color, check_color
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parent_type_0 import ParentType0


T = TypeVar("T", bound="Widget")


@_attrs_define
class Widget:
    """A widget.

    Attributes:
        id (str):
        color (Color): A widget's color.
        parent (None | ParentType0): The parent widget's summary; null for a root widget.
        tags (list[str] | Unset): Free-form tags (added by the overlay).
    """

    id: str
    color: Color
    parent: None | ParentType0
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.parent_type_0 import ParentType0  # noqa: PLC0415

        id = self.id

        color: str = self.color

        parent: dict[str, Any] | None
        if isinstance(self.parent, ParentType0):
            parent = self.parent.to_dict()
        else:
            parent = self.parent

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "color": color,
                "parent": parent,
            }
        )
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parent_type_0 import ParentType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        color = check_color(d.pop("color"))

        def _parse_parent(data: object) -> None | ParentType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_parent_type_0 = ParentType0.from_dict(data)

                return componentsschemas_parent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParentType0, data)

        parent = _parse_parent(d.pop("parent"))

        tags = cast(list[str], d.pop("tags", UNSET))

        widget = cls(
            id=id,
            color=color,
            parent=parent,
            tags=tags,
        )

        return widget
