# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="FilePage")


@_attrs_define
class FilePage:
    """One page of storage entries.

    Attributes:
        items (list[FileInfo]): The entries on this page.
        has_next (bool): Whether another page follows.
        next_page_token (None | str): Pass as `page_token` to get the next page; null on the last page.
    """

    items: list[FileInfo]
    has_next: bool
    next_page_token: None | str

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        has_next = self.has_next

        next_page_token: None | str
        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "has_next": has_next,
                "next_page_token": next_page_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_info import FileInfo  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = FileInfo.from_dict(items_item_data)

            items.append(items_item)

        has_next = d.pop("has_next")

        def _parse_next_page_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_page_token = _parse_next_page_token(d.pop("next_page_token"))

        file_page = cls(
            items=items,
            has_next=has_next,
            next_page_token=next_page_token,
        )

        return file_page
