# generated from openapi/vantage.yaml by `python -m generator`, do not edit


from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import models as _models  # each model's module is imported on its first use (see models/__init__.py)
from ..types import UNSET, LazyField, Model, Unset

# For type checkers: at run time the fields that hold these are parsed on first read, through _models.
if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="Problem")
_new = object.__new__

# The fields this model knows; any other field of a response lands in additional_properties.
_KNOWN = frozenset(
    {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "errors",
        "request_id",
    }
)


@_attrs_define(repr=False)
class Problem(Model):
    """An RFC 9457 problem detail.

    Attributes:
        type_ (str): A URI naming the kind of problem.
        title (str): A short summary of the kind of problem.
        status (int): The HTTP status code.
        detail (str | Unset): What went wrong in this occurrence, for people.
        instance (str | Unset): The request path that failed.
        code (str | Unset): A stable machine-readable error code.
        errors (list[FieldError] | Unset): Field-level details.
        request_id (str | Unset): The request's id (also the X-Request-ID header).
        additional_properties (dict[str, Any]): Fields this client does not know, as sent by the server
            (kept, and sent back by to_dict()); also reachable as ``model["name"]``.
    """

    _FIELDS = (
        "type_",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "errors",
        "request_id",
    )

    type_: str
    title: str
    status: int
    detail: str | Unset = UNSET
    instance: str | Unset = UNSET
    code: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    # The JSON data of a model built by from_dict, until every field left for its first read is read.
    _lazy_src: Mapping[str, Any] | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, in the API's wire format (unset fields left out)."""
        field_dict: dict[str, Any] = {
            "type": self.type_,
            "title": self.title,
            "status": self.status,
        }
        if not isinstance(self.detail, Unset):
            field_dict["detail"] = self.detail
        if not isinstance(self.instance, Unset):
            field_dict["instance"] = self.instance
        if not isinstance(self.code, Unset):
            field_dict["code"] = self.code
        if not isinstance(self.errors, Unset):
            field_dict["errors"] = [item0.to_dict() for item0 in self.errors]
        if not isinstance(self.request_id, Unset):
            field_dict["request_id"] = self.request_id
        for key, value in self.additional_properties.items():
            field_dict.setdefault(key, value)
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build the model from JSON data; unknown fields are kept in ``additional_properties``.

        Timestamps and nested models are parsed when first read (the data is kept until then).
        """
        self = _new(cls)
        self.type_ = src_dict["type"]
        self.title = src_dict["title"]
        self.status = src_dict["status"]
        self.detail = src_dict.get("detail", UNSET)
        self.instance = src_dict.get("instance", UNSET)
        self.code = src_dict.get("code", UNSET)
        # errors: left unset, parsed (to UNSET when absent) on first read, see LazyField.
        self.request_id = src_dict.get("request_id", UNSET)
        self._lazy_src = src_dict
        # Every required field was read above, so a response of exactly that many fields has no others.
        if len(src_dict) > 3 and not _KNOWN.issuperset(src_dict):
            self.additional_properties = {key: value for key, value in src_dict.items() if key not in _KNOWN}
        else:
            self.additional_properties = {}
        return self


def _parse_errors(src_dict: Mapping[str, Any]) -> list[FieldError] | Unset:
    errors = src_dict.get("errors", UNSET)
    return UNSET if errors is UNSET else [_models.FieldError.from_dict(item0) for item0 in errors]


# The required fields' slot setters, for from_dict; then each such field reads through a LazyField,
# which parses the field's JSON data on the first read (while the slot holds PENDING, or is still
# unset for an optional field) and keeps the result in the slot.
setattr(Problem, "errors", LazyField(getattr(Problem, "errors"), _parse_errors))
