# generated from openapi/vantage.yaml by `python -m generator`, do not edit
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.batch_cancel_item import BatchCancelItem


T = TypeVar("T", bound="BatchCancelResult")


@_attrs_define
class BatchCancelResult:
    """The outcome for each job of a batch cancel.

    Attributes:
        results (list[BatchCancelItem]): One result per requested job, in request order.
    """

    results: list[BatchCancelItem]

    def to_dict(self) -> dict[str, Any]:
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_cancel_item import BatchCancelItem  # noqa: PLC0415

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = BatchCancelItem.from_dict(results_item_data)

            results.append(results_item)

        batch_cancel_result = cls(
            results=results,
        )

        return batch_cancel_result
