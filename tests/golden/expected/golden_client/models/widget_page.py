# generated from tests/golden/fixture.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.widget import Widget


T = TypeVar("T", bound="WidgetPage")


@_attrs_define
class WidgetPage:
    """One page of widgets.

    Attributes:
        widgets (list[Widget]):
        more (bool):
        next_cursor (None | str):
    """

    widgets: list[Widget]
    more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        widgets = []
        for widgets_item_data in self.widgets:
            widgets_item = widgets_item_data.to_dict()
            widgets.append(widgets_item)

        more = self.more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "widgets": widgets,
                "more": more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.widget import Widget  # noqa: PLC0415

        d = dict(src_dict)
        widgets = []
        _widgets = d.pop("widgets")
        for widgets_item_data in _widgets:
            widgets_item = Widget.from_dict(widgets_item_data)

            widgets.append(widgets_item)

        more = d.pop("more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        widget_page = cls(
            widgets=widgets,
            more=more,
            next_cursor=next_cursor,
        )

        return widget_page
