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
    from ..models.batch_cancel_item import BatchCancelItem


T = TypeVar("T", bound="BatchCancelResult")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "results",
    }
)


@_attrs_define(repr=False)
class BatchCancelResult(Model):
    """The outcome for each job of a batch cancel.

    Attributes:
        results (list[BatchCancelItem]): One result per requested job, in request order.
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = ("results",)

    results: list[BatchCancelItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "results": [item0.to_dict() for item0 in self.results],
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
        src_dict["results"]  # present now, parsed when first read
        _set_results(self, PENDING)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 1 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_results(src_dict: Mapping[str, Any]) -> list[BatchCancelItem]:
    results = src_dict["results"]
    return [_models.BatchCancelItem.from_dict(item0) for item0 in results]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
_set_results = getattr(BatchCancelResult, "results").__set__
setattr(BatchCancelResult, "results", LazyField(getattr(BatchCancelResult, "results"), _parse_results))
