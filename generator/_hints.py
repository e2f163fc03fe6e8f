"""Checking the overlays' SDK hints and moving them where openapi-python-client templates can read them.

Templates see a response's `x-` fields (`response.data.model_extra`) but not an operation's, so every
operation-level `x-vantage-*` hint is moved onto each of the operation's 2xx responses.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ._overlay import Provenance
from ._spec import Document, GenerationError

__all__ = ["HINTS", "PAGINATION_FIELDS", "STREAM_KINDS", "place_hints"]

RETRY_SAFE = "x-vantage-retry-safe"
PAGINATION = "x-vantage-pagination"
STREAM = "x-vantage-stream"
HINTS = (RETRY_SAFE, PAGINATION, STREAM)
PAGINATION_FIELDS = ("items_field", "token_param", "next_token_field", "has_more_field")
# Each stream kind and the media type that must be on the operation's request (upload) or success response.
STREAM_KINDS = {
    "sse": "text/event-stream",
    "download": "application/octet-stream",
    "upload": "application/octet-stream",
}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class _Operation:
    """One operation of the contract, and how to report a problem with one of its hints."""

    spec: dict[str, Any]
    path: str
    method: str
    item: dict[str, Any]
    data: dict[str, Any]
    document: Document
    provenance: Provenance

    def fail(self, key: str, message: str) -> GenerationError:
        """An error about hint `key`, naming the overlay action that set it (or the contract's line)."""
        origin = self.provenance.of(self.data, key)
        if origin is None:
            return self.document.error(["paths", self.path, self.method, key], message)
        name = self.data.get("operationId", f"{self.method.upper()} {self.path}")
        return origin.error(f"{key} on {name}: {message}")

    def resolve(self, node: Any) -> Any:
        """`node`, following local `$ref`s (None when one points nowhere or loops)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            ref = node["$ref"]
            if ref in seen:
                return None
            seen.add(ref)
            node = self.spec
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                node = node.get(part) if isinstance(node, dict) else None
        return node

    def success_responses(self) -> dict[Any, dict[str, Any]]:
        """The 2xx responses by status code, resolved."""
        responses = self.data.get("responses") or {}
        return {
            code: self.resolve(response) or {}
            for code, response in responses.items()
            if len(str(code)) == 3 and str(code).startswith("2")
        }

    def has_parameter(self, where: str, name: str) -> bool:
        """Whether the operation (or its path) declares parameter `name` (case-insensitive) in `where`."""
        parameters = [*(self.item.get("parameters") or []), *(self.data.get("parameters") or [])]
        for parameter in parameters:
            resolved = self.resolve(parameter) or {}
            if resolved.get("in") == where and str(resolved.get("name", "")).lower() == name.lower():
                return True
        return False


def place_hints(spec: dict[str, Any], document: Document, provenance: Provenance) -> None:
    """Validate every operation's `x-vantage-*` hints and move them onto its 2xx responses (in place)."""
    for path, item in (spec.get("paths") or {}).items():
        for method in _METHODS:
            data = item.get(method) if isinstance(item, dict) else None
            if not isinstance(data, dict):
                continue
            hints = {k: v for k, v in data.items() if isinstance(k, str) and k.startswith("x-vantage-")}
            if not hints:
                continue
            operation = _Operation(spec, path, method, item, data, document, provenance)
            for key, value in hints.items():
                _check(operation, key, value)
            successes = operation.success_responses()
            if not successes:
                raise operation.fail(next(iter(hints)), "the operation has no 2xx response to carry its SDK hints")
            for key in hints:
                del data[key]
            for code, response in successes.items():
                # A shared component response is copied first so the hints stay on this operation.
                data["responses"][code] = {**copy.deepcopy(response), **copy.deepcopy(hints)}


def _check(operation: _Operation, key: str, value: Any) -> None:
    if key == RETRY_SAFE:
        if not isinstance(value, bool):
            raise operation.fail(key, "must be true or false")
        # A retried POST is only safe when the server can recognise the repeat by its Idempotency-Key.
        if value and operation.method == "post" and not operation.has_parameter("header", "Idempotency-Key"):
            raise operation.fail(key, "a POST is only retry-safe with an Idempotency-Key header parameter")
    elif key == PAGINATION:
        _check_pagination(operation, value)
    elif key == STREAM:
        _check_stream(operation, value)
    else:
        raise operation.fail(key, f"unknown SDK hint (known: {', '.join(HINTS)})")


def _check_pagination(operation: _Operation, value: Any) -> None:
    if not isinstance(value, dict) or sorted(value) != sorted(PAGINATION_FIELDS):
        raise operation.fail(PAGINATION, f"must be a mapping with exactly {', '.join(PAGINATION_FIELDS)}")
    if not all(isinstance(v, str) and v for v in value.values()):
        raise operation.fail(PAGINATION, "every field must be a non-empty string")
    if not operation.has_parameter("query", value["token_param"]):
        raise operation.fail(PAGINATION, f"token_param {value['token_param']!r} is not a query parameter")
    for response in operation.success_responses().values():
        media = (response.get("content") or {}).get("application/json") or {}
        properties = (operation.resolve(media.get("schema")) or {}).get("properties") or {}
        for name in ("items_field", "next_token_field", "has_more_field"):
            if value[name] not in properties:
                raise operation.fail(PAGINATION, f"{name} {value[name]!r} is not in the JSON success response")
        if (operation.resolve(properties[value["items_field"]]) or {}).get("type") != "array":
            raise operation.fail(PAGINATION, f"items_field {value['items_field']!r} is not an array")


def _check_stream(operation: _Operation, value: Any) -> None:
    if value not in STREAM_KINDS:
        raise operation.fail(STREAM, f"{value!r} is not one of {', '.join(STREAM_KINDS)}")
    media_type = STREAM_KINDS[value]
    if value == "upload":
        body = operation.resolve(operation.data.get("requestBody")) or {}
        if media_type not in (body.get("content") or {}):
            raise operation.fail(STREAM, f"the upload stream needs a {media_type} request body")
    elif not any(media_type in (r.get("content") or {}) for r in operation.success_responses().values()):
        raise operation.fail(STREAM, f"the {value} stream needs a {media_type} success response")
